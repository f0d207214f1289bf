/**
 * Writing blobs into the work tree (regular files with the executable bit,
 * symlinks) and the two-way tree switch behind checkout, switch, fast-forward
 * merges and reset --hard, with Git's refusal to overwrite local changes.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { GitError } from "./errors.ts";
import type { IndexEntry } from "./index-file.ts";
import type { Repository } from "./repo.ts";
import { cacheTreeOf, diffTrees, flattenTree, writeTree, type FileEntry } from "./tree.ts";
import type { IgnoreMatcher } from "./ignore.ts";
import { ignoreRules } from "./ignore-rules.ts";
import { removeWorkFile } from "./porcelain/add.ts";
import { compareStat, compareStatx, entryForWritten, hashFile, kindAt, lstatQuiet } from "./worktree.ts";
import { openLibc } from "../sys/index.ts";

/**
 * Writes blob `oid` to `path` with `mode` and returns its new index entry.
 * A regular file with no other link is rewritten in place (on ext4 about a
 * quarter of the cost of unlinking and creating it), its executable bit set
 * to the entry's; one with other hard links is unlinked and created afresh,
 * as git's checkout_entry always does, so the other names keep their
 * content; a directory or symlink in the way is removed first.
 */
export function writeWorkFile(repo: Repository, path: string, mode: number, oid: string): IndexEntry {
  const abs = `${repo.workTree}/${path}`;
  const data = repo.readTyped(oid, "blob");
  const old = kindAt(abs);
  const inPlace = old.kind === "file" && old.links === 1 && mode !== 0o120000;
  if (old.kind === "dir") rmSync(abs, { recursive: true, force: true });
  else if (old.kind !== "none" && !inPlace) unlinkSync(abs);
  else if (old.kind === "none") {
    // A parent that is a file (a file replaced by a directory) must go first.
    const parent = dirname(path);
    if (parent !== ".") {
      const pst = lstatQuiet(`${repo.workTree}/${parent}`);
      if (pst && !pst.isDirectory()) rmSync(`${repo.workTree}/${parent}`, { force: true });
      mkdirSync(`${repo.workTree}/${parent}`, { recursive: true });
    }
  }
  if (mode === 0o120000) symlinkSync(new TextDecoder().decode(data), abs);
  else {
    writeFileSync(abs, data, { mode: mode === 0o100755 ? 0o777 : 0o666 });
    // A file kept in place keeps its permissions: only the executable bit follows the entry (git's umask-based bits otherwise).
    const exec = mode === 0o100755;
    if (inPlace && (old.perm & 0o100) !== 0 !== exec) chmodSync(abs, exec ? old.perm | ((old.perm & 0o444) >> 2) : old.perm & ~0o111);
  }
  return entryForWritten(path, abs, oid, mode);
}

/** True when the work-tree file matches the index entry (stat first, content when unsure). */
export function workMatchesEntry(repo: Repository, e: IndexEntry, indexMtimeNs: bigint): boolean {
  const abs = `${repo.workTree}/${e.path}`;
  const filemode = repo.config.getBool("core.filemode", true);
  const sx = openLibc();
  if (sx) {
    if (!sx.lstat(abs)) return false;
    const v = compareStatx(e, sx.words, Number(indexMtimeNs / 1_000_000_000n), Number(indexMtimeNs % 1_000_000_000n), filemode);
    if (v !== "maybe") return v === "clean";
  }
  const st = lstatQuiet(abs);
  if (!st) return false;
  const v = compareStat(e, st, indexMtimeNs, filemode);
  if (v === "clean") return true;
  if (v === "changed") return false;
  return hashFile(abs, st).oid === e.oid;
}

const same = (a: FileEntry | undefined, b: { oid: string; mode: number } | undefined) => (!a && !b) || (!!a && !!b && a.oid === b.oid && a.mode === b.mode);

/** Options for switching trees. */
export interface SwitchOptions {
  /** Discard local changes (checkout -f, reset --hard). */
  force?: boolean;
  /** The verb in error messages: "checkout" or "merge". */
  verb?: string;
}

/**
 * Moves index and work tree from tree `from` to tree `to`, carrying local
 * changes to paths the switch does not touch, refusing (exit 1, nothing
 * changed) when a touched path has local changes or an untracked file would
 * be overwritten. Returns the new index entries (not yet written).
 */
export function switchTrees(repo: Repository, from: string | undefined, to: string | undefined, options: SwitchOptions = {}): { entries: IndexEntry[]; ext?: Uint8Array } {
  const verb = options.verb ?? "checkout";
  const state = repo.readIndex();
  const { entries, mtimeNs } = state;
  const index = new Map<string, IndexEntry>();
  const unmerged = new Set<string>();
  for (const e of entries) {
    if (e.stage === 0) index.set(e.path, e);
    else unmerged.add(e.path);
  }
  if (unmerged.size > 0 && !options.force) {
    // git lists the unmerged paths on stdout (refresh_index's "needs merge"), the error on stderr.
    throw new GitError("error: you need to resolve your current index first", 1, [...unmerged].sort().map((p) => `${p}: needs merge\n`).join(""));
  }
  const dirty: string[] = [];
  const untrackedHit: string[] = [];
  let ignore: IgnoreMatcher | undefined;
  const writes: [string, FileEntry][] = [];
  const deletes: string[] = [];
  // What differs between the two trees (equal subtrees skipped); a forced switch looks at every path.
  const pairs = new Map<string, { o?: FileEntry; n?: FileEntry }>();
  if (options.force) {
    const oldFiles = flattenTree(repo, from);
    const newFiles = flattenTree(repo, to);
    for (const p of new Set([...oldFiles.keys(), ...newFiles.keys(), ...index.keys(), ...unmerged])) pairs.set(p, { o: oldFiles.get(p), n: newFiles.get(p) });
  } else {
    for (const c of diffTrees(repo, from, to)) pairs.set(c.path, { o: c.old, n: c.new });
  }
  for (const [path, { o, n }] of pairs) {
    const i = index.get(path);
    if (options.force) {
      if (n) {
        if (!(i && same(n, i) && workMatchesEntry(repo, i, mtimeNs))) writes.push([path, n]);
      } else if (i || o || unmerged.has(path)) deletes.push(path);
      continue;
    }
    if (same(o, n)) continue;
    if (i && same(n, i)) {
      // Already staged as the target: keep the entry (and any work-tree edits).
      continue;
    }
    if (!i) {
      if (o) {
        // Deleted from the index: fine when the target deletes it too, else a local change.
        if (n) dirty.push(path);
        continue;
      }
      // An untracked file in the way stops the switch whatever it holds (unpack-trees' verify_absent); ignored ones are overwritten.
      const st = lstatQuiet(`${repo.workTree}/${path}`);
      if (st && !st.isDirectory() && n && !(ignore ??= ignoreRules(repo)).isIgnored(path, false)) untrackedHit.push(path);
      if (n) writes.push([path, n]);
      continue;
    }
    // verify_uptodate: a file missing from the work tree is no local change (the switch writes the new version).
    if (!same(o, i) || !(workMatchesEntry(repo, i, mtimeNs) || !lstatQuiet(`${repo.workTree}/${path}`))) {
      dirty.push(path);
      continue;
    }
    if (n) writes.push([path, n]);
    else deletes.push(path);
  }
  if (dirty.length || untrackedHit.length) {
    const parts: string[] = [];
    if (dirty.length) {
      parts.push(
        `error: Your local changes to the following files would be overwritten by ${verb}:\n${dirty.sort().map((p) => `\t${p}`).join("\n")}\nPlease commit your changes or stash them before you ${verb === "checkout" ? "switch branches" : verb}.`,
      );
    }
    if (untrackedHit.length) {
      parts.push(
        `error: The following untracked working tree files would be overwritten by ${verb}:\n${untrackedHit.sort().map((p) => `\t${p}`).join("\n")}\nPlease move or remove them before you ${verb === "checkout" ? "switch branches" : verb}.`,
      );
    }
    throw new GitError(`${parts.join("\n")}\nAborting`, 1);
  }
  for (const path of deletes) {
    removeWorkFile(repo.workTree, path);
    index.delete(path);
  }
  for (const [path, f] of writes) index.set(path, writeWorkFile(repo, path, f.mode, f.oid));
  const result = [...index.values()];
  // The index is exactly the target tree when it was exactly the old one (valid cache tree) or the switch was forced;
  // then its cache tree is known too, and status skips reading HEAD's trees.
  const exact = options.force || (from !== undefined && state.rootTree === from) || (from === undefined && entries.length === 0);
  return { entries: result, ext: exact && to ? (cacheTreeOf(repo, to) ?? writeTree(repo, result).ext) : undefined };
}

/**
 * `reset --merge` to tree `to` (what `merge --abort` does): entries staged by
 * the merge and conflicted paths go back to `to` in index and work tree;
 * paths whose entry already matches `to` keep their work-tree edits.
 */
export function resetMerge(repo: Repository, to: string | undefined): { entries: IndexEntry[]; ext?: Uint8Array } {
  const { entries } = repo.readIndex();
  const target = flattenTree(repo, to);
  const stage0 = new Map<string, IndexEntry>();
  const unmerged = new Set<string>();
  for (const e of entries) {
    if (e.stage === 0) stage0.set(e.path, e);
    else unmerged.add(e.path);
  }
  const out = new Map<string, IndexEntry>();
  for (const path of new Set([...target.keys(), ...stage0.keys(), ...unmerged])) {
    const t = target.get(path);
    const i = stage0.get(path);
    if (!unmerged.has(path) && i && same(t, i)) {
      out.set(path, i);
      continue;
    }
    if (t) out.set(path, writeWorkFile(repo, path, t.mode, t.oid));
    else removeWorkFile(repo.workTree, path);
  }
  const result = [...out.values()];
  return { entries: result, ext: to ? writeTree(repo, result).ext : undefined };
}
