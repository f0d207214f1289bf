/**
 * git grep's patterns (grep.c): the -e/-f list with --and, --not and
 * parentheses compiled into an expression by git's recursive descent
 * (compile_pattern_or → and → not → atom: juxtaposition and --or are OR,
 * --and binds tighter, --not tighter still), each pattern a POSIX regex
 * (compilePosix, git's regcomp semantics) or a fixed string, -w's word
 * retries, and the per-line evaluation with --column's first match.
 * Lines are latin1 strings: one character per byte, so offsets are git's.
 */
import { fatal } from "./errors.ts";
import { compilePosix } from "./posix-regex.ts";

/** One token of the pattern list as git appends it (append_grep_pattern). */
export type GrepToken =
  | { kind: "pattern"; pattern: string; origin: string; no: number }
  | { kind: "and" | "not" | "open" | "close"; text: string };

/** How patterns are read: grep.patternType / -G / -E / -F (-P is refused earlier). */
export type PatternType = "bre" | "ere" | "fixed";

/** A compiled pattern: a global RegExp over latin1 text and, for a case-sensitive fixed string, its bytes. */
export interface CompiledPattern {
  re: RegExp;
  fixed: Buffer | undefined;
  word: boolean;
}

/** The expression tree of grep.c (GREP_NODE_*); `hit` is --all-match's marker. */
export type GrepExpr =
  | { node: "atom"; p: CompiledPattern; hit?: boolean }
  | { node: "not"; x: GrepExpr; hit?: boolean }
  | { node: "and" | "or"; left: GrepExpr; right: GrepExpr; hit?: boolean };

/** Git's is_regex_special: a pattern without these is matched as a fixed string. */
const SPECIAL = /[$()*+.?[\\^{|]/;

/** A JavaScript string holding `s`'s UTF-8 bytes one per character (how file contents are read). */
export const latin1 = (s: string): string => Buffer.from(s, "utf8").toString("latin1");

/** Compiles one pattern as git's compile_regexp, dying with git's "<where>'<pattern>': <why>" for a bad one. */
export function compilePattern(tok: Extract<GrepToken, { kind: "pattern" }>, type: PatternType, ignoreCase: boolean, word: boolean): CompiledPattern {
  const where = tok.no ? `In '${tok.origin}' at ${tok.no}, ` : `${tok.origin}, `;
  const source = latin1(tok.pattern);
  const fixed = type === "fixed" || !SPECIAL.test(source);
  const re = compilePosix(source, { extended: type === "ere", ignoreCase, fixed }, (why) => `${where}'${tok.pattern}': ${why}`);
  return { re: new RegExp(re.source, re.flags + "g"), fixed: fixed && !ignoreCase ? Buffer.from(tok.pattern, "utf8") : undefined, word };
}

/** The parser over the token list (the `struct grep_pat **list` cursor). */
class Cursor {
  i = 0;
  constructor(
    readonly toks: GrepToken[],
    readonly compiled: Map<GrepToken, CompiledPattern>,
  ) {}
  get p(): GrepToken | undefined {
    return this.toks[this.i];
  }
}

function atom(c: Cursor): GrepExpr | undefined {
  const p = c.p;
  if (!p) return undefined;
  if (p.kind === "pattern") {
    c.i++;
    return { node: "atom", p: c.compiled.get(p)! };
  }
  if (p.kind === "open") {
    c.i++;
    const x = or(c);
    if (!c.p || c.p.kind !== "close") throw fatal("unmatched parenthesis");
    c.i++;
    return x;
  }
  return undefined;
}

function not(c: Cursor): GrepExpr | undefined {
  const p = c.p;
  if (!p) return undefined;
  if (p.kind !== "not") return atom(c);
  if (!c.toks[c.i + 1]) throw fatal("--not not followed by pattern expression");
  c.i++;
  const x = not(c);
  if (!x) throw fatal("--not followed by non pattern expression");
  return { node: "not", x };
}

function and(c: Cursor): GrepExpr | undefined {
  const x = not(c);
  const p = c.p;
  if (p && p.kind === "and") {
    if (!x) throw fatal("--and not preceded by pattern expression");
    if (!c.toks[c.i + 1]) throw fatal("--and not followed by pattern expression");
    c.i++;
    const y = and(c);
    if (!y) throw fatal("--and not followed by pattern expression");
    return { node: "and", left: x, right: y };
  }
  return x;
}

function or(c: Cursor): GrepExpr | undefined {
  const x = and(c);
  const p = c.p;
  if (x && p && p.kind !== "close") {
    const y = or(c);
    if (!y) throw fatal(`not a pattern expression ${p.kind === "pattern" ? p.pattern : p.text}`);
    return { node: "or", left: x, right: y };
  }
  return x;
}

/** The compiled pattern list: the patterns in order and, when the list needs one, the expression (compile_grep_patterns). */
export interface GrepPatterns {
  list: CompiledPattern[];
  expr: GrepExpr | undefined;
}

/** Compiles every pattern (bad ones die first, in order), then the expression when there are operators or --all-match. */
export function compileGrepPatterns(toks: GrepToken[], options: { type: PatternType; ignoreCase: boolean; word: boolean; allMatch: boolean }): GrepPatterns {
  const compiled = new Map<GrepToken, CompiledPattern>();
  let extended = options.allMatch;
  for (const t of toks) {
    if (t.kind === "pattern") compiled.set(t, compilePattern(t, options.type, options.ignoreCase, options.word));
    else extended = true;
  }
  const list = toks.flatMap((t) => (t.kind === "pattern" ? [compiled.get(t)!] : []));
  if (!extended) return { list, expr: undefined };
  const c = new Cursor(toks, compiled);
  const expr = or(c);
  if (c.p) throw fatal(`incomplete pattern expression: ${c.p.kind === "pattern" ? c.p.pattern : c.p.text}`);
  return { list, expr };
}

/** Git's word_char: isalnum or '_' (C locale). */
function wordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** A match's [start, end) in the line. */
export type Span = [number, number];

/**
 * match_one_pattern: the first match of `p` in `line` at or after `from`;
 * with -w, a match that is not a whole word is retried after the next
 * non-word character.
 */
export function matchOne(p: CompiledPattern, line: string, from = 0): Span | undefined {
  let start = from;
  for (;;) {
    p.re.lastIndex = start;
    const m = p.re.exec(line);
    if (!m) return undefined;
    const so = m.index;
    const eo = so + m[0].length;
    if (!p.word) return [so, eo];
    const okStart = so === 0 || !wordChar(line.charCodeAt(so - 1));
    const okEnd = eo === line.length || !wordChar(line.charCodeAt(eo));
    if (okStart && okEnd && so !== eo) return [so, eo];
    if (so + 1 >= line.length) return undefined;
    start = so + 1;
    while (wordChar(line.charCodeAt(start - 1)) && start < line.length) start++;
    if (start >= line.length) return undefined;
  }
}

/** Where the first match on a line starts (--column), for the line and for its inverse (col and icol, swapped under --not). */
export interface Columns {
  col: number;
  icol: number;
}

/** match_expr_eval: whether `x` matches the line, noting first-match columns and, when collecting, --all-match's hit markers. */
function evalExpr(x: GrepExpr, line: string, cols: Columns, swap: boolean, column: boolean, collect: boolean): boolean {
  let h: boolean;
  switch (x.node) {
    case "atom": {
      const m = matchOne(x.p, line);
      h = m !== undefined;
      if (m) {
        const key = swap ? "icol" : "col";
        if (cols[key] < 0 || m[0] < cols[key]) cols[key] = m[0];
      }
      break;
    }
    case "not":
      h = !evalExpr(x.x, line, cols, !swap, column, false);
      break;
    case "and":
      h = evalExpr(x.left, line, cols, swap, column, false);
      // Not short-circuited under --column: a --not above may make this an OR.
      if (h || column) h = evalExpr(x.right, line, cols, swap, column, false) && h;
      break;
    case "or":
      if (!(collect || column)) return evalExpr(x.left, line, cols, swap, column, false) || evalExpr(x.right, line, cols, swap, column, false);
      h = evalExpr(x.left, line, cols, swap, column, false);
      if (collect) x.left.hit = x.left.hit || h;
      h = evalExpr(x.right, line, cols, swap, column, collect) || h;
      break;
  }
  if (collect) x.hit = x.hit || h;
  return h;
}

/** match_line: whether a line matches (the expression, else any pattern), with the columns of its first match. */
export function matchLine(ps: GrepPatterns, line: string, cols: Columns, column: boolean, collect = false): boolean {
  if (ps.expr) return evalExpr(ps.expr, line, cols, false, column, collect);
  let hit = false;
  for (const p of ps.list) {
    const m = matchOne(p, line);
    if (!m) continue;
    hit = true;
    // Without --column any match will do; with it, the earliest of all.
    if (!column) break;
    if (cols.col < 0 || m[0] < cols.col) cols.col = m[0];
  }
  return hit;
}

/** next_match: the leftmost (then longest) match of any pattern at or after `from` (-o and match highlighting). */
export function nextMatch(ps: GrepPatterns, line: string, from: number): Span | undefined {
  let best: Span | undefined;
  if (from >= line.length) return undefined;
  for (const p of ps.list) {
    const m = matchOne(p, line, from);
    if (!m) continue;
    if (best && (m[0] > best[0] || (m[0] === best[0] && m[1] < best[1]))) continue;
    best = m;
  }
  return best;
}

/** clr_hit_marker. */
export function clearHits(x: GrepExpr | undefined): void {
  if (!x) return;
  x.hit = false;
  if (x.node === "not") clearHits(x.x);
  else if (x.node !== "atom") {
    clearHits(x.left);
    clearHits(x.right);
  }
}

/** chk_hit_marker: every top-level OR term was hit somewhere in the file. */
export function allHit(x: GrepExpr): boolean {
  for (;;) {
    if (x.node !== "or") return x.hit === true;
    if (!x.left.hit) return false;
    x = x.right;
  }
}
