/**
 * `git stash`: push (also `save`, and `git stash [<options>]`), list, show,
 * apply, pop, drop, clear, branch, create and store, with git 2.39's
 * messages and exit codes (a subcommand's failure is exit 1). Refused:
 * patch mode (-p), --staged, --pathspec-from-file, -u given with -a,
 * `list`'s log options and `show`'s untracked views.
 */
import { GitError, fatal } from "../errors.ts";
import { Pathspec } from "../pathspec.ts";
import type { Repository } from "../repo.ts";
import { peel, resolveRefName, tryResolve } from "../revision.ts";
import { readReflog } from "../reflog.ts";
import { applyStash, type StashInfo } from "../stash-apply.ts";
import { createStash, hasChanges, untrackedFiles, type UntrackedMode } from "../stash-create.ts";
import { clearStash, dropStashEntry, STASH_REF, storeStash } from "../stash-store.ts";
import { flattenTree, type FileEntry } from "../tree.ts";
import { writeWorkFile, workMatchesEntry } from "../workdir.ts";
import { planAdd, removeWorkFile } from "./add.ts";
import { checkout } from "./checkout.ts";
import { OptionError, parseOptions, withCommand, type Context, type OptionSpec } from "./context.ts";
import { diff, implemented, isDiffOption } from "./diff-cmd.ts";
import { longStatus } from "./status-cmd.ts";

/** A subcommand's failure: git's `return !!fn(...)` makes every one exit 1, its message already said. */
const FAILED = 1;

/** git stash [push|save|list|show|apply|pop|drop|clear|branch|create|store] ... */
export function stash(ctx: Context, argv: string[]): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case undefined:
      return push(ctx, [], "stash push");
    case "push":
      return push(ctx, rest, "stash push");
    case "save":
      return push(ctx, rest, "stash save");
    case "list":
      return list(ctx, rest);
    case "show":
      return show(ctx, rest);
    case "apply":
    case "pop":
      return applyOrPop(ctx, rest, sub);
    case "drop":
      return drop(ctx, rest);
    case "clear":
      return clear(ctx, rest);
    case "branch":
      return branch(ctx, rest);
    case "create":
      return create(ctx, rest);
    case "store":
      return store(ctx, rest);
    default:
      // Anything else is `push` assumed: options only (git's usage is then the whole stash usage with push's options).
      return push(ctx, argv, "stash (push assumed)");
  }
}

/** Parses a subcommand's options with its git option table and usage text (`stash push`, `stash drop`...). */
function parseSub(usage: string, argv: string[], spec: Record<string, OptionSpec>) {
  return withCommand(usage, () => parseOptions(argv, spec));
}

const PUSH_OPTIONS: Record<string, OptionSpec> = {
  "keep-index": { short: "k" },
  staged: { short: "S" },
  patch: { short: "p" },
  quiet: { short: "q" },
  "include-untracked": { short: "u" },
  all: { short: "a" },
  message: { short: "m", value: true },
  "pathspec-from-file": { value: true },
  "pathspec-file-nul": {},
};

/** push / save / the assumed push: make the stash, record it, and clean the work tree (and index) of what it holds. */
function push(ctx: Context, argv: string[], usage: "stash push" | "stash save" | "stash (push assumed)"): number {
  const p = parseSub(usage, argv, PUSH_OPTIONS);
  for (const [name, flag] of [["patch", "--patch"], ["staged", "--staged"], ["pathspec-from-file", "--pathspec-from-file"], ["pathspec-file-nul", "--pathspec-file-nul"]] as const) {
    if (p.opts[name] !== undefined && p.opts[name] !== false) throw fatal(`gokit git ${usage === "stash save" ? "stash save" : "stash push"} does not support ${flag}`);
  }
  let message = p.opts.message as string | undefined;
  let args: string[] = [];
  if (usage === "stash save") {
    // save's arguments are the message (git keeps a `--` among them).
    const words = [...p.args, ...(p.paths ? ["--", ...p.paths] : [])];
    if (words.length) message = words.join(" ");
  } else {
    if (usage === "stash (push assumed)" && p.args.length) throw fatal(`subcommand wasn't specified; 'push' can't be assumed due to unexpected token '${p.args[0]}'`);
    args = [...p.args, ...(p.paths ?? [])];
  }
  const quiet = p.opts.quiet === true;
  // -u and -a set one value, the last one given (a negation resets it): gokit takes them one at a time.
  const u = p.opts["include-untracked"];
  const all = p.opts.all;
  if (u !== undefined && all !== undefined && (u || all)) throw fatal(`gokit git ${usage === "stash save" ? "stash save" : "stash push"} does not support --include-untracked with --all`);
  const mode: UntrackedMode = all === true ? "all" : u === true ? "untracked" : "no";
  const withUntracked = mode !== "no";
  const repo = ctx.repo;
  const spec = new Pathspec(args, repo.prefix, repo.workTree);
  const { entries } = repo.readIndex();
  if (!withUntracked && !spec.empty) {
    // Every pathspec must name something in the index (git says each with its prefix magic).
    const unmatched = spec.items.filter((it) => !entries.some((e) => new Pathspec([it.raw], repo.prefix, repo.workTree).matches(e.path)));
    if (unmatched.length) {
      for (const it of unmatched) ctx.eprint(`error: pathspec ':(,prefix:${repo.prefix.length})${it.path}' did not match any file(s) known to git`);
      ctx.eprint("Did you forget to 'git add'?");
      return FAILED;
    }
  }
  if (needsMerge(ctx, repo)) return FAILED;
  const head = repo.head();
  if (!head) {
    if (!quiet) ctx.eprint("You do not have the initial commit yet");
    return FAILED;
  }
  const untrackedPaths = withUntracked ? untrackedFiles(repo, spec, mode) : undefined;
  if (!hasChanges(repo, spec, mode)) {
    if (!quiet) ctx.print("No local changes to save");
    return 0;
  }
  const made = createStash(repo, head, { spec, message, untrackedPaths });
  storeStash(repo, made.w, made.message);
  if (!quiet) ctx.print(`Saved working directory and index state ${made.message}`);
  const headFiles = flattenTree(repo, repo.commit(head).tree);
  if (spec.empty) {
    // git clean --force --quiet -d, then reset --hard.
    for (const path of untrackedPaths ?? []) removeWorkFile(repo.workTree, path);
    restorePaths(repo, headFiles, () => true);
  } else if (!resetPathspec(ctx, spec, headFiles, mode)) return FAILED;
  // --keep-index: checkout --no-overlay <index tree> -- <pathspec or :/>.
  if (p.opts["keep-index"] === true) restorePaths(repo, flattenTree(repo, made.iTree), (path) => spec.matches(path));
  return 0;
}

/**
 * What push does to the paths of a pathspec once the stash is saved: `git add
 * [-u | --force] -- <pathspec>`, then the staged diff against HEAD applied in
 * reverse to index and work tree, so those paths are HEAD's again. Either
 * step can fail as git's (a pathspec `add` finds nothing for, an empty diff),
 * the stash kept and the work tree as it was.
 */
function resetPathspec(ctx: Context, spec: Pathspec, headFiles: Map<string, FileEntry>, mode: UntrackedMode): boolean {
  const repo = ctx.repo;
  const lock = repo.lockIndex();
  const plan = planAdd(repo, repo.readIndex(), spec, { update: mode === "no", force: mode === "all" });
  if (!plan.staged) {
    lock.rollback();
    const first = spec.items.find((it) => plan.unmatched.includes(it.raw));
    if (first) ctx.eprint(`fatal: pathspec ':(,prefix:${repo.prefix.length})${first.path}' did not match any files`);
    else ctx.eprint(`The following paths are ignored by one of your .gitignore files:\n${plan.ignored.join("\n")}\nhint: Use -f if you really want to add them.\nhint: Turn this message off by running\nhint: "git config advice.addIgnoredFile false"`);
    return false;
  }
  repo.writeIndex(lock, plan.staged.entries, plan.staged.tree);
  const staged = plan.staged.entries.filter((e) => spec.matches(e.path));
  const same = staged.length === [...headFiles.keys()].filter((p) => spec.matches(p)).length && staged.every((e) => {
    const h = headFiles.get(e.path);
    return h !== undefined && e.stage === 0 && h.oid === e.oid && h.mode === e.mode;
  });
  if (same) {
    ctx.eprint('error: No valid patches in input (allow with "--allow-empty")');
    return false;
  }
  restorePaths(repo, headFiles, (path) => spec.matches(path));
  return true;
}

/** Sets index and work tree of the paths `match` accepts to `target`'s files (paths it lacks leave both). */
function restorePaths(repo: Repository, target: Map<string, FileEntry>, match: (path: string) => boolean): void {
  const lock = repo.lockIndex();
  try {
    const { entries, mtimeNs } = repo.readIndex();
    const out = new Map(entries.filter((e) => e.stage === 0).map((e) => [e.path, e]));
    for (const path of new Set([...target.keys(), ...out.keys()])) {
      if (!match(path)) continue;
      const t = target.get(path);
      const e = out.get(path);
      if (!t) {
        out.delete(path);
        removeWorkFile(repo.workTree, path);
      } else if (!(e && e.oid === t.oid && e.mode === t.mode && workMatchesEntry(repo, e, mtimeNs))) {
        out.set(path, writeWorkFile(repo, path, t.mode, t.oid));
      }
    }
    repo.writeIndex(lock, [...out.values()]);
  } catch (e) {
    lock.rollback();
    throw e;
  }
}

/** refresh_index with conflicts: "<path>: needs merge" for each (on stdout), and the command fails. */
function needsMerge(ctx: Context, repo: Repository): boolean {
  const paths = [...new Set(repo.readIndex().entries.filter((e) => e.stage !== 0).map((e) => e.path))];
  for (const path of paths) ctx.print(`${path}: needs merge`);
  return paths.length > 0;
}

/** git stash list: each entry, newest first, as "stash@{n}: <message>" (git log -g --format="%gd: %gs"). */
function list(ctx: Context, argv: string[]): number {
  if (argv.includes("-h")) throw withCommand("stash list", () => new OptionError("", 1));
  const other = argv.find((a) => a !== "-h" && a !== "--help");
  if (other !== undefined) throw fatal(`gokit git stash list does not support ${other}`);
  const repo = ctx.repo;
  if (repo.refs.resolve(STASH_REF) === undefined) return 0;
  const log = readReflog(repo, STASH_REF);
  for (let k = 0; k < log.length; k++) ctx.print(`stash@{${k}}: ${log[log.length - 1 - k]!.message}`);
  return 0;
}

/**
 * get_stash_info: the stash named by the one argument (a number n is
 * refs/stash@{n}), refs/stash@{0} without one, with git's messages for too
 * many, none, an invalid one and a commit that is not a stash.
 */
function stashInfo(ctx: Context, args: string[]): StashInfo | undefined {
  const repo = ctx.repo;
  if (args.length > 1) {
    ctx.eprint(`Too many revisions specified:${args.map((a) => ` '${a}'`).join("")}`);
    return undefined;
  }
  let revision: string;
  if (args.length === 0) {
    if (repo.refs.resolve(STASH_REF) === undefined) {
      ctx.eprint("No stash entries found.");
      return undefined;
    }
    revision = `${STASH_REF}@{0}`;
  } else revision = /^[0-9]*$/.test(args[0]!) ? `${STASH_REF}@{${args[0]}}` : args[0]!;
  const w = tryResolve(repo, revision);
  const wCommit = w && peel(repo, w.oid, "commit");
  if (!w) {
    ctx.eprint(`error: ${revision} is not a valid reference`);
    return undefined;
  }
  const b = wCommit ? repo.commit(wCommit).parents[0] : undefined;
  const i = wCommit ? repo.commit(wCommit).parents[1] : undefined;
  if (!wCommit || !b || !i) throw fatal(`'${revision}' is not a stash-like commit`);
  const u = repo.commit(wCommit).parents[2];
  const symbolic = revision.includes("@") ? revision.slice(0, revision.indexOf("@")) : revision;
  return {
    revision,
    w: wCommit,
    wTree: repo.commit(wCommit).tree,
    b,
    bTree: repo.commit(b).tree,
    iTree: repo.commit(i).tree,
    uTree: u ? repo.commit(u).tree : undefined,
    isStashRef: resolveRefName(repo, symbolic)?.ref === STASH_REF,
  };
}

/** Drops the entry `info` names (it is one of refs/stash's), saying so unless quiet. */
function dropEntry(ctx: Context, info: StashInfo, quiet: boolean): void {
  const m = /@\{([0-9]+)\}$/.exec(info.revision);
  dropStashEntry(ctx.repo, m ? Number(m[1]) : 0);
  if (!quiet) ctx.print(`Dropped ${info.revision} (${info.w})`);
}

/** git stash drop [-q] [<stash>] */
function drop(ctx: Context, argv: string[]): number {
  const p = parseSub("stash drop", argv, { quiet: { short: "q" } });
  const info = stashInfo(ctx, [...p.args, ...(p.paths ?? [])]);
  if (!info) return FAILED;
  if (!info.isStashRef) {
    ctx.eprint(`error: '${info.revision}' is not a stash reference`);
    return FAILED;
  }
  dropEntry(ctx, info, p.opts.quiet === true);
  return 0;
}

/** Applies `info` and, unless quiet, shows `git status` (after any failure too). */
function apply(ctx: Context, info: StashInfo, options: { index: boolean; quiet: boolean }): boolean {
  const repo = ctx.repo;
  const r = applyStash(repo, info, { index: options.index });
  ctx.out.push(...r.stdout);
  ctx.err.push(...r.stderr);
  // A refusal before the merge (conflicts in the index) says nothing more.
  if (!options.quiet && !r.refused) ctx.out.push(longStatus(repo));
  return r.ok;
}

/** git stash apply|pop [--index] [-q] [<stash>] */
function applyOrPop(ctx: Context, argv: string[], sub: "apply" | "pop"): number {
  const p = parseSub(`stash ${sub}`, argv, { quiet: { short: "q" }, index: {} });
  const info = stashInfo(ctx, [...p.args, ...(p.paths ?? [])]);
  if (!info) return FAILED;
  const quiet = p.opts.quiet === true;
  if (sub === "pop" && !info.isStashRef) {
    ctx.eprint(`error: '${info.revision}' is not a stash reference`);
    return FAILED;
  }
  if (!apply(ctx, info, { index: p.opts.index === true, quiet })) {
    if (sub === "pop") ctx.print("The stash entry is kept in case you need it again.");
    return FAILED;
  }
  if (sub === "pop") dropEntry(ctx, info, quiet);
  return 0;
}

/** git stash clear */
function clear(ctx: Context, argv: string[]): number {
  const first = argv.findIndex((a) => !a.startsWith("-") || a === "-");
  const p = parseSub("stash clear", first < 0 ? argv : argv.slice(0, first), {});
  if (p.args.length || p.paths?.length || first >= 0) {
    ctx.eprint("error: git stash clear with arguments is unimplemented");
    return FAILED;
  }
  clearStash(ctx.repo);
  return 0;
}

/** git stash branch <branch> [<stash>]: the branch at the stash's HEAD, the stash applied with its index, then dropped. */
function branch(ctx: Context, argv: string[]): number {
  const p = parseSub("stash branch", argv, {});
  const args = [...p.args, ...(p.paths ?? [])];
  if (args.length === 0) {
    ctx.eprint("No branch name specified");
    return FAILED;
  }
  const info = stashInfo(ctx, args.slice(1));
  if (!info) return FAILED;
  // git runs `checkout -b <branch> <stash>^1` as a child: its failure (and message) ends the command with exit 1.
  try {
    if (checkout(ctx, ["-b", args[0]!, info.b]) !== 0) return FAILED;
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    if (e.stdout) ctx.out.push(e.stdout);
    ctx.eprint(e.message.replace(/\n$/, ""));
    return FAILED;
  }
  if (!apply(ctx, info, { index: true, quiet: false })) return FAILED;
  if (info.isStashRef) dropEntry(ctx, info, false);
  return 0;
}

/** git stash create [<message>]: the stash commit's id, nothing recorded. */
function create(ctx: Context, argv: string[]): number {
  const repo = ctx.repo;
  const spec = new Pathspec([], repo.prefix, repo.workTree);
  if (needsMerge(ctx, repo)) return FAILED;
  const head = repo.head();
  if (!head) return 0;
  if (!hasChanges(repo, spec, "no")) return 0;
  const made = createStash(repo, head, { spec, message: argv.length ? argv.join(" ") : undefined });
  ctx.print(made.w);
  return 0;
}

/** git stash store [-m <message>] [-q] <commit> */
function store(ctx: Context, argv: string[]): number {
  // PARSE_OPT_KEEP_UNKNOWN_OPT: an option store does not know is an argument (the commit).
  const spec: Record<string, OptionSpec> = { quiet: { short: "q" }, message: { short: "m", value: true } };
  const known: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--" || !a.startsWith("-") || a === "-") {
      known.push(...argv.slice(i));
      break;
    }
    try {
      parseSub("stash store", [a, ...(argv[i + 1] !== undefined ? [argv[i + 1]!] : [])], spec);
    } catch (e) {
      if (!(e instanceof OptionError && e.usageTo === 2)) throw e;
      unknown.push(a);
      continue;
    }
    known.push(a);
  }
  const p = parseSub("stash store", known, spec);
  const args = [...unknown, ...p.args, ...(p.paths ?? [])];
  const quiet = p.opts.quiet === true;
  if (args.length !== 1) {
    if (!quiet) ctx.eprint('"git stash store" requires one <commit> argument');
    return FAILED;
  }
  const r = tryResolve(ctx.repo, args[0]!);
  if (!r) {
    if (!quiet) ctx.eprint(`Cannot update ${STASH_REF} with ${args[0]}`);
    return FAILED;
  }
  storeStash(ctx.repo, r.oid, (p.opts.message as string | undefined) ?? 'Created via "git stash store".');
  return 0;
}

/**
 * git stash show [<diff-options>] [<stash>]: the stash's changes against its
 * HEAD, as `git diff` shows them; without options stash.showStat (default
 * on) and stash.showPatch decide between --stat and -p.
 */
function show(ctx: Context, argv: string[]): number {
  const flags: string[] = [];
  const revs: string[] = [];
  for (const a of argv) {
    if (a === "-h" || a === "--help") throw withCommand("stash show", () => new OptionError("", 1));
    if (a === "-u" || a === "--include-untracked" || a === "--only-untracked" || a === "--no-include-untracked") throw fatal(`gokit git stash show does not support ${a}`);
    if (a.startsWith("-")) flags.push(a);
    else revs.push(a);
  }
  const info = stashInfo(ctx, revs);
  if (!info) return FAILED;
  // The diff options go to git's revision parser after the stash is found: one it does not know is the usage.
  for (const a of flags) {
    if (!isDiffOption(a, false)) throw withCommand("stash show", () => new OptionError("", 2));
    if (!implemented(a)) throw fatal(`gokit git stash show does not support ${a}`);
  }
  if (flags.length === 0) {
    const config = ctx.repo.config;
    const stat = config.getBool("stash.showstat", true);
    const patch = config.getBool("stash.showpatch", false);
    if (stat && patch) throw fatal("gokit git stash show does not support stash.showStat with stash.showPatch");
    if (stat) flags.push("--stat");
    else if (patch) flags.push("-p");
    else return 0;
  }
  const isPatch = (a: string) => a === "-p" || a === "-u" || a === "--patch";
  const isStat = (a: string) => /^--(stat|numstat|shortstat)$/.test(a);
  if (!flags.some(isPatch) || !flags.some(isStat)) return diff(ctx, [...flags, info.b, info.w]);
  // --stat with -p: the diffstat, a blank line, then the patches.
  if (flags.some((a) => a !== "--stat" && isStat(a))) throw fatal("gokit git stash show does not support a patch with --numstat or --shortstat");
  const before = ctx.out.length;
  diff(ctx, [...flags.filter((a) => !isPatch(a)), info.b, info.w]);
  if (ctx.out.length > before) ctx.out.push("\n");
  return diff(ctx, [...flags.filter((a) => !isStat(a)), info.b, info.w]);
}
