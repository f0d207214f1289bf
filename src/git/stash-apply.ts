/**
 * Applying a stash as git's do_apply_stash does: the stash's tree merged
 * (merge-ort, one base: the stash's HEAD tree) into the current index's tree
 * with the labels "Updated upstream" (or "Version stash was based on") and
 * "Stashed changes"; the result checked out over the index as a two-way
 * switch (refusing local changes and untracked files in its way), then
 * unstaged except for new files (or, with --index, the index the stash
 * recorded), the untracked files written back, and `git status` said.
 */
import { writeFileSync } from "node:fs";
import { applyChange } from "./apply-hunks.ts";
import { isBinary } from "./diff.ts";
import { GitError, fatal } from "./errors.ts";
import { zeroStat, type IndexEntry } from "./index-file.ts";
import { mergeTrees, resultFiles } from "./merge-tree.ts";
import type { Repository } from "./repo.ts";
import { diffTrees, flattenTree, writeTree, type FileEntry } from "./tree.ts";
import { switchTrees, writeWorkFile } from "./workdir.ts";
import { lstatQuiet } from "./worktree.ts";

/** A stash commit's parts (git's stash_info). */
export interface StashInfo {
  /** The revision as git names it in messages ("refs/stash@{0}", "stash@{1}"). */
  revision: string;
  w: string;
  wTree: string;
  b: string;
  bTree: string;
  iTree: string;
  uTree?: string;
  /** Whether the revision names an entry of refs/stash (drop and pop need one). */
  isStashRef: boolean;
}

/** What applying printed and whether it worked (`ok` false: exit 1, pop keeps the entry; `refused`: nothing was tried). */
export interface ApplyOutcome {
  ok: boolean;
  refused?: boolean;
  stdout: string[];
  stderr: string[];
}

const sameFile = (a: { oid: string; mode: number } | undefined, b: { oid: string; mode: number } | undefined) => (!a && !b) || (!!a && !!b && a.oid === b.oid && a.mode === b.mode);

/** Index entries for the files of `files`, keeping the stat data of `old` entries that hold the same blob. */
function entriesFor(files: Map<string, FileEntry>, old: Map<string, IndexEntry>): IndexEntry[] {
  const out: IndexEntry[] = [];
  for (const [path, f] of files) {
    const o = old.get(path);
    out.push(o && sameFile(o, f) ? o : { ...zeroStat(path), oid: f.oid, mode: f.mode });
  }
  return out;
}

/**
 * `git apply --cached` of the stash's index changes (the patch `diff-tree
 * --binary` gives from its HEAD's tree to its index tree) onto the index,
 * with git apply's errors: a path added where the index has one, changed
 * where it has none, of another type, or whose hunks do not apply to the
 * index's version. A type change (a delete and a create in git's patch) is
 * applied only onto the stash's HEAD version; elsewhere gokit refuses.
 */
function stagedIndex(repo: Repository, info: StashInfo, current: Map<string, IndexEntry>): { files: Map<string, FileEntry>; warnings: string[] } | { errors: string[] } {
  const files = new Map<string, FileEntry>([...current].map(([p, e]) => [p, { oid: e.oid, mode: e.mode }]));
  const errors: string[] = [];
  const warnings: string[] = [];
  const blob = (oid: string) => repo.readTyped(oid, "blob");
  for (const c of diffTrees(repo, info.bTree, info.iTree)) {
    const now = current.get(c.path);
    if (!c.old) {
      if (now) errors.push(`error: ${c.path}: already exists in index`);
      else files.set(c.path, c.new!);
      continue;
    }
    if (!now) {
      errors.push(`error: ${c.path}: does not exist in index`);
      continue;
    }
    if (c.new && (c.new.mode & 0o170000) !== (c.old.mode & 0o170000)) {
      if (!sameFile(now, c.old)) throw fatal(`gokit git stash does not support --index when the index has other changes to '${c.path}'`);
      files.set(c.path, c.new);
      continue;
    }
    if ((now.mode & 0o170000) !== (c.old.mode & 0o170000)) {
      errors.push(`error: ${c.path}: wrong type`);
      continue;
    }
    if (now.mode !== c.old.mode) warnings.push(`warning: ${c.path} has type ${now.mode.toString(8)}, expected ${c.old.mode.toString(8)}`);
    let result: string;
    if (now.oid === c.old.oid) result = c.new?.oid ?? "";
    else {
      const [b, i, n] = [blob(c.old.oid), c.new ? blob(c.new.oid) : new Uint8Array(0), blob(now.oid)];
      if (isBinary(b) || isBinary(i)) {
        errors.push(`error: the patch applies to '${c.path}' (${c.old.oid}), which does not match the current contents.`, `error: ${c.path}: patch does not apply`);
        continue;
      }
      const applied = applyChange(b, i, n);
      if (!applied.ok) {
        errors.push(`error: patch failed: ${c.path}:${applied.line}`, `error: ${c.path}: patch does not apply`);
        continue;
      }
      result = c.new ? repo.objects.write("blob", applied.result) : "";
    }
    if (c.new) files.set(c.path, { oid: result, mode: c.new.mode });
    else files.delete(c.path);
  }
  return errors.length ? { errors } : { files, warnings };
}

/** Writes the stash's untracked files (git's checkout-index --all: a path already there is left, and reported). */
function restoreUntracked(repo: Repository, uTree: string, stderr: string[]): boolean {
  let ok = true;
  for (const [path, f] of [...flattenTree(repo, uTree)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (lstatQuiet(`${repo.workTree}/${path}`)) {
      stderr.push(`${path} already exists, no checkout\n`);
      ok = false;
      continue;
    }
    writeWorkFile(repo, path, f.mode, f.oid);
  }
  if (!ok) stderr.push("error: could not restore untracked files from stash\n");
  return ok;
}

/** Applies the stash to the index and work tree (`index`: restore its index too). */
export function applyStash(repo: Repository, info: StashInfo, options: { index: boolean }): ApplyOutcome {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const state = repo.readIndex();
  const unmerged = [...new Set(state.entries.filter((e) => e.stage !== 0).map((e) => e.path))];
  if (unmerged.length) {
    // refresh_index's report; write_index_as_tree then fails without a word.
    for (const path of unmerged) stdout.push(`${path}: needs merge\n`);
    return { ok: false, refused: true, stdout, stderr };
  }
  const current = new Map(state.entries.map((e) => [e.path, e]));
  const cTree = writeTree(repo, state.entries).oid;
  const restaged = options.index && info.bTree !== info.iTree && cTree !== info.iTree ? stagedIndex(repo, info, current) : undefined;
  if (restaged && "errors" in restaged) {
    for (const e of restaged.errors) stderr.push(`${e}\n`);
    stderr.push("error: conflicts in index. Try without --index.\n");
    return { ok: false, refused: true, stdout, stderr };
  }
  const staged = restaged?.files;
  if (restaged) for (const w of restaged.warnings) stderr.push(`${w}\n`);
  let ok = true;
  if (staged) {
    // reset --quiet --refresh: the index goes back to HEAD, and ort (merge_start) then finds it is not the tree it merges into.
    const headTree = repo.head() ? repo.commit(repo.head()!).tree : undefined;
    const lock = repo.lockIndex();
    repo.writeIndex(lock, entriesFor(flattenTree(repo, headTree), current));
    if (headTree !== cTree) {
      const paths = diffTrees(repo, cTree, headTree).map((c) => c.path);
      stderr.push(`error: Your local changes to the following files would be overwritten by merge:\n  ${paths.join(" ")}\n`, "Index was not unstashed.\n");
      ok = false;
    }
  }
  if (ok && info.bTree === info.wTree) {
    // merge_ort_nonrecursive's shortcut, said even with -q: the stash changes no tracked file.
    stdout.push("Already up to date.\n");
    if (staged) {
      const lock = repo.lockIndex();
      repo.writeIndex(lock, entriesFor(staged, current));
    }
  } else if (ok) ok = mergeStash(repo, info, { cTree, current, staged, ...options }, stdout, stderr);
  if (info.uTree && !restoreUntracked(repo, info.uTree, stderr)) ok = false;
  return { ok, stdout, stderr };
}

/** The merge of the stash's tree into the index's (`cTree`), checked out; false when it stopped or left conflicts. */
function mergeStash(
  repo: Repository,
  info: StashInfo,
  state: { cTree: string; current: Map<string, IndexEntry>; staged?: Map<string, FileEntry>; index: boolean },
  stdout: string[],
  stderr: string[],
): boolean {
  const { cTree, current, staged } = state;
  const style = repo.config.get("merge.conflictstyle");
  const merged = mergeTrees(repo, info.bTree, cTree, info.wTree, {
    ours: info.bTree === cTree ? "Version stash was based on" : "Updated upstream",
    theirs: "Stashed changes",
    base: "Stash base",
    style: style === "diff3" || style === "zdiff3" ? style : undefined,
    directoryRenames: repo.config.get("merge.directoryrenames"),
  });
  let ok = true;
  const lock = repo.lockIndex();
  try {
    const files = [...resultFiles(merged)].map(([path, f]) => ({ ...zeroStat(path), mode: f.mode, oid: f.oid }));
    const resultTree = writeTree(repo, files).oid;
    // merge_switch_to_result: a two-way checkout from the index's tree; local changes in the way stop it before any message.
    const switched = switchTrees(repo, cTree, resultTree, { verb: "merge" });
    const byPath = new Map(switched.entries.map((e) => [e.path, e]));
    const stages: IndexEntry[] = [];
    for (const m of merged.paths) {
      if (!m.stages) continue;
      byPath.delete(m.path);
      m.stages.forEach((s, k) => {
        if (s) stages.push({ ...zeroStat(m.path), oid: s.oid, mode: s.mode, stage: k + 1 });
      });
    }
    writeFileSync(repo.path("AUTO_MERGE"), `${resultTree}\n`);
    // ort says what it did whatever --quiet asks (git 2.39's stash lowers a verbosity ort does not consult).
    for (const msg of merged.messages) stdout.push(`${msg}\n`);
    if (!merged.clean) {
      repo.writeIndex(lock, [...byPath.values(), ...stages]);
      if (state.index) stderr.push("Index was not unstashed.\n");
      ok = false;
    } else if (staged) {
      repo.writeIndex(lock, entriesFor(staged, byPath));
    } else {
      // unstage_changes_unless_new: what the merge changed goes back to the index's version, new files stay added.
      const before = flattenTree(repo, cTree);
      for (const path of new Set([...before.keys(), ...byPath.keys()])) {
        const b = before.get(path);
        const now = byPath.get(path);
        if (sameFile(b, now) || !b) continue;
        const o = current.get(path);
        byPath.set(path, o && sameFile(o, b) ? o : { ...zeroStat(path), oid: b.oid, mode: b.mode });
      }
      repo.writeIndex(lock, [...byPath.values()]);
    }
  } catch (e) {
    lock.rollback();
    if (!(e instanceof GitError) || e.exitCode !== 1) throw e;
    stderr.push(`${e.message}\n`);
    if (state.index) stderr.push("Index was not unstashed.\n");
    ok = false;
  }
  return ok;
}
