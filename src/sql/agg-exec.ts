/**
 * Hash aggregation. Group keys index nested Maps (no per-row key strings); each group's state is one flat array.
 * COUNT and SUM/AVG/TOTAL over REAL arguments are updated by generated straight-line code (Kahan-Babuska-Neumaier
 * sums, as SQLite does); other aggregates use accumulator objects from aggregates.ts.
 */
import { accFactory, type Acc } from "./aggregates.ts";
import type { AggSpec, ColKey, PNode } from "./bound.ts";
import { genExpr } from "./codegen.ts";
import { cachedFunction } from "./fn-cache.ts";
import type { Fn } from "./compile-expr.ts";
import type { Row } from "./ordered-index.ts";
import { type SqlValue, toNum } from "./values.ts";

type Producer = (env: Row[], emit: (row: Row) => void) => void;
type Scope = import("./compile-expr.ts").Scope;

/** Map key of a value: numbers, strings and null are distinct Map keys already; bigints get a tagged string. */
function mk(v: SqlValue): unknown {
  return typeof v === "bigint" ? "\u0000b" + v : typeof v === "boolean" ? (v ? 1 : 0) : v;
}

interface Plan { init: string[]; step: string[]; final: string[] }

function inlineAgg(a: AggSpec, i: number, off: number, p: Plan, accs: (() => Acc)[]): number {
  const v = `v${i}`;
  const real = a.args[0]?.t === "R";
  if (a.distinct) return generic();
  switch (a.name) {
    case "count":
      p.init.push("0");
      p.step.push(a.star ? `st[${off}]++;` : `if (${v} !== null) st[${off}]++;`);
      p.final.push(`st[${off}]`);
      return 1;
    case "sum": case "avg": case "total":
      if (!real) return generic();
      p.init.push("0", "0", "0");
      p.step.push(`if (${v} !== null) { const x = typeof ${v} === "number" ? ${v} : H.num(${v}); const s = st[${off}], t = s + x;`
        + ` if (Math.abs(s) >= Math.abs(x)) st[${off + 1}] += s - t + x; else st[${off + 1}] += x - t + s; st[${off}] = t; st[${off + 2}]++; }`);
      if (a.name === "sum") p.final.push(`(st[${off + 2}] === 0 ? null : st[${off}] + st[${off + 1}])`);
      else if (a.name === "avg") p.final.push(`(st[${off + 2}] === 0 ? null : (st[${off}] + st[${off + 1}]) / st[${off + 2}])`);
      else p.final.push(`(st[${off}] + st[${off + 1}])`);
      return 3;
    default:
      return generic();
  }
  function generic(): number {
    accs.push(accFactory(a.name, a.star, a.distinct, a.args[0]?.t ?? "X"));
    const k = accs.length - 1;
    p.init.push(`A[${k}]()`);
    p.step.push(a.args[1] ? `st[${off}].step(${v}, S${i}(row, env));` : `st[${off}].step(${v});`);
    p.final.push(`st[${off}].final()`);
    return 1;
  }
}

/** Compiles an aggregate node over its child producer. */
export function compileAgg(n: PNode & { op: "agg" }, child: Producer, scope: Scope): Producer {
  const keys = n.keys.map((k) => genExpr(k, scope));
  const args: Fn[] = n.aggs.map((a) => (a.args[0] ? genExpr(a.args[0], scope) : () => null));
  const seps: Fn[] = n.aggs.map((a) => (a.args[1] ? genExpr(a.args[1], scope) : () => null));
  const p: Plan = { init: [], step: [], final: [] };
  const accs: (() => Acc)[] = [];
  let off = 0;
  n.aggs.forEach((a, i) => { off += inlineAgg(a, i, off, p, accs); });
  const nk = keys.length;
  const argNames = n.aggs.map((_, i) => `V${i}`).join(", ");
  const sepNames = n.aggs.map((_, i) => `S${i}`).join(", ");
  const src = `
    const [${argNames}] = ARGS; const [${sepNames}] = SEPS;
    return {
      init: () => [${p.init.join(", ")}],
      step: (st, row, env) => { ${n.aggs.map((_, i) => `const v${i} = V${i}(row, env);`).join(" ")} ${p.step.join("\n")} },
      final: (st) => [${p.final.join(", ")}],
    };`;
  const H = { num: (v: SqlValue) => Number(toNum(v)) };
  const ops = cachedFunction(["H", "A", "ARGS", "SEPS"], src)(H, accs, args, seps) as {
    init: () => unknown[];
    step: (st: unknown[], row: Row, env: Row[]) => void;
    final: (st: unknown[]) => SqlValue[];
  };
  const { init, step, final } = ops;
  if (nk === 0) {
    return (env, emit) => {
      const st = init();
      child(env, (r) => step(st, r, env));
      emit(final(st));
    };
  }
  if (nk === 1) {
    const k0 = keys[0]!;
    return (env, emit) => {
      const groups = new Map<unknown, { k: SqlValue; st: unknown[] }>();
      child(env, (r) => {
        const v = k0(r, env);
        const k = typeof v === "number" || typeof v === "string" ? v : mk(v);
        let g = groups.get(k);
        if (g === undefined) { g = { k: v, st: init() }; groups.set(k, g); }
        step(g.st, r, env);
      });
      for (const g of groups.values()) { const out = final(g.st); out.unshift(g.k); emit(out); }
    };
  }
  return (env, emit) => {
    const root = new Map<unknown, unknown>();
    const all: { kv: SqlValue[]; st: unknown[] }[] = [];
    child(env, (r) => {
      let m = root;
      for (let i = 0; i < nk - 1; i++) {
        const k = mk(keys[i]!(r, env));
        let next = m.get(k) as Map<unknown, unknown> | undefined;
        if (next === undefined) { next = new Map(); m.set(k, next); }
        m = next;
      }
      const k = mk(keys[nk - 1]!(r, env));
      let g = m.get(k) as { kv: SqlValue[]; st: unknown[] } | undefined;
      if (g === undefined) {
        g = { kv: keys.map((f) => f(r, env)), st: init() };
        m.set(k, g);
        all.push(g);
      }
      step(g.st, r, env);
    });
    for (const g of all) emit([...g.kv, ...final(g.st)]);
  };
}

export type { ColKey };
