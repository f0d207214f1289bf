/**
 * Git's hooks (githooks(5), hook.c, run-command.c): a hook is the executable
 * file `<git dir>/hooks/<name>` or `<core.hooksPath>/<name>`; it runs with the
 * work tree's top as its directory, stdin from /dev/null and its stdout sent
 * to stderr, and its exit status decides whether pre-* hooks let the command go on.
 */
import { accessSync, closeSync, constants, openSync, readSync, unlinkSync } from "node:fs";
import { constants as osConstants, tmpdir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import type { Repository } from "./repo.ts";
import type { Context } from "./porcelain/context.ts";

/** The null object id post-checkout gets for an unborn HEAD. */
export const NULL_OID = "0".repeat(40);

/** What a hook gets besides the repository: its arguments and the variables the calling command adds. */
export interface HookOptions {
  args?: string[];
  /** Variables set for this hook only (GIT_INDEX_FILE, GIT_EDITOR=:, GIT_REFLOG_ACTION). */
  env?: Record<string, string>;
  /** Standard input (post-rewrite's "<old> <new>" lines); /dev/null otherwise. */
  stdin?: string;
}

/** Hooks whose "not executable" hint was already given in this command (git advises once per hook name). */
const advised = new WeakMap<Context, Set<string>>();

/** The directory hooks run in: the top of the work tree (the git dir in a bare repository). */
function hookCwd(repo: Repository): string {
  return repo.workTree || repo.gitDir;
}

/**
 * The git dir as git names it after moving to the work tree's top: GIT_DIR as
 * given when git did not move (no GIT_WORK_TREE) or it is absolute, ".git" for
 * the usual layout, else the absolute path (a .git file's target).
 */
export function gitDirName(repo: Repository): string {
  const given = repo.env.GIT_DIR;
  if (given) return isAbsolute(given) || resolve(repo.cwd) === repo.workTree ? given : repo.gitDir;
  return repo.workTree && repo.gitDir === `${repo.workTree}/.git` ? ".git" : repo.gitDir;
}

/** The index file as git names it in GIT_INDEX_FILE for hooks: the caller's GIT_INDEX_FILE, else "<git dir>/index". */
export function indexFileName(repo: Repository): string {
  return repo.env.GIT_INDEX_FILE || `${gitDirName(repo)}/index`;
}

/** Where hook `name` would be, spelled as git spells it (relative paths are relative to the hook's directory). */
function hookLocation(repo: Repository, name: string): string {
  let dir = repo.config.get("core.hooksPath");
  if (dir === undefined || dir === "" || dir === "\0") return `${gitDirName(repo)}/hooks/${name}`;
  // git_config_pathname: "~/" is the home directory.
  if (dir === "~" || dir.startsWith("~/")) dir = (repo.env.HOME ?? "") + dir.slice(1);
  return `${dir}/${name}`;
}

/**
 * The path of hook `name` when it exists and is executable (find_hook). A file
 * that is not executable is skipped with git's hint, once per hook and command,
 * unless advice.ignoredHook is false.
 */
function findHook(ctx: Context, name: string): string | undefined {
  const repo = ctx.repo;
  const path = hookLocation(repo, name);
  try {
    accessSync(resolve(hookCwd(repo), path), constants.X_OK);
    return path;
  } catch (e) {
    if ((e as { code?: string }).code !== "EACCES" || !repo.config.getBool("advice.ignoredHook", true)) return undefined;
    let given = advised.get(ctx);
    if (!given) advised.set(ctx, (given = new Set()));
    if (!given.has(name)) {
      given.add(name);
      ctx.eprint(`hint: The '${path}' hook was ignored because it's not set as executable.`);
      ctx.eprint("hint: You can disable this warning with `git config advice.ignoredHook false`.");
    }
    return undefined;
  }
}

/** True when hook `name` would run (no hint). */
export function hasHook(repo: Repository, name: string): boolean {
  try {
    accessSync(resolve(hookCwd(repo), hookLocation(repo, name)), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs hook `name` if there is one and returns its exit status (0 without a
 * hook). Everything it prints goes to the command's stderr, in the order it
 * was printed; a file the kernel cannot execute (no "#!") runs with /bin/sh,
 * as git's run-command does.
 */
export function runHook(ctx: Context, name: string, options: HookOptions = {}): number {
  const path = findHook(ctx, name);
  const repo = ctx.repo;
  if (path === undefined) return 0;
  const env: Record<string, string | undefined> = { ...repo.env, GIT_PREFIX: repo.prefix, ...options.env };
  // A git dir found through a .git file is exported to hooks (setup.c set_git_dir).
  if (!repo.env.GIT_DIR && repo.workTree && repo.gitDir !== `${repo.workTree}/.git`) env.GIT_DIR = repo.gitDir;
  const args = options.args ?? [];
  if (ctx.live) {
    // On the command line the hook writes straight to stderr (its stdout too, as git's stdout_to_stderr),
    // after what the command printed so far: a long hook shows its progress as it runs.
    ctx.flush();
    return runStatus(ctx, path, args, repo, env, 2, options.stdin);
  }
  // One file for stdout and stderr keeps their interleaving (git passes its stderr to both).
  const capture = resolve(tmpdir(), `gokit-hook-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const fd = openSync(capture, "w+", 0o600);
  unlinkSync(capture);
  try {
    const code = runStatus(ctx, path, args, repo, env, fd, options.stdin, () => {
      const output = readAll(fd);
      if (output.length) ctx.err.push(output.toString());
    });
    return code;
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs hook `path` with its output on file descriptor `fd`, and returns
 * git's exit status for it: a script without #! goes to /bin/sh, and an
 * interpreter that cannot run, or a signal, is reported as git reports it
 * (after `collect` has taken the hook's own output).
 */
function runStatus(ctx: Context, path: string, args: string[], repo: Repository, env: Record<string, string | undefined>, fd: number, stdin: string | undefined, collect = () => {}): number {
  let status: Status;
  try {
    // Windows cannot execute a script file; Git for Windows hands "#!/bin/sh" hooks to its sh.
    status = spawn(process.platform === "win32" ? ["sh", path, ...args] : [path, ...args], repo, env, fd, stdin);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOEXEC") status = spawn(["/bin/sh", path, ...args], repo, env, fd, stdin);
    else if (code === "EACCES") {
      ctx.eprint(`fatal: cannot exec '${path}': Permission denied`);
      status = { code: 128 };
    } else {
      ctx.eprint(`fatal: cannot run ${path}: ${code === "ENOENT" ? "No such file or directory" : String((e as Error).message)}`);
      status = { code: 127 };
    }
  }
  collect();
  if (status.signal) ctx.eprint(`error: ${path} died of signal ${status.signal}`);
  return status.code;
}

/** A hook's exit status; `signal` when a signal other than SIGINT, SIGQUIT or SIGPIPE killed it (git reports those). */
interface Status {
  code: number;
  signal?: number;
}

function spawn(argv: string[], repo: Repository, env: Record<string, string | undefined>, fd: number, stdin: string | undefined): Status {
  const r = Bun.spawnSync(argv, { cwd: hookCwd(repo), env, stdio: [stdin === undefined ? "ignore" : Buffer.from(stdin), fd, fd] });
  if (r.exitCode !== null) return { code: r.exitCode };
  // Killed by a signal: run-command's wait_or_whine reports 128 + the signal number.
  const name = String(r.signalCode ?? "");
  const signal = (osConstants.signals as Record<string, number>)[name] ?? 0;
  const quiet = name === "SIGINT" || name === "SIGQUIT" || name === "SIGPIPE";
  return quiet ? { code: 128 + signal } : { code: 128 + signal, signal };
}

function readAll(fd: number): Buffer {
  const chunks: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n <= 0) break;
    chunks.push(buf.subarray(0, n));
    pos += n;
  }
  return Buffer.concat(chunks);
}
