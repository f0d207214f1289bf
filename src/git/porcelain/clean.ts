/**
 * `git clean` (builtin/clean.c): removes untracked files (-d: and untracked
 * directories; -x: ignored ones too; -X: only ignored ones), after git's
 * refusal without -f/-n (clean.requireForce). Nested repositories are
 * skipped unless -f is given twice; each removal is reported as
 * "Removing x" ("Would remove x" with -n), in git's order: the candidates
 * sorted, a directory's contents in directory order when the directory
 * itself cannot go.
 */
import { realpathSync, rmdirSync, unlinkSync } from "node:fs";
import { listTyped } from "../../sys/index.ts";
import { fatal } from "../errors.ts";
import { ignoreRules } from "../ignore-rules.ts";
import { IgnoreMatcher } from "../ignore.ts";
import { Pathspec } from "../pathspec.ts";
import { quotePath, relativePath } from "../quote.ts";
import { gitDirAt } from "../repo.ts";
import { cleanCandidates, trackedSet } from "../walk.ts";
import { kindAt } from "../worktree.ts";
import { parseOptions, type Context } from "./context.ts";

const SPEC = {
  quiet: { short: "q" },
  "dry-run": { short: "n" },
  force: { short: "f" },
  interactive: { short: "i" },
  d: { short: "d" },
  exclude: { short: "e", value: true },
  x: { short: "x" },
  X: { short: "X" },
};

/** How many times -f/--force is given before `--` (git's OPT__FORCE counts up; --no-force resets). */
function forceCount(argv: string[]): number {
  let n = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    if (a.startsWith("--")) {
      const name = a.slice(2);
      if (name === "no-force" || (name.startsWith("no-f") && "no-force".startsWith(name))) n = 0;
      else if (name.length > 0 && "force".startsWith(name)) n++;
      else if (name === "exclude" || (name.length > 1 && "exclude".startsWith(name))) i++;
    } else if (a.startsWith("-") && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        if (a[k] === "f") n++;
        else if (a[k] === "e") {
          // -e takes the rest of the cluster, or the next argument.
          if (k === a.length - 1) i++;
          break;
        }
      }
    }
  }
  return n;
}

const ERRNO: Record<string, string> = { EACCES: "Permission denied", EPERM: "Operation not permitted", ENOTEMPTY: "Directory not empty", EBUSY: "Device or resource busy", EROFS: "Read-only file system" };

function errnoText(e: unknown): string {
  const code = (e as { code?: string }).code ?? "";
  return ERRNO[code] ?? (e as Error).message;
}

/** git clean [-d] [-f] [-n] [-q] [-e <pattern>] [-x | -X] [--] [<pathspec>...] */
export function clean(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, SPEC);
  const repo = ctx.repo;
  // clean.requireForce=false counts as one -f already (git's force starts at 1 then).
  const configured = repo.config.get("clean.requireforce") !== undefined;
  const force = (configured && !repo.config.getBool("clean.requireforce", true) ? 1 : 0) + forceCount(argv);
  const dryRun = p.opts["dry-run"] === true;
  const quiet = p.opts.quiet === true;
  if (p.opts.interactive) throw fatal("gokit git clean does not support -i");
  if (!dryRun && !force) {
    throw fatal(`clean.requireForce ${configured ? "set to true" : "defaults to true"} and neither -i, -n, nor -f given; refusing to clean`);
  }
  if (p.opts.x && p.opts.X) throw fatal("-x and -X cannot be used together");
  const args = [...p.args, ...(p.paths ?? [])];
  // A pathspec implies -d; without one, the current directory is the pathspec (PATHSPEC_PREFER_CWD).
  const directories = p.opts.d === true || args.length > 0;
  const prefix = repo.prefix;
  const spec = new Pathspec(args.length ? args : prefix ? ["."] : [], prefix, repo.workTree);
  const excludes = p.multi.exclude ?? [];
  const ignore = p.opts.x ? IgnoreMatcher.commandLineOnly(excludes) : ignoreRules(repo, excludes);
  const { entries } = repo.readIndex();
  const top = (rel: string) => (rel === "" ? repo.workTree : `${repo.workTree}/${rel}`);
  const candidates = cleanCandidates(repo.workTree, trackedSet(entries.map((e) => e.path)), ignore, {
    ignoredOnly: p.opts.X === true,
    directories,
    nested: force > 1,
    spec,
    isRepository: (rel) => gitDirAt(top(rel)) !== undefined,
  });
  const verb = dryRun ? "Would remove" : "Removing";
  let cwd: string | undefined;
  const isCwd = (abs: string) => {
    cwd ??= realpathSync(ctx.cwd);
    return realpathSync(abs) === cwd;
  };
  let errors = 0;

  /**
   * remove_dirs: empties and removes directory `path` (top-relative, as git
   * builds it from the prefix and the relative name), keeping nested
   * repositories unless forced twice; says what it removed inside only
   * when the directory itself stays.
   */
  const removeDir = (path: string): { gone: boolean; failed: boolean } => {
    const abs = top(path.replace(/\/$/, ""));
    if (force < 2 && gitDirAt(abs) !== undefined) {
      if (!quiet) ctx.print(`${dryRun ? "Would skip" : "Skipping"} repository ${quotePath(relativePath(path, prefix))}`);
      return { gone: false, failed: false };
    }
    const listing = listTyped(abs);
    let gone = true;
    let failed = false;
    const dels: string[] = [];
    const base = path.endsWith("/") ? path : `${path}/`;
    for (const name of listing?.names ?? []) {
      const child = base + name;
      const childAbs = `${abs}/${name}`;
      const shown = quotePath(relativePath(child, prefix));
      if (kindAt(childAbs).kind === "dir") {
        const r = removeDir(child);
        if (r.failed) failed = true;
        if (r.gone) dels.push(shown);
        else gone = false;
        continue;
      }
      try {
        if (!dryRun) unlinkSync(childAbs);
        dels.push(shown);
      } catch (e) {
        ctx.eprint(`warning: failed to remove ${shown}: ${errnoText(e)}`);
        gone = false;
        failed = true;
      }
    }
    if (gone) {
      if (isCwd(abs)) {
        ctx.print(dryRun ? "Would refuse to remove current working directory" : "Refusing to remove current working directory");
        gone = false;
      } else if (!dryRun) {
        try {
          rmdirSync(abs);
        } catch (e) {
          ctx.eprint(`warning: failed to remove ${quotePath(relativePath(path, prefix))}: ${errnoText(e)}`);
          gone = false;
          failed = true;
        }
      }
    }
    if (!gone && !quiet) for (const d of dels) ctx.print(`${verb} ${d}`);
    return { gone, failed };
  };

  for (const name of candidates) {
    const isDir = name.endsWith("/");
    if (isDir && !directories) continue;
    const item = relativePath(name, prefix);
    const path = prefix + item;
    const kind = kindAt(top(path.replace(/\/$/, ""))).kind;
    // Already gone with a directory removed before it.
    if (kind === "none") continue;
    if (kind === "dir") {
      const r = removeDir(path);
      if (r.failed) errors++;
      if (r.gone && !quiet) ctx.print(`${verb} ${quotePath(item)}`);
      continue;
    }
    try {
      if (!dryRun) unlinkSync(top(path));
      if (!quiet) ctx.print(`${verb} ${quotePath(item)}`);
    } catch (e) {
      ctx.eprint(`warning: failed to remove ${quotePath(item)}: ${errnoText(e)}`);
      errors++;
    }
  }
  return errors ? 1 : 0;
}
