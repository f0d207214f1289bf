/**
 * The three-way tree merge behind `git merge` (the outcomes of Git's ort
 * strategy for files): one side's change wins when the other kept the base,
 * both-changed files go through the line-level mergeFile, and what cannot be
 * resolved becomes index stages 1–3 with Git's CONFLICT messages.
 */
import { mergeFile } from "./merge-file.ts";
import type { Repository } from "./repo.ts";
import { hashObject } from "./sha1.ts";
import { detectRenames } from "./rename.ts";
import { flattenTree, type FileEntry, type TreeChange } from "./tree.ts";
import { byPath, pathsOf, resolveDirFile, uniquePath, type Note } from "./merge-dirfile.ts";
import { CollectPass, relevantSources, sameVersion as same } from "./merge-trivial.ts";

const REGULAR = 0o100000;
const SYMLINK = 0o120000;
/** A mode's object type (S_IFMT): regular file, symlink or submodule. */
const kind = (f: FileEntry) => f.mode & 0o170000;

/** The merged state of one path. */
export interface MergedPath {
  path: string;
  /** Stage 0 result, or undefined when the path is deleted or conflicted. */
  result?: FileEntry;
  /** Conflict stages [base, ours, theirs] when conflicted. */
  stages?: [FileEntry | undefined, FileEntry | undefined, FileEntry | undefined];
  /** What the work tree gets for a conflicted path (merged text with markers, or one side's blob). */
  work?: { mode: number; oid: string };
}

/** The outcome of a tree merge. */
export interface TreeMergeResult {
  paths: MergedPath[];
  messages: string[];
  conflicted: string[];
}


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
interface RenameDelete {
  src: string;
  renamedIn: "ours" | "theirs";
  collides?: true;
}

/**
 * ort follows renames: a file one side renamed is merged with the other
 * side's version of the original path. Moves base (and the side that kept
 * the old name) to the new path so the per-path merge sees one file.
 */
function followRenames(
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

/** Merges `theirs` into `ours` over `base` (tree ids, undefined = empty). */
export function mergeTrees(
  repo: Repository,
  base: string | undefined | Map<string, FileEntry>,
  ours: string | undefined,
  theirs: string | undefined,
  labels: { ours: string; theirs: string; base?: string; style?: "merge" | "diff3" | "zdiff3" },
  oursFiles?: Map<string, FileEntry>,
): TreeMergeResult {
  const B0 = base instanceof Map ? base : flattenTree(repo, base);
  const O0 = oursFiles ?? flattenTree(repo, ours);
  const T0 = flattenTree(repo, theirs);
  const B = new Map(B0);
  const O = new Map(O0);
  const T = new Map(T0);
  // Merging merge bases (call_depth > 0): a deleted-and-modified file keeps the base's version in the virtual tree.
  const inner = labels.ours === "Temporary merge branch 1";
  const original: [Map<string, FileEntry>, Map<string, FileEntry>, Map<string, FileEntry>] = [B0, O0, T0];
  let collect: CollectPass | undefined;
  const pass = () => (collect ??= new CollectPass(original));
  const store = (data: Uint8Array) => {
    const oid = hashObject("blob", data);
    if (!repo.objects.has(oid)) repo.objects.loose.writeKnown(oid, "blob", data);
    return oid;
  };
  const read = (f: FileEntry) => repo.readTyped(f.oid, "blob");
  const mergeClean = (b: FileEntry, o: FileEntry, t: FileEntry) => {
    const r = mergeFile(read(b), read(o), read(t), { oursLabel: labels.ours, theirsLabel: labels.theirs, level: "zealous", algorithm: "histogram" });
    return r.conflicts === 0 ? store(r.text) : undefined;
  };
  const { renameDelete, renameRename, renames, consumed, typeChanged } = followRenames(repo, B, O, T, original, pass, mergeClean);
  const fixed = new Map<string, MergedPath>();
  const fixedMessages = new Map<string, string>();
  for (const rr of renameRename) {
    fixed.set(rr.src, { path: rr.src, stages: [B.get(rr.src), undefined, undefined] });
    // A file the other side has at either new name stays beside the renamed one (rename/rename with collisions).
    const atOurs = T.get(rr.ours);
    const atTheirs = O.get(rr.theirs);
    fixed.set(rr.ours, { path: rr.ours, stages: [undefined, O.get(rr.ours), atOurs], work: O.get(rr.ours) });
    fixed.set(rr.theirs, { path: rr.theirs, stages: [undefined, atTheirs, T.get(rr.theirs)], work: atTheirs ?? T.get(rr.theirs) });
    fixedMessages.set(rr.src, `CONFLICT (rename/rename): ${rr.src} renamed to ${rr.ours} in ${labels.ours} and to ${rr.theirs} in ${labels.theirs}.`);
  }
  const paths = [...new Set([...B.keys(), ...O.keys(), ...T.keys(), ...fixed.keys()])].sort();
  /** The merge of the versions at `path`, recorded (with its messages) under `name`. */
  const mergeAt = (path: string, name: string, notes: Note[]): MergedPath => {
    const note = (text: string) => notes.push({ key: name, text });
    const b = B.get(path);
    const o = O.get(path);
    const t = T.get(path);
    const rds = renameDelete.get(path);
    const branches = (r: RenameDelete) => (r.renamedIn === "theirs" ? [labels.theirs, labels.ours] : [labels.ours, labels.theirs]);
    // process_renames says these at the rename's destination, in source order, before any directory/file move.
    for (const r of [...(rds ?? [])].sort((x, y) => (x.src < y.src ? -1 : x.src > y.src ? 1 : 0))) {
      const [renamed, deleted] = branches(r);
      notes.push({ key: path, text: `CONFLICT (rename/delete): ${r.src} renamed to ${path} in ${renamed}, but deleted in ${deleted}.`, early: true });
    }
    const f = fixed.get(path);
    if (f) {
      const msg = fixedMessages.get(path);
      if (msg) notes.push({ key: path, text: msg, early: true });
      const [, fo, ft] = f.stages!;
      if (fo && ft) {
        // Two files at a new name: an add/add merge that stays conflicted (path_conflict).
        const r = mergeFiles(name, undefined, fo, ft, note);
        return r.result ? { path: name, stages: f.stages, work: r.result } : { ...r, stages: f.stages };
      }
      return { ...f, path: name };
    }
    if (rds) {
      if (!rds[0]!.collides) {
        const [renamed, deleted] = branches(rds[0]!);
        const kept = (o ?? t)!;
        // A changed file: process_entry's modify/delete has its say too.
        if (b && b.oid !== kept.oid) note(`CONFLICT (modify/delete): ${name} deleted in ${deleted} and modified in ${renamed}.  Version ${renamed} of ${name} left in tree.`);
        return { path: name, stages: [b, o, t], work: inner && b ? b : kept };
      }
      // rename/add/delete: the two files at the new name merge as an add/add that stays conflicted (path_conflict).
      const r = mergeFiles(name, b, o, t, note);
      return r.result ? { path: name, stages: [b, o, t], work: r.result } : r;
    }
    // The renamed file against a base that moved without the other side: a modify/delete even when unchanged.
    if (typeChanged.has(path) && (!o || !t)) return modifyDelete(name, b, o, t, note);
    return mergeFiles(name, b, o, t, note);
  };
  /** The three-way merge of one file's versions. */
  const mergeFiles = (name: string, b: FileEntry | undefined, o: FileEntry | undefined, t: FileEntry | undefined, note: (text: string) => void): MergedPath => {
    if (same(o, t)) return { path: name, result: o };
    if (same(b, o)) return { path: name, result: t };
    if (same(b, t)) return { path: name, result: o };
    if (o && t && kind(o) !== kind(t)) return distinctTypes(name, b, o, t, note);
    if (o && t && kind(o) === SYMLINK) {
      // handle_content_merge keeps ours' link target; differing targets conflict, without "Auto-merging".
      note(`CONFLICT (${b ? "content" : "add/add"}): Merge conflict in ${name}`);
      return { path: name, stages: [b, o, t], work: inner && b ? b : o };
    }
    if (o && t) {
      note(`Auto-merging ${name}`);
      let mode = o.mode;
      if (o.mode !== t.mode) mode = b && b.mode === o.mode ? t.mode : o.mode;
      if (o.oid === t.oid) return { path: name, result: { mode, oid: o.oid } };
      const empty = new Uint8Array(0);
      const r = mergeFile(b ? repo.readTyped(b.oid, "blob") : empty, repo.readTyped(o.oid, "blob"), repo.readTyped(t.oid, "blob"), {
        oursLabel: labels.ours,
        theirsLabel: labels.theirs,
        // What ort uses: histogram diff, ll-merge's zealous level, merge.conflictStyle.
        level: "zealous",
        algorithm: "histogram",
        style: labels.style,
        baseLabel: labels.base,
      });
      const oid = store(r.text);
      if (r.conflicts === 0) return { path: name, result: { mode, oid } };
      note(`CONFLICT (${b ? "content" : "add/add"}): Merge conflict in ${name}`);
      return { path: name, stages: [b, o, t], work: { mode, oid } };
    }
    return modifyDelete(name, b, o, t, note);
  };
  /** One side deleted the file, the other changed it. */
  const modifyDelete = (name: string, b: FileEntry | undefined, o: FileEntry | undefined, t: FileEntry | undefined, note: (text: string) => void): MergedPath => {
    const kept = o ?? t!;
    const [deletedIn, modifiedIn] = o ? [labels.theirs, labels.ours] : [labels.ours, labels.theirs];
    note(`CONFLICT (modify/delete): ${name} deleted in ${deletedIn} and modified in ${modifiedIn}.  Version ${modifiedIn} of ${name} left in tree.`);
    return { path: name, stages: [b, o, t], work: inner && b ? b : kept };
  };
  let takenPaths: Set<string> | undefined;
  const taken = () => (takenPaths ??= pathsOf(original));
  // Entries that part in two (distinct types), by the name they were merged under.
  const split = new Map<string, MergedPath[]>();
  /**
   * A file and a symlink (or submodule) at one path (process_entry, "two
   * different items"): the regular file moves to `path~branch` (both do when
   * neither is one), each side's entry conflicted at its own name.
   */
  const distinctTypes = (name: string, b: FileEntry | undefined, o: FileEntry, t: FileEntry, note: (text: string) => void): MergedPath => {
    // Merging merge bases: the base's version stands.
    if (inner) return { path: name, stages: [b, o, t], work: b };
    const moveOurs = kind(o) === REGULAR || kind(t) !== REGULAR;
    const moveTheirs = kind(o) !== REGULAR;
    const at = (move: boolean, branch: string) => {
      if (!move) return name;
      const p = uniquePath(name, branch, taken());
      taken().add(p);
      return p;
    };
    const oursAt = at(moveOurs, labels.ours);
    const theirsAt = at(moveTheirs, labels.theirs);
    note(`CONFLICT (distinct types): ${name} had different types on each side; renamed ${moveOurs && moveTheirs ? "both" : "one"} of them so each can be recorded somewhere.`);
    const base = (f: FileEntry) => (b && kind(b) === kind(f) ? b : undefined);
    split.set(name, [
      { path: oursAt, stages: [base(o), o, undefined], work: o },
      { path: theirsAt, stages: [base(t), undefined, t], work: t },
    ]);
    return { path: name };
  };
  const notes: Note[] = [];
  let out = paths.map((path) => mergeAt(path, path, notes));
  out = resolveDirFile(out, notes, {
    original: [B0, O0, T0],
    merged: (path) => [B.get(path), O.get(path), T.get(path)],
    renames,
    consumed,
    pass,
    taken,
    labels,
    mergeAs: (path, name, into) => mergeAt(path, name, into),
  });
  if (split.size) out = out.flatMap((m) => split.get(m.path) ?? [m]).sort(byPath);
  // ort prints messages grouped by their path, in path order (merge_display_update_messages).
  const messages = notes
    .map((n, k) => ({ ...n, k }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.k - y.k))
    .map((n) => n.text);
  const conflicted = out.filter((m) => m.stages).map((m) => m.path);
  return { paths: out, messages, conflicted };
}

/** The files a merge result holds, conflicts included as the merged text with markers (a virtual tree). */
export function resultFiles(merged: TreeMergeResult): Map<string, FileEntry> {
  const out = new Map<string, FileEntry>();
  for (const m of merged.paths) {
    const f = m.result ?? m.work;
    if (f) out.set(m.path, f);
  }
  return out;
}
