/** `git checkout`, `git switch`, `git reset`: moving HEAD, index and work tree, with Git's messages. */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { GitError, fatal } from "../errors.ts";
import { zeroStat, type IndexEntry } from "../index-file.ts";
import { subjectOf } from "../objects.ts";
import { Pathspec } from "../pathspec.ts";
import { isValidRefName } from "../refs.ts";
import type { Repository } from "../repo.ts";
import { abbrev, peel, resolveCommit, tryResolve, unknownRevision } from "../revision.ts";
import { previousBranch } from "../reflog.ts";
import { cacheTreeOf, filesBeyondCacheTree, flattenTree, writeTree } from "../tree.ts";
import { resetMerge, switchTrees } from "../workdir.ts";
import { lstatQuiet } from "../worktree.ts";
import { NULL_OID, runHook } from "../hooks.ts";
import { quickChanges, worktreeChanges } from "../status.ts";
import { clearMergeState } from "./commit.ts";
import { checkoutPaths } from "./checkout-paths.ts";
import { parseOptions, type Context } from "./context.ts";

const DETACHED_ADVICE = `You are in 'detached HEAD' state. You can look around, make experimental
changes and commit them, and you can discard any commits you make in this
state without impacting any branches by switching back to a branch.

If you want to create a new branch to retain commits you create, you may
do so (now or later) by using -c with the switch command. Example:

  git switch -c <new-branch-name>

Or undo this operation with:

  git switch -

Turn off this advice by setting config variable advice.detachedHead to false
`;

function headTree(repo: Repository): string | undefined {
  const h = repo.head();
  return h ? repo.commit(h).tree : undefined;
}

/** "M\tpath" lines for local changes after a switch (Git's show_local_changes). */
function localChanges(repo: Repository, ctx: Context, written?: { entries: IndexEntry[]; exact: boolean }): void {
  // The index just written is exactly the new HEAD's tree (its cache tree says so): status's quick scan, shared with the stat helper.
  const quick = written?.exact ? quickChanges(repo, () => headTree(repo)) : undefined;
  if (quick) {
    for (const [p, c] of [...quick.changes].sort((a, b) => (a[0] < b[0] ? -1 : 1))) ctx.print(`${c}\t${p}`);
    return;
  }
  // The index just written (and whether it is exactly HEAD's tree) saves reading it back.
  const state = written ? { entries: written.entries, mtimeNs: statSync(repo.indexPath, { bigint: true }).mtimeNs, rootTree: undefined } : repo.readIndex();
  const { entries, mtimeNs, rootTree } = state;
  const tree = headTree(repo);
  // A cache tree equal to HEAD's tree: nothing staged, only the work tree can differ.
  const indexIsHead = written ? written.exact : tree !== undefined && rootTree === tree;
  const head = indexIsHead ? undefined : flattenTree(repo, tree);
  const { changes } = worktreeChanges(repo, entries, mtimeNs);
  const lines = new Map<string, string>();
  const seen = new Set<string>();
  for (const e of entries) {
    seen.add(e.path);
    const h = head ? head.get(e.path) : e;
    const wt = changes.get(e.path);
    if (wt === "D") lines.set(e.path, h ? "D" : "");
    else if (!h) lines.set(e.path, "A");
    else if (wt === "T") lines.set(e.path, "T");
    else if (h.oid !== e.oid || h.mode !== e.mode || wt) lines.set(e.path, "M");
  }
  if (head) for (const p of head.keys()) if (!seen.has(p)) lines.set(p, "D");
  for (const [p, c] of [...lines].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (c) ctx.print(`${c}\t${p}`);
}

/** post-checkout's arguments (<old HEAD> <new HEAD> <1 for a branch checkout, 0 for paths>), recorded by a checkout that succeeded. */
const postCheckoutArgs = new WeakMap<Context, string[]>();

/**
 * Runs post-checkout after a successful checkout or switch (after -q dropped
 * the command's own messages). Its status becomes the command's: 1 when it
 * fails after a branch switch, the hook's own status after a path checkout.
 */
function postCheckout(ctx: Context, code: number): number {
  const args = postCheckoutArgs.get(ctx);
  postCheckoutArgs.delete(ctx);
  if (code !== 0 || !args) return code;
  const status = runHook(ctx, "post-checkout", { args });
  return args[2] === "1" ? (status === 0 ? 0 : 1) : status;
}

/** Switches to branch `branch` (or detaches at `commit` when branch is undefined). */
/**
 * Moves HEAD to `target`, switching the index and work tree to its tree.
 * `stay`: a branch created where HEAD is, with no start point named, from
 * `git switch -c <new>` or exactly `git checkout -b <new>` (git's
 * only_merge_on_switching_branches): the index and work tree are left as
 * they are, conflicts and all, and no local changes are listed.
 */
function switchTo(ctx: Context, target: { branch?: string; commit: string; create?: boolean; force?: boolean; label?: string; start?: string; detach?: boolean; stay?: boolean }): number {
  const repo = ctx.repo;
  const oldHead = repo.head();
  const oldBranch = repo.currentBranch();
  const skip = target.stay === true && target.start === undefined && oldHead !== undefined && target.commit === oldHead;
  let switched: { entries: IndexEntry[]; ext?: Uint8Array } | undefined;
  if (!skip) {
    const lock = repo.lockIndex();
    try {
      switched = switchTrees(repo, headTree(repo), repo.commit(target.commit).tree, { force: target.force });
      repo.writeIndex(lock, switched.entries, switched.ext);
    } catch (e) {
      lock.rollback();
      throw e;
    }
  }
  const moving = `checkout: moving from ${oldBranch ?? oldHead ?? "(invalid)"} to ${target.label ?? target.branch ?? target.commit}`;
  if (target.branch !== undefined) {
    if (target.create) repo.refs.update(`refs/heads/${target.branch}`, target.commit, { noDeref: true, message: `branch: Created from ${target.start ?? "HEAD"}` });
    repo.refs.setSymbolic("HEAD", `refs/heads/${target.branch}`, moving);
  } else repo.refs.update("HEAD", target.commit, { noDeref: true, message: moving });
  if (oldBranch === undefined && oldHead && oldHead !== target.commit) {
    ctx.eprint(`Previous HEAD position was ${abbrev(repo, oldHead)} ${subjectOf(repo.commit(oldHead).message)}`);
  }
  // The local changes are listed by the tree switch (git's merge_working_tree), and not under -q, which would drop them.
  if (switched && !quietRuns.has(ctx)) localChanges(repo, ctx, { entries: switched.entries, exact: switched.ext !== undefined });
  postCheckoutArgs.set(ctx, [oldHead ?? NULL_OID, target.commit, "1"]);
  if (target.branch === undefined) {
    // The advice is for detaching implicitly; --detach asked for it.
    if (!target.detach && (oldBranch !== undefined || oldHead !== target.commit)) {
      ctx.eprint(`Note: switching to '${target.label ?? target.commit}'.\n\n${DETACHED_ADVICE}`);
    }
    ctx.eprint(`HEAD is now at ${abbrev(repo, target.commit)} ${subjectOf(repo.commit(target.commit).message)}`);
  } else if (target.create) ctx.eprint(`Switched to a new branch '${target.branch}'`);
  else if (oldBranch === target.branch) ctx.eprint(`Already on '${target.branch}'`);
  else ctx.eprint(`Switched to branch '${target.branch}'`);
  return 0;
}

/** Restores paths from the index (or from `source` into index and work tree), in overlay mode; `report`: git's "Updated N paths" line. */
function checkoutPathsFrom(ctx: Context, paths: string[], source: string | undefined, report = true): number {
  const repo = ctx.repo;
  const sourceTree = source ? peel(repo, resolveCommit(repo, source), "tree")! : undefined;
  const { code, count } = checkoutPaths(ctx, paths, { source: sourceTree, index: true, worktree: true, overlay: true });
  if (code !== 0) return code;
  // Git counts the files it rewrote, and says nothing when the paths follow "--".
  const from = sourceTree ? abbrev(repo, sourceTree) : "the index";
  if (report) ctx.eprint(`Updated ${count} path${count === 1 ? "" : "s"} from ${from}`);
  const head = repo.head() ?? NULL_OID;
  postCheckoutArgs.set(ctx, [head, head, "0"]);
  return 0;
}

/** "-" (@{-1}): the branch or commit HEAD was on before the last checkout, from HEAD's reflog. */
function previousCheckout(repo: Repository): string {
  const previous = previousBranch(repo, 1);
  if (previous === undefined) throw new GitError("error: pathspec '-' did not match any file(s) known to git", 1);
  return previous;
}

function branchExists(repo: Repository, name: string): boolean {
  return repo.refs.resolve(`refs/heads/${name}`) !== undefined;
}

function createTarget(repo: Repository, name: string, start: string | undefined) {
  if (!isValidRefName(name)) throw fatal(`'${name}' is not a valid branch name`);
  if (branchExists(repo, name)) throw fatal(`a branch named '${name}' already exists`);
  const commit = start ? resolveCommit(repo, start) : repo.head();
  if (!commit) throw fatal(`You are on a branch yet to be born`);
  return commit;
}

/** True when -q/--quiet is given (alone or in a cluster such as -qb) before `--`. */
function quietFlag(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--quiet" || /^-[a-zA-Z]*q/.test(a));
}

/** Runs `fn`; with -q its informational output is dropped (errors are thrown, so they still show). */
/** Runs `fn`, dropping what it printed when `quiet` and it succeeded (errors still show); what only prints is skipped (`quietRuns`). */
function quietly(ctx: Context, quiet: unknown, fn: () => number): number {
  if (quiet) quietRuns.add(ctx);
  let code: number;
  try {
    code = fn();
  } finally {
    quietRuns.delete(ctx);
  }
  if (quiet && code === 0) {
    ctx.out.length = 0;
    ctx.err.length = 0;
  }
  return code;
}

/** Checkouts running under -q. */
const quietRuns = new WeakSet<Context>();

/** git checkout [-f] [-b <new>] [<branch>|<commit>] [--] [<paths>...] */
export function checkout(ctx: Context, argv: string[]): number {
  return postCheckout(ctx, quietly(ctx, quietFlag(argv), () => checkoutLoud(ctx, argv)));
}

function checkoutLoud(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { b: { short: "b", value: true }, B: { short: "B", value: true }, force: { short: "f" }, detach: {}, quiet: { short: "q" } });
  const repo = ctx.repo;
  repo.requireWorkTree();
  const args = p.args;
  if (p.paths !== undefined) return checkoutPathsFrom(ctx, p.paths, args[0], false);
  if (p.opts.b !== undefined && p.opts.B !== undefined) throw fatal("options '-b', '-B', and '--orphan' cannot be used together");
  const newBranch = (p.opts.b ?? p.opts.B) as string | undefined;
  if (newBranch !== undefined) {
    if (p.opts.B && branchExists(repo, newBranch)) repo.refs.delete(`refs/heads/${newBranch}`);
    const commit = createTarget(repo, newBranch, args[0]);
    // Exactly `checkout -b <new>` behaves as `switch -c <new>` (git's own special case).
    const stay = argv.length === 2 && argv[0] === "-b";
    return switchTo(ctx, { branch: newBranch, commit, create: true, force: p.opts.force === true, start: args[0], stay });
  }
  // --detach alone detaches at HEAD.
  if (args.length === 0 && p.opts.detach) args.push("HEAD");
  if (args.length === 0) {
    localChanges(repo, ctx);
    const head = repo.head() ?? NULL_OID;
    postCheckoutArgs.set(ctx, [head, head, "1"]);
    return 0;
  }
  const name = args[0] === "-" ? previousCheckout(repo) : args[0]!;
  if (args.length === 1 && !p.opts.detach && branchExists(repo, name)) {
    return switchTo(ctx, { branch: name, commit: repo.refs.resolve(`refs/heads/${name}`)!, force: p.opts.force === true });
  }
  const r = tryResolve(repo, name);
  const commit = r ? peel(repo, r.oid, "commit") : undefined;
  if (commit && args.length === 1) return switchTo(ctx, { commit, force: p.opts.force === true, label: name, detach: p.opts.detach === true });
  if (commit) return checkoutPathsFrom(ctx, args.slice(1), name);
  // Not a revision: paths.
  if (args.length === 1 && !lstatQuiet(`${ctx.cwd}/${name}`) && !repo.readIndex().entries.some((e) => e.path === repo.prefix + name || e.path.startsWith(repo.prefix + name + "/"))) {
    throw new GitError(`error: pathspec '${name}' did not match any file(s) known to git`, 1);
  }
  return checkoutPathsFrom(ctx, args, undefined);
}

/** git switch [-c <new>] [--detach] [-f] <branch> */
export function switchCmd(ctx: Context, argv: string[]): number {
  return postCheckout(ctx, quietly(ctx, quietFlag(argv), () => switchLoud(ctx, argv)));
}

function switchLoud(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { create: { short: "c", value: true }, "force-create": { short: "C", value: true }, detach: { short: "d" }, force: { short: "f" }, "discard-changes": {}, quiet: { short: "q" } });
  if (p.opts.create !== undefined && p.opts["force-create"] !== undefined) throw fatal("options '-c', '-C', and '--orphan' cannot be used together");
  const repo = ctx.repo;
  repo.requireWorkTree();
  const newBranch = (p.opts.create ?? p.opts["force-create"]) as string | undefined;
  if (newBranch !== undefined) {
    if (p.opts["force-create"] && branchExists(repo, newBranch)) repo.refs.delete(`refs/heads/${newBranch}`);
    return switchTo(ctx, { branch: newBranch, commit: createTarget(repo, newBranch, p.args[0]), create: true, force: p.opts.force === true, start: p.args[0], stay: true });
  }
  const name = p.args[0] === "-" ? previousCheckout(repo) : (p.args[0] ?? (p.opts.detach ? "HEAD" : undefined));
  if (name === undefined) throw fatal("missing branch or commit argument");
  if (p.opts.detach) return switchTo(ctx, { commit: resolveCommit(repo, name), force: p.opts.force === true || p.opts["discard-changes"] === true, label: name, detach: true });
  if (branchExists(repo, name)) return switchTo(ctx, { branch: name, commit: repo.refs.resolve(`refs/heads/${name}`)!, force: p.opts.force === true || p.opts["discard-changes"] === true });
  const r = tryResolve(repo, name);
  if (r && peel(repo, r.oid, "commit")) throw fatal(`a branch is expected, got commit '${name}'\nhint: If you want to detach HEAD at the commit, try again with the --detach option.`);
  throw fatal(`invalid reference: ${name}`);
}

/** git reset [--soft|--mixed|--hard] [<commit>] | git reset [<commit>] [--] <paths>... */
export function reset(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { soft: {}, mixed: {}, hard: {}, quiet: { short: "q" }, merge: {} });
  const repo = ctx.repo;
  let args = p.args;
  let paths = p.paths ?? [];
  if (p.paths === undefined && args.length > 0 && !tryResolve(repo, args[0]!)) {
    // Not a revision: it must be a path (in the work tree or the index), else git's ambiguity error.
    const first = args[0]!;
    const rel = repo.prefix + first;
    if (!lstatQuiet(`${ctx.cwd}/${first}`) && !repo.readIndex().entries.some((e) => e.path === rel || e.path.startsWith(rel + "/"))) throw unknownRevision(first);
    paths = args;
    args = [];
  } else if (p.paths === undefined && args.length > 1) {
    paths = args.slice(1);
    args = args.slice(0, 1);
  }
  const head = repo.head();
  const target = args[0] ? resolveCommit(repo, args[0]) : head;
  if (paths.length > 0) {
    if (p.opts.soft || p.opts.hard) throw fatal(`Cannot do ${p.opts.soft ? "soft" : "hard"} reset with paths.`);
    const files = flattenTree(repo, target ? repo.commit(target).tree : undefined);
    const spec = new Pathspec(paths, repo.prefix, repo.workTree);
    const lock = repo.lockIndex();
    const { entries } = repo.readIndex();
    const out = entries.filter((e) => !spec.matches(e.path));
    const old = new Map(entries.filter((e) => e.stage === 0).map((e) => [e.path, e]));
    for (const [path, f] of files) {
      if (!spec.matches(path)) continue;
      const o = old.get(path);
      if (o && o.oid === f.oid && o.mode === f.mode) out.push(o);
      else out.push({ ...zeroStat(path), oid: f.oid, mode: f.mode });
    }
    repo.writeIndex(lock, out);
    if (!p.opts.quiet) reportUnstaged(ctx, repo);
    return 0;
  }
  if (!target && !args[0] && !p.opts.soft && !p.opts.hard) {
    // An unborn branch: a mixed reset empties the index (everything becomes untracked again).
    const lock = repo.lockIndex();
    repo.writeIndex(lock, []);
    return 0;
  }
  if (!target) throw fatal("Failed to resolve 'HEAD' as a valid ref.");
  const mode = p.opts.hard ? "hard" : p.opts.soft ? "soft" : p.opts.merge ? "merge" : "mixed";
  if (repo.workTree === "" && mode === "mixed") throw fatal("mixed reset is not allowed in a bare repository");
  if (repo.workTree === "" && mode !== "soft") throw fatal("this operation must be run in a work tree");
  if (mode === "soft" && repo.readIndex().entries.some((e) => e.stage !== 0)) throw fatal("Cannot do a soft reset in the middle of a merge.");
  const tree = repo.commit(target).tree;
  if (mode === "hard" || mode === "merge") {
    const lock = repo.lockIndex();
    try {
      const r = mode === "merge" ? resetMerge(repo, tree) : switchTrees(repo, head ? repo.commit(head).tree : undefined, tree, { force: true });
      repo.writeIndex(lock, r.entries, r.ext);
    } catch (e) {
      lock.rollback();
      throw e;
    }
  } else if (mode === "mixed") {
    const lock = repo.lockIndex();
    const { entries, tree: cacheTree } = repo.readIndex();
    // Directories the cache tree vouches for with the target's tree ids keep their entries as they are.
    const { files, cached } = filesBeyondCacheTree(repo, tree, cacheTree);
    const out: IndexEntry[] = [];
    const old = new Map<string, IndexEntry>();
    for (const e of entries) {
      if (e.stage !== 0) continue;
      if (cached(e.path)) out.push(e);
      else old.set(e.path, e);
    }
    for (const [path, f] of files) {
      const o = old.get(path);
      out.push(o && o.oid === f.oid && o.mode === f.mode ? o : { ...zeroStat(path), oid: f.oid, mode: f.mode });
    }
    // The new index is the target's tree: its cache tree is the old one when that was the target's already, else primed from the tree objects.
    const unchanged = files.size === 0 && out.length === entries.length;
    repo.writeIndex(lock, out, unchanged && cacheTree ? cacheTree : (cacheTreeOf(repo, tree) ?? writeTree(repo, out).ext));
  }
  if (head) writeFileSync(repo.path("ORIG_HEAD"), `${head}\n`);
  repo.refs.update("HEAD", target, { message: `reset: moving to ${args[0] ?? "HEAD"}` });
  if (mode !== "soft") clearMergeState(repo);
  if (mode === "hard" && !p.opts.quiet) ctx.print(`HEAD is now at ${abbrev(repo, target)} ${subjectOf(repo.commit(target).message)}`);
  else if (mode === "mixed" && !p.opts.quiet) reportUnstaged(ctx, repo);
  return 0;
}


function reportUnstaged(ctx: Context, repo: Repository): void {
  const { entries, mtimeNs } = repo.readIndex();
  const { changes } = worktreeChanges(repo, entries, mtimeNs);
  if (changes.size === 0) return;
  ctx.print("Unstaged changes after reset:");
  for (const [path, c] of [...changes].sort((a, b) => (a[0] < b[0] ? -1 : 1))) ctx.print(`${c === "T" ? "T" : c}\t${path}`);
}
