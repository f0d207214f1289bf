/**
 * Making a stash as git's do_create_stash does: the index commit I ("index
 * on <branch>: <abbrev> <subject>", parent HEAD), with -u the untracked
 * files commit U ("untracked files on ...", no parent), and the stash
 * commit W whose tree is the index with every tracked path (in the pathspec)
 * taken from the work tree, parents HEAD, I and U, message
 * "WIP on <branch>: <abbrev> <subject>" or "On <branch>: <message>"
 * (without a trailing newline, as git writes it).
 */
import { identity } from "./ident.ts";
import type { IndexEntry } from "./index-file.ts";
import { ignoreRules } from "./ignore-rules.ts";
import type { IgnoreMatcher } from "./ignore.ts";
import { serializeCommit, subjectOf, type Signature } from "./objects.ts";
import type { Pathspec } from "./pathspec.ts";
import type { Repository } from "./repo.ts";
import { abbrev } from "./revision.ts";
import { computeStatus } from "./status.ts";
import { flattenTree, writeTree } from "./tree.ts";
import { trackedSet, untracked } from "./walk.ts";
import { lstatQuiet } from "./worktree.ts";
import { stageFile } from "./porcelain/add.ts";

/** What a new stash is made of. */
export interface StashCommits {
  /** The stash commit W, its tree, the index commit I and tree, HEAD (B), and with -u the untracked commit U. */
  w: string;
  i: string;
  iTree: string;
  b: string;
  u?: string;
  /** W's message (also the reflog's). */
  message: string;
}

/** A commit with git's identities (git stash falls back to "git stash <git@stash>" when none is configured). */
function commitObject(repo: Repository, tree: string, parents: string[], message: string): string {
  const who = (role: "AUTHOR" | "COMMITTER"): Signature => {
    try {
      return identity(role, repo.env, repo.config);
    } catch {
      const now = identity(role, { ...repo.env, [`GIT_${role}_NAME`]: "git stash", [`GIT_${role}_EMAIL`]: "git@stash" }, repo.config);
      return now;
    }
  };
  return repo.objects.write("commit", serializeCommit({ tree, parents, author: who("AUTHOR"), committer: who("COMMITTER"), message }));
}

/** Which untracked files a stash takes: none, those not ignored (-u), or every one (-a). */
export type UntrackedMode = "no" | "untracked" | "all";

/** The untracked files the pathspec matches (ignored ones too with "all"), every one (no directory collapsing), sorted. */
export function untrackedFiles(repo: Repository, spec: Pathspec, mode: UntrackedMode): string[] {
  if (mode === "no") return [];
  const { entries } = repo.readIndex();
  const ignore = mode === "all" ? ({ isIgnored: () => false } as unknown as IgnoreMatcher) : ignoreRules(repo);
  return untracked(repo.workTree, trackedSet(entries.map((e) => e.path)), ignore, { all: true })
    .filter((p) => spec.matches(p))
    .sort();
}

/** check_changes: whether the index differs from HEAD, the work tree from the index, or (with -u) there are untracked files, in the pathspec. */
export function hasChanges(repo: Repository, spec: Pathspec, mode: UntrackedMode): boolean {
  const s = computeStatus(repo, { untracked: false });
  if (s.entries.some((e) => spec.matches(e.path) || (e.from !== undefined && spec.matches(e.from)))) return true;
  return untrackedFiles(repo, spec, mode).length > 0;
}

/** "<branch>: <abbrev> <subject>" (branch "(no branch)" when detached), the text the stash messages are made of. */
export function stashLabel(repo: Repository, head: string): { branch: string; label: string } {
  const branch = repo.currentBranch() ?? "(no branch)";
  return { branch, label: `${branch}: ${abbrev(repo, head)} ${subjectOf(repo.commit(head).message)}` };
}

/** Writes I, U (with `untrackedPaths`) and W for the current index and work tree; `message` is the user's (-m), if any. */
export function createStash(repo: Repository, head: string, options: { spec: Pathspec; message?: string; untrackedPaths?: string[] }): StashCommits {
  const { branch, label } = stashLabel(repo, head);
  const state = repo.readIndex();
  const stage0 = state.entries.filter((e) => e.stage === 0);
  const iTree = writeTree(repo, stage0).oid;
  const i = commitObject(repo, iTree, [head], `index on ${label}\n`);
  const filemode = repo.config.getBool("core.filemode", true);
  let u: string | undefined;
  if (options.untrackedPaths) {
    const files: IndexEntry[] = [];
    for (const path of options.untrackedPaths) {
      const e = stageFile(repo, path, undefined, 0n, filemode);
      if (e) files.push(e);
    }
    u = commitObject(repo, writeTree(repo, files).oid, [], `untracked files on ${label}\n`);
  }
  // The work tree's state of every path HEAD or the index has (update-index --add --remove over diff-index's
  // paths): a file added to the index and gone from the work tree is not among them (show_new_file skips it).
  const work = new Map(stage0.map((e) => [e.path, e]));
  const headFiles = flattenTree(repo, repo.commit(head).tree);
  for (const path of new Set([...headFiles.keys(), ...state.entries.map((e) => e.path)])) {
    if (!options.spec.matches(path)) continue;
    const st = lstatQuiet(`${repo.workTree}/${path}`);
    if (st?.isDirectory() || (!st && !headFiles.has(path))) continue;
    const e = stageFile(repo, path, work.get(path), state.mtimeNs, filemode);
    if (e) work.set(path, e);
    else work.delete(path);
  }
  const wTree = writeTree(repo, [...work.values()]).oid;
  // An empty message is none (git tests the buffer's length).
  const message = options.message ? `On ${branch}: ${options.message}` : `WIP on ${label}`;
  const w = commitObject(repo, wTree, u ? [head, i, u] : [head, i], message);
  return { w, i, iTree, b: head, u, message };
}
