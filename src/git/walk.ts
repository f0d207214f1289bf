/**
 * Walking the work tree for files Git does not track: untracked files, and
 * untracked directories collapsed to "dir/" when they hold at least one
 * file that is not ignored (Git's default -unormal).
 */
import { lstatSync, readdirSync, type Dirent } from "node:fs";
import type { IgnoreMatcher } from "./ignore.ts";

/** Tracked paths and the directories that contain them. */
export interface TrackedSet {
  files: Set<string>;
  dirs: Set<string>;
}

/** The tracked set of a list of index paths. */
export function trackedSet(paths: Iterable<string>): TrackedSet {
  // A Set of paths is used as is (status already built one).
  const given = paths instanceof Set;
  const files = given ? (paths as Set<string>) : new Set<string>();
  const dirs = new Set<string>();
  let lastDir = "";
  for (const p of paths) {
    if (!given) files.add(p);
    const slash = p.lastIndexOf("/");
    if (slash < 0) continue;
    const dir = p.slice(0, slash);
    // Index paths are sorted: consecutive files usually share their directory.
    if (dir === lastDir) continue;
    lastDir = dir;
    for (let i = p.indexOf("/"); i >= 0 && i <= slash; i = p.indexOf("/", i + 1)) dirs.add(p.slice(0, i));
  }
  return { files, dirs };
}

function list(abs: string): Dirent[] {
  try {
    return readdirSync(abs, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** True when `rel` (an untracked directory) holds a file that is not ignored, or is a nested repository. */
function hasVisibleFile(workTree: string, rel: string, ignore: IgnoreMatcher): boolean {
  const entries = list(`${workTree}/${rel}`);
  for (const e of entries) if (e.name === ".git") return true;
  for (const e of entries) {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) {
      if (!ignore.isIgnored(child, true) && hasVisibleFile(workTree, child, ignore)) return true;
    } else if (!ignore.isIgnored(child, false)) return true;
  }
  return false;
}

/** Options for untracked-file collection. */
export interface UntrackedOptions {
  /** Start below this directory ("" = the whole tree). */
  under?: string;
  /** List every file instead of collapsing untracked directories (-uall, and `add`). */
  all?: boolean;
  /** Tracked files that are directories in the work tree now (their contents are untracked). */
  nowDirs?: Set<string>;
}

/** Untracked paths (directories end in "/" unless `all`), unsorted. */
export function untracked(workTree: string, tracked: TrackedSet, ignore: IgnoreMatcher, options: UntrackedOptions = {}): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    // Names only: tracked files (most of them) need no type, so no Dirent per file.
    let names: string[];
    try {
      names = readdirSync(rel === "" ? workTree : `${workTree}/${rel}`);
    } catch {
      return;
    }
    for (const name of names) {
      if (name === ".git") continue;
      const child = rel === "" ? name : `${rel}/${name}`;
      if (tracked.files.has(child) && !options.nowDirs?.has(child)) continue;
      if (tracked.dirs.has(child)) {
        walk(child);
        continue;
      }
      let isDir = false;
      try {
        isDir = lstatSync(`${workTree}/${child}`).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        if (ignore.isIgnored(child, true)) continue;
        if (options.all) {
          if (list(`${workTree}/${child}`).some((x) => x.name === ".git")) out.push(`${child}/`);
          else walk(child);
        } else if (hasVisibleFile(workTree, child, ignore)) out.push(`${child}/`);
      } else if (!tracked.files.has(child) && !ignore.isIgnored(child, false)) out.push(child);
    }
  };
  const start = (options.under ?? "").replace(/\/$/, "");
  walk(start);
  return out;
}
