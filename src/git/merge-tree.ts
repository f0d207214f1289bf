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

const same = (a: FileEntry | undefined, b: FileEntry | undefined) => (!a && !b) || (!!a && !!b && a.oid === b.oid && a.mode === b.mode);

/** Renames from `base` to `side` (source path → destination path), as diffcore-rename finds them. */
function renamesOf(repo: Repository, base: Map<string, FileEntry>, side: Map<string, FileEntry>): Map<string, string> {
  const changes: TreeChange[] = [];
  for (const [path, f] of base) if (!side.has(path)) changes.push({ path, old: f });
  for (const [path, f] of side) if (!base.has(path)) changes.push({ path, new: f });
  const out = new Map<string, string>();
  if (!changes.some((c) => c.old) || !changes.some((c) => c.new)) return out;
  for (const c of detectRenames(changes, (f) => repo.readTyped(f.oid, "blob"))) if (c.from !== undefined) out.set(c.from, c.path);
  return out;
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
): { renameDelete: Map<string, { src: string; renamedIn: "ours" | "theirs" }>; renameRename: { src: string; ours: string; theirs: string }[] } {
  const rO = renamesOf(repo, B, O);
  const rT = renamesOf(repo, B, T);
  const renameRename: { src: string; ours: string; theirs: string }[] = [];
  // Renamed on one side, deleted on the other: a rename/delete conflict at the new name.
  const renameDelete = new Map<string, { src: string; renamedIn: "ours" | "theirs" }>();
  const move = (m: Map<string, FileEntry>, from: string, to: string) => {
    const f = m.get(from);
    m.delete(from);
    if (f) m.set(to, f);
  };
  for (const [src, dst] of rT) {
    const mine = rO.get(src);
    if (mine !== undefined && mine !== dst) {
      // Both renamed the file, to different names: ort's rename/rename conflict.
      if (!O.has(dst) && !T.has(mine)) renameRename.push({ src, ours: mine, theirs: dst });
      continue;
    }
    if (mine === undefined && O.has(dst)) continue; // the new name collides with a file of ours
    if (mine === undefined && !O.has(src)) renameDelete.set(dst, { src, renamedIn: "theirs" });
    move(B, src, dst);
    if (mine === undefined) move(O, src, dst);
  }
  for (const [src, dst] of rO) {
    if (rT.has(src) || T.has(dst)) continue;
    if (!T.has(src)) renameDelete.set(dst, { src, renamedIn: "ours" });
    move(B, src, dst);
    move(T, src, dst);
  }
  return { renameDelete, renameRename };
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
  const B = new Map(base instanceof Map ? base : flattenTree(repo, base));
  const O = new Map(oursFiles ?? flattenTree(repo, ours));
  const T = new Map(flattenTree(repo, theirs));
  const { renameDelete, renameRename } = followRenames(repo, B, O, T);
  const fixed = new Map<string, MergedPath>();
  const fixedMessages = new Map<string, string>();
  for (const rr of renameRename) {
    fixed.set(rr.src, { path: rr.src, stages: [B.get(rr.src), undefined, undefined] });
    fixed.set(rr.ours, { path: rr.ours, stages: [undefined, O.get(rr.ours), undefined], work: O.get(rr.ours) });
    fixed.set(rr.theirs, { path: rr.theirs, stages: [undefined, undefined, T.get(rr.theirs)], work: T.get(rr.theirs) });
    fixedMessages.set(rr.src, `CONFLICT (rename/rename): ${rr.src} renamed to ${rr.ours} in ${labels.ours} and to ${rr.theirs} in ${labels.theirs}.`);
  }
  const paths = [...new Set([...B.keys(), ...O.keys(), ...T.keys(), ...fixed.keys()])].sort();
  const out: MergedPath[] = [];
  const messages: string[] = [];
  const conflicted: string[] = [];
  const store = (data: Uint8Array) => {
    const oid = hashObject("blob", data);
    if (!repo.objects.has(oid)) repo.objects.loose.writeKnown(oid, "blob", data);
    return oid;
  };
  for (const path of paths) {
    const b = B.get(path);
    const o = O.get(path);
    const t = T.get(path);
    const f = fixed.get(path);
    if (f) {
      const msg = fixedMessages.get(path);
      if (msg) messages.push(msg);
      conflicted.push(path);
      out.push(f);
      continue;
    }
    const rd = renameDelete.get(path);
    if (rd) {
      const [renamed, deleted] = rd.renamedIn === "theirs" ? [labels.theirs, labels.ours] : [labels.ours, labels.theirs];
      messages.push(`CONFLICT (rename/delete): ${rd.src} renamed to ${path} in ${renamed}, but deleted in ${deleted}.`);
      conflicted.push(path);
      out.push({ path, stages: [b, o, t], work: (o ?? t)! });
      continue;
    }
    if (same(o, t)) {
      out.push({ path, result: o });
      continue;
    }
    if (same(b, o)) {
      out.push({ path, result: t });
      continue;
    }
    if (same(b, t)) {
      out.push({ path, result: o });
      continue;
    }
    if (o && t) {
      messages.push(`Auto-merging ${path}`);
      let mode = o.mode;
      if (o.mode !== t.mode) mode = b && b.mode === o.mode ? t.mode : o.mode;
      if (o.oid === t.oid) {
        out.push({ path, result: { mode, oid: o.oid } });
        continue;
      }
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
      if (r.conflicts === 0) {
        out.push({ path, result: { mode, oid } });
        continue;
      }
      messages.push(`CONFLICT (${b ? "content" : "add/add"}): Merge conflict in ${path}`);
      conflicted.push(path);
      out.push({ path, stages: [b, o, t], work: { mode, oid } });
      continue;
    }
    // One side deleted, the other modified.
    const kept = o ?? t!;
    const [deletedIn, modifiedIn] = o ? [labels.theirs, labels.ours] : [labels.ours, labels.theirs];
    messages.push(`CONFLICT (modify/delete): ${path} deleted in ${deletedIn} and modified in ${modifiedIn}.  Version ${modifiedIn} of ${path} left in tree.`);
    conflicted.push(path);
    out.push({ path, stages: [b, o, t], work: kept });
  }
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
