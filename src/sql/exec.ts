/**
 * The executor: physical plan nodes compile to push-based producers (`run(env, emit)`), a produce/consume pipeline
 * in which scans loop over stored row arrays and call compiled predicate closures, with no per-row allocation
 * until a join or projection builds its output row. Materialising operators: hash-join build, aggregation, sort.
 */
import { compileAgg, compileAggOverScan } from "./agg-exec.ts";
import type { ColKey, PNode } from "./bound.ts";
import { type Fn, type Scope, coercer, affOf, layoutMap } from "./compile-expr.ts";
import { combiner, hashJoin } from "./exec-join.ts";
import { sort } from "./exec-sort.ts";
import { genExpr as compileExpr, genPred as compilePred, genScan } from "./codegen.ts";
import { SqlError } from "./errors.ts";
import type { Row } from "./ordered-index.ts";
import { type SqlValue, keyOf, keyOfMany, toNum } from "./values.ts";

/** Row consumer. */
export type Emit = (row: Row) => void;
/** A compiled operator: runs with the enclosing queries' rows and pushes its rows to `emit`. */
export type Producer = (env: Row[], emit: Emit) => void;

const NO_ROW: Row = [];

/** Compile-time options. */
export interface ExecOptions { analyze: boolean }

/** Compiles a plan; `outers` are the layouts of enclosing rows (for correlated subqueries). */
export function compileNode(node: PNode, outers: Map<ColKey, number>[], opts: ExecOptions): Producer {
  const p = compileInner(node, outers, opts);
  if (!opts.analyze) return p;
  node.actualRows = 0;
  node.timeMs = 0;
  node.loops = 0;
  return (env, emit) => {
    node.loops!++;
    const t0 = performance.now();
    let down = 0;
    p(env, (row) => {
      node.actualRows!++;
      const t1 = performance.now();
      emit(row);
      down += performance.now() - t1;
    });
    node.timeMs! += performance.now() - t0 - down;
  };
}

/** Runs a plan to completion, collecting at most `max` rows. */
export function collect(p: Producer, env: Row[], max = Infinity): Row[] {
  const out: Row[] = [];
  if (max <= 0) return out;
  if (max === Infinity) {
    p(env, (r) => { out.push(r); });
    return out;
  }
  const stop = { stop: true };
  try {
    p(env, (r) => { out.push(r); if (out.length >= max) throw stop; });
  } catch (e) {
    if (e !== stop) throw e;
  }
  return out;
}

/** The compile scope of an operator whose input rows are laid out as `layout`. */
export function scopeOf(layout: ColKey[], outers: Map<ColKey, number>[], opts: ExecOptions): Scope {
  return {
    layout: layoutMap(layout),
    outers,
    sub: (plan, o) => {
      const p = compileNode(plan, o, opts);
      return (env, max) => collect(p, env, max);
    },
  };
}

/** An integer LIMIT/OFFSET argument (NULL → 0; a non-integer real is a datatype mismatch). */
export function intArg(f: Fn | undefined, env: Row[], def: number): number {
  if (!f) return def;
  const v = f(NO_ROW, env);
  const n = v === null ? 0 : toNum(v);
  if (typeof n === "number" && !Number.isInteger(n)) throw new SqlError("datatype mismatch", { code: "ERR_SQL_RUNTIME" });
  return Number(n);
}

function compileInner(node: PNode, outers: Map<ColKey, number>[], opts: ExecOptions): Producer {
  switch (node.op) {
    case "scan": {
      const table = node.table;
      if (node.filter.length === 0) return (_env, emit) => { const rows = table.rows; for (let i = 0, n = rows.length; i < n; i++) emit(rows[i]!); };
      return genScan(table, node.filter, scopeOf(node.layout, outers, opts));
    }
    case "indexscan": {
      const scope = scopeOf(node.layout, outers, opts);
      const pred = compilePred(node.filter, scope);
      const idx = node.index;
      const cols = idx.cols.map((c) => node.table.columns[c]!);
      const conv = (v: SqlValue, i: number) => coercer(cols[i]!.aff, "BLOB")?.(v) ?? v;
      const eq = node.eq.map((e) => compileExpr(e, scope));
      const lo = node.lo ? compileExpr(node.lo, scope) : undefined;
      const hi = node.hi ? compileExpr(node.hi, scope) : undefined;
      const { loInc, hiInc } = node;
      return (env, emit) => {
        let rows: Row[];
        if (eq.length) rows = idx.lookup(eq.map((f, i) => conv(f(NO_ROW, env), i)));
        else {
          const l = lo ? conv(lo(NO_ROW, env), 0) : undefined;
          const h = hi ? conv(hi(NO_ROW, env), 0) : undefined;
          if (l === null || h === null) return;
          rows = idx.range(l, loInc, h, hiInc);
        }
        for (const r of rows) if (!pred || pred(r, env)) emit(r);
      };
    }
    case "subscan": {
      const child = compileNode(node.child, outers, opts);
      const pred = compilePred(node.filter, scopeOf(node.layout, outers, opts));
      if (!pred) return child;
      return (env, emit) => child(env, (r) => { if (pred(r, env)) emit(r); });
    }
    case "values": {
      const scope = scopeOf([], outers, opts);
      const rows = node.tuples.map((t) => t.map((e) => compileExpr(e, scope)));
      return (env, emit) => { for (const r of rows) emit(r.map((f) => f(NO_ROW, env))); };
    }
    case "empty": return () => {};
    case "modify": throw new SqlError("internal: a modify node is only explained", { code: "ERR_SQL_INTERNAL" });
    case "filter": {
      const child = compileNode(node.child, outers, opts);
      const pred = compilePred(node.pred, scopeOf(node.child.layout, outers, opts))!;
      return (env, emit) => child(env, (r) => { if (pred(r, env)) emit(r); });
    }
    case "hashjoin": return hashJoin(node as PNode & { op: "hashjoin" }, outers, opts);
    case "inljoin": {
      const n = node;
      const left = compileNode(n.left, outers, opts);
      const ls = scopeOf(n.left.layout, outers, opts);
      const idx = n.index;
      const cols = idx.cols.map((c) => n.right.table.columns[c]!);
      const keys = n.keys.map((k, i) => { const f = compileExpr(k, ls); const c = coercer(cols[i]!.aff, affOf(k)); return c ? (r: Row, e: Row[]) => c(f(r, e)) : f; });
      const wide = [...n.left.layout, ...n.right.layout];
      const extra = compilePred(n.extra, scopeOf(wide, outers, opts));
      // terms on the looked-up table alone test its row directly (no combined row)
      const rpred = compilePred(n.rfilter, scopeOf(n.right.layout, outers, opts));
      const comb = combiner(n.layout, n.left.layout, n.right.layout);
      const nullRight: Row = n.right.layout.map(() => null);
      const left_ = n.kind === "left";
      const lw = n.left.layout.length;
      const k0 = keys[0]!;
      const one = keys.length === 1;
      return (env, emit) => left(env, (l) => {
        const matches = one ? idx.lookup1(k0(l, env)) : idx.lookup(keys.map((k) => k(l, env)));
        let hit = false;
        for (const r of matches) {
          if (rpred && !rpred(r, env)) continue;
          if (extra && !extra(l.slice(0, lw).concat(r), env)) continue;
          hit = true;
          emit(comb(l, r));
        }
        if (!hit && left_) emit(comb(l, nullRight));
      });
    }
    case "nljoin": {
      const n = node;
      const left = compileNode(n.left, outers, opts);
      const right = compileNode(n.right, outers, opts);
      const wide = [...n.left.layout, ...n.right.layout];
      const cond = compilePred(n.cond, scopeOf(wide, outers, opts));
      const comb = combiner(n.layout, n.left.layout, n.right.layout);
      const nullRight: Row = n.right.layout.map(() => null);
      const lw = n.left.layout.length;
      return (env, emit) => {
        const rs = collect(right, env);
        left(env, (l) => {
          let hit = false;
          for (const r of rs) {
            if (cond && !cond(l.length === lw ? l.concat(r) : l.slice(0, lw).concat(r), env)) continue;
            hit = true;
            emit(comb(l, r));
          }
          if (!hit && n.kind === "left") emit(comb(l, nullRight));
        });
      };
    }
    case "agg":
      if (node.child.op === "scan" && !opts.analyze) return compileAggOverScan(node as PNode & { op: "agg" }, node.child, scopeOf(node.child.layout, outers, opts));
      return compileAgg(node as PNode & { op: "agg" }, compileNode(node.child, outers, opts), scopeOf(node.child.layout, outers, opts));
    case "project": {
      const child = compileNode(node.child, outers, opts);
      const scope = scopeOf(node.child.layout, outers, opts);
      const fs = node.exprs.map((e) => compileExpr(e, scope));
      const w = fs.length;
      if (w === 1) { const f0 = fs[0]!; return (env, emit) => child(env, (r) => emit([f0(r, env)])); }
      if (w === 2) { const [f0, f1] = fs as [Fn, Fn]; return (env, emit) => child(env, (r) => emit([f0(r, env), f1(r, env)])); }
      return (env, emit) => child(env, (r) => {
        const out: Row = new Array(w);
        for (let i = 0; i < w; i++) out[i] = fs[i]!(r, env);
        emit(out);
      });
    }
    case "distinct": {
      const child = compileNode(node.child, outers, opts);
      const w = node.width;
      return (env, emit) => {
        const seen = new Set<unknown>();
        child(env, (r) => {
          const k = w === 1 ? keyOf(r[0]!) : keyOfMany(r.length === w ? r : r.slice(0, w));
          if (seen.has(k)) return;
          seen.add(k);
          emit(r);
        });
      };
    }
    case "trim": {
      const child = compileNode(node.child, outers, opts);
      const w = node.width;
      return (env, emit) => child(env, (r) => emit(r.length === w ? r : r.slice(0, w)));
    }
    case "limit": {
      const child = compileNode(node.child, outers, opts);
      const scope = scopeOf([], outers, opts);
      const lim = node.limit ? compileExpr(node.limit, scope) : undefined;
      const off = node.offset ? compileExpr(node.offset, scope) : undefined;
      return (env, emit) => {
        let limit = intArg(lim, env, -1);
        let offset = Math.max(0, intArg(off, env, 0));
        if (limit < 0) limit = Infinity;
        if (limit === 0) return;
        const stop = {};
        let n = 0;
        try {
          child(env, (r) => {
            if (offset > 0) { offset--; return; }
            emit(r);
            if (++n >= limit) throw stop;
          });
        } catch (e) {
          if (e !== stop) throw e;
        }
      };
    }
    case "sort": return sort(node as PNode & { op: "sort" }, outers, opts);
    case "setop": {
      const l = compileNode(node.left, outers, opts);
      const r = compileNode(node.right, outers, opts);
      const kind = node.kind;
      return (env, emit) => {
        if (kind === "unionall") { l(env, emit); r(env, emit); return; }
        const seen = new Set<string>();
        if (kind === "union") {
          const f = (row: Row) => { const k = keyOfMany(row); if (!seen.has(k)) { seen.add(k); emit(row); } };
          l(env, f);
          r(env, f);
          return;
        }
        const right = new Set<string>();
        r(env, (row) => { right.add(keyOfMany(row)); });
        l(env, (row) => {
          const k = keyOfMany(row);
          if (seen.has(k)) return;
          seen.add(k);
          if (right.has(k) === (kind === "intersect")) emit(row);
        });
      };
    }
  }
}

