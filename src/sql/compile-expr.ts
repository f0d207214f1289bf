/** Compiles bound expressions into closures `(row, env) => value`; predicates into closures returning booleans. */
import { type BExpr, type ColKey, type SubPlan, colKey } from "./bound.ts";
import { SqlError } from "./errors.ts";
import { INT_MIN, arith } from "./arith.ts";
import { SCALARS } from "./functions.ts";
import { likeRegex } from "./like.ts";
import type { Row } from "./ordered-index.ts";
import { type Affinity, type SqlValue, affinityOf, castTo, compare, keyOf, keyOfMany, normBig, textAsNumber, toNum, toText, truth } from "./values.ts";

/** A compiled expression: the current row and the enclosing queries' rows (env[0] = the immediate parent). */
export type Fn = (row: Row, env: Row[]) => SqlValue;
/** A compiled predicate: true only when the expression is true (not false, not NULL). */
export type Pred = (row: Row, env: Row[]) => boolean;

/** Where columns live: the current row's layout and the layouts of enclosing rows. */
export interface Scope {
  layout: Map<ColKey, number>;
  outers: Map<ColKey, number>[];
  /** Compiles a subquery plan into a runner returning its rows (stops after `max` rows when given). */
  sub: (plan: import("./bound.ts").PNode, outers: Map<ColKey, number>[]) => (env: Row[], max: number) => Row[];
}

/** Layout map of a list of ColKeys. */
export function layoutMap(layout: ColKey[]): Map<ColKey, number> {
  const m = new Map<ColKey, number>();
  layout.forEach((k, i) => { if (!m.has(k)) m.set(k, i); });
  return m;
}

/** Affinity carried by an expression (column affinity, CAST type), else BLOB (none). */
export function affOf(e: BExpr): Affinity {
  if (e.k === "col" || e.k === "outer" || e.k === "slot") return e.aff;
  if (e.k === "cast") return affinityOf(e.type);
  if (e.k === "subq") return e.sub.aff;
  return "BLOB";
}

/** INTEGER, REAL or NUMERIC affinity. */
export function isNumAff(a: Affinity): boolean {
  return a === "INTEGER" || a === "REAL" || a === "NUMERIC";
}

/** The conversion SQLite applies to operand `other` when compared with an operand of affinity `a` (§4.2). */
export function coercer(own: Affinity, other: Affinity): ((v: SqlValue) => SqlValue) | undefined {
  if (isNumAff(own) && !isNumAff(other)) {
    return (v) => (typeof v === "string" ? (textAsNumber(v) ?? v) : v);
  }
  if (own === "TEXT" && other === "BLOB") return (v) => (typeof v === "number" || typeof v === "bigint" ? toText(v) : v);
  return undefined;
}

/**
 * Caches a correlated subquery's rows by the values of the outer columns it reads (column keys are unique across
 * a statement's query levels, so each resolves to the current row or one enclosing row). A statement's data does
 * not change while its subqueries run (DML computes its rows before changing any), so a cache per compilation is safe.
 */
function memoized(run: (env: Row[], max: number) => Row[], sub: SubPlan, scope: Scope): (env: Row[], max: number) => Row[] {
  if (!sub.correlated) return run;
  const getters: ((env: Row[]) => SqlValue)[] = [];
  for (const key of new Set(sub.refs.map((r) => r.key))) {
    const i = scope.layout.get(key);
    if (i !== undefined) { getters.push((env) => env[0]![i]!); continue; }
    const d = scope.outers.findIndex((m) => m.has(key));
    if (d < 0) return run;
    const j = scope.outers[d]!.get(key)!;
    getters.push((env) => env[d + 1]![j]!);
  }
  const cache = new Map<string, Row[]>();
  return (env, max) => {
    const k = keyOfMany(getters.map((g) => g(env))) + "\u0001" + max;
    let rows = cache.get(k);
    if (rows === undefined) {
      if (cache.size > 50_000) cache.clear();
      rows = run(env, max);
      cache.set(k, rows);
    }
    return rows;
  };
}

/** Compiles `e` against `scope`. */
export function compileExpr(e: BExpr, scope: Scope): Fn {
  switch (e.k) {
    case "const": { const v = e.v; return () => v; }
    case "col": {
      const i = scope.layout.get(colKey(e.rel, e.col));
      if (i === undefined) throw new SqlError(`internal: column ${e.name} not in layout`, { code: "ERR_SQL_INTERNAL" });
      return (row) => row[i]!;
    }
    case "slot": { const i = e.i; return (row) => row[i]!; }
    case "outer": {
      const m = scope.outers[e.depth - 1];
      const i = m?.get(colKey(e.rel, e.col));
      if (i === undefined) throw new SqlError(`internal: outer column ${e.name} not in layout`, { code: "ERR_SQL_INTERNAL" });
      const d = e.depth - 1;
      return (_row, env) => env[d]![i]!;
    }
    case "unary": {
      const f = compileExpr(e.e, scope);
      if (e.op === "NOT") return (row, env) => { const t = truth(f(row, env)); return t === null ? null : t ? 0 : 1; };
      if (e.op === "+") return f;
      if (e.op === "~") return (row, env) => { const v = toNum(f(row, env)); if (v === null) return null; return normBig(~BigInt(typeof v === "number" ? Math.trunc(v) : v)); };
      const real = e.e.t === "R";
      return (row, env) => {
        const v = f(row, env);
        if (v === null) return null;
        const n = typeof v === "number" ? v : toNum(v)!;
        if (typeof n === "bigint") return n === INT_MIN ? -Number(n) : normBig(-n);
        if (n === -9007199254740991 - 1) return -n;
        return real || n !== 0 ? -n : 0;
      };
    }
    case "bin": return compileBin(e, scope);
    case "isnull": {
      const f = compileExpr(e.e, scope);
      return e.not ? (row, env) => (f(row, env) !== null ? 1 : 0) : (row, env) => (f(row, env) === null ? 1 : 0);
    }
    case "is": {
      const l = compileExpr(e.l, scope), r = compileExpr(e.r, scope);
      const not = e.not;
      return (row, env) => {
        const a = l(row, env), b = r(row, env);
        const same = a === null || b === null ? a === b : compare(a, b) === 0;
        return same !== not ? 1 : 0;
      };
    }
    case "between": {
      const v = compileExpr(e.e, scope), lo = compileCmp(">=", e.e, e.lo, scope), hi = compileCmp("<=", e.e, e.hi, scope);
      void v;
      const not = e.not;
      return (row, env) => {
        const a = lo(row, env);
        if (a === 0) return not ? 1 : 0;
        const b = hi(row, env);
        if (b === 0) return not ? 1 : 0;
        if (a === null || b === null) return null;
        return not ? 0 : 1;
      };
    }
    case "like": {
      const f = compileExpr(e.e, scope), p = compileExpr(e.pat, scope);
      const esc = e.esc ? compileExpr(e.esc, scope) : undefined;
      const glob = e.glob, not = e.not;
      const lt = e.e.t, pt = e.pat.t;
      let lastPat: string | undefined;
      let lastEsc: string | null = null;
      let re: RegExp | undefined;
      return (row, env) => {
        const v = f(row, env);
        const pv = p(row, env);
        if (v === null || pv === null) return null;
        const ev = esc ? esc(row, env) : null;
        const es = ev === null ? null : toText(ev);
        const ps = toText(pv, pt === "R")!;
        if (ps !== lastPat || es !== lastEsc || !re) { re = likeRegex(ps, es, glob); lastPat = ps; lastEsc = es; }
        const m = re.test(toText(v, lt === "R")!);
        return m !== not ? 1 : 0;
      };
    }
    case "inlist": return compileInList(e, scope);
    case "insub": {
      const f = compileExpr(e.e, scope);
      const run = memoized(scope.sub(e.sub.plan, [scope.layout, ...scope.outers]), e.sub, scope);
      const toSub = coercer(affOf(e.e), e.sub.aff);
      const toL = coercer(e.sub.aff, affOf(e.e));
      const coerce = toL ?? ((v: SqlValue) => v);
      const not = e.not;
      let cache: { set: Set<unknown>; hasNull: boolean; empty: boolean } | undefined;
      const load = (row: Row, env: Row[]) => {
        const rows = run([row, ...env], Infinity);
        const set = new Set<unknown>();
        let hasNull = false;
        for (const r of rows) {
          let v: SqlValue = r[0]!;
          if (toSub) v = toSub(v);
          if (v === null) hasNull = true;
          else set.add(keyOf(v));
        }
        return { set, hasNull, empty: rows.length === 0 };
      };
      return (row, env) => {
        const c = e.sub.correlated ? load(row, env) : (cache ??= load(row, env));
        if (c.empty) return not ? 1 : 0;
        const v = f(row, env);
        if (v === null) return null;
        if (c.set.has(keyOf(coerce(v)))) return not ? 0 : 1;
        if (c.hasNull) return null;
        return not ? 1 : 0;
      };
    }
    case "exists": {
      const run = memoized(scope.sub(e.sub.plan, [scope.layout, ...scope.outers]), e.sub, scope);
      const not = e.not;
      let cache: number | undefined;
      return (row, env) => {
        if (!e.sub.correlated && cache !== undefined) return cache;
        const has = run([row, ...env], 1).length > 0;
        const v = has !== not ? 1 : 0;
        if (!e.sub.correlated) cache = v;
        return v;
      };
    }
    case "subq": {
      const run = memoized(scope.sub(e.sub.plan, [scope.layout, ...scope.outers]), e.sub, scope);
      let done = false;
      let cache: SqlValue = null;
      return (row, env) => {
        if (!e.sub.correlated && done) return cache;
        const rows = run([row, ...env], 1);
        const v = rows.length ? rows[0]![0]! : null;
        if (!e.sub.correlated) { done = true; cache = v; }
        return v;
      };
    }
    case "case": {
      const whens = e.whens.map((w) => ({ when: e.base ? compileCmp("=", e.base, w.when, scope) : compileExpr(w.when, scope), then: compileExpr(w.then, scope) }));
      const els = e.else ? compileExpr(e.else, scope) : () => null;
      return (row, env) => {
        for (const w of whens) if (truth(w.when(row, env)) === true) return w.then(row, env);
        return els(row, env);
      };
    }
    case "cast": {
      const f = compileExpr(e.e, scope);
      const type = e.type;
      const real = e.e.t === "R";
      if (affinityOf(type) === "TEXT") return (row, env) => toText(f(row, env), real);
      return (row, env) => castTo(f(row, env), type);
    }
    case "fn": {
      const def = SCALARS[e.name]!;
      const args = e.args.map((a) => compileExpr(a, scope));
      const types = e.args.map((a) => a.t);
      const fn = def.fn;
      if (e.name === "coalesce" || e.name === "ifnull") {
        return (row, env) => { for (const a of args) { const v = a(row, env); if (v !== null) return v; } return null; };
      }
      if (args.length === 1) { const a0 = args[0]!; return (row, env) => fn([a0(row, env)], types); }
      return (row, env) => fn(args.map((a) => a(row, env)), types);
    }
    case "agg":
      throw new SqlError(`misuse of aggregate: ${e.name}()`, { code: "ERR_SQL_NAME" });
  }
}

function compileInList(e: BExpr & { k: "inlist" }, scope: Scope): Fn {
  const f = compileExpr(e.e, scope);
  const not = e.not;
  const laff = affOf(e.e);
  if (e.list.length === 0) return () => (not ? 1 : 0);
  if (e.list.every((x) => x.k === "const")) {
    const set = new Set<unknown>();
    let hasNull = false;
    for (const x of e.list) {
      let v = (x as { v: SqlValue }).v;
      const c = coercer(laff, "BLOB");
      if (c) v = c(v);
      if (v === null) hasNull = true;
      else set.add(keyOf(v));
    }
    return (row, env) => {
      const v = f(row, env);
      if (v === null) return null;
      if (set.has(keyOf(v))) return not ? 0 : 1;
      if (hasNull) return null;
      return not ? 1 : 0;
    };
  }
  const cmps = e.list.map((x) => compileCmp("=", e.e, x, scope));
  return (row, env) => {
    let sawNull = false;
    for (const c of cmps) {
      const r = c(row, env);
      if (r === 1) return not ? 0 : 1;
      if (r === null) sawNull = true;
    }
    if (sawNull) return null;
    return not ? 1 : 0;
  };
}

/** Compiles a comparison `l op r` with SQLite's affinity conversions. */
export function compileCmp(op: string, le: BExpr, re: BExpr, scope: Scope): Fn {
  let l = compileExpr(le, scope), r = compileExpr(re, scope);
  const la = affOf(le), ra = affOf(re);
  const cr = coercer(la, ra), cl = coercer(ra, la);
  if (cr) { const r0 = r; r = (row, env) => cr(r0(row, env)); }
  if (cl) { const l0 = l; l = (row, env) => cl(l0(row, env)); }
  const test = cmpTest(op);
  return (row, env) => {
    const a = l(row, env);
    if (a === null) return null;
    const b = r(row, env);
    if (b === null) return null;
    let c: number;
    if (typeof a === "number" && typeof b === "number") c = a < b ? -1 : a > b ? 1 : 0;
    else c = compare(a, b);
    return test(c) ? 1 : 0;
  };
}

function cmpTest(op: string): (c: number) => boolean {
  switch (op) {
    case "=": return (c) => c === 0;
    case "!=": return (c) => c !== 0;
    case "<": return (c) => c < 0;
    case "<=": return (c) => c <= 0;
    case ">": return (c) => c > 0;
    default: return (c) => c >= 0;
  }
}

function compileBin(e: BExpr & { k: "bin" }, scope: Scope): Fn {
  const op = e.op;
  switch (op) {
    case "AND": {
      const l = compileExpr(e.l, scope), r = compileExpr(e.r, scope);
      return (row, env) => {
        const a = truth(l(row, env));
        if (a === false) return 0;
        const b = truth(r(row, env));
        if (b === false) return 0;
        return a === null || b === null ? null : 1;
      };
    }
    case "OR": {
      const l = compileExpr(e.l, scope), r = compileExpr(e.r, scope);
      return (row, env) => {
        const a = truth(l(row, env));
        if (a === true) return 1;
        const b = truth(r(row, env));
        if (b === true) return 1;
        return a === null || b === null ? null : 0;
      };
    }
    case "=": case "!=": case "<": case "<=": case ">": case ">=":
      return compileCmp(op, e.l, e.r, scope);
    case "||": {
      const l = compileExpr(e.l, scope), r = compileExpr(e.r, scope);
      const lr = e.l.t === "R", rr = e.r.t === "R";
      return (row, env) => {
        const a = l(row, env); if (a === null) return null;
        const b = r(row, env); if (b === null) return null;
        return toText(a, lr)! + toText(b, rr)!;
      };
    }
    case "&": case "|": case "<<": case ">>": {
      const l = compileExpr(e.l, scope), r = compileExpr(e.r, scope);
      return (row, env) => {
        const a = toNum(l(row, env)); if (a === null) return null;
        const b = toNum(r(row, env)); if (b === null) return null;
        const x = BigInt.asIntN(64, BigInt(typeof a === "number" ? Math.trunc(a) : a));
        const y = BigInt(typeof b === "number" ? Math.trunc(b) : b);
        let res: bigint;
        if (op === "&") res = x & y;
        else if (op === "|") res = x | y;
        else if (op === "<<") res = y >= 64n ? 0n : y < 0n ? x >> -y : BigInt.asIntN(64, x << y);
        else res = y >= 64n ? (x < 0n ? -1n : 0n) : y < 0n ? BigInt.asIntN(64, x << -y) : x >> y;
        return normBig(res);
      };
    }
    default: {
      const l = compileExpr(e.l, scope), r = compileExpr(e.r, scope);
      return arith(op, l, r, e.l.t, e.r.t);
    }
  }
}
