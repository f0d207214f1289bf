/**
 * Renames as ort's merge follows them (merge-ort.c detect_and_process_renames,
 * process_renames): which renames it looks for, and what each does to the
 * flattened base/ours/theirs before the per-path merge — moves, rename/delete,
 * rename/rename, renames into a colliding name, renames against a type change.
 */
import type { Repository } from "./repo.ts";
import { detectRenames } from "./rename.ts";
import type { FileEntry, TreeChange } from "./tree.ts";
import { type CollectPass, kind, REGULAR, relevantSources, sameVersion as same } from "./merge-trivial.ts";

/**
 * Renames from `base` to `side` (source path → destination path), as ort
 * finds them: only when `side` deleted a relevant source (a file the other
 * side changed or deleted too, merge-ort.c add_pair); then relevant sources
 * pair by similarity, the rest only as exact renames. Destinations are tried
 * in ort's traversal order: those in directories it deferred come last.
 */
function renamesOf(repo: Repository, trees: [Map<string, FileEntry>, Map<string, FileEntry>, Map<string, FileEntry>], side: 1 | 2, pass: () => CollectPass): Map<string, string> {
  const out = new Map<string, string>();
  const relevant = relevantSources(trees, side);
  if (relevant.size === 0) return out;
  const base = trees[0];
  const files = trees[side];
  const changes: TreeChange[] = [];
  for (const [path, f] of base) if (!files.has(path)) changes.push({ path, old: f });
  const added: TreeChange[] = [];
  const copies = new Map<string, number>();
  for (const [path, f] of files) {
    if (base.has(path)) continue;
    added.push({ path, new: f });
    copies.set(f.oid, (copies.get(f.oid) ?? 0) + 1);
  }
  // Which of several identical new files an exact rename takes depends on
  // the order ort met them in; work that order out only when it matters.
  const ambiguous = changes.some((c) => (copies.get(c.old!.oid) ?? 0) > 1);
  const late = new Set(ambiguous ? added.filter((c) => pass().isDeferred(c.path, side)) : []);
  changes.push(...added.filter((c) => !late.has(c)), ...late);
  if (!changes.some((c) => c.new)) return out;
  for (const c of detectRenames(changes, (f) => repo.readTyped(f.oid, "blob"))) {
    if (c.from === undefined) continue;
    if (relevant.has(c.from) || base.get(c.from)?.oid === files.get(c.path)?.oid) out.set(c.from, c.path);
  }
  return out;
}

/** A rename whose source the other side deleted; `collides` when the other side added a file at the new name. */
export interface RenameDelete {
  src: string;
  renamedIn: "ours" | "theirs";
  collides?: true;
}

/**
 * ort follows renames: a file one side renamed is merged with the other
 * side's version of the original path. Moves base (and the side that kept
 * the old name) to the new path so the per-path merge sees one file.
 */
export function followRenames(
  repo: Repository,
  B: Map<string, FileEntry>,
  O: Map<string, FileEntry>,
  T: Map<string, FileEntry>,
  original: [Map<string, FileEntry>, Map<string, FileEntry>, Map<string, FileEntry>],
  pass: () => CollectPass,
  mergeClean: (b: FileEntry, o: FileEntry, t: FileEntry) => string | undefined,
): {
  renameDelete: Map<string, RenameDelete[]>;
  renameRename: { src: string; ours: string; theirs: string }[];
  renames: [Map<string, string>, Map<string, string>];
  consumed: Set<string>;
  typeChanged: Set<string>;
} {
  const rO = renamesOf(repo, original, 1, pass);
  const rT = renamesOf(repo, original, 2, pass);
  const renameRename: { src: string; ours: string; theirs: string }[] = [];
  // Sources of renames into a colliding name: ort marks them resolved by removal.
  const consumed = new Set<string>();
  // Renamed on one side, deleted on the other: a rename/delete conflict at the new name.
  const renameDelete = new Map<string, RenameDelete[]>();
  const rd = (dst: string, r: RenameDelete) => {
    const list = renameDelete.get(dst);
    if (list) list.push(r);
    else renameDelete.set(dst, [r]);
  };
  // rename/add (process_renames): the source is resolved by removal, and the
  // renamed file, merged with the other side's changes to the source, meets
  // the other side's file at the new name as an add/add. When both sides'
  // files there agreed already, process_entry takes ours' stage as it now is.
  const collide = (src: string, dst: string, renamed: Map<string, FileEntry>, other: Map<string, FileEntry>) => {
    consumed.add(src);
    const b = B.get(src);
    const changed = other.get(src);
    const mine = renamed.get(dst)!;
    const oid = b && changed && changed.oid !== b.oid ? mergeClean(b, changed, mine) : undefined;
    if (oid) {
      const merged = { mode: mine.mode, oid };
      if (!same(other.get(dst), mine)) renamed.set(dst, merged);
      else if (renamed === O) for (const m of [O, T]) m.set(dst, merged);
    }
    B.delete(src);
    other.delete(src);
  };
  // Renamed on one side while the other made the source a symlink (or the
  // reverse): only the base follows the rename; the other side's entry stays
  // at the old name (process_renames, "rename vs. typechange").
  const typeChanged = new Set<string>();
  const typeChange = (kept: FileEntry | undefined, renamed: FileEntry | undefined) =>
    !!kept && !!renamed && (kind(kept) === REGULAR) !== (kind(renamed) === REGULAR);
  const move = (m: Map<string, FileEntry>, from: string, to: string) => {
    const f = m.get(from);
    m.delete(from);
    if (f) m.set(to, f);
  };
  for (const [src, dst] of rT) {
    const mine = rO.get(src);
    if (mine !== undefined && mine !== dst) {
      // Both renamed the file, to different names: ort's rename/rename conflict.
      renameRename.push({ src, ours: mine, theirs: dst });
      continue;
    }
    if (mine === undefined && typeChange(O.get(src), T.get(dst))) {
      move(B, src, dst);
      typeChanged.add(dst);
      continue;
    }
    if (mine === undefined && O.has(dst)) {
      // The new name collides with a file of ours: an add/add, and a rename/delete too when ours deleted the source.
      if (!O.has(src)) rd(dst, { src, renamedIn: "theirs", collides: true });
      else collide(src, dst, T, O);
      continue;
    }
    if (mine === undefined && !O.has(src)) rd(dst, { src, renamedIn: "theirs" });
    move(B, src, dst);
    if (mine === undefined) move(O, src, dst);
  }
  for (const [src, dst] of rO) {
    if (rT.has(src)) continue;
    if (typeChange(T.get(src), O.get(dst))) {
      move(B, src, dst);
      typeChanged.add(dst);
      continue;
    }
    if (T.has(dst)) {
      if (!T.has(src)) rd(dst, { src, renamedIn: "ours", collides: true });
      else collide(src, dst, O, T);
      continue;
    }
    if (!T.has(src)) rd(dst, { src, renamedIn: "ours" });
    move(B, src, dst);
    move(T, src, dst);
  }
  return { renameDelete, renameRename, renames: [rO, rT], consumed, typeChanged };
}

