/**
 * The three-way tree merge behind `git merge` (the outcomes of Git's ort
 * strategy for files): one side's change wins when the other kept the base,
 * both-changed files go through the line-level mergeFile, and what cannot be
 * resolved becomes index stages 1–3 with Git's CONFLICT messages.
 */
import { mergeFile } from "./merge-file.ts";
import type { Repository } from "./repo.ts";
import { hashObject } from "./sha1.ts";
import { flattenTree, type FileEntry } from "./tree.ts";
import { byPath, pathsOf, resolveDirFile, uniquePath, type Note } from "./merge-dirfile.ts";
import { followRenames, type RenameDelete } from "./merge-renames.ts";
import { followDirectoryRenames } from "./merge-dir-renames.ts";
import { CollectPass, kind, REGULAR, sameVersion as same, SYMLINK } from "./merge-trivial.ts";

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
  /** False when the merge stops for the user: conflicted paths, or a conflict without a path (a directory rename split). */
  clean: boolean;
}


/** Merges `theirs` into `ours` over `base` (tree ids, undefined = empty). */
export function mergeTrees(
  repo: Repository,
  base: string | undefined | Map<string, FileEntry>,
  ours: string | undefined,
  theirs: string | undefined,
  labels: { ours: string; theirs: string; base?: string; style?: "merge" | "diff3" | "zdiff3"; inner?: boolean; callDepth?: number; directoryRenames?: string; favor?: "ours" | "theirs" },
  oursFiles?: Map<string, FileEntry>,
): TreeMergeResult {
  const B0 = base instanceof Map ? base : flattenTree(repo, base);
  const O0 = oursFiles ?? flattenTree(repo, ours);
  const T0 = flattenTree(repo, theirs);
  const B = new Map(B0);
  const O = new Map(O0);
  const T = new Map(T0);
  // Merging merge bases (call_depth > 0, `inner`, as merge.ts virtualBase says): a
  // deleted-and-modified file keeps the base's version in the virtual tree.
  const inner = labels.inner === true;
  // ort's call_depth: conflict markers grow by two for each level of merge-base merging.
  const extraMarkers = 2 * (labels.callDepth ?? (inner ? 1 : 0));
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
  const renameRenameMessage = (rr: { src: string; ours: string; theirs: string }) =>
    `CONFLICT (rename/rename): ${rr.src} renamed to ${rr.ours} in ${labels.ours} and to ${rr.theirs} in ${labels.theirs}.`;
  for (const rr of renameRename) {
    fixed.set(rr.src, { path: rr.src, stages: [B.get(rr.src), undefined, undefined] });
    // A file the other side has at either new name stays beside the renamed one (rename/rename with collisions).
    const atOurs = T.get(rr.ours);
    const atTheirs = O.get(rr.theirs);
    fixed.set(rr.ours, { path: rr.ours, stages: [undefined, O.get(rr.ours), atOurs], work: O.get(rr.ours) });
    fixed.set(rr.theirs, { path: rr.theirs, stages: [undefined, atTheirs, T.get(rr.theirs)], work: atTheirs ?? T.get(rr.theirs) });
    fixedMessages.set(rr.src, renameRenameMessage(rr));
  }
  /** Messages said at a path before its merge (ort's "Path updated"). */
  const pathMessages = new Map<string, string>();
  /** Paths merged as usual whose location is in conflict all the same (a rename into a renamed directory). */
  const locationConflicts = new Set<string>();
  // Where each side's version of a merged path came from, when a rename (of the file or its directory) moved
  // one: conflict markers then name the paths ("HEAD:new", "feature:old"), as ort's merge_3way does.
  const origins = new Map<string, [string, string, string]>();
  // Not for rename/rename to two names, nor where the other side has a file of its own at the new name.
  for (const [src, dst] of renames[0]) {
    const theirs = renames[1].get(src);
    if ((theirs !== undefined && theirs !== dst) || (theirs === undefined && T0.has(dst))) continue;
    origins.set(dst, [src, dst, theirs ?? src]);
  }
  for (const [src, dst] of renames[1]) if (!renames[0].has(src) && !O0.has(dst)) origins.set(dst, [src, src, dst]);
  // Files added (or renamed) inside a directory the other side moved: not when merging merge bases.
  const followed = inner
    ? undefined
    : followDirectoryRenames({ original, labels, renames, merged: [B, O, T], read, fixed, fixedMessages, pathMessages, origins, locationConflicts });
  const splits = followed?.splits ?? [];
  // A rename/rename destination the other side's directory rename moved on (ort applies directory renames to
  // rename destinations before it looks at rename/rename): the conflict is between the names the files end at.
  for (const rr of followed ? renameRename : []) {
    for (const side of ["ours", "theirs"] as const) {
      const to = followed!.moved.get(rr[side]);
      if (to === undefined) continue;
      fixed.delete(rr[side]);
      rr[side] = to;
    }
    fixedMessages.set(rr.src, renameRenameMessage(rr));
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
    const said = pathMessages.get(path);
    if (said) notes.push({ key: path, text: said, early: true });
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
    const merged = mergeFiles(name, b, o, t, note);
    // A clean content merge at a conflicted location keeps its stages, the merged text in the work tree.
    if (locationConflicts.has(path) && merged.result) return { path: name, stages: [b, o, t], work: merged.result };
    return merged;
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
      const r = contentMerge(name, b, o, t, note);
      if (r.clean) return { path: name, result: r.merged };
      note(`CONFLICT (${b ? "content" : "add/add"}): Merge conflict in ${name}`);
      return { path: name, stages: [b, o, t], work: r.merged };
    }
    return modifyDelete(name, b, o, t, note);
  };
  /**
   * ort's handle_content_merge of two regular files: the mode and the text
   * (with conflict markers `markerSize` long where it does not merge
   * cleanly), saying "Auto-merging" only when both sides changed the text.
   */
  const contentMerge = (name: string, b: FileEntry | undefined, o: FileEntry, t: FileEntry, note: (text: string) => void, markerSize = 7 + extraMarkers): { merged: FileEntry; clean: boolean } => {
    let mode = o.mode;
    if (o.mode !== t.mode) mode = b && b.mode === o.mode ? t.mode : o.mode;
    // Text only one side changed (or both the same way) is taken as it is.
    if (o.oid === t.oid || o.oid === b?.oid) return { merged: { mode, oid: t.oid }, clean: true };
    if (t.oid === b?.oid) return { merged: { mode, oid: o.oid }, clean: true };
    note(`Auto-merging ${name}`);
    const empty = new Uint8Array(0);
    const from = origins.get(name);
    const qualify = from !== undefined && !(from[0] === from[1] && from[1] === from[2]);
    const r = mergeFile(b ? repo.readTyped(b.oid, "blob") : empty, repo.readTyped(o.oid, "blob"), repo.readTyped(t.oid, "blob"), {
      oursLabel: qualify ? `${labels.ours}:${from[1]}` : labels.ours,
      theirsLabel: qualify ? `${labels.theirs}:${from[2]}` : labels.theirs,
      // What ort uses: histogram diff, ll-merge's zealous level, merge.conflictStyle.
      level: "zealous",
      algorithm: "histogram",
      style: labels.style,
      baseLabel: qualify && labels.base !== undefined ? `${labels.base}:${from[0]}` : labels.base,
      markerSize,
      // -X ours / -X theirs: conflicting hunks take that side (content only; structural conflicts stay).
      favor: labels.favor,
    });
    return { merged: { mode, oid: store(r.text) }, clean: r.conflicts === 0 };
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
  const notes: Note[] = splits.map((x) => ({ key: x.dir, text: x.message }));
  // rename/rename to two names: ort merges the three versions' content under the base's name ("Auto-merging a") and
  // records the result as ours at the one new name and theirs at the other (where a file of the other side may
  // meet it as an add/add); a binary file keeps each side's own.
  for (const rr of renameRename) {
    const b = B.get(rr.src);
    const o = O.get(rr.ours);
    const t = T.get(rr.theirs);
    if (!b || !o || !t || kind(o) !== REGULAR || kind(t) !== REGULAR) continue;
    origins.set(rr.src, [rr.src, rr.ours, rr.theirs]);
    // Markers one longer, as ort's rename/rename merge asks (1 + 2 × call depth); no content conflict of its own is said.
    const { merged, clean } = contentMerge(rr.src, b, o, t, (text) => notes.push({ key: rr.src, text }), 8 + extraMarkers);
    if (!clean && merged.oid === o.oid) continue;
    // A name a directory rename moved the file on to is merged there as the other paths are: the side's version is the merged one.
    const atOurs = fixed.get(rr.ours);
    const atTheirs = fixed.get(rr.theirs);
    if (atOurs?.stages) {
      atOurs.stages[1] = merged;
      atOurs.work = merged;
    } else if (O.has(rr.ours)) O.set(rr.ours, merged);
    if (atTheirs?.stages) {
      atTheirs.stages[2] = merged;
      if (!atTheirs.stages[1]) atTheirs.work = merged;
    } else if (T.has(rr.theirs)) T.set(rr.theirs, merged);
  }
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
  return { paths: out, messages, conflicted, clean: conflicted.length === 0 && splits.length === 0 };
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
