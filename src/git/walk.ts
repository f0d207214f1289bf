/**
 * Walking the work tree for files Git does not track: untracked files, and
 * untracked directories collapsed to "dir/" when they hold at least one
 * file that is not ignored (Git's default -unormal).
 */
import type { Dirent } from "node:fs";
import { listTyped, nodeFs, type TypedListing } from "../sys/index.ts";
import type { IgnoreMatcher } from "./ignore.ts";
import { compareBytes } from "./objects.ts";
import type { Pathspec } from "./pathspec.ts";

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
    return nodeFs().readdirSync(abs, { withFileTypes: true });
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
  /** Counts a directory's names other than ".git" without listing them (-1: unknown); lets untrackedFromIndex skip name lists. */
  countNames?: (abs: string, dir: DirCount) => number;
}

/** Untracked paths (directories end in "/" unless `all`), unsorted. */
export function untracked(workTree: string, tracked: TrackedSet, ignore: IgnoreMatcher, options: UntrackedOptions = {}): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const listing = names0(workTree, rel);
    if (listing) visit(workTree, rel, listing, () => tracked, ignore, options, out, walk);
  };
  const start = (options.under ?? "").replace(/\/$/, "");
  walk(start);
  return out;
}

/** A directory's names, with the types its entries record (no lstat, no Dirent per name). */
function names0(workTree: string, rel: string): TypedListing | undefined {
  return listTyped(rel === "" ? workTree : `${workTree}/${rel}`);
}

/** Classifies the names of directory `rel`: tracked files are skipped, tracked directories walked, the rest reported. */
function visit(workTree: string, rel: string, listing: TypedListing, trackedOf: () => TrackedSet, ignore: IgnoreMatcher, options: UntrackedOptions, out: string[], walk: (rel: string) => void): void {
  const tracked = trackedOf();
  const names = listing.names;
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    if (name === ".git") continue;
    const child = rel === "" ? name : `${rel}/${name}`;
    if (tracked.files.has(child) && !options.nowDirs?.has(child)) continue;
    // The directory entry's type; a file system that records none is asked by lstat.
    let isDir = listing.isDir(k);
    if (isDir === undefined) {
      try {
        isDir = nodeFs().lstatSync(`${workTree}/${child}`).isDirectory();
      } catch {
        continue;
      }
    }
    // A tracked directory is walked; one that is a file now is an untracked file like any other.
    if (isDir && tracked.dirs.has(child)) {
      walk(child);
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
}

/** A tracked directory's present children, for untrackedFromCounts. */
export interface DirCount {
  /** Direct children that are on disk: present tracked files and directories holding one. */
  count: number;
  subdirs: string[];
  /** Its position in the cache tree (pre-order), when it came from one. */
  index?: number;
}

/**
 * `untracked` for status, from the sorted index paths and which of them are
 * present (`gone(k)` is true for a tracked path missing from the work tree).
 * A directory whose listing has exactly as many names as it has present
 * tracked children holds nothing untracked (each present child is one of
 * those names), so only its tracked subdirectories are walked; any other
 * directory is checked name by name as `untracked` does.
 */
export function untrackedFromIndex(workTree: string, paths: readonly string[], gone: (k: number) => boolean, ignore: IgnoreMatcher, options: UntrackedOptions = {}): string[] {
  const root: DirCount = { count: 0, subdirs: [] };
  const dirs = new Map<string, DirCount>([["", root]]);
  const ensure = (dir: string): DirCount => {
    let d = dirs.get(dir);
    if (d) return d;
    d = { count: 0, subdirs: [] };
    dirs.set(dir, d);
    const slash = dir.lastIndexOf("/");
    const parent = ensure(slash < 0 ? "" : dir.slice(0, slash));
    parent.count++;
    parent.subdirs.push(dir);
    return d;
  };
  let cur = root;
  let curPrefix = "";
  let last: string | undefined;
  // -uall lists the files of a tracked file that became a directory, as git does.
  const nowDirs = options.all ? new Set<string>() : undefined;
  for (let k = 0; k < paths.length; k++) {
    const p = paths[k]!;
    // Conflict stages repeat a path.
    if (p === last) continue;
    last = p;
    if (gone(k)) {
      nowDirs?.add(p);
      continue;
    }
    // Sorted paths: files of one directory are usually consecutive.
    if (p.startsWith(curPrefix) && p.indexOf("/", curPrefix.length) < 0) {
      cur.count++;
      continue;
    }
    const slash = p.lastIndexOf("/");
    const dir = slash < 0 ? "" : p.slice(0, slash);
    cur = ensure(dir);
    curPrefix = slash < 0 ? "" : `${dir}/`;
    cur.count++;
  }
  const opts = nowDirs?.size ? { ...options, nowDirs } : options;
  return untrackedFromCounts(workTree, dirs, () => paths, ignore, opts);
}

/**
 * The walk of untrackedFromIndex from each tracked directory's count of
 * present children ("" is the top); `paths()` gives the sorted index paths,
 * asked only when a directory holds names it does not count.
 */
export function untrackedFromCounts(workTree: string, dirs: Map<string, DirCount>, paths: () => readonly string[], ignore: IgnoreMatcher, opts: UntrackedOptions = {}): string[] {
  let tracked: TrackedSet | undefined;
  const trackedOf = () => (tracked ??= trackedSet(paths()));
  const out: string[] = [];
  const none: DirCount = { count: 0, subdirs: [] };
  const count = opts.countNames;
  const walk = (rel: string) => {
    const d = dirs.get(rel) ?? none;
    if (count && count(rel === "" ? workTree : `${workTree}/${rel}`, d) === d.count) {
      for (const sub of d.subdirs) walk(sub);
      return;
    }
    const listing = names0(workTree, rel);
    if (!listing) return;
    const names = listing.names;
    if (names.length - (names.includes(".git") ? 1 : 0) === d.count) {
      for (const sub of d.subdirs) walk(sub);
      return;
    }
    visit(workTree, rel, listing, trackedOf, ignore, opts, out, walk);
  };
  walk("");
  return out;
}

/**
 * The ignored paths status --ignored shows (git's "traditional" mode), sorted:
 * ignored files, a directory an ignore rule matches as "dir/", and an
 * untracked directory holding nothing but ignored files as "dir/" too;
 * inside an untracked directory that also holds files to report, its
 * ignored ones one by one. With `all` (-uall) every ignored file is listed
 * on its own, inside ignored directories too. With `matching` (git's
 * --ignored=matching) only what a rule names: an ignored directory as
 * "dir/", each ignored file elsewhere, nothing collapsed. Nested
 * repositories are skipped.
 */
export function ignoredPaths(workTree: string, tracked: TrackedSet, ignore: IgnoreMatcher, all: boolean, matching = false): string[] {
  const out: string[] = [];
  const filesUnder = (rel: string) => {
    const listing = names0(workTree, rel);
    if (!listing) return;
    listing.names.forEach((name, k) => {
      const child = `${rel}/${name}`;
      if (listing.isDir(k) ?? nodeFs().lstatSync(`${workTree}/${child}`).isDirectory()) filesUnder(child);
      else out.push(child);
    });
  };
  const hasFile = (rel: string): boolean => {
    const listing = names0(workTree, rel);
    return !!listing && listing.names.some((name, k) => !(listing.isDir(k) ?? nodeFs().lstatSync(`${workTree}/${rel}/${name}`).isDirectory()) || hasFile(`${rel}/${name}`));
  };
  const walk = (rel: string) => {
    const listing = names0(workTree, rel);
    if (!listing) return;
    listing.names.forEach((name, k) => {
      if (name === ".git") return;
      const child = rel === "" ? name : `${rel}/${name}`;
      if (tracked.files.has(child)) return;
      const isDir = listing.isDir(k) ?? nodeFs().lstatSync(`${workTree}/${child}`).isDirectory();
      if (!isDir) {
        if (ignore.isIgnored(child, false)) out.push(child);
        return;
      }
      if (tracked.dirs.has(child)) return walk(child);
      if (list(`${workTree}/${child}`).some((e) => e.name === ".git")) return;
      if (ignore.isIgnored(child, true)) {
        if (all && !matching) filesUnder(child);
        else out.push(`${child}/`);
        return;
      }
      // An untracked directory: wholly ignored content is the directory itself (without -uall or matching); else look inside.
      if (!all && !matching && !hasVisibleFile(workTree, child, ignore)) {
        if (hasFile(child)) out.push(`${child}/`);
        return;
      }
      walk(child);
    });
  };
  walk("");
  return out.sort();
}

/** What `git clean` looks for (its dir.c flags). */
export interface CleanWalkOptions {
  /** -X: only ignored paths (DIR_SHOW_IGNORED): an untracked directory holding nothing but ignored paths counts as one. */
  ignoredOnly: boolean;
  /**
   * -d or a pathspec (DIR_SHOW_IGNORED_TOO with KEEP_UNTRACKED_CONTENTS): an
   * untracked directory that holds an ignored path is not a candidate
   * itself; its untracked contents are, one by one.
   */
  directories: boolean;
  /** -ff: a nested repository is an untracked directory like any other (else it is passed over, DIR_SKIP_NESTED_GIT). */
  nested: boolean;
  /** The pathspec: a directory it names is a candidate whole; one it leads into is looked into. */
  spec: Pathspec;
  /** True when the work-tree directory `rel` is a repository of its own. */
  isRepository: (rel: string) => boolean;
}

/**
 * The paths `git clean` would remove (fill_directory and
 * correct_untracked_entries), sorted: untracked files (ignored ones with
 * -X), and untracked directories as "dir/", each of which the caller
 * removes whole (or skips without -d).
 */
export function cleanCandidates(workTree: string, tracked: TrackedSet, ignore: IgnoreMatcher, options: CleanWalkOptions): string[] {
  const out: string[] = [];
  const { spec } = options;
  const isDirAt = (listing: TypedListing, k: number, child: string) => listing.isDir(k) ?? nodeFs().lstatSync(`${workTree}/${child}`).isDirectory();
  /** Calls `fn` for each name of `rel` but ".git", with its path and whether it is a directory. */
  const each = (rel: string, fn: (child: string, isDir: boolean) => boolean | void): boolean => {
    const listing = names0(workTree, rel);
    if (!listing) return false;
    for (let k = 0; k < listing.names.length; k++) {
      const name = listing.names[k]!;
      if (name === ".git") continue;
      const child = rel === "" ? name : `${rel}/${name}`;
      if (fn(child, isDirAt(listing, k, child)) === true) return true;
    }
    return false;
  };
  // Nested repositories are opaque: not looked into, neither ignored nor untracked contents.
  const opaque = (dir: string) => options.isRepository(dir);
  /** An untracked directory holds an ignored path (a directory an ignore rule matches counts, and is not looked into). */
  const holdsIgnored = (dir: string): boolean =>
    each(dir, (child, isDir) => ignore.isIgnored(child, isDir) || (isDir && !opaque(child) && holdsIgnored(child)));
  /** An untracked directory holds something, and only ignored paths. */
  const onlyIgnored = (dir: string): boolean => {
    let any = false;
    const other = each(dir, (child, isDir) => {
      any = true;
      if (ignore.isIgnored(child, isDir)) return false;
      return !(isDir && !opaque(child) && onlyIgnored(child));
    });
    return any && !other;
  };
  const walk = (rel: string) =>
    each(rel, (child, isDir) => {
      if (!isDir) {
        if (!tracked.files.has(child) && spec.matches(child) && ignore.isIgnored(child, false) === options.ignoredOnly) out.push(child);
        return;
      }
      if (tracked.dirs.has(child)) {
        if (spec.mayMatchUnder(child)) walk(child);
        return;
      }
      if (tracked.files.has(child)) return;
      const nested = opaque(child);
      if (nested && !options.nested) return;
      if (!spec.matchesDirectory(child)) {
        // A pathspec leading into the directory: its contents are looked at one by one.
        if (!nested && spec.mayMatchUnder(child)) walk(child);
        return;
      }
      const ignored = ignore.isIgnored(child, true);
      if (options.ignoredOnly) {
        if (ignored || (!nested && onlyIgnored(child))) out.push(`${child}/`);
        else if (!nested) walk(child);
      } else if (!ignored) {
        if (options.directories && !nested && holdsIgnored(child)) walk(child);
        else out.push(`${child}/`);
      }
    });
  walk("");
  return out.sort(compareBytes);
}
