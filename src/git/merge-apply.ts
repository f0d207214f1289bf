/**
 * Putting a tree merge's result in the index and work tree (ort's
 * merge_switch_to_result with unpack-trees' checks): the refusal when a path
 * the merge changes has local edits or an untracked file is in the way, then
 * stage-0 results, conflict stages 1–3 with the marked-up text in the work
 * tree, and removals.
 */
import { zeroStat, type IndexEntry } from "./index-file.ts";
import type { IgnoreMatcher } from "./ignore.ts";
import { ignoreRules } from "./ignore-rules.ts";
import type { TreeMergeResult } from "./merge-tree.ts";
import type { Repository } from "./repo.ts";
import type { FileEntry } from "./tree.ts";
import { writeTree } from "./tree.ts";
import { workMatchesEntry, writeWorkFile } from "./workdir.ts";
import { lstatQuiet } from "./worktree.ts";
import { removeWorkFile } from "./porcelain/add.ts";

/** The index a merge starts from: its entries by path and the index file's mtime (for the racy-clean check). */
export interface MergeIndex {
  entries: IndexEntry[];
  mtimeNs: bigint;
}

/**
 * Git's refusal when the merge would overwrite local changes (tracked files
 * whose work-tree copy differs from the index) or untracked files: the
 * message up to its "Aborting" line, or undefined when the merge may go ahead.
 */
export function localChangesRefusal(repo: Repository, merged: TreeMergeResult, oursFiles: Map<string, FileEntry>, index: MergeIndex): string | undefined {
  const byPath = new Map(index.entries.map((e) => [e.path, e]));
  const dirty: string[] = [];
  for (const m of merged.paths) {
    const o = oursFiles.get(m.path);
    const changes = m.stages !== undefined || (!(m.result && o && m.result.oid === o.oid && m.result.mode === o.mode) && !(!m.result && !o));
    if (!changes) continue;
    const e = byPath.get(m.path);
    if (e && !workMatchesEntry(repo, e, index.mtimeNs)) dirty.push(m.path);
  }
  const mergedPaths = new Set(merged.paths.map((m) => m.path));
  for (const path of oursFiles.keys()) {
    const e = byPath.get(path);
    if (!mergedPaths.has(path) && e && !workMatchesEntry(repo, e, index.mtimeNs)) dirty.push(path);
  }
  // An untracked file where the merge writes one stops it whatever it holds (unpack-trees' verify_absent); ignored ones are overwritten.
  const inTheWay: string[] = [];
  let ignore: IgnoreMatcher | undefined;
  for (const m of merged.paths) {
    if (!(m.result || m.work) || oursFiles.has(m.path) || byPath.has(m.path)) continue;
    const st = lstatQuiet(`${repo.workTree}/${m.path}`);
    if (st && !st.isDirectory() && !(ignore ??= ignoreRules(repo)).isIgnored(m.path, false)) inTheWay.push(m.path);
  }
  if (!dirty.length && !inTheWay.length) return undefined;
  const parts: string[] = [];
  if (dirty.length) parts.push(`error: Your local changes to the following files would be overwritten by merge:\n${dirty.sort().map((x) => `\t${x}`).join("\n")}\nPlease commit your changes or stash them before you merge.`);
  if (inTheWay.length) parts.push(`error: The following untracked working tree files would be overwritten by merge:\n${inTheWay.sort().map((x) => `\t${x}`).join("\n")}\nPlease move or remove them before you merge.`);
  return `${parts.join("\n")}\nAborting`;
}

/**
 * Writes the merge result: the index (with a cache tree when the merge is
 * clean) and the work tree. Returns the new index entries.
 */
export function writeMergeResult(repo: Repository, merged: TreeMergeResult, oursFiles: Map<string, FileEntry>, index: MergeIndex): IndexEntry[] {
  const byPath = new Map(index.entries.map((e) => [e.path, e]));
  const mergedPaths = new Set(merged.paths.map((m) => m.path));
  const lock = repo.lockIndex();
  const out: IndexEntry[] = [];
  try {
    for (const m of merged.paths) {
      const o = oursFiles.get(m.path);
      const e = byPath.get(m.path);
      if (m.stages) {
        m.stages.forEach((s, k) => {
          if (s) out.push({ ...zeroStat(m.path), oid: s.oid, mode: s.mode, stage: k + 1 });
        });
        if (m.work && !(o && m.work.oid === o.oid)) writeWorkFile(repo, m.path, m.work.mode, m.work.oid);
        continue;
      }
      if (!m.result) {
        if (o) removeWorkFile(repo.workTree, m.path);
        continue;
      }
      if (o && e && e.stage === 0 && o.oid === m.result.oid && o.mode === m.result.mode) out.push(e);
      else out.push(writeWorkFile(repo, m.path, m.result.mode, m.result.oid));
    }
    // Paths of ours the merge moved elsewhere (renames followed) leave the work tree.
    for (const path of oursFiles.keys()) if (!mergedPaths.has(path)) removeWorkFile(repo.workTree, path);
    repo.writeIndex(lock, out, merged.clean ? writeTree(repo, out).ext : undefined);
  } catch (e) {
    lock.rollback();
    throw e;
  }
  return out;
}
