/**
 * Git's ignore rules (dir.c, gitignore(5)): `.gitignore` in every directory
 * (read lazily, the first time a path below it is asked about), then
 * `$GIT_DIR/info/exclude`, then `core.excludesFile`. Within a file the last
 * matching pattern wins; a deeper `.gitignore` beats a shallower one, and
 * those beat info/exclude and core.excludesFile. A pattern without a slash
 * (other than a trailing one) matches the base name at any depth, one with a
 * slash is anchored to its file's directory; a trailing "/" matches only
 * directories; "!" re-includes — except below an excluded directory, whose
 * contents stay excluded and whose .gitignore files are never read.
 */
import { join, nodeFs, openLibc, readFile } from "../sys/index.ts";
import { wildmatch } from "./wildmatch.ts";

const NEGATIVE = 1;
const MUSTBEDIR = 2;
const NODIR = 4;
const ENDSWITH = 8;

/** One parsed pattern line. Strings are byte strings (one char per byte of UTF-8). */
export type IgnorePattern = {
  /** The pattern without "!" and without its trailing "/". */
  pattern: string;
  flags: number;
  /** Length of the leading part without glob characters. */
  prefix: number;
  /** Directory of the file it came from, "" or ending in "/". */
  base: string;
  /** Where it came from, for `check-ignore -v`: file path, line number, the line as written (decoded text). */
  source: string;
  line: number;
  text: string;
};

/** A match for a path: the deciding pattern and whether it excludes (false for a "!" pattern). */
export type IgnoreMatch = { pattern: IgnorePattern; ignored: boolean };

/** Options of IgnoreMatcher.load. */
export type IgnoreOptions = {
  /** core.excludesFile; undefined = Git's default ($XDG_CONFIG_HOME/git/ignore or ~/.config/git/ignore), null = none. */
  excludesFile?: string | null;
  /** Environment for the default excludes file (default process.env). */
  env?: Record<string, string | undefined>;
  /** core.ignorecase: patterns match regardless of ASCII case. */
  ignoreCase?: boolean;
  /** Patterns given on the command line (`clean -e`): git's EXC_CMDL list, consulted before every file. */
  commandLine?: string[];
};

const GLOB_SPECIAL = /[*?[\\]/;

function simpleLength(s: string): number {
  const m = GLOB_SPECIAL.exec(s);
  return m ? m.index : s.length;
}

/** dir.c's trim_trailing_spaces: unescaped trailing spaces go. */
function trimTrailingSpaces(s: string): string {
  let lastSpace = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (lastSpace < 0) lastSpace = i;
    } else if (c === 92) {
      i++;
      if (i >= s.length) return s;
      lastSpace = -1;
    } else lastSpace = -1;
  }
  return lastSpace >= 0 ? s.slice(0, lastSpace) : s;
}

/** parse_path_pattern: one line of an ignore file (already trimmed) → pattern. */
export function parsePattern(line: string, base: string, source: string, lineNo: number): IgnorePattern {
  let p = line;
  let flags = 0;
  if (p.startsWith("!")) {
    flags |= NEGATIVE;
    p = p.slice(1);
  }
  let len = p.length;
  if (len > 0 && p.charCodeAt(len - 1) === 47) {
    len--;
    flags |= MUSTBEDIR;
  }
  if (p.slice(0, len).indexOf("/") < 0) flags |= NODIR;
  const prefix = Math.min(simpleLength(p), len);
  if (p.startsWith("*") && simpleLength(p.slice(1)) === p.length - 1) flags |= ENDSWITH;
  return { pattern: p.slice(0, len), flags, prefix, base, source, line: lineNo, text: Buffer.from(line, "latin1").toString("utf8") };
}

/** add_patterns_from_buffer: the patterns of one ignore file's bytes (as a byte string). */
export function parseIgnoreFile(text: string, base: string, source: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  if (text.startsWith("\xef\xbb\xbf")) text = text.slice(3);
  if (text.length > 0 && !text.endsWith("\n")) text += "\n";
  let lineNo = 1;
  let start = 0;
  for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
    if (nl !== start && text.charCodeAt(start) !== 35) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      out.push(parsePattern(trimTrailingSpaces(text.slice(start, end)), base, source, lineNo));
    }
    lineNo++;
    start = nl + 1;
  }
  return out;
}

/** ASCII-only lower case, as strncasecmp folds in the C locale. */
const fold = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** match_basename (`icase` = core.ignorecase: names and path prefixes compare folded, wildmatch with WM_CASEFOLD). */
function matchBasename(name: string, p: IgnorePattern, icase: boolean): boolean {
  let pat = p.pattern;
  if (icase && p.prefix === pat.length) return fold(pat) === fold(name);
  if (p.prefix === pat.length) return pat === name;
  if (p.flags & ENDSWITH) {
    if (icase) {
      pat = fold(pat);
      name = fold(name);
    }
    return pat.length - 1 <= name.length && name.endsWith(pat.slice(1));
  }
  return wildmatch(pat, name, { casefold: icase });
}

/** match_pathname: the pattern is anchored at its file's directory. */
function matchPathname(path: string, p: IgnorePattern, icase: boolean): boolean {
  const eq = icase ? (a: string, b: string) => fold(a) === fold(b) : (a: string, b: string) => a === b;
  let pat = p.pattern;
  let prefix = p.prefix;
  if (pat.startsWith("/")) {
    pat = pat.slice(1);
    prefix--;
  }
  const base = p.base;
  if (path.length < base.length + (base.length ? 0 : 1) || !eq(path.slice(0, base.length), base)) return false;
  let name = path.slice(base.length);
  if (prefix > 0) {
    if (prefix > name.length) return false;
    if (!eq(pat.slice(0, prefix), name.slice(0, prefix))) return false;
    pat = pat.slice(prefix);
    name = name.slice(prefix);
    if (pat.length === 0 && name.length === 0) return true;
  }
  return wildmatch(pat, name, { pathname: true, casefold: icase });
}

/** Whether one pattern matches `path` (its last component `basename`): a name without "/" matches at any depth, others from the pattern's directory. */
export function patternMatches(p: IgnorePattern, path: string, basename: string, isDir: boolean, icase: boolean): boolean {
  if (p.flags & MUSTBEDIR && !isDir) return false;
  return p.flags & NODIR ? matchBasename(basename, p, icase) : matchPathname(path, p, icase);
}

/** last_matching_pattern_from_list: the last pattern of one file that matches. */
function lastMatch(list: IgnorePattern[], path: string, basename: string, isDir: boolean, icase: boolean): IgnorePattern | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const p = list[i]!;
    if (patternMatches(p, path, basename, isDir, icase)) return p;
  }
  return undefined;
}

/** lstat's answer to "a regular file?" (statx where there is one: no node:fs). */
function isRegularFile(path: string): boolean {
  const sx = openLibc();
  if (!sx) return nodeFs().lstatSync(path).isFile();
  return sx.lstat(path) && (sx.words[7]! & 0o170000) === 0o100000;
}

function readBytes(path: string, noFollow: boolean): string | undefined {
  try {
    if (noFollow && !isRegularFile(path)) return undefined;
    return readFile(path).toString("latin1");
  } catch {
    return undefined;
  }
}

const utf8Bytes = (s: string) => (/[^\x00-\x7f]/.test(s) ? Buffer.from(s, "utf8").toString("latin1") : s);

/** Command-line patterns as one list (add_pattern for each, no comment or trailing-space rules). */
function commandLineLists(patterns: string[] | undefined): IgnorePattern[][] {
  if (!patterns?.length) return [];
  return [patterns.map((p, i) => parsePattern(utf8Bytes(p), "", "--exclude option", -(i + 1)))];
}

/** Answers "is this path ignored?" for one work tree, loading each directory's .gitignore on first use. */
export class IgnoreMatcher {
  private readonly dirLists = new Map<string, IgnorePattern[]>();
  private readonly dirExcluded = new Map<string, IgnoreMatch | null>();

  private constructor(
    private readonly workTree: string,
    private readonly globalLists: IgnorePattern[][],
    private readonly icase = false,
    /** Lists consulted before the per-directory files (command-line patterns). */
    private readonly firstLists: IgnorePattern[][] = [],
  ) {}

  /** A matcher for `workTree` with `gitDir`'s info/exclude and the excludes file. */
  static load(workTree: string, gitDir: string, options: IgnoreOptions = {}): IgnoreMatcher {
    const lists: IgnorePattern[][] = [];
    const info = join(gitDir, "info", "exclude");
    const infoText = readBytes(info, false);
    if (infoText !== undefined) lists.push(parseIgnoreFile(infoText, "", info));
    let excludes = options.excludesFile;
    if (excludes === undefined) {
      const env = options.env ?? process.env;
      const xdg = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, ".config") : undefined);
      excludes = xdg ? join(xdg, "git", "ignore") : null;
    }
    if (excludes?.startsWith("~/")) {
      const home = (options.env ?? process.env).HOME;
      if (home) excludes = join(home, excludes.slice(2));
    }
    if (excludes) {
      const text = readBytes(excludes, false);
      if (text !== undefined) lists.push(parseIgnoreFile(text, "", excludes));
    }
    return new IgnoreMatcher(workTree, lists, options.ignoreCase === true, commandLineLists(options.commandLine));
  }

  /** A matcher with only command-line patterns (`clean -x -e <pattern>`): no ignore file is read. */
  static commandLineOnly(patterns: string[]): IgnoreMatcher {
    const m = new IgnoreMatcher("", [], false, commandLineLists(patterns));
    m.memoryOnly = true;
    return m;
  }

  /** A matcher from pattern lines given in memory (tests, `--exclude`-style callers); `perDir` maps "" or "dir/" to .gitignore text. */
  static fromText(perDir: Record<string, string>, excludes: string[] = []): IgnoreMatcher {
    const m = new IgnoreMatcher("", excludes.map((t, i) => parseIgnoreFile(utf8Bytes(t), "", `<exclude ${i}>`)));
    for (const [dir, text] of Object.entries(perDir)) m.dirLists.set(utf8Bytes(dir), parseIgnoreFile(utf8Bytes(text), utf8Bytes(dir), `${dir}.gitignore`));
    m.memoryOnly = true;
    return m;
  }

  private memoryOnly = false;

  /** True when `relPath` ("a/b/c", relative to the work tree, no trailing slash) is ignored; `isDir` says whether it is a directory. */
  isIgnored(relPath: string, isDir: boolean): boolean {
    return this.match(relPath, isDir)?.ignored ?? false;
  }

  /** The pattern that decides `relPath` (as `git check-ignore -v` reports it), or undefined when none matches. */
  match(relPath: string, isDir: boolean): IgnoreMatch | undefined {
    const path = utf8Bytes(relPath);
    const slash = path.lastIndexOf("/");
    if (slash >= 0) {
      const parent = this.excludedDir(path.slice(0, slash));
      if (parent) return parent;
    }
    return this.matchLists(path, isDir);
  }

  /** Whether a directory is excluded, itself or through an excluded parent (cached; prep_exclude's walk). */
  private excludedDir(dir: string): IgnoreMatch | null {
    const cached = this.dirExcluded.get(dir);
    if (cached !== undefined) return cached;
    const slash = dir.lastIndexOf("/");
    let result: IgnoreMatch | null = slash >= 0 ? this.excludedDir(dir.slice(0, slash)) : null;
    if (!result) {
      const m = this.matchLists(dir, true);
      result = m?.ignored ? m : null;
    }
    this.dirExcluded.set(dir, result);
    return result;
  }

  /** last_matching_pattern_from_lists for a path whose parents are not excluded. */
  private matchLists(path: string, isDir: boolean): IgnoreMatch | undefined {
    const slash = path.lastIndexOf("/");
    const basename = path.slice(slash + 1);
    for (const list of this.firstLists) {
      const p = lastMatch(list, path, basename, isDir, this.icase);
      if (p) return { pattern: p, ignored: (p.flags & NEGATIVE) === 0 };
    }
    // Per-directory files, deepest first: the path's own directory up to the root.
    for (let end = slash; ; end = path.lastIndexOf("/", end - 1)) {
      const dir = end >= 0 ? path.slice(0, end + 1) : "";
      const p = lastMatch(this.listFor(dir), path, basename, isDir, this.icase);
      if (p) return { pattern: p, ignored: (p.flags & NEGATIVE) === 0 };
      if (end < 0) break;
    }
    for (const list of this.globalLists) {
      const p = lastMatch(list, path, basename, isDir, this.icase);
      if (p) return { pattern: p, ignored: (p.flags & NEGATIVE) === 0 };
    }
    return undefined;
  }

  private listFor(dir: string): IgnorePattern[] {
    let list = this.dirLists.get(dir);
    if (list === undefined) {
      list = [];
      if (!this.memoryOnly) {
        const file = join(this.workTree, Buffer.from(dir, "latin1").toString("utf8"), ".gitignore");
        const text = readBytes(file, true);
        if (text !== undefined) list = parseIgnoreFile(text, dir, `${Buffer.from(dir, "latin1").toString("utf8")}.gitignore`);
      }
      this.dirLists.set(dir, list);
    }
    return list;
  }
}
