/**
 * Score and lex ranges (t_zset.c's zrangespec and zlexrangespec) and where
 * they start in a sorted set, with the semantics of the listpack encoding
 * (zzlFirstInRange, zzlFirstInLexRange …): lex ranges scan linearly, so a set
 * with mixed scores gives the same answer Redis gives for small sets.
 */
import { latin1 } from "./command.ts";
import type { ZEntry, ZSet } from "./zset.ts";

/** A score interval; `minex`/`maxex` mark exclusive ends. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** A lex bound: a member, or Redis's shared.minstring/maxstring ("-"/"+"). */
type LexBound = string | typeof MIN | typeof MAX;
const MIN = Symbol("-");
const MAX = Symbol("+");

/** A lex interval. */
export interface LexRange {
  min: LexBound;
  max: LexBound;
  minex: boolean;
  maxex: boolean;
}

/** strtod over the whole string as zslParseRangeItem accepts it: leading spaces, "" is 0, overflow is inf, nan refused. */
function strtod(s: string): number | null {
  const t = s.replace(/^[ \t\n\v\f\r]+/, "");
  if (t === "") return s === "" ? 0 : null;
  if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(t)) return null;
  return Number(t);
}

function scoreItem(b: Uint8Array): [number, boolean] | null {
  const s = latin1(b);
  const ex = s.startsWith("(");
  const n = strtod(ex ? s.slice(1) : s);
  return n === null ? null : [n, ex];
}

/** zslParseRange: null when either end is not a float. */
export function parseScoreRange(min: Uint8Array, max: Uint8Array): ScoreRange | null {
  const a = scoreItem(min);
  const b = scoreItem(max);
  return a && b ? { min: a[0], minex: a[1], max: b[0], maxex: b[1] } : null;
}

function lexItem(b: Uint8Array): [LexBound, boolean] | null {
  const s = latin1(b);
  if (s === "+") return [MAX, true];
  if (s === "-") return [MIN, true];
  if (s.startsWith("(")) return [s.slice(1), true];
  if (s.startsWith("[")) return [s.slice(1), false];
  return null;
}

/** zslParseLexRange: null when either end is not "-", "+", "(x" or "[x". */
export function parseLexRange(min: Uint8Array, max: Uint8Array): LexRange | null {
  const a = lexItem(min);
  const b = lexItem(max);
  return a && b ? { min: a[0], minex: a[1], max: b[0], maxex: b[1] } : null;
}

/** sdscmplex. */
function cmpLex(a: LexBound, b: LexBound): number {
  if (a === b) return 0;
  if (a === MIN || b === MAX) return -1;
  if (a === MAX || b === MIN) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The predicates of a range kind: value ≥ min, value ≤ max, and whether the range is always empty. */
export interface RangeOps {
  gteMin(e: ZEntry): boolean;
  lteMax(e: ZEntry): boolean;
  empty: boolean;
  /** Whether members are ordered by this kind of value (score ranges always; lex only when all scores are equal, which we assume for skiplist-sized sets as Redis's zslFirstInLexRange does). */
  lex: boolean;
}

/** Predicates for a score range (zslValueGteMin, zslValueLteMax). */
export function scoreOps(r: ScoreRange): RangeOps {
  return {
    gteMin: (e) => (r.minex ? e.score > r.min : e.score >= r.min),
    lteMax: (e) => (r.maxex ? e.score < r.max : e.score <= r.max),
    empty: r.min > r.max || (r.min === r.max && (r.minex || r.maxex)),
    lex: false,
  };
}

/** Predicates for a lex range (zslLexValueGteMin, zslLexValueLteMax). */
export function lexOps(r: LexRange): RangeOps {
  const c = cmpLex(r.min, r.max);
  return {
    gteMin: (e) => (r.minex ? cmpLex(e.member, r.min) > 0 : cmpLex(e.member, r.min) >= 0),
    lteMax: (e) => (r.maxex ? cmpLex(e.member, r.max) < 0 : cmpLex(e.member, r.max) <= 0),
    empty: c > 0 || (c === 0 && (r.minex || r.maxex)),
    lex: true,
  };
}

/** zzlIsInRange / zzlIsInLexRange: the range can match something in `z`. */
function inRange(z: ZSet, ops: RangeOps): boolean {
  if (ops.empty || z.size === 0) return false;
  return ops.gteMin(z.at(z.size - 1)) && ops.lteMax(z.at(0));
}

/** Listpack-sized sets: Redis scans them linearly, which matters for lex ranges over mixed scores. */
const LISTPACK_MAX = 128;

/** The first rank where `pred` holds, `pred` being false then true along the order (binary search). */
function partition(z: ZSet, pred: (e: ZEntry) => boolean): number {
  let lo = 0;
  let hi = z.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(z.at(mid))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const linear = (z: ZSet, ops: RangeOps) => ops.lex && z.size <= LISTPACK_MAX;

/** zzlFirstInRange / zslFirstInRange: rank of the first member in range, or -1. */
export function firstInRange(z: ZSet, ops: RangeOps): number {
  if (!inRange(z, ops)) return -1;
  if (linear(z, ops)) {
    const es = z.entries();
    for (let i = 0; i < es.length; i++) if (ops.gteMin(es[i]!)) return ops.lteMax(es[i]!) ? i : -1;
    return -1;
  }
  const i = partition(z, ops.gteMin);
  return i < z.size && ops.lteMax(z.at(i)) ? i : -1;
}

/** zzlLastInRange / zslLastInRange: rank of the last member in range, or -1. */
export function lastInRange(z: ZSet, ops: RangeOps): number {
  if (!inRange(z, ops)) return -1;
  if (linear(z, ops)) {
    const es = z.entries();
    for (let i = es.length - 1; i >= 0; i--) if (ops.lteMax(es[i]!)) return ops.gteMin(es[i]!) ? i : -1;
    return -1;
  }
  const i = partition(z, (e) => !ops.lteMax(e)) - 1;
  return i >= 0 && ops.gteMin(z.at(i)) ? i : -1;
}

/**
 * The members a BYSCORE/BYLEX range yields: from the first in range (last
 * when `rev`), skip `offset` positions (a negative offset skips everything),
 * then take while still in range, at most `limit` (negative: no limit).
 */
export function collectRange(z: ZSet, ops: RangeOps, rev: boolean, offset: number, limit: number): ZEntry[] {
  const out: ZEntry[] = [];
  if (offset > 0 && offset >= z.size) return out;
  let i = rev ? lastInRange(z, ops) : firstInRange(z, ops);
  if (i < 0) return out;
  const step = rev ? -1 : 1;
  if (offset < 0) return out;
  i += step * offset;
  for (; i >= 0 && i < z.size && limit !== 0; i += step, limit--) {
    const e = z.at(i);
    if (rev ? !ops.gteMin(e) : !ops.lteMax(e)) break;
    out.push(e);
  }
  return out;
}
