/**
 * @module git — a Git implementation on Git's own on-disk format: loose and
 * packed objects, the index, refs and config, and the porcelain commands
 * (`runGit`) whose output and exit codes follow real Git's.
 */
import { GitError } from "./errors.ts";
import { kindOf, resolve } from "../sys/index.ts";
import { Context, OptionError, withCommand, type LiveOutput } from "./porcelain/context.ts";
import { LONE_H_ON_STDERR, usageText } from "./porcelain/usage.ts";

export { GitError } from "./errors.ts";
export { Context } from "./porcelain/context.ts";
export { openRepository, Repository, ObjectDatabase } from "./repo.ts";

type Command = (ctx: Context, argv: string[]) => number | Promise<number>;

/** The release of git whose output, messages and usage texts gokit git reproduces. */
export const EMULATED_GIT = "2.39.5";

/** The subcommands, each loaded on first use. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import("./porcelain/init.ts")).init,
  "hash-object": async () => (await import("./porcelain/objects-cmd.ts")).hashObjectCmd,
  "cat-file": async () => (await import("./porcelain/objects-cmd.ts")).catFile,
  add: async () => (await import("./porcelain/add.ts")).add,
  rm: async () => (await import("./porcelain/add.ts")).rm,
  mv: async () => (await import("./porcelain/mv.ts")).mv,
  commit: async () => (await import("./porcelain/commit.ts")).commit,
  status: async () => (await import("./porcelain/status-cmd.ts")).status,
  "ls-files": async () => (await import("./porcelain/status-cmd.ts")).lsFiles,
  "rev-parse": async () => (await import("./porcelain/refs-cmd.ts")).revParse,
  "show-ref": async () => (await import("./porcelain/refs-cmd.ts")).showRef,
  log: async () => (await import("./porcelain/log.ts")).log,
  describe: async () => (await import("./porcelain/describe.ts")).describe,
  "name-rev": async () => (await import("./porcelain/name-rev.ts")).nameRev,
  reflog: async () => (await import("./porcelain/reflog-cmd.ts")).reflog,
  "rev-list": async () => (await import("./porcelain/log.ts")).revList,
  archive: async () => (await import("./porcelain/archive.ts")).archive,
  blame: async () => (await import("./porcelain/blame-cmd.ts")).blameCmd,
  shortlog: async () => (await import("./porcelain/shortlog.ts")).shortlog,
  "check-mailmap": async () => (await import("./porcelain/shortlog.ts")).checkMailmap,
  show: async () => (await import("./porcelain/show.ts")).show,
  branch: async () => (await import("./porcelain/branch.ts")).branch,
  tag: async () => (await import("./porcelain/branch.ts")).tag,
  checkout: async () => (await import("./porcelain/checkout.ts")).checkout,
  switch: async () => (await import("./porcelain/checkout.ts")).switchCmd,
  reset: async () => (await import("./porcelain/checkout.ts")).reset,
  restore: async () => (await import("./porcelain/restore.ts")).restore,
  clean: async () => (await import("./porcelain/clean.ts")).clean,
  diff: async () => (await import("./porcelain/diff-cmd.ts")).diff,
  merge: async () => (await import("./porcelain/merge.ts")).merge,
  "cherry-pick": async () => (await import("./porcelain/cherry-pick.ts")).cherryPick,
  revert: async () => (await import("./porcelain/cherry-pick.ts")).revert,
  config: async () => (await import("./porcelain/config-cmd.ts")).config,
  "ls-tree": async () => (await import("./porcelain/ls-tree.ts")).lsTree,
  "merge-base": async () => (await import("./porcelain/merge-base-cmd.ts")).mergeBase,
  "symbolic-ref": async () => (await import("./porcelain/symbolic-ref.ts")).symbolicRef,
  "update-ref": async () => (await import("./porcelain/update-ref.ts")).updateRef,
  "write-tree": async () => (await import("./porcelain/tree-cmds.ts")).writeTreeCmd,
  "commit-tree": async () => (await import("./porcelain/tree-cmds.ts")).commitTree,
  "for-each-ref": async () => (await import("./porcelain/for-each-ref.ts")).forEachRef,
  stash: async () => (await import("./porcelain/stash.ts")).stash,
  grep: async () => (await import("./porcelain/grep.ts")).grep,
};

/** Commands git runs in a repository (RUN_SETUP), and those that need its work tree too (NEED_WORK_TREE). */
const NEEDS_REPOSITORY = new Set(["add", "rm", "mv", "describe", "reflog", "rev-list", "blame", "check-mailmap", "status", "commit", "log", "branch", "checkout", "switch", "merge", "cherry-pick", "revert", "reset", "tag", "show", "cat-file", "ls-files", "show-ref", "rev-parse", "restore", "clean", "ls-tree", "merge-base", "symbolic-ref", "update-ref", "write-tree", "commit-tree", "for-each-ref", "stash", "name-rev"]);
const NEEDS_WORK_TREE = new Set(["add", "mv", "status", "commit", "checkout", "switch", "merge", "cherry-pick", "revert", "restore", "clean", "stash"]);

/** Names of the implemented subcommands. */
export const gitCommands = (): string[] => Object.keys(COMMANDS);

/** The outcome of one `git` invocation. */
export interface GitResult {
  code: number;
  stdout: (string | Uint8Array)[];
  stderr: string[];
}

/** Runs `git <argv>` in `cwd` with `env`; output is collected, errors become Git's messages and exit codes. */
export async function runGit(argv: string[], options: { cwd: string; env: Record<string, string | undefined>; live?: LiveOutput }): Promise<GitResult> {
  const ctx = new Context(options.cwd, options.env, options.live);
  let code: number;
  // Global options before the subcommand: -C <dir>, -c name=value, and the pager switches (gokit never pages).
  let args = argv;
  let cwd = options.cwd;
  const overrides: [string, string][] = [];
  const fail = (message: string, exitCode: number, stdout = ""): GitResult => ({ code: exitCode, stdout: stdout ? [stdout] : [], stderr: message ? [message] : [] });
  for (;;) {
    const a = args[0];
    if (a === "-C" || a === "-c") {
      if (args[1] === undefined) return fail(`${a === "-C" ? "no directory given for '-C' option" : "-c expects a configuration string"}\n${topUsage()}`, 129);
      if (a === "-C") {
        cwd = resolve(cwd, args[1]);
        const kind = kindOf(cwd);
        if (kind !== "dir") return fail(`fatal: cannot change to '${args[1]}': ${kind ? "Not a directory" : "No such file or directory"}\n`, 128);
      } else {
        // -c name=value: a config value for this command only (a bare name means true).
        const eq = args[1].indexOf("=");
        overrides.push(eq < 0 ? [args[1], "true"] : [args[1].slice(0, eq), args[1].slice(eq + 1)]);
      }
      args = args.slice(2);
    } else if (a === "--no-pager" || a === "-P" || a === "-p" || a === "--paginate") args = args.slice(1);
    else break;
  }
  const name = args[0];
  // git alone prints its usage (exit 1), -h/--help too (exit 0); an option gokit does not take is git's unknown one.
  if (name === undefined) return fail("", 1, usageText("git"));
  if (name === "-h" || name === "--help") return fail("", 0, usageText("git"));
  // The git whose behaviour (output, messages, usage texts) gokit follows, marked as gokit's.
  if (name === "-v" || name === "--version" || name === "version") return fail("", 0, `git version ${EMULATED_GIT} (gokit)\n`);
  if (name.startsWith("-") && name !== "-v" && name !== "--version") return fail(`unknown option: ${name}\n${topUsage()}`, 129);
  const c = cwd === options.cwd ? ctx : new Context(cwd, options.env, options.live);
  c.configOverrides.push(...overrides);
  try {
    const load = COMMANDS[name];
    if (!load) throw new GitError(`git: '${name}' is not a git command. See 'git --help'.`, 1);
    const argv = args.slice(1);
    const help = helpRequest(name, argv, c);
    if (help) {
      (help.to === 1 ? c.out : c.err).push(help.text);
      return { code: 129, stdout: c.out, stderr: c.err };
    }
    // Like git, find the repository (and, for some, the work tree) before parsing any option.
    if (NEEDS_REPOSITORY.has(name!)) {
      const repo = c.repo;
      if (NEEDS_WORK_TREE.has(name!)) repo.requireWorkTree();
    }
    if (logHelp(name!, argv)) throw new OptionError("", 1, false, name);
    const command = await load();
    code = await withCommand(name!, () => command(c, argv));
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    if (e.stdout) c.out.push(e.stdout);
    for (const d of c.openedRepo?.diagnostics.splice(0) ?? []) c.err.push(d + "\n");
    if (e.message) c.err.push(e.message.endsWith("\n") ? e.message : e.message + "\n");
    // parse-options follows its error with the command's usage text.
    if (e instanceof OptionError && e.usageTo) (e.usageTo === 1 ? c.out : c.err).push(usageText(e.usageOf ?? name!, e.afterParse));
    code = e.exitCode;
  }
  for (const d of c.openedRepo?.diagnostics ?? []) c.err.unshift(d + "\n");
  return { code, stdout: c.out, stderr: c.err };
}

/**
 * The usage text git prints (and where) for a help request the command does
 * not parse itself: a lone `-h` (git runs it outside a repository too; some
 * commands print it on stderr), `--help` right after the command (git opens
 * the manual page; gokit prints the `-h` text).
 */
function helpRequest(name: string, argv: string[], ctx: Context): { text: string; to: 1 | 2 } | undefined {
  if (argv.length === 1 && argv[0] === "-h") {
    // Outside a repository, `git diff -h` is `git diff --no-index -h`.
    if (name === "diff" && !insideRepository(ctx)) return { text: usageText("diff --no-index"), to: 1 };
    return { text: usageText(name), to: LONE_H_ON_STDERR.has(name) ? 2 : 1 };
  }
  if (argv[0] === "--help") return { text: usageText(name), to: 1 };
  if (name === "rev-parse" && argv[0] === "-h") return { text: usageText(name), to: 2 };
  return undefined;
}

/** The synopsis git prints after an error in its own options: its usage up to the first blank line. */
function topUsage(): string {
  const text = usageText("git");
  return text.slice(0, text.indexOf("\n\n") + 1);
}

/** log and show take `-h`/`--help` anywhere before `--` (their other options go to the revision parser). */
function logHelp(name: string, argv: string[]): boolean {
  if (name !== "log" && name !== "show") return false;
  for (const a of argv) {
    if (a === "--") break;
    if (a === "-h" || a === "--help" || a === "--help-all") return true;
  }
  return false;
}

function insideRepository(ctx: Context): boolean {
  try {
    return ctx.repo !== undefined;
  } catch (e) {
    if (e instanceof GitError) return false;
    throw e;
  }
}
