/**
 * git blame's scoreboard (blame.c), without -M/-C line-movement detection:
 * every line of the final file starts on the final commit (or on the work
 * tree, "Not Committed Yet"); suspects are taken newest first, and each
 * passes to its parents the lines they already had — a parent holding the
 * same blob takes all of them, otherwise each parent in order takes the lines
 * git's diff finds unchanged against it. A path missing from a parent is
 * followed through a rename (the parent's deleted files as sources). What no
 * parent takes is that suspect's.
 */
import type { Commit } from "./objects.ts";
import type { Repository } from "./repo.ts";
import { lookupPath } from "./revision.ts";
import { diffTrees } from "./tree.ts";
import { detectRenames } from "./rename.ts";
import { splitRecords, xdiff } from "./xdiff.ts";

/** Where lines are blamed: a commit (or the work tree, "") and the path the file had there. */
export interface Origin {
  commit: string;
  path: string;
  blob: string | undefined;
  /** The file's lines there (binary strings, each with its "\n"). */
  lines: string[];
  /** The first parent the blame was passed to, for porcelain's "previous". */
  previous?: Origin;
}

/** A run of final lines blamed on an origin: final line `lno` (0-based) is the origin's line `sLno`. */
export interface BlameEntry {
  lno: number;
  sLno: number;
  count: number;
  origin: Origin;
}

/** The pseudo-commit id of the work tree. */
export const NOT_COMMITTED = "0".repeat(40);

/**
 * Blames `lines` (the final file, as records) of `path`, starting from
 * commit `start` (NOT_COMMITTED: the work tree, whose parent is `start`'s
 * HEAD given as `head`). Returns the entries in final-line order.
 */
export function blame(repo: Repository, path: string, finalLines: string[], start: string, head?: string, firstParent = false): BlameEntry[] {
  const done: BlameEntry[] = [];
  const origins = new Map<string, Origin>();
  const pending = new Map<Origin, BlameEntry[]>();
  const originOf = (commit: string, p: string, blob: string | undefined, lines?: string[]): Origin => {
    const key = `${commit}\0${p}`;
    let o = origins.get(key);
    if (!o) origins.set(key, (o = { commit, path: p, blob, lines: lines ?? (blob ? splitRecords(Buffer.from(repo.readTyped(blob, "blob")).toString("latin1")) : []) }));
    return o;
  };
  const commitOf = (oid: string): Commit | undefined => (oid === NOT_COMMITTED ? undefined : repo.commit(oid));
  const timeOf = (o: Origin) => (o.commit === NOT_COMMITTED ? Infinity : repo.commit(o.commit).committer.time);
  const startBlob = start === NOT_COMMITTED ? undefined : lookupPath(repo, repo.commit(start).tree, path);
  const first = originOf(start, path, startBlob, finalLines);
  pending.set(first, finalLines.length ? [{ lno: 0, sLno: 0, count: finalLines.length, origin: first }] : []);
  while (pending.size) {
    // The newest suspect next (the work tree first), as blame.c's commit queue.
    let suspect: Origin | undefined;
    for (const o of pending.keys()) if (!suspect || timeOf(o) > timeOf(suspect)) suspect = o;
    const entries = pending.get(suspect!)!;
    pending.delete(suspect!);
    const parents = parentOrigins(repo, suspect!, commitOf(suspect!.commit), head, originOf, firstParent);
    let left = entries;
    // A parent with the very same blob takes everything.
    const same = parents.find((p) => p.blob !== undefined && p.blob === suspect!.blob);
    if (same) {
      suspect!.previous ??= same;
      pass(pending, same, left.map((e) => ({ ...e, origin: same })));
      continue;
    }
    for (const parent of parents) {
      suspect!.previous ??= parent;
      const { taken, kept } = splitByDiff(parent, suspect!, left);
      if (taken.length) pass(pending, parent, taken);
      left = kept;
      if (!left.length) break;
    }
    done.push(...left);
  }
  return done.sort((a, b) => a.lno - b.lno);
}

/** Adds entries to a parent origin's pending list. */
function pass(pending: Map<Origin, BlameEntry[]>, origin: Origin, entries: BlameEntry[]): void {
  const list = pending.get(origin);
  if (list) list.push(...entries);
  else pending.set(origin, entries);
}

/** The suspect's parents' origins for its path: the same path, else the file it was renamed from. */
function parentOrigins(
  repo: Repository,
  suspect: Origin,
  c: Commit | undefined,
  head: string | undefined,
  originOf: (commit: string, p: string, blob: string | undefined) => Origin,
  firstParent: boolean,
): Origin[] {
  const parents = (c ? c.parents : head ? [head] : []).slice(0, firstParent ? 1 : undefined);
  const tree = c?.tree;
  const out: Origin[] = [];
  for (const p of parents) {
    const ptree = repo.commit(p).tree;
    const blob = lookupPath(repo, ptree, suspect.path);
    if (blob !== undefined) {
      out.push(originOf(p, suspect.path, blob));
      continue;
    }
    // Not in the parent: the file it was renamed from (its deleted files as sources), as blame.c's find_rename.
    if (tree === undefined) continue;
    const changes = diffTrees(repo, ptree, tree).filter((ch) => (!ch.old && ch.path === suspect.path) || !ch.new);
    const rename = detectRenames(changes, (f) => repo.readTyped(f.oid, "blob")).find((ch) => ch.path === suspect.path && ch.from !== undefined);
    if (rename) out.push(originOf(p, rename.from!, rename.old!.oid));
  }
  return out;
}

/** Splits entries into the parts the parent had unchanged (moved to the parent's lines) and the rest. */
function splitByDiff(parent: Origin, suspect: Origin, entries: BlameEntry[]): { taken: BlameEntry[]; kept: BlameEntry[] } {
  const { script } = xdiff(parent.lines, suspect.lines);
  // Unchanged runs: suspect lines [b, b + n) are parent lines [a, a + n).
  const runs: { a: number; b: number; n: number }[] = [];
  let a = 0;
  let b = 0;
  for (const ch of script) {
    if (ch.i2 > b) runs.push({ a, b, n: ch.i2 - b });
    a = ch.i1 + ch.chg1;
    b = ch.i2 + ch.chg2;
  }
  if (b < suspect.lines.length) runs.push({ a, b, n: suspect.lines.length - b });
  const taken: BlameEntry[] = [];
  const kept: BlameEntry[] = [];
  for (const e of entries) {
    let pos = e.sLno;
    const end = e.sLno + e.count;
    for (const r of runs) {
      if (r.b + r.n <= pos || r.b >= end) continue;
      if (r.b > pos) {
        kept.push({ ...e, lno: e.lno + (pos - e.sLno), sLno: pos, count: r.b - pos });
        pos = r.b;
      }
      const stop = Math.min(end, r.b + r.n);
      taken.push({ lno: e.lno + (pos - e.sLno), sLno: r.a + (pos - r.b), count: stop - pos, origin: parent });
      pos = stop;
    }
    if (pos < end) kept.push({ ...e, lno: e.lno + (pos - e.sLno), sLno: pos, count: end - pos });
  }
  return { taken, kept };
}
