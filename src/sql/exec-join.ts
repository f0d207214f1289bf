/** Join operators' shared pieces and the hash join (build on the smaller input, probe with the other). */
import type { BExpr, ColKey, PNode } from "./bound.ts";
import { genPred as compilePred, genExpr as compileExpr } from "./codegen.ts";
import { type Scope, affOf, coercer, layoutMap } from "./compile-expr.ts";
import { SqlError } from "./errors.ts";
import { type ExecOptions, type Producer, compileNode, scopeOf } from "./exec.ts";
import { cachedFunction } from "./fn-cache.ts";
import type { Row } from "./ordered-index.ts";
import { type SqlValue, keyOf, keyOfMany } from "./values.ts";

/** Builds `(l, r) => output row` picking the `out` columns from a left row (layout `ll`) and right row (layout `rl`). */
export function combiner(out: ColKey[], ll: ColKey[], rl: ColKey[]): (l: Row, r: Row) => Row {
  const lm = layoutMap(ll), rm = layoutMap(rl);
  const parts = out.map((k) => {
    const li = lm.get(k);
    if (li !== undefined) return `l[${li}]`;
    const ri = rm.get(k);
    if (ri === undefined) throw new SqlError("internal: join column missing", { code: "ERR_SQL_INTERNAL" });
    return `r[${ri}]`;
  });
  return cachedFunction(["l", "r"], `return [${parts.join(",")}];`) as (l: Row, r: Row) => Row;
}

/** A hash-key function for join keys, with the comparison affinity of the other side applied. */
export function keyFn(keys: BExpr[], others: BExpr[], scope: Scope): (row: Row, env: Row[]) => unknown {
  const fs = keys.map((k, i) => {
    const f = compileExpr(k, scope);
    const c = coercer(affOf(k), affOf(others[i]!));
    return c ? (row: Row, env: Row[]) => c(f(row, env)) : f;
  });
  if (fs.length === 1) {
    const f = fs[0]!;
    return (row, env) => {
      const v = f(row, env);
      return typeof v === "number" ? v : v === null ? undefined : keyOf(v);
    };
  }
  return (row, env) => {
    const vs: SqlValue[] = [];
    for (const f of fs) { const v = f(row, env); if (v === null) return undefined; vs.push(v); }
    return keyOfMany(vs);
  };
}

/** Compiles a hash join node. */
export function hashJoin(n: PNode & { op: "hashjoin" }, outers: Map<ColKey, number>[], opts: ExecOptions): Producer {
  const left = compileNode(n.left, outers, opts);
  const right = compileNode(n.right, outers, opts);
  const ls = scopeOf(n.left.layout, outers, opts), rs = scopeOf(n.right.layout, outers, opts);
  // hash on the first key pair; further pairs are compared on each candidate (no per-row composite key strings)
  const lk = keyFn(n.lkeys.slice(0, 1), n.rkeys.slice(0, 1), ls);
  const rk = keyFn(n.rkeys.slice(0, 1), n.lkeys.slice(0, 1), rs);
  const restL = n.lkeys.slice(1).map((k, i) => keyFn([k], [n.rkeys[i + 1]!], ls));
  const restR = n.rkeys.slice(1).map((k, i) => keyFn([k], [n.lkeys[i + 1]!], rs));
  const wide = [...n.left.layout, ...n.right.layout];
  const extra = compilePred(n.extra, scopeOf(wide, outers, opts));
  const comb = combiner(n.layout, n.left.layout, n.right.layout);
  const lw = n.left.layout.length;
  const nullRight: Row = n.right.layout.map(() => null);
  const isLeft = n.kind === "left";
  const nr = restL.length;
  const check = extra || nr
    ? (l: Row, r: Row, env: Row[]) => {
      for (let i = 0; i < nr; i++) {
        const a = restL[i]!(l, env);
        if (a === undefined || a !== restR[i]!(r, env)) return false;
      }
      return !extra || extra((l.length === lw ? l : l.slice(0, lw)).concat(r), env);
    }
    : undefined;
  if (n.buildLeft) {
    // build on the (smaller) left input, stream the right one
    return (env, emit) => {
      const table = new Map<unknown, Row | Row[]>();
      left(env, (l) => addTo(table, lk(l, env), l));
      if (table.size === 0) return;
      right(env, (r) => {
        const k = rk(r, env);
        if (k === undefined) return;
        const m = table.get(k);
        if (m === undefined) return;
        if (isRowList(m)) { for (const l of m) if (!check || check(l, r, env)) emit(comb(l, r)); }
        else if (!check || check(m, r, env)) emit(comb(m, r));
      });
    };
  }
  return (env, emit) => {
    const table = new Map<unknown, Row | Row[]>();
    right(env, (r) => addTo(table, rk(r, env), r));
    if (table.size === 0 && !isLeft) return;
    left(env, (l) => {
      const k = lk(l, env);
      const m = k === undefined ? undefined : table.get(k);
      let hit = false;
      if (m !== undefined) {
        if (isRowList(m)) { for (const r of m) if (!check || check(l, r, env)) { hit = true; emit(comb(l, r)); } }
        else if (!check || check(l, m, env)) { hit = true; emit(comb(l, m)); }
      }
      if (!hit && isLeft) emit(comb(l, nullRight));
    });
  };
}

const LIST = Symbol("rows");
function isRowList(m: Row | Row[]): m is Row[] {
  return (m as { [LIST]?: true })[LIST] === true;
}
function addTo(table: Map<unknown, Row | Row[]>, k: unknown, row: Row): void {
  if (k === undefined) return;
  const m = table.get(k);
  if (m === undefined) { table.set(k, row); return; }
  if (isRowList(m)) { m.push(row); return; }
  const list = [m, row] as Row[] & { [LIST]?: true };
  list[LIST] = true;
  table.set(k, list);
}

