/**
 * Expression code generation: the common scalar subset (columns, constants, arithmetic, comparisons, AND/OR/NOT,
 * IS NULL, BETWEEN, IN lists, CASE) becomes one JavaScript function per expression, so a per-row evaluation is
 * straight-line monomorphic code instead of a chain of closure calls. Anything else is called as a compiled closure.
 */
import type { BExpr } from "./bound.ts";
import type { Row } from "./ordered-index.ts";
import { colKey } from "./bound.ts";
import { dyn, realOp } from "./arith.ts";
import { type Fn, type Pred, type Scope, affOf, coercer, compileExpr } from "./compile-expr.ts";
import { cachedFunction } from "./fn-cache.ts";
import { type SqlValue, compare, keyOf, toNum, truth } from "./values.ts";

/** Helpers the generated code calls on slow paths. */
const H = {
  compare,
  truth,
  keyOf,
  dyn,
  real(op: string, a: SqlValue, b: SqlValue): SqlValue {
    return realOp(op, Number(typeof a === "number" ? a : toNum(a)), Number(typeof b === "number" ? b : toNum(b)));
  },
};

/** Applies the comparison conversion a constant operand gets from the other operand's affinity at compile time. */
function foldConst(x: BExpr, other: BExpr): BExpr {
  if (x.k !== "const") return x;
  const c = coercer(affOf(other), affOf(x));
  if (!c) return x;
  const v = c(x.v);
  return { k: "const", v, t: typeof v === "string" ? "T" : v === null ? "N" : typeof v === "number" && !Number.isInteger(v) ? "R" : x.t };
}

/** Operands of a comparison with constant conversions folded, or undefined when a conversion remains for run time. */
function plainPair(l: BExpr, r: BExpr): [BExpr, BExpr] | undefined {
  const l2 = foldConst(l, r), r2 = foldConst(r, l);
  // a folded constant keeps BLOB (no) affinity, so converting it again is the identity: only column-column pairs remain
  if (l2.k !== "const" && r2.k !== "const" && (coercer(affOf(l2), affOf(r2)) || coercer(affOf(r2), affOf(l2)))) return undefined;
  if (l2.k === "const" && r2.k !== "const" && coercer(affOf(l2), affOf(r2))) return undefined;
  if (r2.k === "const" && l2.k !== "const" && coercer(affOf(r2), affOf(l2))) return undefined;
  return [l2, r2];
}

/** Emits JavaScript statements for expressions; closures it falls back to live in `fns`, constants in `consts`. */
export class Gen {
  lines: string[] = [];
  fns: Fn[] = [];
  consts: unknown[] = [];
  n = 0;
  constructor(private scope: Scope) {}
  tmp(): string { return `t${this.n++}`; }
  konst(v: unknown): string { this.consts.push(v); return `K[${this.consts.length - 1}]`; }
  fallback(e: BExpr, out: string[]): string {
    this.fns.push(compileExpr(e, this.scope));
    const t = this.tmp();
    out.push(`const ${t} = F[${this.fns.length - 1}](row, env);`);
    return t;
  }

  /** Emits statements computing `e` into `out`; returns the JS expression (a temp or literal) holding the value. */
  expr(e: BExpr, out: string[]): string {
    switch (e.k) {
      case "const":
        if (typeof e.v === "number") return Object.is(e.v, -0) ? "0" : String(e.v);
        if (e.v === null) return "null";
        if (typeof e.v === "string") return JSON.stringify(e.v);
        return this.konst(e.v);
      case "col": {
        const i = this.scope.layout.get(colKey(e.rel, e.col));
        if (i === undefined) return this.fallback(e, out);
        const t = this.tmp();
        out.push(`const ${t} = row[${i}];`);
        return t;
      }
      case "slot": {
        const t = this.tmp();
        out.push(`const ${t} = row[${e.i}];`);
        return t;
      }
      case "bin": return this.bin(e, out);
      case "unary":
        if (e.op === "NOT") {
          const v = this.expr(e.e, out);
          const t = this.tmp();
          out.push(`const ${t} = ${v} === null ? null : typeof ${v} === "number" ? (${v} === 0 ? 1 : 0) : (H.truth(${v}) ? 0 : 1);`);
          return t;
        }
        return this.fallback(e, out);
      case "isnull": {
        const v = this.expr(e.e, out);
        return `(${v} ${e.not ? "!==" : "==="} null ? 1 : 0)`;
      }
      case "between": {
        const p1 = plainPair(e.e, e.lo), p2 = plainPair(e.e, e.hi);
        if (!p1 || !p2 || e.e.k === "const") return this.fallback(e, out);
        const v = this.expr(e.e, out), lo = this.expr(p1[1], out), hi = this.expr(p2[1], out);
        const a = this.cmpCode(">=", v, lo), b = this.cmpCode("<=", v, hi);
        const t = this.tmp();
        // three-valued: false if either side is false, else NULL if either is NULL
        out.push(`const ${t}a = ${a}, ${t}b = ${b};`);
        out.push(`const ${t} = (${t}a === 0 || ${t}b === 0) ? ${e.not ? 1 : 0} : (${t}a === null || ${t}b === null) ? null : ${e.not ? 0 : 1};`);
        return t;
      }
      case "inlist": {
        if (!e.list.every((x) => x.k === "const") || e.list.length === 0) return this.fallback(e, out);
        // the list's constants take the left operand's affinity once, here
        const conv = coercer(affOf(e.e), "BLOB");
        const vals = e.list.map((x) => (x as { v: SqlValue }).v).map((v) => (conv ? conv(v) : v));
        const hasNull = vals.some((v) => v === null);
        // numbers and strings are distinct Set members already (1 ≠ '1'), so only bigints need a key
        const set = new Set(vals.filter((v) => v !== null).map((v) => (typeof v === "number" || typeof v === "string" ? v : keyOf(v))));
        const s = this.konst(set);
        const v = this.expr(e.e, out);
        const t = this.tmp();
        const miss = hasNull ? "null" : e.not ? "1" : "0";
        const plain = [...set].every((x) => typeof x === "number" || typeof x === "string");
        // a short list of numbers/strings: straight equality tests beat hashing the value
        const test = set.size === 0 ? "false" : plain && set.size <= 8
          ? [...set].map((x) => `${v} === ${typeof x === "string" ? JSON.stringify(x) : String(x)}`).join(" || ")
          : `${s}.has(typeof ${v} === "number" || typeof ${v} === "string" ? ${v} : H.keyOf(${v}))`;
        out.push(`const ${t} = ${v} === null ? null : (${test}) ? ${e.not ? 0 : 1} : ${miss};`);
        return t;
      }
      case "case": {
        if (e.base) return this.fallback(e, out);
        const t = this.tmp();
        out.push(`let ${t};`);
        let close = "";
        for (const w of e.whens) {
          const c = this.pred(w.when, out);
          out.push(`if (${c}) {`);
          const inner: string[] = [];
          const v = this.expr(w.then, inner);
          out.push(...inner, `${t} = ${v};`, "} else {");
          close += "}";
        }
        const inner: string[] = [];
        const v = e.else ? this.expr(e.else, inner) : "null";
        out.push(...inner, `${t} = ${v};`, close);
        return t;
      }
      default:
        return this.fallback(e, out);
    }
  }

  private cmpCode(op: string, a: string, b: string): string {
    const jsop = op === "=" ? "===" : op === "!=" ? "!==" : op;
    const test = op === "=" ? "=== 0" : op === "!=" ? "!== 0" : `${op} 0`;
    return `(${a} === null || ${b} === null ? null : (typeof ${a} === typeof ${b} && typeof ${a} !== "bigint" ? (${a} ${jsop} ${b}) : (H.compare(${a}, ${b}) ${test})) ? 1 : 0)`;
  }

  private bin(e: BExpr & { k: "bin" }, out: string[]): string {
    const op = e.op;
    if (op === "AND" || op === "OR") {
      const t = this.tmp();
      const l = this.expr(e.l, out);
      out.push(`let ${t};`);
      const lt = `(${l} === null ? null : typeof ${l} === "number" ? ${l} !== 0 : H.truth(${l}))`;
      out.push(`const ${t}l = ${lt};`);
      if (op === "AND") out.push(`if (${t}l === false) ${t} = 0; else {`);
      else out.push(`if (${t}l === true) ${t} = 1; else {`);
      const inner: string[] = [];
      const r = this.expr(e.r, inner);
      out.push(...inner);
      out.push(`const ${t}r = (${r} === null ? null : typeof ${r} === "number" ? ${r} !== 0 : H.truth(${r}));`);
      if (op === "AND") out.push(`${t} = ${t}r === false ? 0 : (${t}l === null || ${t}r === null) ? null : 1; }`);
      else out.push(`${t} = ${t}r === true ? 1 : (${t}l === null || ${t}r === null) ? null : 0; }`);
      return t;
    }
    if (["=", "!=", "<", "<=", ">", ">="].includes(op)) {
      const pair = plainPair(e.l, e.r);
      if (!pair) return this.fallback(e, out);
      const l = this.expr(pair[0], out), r = this.expr(pair[1], out);
      const t = this.tmp();
      out.push(`const ${t} = ${this.cmpCode(op, l, r)};`);
      return t;
    }
    if (op === "+" || op === "-" || op === "*" || op === "/") {
      const l = this.expr(e.l, out), r = this.expr(e.r, out);
      const t = this.tmp();
      const real = e.l.t === "R" || e.r.t === "R";
      if (real) {
        const fast = op === "/" ? `(${r} === 0 ? null : ${l} / ${r})` : `${l} ${op} ${r}`;
        out.push(`const ${t} = ${l} === null || ${r} === null ? null : (typeof ${l} === "number" && typeof ${r} === "number") ? ${fast} : H.real("${op}", ${l}, ${r});`);
      } else if (op === "/") {
        out.push(`const ${t} = ${l} === null || ${r} === null ? null : H.dyn("/", ${l}, ${r});`);
      } else {
        out.push(`let ${t} = ${l} === null || ${r} === null ? null : (typeof ${l} === "number" && typeof ${r} === "number") ? ${l} ${op} ${r} : H.dyn("${op}", ${l}, ${r});`);
        // integers that leave the safe range take the exact path
        out.push(`if (typeof ${t} === "number" && !Number.isSafeInteger(${t}) && Number.isInteger(${l}) && Number.isInteger(${r})) ${t} = H.dyn("${op}", ${l}, ${r});`);
      }
      return t;
    }
    return this.fallback(e, out);
  }

  /** A JS boolean expression: `e` is true. */
  pred(e: BExpr, out: string[]): string {
    if (e.k === "bin" && (e.op === "AND" || e.op === "OR")) {
      const l = this.pred(e.l, out);
      const inner: string[] = [];
      const r = this.pred(e.r, inner);
      const t = this.tmp();
      out.push(`let ${t} = ${l};`);
      out.push(e.op === "AND" ? `if (${t}) {` : `if (!${t}) {`, ...inner, `${t} = ${r}; }`);
      return t;
    }
    const pair = e.k === "bin" && ["=", "!=", "<", "<=", ">", ">="].includes(e.op) ? plainPair(e.l, e.r) : undefined;
    if (e.k === "bin" && pair) {
      const l = this.expr(pair[0], out), r = this.expr(pair[1], out);
      const jsop = e.op === "=" ? "===" : e.op === "!=" ? "!==" : e.op;
      const test = e.op === "=" ? "=== 0" : e.op === "!=" ? "!== 0" : `${e.op} 0`;
      return `(${l} !== null && ${r} !== null && (typeof ${l} === typeof ${r} && typeof ${l} !== "bigint" ? ${l} ${jsop} ${r} : H.compare(${l}, ${r}) ${test}))`;
    }
    const v = this.expr(e, out);
    return `(${v} !== null && (typeof ${v} === "number" ? ${v} !== 0 : H.truth(${v}) === true))`;
  }
}

/** The helpers object generated code receives as `H`. */
export const HELPERS = H;

function build<T>(g: Gen, body: string[], ret: string): T {
  const src = `return function(row, env) {\n${body.join("\n")}\nreturn ${ret};\n}`;
  return cachedFunction(["H", "F", "K"], src)(H, g.fns, g.consts) as T;
}

/** Generates a value function for `e`. */
export function genExpr(e: BExpr, scope: Scope): Fn {
  const g = new Gen(scope);
  const out: string[] = [];
  const v = g.expr(e, out);
  if (g.fns.length === 1 && out.length === 1) return g.fns[0]!;
  return build<Fn>(g, out, v);
}

/** A table scan with its filter inlined into the loop: `function(env, emit)`. */
export function genScan(table: { rows: Row[] }, preds: BExpr[], scope: Scope): (env: Row[], emit: (row: Row) => void) => void {
  const g = new Gen(scope);
  const out: string[] = [];
  const e = preds.reduce((l, r) => ({ k: "bin", op: "AND", l, r, t: "I" }) as BExpr);
  const c = g.pred(e, out);
  const src = `return function(env, emit) {\nconst rows = T.rows;\nfor (let i = 0, n = rows.length; i < n; i++) {\nconst row = rows[i];\n${out.join("\n")}\nif (${c}) emit(row);\n}\n}`;
  return cachedFunction(["H", "F", "K", "T"], src)(H, g.fns, g.consts, table) as (env: Row[], emit: (row: Row) => void) => void;
}

/** Generates a predicate function for the conjunction of `preds`. */
export function genPred(preds: BExpr[], scope: Scope): Pred | undefined {
  if (preds.length === 0) return undefined;
  const g = new Gen(scope);
  const out: string[] = [];
  const e = preds.reduce((l, r) => ({ k: "bin", op: "AND", l, r, t: "I" }) as BExpr);
  const v = g.pred(e, out);
  return build<Pred>(g, out, v);
}
