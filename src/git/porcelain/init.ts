/** `git init`: the repository layout and messages of Git 2.39. */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "../config.ts";
import { GitError, fatal } from "../errors.ts";
import { isValidRefName } from "../refs.ts";
import { parseOptions, type Context } from "./context.ts";
import { plainUsage } from "./usage.ts";

const EXCLUDE = `# git ls-files --others --exclude-from=.git/info/exclude
# Lines that start with '#' are comments.
# For a project mostly in C, the following would be a good set of
# exclude patterns (uncomment them if you want to use them):
# *.[oa]
# *~
`;

const HINT = `hint: Using 'master' as the name for the initial branch. This default branch name
hint: is subject to change. To configure the initial branch name to use in all
hint: of your new repositories, which will suppress this warning, call:
hint: 
hint: 	git config --global init.defaultBranch <name>
hint: 
hint: Names commonly chosen instead of 'master' are 'main', 'trunk' and
hint: 'development'. The just-created branch can be renamed via this command:
hint: 
hint: 	git branch -m <name>`;

/** Options for creating a repository from library code. */
export interface InitOptions {
  bare?: boolean;
  initialBranch?: string;
}

/** Creates (or re-initialises) a repository at `dir`; returns whether it already existed and the git dir. */
export function initRepository(dir: string, env: Record<string, string | undefined>, options: InitOptions = {}): { existed: boolean; gitDir: string; defaulted: boolean } {
  const gitDir = options.bare ? dir : `${dir}/.git`;
  const existed = existsSync(`${gitDir}/HEAD`);
  for (const d of ["", "hooks", "info", "objects/info", "objects/pack", "refs/heads", "refs/tags", "branches"]) mkdirSync(`${gitDir}/${d}`, { recursive: true });
  let defaulted = false;
  if (!existed) {
    let branch = options.initialBranch ?? loadConfig(env, undefined).get("init.defaultBranch");
    if (branch === undefined) {
      branch = "master";
      defaulted = true;
    }
    if (!isValidRefName(branch)) throw fatal(`invalid initial branch name: '${branch}'`);
    writeFileSync(`${gitDir}/HEAD`, `ref: refs/heads/${branch}\n`);
    writeFileSync(`${gitDir}/description`, "Unnamed repository; edit this file 'description' to name the repository.\n");
    writeFileSync(`${gitDir}/info/exclude`, EXCLUDE);
    writeFileSync(
      `${gitDir}/config`,
      `[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = ${options.bare ? "true" : "false"}\n${options.bare ? "" : "\tlogallrefupdates = true\n"}`,
    );
  }
  return { existed, gitDir, defaulted };
}

/** git init [-q] [--bare] [-b <branch>] [<directory>] */
export function init(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { quiet: { short: "q" }, bare: {}, "initial-branch": { short: "b", value: true } });
  const dirs = [...p.args, ...(p.paths ?? [])];
  // More than one directory: git's plain usage line (usage(), not parse-options' table).
  if (dirs.length > 1) throw new GitError(plainUsage("init"), 129);
  const target = resolve(ctx.cwd, dirs[0] ?? ".");
  try {
    mkdirSync(target, { recursive: true });
  } catch (e) {
    if ((e as { code?: string }).code === "EEXIST") throw fatal(`cannot mkdir ${dirs[0]}: File exists`);
    throw e;
  }
  const r = initRepository(target, ctx.env, { bare: p.opts.bare === true, initialBranch: p.opts["initial-branch"] as string | undefined });
  if (r.existed && p.opts["initial-branch"]) ctx.eprint(`warning: re-init: ignored --initial-branch=${p.opts["initial-branch"]}`);
  if (r.defaulted && !p.opts.quiet) ctx.eprint(HINT);
  if (!p.opts.quiet) ctx.print(`${r.existed ? "Reinitialized existing" : "Initialized empty"} Git repository in ${r.gitDir}/`);
  return 0;
}
