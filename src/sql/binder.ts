/** Name resolution and typing: AST expressions → bound expressions over relation columns, with SQLite's errors. */
import type { Expr, Pos } from "./ast.ts";
import { type BExpr, type SubPlan, arithType, colKey } from "./bound.ts";
import { SqlError } from "./errors.ts";
import { AGGREGATES, SCALARS } from "./functions.ts";
import { type Affinity, type SType, affinityOf } from "./values.ts";

/** A relation visible in a FROM clause: a table, view or subquery under an alias. */
export interface RelInfo {
  rel: number;
  name: string;
  cols: { name: string; t: SType; aff: Affinity }[];
  /** Columns merged away by USING/NATURAL (not matched by unqualified names or `*`). */
  hidden: Set<number>;
}

/** The names visible at one query level, and the enclosing level's. */
export interface BindScope {
  rels: RelInfo[];
  parent: BindScope | undefined;
  /** Set when an expression of this level (or a nested one) reads an enclosing level's column. */
  correlated: boolean;
  /** Select-list aliases usable in WHERE/GROUP BY (SQLite extension), resolved lazily. */
  aliases?: Map<string, Expr>;
  /** Columns of this level read by nested subqueries (kept in every layout). */
  innerRefs?: Set<number>;
}

/** Plans a subquery (supplied by the planner to break the import cycle). */
export type SubPlanner = (sel: import("./ast.ts").Select, scope: BindScope) => SubPlan;

function err(msg: string, pos: Pos, code = "ERR_SQL_NAME"): SqlError {
  return new SqlError(msg, { code, line: pos.line, column: pos.col });
}

/** Binds AST expressions in a scope; aggregates are allowed only when `aggOk`. */
export class Binder {
  /** One log per subquery being planned: outer columns its expressions read. */
  readonly refLog: { scope: object; key: number }[][] = [];
  constructor(private planSub: SubPlanner) {}

  /** Resolves a column reference. */
  column(table: string | undefined, name: string, scope: BindScope, pos: Pos, aggOk = false): BExpr {
    let depth = 0;
    for (let s: BindScope | undefined = scope; s; s = s.parent, depth++) {
      const hit = this.findIn(s, table, name, pos);
      if (hit) {
        if (depth > 0) {
          for (let c: BindScope | undefined = scope, d = 0; c && d < depth; c = c.parent, d++) c.correlated = true;
          (s.innerRefs ??= new Set()).add(colKey(hit.rel, hit.col));
          this.refLog[this.refLog.length - 1]?.push({ scope: s, key: colKey(hit.rel, hit.col) });
          return { k: "outer", depth, rel: hit.rel, col: hit.col, t: hit.t, aff: hit.aff, name };
        }
        return { k: "col", rel: hit.rel, col: hit.col, t: hit.t, aff: hit.aff, name };
      }
      if (depth === 0 && table === undefined && s.aliases?.has(name.toLowerCase())) {
        const e = s.aliases.get(name.toLowerCase())!;
        s.aliases.delete(name.toLowerCase());
        try { return this.expr(e, s, aggOk); } finally { s.aliases.set(name.toLowerCase(), e); }
      }
    }
    if (table !== undefined) throw err(`no such column: ${table}.${name}`, pos);
    throw err(`no such column: ${name}`, pos);
  }

  private findIn(s: BindScope, table: string | undefined, name: string, pos: Pos) {
    const n = name.toLowerCase();
    const t = table?.toLowerCase();
    let found: { rel: number; col: number; t: SType; aff: Affinity } | undefined;
    for (const r of s.rels) {
      if (t !== undefined && r.name.toLowerCase() !== t) continue;
      const ci = r.cols.findIndex((c) => c.name.toLowerCase() === n);
      if (ci < 0) continue;
      if (t === undefined && r.hidden.has(ci)) continue;
      if (found) throw err(`ambiguous column name: ${table ? table + "." : ""}${name}`, pos);
      const c = r.cols[ci]!;
      found = { rel: r.rel, col: ci, t: c.t, aff: c.aff };
    }
    if (!found && t !== undefined && !s.rels.some((r) => r.name.toLowerCase() === t) && !s.parent) {
      throw err(`no such column: ${table}.${name}`, pos);
    }
    return found;
  }

  /** Binds `e`. */
  expr(e: Expr, scope: BindScope, aggOk: boolean): BExpr {
    switch (e.k) {
      case "lit": {
        const v = e.v;
        const t: SType = v === null ? "N" : typeof v === "string" ? "T" : e.real ? "R" : typeof v === "number" && !Number.isInteger(v) ? "R" : "I";
        return { k: "const", v, t };
      }
      case "col":
        if (e.dq) {
          try { return this.column(e.table, e.name, scope, e.pos, aggOk); } catch (err) {
            if (err instanceof SqlError && err.message.startsWith("no such column")) return { k: "const", v: e.name, t: "T" };
            throw err;
          }
        }
        return this.column(e.table, e.name, scope, e.pos, aggOk);
      case "star": throw err("near \"*\": syntax error", e.pos, "ERR_SQL_SYNTAX");
      case "unary": {
        const x = this.expr(e.e, scope, aggOk);
        const t: SType = e.op === "NOT" || e.op === "~" ? "I" : x.t === "T" ? "X" : x.t;
        return { k: "unary", op: e.op, e: x, t };
      }
      case "bin": {
        const l = this.expr(e.l, scope, aggOk), r = this.expr(e.r, scope, aggOk);
        let t: SType;
        if (["+", "-", "*", "/", "%"].includes(e.op)) {
          t = arithType(l.t === "T" ? "X" : l.t, r.t === "T" ? "X" : r.t);
          if (e.op === "%" && t === "R") t = "R";
        } else if (e.op === "||") t = "T";
        else t = "I";
        return { k: "bin", op: e.op, l, r, t };
      }
      case "isnull": return { k: "isnull", e: this.expr(e.e, scope, aggOk), not: e.not, t: "I" };
      case "is": return { k: "is", l: this.expr(e.l, scope, aggOk), r: this.expr(e.r, scope, aggOk), not: e.not, t: "I" };
      case "between":
        return { k: "between", e: this.expr(e.e, scope, aggOk), lo: this.expr(e.lo, scope, aggOk), hi: this.expr(e.hi, scope, aggOk), not: e.not, t: "I" };
      case "like":
        return { k: "like", e: this.expr(e.e, scope, aggOk), pat: this.expr(e.pat, scope, aggOk), esc: e.esc ? this.expr(e.esc, scope, aggOk) : undefined, not: e.not, glob: e.glob, t: "I" };
      case "inlist":
        return { k: "inlist", e: this.expr(e.e, scope, aggOk), list: e.list.map((x) => this.expr(x, scope, aggOk)), not: e.not, t: "I" };
      case "insub": {
        const sub = this.sub(e.sub, scope);
        if (sub.width !== 1) throw err(`sub-select returns ${sub.width} columns - expected 1`, e.pos, "ERR_SQL_SYNTAX");
        return { k: "insub", e: this.expr(e.e, scope, aggOk), sub, not: e.not, t: "I" };
      }
      case "exists": return { k: "exists", sub: this.sub(e.sub, scope), not: e.not, t: "I" };
      case "subq": {
        const sub = this.sub(e.sub, scope);
        if (sub.width !== 1) throw err(`sub-select returns ${sub.width} columns - expected 1`, e.pos, "ERR_SQL_SYNTAX");
        return { k: "subq", sub, t: sub.t };
      }
      case "case": {
        const base = e.base ? this.expr(e.base, scope, aggOk) : undefined;
        const whens = e.whens.map((w) => ({ when: this.expr(w.when, scope, aggOk), then: this.expr(w.then, scope, aggOk) }));
        const els = e.else ? this.expr(e.else, scope, aggOk) : undefined;
        const ts = whens.map((w) => w.then.t).concat(els ? [els.t] : ["N"]).filter((t) => t !== "N");
        const t: SType = ts.length === 0 ? "N" : ts.every((x) => x === ts[0]) ? ts[0]! : "X";
        return { k: "case", base, whens, else: els, t };
      }
      case "cast": {
        const aff = affinityOf(e.type);
        const t: SType = aff === "INTEGER" ? "I" : aff === "REAL" ? "R" : aff === "TEXT" ? "T" : "X";
        return { k: "cast", e: this.expr(e.e, scope, aggOk), type: e.type, t };
      }
      case "fn": return this.fn(e, scope, aggOk);
    }
  }

  private fn(e: Expr & { k: "fn" }, scope: BindScope, aggOk: boolean): BExpr {
    const name = e.name;
    const isAgg = AGGREGATES.has(name) && !((name === "min" || name === "max") && e.args.length > 1);
    if (isAgg) {
      if (!aggOk) throw err(`misuse of aggregate function ${name}()`, e.pos);
      if (e.star && name !== "count") throw err(`wrong number of arguments to function ${name}()`, e.pos);
      const args = e.args.map((a) => this.expr(a, scope, false));
      if (e.distinct && args.length !== 1) throw err("DISTINCT aggregates must have exactly one argument", e.pos);
      const want = name === "group_concat" ? [1, 2] : name === "count" ? [0, 1] : [1, 1];
      if (!e.star && (args.length < want[0]! || args.length > want[1]! || (name === "count" && args.length === 0))) {
        throw err(`wrong number of arguments to function ${name}()`, e.pos);
      }
      let t: SType;
      switch (name) {
        case "count": t = "I"; break;
        case "avg": case "total": t = "R"; break;
        case "group_concat": t = "T"; break;
        case "sum": t = args[0]!.t === "R" ? "R" : args[0]!.t === "I" ? "I" : "X"; break;
        default: t = args[0]!.t;
      }
      return { k: "agg", name, args, distinct: e.distinct, star: e.star, t, slot: -1 };
    }
    const def = SCALARS[name];
    if (!def) throw err(`no such function: ${name}`, e.pos);
    if (e.star || e.args.length < def.min || e.args.length > def.max) throw err(`wrong number of arguments to function ${name}()`, e.pos);
    const args = e.args.map((a) => this.expr(a, scope, aggOk));
    return { k: "fn", name, args, t: def.type(args.map((a) => a.t)) };
  }

  private sub(sel: import("./ast.ts").Select, scope: BindScope): SubPlan {
    return this.planSub(sel, scope);
  }
}

/** Structural signature of a bound expression (equal signatures compute equal values). */
export function sig(e: BExpr): string {
  return JSON.stringify(e, function (this: { k?: string }, k: string, v: unknown) {
    if (k === "sub") return { id: subId(v as object) };
    if (k === "name" && (this.k === "col" || this.k === "outer" || this.k === "slot")) return undefined;
    return typeof v === "bigint" ? "big:" + v : v;
  });
}

const subIds = new WeakMap<object, number>();
let nextSub = 0;
function subId(o: object): number {
  let id = subIds.get(o);
  if (id === undefined) { id = ++nextSub; subIds.set(o, id); }
  return id;
}

/** Calls `f` on every node of `e` (not descending into subquery plans). */
export function walk(e: BExpr, f: (x: BExpr) => void): void {
  f(e);
  switch (e.k) {
    case "unary": case "isnull": case "cast": walk(e.e, f); break;
    case "bin": case "is": walk(e.l, f); walk(e.r, f); break;
    case "between": walk(e.e, f); walk(e.lo, f); walk(e.hi, f); break;
    case "like": walk(e.e, f); walk(e.pat, f); if (e.esc) walk(e.esc, f); break;
    case "inlist": walk(e.e, f); for (const x of e.list) walk(x, f); break;
    case "insub": walk(e.e, f); break;
    case "case": if (e.base) walk(e.base, f); for (const w of e.whens) { walk(w.when, f); walk(w.then, f); } if (e.else) walk(e.else, f); break;
    case "fn": case "agg": for (const a of e.args) walk(a, f); break;
  }
}

/** Rebuilds `e` bottom-up, replacing nodes for which `f` returns a value. */
export function mapExpr(e: BExpr, f: (x: BExpr) => BExpr | undefined): BExpr {
  const r = f(e);
  if (r) return r;
  const m = (x: BExpr) => mapExpr(x, f);
  switch (e.k) {
    case "unary": return { ...e, e: m(e.e) };
    case "isnull": return { ...e, e: m(e.e) };
    case "cast": return { ...e, e: m(e.e) };
    case "bin": return { ...e, l: m(e.l), r: m(e.r) };
    case "is": return { ...e, l: m(e.l), r: m(e.r) };
    case "between": return { ...e, e: m(e.e), lo: m(e.lo), hi: m(e.hi) };
    case "like": return { ...e, e: m(e.e), pat: m(e.pat), esc: e.esc ? m(e.esc) : undefined };
    case "inlist": return { ...e, e: m(e.e), list: e.list.map(m) };
    case "insub": return { ...e, e: m(e.e) };
    case "case": return { ...e, base: e.base ? m(e.base) : undefined, whens: e.whens.map((w) => ({ when: m(w.when), then: m(w.then) })), else: e.else ? m(e.else) : undefined };
    case "fn": return { ...e, args: e.args.map(m) };
    case "agg": return { ...e, args: e.args.map(m) };
    default: return e;
  }
}
