/**
 * Hash aggregation. Group keys index nested Maps (no per-row key strings); each group's state is one flat array.
 * The per-row step is generated code: argument expressions inline, COUNT and SUM/AVG/TOTAL over REAL arguments
 * updated in place (Kahan-Babuska-Neumaier sums, as SQLite), other aggregates through accumulator objects.
 * Over a plain table scan the scan, its filter and the step fuse into one generated loop.
 */
import { accFactory, type Acc } from "./aggregates.ts";
import type { AggSpec, BExpr, PNode } from "./bound.ts";
import { Gen, HELPERS } from "./codegen.ts";
import type { Scope } from "./compile-expr.ts";
import { cachedFunction } from "./fn-cache.ts";
import type { Row } from "./ordered-index.ts";
import { type SqlValue, keyOf, toNum } from "./values.ts";

type Producer = (env: Row[], emit: (row: Row) => void) => void;

/** Map key of a value: numbers, strings and null are distinct Map keys already; bigints get a tagged string. */
function mk(v: SqlValue): unknown {
  return typeof v === "bigint" ? "\u0000b" + v : typeof v === "boolean" ? (v ? 1 : 0) : v;
}

const AH = { ...HELPERS, num: (v: SqlValue) => Number(toNum(v)), mk, keyOf };

interface Parts { init: string[]; step: string[]; final: string[] }

function aggCode(a: AggSpec, v: string, sep: string | undefined, off: number, p: Parts, accs: (() => Acc)[]): number {
  const real = a.args[0]?.t === "R";
  if (!a.distinct && a.name === "count") {
    p.init.push("0");
    p.step.push(a.star ? `st[${off}]++;` : `if (${v} !== null) st[${off}]++;`);
    p.final.push(`st[${off}]`);
    return 1;
  }
  if (!a.distinct && real && (a.name === "sum" || a.name === "avg" || a.name === "total")) {
    p.init.push("0", "0", "0");
    p.step.push(`if (${v} !== null) { const x = typeof ${v} === "number" ? ${v} : H.num(${v}); const s = st[${off}], t = s + x;`
      + ` if (Math.abs(s) >= Math.abs(x)) st[${off + 1}] += s - t + x; else st[${off + 1}] += x - t + s; st[${off}] = t; st[${off + 2}]++; }`);
    if (a.name === "sum") p.final.push(`(st[${off + 2}] === 0 ? null : st[${off}] + st[${off + 1}])`);
    else if (a.name === "avg") p.final.push(`(st[${off + 2}] === 0 ? null : (st[${off}] + st[${off + 1}]) / st[${off + 2}])`);
    else p.final.push(`(st[${off}] + st[${off + 1}])`);
    return 3;
  }
  accs.push(accFactory(a.name, a.star, a.distinct, a.args[0]?.t ?? "X"));
  p.init.push(`A[${accs.length - 1}]()`);
  p.step.push(sep ? `st[${off}].step(${v}, ${sep});` : `st[${off}].step(${v});`);
  p.final.push(`st[${off}].final()`);
  return 1;
}

/** Source of a producer body that aggregates the rows `loop` binds to `row` (its head opens the per-row block, its tail closes it). */
function aggSource(n: PNode & { op: "agg" }, g: Gen, accs: (() => Acc)[], loop: { head: string; tail: string }, loopPre: string[]): string {
  const body: string[] = [...loopPre];
  const keys = n.keys.map((k) => g.expr(k, body));
  const p: Parts = { init: [], step: [], final: [] };
  let off = 0;
  n.aggs.forEach((a: AggSpec) => {
    const v = a.args[0] ? g.expr(a.args[0], body) : "null";
    const sep = a.args[1] ? g.expr(a.args[1], body) : undefined;
    off += aggCode(a, v, sep, off, p, accs);
  });
  const nk = keys.length;
  const init = `[${p.init.join(", ")}]`;
  const final = `[${p.final.join(", ")}]`;
  const lines: string[] = [];
  if (nk === 0) {
    lines.push(`let st = ${init};`, loop.head, ...body, ...p.step, loop.tail, `emit(${final});`);
  } else if (nk === 1) {
    lines.push("const groups = new Map();", loop.head, ...body,
      `const kv = ${keys[0]}; const k = typeof kv === "number" || typeof kv === "string" ? kv : H.mk(kv);`,
      "let g = groups.get(k);",
      `if (g === undefined) { g = { k: kv, st: ${init} }; groups.set(k, g); }`,
      "const st = g.st;", ...p.step, loop.tail,
      `for (const g of groups.values()) { const st = g.st; const out = ${final}; out.unshift(g.k); emit(out); }`);
  } else {
    lines.push("const root = new Map(); const all = [];", loop.head, ...body, "let m = root, next;");
    for (let i = 0; i < nk - 1; i++) {
      lines.push(`next = m.get(H.mk(${keys[i]})); if (next === undefined) { next = new Map(); m.set(H.mk(${keys[i]}), next); } m = next;`);
    }
    lines.push(`let g = m.get(H.mk(${keys[nk - 1]}));`,
      `if (g === undefined) { g = { kv: [${keys.join(", ")}], st: ${init} }; m.set(H.mk(${keys[nk - 1]}), g); all.push(g); }`,
      "const st = g.st;", ...p.step, loop.tail,
      `for (const g of all) { const st = g.st; emit(g.kv.concat(${final})); }`);
  }
  return lines.join("\n");
}

/** Compiles an aggregate node over its child producer (the step is a consumer the child pushes rows into). */
export function compileAgg(n: PNode & { op: "agg" }, child: Producer, scope: Scope): Producer {
  const g = new Gen(scope);
  const accs: (() => Acc)[] = [];
  const src = aggSource(n, g, accs, { head: "const consume = (row) => {", tail: "}; CHILD(env, consume);" }, []);
  return cachedFunction(["H", "F", "K", "A", "CHILD"], `return function(env, emit) {\n${src}\n}`)(AH, g.fns, g.consts, accs, child) as Producer;
}

/** Compiles an aggregate directly over a table scan: scan, filter and step in one generated loop. */
export function compileAggOverScan(n: PNode & { op: "agg" }, scan: PNode & { op: "scan" }, scope: Scope): Producer {
  const g = new Gen(scope);
  const accs: (() => Acc)[] = [];
  const pre: string[] = [];
  if (scan.filter.length) {
    const e = scan.filter.reduce((l, r) => ({ k: "bin", op: "AND", l, r, t: "I" }) as BExpr);
    const c = g.pred(e, pre);
    pre.push(`if (!${c}) continue;`);
  }
  const src = aggSource(n, g, accs, { head: "const rows = T.rows; for (let i = 0, n = rows.length; i < n; i++) { const row = rows[i];", tail: "}" }, pre);
  const text = `return function(env, emit) {\n${src}\n}`;
  return cachedFunction(["H", "F", "K", "A", "T"], text)(AH, g.fns, g.consts, accs, scan.table) as Producer;
}
