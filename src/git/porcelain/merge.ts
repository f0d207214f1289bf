/** `git merge`: fast-forward, three-way merge with a merge commit, conflicts left for `commit`, and --abort. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { changesWithRenames, modeLines, numstat, statLines, summaryLine } from "../diffstat.ts";
import { GitError, fatal } from "../errors.ts";
import { gitDirName, indexFileName, runHook } from "../hooks.ts";
import { identity } from "../ident.ts";
import { zeroStat } from "../index-file.ts";
import { ancestors, isAncestor, mergeBases } from "../merge-base.ts";
import { mergeTrees, resultFiles, type TreeMergeResult } from "../merge-tree.ts";
import { localChangesRefusal, writeMergeResult } from "../merge-apply.ts";
import { mediumFormat } from "../pretty.ts";
import { walk } from "../rev-walk.ts";
import type { FileEntry } from "../tree.ts";
import { serializeCommit } from "../objects.ts";
import type { Repository } from "../repo.ts";
import { abbrev, peel, tryResolve } from "../revision.ts";
import { diffTrees, flattenTree, writeTree } from "../tree.ts";
import { resetMerge, switchTrees } from "../workdir.ts";
import { cleanupMessage, clearMergeState, commit } from "./commit.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

function printStat(ctx: Context, repo: Repository, from: string | undefined, to: string): void {
  const changes = changesWithRenames(repo, diffTrees(repo, from, to));
  const stats = numstat(repo, changes);
  for (const l of statLines(stats)) ctx.print(l);
  if (stats.length) ctx.print(summaryLine(stats));
  for (const l of modeLines(changes)) ctx.print(l);
}

function mergeMessage(repo: Repository, name: string): string {
  const current = repo.currentBranch();
  const into = current && current !== "master" ? ` into ${current}` : "";
  if (repo.refs.resolve(`refs/heads/${name}`)) return `Merge branch '${name}'${into}`;
  if (repo.refs.resolve(`refs/tags/${name}`)) return `Merge tag '${name}'${into}`;
  return `Merge commit '${name}'${into}`;
}

/** Records a merge for `git commit` to conclude: MERGE_HEAD, MERGE_MODE and MERGE_MSG. */
function writeMergeState(repo: Repository, theirs: string, noFF: boolean, msg: string): void {
  writeFileSync(repo.path("MERGE_HEAD"), `${theirs}\n`);
  writeFileSync(repo.path("MERGE_MODE"), noFF ? "no-ff" : "");
  writeFileSync(repo.path("MERGE_MSG"), msg);
}

/** GIT_REFLOG_ACTION as git merge sets it for its hooks (unless already set). */
function reflogAction(repo: Repository, name: string): Record<string, string> {
  return { GIT_REFLOG_ACTION: repo.env.GIT_REFLOG_ACTION ?? `merge ${name}` };
}

/**
 * The hooks of a merge that makes a commit (builtin/merge.c prepare_to_commit):
 * pre-merge-commit, then MERGE_HEAD and MERGE_MSG are written for
 * prepare-commit-msg and commit-msg, and the message is read back. A failing
 * hook or an empty message leaves the merge to be concluded by `git commit`.
 */
function mergeCommitMessage(ctx: Context, raw: string, state: { theirs: string; tree: string; noFF: boolean; verify: boolean; name: string }): string | undefined {
  const repo = ctx.repo;
  const env = { GIT_INDEX_FILE: indexFileName(repo), GIT_EDITOR: ":", ...reflogAction(repo, state.name) };
  const msgFile = `${gitDirName(repo)}/MERGE_MSG`;
  const writeState = (msg: string) => writeMergeState(repo, state.theirs, state.noFF, msg);
  const abortCommit = (err?: string): undefined => {
    if (err) ctx.eprint(`error: ${err}`);
    ctx.eprint("Not committing merge; use 'git commit' to complete the merge.");
    writeState(raw.endsWith("\n") ? raw : `${raw}\n`);
    // ort records the merged tree for `git diff AUTO_MERGE`.
    writeFileSync(repo.path("AUTO_MERGE"), `${state.tree}\n`);
    return undefined;
  };
  if (state.verify && runHook(ctx, "pre-merge-commit", { env }) !== 0) return abortCommit();
  writeState(raw);
  if (runHook(ctx, "prepare-commit-msg", { args: [msgFile, "merge"], env }) !== 0) return abortCommit();
  if (state.verify && runHook(ctx, "commit-msg", { args: [msgFile], env }) !== 0) return abortCommit();
  const message = cleanupMessage(readFileSync(repo.path("MERGE_MSG"), "utf8"), false);
  return message === "" ? abortCommit("Empty commit message.") : message;
}

/** The message `git commit` offers after `merge --squash`: each merged commit in log's default format. */
function squashMessage(repo: Repository, head: string, theirs: string): string {
  const seen = ancestors(repo, head);
  const commits = walk(repo, [theirs], seen);
  return `Squashed commit of the following:\n\n${commits.map((oid) => mediumFormat(repo, oid, repo.commit(oid))).join("\n")}`;
}

/** The strategies git knows, of which gokit merges with ort (recursive is ort's old name) and ours. */
const KNOWN_STRATEGIES = ["octopus", "ours", "recursive", "resolve", "subtree"];

/** git merge [--no-ff] [--ff-only] [--squash] [--no-commit] [-s <strategy>] [-X ours|theirs] [-m <msg>] [--no-verify] [--abort] <commit> */
export function merge(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, {
    "no-ff": {},
    "ff-only": {},
    ff: {},
    message: { short: "m", value: true },
    abort: {},
    continue: {},
    quiet: { short: "q" },
    "no-edit": {},
    edit: {},
    stat: {},
    "no-stat": { short: "n" },
    "no-verify": {},
    squash: {},
    commit: {},
    strategy: { short: "s", value: true },
    "strategy-option": { short: "X", value: true },
  });
  const repo = ctx.repo;
  repo.requireWorkTree();
  if (p.opts.abort) {
    if (argv.length !== 1) throw new OptionError("fatal: --abort expects no arguments\n\n", 2, true);
    return abort(ctx, repo);
  }
  if (p.opts.continue) {
    return commit(ctx, ["--no-edit"]);
  }
  const squash = p.opts.squash === true;
  if (squash && p.opts["no-ff"]) throw fatal("options '--squash' and '--no-ff.' cannot be used together");
  if (squash && p.opts.commit === true) throw fatal("options '--squash' and '--commit.' cannot be used together");
  // --squash and --no-commit stop with the merge in the index and work tree.
  const stopBeforeCommit = squash || p.opts.commit === false;
  const strategy = (p.opts.strategy as string | undefined) ?? "ort";
  if (strategy !== "ort" && !KNOWN_STRATEGIES.includes(strategy)) {
    throw new GitError(`Could not find merge strategy '${strategy}'.\nAvailable strategies are: ${KNOWN_STRATEGIES.join(" ")}.`, 1);
  }
  if (strategy === "octopus" || strategy === "resolve" || strategy === "subtree") throw fatal(`gokit does not implement the '${strategy}' merge strategy (ort and ours it does)`);
  const strategyOptions = p.multi["strategy-option"] ?? [];
  const { entries } = repo.readIndex();
  if (entries.some((e) => e.stage !== 0)) {
    throw new GitError(
      "error: Merging is not possible because you have unmerged files.\nhint: Fix them up in the work tree, and then use 'git add/rm <file>'\nhint: as appropriate to mark resolution and make a commit.\nfatal: Exiting because of an unresolved conflict.",
      128,
    );
  }
  if (existsSync(repo.path("MERGE_HEAD"))) throw fatal("You have not concluded your merge (MERGE_HEAD exists).\nPlease, commit your changes before you merge.");
  const name = p.args[0];
  if (!name) throw fatal("No remote for the current branch.");
  const r = tryResolve(repo, name);
  const theirs = r ? peel(repo, r.oid, "commit") : undefined;
  if (!theirs) throw new GitError(`merge: ${name} - not something we can merge`, 1);
  const head = repo.head();
  if (!head) {
    // Merging into an unborn branch: the branch takes their commit.
    const lock = repo.lockIndex();
    const r = switchTrees(repo, undefined, repo.commit(theirs).tree);
    repo.writeIndex(lock, r.entries, r.ext);
    repo.refs.update("HEAD", theirs, { message: `merge ${name}: Fast-forward` });
    return 0;
  }
  // git records ORIG_HEAD before deciding anything, even when already up to date.
  writeFileSync(repo.path("ORIG_HEAD"), `${head}\n`);
  if (isAncestor(repo, theirs, head)) {
    if (!p.opts.quiet) ctx.print(squash ? "Already up to date. (nothing to squash)" : "Already up to date.");
    return 0;
  }
  const ff = isAncestor(repo, head, theirs);
  // The ours strategy never fast-forwards (git's NO_FAST_FORWARD): it records a merge.
  if (ff && !p.opts["no-ff"] && strategy !== "ours") {
    // Git says what it is updating before it checks the work tree.
    if (!p.opts.quiet) ctx.print(`Updating ${abbrev(repo, head)}..${abbrev(repo, theirs)}`);
    const lock = repo.lockIndex();
    try {
      const r = switchTrees(repo, repo.commit(head).tree, repo.commit(theirs).tree, { verb: "merge" });
      repo.writeIndex(lock, r.entries, r.ext);
    } catch (e) {
      lock.rollback();
      throw e;
    }
    const done = p.opts.message !== undefined ? "Fast-forward (no commit created; -m option ignored)" : "Fast-forward";
    if (!p.opts.quiet) ctx.print(done);
    // --squash takes their tree and leaves HEAD where it is.
    if (squash) {
      ctx.print("Squash commit -- not updating HEAD");
      writeFileSync(repo.path("SQUASH_MSG"), squashMessage(repo, head, theirs));
    } else repo.refs.update("HEAD", theirs, { message: `merge ${name}: ${done}` });
    if (!p.opts.quiet && !p.opts["no-stat"]) printStat(ctx, repo, repo.commit(head).tree, repo.commit(theirs).tree);
    runHook(ctx, "post-merge", { args: [squash ? "1" : "0"], env: reflogAction(repo, name) });
    return 0;
  }
  if (p.opts["ff-only"]) throw fatal("Not possible to fast-forward, aborting.");
  // Strategy options are the strategy's to read, once there is a merge to make.
  let favor: "ours" | "theirs" | undefined;
  for (const x of strategyOptions) {
    if (x !== "ours" && x !== "theirs") throw fatal(`unknown strategy option: -X${x}`);
    favor = x;
  }
  const bases = mergeBases(repo, head, theirs);
  const baseTree = virtualBase(repo, bases, 0);
  const oursTree = repo.commit(head).tree;
  const theirsTree = repo.commit(theirs).tree;
  const style = repo.config.get("merge.conflictstyle");
  // -s ours: the result is our tree as it is.
  const merged: TreeMergeResult =
    strategy === "ours"
      ? { paths: [...flattenTree(repo, oursTree)].map(([path, f]) => ({ path, result: f })), messages: [], conflicted: [], clean: true }
      : mergeTrees(repo, baseTree, oursTree, theirsTree, {
          ours: "HEAD",
          theirs: name,
          base: bases.length > 1 ? "merged common ancestors" : bases[0] ? abbrev(repo, bases[0]) : "empty tree",
          style: style === "diff3" || style === "zdiff3" ? style : undefined,
          directoryRenames: repo.config.get("merge.directoryrenames"),
          favor,
        });
  // Refuse when a path the merge changes has local changes (index or work tree).
  const mergeIndex = repo.readIndex();
  const oursFiles = flattenTree(repo, oursTree);
  const index = new Map(entries.map((e) => [e.path, e]));
  const staged: string[] = [];
  for (const [path, f] of oursFiles) {
    const e = index.get(path);
    if (!e || e.oid !== f.oid || e.mode !== f.mode) staged.push(path);
  }
  for (const e of entries) if (!oursFiles.has(e.path)) staged.push(e.path);
  if (staged.length) {
    // repo_index_has_changes: the staged paths on one line, then ort gives up.
    throw new GitError(`error: Your local changes to the following files would be overwritten by merge:\n  ${staged.sort().join(" ")}\nMerge with strategy ort failed.`, 2);
  }
  const refused = localChangesRefusal(repo, merged, oursFiles, mergeIndex);
  if (refused) throw new GitError(`${refused}\nMerge with strategy ort failed.`, 2);
  const out = writeMergeResult(repo, merged, oursFiles, mergeIndex);
  if (!p.opts.quiet || !merged.clean || stopBeforeCommit) for (const msg of merged.messages) ctx.print(msg);
  const conflictsNote = `# Conflicts:\n${merged.conflicted.map((c) => `#\t${c}\n`).join("")}`;
  if (!merged.clean) {
    // ort records the tree it made, conflicts as marker text, for `git diff AUTO_MERGE` (git 2.39's recursive does not).
    if (strategy !== "recursive") {
      const files = [...resultFiles(merged)].map(([path, f]) => ({ ...zeroStat(path), mode: f.mode, oid: f.oid }));
      writeFileSync(repo.path("AUTO_MERGE"), `${writeTree(repo, files).oid}\n`);
    }
    if (squash) {
      // No MERGE_HEAD: what `git commit` makes of it is an ordinary commit.
      ctx.print("Squash commit -- not updating HEAD");
      writeFileSync(repo.path("SQUASH_MSG"), squashMessage(repo, head, theirs));
      writeFileSync(repo.path("MERGE_MSG"), `\n${conflictsNote}`);
    } else {
      const message = p.opts.message ? cleanupMessage(p.opts.message as string, false) : `${mergeMessage(repo, name)}\n`;
      writeMergeState(repo, theirs, p.opts["no-ff"] === true, `${message}\n${conflictsNote}`);
    }
    ctx.print("Automatic merge failed; fix conflicts and then commit the result.");
    return 1;
  }
  const tree = writeTree(repo, out).oid;
  if (stopBeforeCommit) {
    ctx.eprint("Automatic merge went well; stopped before committing as requested");
    if (strategy !== "recursive") writeFileSync(repo.path("AUTO_MERGE"), `${tree}\n`);
    if (squash) {
      ctx.print("Squash commit -- not updating HEAD");
      writeFileSync(repo.path("SQUASH_MSG"), squashMessage(repo, head, theirs));
      runHook(ctx, "post-merge", { args: ["1"], env: reflogAction(repo, name) });
    } else {
      const message = p.opts.message ? cleanupMessage(p.opts.message as string, false) : `${mergeMessage(repo, name)}\n`;
      writeMergeState(repo, theirs, p.opts["no-ff"] === true, message);
    }
    return 0;
  }
  const raw = p.opts.message !== undefined ? (p.opts.message as string) : mergeMessage(repo, name);
  const message = mergeCommitMessage(ctx, raw, { theirs, tree, noFF: p.opts["no-ff"] === true, verify: p.opts["no-verify"] !== true, name });
  if (message === undefined) return 1;
  const author = identity("AUTHOR", repo.env, repo.config);
  const committer = identity("COMMITTER", repo.env, repo.config);
  const oid = repo.objects.write("commit", serializeCommit({ tree, parents: [head, theirs], author, committer, message }));
  const madeBy = `Merge made by the '${strategy}' strategy.`;
  repo.refs.update("HEAD", oid, { message: `merge ${name}: ${madeBy}` });
  clearMergeState(repo);
  if (!p.opts.quiet) ctx.print(madeBy);
  if (!p.opts.quiet && !p.opts["no-stat"]) printStat(ctx, repo, oursTree, tree);
  runHook(ctx, "post-merge", { args: ["0"], env: reflogAction(repo, name) });
  return 0;
}

/**
 * The merge base as ort computes it: one base's tree, or with several (criss-cross
 * histories) the merge of the bases, oldest first, each inner merge over its own
 * bases, conflicts kept as marker text ("Temporary merge branch 1/2").
 */
function virtualBase(repo: Repository, bases: string[], depth: number): string | Map<string, FileEntry> | undefined {
  if (bases.length === 0) return undefined;
  if (bases.length === 1) return repo.commit(bases[0]!).tree;
  const ordered = [...bases].reverse();
  let prev = ordered[0]!;
  let acc: string | Map<string, FileEntry> = repo.commit(prev).tree;
  for (const next of ordered.slice(1)) {
    const inner = virtualBase(repo, mergeBases(repo, prev, next), depth + 1);
    const merged = mergeTrees(repo, inner, typeof acc === "string" ? acc : undefined, repo.commit(next).tree, { ours: "Temporary merge branch 1", theirs: "Temporary merge branch 2", inner: true, callDepth: depth + 1 }, typeof acc === "string" ? undefined : acc);
    acc = resultFiles(merged);
    prev = next;
  }
  return acc;
}

function abort(ctx: Context, repo: Repository): number {
  if (!existsSync(repo.path("MERGE_HEAD"))) throw fatal("There is no merge to abort (MERGE_HEAD missing).");
  const head = repo.head()!;
  const tree = repo.commit(head).tree;
  const lock = repo.lockIndex();
  try {
    const r = resetMerge(repo, tree);
    repo.writeIndex(lock, r.entries, r.ext);
  } catch (e) {
    lock.rollback();
    throw e;
  }
  clearMergeState(repo);
  void ctx;
  return 0;
}
