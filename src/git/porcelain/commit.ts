/** `git commit`: tree from the index, parents (HEAD, MERGE_HEAD, or HEAD's for --amend), Git's summary output and its refusals. */
import { existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { formatDefaultDate } from "../dates.ts";
import { changesWithRenames, modeLines, numstat, summaryLine } from "../diffstat.ts";
import { GitError } from "../errors.ts";
import { identity } from "../ident.ts";
import { serializeCommit, subjectOf, type Commit, type Signature } from "../objects.ts";
import { Pathspec } from "../pathspec.ts";
import type { Repository } from "../repo.ts";
import { abbrev } from "../revision.ts";
import { detachedLabel } from "../detached-head.ts";
import { computeStatus, formatLong, formatShort, type StatusEntry, type StatusResult } from "../status.ts";
import { diffTrees, flattenTree, writeTree, type TreeChange } from "../tree.ts";
import { parseCacheTree, validNodes } from "../cache-tree.ts";
import { LockFile } from "../refs.ts";
import { planAdd, stageFile } from "./add.ts";
import { compareEntries, parseIndex, serializeIndex, zeroStat, type IndexEntry } from "../index-file.ts";
import { gitDirName, hasHook, indexFileName, runHook } from "../hooks.ts";
import { parseOptions, type Context, type Parsed } from "./context.ts";

/** Git's whitespace cleanup: strip trailing spaces, drop leading/trailing blank lines, squeeze blank runs; `comments` also drops "#" lines. */
export function cleanupMessage(msg: string, comments: boolean): string {
  const out: string[] = [];
  let blank = 0;
  for (let line of msg.split("\n")) {
    if (comments && line.startsWith("#")) continue;
    line = line.replace(/\s+$/, "");
    if (line === "") {
      blank++;
      continue;
    }
    if (blank && out.length) out.push("");
    blank = 0;
    out.push(line);
  }
  return out.length ? out.join("\n") + "\n" : "";
}

/**
 * `git commit <paths>` (--only): HEAD's tree with the work-tree versions of the
 * matched tracked paths is committed, and the index gets those paths too;
 * everything else staged stays staged.
 */
function onlyPaths(repo: Repository, args: string[]): { entries: IndexEntry[]; indexAfter: IndexEntry[] } {
  const spec = new Pathspec(args, repo.prefix, repo.workTree);
  const { entries, mtimeNs } = repo.readIndex();
  const filemode = repo.config.getBool("core.filemode", true);
  const head = repo.head();
  const headFiles = flattenTree(repo, head ? repo.commit(head).tree : undefined);
  const matched = new Array(spec.items.length).fill(false);
  const updated = new Map<string, IndexEntry | undefined>();
  for (const e of entries) {
    const k = spec.matchIndex(e.path);
    if (k < 0 || e.stage !== 0) continue;
    matched[k] = true;
    updated.set(e.path, stageFile(repo, e.path, e, mtimeNs, filemode));
  }
  for (const path of headFiles.keys()) {
    const k = spec.matchIndex(path);
    if (k >= 0 && !updated.has(path)) {
      matched[k] = true;
      updated.set(path, undefined);
    }
  }
  const miss = matched.findIndex((m) => !m);
  if (miss >= 0) throw new GitError(`error: pathspec '${spec.items[miss]!.raw}' did not match any file(s) known to git`, 1);
  const indexAfter = entries.filter((e) => !updated.has(e.path));
  const commitEntries: IndexEntry[] = [];
  for (const [path, f] of headFiles) if (!updated.has(path)) commitEntries.push({ ...zeroStat(path), oid: f.oid, mode: f.mode });
  for (const e of updated.values()) {
    if (!e) continue;
    indexAfter.push(e);
    commitEntries.push(e);
  }
  return { entries: commitEntries, indexAfter };
}

/** The editor git would start (GIT_EDITOR, core.editor, VISUAL, EDITOR), or undefined when none is configured or it is ":". */
export function editorCommand(repo: Repository): string | undefined {
  const e = repo.env.GIT_EDITOR ?? repo.config.get("core.editor") ?? repo.env.VISUAL ?? repo.env.EDITOR;
  return e === undefined || e === "" || e === ":" ? undefined : e;
}

const EDIT_HINT = "# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored, and an empty message aborts the commit.\n";
const MERGE_NOTE = "#\n# It looks like you may be committing a merge.\n# If this is not correct, please run\n#\tgit update-ref -d MERGE_HEAD\n# and try again.\n\n";
const CHERRY_PICK_NOTE = "#\n# It looks like you may be committing a cherry-pick.\n# If this is not correct, please run\n#\tgit update-ref -d CHERRY_PICK_HEAD\n# and try again.\n\n";

/** What git says after refusing to commit nothing while concluding a cherry-pick. */
const EMPTY_PICK_ADVICE = "The previous cherry-pick is now empty, possibly due to conflict resolution.\nIf you wish to commit it anyway, use:\n\n    git commit --allow-empty\n\n";
const EMPTY_PICK_SINGLE = "Otherwise, please use 'git cherry-pick --skip'\n";

/** Status for amending: what is staged is compared with HEAD's parent, the commit being replaced's base. */
function againstParent(repo: Repository, s: StatusResult, entries: IndexEntry[], parent: string | undefined): StatusResult {
  const base = flattenTree(repo, parent ? repo.commit(parent).tree : undefined);
  const index = new Map(entries.filter((e) => e.stage === 0).map((e) => [e.path, e]));
  const changes: TreeChange[] = [];
  for (const [path, f] of base) {
    const e = index.get(path);
    if (!e) changes.push({ path, old: f });
    else if (e.oid !== f.oid || e.mode !== f.mode) changes.push({ path, old: f, new: { mode: e.mode, oid: e.oid } });
  }
  for (const [path, e] of index) if (!base.has(path)) changes.push({ path, new: { mode: e.mode, oid: e.oid } });
  const staged = changesWithRenames(repo, changes);
  const worktree = new Map(s.entries.map((e) => [e.path, e.y]));
  const out: StatusEntry[] = staged.map((c) => {
    const x = !c.old ? "A" : !c.new ? "D" : c.from !== undefined ? "R" : (c.old.mode & 0o170000) !== (c.new.mode & 0o170000) ? "T" : "M";
    return { path: c.path, x, y: worktree.get(c.path) ?? " ", ...(c.from !== undefined ? { from: c.from } : {}) };
  });
  const listed = new Set(out.map((e) => e.path));
  for (const e of s.entries) if (e.y !== " " && !listed.has(e.path)) out.push({ path: e.path, x: " ", y: e.y });
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ...s, head: parent, entries: out };
}

/**
 * The comment block that ends git's editor template (prepare_to_commit): the
 * author when it is not the committer, then `git status` without its hints or
 * closing advice, every line commented. `entries` is the index being committed.
 */
function templateStatus(repo: Repository, entries: IndexEntry[] | undefined, amend?: { from: Commit; author?: Signature }): string {
  const lines: string[] = [""];
  try {
    const a = amend?.author ?? identity("AUTHOR", repo.env, repo.config);
    const c = identity("COMMITTER", repo.env, repo.config);
    const idents: string[] = [];
    if (a.name !== c.name || a.email !== c.email) idents.push(`Author:    ${a.name} <${a.email}>`);
    // An amended commit keeps its author date: git shows it.
    if (amend?.author) idents.push(`Date:      ${formatDefaultDate(a.time, a.tz)}`);
    if (idents.length) lines.push(...idents, "");
  } catch {
    // No identity: the commit itself fails with git's message.
  }
  let s = computeStatus(repo, { entries });
  if (amend) s = againstParent(repo, s, entries ?? repo.readIndex().entries, amend.from.parents[0]);
  const status = formatLong(s, { prefix: repo.prefix, detached: detachedLabel(repo), forCommit: true });
  for (const l of status.split("\n").slice(0, -1)) {
    if (!l.startsWith("  (") && !/^(no changes added to commit|nothing to commit|nothing added to commit)/.test(l)) lines.push(l);
  }
  return lines.map((l) => (l === "" ? "#" : l.startsWith("\t") ? `#${l}` : `# ${l}`)).join("\n") + "\n";
}

/** Runs `editor` (by the shell, as git does) on .git/COMMIT_EDITMSG; `env` adds GIT_INDEX_FILE. */
function runEditor(repo: Repository, editor: string, env: Record<string, string>): void {
  const path = repo.path("COMMIT_EDITMSG");
  const r = Bun.spawnSync(["sh", "-c", `${editor} "$@"`, editor, path], { cwd: repo.workTree || repo.gitDir, env: { ...repo.env, ...env }, stdio: ["inherit", "inherit", "inherit"] });
  if (r.exitCode !== 0) throw new GitError(`error: There was a problem with the editor '${editor}'.\nPlease supply the message using either -m or -F option.`, 1);
}

/**
 * Removes the files that describe an in-progress merge, and a cherry-pick's
 * or revert's CHERRY_PICK_HEAD / REVERT_HEAD (sequencer_post_commit_cleanup:
 * the sequence's state goes too when the pick concluded was its last).
 */
export function clearMergeState(repo: Repository): void {
  const picking = ["CHERRY_PICK_HEAD", "REVERT_HEAD"].filter((f) => existsSync(repo.path(f)));
  for (const f of ["MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "AUTO_MERGE", "SQUASH_MSG", ...picking]) {
    try {
      unlinkSync(repo.path(f));
    } catch {}
  }
  if (picking.length && lastPickInProgress(repo)) rmSync(repo.path("sequencer"), { recursive: true, force: true });
}

/** have_finished_the_last_pick: the sequencer's todo holds one line (the pick being concluded) or none. */
function lastPickInProgress(repo: Repository): boolean {
  let todo: string;
  try {
    todo = readFileSync(repo.path("sequencer/todo"), "utf8");
  } catch {
    return false;
  }
  const eol = todo.indexOf("\n");
  return eol < 0 || eol === todo.length - 1;
}

/**
 * How `git commit` was reached (builtin/commit.c determine_whence): plain,
 * concluding a merge, or a cherry-pick. Git 2.39's sequencer_determine_whence
 * overwrites its FROM_CHERRY_PICK_MULTI with SINGLE, so a pick in a sequence
 * reads as a single one.
 */
export type Whence = "commit" | "merge" | "cherry-pick";

export function whence(repo: Repository): Whence {
  if (existsSync(repo.path("MERGE_HEAD"))) return "merge";
  if (existsSync(repo.path("CHERRY_PICK_HEAD"))) return "cherry-pick";
  return "commit";
}

/**
 * The summary git prints after a commit (print_commit_summary): "[branch id]
 * subject", the author when not the committer, the author date when asked
 * (an amend, a cherry-pick), then the shortstat with renames and the
 * create/delete/mode lines.
 */
export function printCommitSummary(ctx: Context, oid: string, options: { root?: boolean; showDate?: boolean } = {}): void {
  const repo = ctx.repo;
  const c = repo.commit(oid);
  const where = repo.currentBranch() ?? "detached HEAD";
  ctx.print(`[${where}${options.root ? " (root-commit)" : ""} ${abbrev(repo, oid)}] ${subjectOf(c.message)}`);
  if (c.author.name !== c.committer.name || c.author.email !== c.committer.email) ctx.print(` Author: ${c.author.name} <${c.author.email}>`);
  if (options.showDate) ctx.print(` Date: ${formatDefaultDate(c.author.time, c.author.tz)}`);
  if (c.parents.length <= 1) {
    const base = c.parents[0] ? repo.commit(c.parents[0]).tree : undefined;
    const changes = changesWithRenames(repo, diffTrees(repo, base, c.tree));
    if (changes.length) ctx.print(summaryLine(numstat(repo, changes)));
    for (const l of modeLines(changes)) ctx.print(l);
  }
}

/** Options for commitIndex; `only` commits those entries instead of the index and then writes `indexAfter` (git commit <paths>). */
export interface CommitIndexOptions {
  amend?: boolean;
  allowEmpty?: boolean;
  author?: Signature;
  only?: { entries: IndexEntry[]; indexAfter: IndexEntry[] };
  /** The reflog's "<action>: " (GIT_REFLOG_ACTION) in place of commit's own. */
  reflogAction?: string;
  /** A commit of the sequencer's (cherry-pick, revert): only CHERRY_PICK_HEAD and MERGE_MSG are cleared after it (sequencer.c do_commit). */
  sequencer?: boolean;
}

/** Writes a commit of the current index (or of `only.entries`) and moves HEAD; returns the new id and its parents. */
export function commitIndex(repo: Repository, message: string, options: CommitIndexOptions = {}): { oid: string; parents: string[]; tree: string; emptyRefused?: boolean } {
  const lock = repo.lockIndex();
  try {
    return commitLocked(repo, lock, message, options);
  } catch (e) {
    lock.rollback();
    throw e;
  }
}

/** Git's refusal to commit an index with conflict stages (the unmerged paths go to stdout). */
function refuseUnmerged(entries: IndexEntry[]): void {
  if (!entries.some((e) => e.stage !== 0)) return;
  const unmerged = [...new Set(entries.filter((e) => e.stage !== 0).map((e) => e.path))];
  throw new GitError(
    "error: Committing is not possible because you have unmerged files.\nhint: Fix them up in the work tree, and then use 'git add/rm <file>'\nhint: as appropriate to mark resolution and make a commit.\nfatal: Exiting because of an unresolved conflict.",
    128,
    unmerged.map((p) => `U\t${p}\n`).join(""),
  );
}

function commitLocked(repo: Repository, lock: LockFile, message: string, options: CommitIndexOptions) {
  const state = options.only ? undefined : repo.readIndex();
  const entries = options.only ? options.only.entries : state!.entries;
  refuseUnmerged(entries);
  const head = repo.head();
  // The index's cache tree spares rehashing every directory nothing was staged in.
  const cached = state?.tree && parseCacheTree(state.tree);
  const written = writeTree(repo, entries, { reuse: cached ? validNodes(cached) : undefined });
  const tree = written.oid;
  const merging = existsSync(repo.path("MERGE_HEAD"));
  let parents: string[];
  if (options.amend) {
    if (!head) throw new GitError("fatal: You have nothing to amend.", 128);
    parents = repo.commit(head).parents;
  } else {
    parents = head ? [head] : [];
    if (merging) parents.push(...readFileSync(repo.path("MERGE_HEAD"), "utf8").split("\n").filter((l) => /^[0-9a-f]{40}$/.test(l)));
  }
  if (!options.amend && !merging && !options.allowEmpty) {
    const parentTree = head ? repo.commit(head).tree : undefined;
    if ((parentTree && parentTree === tree) || (!parentTree && entries.length === 0)) {
      lock.rollback();
      return { oid: "", parents, tree, emptyRefused: true };
    }
  }
  const env = repo.env;
  const author = options.author ?? identity("AUTHOR", env, repo.config);
  const committer = identity("COMMITTER", env, repo.config);
  const oid = repo.objects.write("commit", serializeCommit({ tree, parents, author, committer, message }));
  // An amend says so even of a root commit (git's reflog reads "commit (amend)" there too).
  const from = whence(repo);
  const kind =
    options.reflogAction ??
    (options.amend ? "commit (amend)" : parents.length === 0 ? "commit (initial)" : merging ? "commit (merge)" : from === "cherry-pick" ? "commit (cherry-pick)" : "commit");
  repo.refs.update("HEAD", oid, { message: `${kind}: ${message.split("\n")[0]}` });
  // The index now carries the cache tree of what was committed, as Git's does.
  if (options.only) repo.writeIndex(lock, options.only.indexAfter);
  else repo.writeIndex(lock, entries, written.ext);
  if (options.sequencer) for (const f of ["CHERRY_PICK_HEAD", "MERGE_MSG"]) rmSync(repo.path(f), { force: true });
  else clearMergeState(repo);
  return { oid, parents, tree };
}

/**
 * The index the commit is made from while hooks run, as git's prepare_index
 * leaves it: the index itself ("as is"); for -a the updated index in
 * index.lock, the index untouched until the commit; for `commit <paths>` a
 * temporary next-index file with what will be committed. Hooks get its name
 * in GIT_INDEX_FILE and may change it.
 */
interface StagedIndex {
  /** GIT_INDEX_FILE for pre-commit, prepare-commit-msg, commit-msg and the editor. */
  file: string;
  /** The entries before any hook ran. */
  entries: IndexEntry[];
  /** Their cache tree (the index TREE extension), when the index has one: the directories nothing was staged in need no hashing. */
  tree?: Uint8Array;
  only?: { entries: IndexEntry[]; indexAfter: IndexEntry[] };
  /** Re-reads what a hook may have changed. */
  reread(): void;
  /** Makes the staged index the one commitIndex reads. */
  finish(): void;
  /** Leaves the index as it was before the command. */
  abort(): void;
}

function stageIndex(repo: Repository, all: boolean, pathArgs: string[]): StagedIndex {
  const indexPath = repo.indexPath;
  if (all) {
    // The updated index goes to index.lock, held until the commit (as git's prepare_index for -a).
    const lock = repo.lockIndex();
    try {
      const { staged } = planAdd(repo, repo.readIndex(), new Pathspec([], "", repo.workTree), { update: true });
      const { entries, tree } = staged!;
      repo.smudgeRacy(entries);
      lock.write(serializeIndex(entries, tree));
      return { file: lock.lockPath, entries, tree, reread() {}, finish: () => lock.commit(), abort: () => lock.rollback() };
    } catch (e) {
      lock.rollback();
      throw e;
    }
  }
  if (pathArgs.length) {
    const only = onlyPaths(repo, pathArgs);
    const file = repo.path(`next-index-${process.pid}.lock`);
    writeFileSync(file, serializeIndex(only.entries.sort(compareEntries)));
    return {
      file,
      entries: only.entries,
      only,
      reread() {
        only.entries = parseIndex(readFileSync(file), file).entries;
      },
      finish: () => rmSync(file, { force: true }),
      abort: () => rmSync(file, { force: true }),
    };
  }
  const { entries, tree } = repo.readIndex();
  return { file: indexFileName(repo), entries, tree, reread() {}, finish() {}, abort() {} };
}

/** What a command running `git commit` for itself passes (the sequencer's GIT_REFLOG_ACTION). */
export interface CommitCaller {
  reflogAction?: string;
}

/** git commit [-a] [-m <msg>]... [-F <file>] [--amend] [--allow-empty] [-q] [--no-edit] [-e] [-n] [--no-post-rewrite] [--cleanup=<mode>] */
export function commit(ctx: Context, argv: string[], caller: CommitCaller = {}): number {
  const p = parseOptions(argv, {
    message: { short: "m", value: true },
    file: { short: "F", value: true },
    all: { short: "a" },
    amend: {},
    "allow-empty": {},
    "allow-empty-message": {},
    quiet: { short: "q" },
    "no-edit": {},
    edit: { short: "e" },
    "reset-author": {},
    verbose: { short: "v" },
    "no-verify": { short: "n" },
    "no-post-rewrite": {},
    "dry-run": {},
    short: {},
    porcelain: {},
    "untracked-files": { short: "u", value: true, optional: "all" },
    cleanup: { value: true },
  });
  const repo = ctx.repo;
  const pathArgs = [...p.args, ...(p.paths ?? [])];
  if (pathArgs.length && p.opts.all) throw new GitError(`fatal: paths '${pathArgs.join(" ")} ...' with -a does not make sense`, 128);
  // parse_and_validate_options: before any hook runs.
  if (p.opts.amend && !repo.head()) throw new GitError("fatal: You have nothing to amend.", 128);
  const merging = existsSync(repo.path("MERGE_HEAD"));
  const from = whence(repo);
  const picking = from === "cherry-pick";
  if (picking && p.opts.amend) throw new GitError("fatal: You are in the middle of a cherry-pick -- cannot amend.", 128);
  const cleanup = p.opts.cleanup as string | undefined;
  if (cleanup !== undefined && !["default", "strip", "whitespace", "verbatim"].includes(cleanup)) {
    if (cleanup === "scissors") throw new GitError("fatal: gokit git commit does not support --cleanup=scissors", 128);
    throw new GitError(`fatal: Invalid cleanup mode ${cleanup}`, 128);
  }
  if (pathArgs.length && merging) throw new GitError("fatal: cannot do a partial commit during a merge.", 128);
  if (pathArgs.length && picking) throw new GitError("fatal: cannot do a partial commit during a cherry-pick.", 128);
  const staged = stageIndex(repo, p.opts.all === true, pathArgs);
  try {
    if (p.opts["dry-run"] || p.opts.short || p.opts.porcelain) return dryRun(ctx, p, staged);
    return commitStaged(ctx, p, { staged, merging, from, reflogAction: caller.reflogAction ?? repo.env.GIT_REFLOG_ACTION });
  } catch (e) {
    staged.abort();
    throw e;
  }
}

/**
 * commit --dry-run (also --short, --porcelain): the status of what would be
 * committed, in the long format (or the short one), the index left as it
 * was; exit 1 when there is nothing to commit.
 */
function dryRun(ctx: Context, p: Parsed, staged: StagedIndex): number {
  const repo = ctx.repo;
  try {
    const mode = (p.opts["untracked-files"] as string | undefined) ?? "normal";
    if (!["no", "normal", "all"].includes(mode)) throw new GitError(`fatal: Invalid untracked files mode '${mode}'`, 128);
    const head = repo.head();
    let s = computeStatus(repo, { entries: staged.only || p.opts.all ? staged.entries : undefined, untracked: mode !== "no", allUntracked: mode === "all" });
    if (p.opts.amend && head) s = againstParent(repo, s, staged.entries, repo.commit(head).parents[0]);
    if (p.opts.porcelain || p.opts.short) ctx.out.push(formatShort(s, p.opts.porcelain ? "" : repo.prefix));
    else ctx.out.push(formatLong(s, { prefix: repo.prefix, detached: detachedLabel(repo), untrackedHidden: mode === "no", forCommit: true, amend: p.opts.amend === true }));
    const committable = s.entries.some((e) => e.x !== " " && e.x !== "?") || (s.merging && !s.entries.some((e) => e.x === "U" || e.y === "U"));
    return committable ? 0 : 1;
  } finally {
    staged.abort();
  }
}

/** The rest of `git commit` once the index is staged: prepare_to_commit's hooks and message, the commit, post-commit. */
function commitStaged(ctx: Context, p: Parsed, { staged, merging, from, reflogAction }: { staged: StagedIndex; merging: boolean; from: Whence; reflogAction?: string }): number {
  const repo = ctx.repo;
  const head = repo.head();
  const amendFrom = p.opts.amend && head ? repo.commit(head) : undefined;
  // Concluding a cherry-pick keeps the picked commit's author (and says its date), unless --reset-author.
  const picked = from === "cherry-pick" && !p.opts["reset-author"] ? repo.commit(readFileSync(repo.path("CHERRY_PICK_HEAD"), "utf8").trim()).author : undefined;
  const cleanup = (p.opts.cleanup as string | undefined) ?? "default";
  refuseUnmerged(staged.entries);
  const verify = p.opts["no-verify"] !== true;
  // git's use_editor: off with -m, -F, a reused message (--no-edit) unless -e asks for it.
  const useEditor = p.opts.edit === true || (p.opts.edit !== false && !p.multi.message && p.opts.file === undefined && p.opts["no-edit"] !== true);
  const hookEnv: Record<string, string> = { GIT_INDEX_FILE: staged.file, ...(useEditor ? {} : { GIT_EDITOR: ":" }) };
  const fail = (): number => {
    staged.abort();
    return 1;
  };
  const preCommit = verify && hasHook(repo, "pre-commit");
  if (verify && runHook(ctx, "pre-commit", { env: hookEnv }) !== 0) return fail();
  // The message as git writes it to COMMIT_EDITMSG, and where it came from (prepare-commit-msg's arguments).
  let initial: string;
  let source: string[] = [];
  if (p.multi.message) {
    initial = p.multi.message.join("\n\n");
    source = ["message"];
  } else if (p.opts.file) {
    const f = p.opts.file as string;
    initial = f === "-" ? readFileSync(0, "utf8") : readFileSync(resolve(ctx.cwd, f), "utf8");
    source = ["message"];
  } else if (amendFrom) {
    initial = amendFrom.message;
    source = ["commit", "HEAD"];
  } else if (merging || existsSync(repo.path("MERGE_MSG")) || existsSync(repo.path("SQUASH_MSG"))) {
    // git's prepare_to_commit: after `merge --squash` its SQUASH_MSG comes first, then MERGE_MSG (a conflict's list).
    const squashed = existsSync(repo.path("SQUASH_MSG")) ? readFileSync(repo.path("SQUASH_MSG"), "utf8") : undefined;
    initial = (squashed ?? "") + (existsSync(repo.path("MERGE_MSG")) ? readFileSync(repo.path("MERGE_MSG"), "utf8") : "");
    source = [squashed !== undefined ? "squash" : "merge"];
  } else initial = "";
  if (cleanup !== "verbatim") initial = cleanupMessage(initial, false);
  const amend = amendFrom ? { from: amendFrom, author: p.opts["reset-author"] ? undefined : amendFrom.author } : undefined;
  const template = () => `${initial}${merging ? MERGE_NOTE : from === "cherry-pick" ? CHERRY_PICK_NOTE : ""}\n${EDIT_HINT}${templateStatus(repo, staged.only || p.opts.all ? staged.entries : undefined, amend)}`;
  writeFileSync(repo.path("COMMIT_EDITMSG"), useEditor ? template() : initial);
  // Git refuses "nothing to commit" after pre-commit, judging the index as it was before the hook.
  if (!p.opts.amend && !merging && !p.opts["allow-empty"]) {
    const entries = staged.entries;
    const cached = staged.tree && parseCacheTree(staged.tree);
    const tree = writeTree(repo, entries, { dryRun: true, reuse: cached ? validNodes(cached) : undefined }).oid;
    const parentTree = head ? repo.commit(head).tree : undefined;
    if ((parentTree && parentTree === tree) || (!parentTree && entries.length === 0)) {
      ctx.out.push(formatLong(computeStatus(repo, { entries: staged.only || p.opts.all ? entries : undefined }), { prefix: repo.prefix, detached: detachedLabel(repo), forCommit: true }));
      if (from === "cherry-pick") ctx.err.push(EMPTY_PICK_ADVICE + EMPTY_PICK_SINGLE);
      return fail();
    }
  }
  if (preCommit) staged.reread();
  const msgFile = `${gitDirName(repo)}/COMMIT_EDITMSG`;
  if (runHook(ctx, "prepare-commit-msg", { args: [msgFile, ...source], env: hookEnv }) !== 0) return fail();
  const editor = useEditor ? editorCommand(repo) : undefined;
  if (editor !== undefined) runEditor(repo, editor, { GIT_INDEX_FILE: staged.file });
  if (verify && runHook(ctx, "commit-msg", { args: [msgFile], env: hookEnv }) !== 0) return fail();
  // commit.cleanup "default": strip comments when an editor was (nominally) used, else whitespace only.
  const edited = readFileSync(repo.path("COMMIT_EDITMSG"), "utf8");
  const message = cleanup === "verbatim" ? edited : cleanupMessage(edited, cleanup === "strip" || (cleanup === "default" && useEditor));
  if (message === "" && !p.opts["allow-empty-message"]) throw new GitError("Aborting commit due to empty commit message.", 1);
  staged.finish();
  // "Nothing to commit" was decided above, before pre-commit; what the hook left is committed even if empty, as git does.
  const r = commitIndex(repo, message, {
    amend: p.opts.amend === true,
    allowEmpty: true,
    author: amendFrom && !p.opts["reset-author"] ? amendFrom.author : picked,
    only: staged.only,
    reflogAction,
  });
  // post-commit's status is ignored; it sees the real index.
  runHook(ctx, "post-commit", { env: { ...hookEnv, GIT_INDEX_FILE: indexFileName(repo) } });
  // An amended commit is rewritten: post-rewrite reads "<old> <new>" (sequencer.c run_rewrite_hook).
  if (amendFrom && p.opts["no-post-rewrite"] !== true) runHook(ctx, "post-rewrite", { args: ["amend"], stdin: `${head} ${r.oid}\n` });
  if (p.opts.quiet) return 0;
  printCommitSummary(ctx, r.oid, { root: r.parents.length === 0 && !amendFrom, showDate: amendFrom !== undefined || picked !== undefined });
  return 0;
}
