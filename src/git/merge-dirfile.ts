/**
 * Directory/file conflicts in ort's tree merge (merge-ort.c process_entry):
 * where one side has a file at a path another side has a directory, the
 * directory stays as long as anything under it survives the merge, and the
 * file's merge moves aside to `path~branch`, conflicted, with "CONFLICT
 * (file/directory)". A directory the merge empties is no longer in the way:
 * the file then merges at its own path as usual.
 */
import type { MergedPath } from "./merge-tree.ts";
import type { FileEntry } from "./tree.ts";
import { type CollectPass, sameVersion as same, TrivialMerges } from "./merge-trivial.ts";

/** A merge message and the path ort files it under (messages print in path order). */
export interface Note {
  key: string;
  text: string;
  /** Said while following renames, before any per-path merge (it stays when the path moves). */
  early?: true;
}

type Version = FileEntry | undefined;

/** What the directory/file pass needs from the tree merge. */
export interface DirFileOptions {
  /** Base, ours and theirs as flattened before renames were followed. */
  original: [Map<string, FileEntry>, Map<string, FileEntry>, Map<string, FileEntry>];
  /** The three versions the per-path merge saw at `path` (renames followed). */
  merged(path: string): [Version, Version, Version];
  /** Renames (source → destination) on ours and on theirs. */
  renames: [Map<string, string>, Map<string, string>];
  /** Rename sources whose file went into a colliding destination: gone before any directory/file check. */
  consumed: Set<string>;
  /** ort's first collect pass over the original trees (computed on demand, shared). */
  pass: () => CollectPass;
  /** The paths ort knows (files and directories of the three trees, and names given since): unique_path avoids them. */
  taken: () => Set<string>;
  labels: { ours: string; theirs: string };
  /** Merges the versions at `path` again, recorded (messages too) under `name`. */
  mergeAs(path: string, name: string, notes: Note[]): MergedPath;
}

/** Every directory holding one of `paths` ("a" and "a/b" for "a/b/c"). */
export function dirsOf(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    for (let k = p.lastIndexOf("/"); k > 0; k = p.lastIndexOf("/", k - 1)) {
      const d = p.slice(0, k);
      if (out.has(d)) break;
      out.add(d);
    }
  }
  return out;
}

/** merge-ort.c unique_path: `path~branch` (slashes in the branch flattened to `_`), then `_0`, `_1`… until unused. */
export function uniquePath(path: string, branch: string, taken: Set<string>): string {
  const base = `${path}~${branch.replaceAll("/", "_")}`;
  let out = base;
  for (let n = 0; taken.has(out); n++) out = `${base}_${n}`;
  return out;
}

/**
 * Whether some path of `out` (sorted) is also a directory of another path
 * there. Otherwise no directory can be in a file's way: a directory survives
 * only through a path under it, and every merged path is in `out`.
 */
function fileAboveFile(out: MergedPath[]): boolean {
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!.path;
    let j = i + 1;
    // Between "p" and "p/…" sort only names continuing p with a byte below '/' ("p-1", "p.c").
    while (j < out.length && out[j]!.path.startsWith(p) && out[j]!.path.charCodeAt(p.length) < 0x2f) j++;
    if (j < out.length && out[j]!.path.startsWith(p) && out[j]!.path.charCodeAt(p.length) === 0x2f) return true;
  }
  return false;
}

/** Orders merged paths by name. */
export const byPath = (a: MergedPath, b: MergedPath): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Every file and directory path of `trees`. */
export function pathsOf(trees: Map<string, FileEntry>[]): Set<string> {
  const out = new Set<string>();
  for (const m of trees) {
    for (const p of m.keys()) out.add(p);
    for (const d of dirsOf(m.keys())) out.add(d);
  }
  return out;
}

/**
 * Rewrites the per-path outcome `out` (sorted by path) for directory/file
 * conflicts, adding ort's messages to `notes`; returns the new outcome, sorted.
 */
export function resolveDirFile(out: MergedPath[], notes: Note[], opts: DirFileOptions): MergedPath[] {
  if (!fileAboveFile(out)) return out;
  const dirs = opts.original.map((m) => dirsOf(m.keys()));
  // A directory stays when some path under it keeps a file (merged or conflicted).
  const alive = dirsOf(out.filter((m) => m.result || m.work).map((m) => m.path));
  const taken = opts.taken();
  let trivial: TrivialMerges | undefined;
  const moved: MergedPath[] = [];
  const movedFrom = new Set<string>();
  // ort walks paths in reverse order, which decides who gets `~branch` before `~branch_0`.
  for (let k = out.length - 1; k >= 0; k--) {
    const m = out[k]!;
    const p = m.path;
    const dirIn = dirs.map((d) => d.has(p));
    if (!dirIn.some(Boolean) || !alive.has(p) || opts.consumed.has(p)) continue;
    const [b, o, t] = opts.merged(p);
    // Only the base had the file: deleted on both sides, nothing to move
    // (not even a rename/rename's base stage).
    if (!o && !t) {
      if (m.stages) out[k] = { path: p };
      continue;
    }
    // The file comes from the side without the directory.
    const fileSide: 1 | 2 = dirIn[1] ? 2 : 1;
    const branch = fileSide === 1 ? opts.labels.ours : opts.labels.theirs;
    const deleted = !m.result && !m.stages;
    // One side kept the base's file, the other made it a directory: when ort
    // can take that directory whole (a trivial directory merge) it never
    // sees the file at all.
    if (deleted && (trivial ??= new TrivialMerges(opts.original, opts.renames, opts.pass)).takesWhole(p, fileSide === 1 ? 2 : 1)) continue;
    const name = uniquePath(p, branch, taken);
    taken.add(name);
    notes.push({ key: name, text: `CONFLICT (file/directory): directory in the way of ${p} from ${branch}; moving it to ${name} instead.` });
    // The moved file merged to nothing (unchanged on one side): only the message remains.
    if (deleted) continue;
    const said: Note[] = [];
    let e = opts.mergeAs(p, name, said);
    for (const n of said) if (!n.early) notes.push(n);
    movedFrom.add(p);
    out[k] = { path: p };
    if (e.result) {
      // A clean merge still conflicts (df_conflict): a content merge of both
      // sides (no two versions at the path matched before renames) leaves only
      // its result at the file's side, otherwise every version.
      const [b0, o0, t0] = opts.original.map((f) => f.get(p));
      const matched = (b0 && (same(b0, o0) || same(b0, t0))) || (o0 && same(o0, t0));
      const bothMerged = o && t && !matched;
      const stages: MergedPath["stages"] = bothMerged
        ? [undefined, fileSide === 1 ? e.result : undefined, fileSide === 2 ? e.result : undefined]
        : [b, o, t];
      e = { path: name, stages, work: e.result };
    }
    if (e.stages || e.result) moved.push(e);
  }
  if (!moved.length) return out;
  // What the file's merge said at its old path is said again at the new one.
  const kept = notes.filter((n) => n.early || !movedFrom.has(n.key));
  notes.splice(0, notes.length, ...kept);
  return [...out, ...moved].sort(byPath);
}
