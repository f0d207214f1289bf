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
import { GitError, fatal } from "../errors.ts";
import { compileGrepPatterns, latin1, type GrepToken, type PatternType } from "../grep-pattern.ts";
import { GrepState, grepBuffer, type GrepOptions } from "../grep-source.ts";
import { ignoreRules } from "../ignore-rules.ts";
import { DiffAttributes } from "../attributes.ts";
import { loadConfig } from "../config.ts";
import { compareBytes, isTreeMode } from "../objects.ts";
import { Pathspec } from "../pathspec.ts";
import { quotePath, relativePath } from "../quote.ts";
import type { Repository } from "../repo.ts";
import { diagnoseRevision, peel, tryResolve, unknownRevision } from "../revision.ts";
import { trackedSet, untracked } from "../walk.ts";
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

/** Git's within_depth: no more than `max` directory levels below the start of `rest`. */
function withinDepth(rest: string, max: number): boolean {
  let depth = 0;
  for (let k = rest.indexOf("/"); k >= 0; k = rest.indexOf("/", k + 1)) if (++depth > max) return false;
  return true;
}

/** One search: which files it visits, how it names them, and the output and hit it collects. */
class Search {
  hit = false;
  private readonly state: GrepState;
  private readonly outputs: string[] = [];
  private readonly skipFirstLine: boolean;
  constructor(
    readonly opt: GrepOptions,
    threaded: boolean,
    readonly prefix: string,
    readonly relative: boolean,
    readonly pathspec: Pathspec,
    readonly maxDepth: number,
  ) {
    this.state = new GrepState(opt, threaded);
    const context = opt.preContext !== 0 || opt.postContext !== 0 || opt.fileBreak;
    this.skipFirstLine = threaded && context && !(opt.nameOnly || opt.unmatchNameOnly || opt.count);
  }

  /** Whether the search is over (-q after a hit). */
  get done(): boolean {
    return this.hit && this.opt.statusOnly;
  }

  /** The pathspec with --max-depth (match_pathspec's depth check; a glob match is not limited). */
  matches(path: string): boolean {
    const items = this.pathspec.items;
    if (this.maxDepth < 0) return this.pathspec.matches(path);
    if (!items.length) return withinDepth(path, this.maxDepth);
    for (const it of items) {
      if (it.path === "" || path === it.path || path.startsWith(it.path + "/")) {
        const rest = it.path === "" ? path : path.slice(it.path.length + 1);
        if (withinDepth(rest, this.maxDepth)) return true;
      } else if (it.glob?.test(path)) return true;
    }
    return false;
  }

  /** grep_source_name: relative to the current directory and quoted (raw with -z); `tree` ("HEAD:") is put before it as is. */
  private name(path: string, tree = ""): string {
    const rel = this.relative && this.prefix ? relativePath(path, this.prefix) : path;
    return latin1(tree + (this.opt.nullFollowingName ? rel : quotePath(rel)));
  }

  /** The diff attribute's say on binary files (none with -a, or outside a repository). */
  attributes: DiffAttributes | undefined;

  /** Greps one file's contents; `attrPath` is the path whose attributes apply (none for a plain tree's files). */
  private run(name: string, data: Uint8Array, attrPath?: string): void {
    const out: string[] = [];
    const attrBinary = attrPath === undefined ? undefined : this.attributes?.binary(latin1(attrPath));
    if (grepBuffer(this.state, name, data, out, attrBinary)) this.hit = true;
    if (out.length) this.outputs.push(out.join(""));
  }

  /** grep_file: a work tree file; one that is missing or no regular file is passed over silently. */
  file(abs: string, path: string): void {
    const data = readRegularFile(abs);
    if (data) this.run(this.name(path), data, path);
  }

  /** grep_cache: the index's regular files, from the work tree (or the index with --cached, assume-valid or skip-worktree). */
  index(repo: Repository, cached: boolean): void {
    const entries = repo.readIndex().entries;
    if (this.opt.binary !== "text") {
      const files = new Map(entries.filter((e) => e.path === ".gitattributes" || e.path.endsWith("/.gitattributes")).map((e) => [latin1(e.path), e.oid]));
      this.attributes = new DiffAttributes(repo, files);
    }
    for (let k = 0; k < entries.length && !this.done; k++) {
      const e = entries[k]!;
      if ((e.mode & 0o170000) !== 0o100000) continue;
      if (!this.matches(e.path)) continue;
      if (cached || e.assumeValid || ((e.extended ?? 0) & 0x4000)) {
        // An intent-to-add entry has no content in the index (its work tree file is searched).
        if (e.stage || (e.extended ?? 0) & 0x2000) continue;
        this.run(this.name(e.path), repo.readTyped(e.oid, "blob"), e.path);
      } else this.file(`${repo.workTree}/${e.path}`, e.path);
      // An unmerged path is searched once, in the work tree.
      if (e.stage) while (k + 1 < entries.length && entries[k + 1]!.path === e.path) k++;
    }
  }

  /** grep_objects: each revision's tree (tags peeled), or a blob under the revision's own name. */
  objects(repo: Repository, list: { oid: string; name: string }[]): void {
    if (this.opt.binary !== "text") this.attributes = new DiffAttributes(repo, undefined);
    for (const { oid, name } of list) {
      if (this.done) break;
      const target = peel(repo, oid, "any") ?? oid;
      const type = repo.readObject(target).type;
      // A blob named <rev>:<path> has that path's attributes; a commit's files theirs; a bare tree's none.
      const colon = name.indexOf(":");
      if (type === "blob") this.run(this.name(name), repo.readTyped(target, "blob"), colon < 0 ? undefined : name.slice(colon + 1));
      else if (type === "commit" || type === "tree") this.tree(repo, peel(repo, target, "tree")!, "", `${name}:`, type === "commit");
      else throw fatal(`unable to grep from object of type ${type}`);
    }
  }

  private tree(repo: Repository, oid: string, base: string, label: string, attrs: boolean): void {
    for (const e of repo.tree(oid)) {
      if (this.done) return;
      const path = base + e.name;
      if (isTreeMode(e.mode)) {
        if (this.pathspec.mayMatchUnder(path)) this.tree(repo, e.oid, path + "/", label, attrs);
      } else if (e.mode.startsWith("100") && this.matches(path)) this.run(this.name(path, label), repo.readTyped(e.oid, "blob"), attrs ? path : undefined);
    }
  }

  /**
   * grep_directory: the files under `root` (git's fill_directory), by path;
   * with `ignore`'s repository, not the ignored ones; --untracked does not
   * enter nested repositories, --no-index does.
   */
  directory(root: string, untrackedMode: boolean, repo: Repository | undefined, explicitExclude: boolean, attrRepo: Repository | undefined): void {
    if (attrRepo && this.opt.binary !== "text") this.attributes = new DiffAttributes(attrRepo, undefined);
    let files: string[];
    if (repo) files = untracked(repo.workTree, trackedSet([]), ignoreRules(repo), { all: true }).filter((p) => !p.endsWith("/"));
    else {
      if (explicitExclude) throw fatal("gokit git grep does not support --exclude-standard outside a repository");
      files = [];
      walkAll(root, "", untrackedMode, files);
    }
    files.sort(compareBytes);
    for (const path of files) {
      if (this.done) break;
      if (this.matches(path)) this.file(`${root}/${path}`, path);
    }
  }

  /** The collected output; with git's threads, the first line of the first output dropped. */
  output(): string {
    const outs = this.outputs;
    if (this.skipFirstLine && outs.length) {
      const nl = outs[0]!.indexOf("\n");
      outs[0] = nl < 0 ? "" : outs[0]!.slice(nl + 1);
    }
    return outs.join("");
  }
}

/**
 * A regular file's bytes, or undefined for anything else (git lstats first):
 * opened without following a symbolic link and without blocking on a FIFO,
 * then checked by fstat (one system call fewer than lstat + read).
 */
function readRegularFile(abs: string): Uint8Array | undefined {
  const fs = nodeFs();
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return undefined;
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    return got === buf.length ? buf : buf.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Every file under `root`/`rel` but .git, not following symbolic links; `skipRepos`: not into nested repositories. */
function walkAll(root: string, rel: string, skipRepos: boolean, out: string[]): void {
  let entries;
  try {
    entries = nodeFs().readdirSync(rel ? `${root}/${rel}` : root, { withFileTypes: true });
  } catch {
    return;
  }
  if (rel && skipRepos && entries.some((e) => e.name === ".git")) return;
  for (const e of entries) {
    if (e.name === ".git") continue;
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walkAll(root, path, skipRepos, out);
    else if (e.isFile()) out.push(path);
  }
}
