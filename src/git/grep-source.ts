/**
 * Searching one file's contents as git's grep_source does (grep.c): binary
 * detection (a NUL in the first 8000 bytes), the line loop with -v, -c, -l,
 * -L, -q, -m, -o, -n, --column, -A/-B context with git's "--" hunk marks,
 * --break and --heading, --all-match's two passes, and git's output bytes
 * (":" for matches, "-" for context, NUL after names with -z). Text is
 * latin1 (one character per byte); names arrive already quoted.
 */
import { allHit, clearHits, matchLine, nextMatch, type Columns, type GrepPatterns } from "./grep-pattern.ts";

/** What git's grep_opt holds for the search and the output. */
export interface GrepOptions {
  patterns: GrepPatterns;
  invert: boolean;
  /** -a: binary files as text; -I: binary files never match. */
  binary: "default" | "text" | "nomatch";
  lineNumber: boolean;
  column: boolean;
  /** Whether names are shown (-h/-H). */
  pathname: boolean;
  nameOnly: boolean;
  unmatchNameOnly: boolean;
  count: boolean;
  onlyMatching: boolean;
  statusOnly: boolean;
  nullFollowingName: boolean;
  fileBreak: boolean;
  heading: boolean;
  allMatch: boolean;
  preContext: number;
  postContext: number;
  /** -m: at most this many matching lines per file (-1: no limit). */
  maxCount: number;
}

/** The bytes git looks at to call a file binary (FIRST_FEW_BYTES). */
const FIRST_FEW_BYTES = 8000;

/** git's buffer_is_binary. */
export function isBinary(buf: Uint8Array): boolean {
  return buf.subarray(0, FIRST_FEW_BYTES).indexOf(0) >= 0;
}

/**
 * The state that crosses files (grep_opt's last_shown and show_hunk_mark):
 * once a file has printed, later files start their context output with a
 * hunk mark ("--", or an empty line for --break).
 */
export class GrepState {
  showHunkMark: boolean;
  lastShown = 0;
  constructor(
    readonly opt: GrepOptions,
    /** Git's worker threads put a hunk mark before every file's output (the first one's first line is dropped later). */
    threaded: boolean,
  ) {
    this.showHunkMark = threaded;
  }
}

/**
 * Greps one file: appends its output (latin1 text) to `out` and returns
 * whether it "hit" (git's return value: the exit code and -q's early stop).
 * `name` is the name as shown (quoted, relative, latin1); `attrBinary` is
 * what the diff attribute says (undefined: the contents decide).
 */
export function grepBuffer(state: GrepState, name: string, buf: Uint8Array, out: string[], attrBinary?: boolean): boolean {
  const opt = state.opt;
  const binary = opt.binary !== "text" && (attrBinary ?? isBinary(buf));
  if (!opt.allMatch) return grepOnce(state, name, buf, out, binary, false);
  clearHits(opt.patterns.expr);
  grepOnce(state, name, buf, out, binary, true);
  if (!allHit(opt.patterns.expr!)) return false;
  return grepOnce(state, name, buf, out, binary, false);
}

/**
 * Whether lines may be skipped to the next possible match (should_lookahead):
 * plain patterns only, no inversion, no -L.
 */
function canLookAhead(opt: GrepOptions): boolean {
  return !opt.patterns.expr && !opt.invert && !opt.unmatchNameOnly;
}

/** The earliest position at or after `from` where some pattern matches in the whole text, or -1 (look_ahead). */
function lookAhead(ps: GrepPatterns, text: string, from: number): number {
  let best = -1;
  for (const p of ps.list) {
    p.re.lastIndex = from;
    const m = p.re.exec(text);
    if (m && (best < 0 || m.index < best)) best = m.index;
  }
  return best;
}

/** grep_source_1: one pass over the file (`collect`: --all-match's first pass, marking hits only). */
function grepOnce(state: GrepState, name: string, buf: Uint8Array, out: string[], binary: boolean, collect: boolean): boolean {
  const opt = state.opt;
  const context = opt.preContext !== 0 || opt.postContext !== 0 || opt.fileBreak;
  if (context && state.lastShown) state.showHunkMark = true;
  state.lastShown = 0;
  let binaryMatchOnly = false;
  if (binary) {
    if (opt.binary === "nomatch") return false;
    binaryMatchOnly = true;
  }
  const lookahead = canLookAhead(opt);
  const print = (s: string) => out.push(s);
  let lastHit = 0;
  let count = 0;
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  // A file without a single match anywhere has no matching line: say so without decoding it into lines.
  if (lookahead && opt.patterns.list.every((p) => p.fixed !== undefined && bytes.indexOf(p.fixed) < 0)) return finish();
  const text = bytes.toString("latin1");
  const size = text.length;
  let bol = 0;
  let lno = 1;

  const showLine = (b: number, e: number, line: number, cno: number, sign: string) => {
    if (opt.fileBreak && state.lastShown === 0) {
      if (state.showHunkMark) print("\n");
    } else if (opt.preContext || opt.postContext) {
      if (state.lastShown === 0) {
        if (state.showHunkMark) print("--\n");
      } else if (line > state.lastShown + 1) print("--\n");
    }
    if (!opt.onlyMatching) showHeader(line, cno, sign);
    if (opt.onlyMatching) {
      // Match highlighting (--color) would wrap each match here too.
      const s = text.slice(b, e);
      let at = 0;
      for (;;) {
        const m = nextMatch(opt.patterns, s, at);
        if (!m || m[0] === m[1]) break;
        showHeader(line, cno, sign);
        print(s.slice(m[0], m[1]) + "\n");
        cno += m[1] - at;
        at = m[1];
      }
    } else print(text.slice(b, e) + "\n"); // Match highlighting (--color) would colour the matches of this line here.
  };
  const showHeader = (line: number, cno: number, sign: string) => {
    if (opt.heading && state.lastShown === 0) print(name + "\n");
    state.lastShown = line;
    const sep = opt.nullFollowingName ? "\0" : sign;
    if (!opt.heading && opt.pathname) print(name + sep);
    if (opt.lineNumber) print(line + sep);
    if (opt.column && cno) print(cno + sep);
  };
  const showPreContext = (b: number, line: number) => {
    let from = 1;
    // Git compares the (int) context with the (unsigned) line number: a negative one reaches back to the last line shown.
    if (opt.preContext >= 0 && opt.preContext < line) from = line - opt.preContext;
    if (from <= state.lastShown) from = state.lastShown + 1;
    let cur = line;
    while (b > 0 && cur > from) {
      b--;
      while (b > 0 && text.charCodeAt(b - 1) !== 10) b--;
      cur--;
    }
    while (cur < line) {
      let e = text.indexOf("\n", b);
      if (e < 0) e = size;
      showLine(b, e, cur, 0, "-");
      b = e + 1;
      cur++;
    }
  };
  function finish(): boolean {
    if (collect) return false;
    if (opt.statusOnly) return opt.unmatchNameOnly;
    if (opt.unmatchNameOnly) {
      print(name + (opt.nullFollowingName ? "\0" : "\n"));
      return true;
    }
    if (opt.count && count) {
      if (opt.pathname) print(name + (opt.nullFollowingName ? "\0" : ":"));
      print(`${count}\n`);
      return true;
    }
    return lastHit > 0;
  }

  while (bol < size) {
    if (lookahead && !collect && !(lastHit && lno <= lastHit + opt.postContext)) {
      const at = lookAhead(opt.patterns, text, bol);
      if (at < 0) break;
      // Move to the start of the line holding the match, counting the lines passed.
      const start = text.lastIndexOf("\n", at - 1) + 1;
      if (start > bol) {
        for (let k = text.indexOf("\n", bol); k >= 0 && k < start; k = text.indexOf("\n", k + 1)) lno++;
        bol = start;
      }
    }
    let eol = text.indexOf("\n", bol);
    if (eol < 0) eol = size;
    const line = text.slice(bol, eol);
    const cols: Columns = { col: -1, icol: -1 };
    let hit = matchLine(opt.patterns, line, cols, opt.column, collect);
    if (!collect) {
      if (opt.invert) hit = !hit;
      if (opt.unmatchNameOnly) {
        if (hit) return false;
      } else if (hit && (opt.maxCount < 0 || count < opt.maxCount)) {
        count++;
        if (opt.statusOnly) return true;
        if (opt.nameOnly) {
          print(name + (opt.nullFollowingName ? "\0" : "\n"));
          return true;
        }
        if (!opt.count) {
          if (binaryMatchOnly) {
            print(`Binary file ${name} matches\n`);
            return true;
          }
          if (opt.preContext) showPreContext(bol, lno);
          const cno = opt.invert ? cols.icol : cols.col;
          showLine(bol, eol, lno, (cno < 0 ? 0 : cno) + 1, ":");
          lastHit = lno;
        }
      } else if (lastHit && lno <= lastHit + opt.postContext) showLine(bol, eol, lno, cols.col + 1, "-");
    }
    bol = eol + 1;
    lno++;
  }
  return finish();
}
