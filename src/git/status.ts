/**
 * `git status`: HEAD vs index vs work tree, using the index's stat data to
 * skip hashing unchanged files (refreshing the index as Git does), and the
 * long, short and porcelain v1 formats byte for byte.
 */
import { exists, openLibc } from "../sys/index.ts";
import type { IndexEntry } from "./index-file.ts";
import { ignoreRules } from "./ignore-rules.ts";
import type { IgnoreMatcher } from "./ignore.ts";
import { quotePath, relativePath } from "./quote.ts";
import type { Repository } from "./repo.ts";
import { detectRenames } from "./rename.ts";
import { filesBeyondCacheTree, type FileEntry, type TreeChange } from "./tree.ts";
import { untrackedFromCounts, untrackedFromIndex, type DirCount } from "./walk.ts";
import { quickScan, type QuickScan } from "./status-quick.ts";
import { stagedChanges, type StagedChange } from "./status-staged.ts";
import { compareStatFast, compareStatx, hashFile, lstatFast, lstatQuiet, modeOf, refreshStat } from "./worktree.ts";

/** One changed path: X (index vs HEAD) and Y (work tree vs index), as in the short format. */
export interface StatusEntry {
  path: string;
  x: string;
  y: string;
  /** The source path of a rename ("R"). */
  from?: string;
}

/** Everything status reports. */
export interface StatusResult {
  branch: string | undefined;
  head: string | undefined;
  entries: StatusEntry[];
  untracked: string[];
  /** status --ignored's list (undefined without it). */
  ignored?: string[];
  merging: boolean;
}

/** The work-tree state of each stage-0 entry: undefined = unchanged, "M", "D" or "T". */
export function worktreeChanges(repo: Repository, entries: IndexEntry[], indexMtimeNs: bigint): { changes: Map<string, string>; refreshed: boolean } {
  const filemode = repo.config.getBool("core.filemode", true);
  const changes = new Map<string, string>();
  let refreshed = false;
  const wt = repo.workTree;
  const indexMtimeMs = Number(indexMtimeNs) / 1e6;
  // Paths relative to the process directory when it is the top: shorter lookups, no string building.
  const base = process.cwd() === wt ? "" : `${wt}/`;
  const sx = openLibc();
  const indexS = Number(indexMtimeNs / 1_000_000_000n);
  const indexNs = Number(indexMtimeNs % 1_000_000_000n);
  for (const e of entries) {
    if (e.stage !== 0) continue;
    if (sx) {
      // statx: exact stat data in a reused buffer.
      if (!sx.lstat(base === "" ? e.path : base + e.path) || (sx.words[7]! & 0o170000) === 0o040000) {
        changes.set(e.path, "D");
        continue;
      }
      if ((e.mode & 0o170000) === 0o160000) continue;
      if (compareStatx(e, sx.words, indexS, indexNs, filemode) === "clean") continue;
    } else {
      const fast = lstatFast(base === "" ? e.path : base + e.path);
      if (!fast || (fast.mode & 0o170000) === 0o040000) {
        changes.set(e.path, "D");
        continue;
      }
      if ((e.mode & 0o170000) === 0o160000) continue;
      if (compareStatFast(e, fast, indexMtimeMs, filemode) === "clean") continue;
    }
    if (contentCheck(wt, e, filemode, changes)) refreshed = true;
  }
  return { changes, refreshed };
}

/**
 * An entry whose stat data differ: exact (nanosecond) stat data and, when
 * the type still matches, the content decide; "D", "T" or "M" go into
 * `changes`. True when the file is unchanged and the entry was refreshed.
 */
function contentCheck(wt: string, e: IndexEntry, filemode: boolean, changes: Map<string, string>): boolean {
  const st = lstatQuiet(`${wt}/${e.path}`);
  const mode = st && modeOf(st, filemode, e.mode);
  if (!st || mode === undefined) {
    changes.set(e.path, "D");
    return false;
  }
  if ((mode & 0o170000) !== (e.mode & 0o170000)) {
    changes.set(e.path, "T");
    return false;
  }
  const { oid } = hashFile(`${wt}/${e.path}`, st);
  if (oid !== e.oid || mode !== e.mode) {
    changes.set(e.path, "M");
    return false;
  }
  refreshStat(e, st);
  return true;
}

/** Computes status; refreshes the index file's stat data when it can take the lock. */
export function computeStatus(repo: Repository, options: { untracked?: boolean; allUntracked?: boolean; entries?: IndexEntry[] } = {}): StatusResult {
  // One scan of the index against the work tree serves both paths: when the cache tree is HEAD's tree only the
  // work tree can differ (quickStatus); otherwise the general path below takes its changes.
  const head0 = options.entries ? undefined : repo.head();
  const quick = options.entries ? undefined : quickChanges(repo, () => (head0 ? repo.commit(head0).tree : undefined), false);
  if (quick && head0 && !quick.refreshed) {
    if (quick.scan.isHead) return quickStatus(repo, head0, quick, [], options);
    // Something is staged: the cache tree narrows the comparison with HEAD to the directories it changed in.
    const staged = stagedChanges(repo, quick.scan, repo.commit(head0).tree);
    if (staged) return quickStatus(repo, head0, quick, staged, options);
  }
  // A partial commit shows the status of the index it would commit.
  const state = options.entries ? { entries: options.entries, mtimeNs: 0n, rootTree: undefined, tree: undefined } : repo.readIndex();
  const { entries, mtimeNs } = state;
  const head = repo.head();
  const headTree = head ? repo.commit(head).tree : undefined;
  // A valid cache tree equal to HEAD's tree proves the index matches HEAD: no trees to read.
  const indexIsHead = headTree !== undefined && state.rootTree === headTree;
  // Directories the cache tree still vouches for with HEAD's very tree id hold exactly HEAD's entries: their
  // trees need not be read (after `add` of a few files, most of them).
  const { files: headFiles, cached: inSameDir } = head && !indexIsHead ? filesBeyondCacheTree(repo, headTree, state.tree) : { files: new Map<string, FileEntry>(), cached: () => false };
  // The work tree's side from the index bytes (with the stat helper), unless a content check would refresh entries
  // (this path then rewrites the index with them) or the index is one the quick scan does not take.
  const { changes, refreshed } = quick && !quick.refreshed ? quick : worktreeChanges(repo, entries, mtimeNs);
  if (refreshed && !options.entries) {
    try {
      const lock = repo.lockIndex();
      repo.writeIndex(lock, entries, state.tree);
    } catch {}
  }
  const out: StatusEntry[] = [];
  const stages = new Map<string, number>();
  const seen = new Set<string>();
  // Only a HEAD with trees of its own needs the set (its paths missing from the index are deletions).
  const trackSeen = headFiles.size > 0;
  for (const e of entries) {
    if (trackSeen) seen.add(e.path);
    if (e.stage !== 0) {
      stages.set(e.path, (stages.get(e.path) ?? 0) | (1 << (e.stage - 1)));
      continue;
    }
    const h = indexIsHead || inSameDir(e.path) ? e : headFiles.get(e.path);
    let x = " ";
    if (!h) x = "A";
    else if ((h.mode & 0o170000) !== (e.mode & 0o170000)) x = "T";
    else if (h.oid !== e.oid || h.mode !== e.mode) x = "M";
    const y = changes.size === 0 ? " " : (changes.get(e.path) ?? " ");
    if (x !== " " || y !== " ") out.push({ path: e.path, x, y });
  }
  const UNMERGED = ["", "DD", "AU", "UD", "UA", "DU", "AA", "UU"];
  for (const [path, mask] of stages) {
    const code = UNMERGED[mask]!;
    out.push({ path, x: code[0]!, y: code[1]! });
  }
  for (const [path] of headFiles) if (!seen.has(path)) out.push({ path, x: "D", y: " " });
  let byPath: Map<string, IndexEntry> | undefined;
  const indexOf = (path: string) => (byPath ??= new Map(entries.filter((e) => e.stage === 0).map((e) => [e.path, e]))).get(path);
  pairRenames(repo, out, (e) => !stages.has(e.path), (path) => headFiles.get(path), indexOf);
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const paths = entries.map((e) => e.path);
  const untrackedList = untrackedOf(repo, { paths: () => paths, gone: undefined, dirs: undefined }, changes, options);
  return { branch: repo.currentBranch(), head, entries: out, untracked: untrackedList, merging: exists(repo.path("MERGE_HEAD")) };
}

/**
 * Staged additions and deletions in `out` (those `candidate` allows) that are
 * really renames (diff.renames, on by default) become one "R" entry, as in git.
 */
function pairRenames(repo: Repository, out: StatusEntry[], candidate: (e: StatusEntry) => boolean, headOf: (path: string) => FileEntry | undefined, indexOf: (path: string) => FileEntry | undefined): void {
  const adds = out.filter((e) => e.x === "A" && candidate(e));
  const dels = out.filter((e) => e.x === "D" && candidate(e));
  if (!adds.length || !dels.length) return;
  const changes: TreeChange[] = [
    ...dels.map((e) => ({ path: e.path, old: headOf(e.path) })),
    ...adds.map((e) => {
      const f = indexOf(e.path)!;
      return { path: e.path, new: { mode: f.mode, oid: f.oid } };
    }),
  ];
  const renamed = detectRenames(changes, (f) => repo.readTyped(f.oid, "blob")).filter((c) => c.from !== undefined);
  if (!renamed.length) return;
  const gone = new Set(renamed.map((c) => c.from!));
  const to = new Map(renamed.map((c) => [c.path, c.from!]));
  for (let k = out.length - 1; k >= 0; k--) {
    const e = out[k]!;
    if (e.x === "D" && gone.has(e.path)) out.splice(k, 1);
    else if (e.x === "A" && to.has(e.path)) {
      e.x = "R";
      e.from = to.get(e.path);
    }
  }
}

/**
 * Untracked paths, sorted. Index path k is gone from the work tree when `gone[k]` is 1 or `changes` says "D";
 * `dirs` (each directory's present children) spares the walk over every path.
 */
function untrackedOf(
  repo: Repository,
  index: { paths: () => string[]; gone: Uint8Array | undefined; dirs: Map<string, DirCount> | undefined; countNames?: (abs: string, dir: DirCount) => number },
  changes: Map<string, string>,
  options: { untracked?: boolean; allUntracked?: boolean },
): string[] {
  if (options.untracked === false) return [];
  // Loaded on first use: a clean tree never asks.
  let rules: IgnoreMatcher | undefined;
  const ignore = { isIgnored: (rel: string, isDir: boolean) => (rules ??= ignoreRules(repo)).isIgnored(rel, isDir) } as IgnoreMatcher;
  // A tracked file that became a directory hides that directory's contents from status, as in git's dir.c.
  const sx = openLibc();
  const opts = { all: options.allUntracked, countNames: index.countNames ?? (sx && ((abs: string) => sx.countNames(abs))) };
  const { gone, dirs } = index;
  // The counts hold while no path is gone (a content check can still find one deleted).
  if (dirs && ![...changes.values()].includes("D")) return untrackedFromCounts(repo.workTree, dirs, index.paths, ignore, opts).sort();
  const paths = index.paths();
  const isGone = (k: number) => gone?.[k] === 1 || (changes.size !== 0 && changes.get(paths[k]!) === "D");
  return untrackedFromIndex(repo.workTree, paths, isGone, ignore, opts).sort();
}

/**
 * The work tree's changes against an index that is exactly tree `headTree()`
 * (its cache tree says so), from the quick scan: "M", "D" or "T" per path,
 * gone paths included. `refreshed` is true when an entry's content proved
 * unchanged although its stat data differ (a caller that rewrites the index
 * would refresh it). Undefined when the quick scan does not apply.
 */
export function quickChanges(repo: Repository, headTree: () => string | undefined, requireHead = true): QuickChanges | undefined {
  const filemode = repo.config.getBool("core.filemode", true);
  const scan = quickScan(repo, headTree, filemode, requireHead);
  if (!scan) return undefined;
  const changes = new Map<string, string>();
  let refreshed = false;
  for (const e of scan.unsure) if (contentCheck(repo.workTree, e, filemode, changes)) refreshed = true;
  for (const path of scan.modified) changes.set(path, "M");
  if (!scan.dirs && scan.gone.includes(1)) {
    const paths = scan.paths();
    for (let k = 0; k < paths.length; k++) if (scan.gone[k]) changes.set(paths[k]!, "D");
  }
  return { scan, changes, refreshed };
}

/** What quickChanges found. */
export interface QuickChanges {
  scan: QuickScan;
  changes: Map<string, string>;
  refreshed: boolean;
}

/** Status from the quick scan: the work tree's changes, what is `staged` (nothing when the index is HEAD's tree), and untracked files. */
function quickStatus(repo: Repository, head: string, quick: QuickChanges, staged: StagedChange[], options: { untracked?: boolean; allUntracked?: boolean }): StatusResult {
  const { scan: q, changes } = quick;
  const out: StatusEntry[] = [];
  for (const s of staged) out.push({ path: s.path, x: s.x, y: changes.get(s.path) ?? " " });
  if (staged.length) {
    const sides = new Map(staged.map((s) => [s.path, s]));
    pairRenames(repo, out, () => true, (path) => sides.get(path)?.head, (path) => sides.get(path)?.index);
    for (const [path, y] of changes) if (!sides.has(path)) out.push({ path, x: " ", y });
  } else for (const [path, y] of changes) out.push({ path, x: " ", y });
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const untrackedList = untrackedOf(repo, q, changes, options);
  return { branch: repo.currentBranch(), head, entries: out, untracked: untrackedList, merging: exists(repo.path("MERGE_HEAD")) };
}

/** Porcelain v1 (paths from the top) or short format (paths relative to `prefix`); `branch` adds the "## master" header (-b). */
export function formatShort(s: StatusResult, prefix = "", branch = false): string {
  let out = "";
  if (branch) out += s.branch === undefined ? "## HEAD (no branch)\n" : s.head ? `## ${s.branch}\n` : `## No commits yet on ${s.branch}\n`;
  for (const e of s.entries) {
    const from = e.from !== undefined ? `${quotePath(relativePath(e.from, prefix), true)} -> ` : "";
    out += `${e.x}${e.y} ${from}${quotePath(relativePath(e.path, prefix), true)}\n`;
  }
  for (const u of s.untracked) out += `?? ${quotePath(relativePath(u, prefix), true)}\n`;
  for (const u of s.ignored ?? []) out += `!! ${quotePath(relativePath(u, prefix), true)}\n`;
  return out;
}

const STAGED_LABEL: Record<string, string> = { A: "new file:", M: "modified:", D: "deleted:", T: "typechange:", R: "renamed:" };
const UNMERGED_LABEL: Record<string, string> = {
  DD: "both deleted:",
  AU: "added by us:",
  UD: "deleted by them:",
  UA: "added by them:",
  DU: "deleted by us:",
  AA: "both added:",
  UU: "both modified:",
};

/** Git's long format. `detached` describes a detached HEAD ("HEAD detached at abc1234"). */
export function formatLong(s: StatusResult, options: { prefix?: string; detached?: string; untrackedHidden?: boolean; forCommit?: boolean } = {}): string {
  const prefix = options.prefix ?? "";
  const lines: string[] = [];
  lines.push(s.branch !== undefined ? `On branch ${s.branch}` : (options.detached ?? "Not currently on any branch."));
  const unmerged = s.entries.filter((e) => `${e.x}${e.y}` in UNMERGED_LABEL && (e.x === "U" || e.y === "U" || e.x + e.y === "AA" || e.x + e.y === "DD"));
  const unmergedSet = new Set(unmerged.map((e) => e.path));
  const staged = s.entries.filter((e) => !unmergedSet.has(e.path) && e.x !== " ");
  const unstaged = s.entries.filter((e) => !unmergedSet.has(e.path) && e.y !== " ");
  if (s.merging) {
    if (unmerged.length > 0) lines.push("You have unmerged paths.", '  (fix conflicts and run "git commit")', '  (use "git merge --abort" to abort the merge)', "");
    else lines.push("All conflicts fixed but you are still merging.", '  (use "git commit" to conclude merge)', "");
  }
  if (!s.head) lines.push("", options.forCommit ? "Initial commit" : "No commits yet", "");
  const show = (p: string) => quotePath(relativePath(p, prefix));
  if (staged.length > 0) {
    lines.push("Changes to be committed:");
    if (!s.merging) lines.push(s.head ? '  (use "git restore --staged <file>..." to unstage)' : '  (use "git rm --cached <file>..." to unstage)');
    for (const e of staged) lines.push(`\t${STAGED_LABEL[e.x]!.padEnd(12)}${e.from !== undefined ? `${show(e.from)} -> ` : ""}${show(e.path)}`);
    lines.push("");
  }
  if (unmerged.length > 0) {
    const del = unmerged.some((e) => e.x === "D" || e.y === "D");
    lines.push("Unmerged paths:");
    // wt_longstatus_print_unmerged_header: outside a merge (conflicts a stash apply left) the unstage hint comes first.
    if (!s.merging) lines.push(s.head ? '  (use "git restore --staged <file>..." to unstage)' : '  (use "git rm --cached <file>..." to unstage)');
    lines.push(del ? '  (use "git add/rm <file>..." as appropriate to mark resolution)' : '  (use "git add <file>..." to mark resolution)');
    for (const e of unmerged) lines.push(`\t${UNMERGED_LABEL[e.x + e.y]!.padEnd(17)}${show(e.path)}`);
    lines.push("");
  }
  if (unstaged.length > 0) {
    const del = unstaged.some((e) => e.y === "D");
    lines.push(
      "Changes not staged for commit:",
      del ? '  (use "git add/rm <file>..." to update what will be committed)' : '  (use "git add <file>..." to update what will be committed)',
      '  (use "git restore <file>..." to discard changes in working directory)',
    );
    for (const e of unstaged) lines.push(`\t${STAGED_LABEL[e.y]!.padEnd(12)}${show(e.path)}`);
    lines.push("");
  }
  if (s.untracked.length > 0) {
    lines.push("Untracked files:", '  (use "git add <file>..." to include in what will be committed)');
    for (const u of s.untracked) lines.push(`\t${show(u)}`);
    lines.push("");
  }
  if (s.ignored?.length) {
    lines.push("Ignored files:", '  (use "git add -f <file>..." to include in what will be committed)');
    for (const u of s.ignored) lines.push(`\t${show(u)}`);
    lines.push("");
  }
  if (staged.length === 0 && !(s.merging && unmerged.length === 0)) {
    if (unstaged.length > 0 || unmerged.length > 0) lines.push('no changes added to commit (use "git add" and/or "git commit -a")');
    else if (options.untrackedHidden) lines.push(!s.head ? "nothing to commit" : "nothing to commit (use -u to show untracked files)");
    else if (s.untracked.length > 0) lines.push('nothing added to commit but untracked files present (use "git add" to track)');
    else if (!s.head) lines.push(options.untrackedHidden ? "nothing to commit" : 'nothing to commit (create/copy files and use "git add" to track)');
    else lines.push(options.untrackedHidden ? "nothing to commit (use -u to show untracked files)" : "nothing to commit, working tree clean");
  }
  return lines.join("\n") + "\n";
}
