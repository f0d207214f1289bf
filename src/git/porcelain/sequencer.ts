/**
 * The sequencer behind `git cherry-pick` and `git revert` (git's sequencer.c):
 * one pick as a tree merge with the picked commit's parent as base (for a
 * revert the commit is the base and its parent theirs), the commit it makes
 * or the conflict it leaves (CHERRY_PICK_HEAD / REVERT_HEAD, MERGE_MSG), and
 * a sequence's state in .git/sequencer (todo, head, abort-safety, opts) with
 * --continue, --skip, --abort and --quit.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { GitError } from "../errors.ts";
import { gitDirName, hasHook, indexFileName, runHook } from "../hooks.ts";
import { zeroStat } from "../index-file.ts";
import { localChangesRefusal, writeMergeResult } from "../merge-apply.ts";
import { mergeTrees, resultFiles } from "../merge-tree.ts";
import type { Signature } from "../objects.ts";
import type { Repository } from "../repo.ts";
import { abbrev } from "../revision.ts";
import { flattenTree, writeTree } from "../tree.ts";
import { switchTrees } from "../workdir.ts";
import { cleanupMessage, commit, commitIndex, printCommitSummary } from "./commit.ts";
import { reset } from "./checkout.ts";
import { withCommand, type Context } from "./context.ts";
import { lastCommand, messageOf, readOpts, readTodo, rollbackIsSafe, saveOpts, saveTodo, seqPath, todoFor, updateAbortSafety, type Action, type ReplayOptions, type TodoItem } from "./sequencer-state.ts";

export type { Action, ReplayOptions } from "./sequencer-state.ts";

/** sequencer_pick_revisions' failure: what was said, then "fatal: <action> failed". */
const FAILED = -1;

function error(ctx: Context, message: string): number {
  ctx.eprint(`error: ${message}`);
  return FAILED;
}

/** has_conforming_footer without a sign-off to look for: the last paragraph (not the subject) is all trailers. */
function hasTrailers(message: string): boolean {
  const paragraphs = message.replace(/\n+$/, "").split(/\n[ \t]*\n/);
  if (paragraphs.length < 2) return false;
  const lines = paragraphs[paragraphs.length - 1]!.split("\n");
  return lines.every((l) => /^[A-Za-z0-9-]+:\s/.test(l) || l.startsWith("(cherry picked from commit "));
}

/** error_dirty_index: unmerged entries, or staged changes the pick would overwrite. */
function errorDirtyIndex(ctx: Context, action: Action): number {
  if (ctx.repo.readIndex().entries.some((e) => e.stage !== 0)) {
    ctx.eprint(`error: ${action === "revert" ? "Reverting" : "Cherry-picking"} is not possible because you have unmerged files.`);
    ctx.eprint("hint: Fix them up in the work tree, and then use 'git add/rm <file>'\nhint: as appropriate to mark resolution and make a commit.");
    return FAILED;
  }
  ctx.eprint(`error: your local changes would be overwritten by ${action}.`);
  ctx.eprint("hint: commit your changes or stash them to proceed.");
  return FAILED;
}

/** Whether the index differs from `tree` (index_differs_from; an unmerged index always does). */
function indexDiffers(repo: Repository, tree: string | undefined): boolean {
  const { entries } = repo.readIndex();
  if (entries.some((e) => e.stage !== 0)) return true;
  return writeTree(repo, entries, { dryRun: true }).oid !== (tree ?? writeTree(repo, [], { dryRun: true }).oid);
}

/** The advice after a conflict (print_advice). */
function printAdvice(ctx: Context, opts: ReplayOptions): void {
  const hint = (text: string) => ctx.eprint(text.split("\n").map((l) => `hint: ${l}`).join("\n"));
  if (opts.noCommit) hint("after resolving the conflicts, mark the corrected paths\nwith 'git add <paths>' or 'git rm <paths>'");
  else {
    const a = opts.action;
    hint(
      `After resolving the conflicts, mark them with\n"git add/rm <pathspec>", then run\n"git ${a} --continue".\nYou can instead skip this commit with "git ${a} --skip".\nTo abort and get back to the state before "git ${a}",\nrun "git ${a} --abort".`,
    );
  }
}

/** GIT_REFLOG_ACTION as the sequencer sets it (unless the caller did). */
const reflogAction = (repo: Repository, opts: ReplayOptions) => repo.env.GIT_REFLOG_ACTION ?? opts.action;

/** The edit default of should_edit: a revert edits its message when stdin is a terminal. */
function shouldEdit(opts: ReplayOptions): boolean {
  return opts.edit ?? (opts.action === "revert" && process.stdin.isTTY === true);
}

/**
 * do_pick_commit: merges one commit's change (or its reversal) into HEAD (or,
 * with --no-commit, into the index) and commits it. Returns 0, 1 for a
 * conflict or a commit that did not happen, FAILED after an error.
 */
function pickOne(ctx: Context, oid: string, command: Action, opts: ReplayOptions): number {
  const repo = ctx.repo;
  const head = repo.head();
  let headTree: string | undefined;
  if (opts.noCommit) {
    const { entries } = repo.readIndex();
    if (entries.some((e) => e.stage !== 0)) return error(ctx, "your index file is unmerged.");
    headTree = writeTree(repo, entries).oid;
  } else {
    headTree = head ? repo.commit(head).tree : undefined;
    if (indexDiffers(repo, headTree)) return errorDirtyIndex(ctx, opts.action);
  }
  const c = repo.commit(oid);
  let parent: string | undefined;
  if (c.parents.length === 0) parent = undefined;
  else if (c.parents.length > 1) {
    if (!opts.mainline) return error(ctx, `commit ${oid} is a merge but no -m option was given.`);
    parent = c.parents[opts.mainline - 1];
    if (!parent) return error(ctx, `commit ${oid} does not have parent ${opts.mainline}`);
  } else if ((opts.mainline ?? 0) > 1) return error(ctx, `commit ${oid} does not have parent ${opts.mainline}`);
  else parent = c.parents[0];
  const { body, subject } = messageOf(repo, oid);
  const short = abbrev(repo, oid);
  const label = `${short} (${subject})`;
  if (opts.allowFF && command === "cherry-pick" && (parent ? parent === head : !head)) return fastForward(ctx, oid, head, opts);
  let base: string | undefined;
  let next: string | undefined;
  let baseLabel: string;
  let nextLabel: string;
  let message: string;
  let author: Signature | undefined;
  if (command === "revert") {
    [base, next, baseLabel, nextLabel] = [oid, parent, label, `parent of ${label}`];
    message = `Revert "${subject}"\n\nThis reverts commit ${oid}${c.parents.length > 1 ? `, reversing\nchanges made to ${parent}` : ""}.\n`;
  } else {
    [base, next, baseLabel, nextLabel] = [parent, oid, `parent of ${label}`, label];
    message = body;
    if (opts.recordOrigin) {
      if (message !== "" && !message.endsWith("\n")) message += "\n";
      if (!hasTrailers(message)) message += "\n";
      message += `(cherry picked from commit ${oid})\n`;
    }
    author = c.author;
  }
  const baseTree = base ? repo.commit(base).tree : undefined;
  const nextTree = next ? repo.commit(next).tree : undefined;
  const style = repo.config.get("merge.conflictstyle");
  const merged = mergeTrees(repo, baseTree, headTree, nextTree, {
    ours: "HEAD",
    theirs: next ? nextLabel : "(empty tree)",
    base: base ? baseLabel : "(empty tree)",
    style: style === "diff3" || style === "zdiff3" ? style : undefined,
    directoryRenames: repo.config.get("merge.directoryrenames"),
  });
  const index = repo.readIndex();
  const oursFiles = flattenTree(repo, headTree);
  const refused = localChangesRefusal(repo, merged, oursFiles, index);
  if (refused) {
    ctx.eprint(refused);
    updateAbortSafety(repo);
    return FAILED;
  }
  const entries = writeMergeResult(repo, merged, oursFiles, index);
  // ort records the tree it made (conflicts as marker text) for `git diff AUTO_MERGE`.
  const files = [...resultFiles(merged)].map(([path, f]) => ({ ...zeroStat(path), mode: f.mode, oid: f.oid }));
  writeFileSync(repo.path("AUTO_MERGE"), `${writeTree(repo, files).oid}\n`);
  for (const m of merged.messages) ctx.print(m);
  if (!merged.clean) message += `\n# Conflicts:\n${merged.conflicted.map((p) => `#\t${p}\n`).join("")}`;
  writeFileSync(repo.path("MERGE_MSG"), message);
  const res = merged.clean ? 0 : 1;
  if (command === "cherry-pick" && !opts.noCommit) writeFileSync(repo.path("CHERRY_PICK_HEAD"), `${oid}\n`);
  if (command === "revert" && ((opts.noCommit && res === 0) || res === 1)) writeFileSync(repo.path("REVERT_HEAD"), `${oid}\n`);
  if (res) {
    ctx.eprint(`error: could not ${command === "revert" ? "revert" : "apply"} ${short}... ${subject}`);
    printAdvice(ctx, opts);
    updateAbortSafety(repo);
    return res;
  }
  let allowEmpty = false;
  if (opts.allowEmpty && writeTree(repo, entries, { dryRun: true }).oid === (headTree ?? writeTree(repo, [], { dryRun: true }).oid)) {
    // allow_empty: keep a commit that was empty to begin with (or any, with --keep-redundant-commits).
    const parentTree = c.parents[0] ? repo.commit(c.parents[0]).tree : writeTree(repo, [], { dryRun: true }).oid;
    allowEmpty = opts.keepRedundant === true || parentTree === c.tree;
  }
  const r = opts.noCommit ? 0 : commitPick(ctx, message, { author, allowEmpty, opts, headTree, entries });
  updateAbortSafety(repo);
  return r;
}

/**
 * do_commit: the pick's commit made in-process (try_to_commit) with the
 * picked commit's author, its summary with the author date; when the result
 * is empty, or the message is to be edited, `git commit` does it (and says why not).
 */
function commitPick(
  ctx: Context,
  message: string,
  { author, allowEmpty, opts, headTree, entries }: { author?: Signature; allowEmpty: boolean; opts: ReplayOptions; headTree: string | undefined; entries: ReturnType<typeof writeMergeResult> },
): number {
  const repo = ctx.repo;
  const action = reflogAction(repo, opts);
  if (shouldEdit(opts)) return withCommand("commit", () => commit(ctx, ["-n", "-e", ...(allowEmpty ? ["--allow-empty"] : [])], { reflogAction: action }));
  const tree = writeTree(repo, entries, { dryRun: true }).oid;
  if (!allowEmpty && tree === (headTree ?? writeTree(repo, [], { dryRun: true }).oid)) {
    // run_git_commit: `git commit` refuses the empty commit and says so (status and advice).
    const cleanup = opts.recordOrigin ? [] : ["--cleanup=verbatim"];
    return withCommand("commit", () => commit(ctx, ["-n", "-F", repo.path("MERGE_MSG"), ...cleanup, "--allow-empty-message"], { reflogAction: action }));
  }
  // try_to_commit runs prepare-commit-msg on the message (in COMMIT_EDITMSG) and post-commit after.
  const hookEnv = { GIT_INDEX_FILE: indexFileName(repo), GIT_EDITOR: ":" };
  let final = message;
  if (hasHook(repo, "prepare-commit-msg")) {
    writeFileSync(repo.path("COMMIT_EDITMSG"), message);
    if (runHook(ctx, "prepare-commit-msg", { args: [`${gitDirName(repo)}/COMMIT_EDITMSG`, "message"], env: hookEnv }) !== 0) return error(ctx, "'prepare-commit-msg' hook failed");
    final = readFileSync(repo.path("COMMIT_EDITMSG"), "utf8");
  }
  // The message is taken verbatim, but for -x's whitespace cleanup (the sequencer's default_msg_cleanup).
  if (opts.recordOrigin) final = cleanupMessage(final, false);
  const r = commitIndex(repo, final, { author, allowEmpty: true, reflogAction: action, sequencer: true });
  runHook(ctx, "post-commit", { env: hookEnv });
  printCommitSummary(ctx, r.oid, { showDate: true });
  return 0;
}

/** fast_forward_to: --ff moves HEAD to the picked commit when its parent is HEAD. */
function fastForward(ctx: Context, oid: string, head: string | undefined, opts: ReplayOptions): number {
  const repo = ctx.repo;
  const lock = repo.lockIndex();
  try {
    const r = switchTrees(repo, head ? repo.commit(head).tree : undefined, repo.commit(oid).tree, { verb: "merge" });
    repo.writeIndex(lock, r.entries, r.ext);
  } catch (e) {
    lock.rollback();
    if (!(e instanceof GitError)) throw e;
    ctx.eprint(e.message);
    return FAILED;
  }
  repo.refs.update("HEAD", oid, { message: `${reflogAction(repo, opts)}: fast-forward` });
  updateAbortSafety(repo);
  return 0;
}

/** pick_commits: each remaining item, the todo saved before each; the state goes when the last is done. */
function pickCommits(ctx: Context, items: TodoItem[], opts: ReplayOptions): number {
  const repo = ctx.repo;
  for (let k = 0; k < items.length; k++) {
    saveTodo(repo, items.slice(k));
    const res = pickOne(ctx, items[k]!.oid, items[k]!.command, opts);
    if (res) return res;
  }
  rmSync(seqPath(repo), { recursive: true, force: true });
  return 0;
}

/**
 * sequencer_pick_revisions: one commit named alone is picked without any
 * sequencer state; anything else starts a sequence in .git/sequencer.
 */
export function pickRevisions(ctx: Context, oids: string[], single: boolean, opts: ReplayOptions): number {
  const repo = ctx.repo;
  if (single) return pickOne(ctx, oids[0]!, opts.action, opts);
  if (oids.length === 0) return error(ctx, "empty commit set passed");
  const items = todoFor(repo, oids, opts.action);
  const running = lastCommand(repo);
  if (running) {
    const skip = existsSync(repo.path("REVERT_HEAD")) || existsSync(repo.path("CHERRY_PICK_HEAD")) ? "--skip | " : "";
    ctx.eprint(`error: ${running} is already in progress`);
    ctx.eprint(`hint: try "git ${running} (--continue | ${skip}--abort | --quit)"`);
    return FAILED;
  }
  try {
    mkdirSync(seqPath(repo));
  } catch (e) {
    return error(ctx, `could not create sequencer directory '${repo.path("sequencer")}': ${(e as Error).message}`);
  }
  const head = repo.head();
  if (!head && opts.action === "revert") return error(ctx, "can't revert as initial commit");
  writeFileSync(seqPath(repo, "head"), `${head ?? "0".repeat(40)}\n`);
  saveOpts(repo, opts);
  updateAbortSafety(repo);
  return pickCommits(ctx, items, opts);
}

/** continue_single_pick: `git commit` concludes the conflicted pick, keeping its message (comments stripped). */
function continueSinglePick(ctx: Context, opts: ReplayOptions): number {
  const repo = ctx.repo;
  if (!existsSync(repo.path("CHERRY_PICK_HEAD")) && !existsSync(repo.path("REVERT_HEAD"))) return error(ctx, "no cherry-pick or revert in progress");
  return withCommand("commit", () => commit(ctx, opts.edit === true ? [] : ["--no-edit", "--cleanup=strip"]));
}

/** sequencer_continue. */
export function sequencerContinue(ctx: Context, action: Action): number {
  const repo = ctx.repo;
  if (!existsSync(seqPath(repo, "todo"))) return continueSinglePick(ctx, { action });
  const opts = readOpts(repo, action);
  const items = readTodo(repo, action);
  if (typeof items === "string") return error(ctx, items);
  if (existsSync(repo.path("CHERRY_PICK_HEAD")) || existsSync(repo.path("REVERT_HEAD"))) {
    const res = continueSinglePick(ctx, opts);
    if (res) return res;
  }
  const head = repo.head();
  if (indexDiffers(repo, head ? repo.commit(head).tree : undefined)) return errorDirtyIndex(ctx, action);
  return pickCommits(ctx, items.slice(1), opts);
}

/** reset --merge to `oid` (what the sequencer runs to abort or skip). */
function resetMerge(ctx: Context, oid: string): number {
  return withCommand("reset", () => reset(ctx, ["--merge", oid]));
}

/** sequencer_rollback (--abort): back to where the sequence started, or HEAD for a single pick. */
export function sequencerRollback(ctx: Context): number {
  const repo = ctx.repo;
  let saved: string;
  try {
    saved = readFileSync(seqPath(repo, "head"), "utf8");
  } catch {
    if (!existsSync(repo.path("CHERRY_PICK_HEAD")) && !existsSync(repo.path("REVERT_HEAD"))) return error(ctx, "no cherry-pick or revert in progress");
    const head = repo.head();
    if (!head) return error(ctx, "cannot abort from a branch yet to be born");
    return resetMerge(ctx, head);
  }
  const oid = saved.split("\n")[0]!;
  if (!/^[0-9a-f]{40}$/.test(oid)) return error(ctx, `stored pre-cherry-pick HEAD file '${repo.path("sequencer/head")}' is corrupt`);
  if (/^0+$/.test(oid)) return error(ctx, "cannot abort from a branch yet to be born");
  if (!rollbackIsSafe(repo)) ctx.eprint("warning: You seem to have moved HEAD. Not rewinding, check your HEAD!");
  else if (resetMerge(ctx, oid)) return FAILED;
  rmSync(seqPath(repo), { recursive: true, force: true });
  return 0;
}

/** sequencer_skip (--skip): drop the conflicted pick and go on with the sequence. */
export function sequencerSkip(ctx: Context, action: Action): number {
  const repo = ctx.repo;
  const running = lastCommand(repo);
  const headFile = action === "revert" ? "REVERT_HEAD" : "CHERRY_PICK_HEAD";
  if (!existsSync(repo.path(headFile))) {
    if (running !== action) return error(ctx, `no ${action} in progress`);
    if (!rollbackIsSafe(repo)) {
      ctx.eprint("error: there is nothing to skip");
      ctx.eprint(`hint: have you committed already?\nhint: try "git ${action} --continue"`);
      return FAILED;
    }
  }
  const head = repo.head();
  if (!head) return error(ctx, "cannot resolve HEAD");
  if (resetMerge(ctx, head)) return error(ctx, "failed to skip the commit");
  if (!existsSync(seqPath(repo))) return 0;
  return sequencerContinue(ctx, action);
}

/** --quit: forget the sequence (and the pick in progress), leaving index and work tree as they are. */
export function sequencerQuit(ctx: Context): number {
  const repo = ctx.repo;
  rmSync(seqPath(repo), { recursive: true, force: true });
  for (const f of ["CHERRY_PICK_HEAD", "REVERT_HEAD", "MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "AUTO_MERGE", "SQUASH_MSG"]) rmSync(repo.path(f), { force: true });
  return 0;
}
