/**
 * `git grep` (builtin/grep.c): the patterns (-e, -f, --and/--or/--not and
 * parentheses, or the first argument), then revisions up to `--` or the first
 * non-revision, then pathspecs; searches the work tree's tracked files (the
 * index's list), the index itself (--cached), the work tree with untracked
 * files (--untracked), a plain directory (--no-index), or trees, commits and
 * blobs. Names are relative to the current directory and quoted unless -z.
 * Git's worker threads show in the output: with context or --break, every
 * file's output starts with a hunk mark and the very first line is dropped
 * (with a binary file first, its "Binary file" line), as git 2.39 does.
 */
import { cpus } from "node:os";
import { nodeFs, resolve } from "../../sys/index.ts";
import { loadConfig } from "../config.ts";
import { GitError, fatal } from "../errors.ts";
import { compileGrepPatterns, type GrepToken, type PatternType } from "../grep-pattern.ts";
import { Search } from "../grep-search.ts";
import type { GrepOptions } from "../grep-source.ts";
import { Pathspec } from "../pathspec.ts";
import type { Repository } from "../repo.ts";
import { diagnoseRevision, tryResolve, unknownRevision } from "../revision.ts";
import { OptionError, parseOptions, type Context, type OptionSpec } from "./context.ts";

const SPEC: Record<string, OptionSpec> = {
  cached: {}, "no-index": {}, untracked: {}, "exclude-standard": {}, "recurse-submodules": {},
  "invert-match": { short: "v" }, "ignore-case": { short: "i" }, "word-regexp": { short: "w" }, text: { short: "a" }, I: { short: "I" },
  textconv: {}, recursive: { short: "r" }, "max-depth": { value: true },
  "extended-regexp": { short: "E" }, "basic-regexp": { short: "G" }, "fixed-strings": { short: "F" }, "perl-regexp": { short: "P" },
  "line-number": { short: "n" }, column: {}, h: { short: "h" }, H: { short: "H" }, "full-name": {},
  "files-with-matches": { short: "l" }, "name-only": {}, "files-without-match": { short: "L" }, null: { short: "z" },
  "only-matching": { short: "o" }, count: { short: "c" }, color: { value: true, optional: "always" }, break: {}, heading: {},
  context: { short: "C", value: true }, "before-context": { short: "B", value: true }, "after-context": { short: "A", value: true },
  threads: { value: true }, NUM: { number: true }, "show-function": { short: "p" }, "function-context": { short: "W" },
  f: { short: "f", value: true }, e: { short: "e", value: true }, and: {}, or: {}, not: {}, quiet: { short: "q" }, "all-match": {},
  "open-files-in-pager": { short: "O", value: true, optional: "" }, "ext-grep": {}, "max-count": { short: "m", value: true },
};

/** Options git has and gokit refuses, as the user would name them. */
const REFUSED: Record<string, string> = {
  "recurse-submodules": "--recurse-submodules", textconv: "--textconv", "perl-regexp": "-P", "show-function": "-p",
  "function-context": "-W", "open-files-in-pager": "-O",
};

/**
 * OPT_INTEGER's parse (strtol, all of it): a bad value is git's error naming
 * the option as given ("switch `A'" or "option `after-context'"; -C's
 * callback always says "switch `C'").
 */
function integer(value: string, key: string, argv: string[]): number {
  if (/^\s*[+-]?\d+$/.test(value)) return Number(value);
  const s = key === "context" ? "C" : SPEC[key]!.short;
  const asShort = s !== undefined && (key === "context" || argv.some((a) => a.startsWith(`-${s}`) || (/^-[^-]/.test(a) && a.includes(s))));
  throw new OptionError(`error: ${asShort ? `switch \`${s}'` : `option \`${key}'`} expects a numerical value`, 0);
}

/** git grep. */
export async function grep(ctx: Context, argv: string[]): Promise<number> {
  const parsed = parseOptions(argv, SPEC, { stopAtNonOption: true, nodash: ["(", ")"] });
  const repo = ctx.gentleRepo;
  const config = repo?.config;
  const opt: GrepOptions = {
    patterns: { list: [], expr: undefined },
    invert: false, binary: "default", lineNumber: config?.getBool("grep.linenumber", false) ?? false,
    column: config?.getBool("grep.column", false) ?? false, pathname: true, nameOnly: false, unmatchNameOnly: false,
    count: false, onlyMatching: false, statusOnly: false, nullFollowingName: false, fileBreak: false, heading: false,
    allMatch: false, preContext: 0, postContext: 0, maxCount: -1,
  };
  let relative = !(config?.getBool("grep.fullname", false) ?? false);
  let threads = config?.get("grep.threads") !== undefined ? Number(config.get("grep.threads")) : 0;
  if (threads < 0) throw fatal(`invalid number of threads specified (${threads}) for grep.threads`);
  let cached = false, useIndex = true, untrackedToo = false, excludeStandard: boolean | undefined;
  let ignoreCase = false, word = false, maxDepth = -1;
  let typeArg: PatternType | undefined;
  const toks: GrepToken[] = [];
  for (const [key, v] of parsed.order) {
    const on = v !== false;
    if (REFUSED[key] && on) throw fatal(`gokit git grep does not support ${REFUSED[key]}`);
    switch (key) {
      case "cached": cached = on; break;
      case "no-index": useIndex = !on; break;
      case "untracked": untrackedToo = on; break;
      case "exclude-standard": excludeStandard = on; break;
      case "invert-match": opt.invert = on; break;
      case "ignore-case": ignoreCase = on; break;
      case "word-regexp": word = on; break;
      case "text": opt.binary = on ? "text" : "default"; break;
      case "I": opt.binary = "nomatch"; break;
      case "recursive": maxDepth = on ? -1 : 0; break;
      case "max-depth": maxDepth = integer(v as string, key, argv); break;
      case "extended-regexp": typeArg = on ? "ere" : undefined; break;
      case "basic-regexp": typeArg = on ? "bre" : undefined; break;
      case "fixed-strings": typeArg = on ? "fixed" : undefined; break;
      case "line-number": opt.lineNumber = on; break;
      case "column": opt.column = on; break;
      case "h": opt.pathname = false; break;
      case "H": opt.pathname = true; break;
      case "full-name": relative = !on; break;
      case "files-with-matches": case "name-only": opt.nameOnly = on; break;
      case "files-without-match": opt.unmatchNameOnly = on; break;
      case "null": opt.nullFollowingName = on; break;
      case "only-matching": opt.onlyMatching = on; break;
      case "count": opt.count = on; break;
      case "color": if (on && v !== "never") throw fatal("gokit git grep does not support --color"); break;
      case "break": opt.fileBreak = on; break;
      case "heading": opt.heading = on; break;
      case "context": case "NUM":
        if (!on) opt.preContext = opt.postContext = 0;
        else opt.preContext = opt.postContext = integer(v as string, "context", argv);
        break;
      case "before-context": opt.preContext = on ? integer(v as string, key, argv) : 0; break;
      case "after-context": opt.postContext = on ? integer(v as string, key, argv) : 0; break;
      case "threads": threads = on ? integer(v as string, key, argv) : 0; break;
      case "max-count": opt.maxCount = on ? integer(v as string, key, argv) : -1; break;
      case "f": toks.push(...patternFile(ctx, repo, v as string)); break;
      case "e": toks.push(...patternTokens(v as string, "-e option", 0)); break;
      case "and": toks.push({ kind: "and", text: "--and" }); break;
      case "not": toks.push({ kind: "not", text: "--not" }); break;
      case "(": toks.push({ kind: "open", text: "(" }); break;
      case ")": toks.push({ kind: "close", text: ")" }); break;
      case "quiet": opt.statusOnly = on; break;
      case "all-match": opt.allMatch = on; break;
    }
  }
  // Colour from the config: gokit prints none, so it refuses where git would colour for certain.
  const colour = config?.get("color.grep") ?? config?.get("color.ui");
  if (colour?.toLowerCase() === "always" && !parsed.order.some(([k, v]) => k === "color" && (v === false || v === "never"))) throw fatal("gokit git grep does not support color.grep=always");
  if (useIndex && !repo) {
    // Outside a repository: --no-index when grep.fallbackToNoIndex says so, else git's "not a git repository".
    const global = loadConfig(ctx.env, undefined);
    for (const [k, v] of ctx.configOverrides) global.set(k, v);
    if (global.getBool("grep.fallbacktonoindex", false)) useIndex = false;
    else void ctx.repo;
  }
  // What follows the options: [--] pattern (unless -e/-f gave one), revisions, [--] paths.
  let rest = parsed.paths === undefined ? parsed.args : [...parsed.args, "--", ...parsed.paths];
  if (rest.length && !toks.length && rest[0] === "--") rest = rest.slice(1);
  if (rest.length && !toks.length) {
    toks.push(...patternTokens(rest[0]!, "command line", 0));
    rest = rest.slice(1);
  }
  if (!toks.length) throw fatal("no pattern given");
  if (opt.invert) opt.onlyMatching = false;
  const seenDashDash = rest.includes("--");
  const allowRevs = useIndex && !untrackedToo;
  const prefix = repo?.prefix ?? "";
  const objects: { oid: string; name: string }[] = [];
  let i = 0;
  for (; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--") {
      i++;
      break;
    }
    if (!allowRevs) {
      if (seenDashDash) throw fatal("--no-index or --untracked cannot be used with revs");
      break;
    }
    const r = tryResolve(repo!, arg);
    if (!r) {
      if (seenDashDash) throw fatal(`unable to resolve revision: ${arg}`);
      break;
    }
    if (!seenDashDash) verifyNonFilename(ctx, arg);
    objects.push({ oid: r.oid, name: arg });
  }
  const paths = rest.slice(i);
  if (paths.some((p) => p.startsWith(":"))) throw fatal("gokit git grep does not support pathspec magic");
  if (!seenDashDash) paths.forEach((p, j) => verifyFilename(ctx, repo, p, j === 0 && allowRevs));
  const root = repo?.workTree || ctx.cwd;
  const pathspec = new Pathspec(paths.length ? paths : prefix ? ["."] : [], prefix, root);
  if (opt.maxCount === 0) return 1;
  if (threads < 0) throw fatal(`invalid number of threads specified (${threads})`);
  const threaded = (threads === 0 ? cpus().length : threads) > 1;
  const type: PatternType = typeArg ?? configPatternType(repo);
  opt.patterns = compileGrepPatterns(toks, { type, ignoreCase, word, allMatch: opt.allMatch });

  // git's die_for_incompatible_opt3.
  const modes = ([[!useIndex, "--no-index"], [untrackedToo, "--untracked"], [cached, "--cached"]] as const).filter(([on]) => on).map(([, name]) => `'${name}'`);
  if (modes.length === 2) throw fatal(`options ${modes.join(" and ")} cannot be used together`);
  if (modes.length === 3) throw fatal(`options ${modes[0]}, ${modes[1]}, and ${modes[2]} cannot be used together`);
  const search = new Search(opt, threaded, prefix, relative, pathspec, maxDepth);
  if (!useIndex || untrackedToo) {
    search.directory(root, useIndex, (excludeStandard ?? useIndex) ? repo : undefined, excludeStandard === true, repo);
  } else if (excludeStandard !== undefined) throw fatal("--[no-]exclude-standard cannot be used for tracked contents");
  else if (!objects.length) {
    if (!cached) repo!.requireWorkTree();
    search.index(repo!, cached);
  } else {
    if (cached) throw fatal("both --cached and trees are given");
    search.objects(repo!, objects);
  }
  const text = search.output();
  if (text) ctx.out.push(Buffer.from(text, "latin1"));
  return search.hit ? 0 : 1;
}

/** -f <file>: one pattern per non-empty line, read relative to the top of the work tree as git (which has moved there) reads it. */
function patternFile(ctx: Context, repo: Repository | undefined, file: string): GrepToken[] {
  if (file === "-") throw fatal("gokit git grep does not support -f -");
  let text: string;
  try {
    text = nodeFs().readFileSync(resolve(repo?.workTree || ctx.cwd, file), "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw fatal(`cannot open '${file}': ${code === "ENOENT" ? "No such file or directory" : code === "EISDIR" ? "Is a directory" : "Permission denied"}`);
  }
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let no = 0;
  return lines.flatMap((l) => (l.replace(/\r$/, "") === "" ? [] : patternTokens(l.replace(/\r$/, ""), file, ++no)));
}

/** A pattern as git appends it: one with newlines is one pattern per line (do_append_grep_pat). */
function patternTokens(pattern: string, origin: string, no: number): GrepToken[] {
  return pattern.split("\n").map((p) => ({ kind: "pattern", pattern: p, origin, no }));
}

/** grep.patternType and grep.extendedRegexp, as git reads them when no -E/-G/-F is given. */
function configPatternType(repo: Repository | undefined): PatternType {
  const t = repo?.config.get("grep.patterntype")?.toLowerCase();
  if (t === "basic") return "bre";
  if (t === "extended") return "ere";
  if (t === "fixed") return "fixed";
  if (t === "perl") throw fatal("gokit git grep does not support grep.patternType=perl");
  return repo?.config.getBool("grep.extendedregexp", false) ? "ere" : "bre";
}

/** Git's check_filename: the argument names something in the work tree (":/" paths from the top). */
function checkFilename(ctx: Context, repo: Repository | undefined, arg: string): boolean {
  let base = ctx.cwd;
  if (arg.startsWith(":/")) {
    if (arg === ":/") return true;
    arg = arg.slice(2);
    base = repo?.workTree || ctx.cwd;
  } else if (arg.startsWith(":!") || arg.startsWith(":^")) {
    if (arg.length === 2) return true;
    arg = arg.slice(2);
  }
  try {
    nodeFs().lstatSync(resolve(base, arg));
    return true;
  } catch {
    return false;
  }
}

/** Git's verify_filename: a path given without "--" must exist (or look like a pathspec). */
function verifyFilename(ctx: Context, repo: Repository | undefined, arg: string, diagnose: boolean): void {
  if (arg.startsWith("-")) throw fatal(`option '${arg}' must come before non-option arguments`);
  if (looksLikePathspec(arg) || checkFilename(ctx, repo, arg)) return;
  if (!diagnose) throw fatal(`${arg}: no such path in the working tree.\nUse 'git <command> -- <path>...' to specify paths that do not exist locally.`);
  if (repo && !(arg[0] === ":" && !/^[A-Za-z0-9]/.test(arg.slice(1)))) {
    const e = diagnoseRevision(repo, arg);
    if (e) throw e;
  }
  throw unknownRevision(arg);
}

/** Git's verify_non_filename: a revision given without "--" must not also name a file. */
function verifyNonFilename(ctx: Context, arg: string): void {
  const repo = ctx.repo;
  if (!repo.workTree || arg.startsWith("-") || !checkFilename(ctx, repo, arg)) return;
  throw new GitError(`fatal: ambiguous argument '${arg}': both revision and filename\nUse '--' to separate paths from revisions, like this:\n'git <command> [<revision>...] -- [<file>...]'`, 128);
}

/** Git's looks_like_pathspec: an unescaped wildcard, or long-form magic. */
function looksLikePathspec(arg: string): boolean {
  for (let k = 0; k < arg.length; k++) {
    if (arg[k] === "\\") k++;
    else if ("*?[".includes(arg[k]!)) return true;
  }
  return arg.startsWith(":(");
}
