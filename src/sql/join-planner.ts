/**
 * Join planning for one query level: predicate push-down into scans (and below LEFT JOINs where legal), access-path
 * selection (index equality/range), greedy join ordering by estimated cardinality, and the choice between hash join,
 * index nested-loop join and nested-loop join. Join outputs carry only the columns still needed (projection pruning).
 */
import type { Expr } from "./ast.ts";
import type { BindScope, RelInfo } from "./binder.ts";
import { type BExpr, type ColKey, type PNode, colKey } from "./bound.ts";
import type { Table } from "./table.ts";

/** The FROM clause as a tree of relations and joins. */
export type JT =
  | { k: "rel"; info: RelInfo; table: Table | undefined; sub: PNode | undefined }
  | { k: "join"; kind: "inner" | "left" | "cross"; l: JT; r: JT; onAst: Expr[]; on: BExpr[] };

import { chooseIndex } from "./access-path.ts";
import { type Conj, type Item, UnionFind, analyse, closeEqualities, equiSides, hashable, intersects, predCost, relOf, selectivity, subset, take } from "./predicates.ts";

function relsOf(t: JT, out = new Set<number>()): Set<number> {
  if (t.k === "rel") out.add(t.info.rel);
  else { relsOf(t.l, out); relsOf(t.r, out); }
  return out;
}

/** Plans the joins of one level; `needed` are the columns read above the joins. */
export function planJoins(jt: JT, where: BExpr[], needed: Set<ColKey>, scope: BindScope): PNode {
  const pool = where.map((e) => analyse(e, scope));
  // every predicate's columns stay available until the top (pruning keeps only what some operator above reads)
  const all = new Set(needed);
  for (const c of pool) for (const k of c.cols) all.add(k);
  const visit = (t: JT) => {
    if (t.k !== "join") return;
    for (const e of t.on) for (const k of analyse(e, scope).cols) all.add(k);
    visit(t.l);
    visit(t.r);
  };
  visit(jt);
  return new JoinPlanner(scope, all).group(jt, pool);
}

class JoinPlanner {
  /** Base table of each relation id (for distinct-value estimates of join keys). */
  private tables = new Map<number, Table>();
  constructor(private scope: BindScope, private needed: Set<ColKey>) {}

  group(jt: JT, pool: Conj[]): PNode {
    const units: JT[] = [];
    const flatten = (t: JT) => {
      if (t.k === "join" && t.kind !== "left") {
        flatten(t.l);
        flatten(t.r);
        for (const e of t.on) pool.push(analyse(e, this.scope));
      } else units.push(t);
    };
    flatten(jt);
    closeEqualities(pool, this.scope);
    const items = units.map((u) => this.unit(u, pool));
    // predicates on no column of this level (constants, outer references) filter the first relation
    const consts = take(pool, (c) => c.rels.size === 0);
    if (consts.length) {
      const it = items[0]!;
      it.node = this.filter(it.node, consts.map((c) => c.e), undefined);
    }
    return this.order(items, pool);
  }

  private unit(u: JT, pool: Conj[]): Item {
    if (u.k === "rel") {
      const local = take(pool, (c) => c.rels.size === 1 && c.rels.has(u.info.rel));
      return this.access(u, local);
    }
    // LEFT JOIN: WHERE terms on the left side go below it; ON terms on the right side go into the right side
    const lrels = relsOf(u.l), rrels = relsOf(u.r);
    const lpool = take(pool, (c) => c.rels.size > 0 && subset(c.rels, lrels));
    const on = u.on.map((e) => analyse(e, this.scope));
    for (const c of on) for (const k of c.cols) this.needed.add(k);
    const left = this.group(u.l, lpool);
    const rpool = take(on, (c) => c.rels.size > 0 && subset(c.rels, rrels));
    const right = this.group(u.r, rpool);
    const rItem = u.r.k === "rel" && u.r.table ? { node: right, rels: rrels, rel: u.r.info, table: u.r.table, local: [] } : { node: right, rels: rrels };
    const node = this.join({ node: left, rels: lrels }, rItem, on, "left", [...pool]);
    return { node, rels: new Set([...lrels, ...rrels]) };
  }

  private access(u: JT & { k: "rel" }, local: Conj[]): Item {
    // cheapest and most selective tests first: numeric comparisons, then text, LIKE, and subqueries last
    local = local.map((c, i) => ({ c, i, w: predCost(c.e) * selectivity(c, undefined) })).sort((a, b) => a.w - b.w || a.i - b.i).map((x) => x.c);
    const rel = u.info.rel;
    const width = u.info.cols.length;
    const layout = Array.from({ length: width }, (_, i) => colKey(rel, i));
    const rels = new Set([rel]);
    if (!u.table) {
      const child = u.sub!;
      let rows = child.rows;
      for (const c of local) rows *= selectivity(c, undefined);
      const node: PNode = { op: "subscan", rel, alias: u.info.name, child, filter: local.map((c) => c.e), layout, rows: Math.max(1, rows), cost: child.cost + child.rows };
      return { node, rels, rel: u.info };
    }
    const t = u.table;
    this.tables.set(rel, t);
    const item: Item = { node: undefined as unknown as PNode, rels, rel: u.info, table: t, local };
    const n = Math.max(1, t.rows.length);
    let rows = n;
    for (const c of local) rows *= selectivity(c, item);
    rows = Math.max(1, rows);
    const best = chooseIndex(t, rel, local);
    if (best) {
      const rest = local.filter((c) => !best.used.includes(c));
      let matched = n;
      for (const c of best.used) matched *= selectivity(c, item);
      matched = Math.max(1, matched);
      item.node = {
        op: "indexscan", table: t, rel, alias: u.info.name, index: best.index, eq: best.eq, lo: best.lo, loInc: best.loInc, hi: best.hi, hiInc: best.hiInc,
        filter: rest.map((c) => c.e), layout, rows, cost: Math.log2(n + 1) + matched,
      };
    } else {
      item.node = { op: "scan", table: t, rel, alias: u.info.name, filter: local.map((c) => c.e), layout, rows, cost: n };
    }
    return item;
  }

  private filter(node: PNode, pred: BExpr[], item: Item | undefined): PNode {
    if (node.op === "scan" || node.op === "indexscan" || node.op === "subscan") {
      node.filter.push(...pred);
      for (const p of pred) node.rows = Math.max(1, node.rows * selectivity(analyse(p, this.scope), item));
      return node;
    }
    return { op: "filter", child: node, pred, layout: node.layout, rows: Math.max(1, node.rows * 0.5), cost: node.cost + node.rows };
  }

  /**
   * Join order. Up to 10 inputs: dynamic programming over subsets for the left-deep order with the least total
   * intermediate rows (each subset's cardinality is independent of order: product of inputs × selectivities of the
   * predicates inside it). More inputs: greedy, smallest result first.
   */
  private order(items: Item[], pool: Conj[]): PNode {
    if (items.length > 2 && items.length <= 10) {
      const seq = this.dpOrder(items, pool);
      let acc = seq[0]!;
      for (const cand of seq.slice(1)) {
        const node = this.join(acc, cand, pool, "inner", pool);
        acc = { node, rels: new Set([...acc.rels, ...cand.rels]) };
      }
      if (pool.length) {
        const left = take(pool, () => true);
        acc.node = this.filter(acc.node, left.map((c) => c.e), undefined);
      }
      return acc.node;
    }
    return this.greedy(items, pool);
  }

  private dpOrder(items: Item[], pool: Conj[]): Item[] {
    const n = items.length;
    const full = (1 << n) - 1;
    const maskOf = (rels: Set<number>) => {
      let m = 0;
      items.forEach((it, i) => { if (intersects(it.rels, rels)) m |= 1 << i; });
      return m;
    };
    // column equalities form equivalence classes; other predicates multiply in their own selectivity
    const classes = new UnionFind();
    const colItem = new Map<ColKey, { item: number; d: number }>();
    const others: Conj[] = [];
    for (const c of pool) {
      const e = c.e;
      if (e.k === "bin" && e.op === "=" && e.l.k === "col" && e.r.k === "col" && e.l.rel !== e.r.rel) {
        for (const x of [e.l, e.r]) {
          const k = colKey(x.rel, x.col);
          const item = items.findIndex((it) => it.rels.has(x.rel));
          const t = this.tables.get(x.rel);
          const rows = items[item]?.node.rows ?? 1;
          colItem.set(k, { item, d: Math.max(1, t ? Math.min(t.distinctOf(x.col), rows) : rows) });
        }
        classes.union(colKey(e.l.rel, e.l.col), colKey(e.r.rel, e.r.col));
      } else others.push(c);
    }
    const groups = new Map<ColKey, { item: number; d: number }[]>();
    for (const [k, v] of colItem) {
      const root = classes.find(k);
      let g = groups.get(root);
      if (!g) { g = []; groups.set(root, g); }
      g.push(v);
    }
    const conj = others.map((c) => ({ mask: maskOf(c.rels), sel: this.conjSel(c, items) })).filter((c) => c.mask !== 0);
    for (const g of groups.values()) {
      let mask = 0;
      for (const x of g) if (x.item >= 0) mask |= 1 << x.item;
      // connectivity for the cross-product test: any two items of a class are connected
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (mask & (1 << a) && mask & (1 << b)) conj.push({ mask: (1 << a) | (1 << b), sel: 1 });
    }
    const rows = new Float64Array(full + 1);
    for (let m = 1; m <= full; m++) {
      let r = 1;
      for (let i = 0; i < n; i++) if (m & (1 << i)) r *= items[i]!.node.rows;
      for (const c of conj) if ((c.mask & m) === c.mask) r *= c.sel;
      for (const g of groups.values()) {
        // the class joins k items: divide by the k−1 largest per-item distinct counts
        const best = new Map<number, number>();
        for (const x of g) if (x.item >= 0 && m & (1 << x.item)) best.set(x.item, Math.max(best.get(x.item) ?? 1, x.d));
        const ds = [...best.values()].sort((a, b) => b - a);
        for (let j = 0; j < ds.length - 1; j++) r /= ds[j]!;
      }
      rows[m] = Math.max(1, r);
    }
    const cost = new Float64Array(full + 1).fill(Infinity);
    const last = new Int8Array(full + 1).fill(-1);
    for (let i = 0; i < n; i++) cost[1 << i] = 0;
    for (let m = 1; m <= full; m++) {
      if (!Number.isFinite(cost[m]!)) continue;
      for (let i = 0; i < n; i++) {
        if (m & (1 << i)) continue;
        const next = m | (1 << i);
        // joining without any connecting predicate (a cross product) is allowed but priced by its size
        const c = cost[m]! + rows[next]! + (conj.some((x) => (x.mask & next) === x.mask && x.mask & (1 << i) && x.mask & m) ? 0 : rows[next]!);
        if (c < cost[next]!) { cost[next] = c; last[next] = i; }
      }
    }
    const seq: Item[] = [];
    for (let m = full; m; ) {
      const i = last[m]!;
      if (i < 0) { seq.unshift(items[Math.log2(m)]!); break; }
      seq.unshift(items[i]!);
      m &= ~(1 << i);
    }
    // the first input: of the first two, build from the smaller one
    if (seq.length >= 2 && seq[1]!.node.rows < seq[0]!.node.rows) [seq[0], seq[1]] = [seq[1]!, seq[0]!];
    return seq;
  }

  private conjSel(c: Conj, items: Item[]): number {
    const e = c.e;
    if (e.k === "bin" && e.op === "=" && e.l.k === "col" && e.r.k === "col") {
      const d = (x: BExpr & { k: "col" }) => {
        const t = this.tables.get(x.rel);
        const it = items.find((i) => i.rels.has(x.rel));
        const rows = it ? it.node.rows : 1;
        return Math.max(1, t ? Math.min(t.distinctOf(x.col), rows) : rows);
      };
      return 1 / Math.max(d(e.l), d(e.r));
    }
    return selectivity(c, undefined);
  }

  /** Greedy ordering: start from the smallest input, then repeatedly join the connected input giving the smallest result. */
  private greedy(items: Item[], pool: Conj[]): PNode {
    const rest = [...items];
    rest.sort((a, b) => a.node.rows - b.node.rows);
    let acc: Item = rest.shift()!;
    while (rest.length) {
      let bestI = 0;
      let bestScore = Infinity;
      for (let i = 0; i < rest.length; i++) {
        const cand = rest[i]!;
        const all = new Set([...acc.rels, ...cand.rels]);
        const conjs = pool.filter((c) => subset(c.rels, all) && intersects(c.rels, cand.rels) && intersects(c.rels, acc.rels));
        const connected = conjs.some((c) => equiSides(c, acc.rels, cand.rels) !== undefined);
        let est = acc.node.rows * cand.node.rows;
        for (const c of conjs) est *= this.joinSel(c, acc, cand);
        const score = (connected ? 0 : 1e15) + est + cand.node.rows * 1e-3;
        if (score < bestScore) { bestScore = score; bestI = i; }
      }
      const cand = rest.splice(bestI, 1)[0]!;
      const node = this.join(acc, cand, pool, "inner", pool);
      acc = { node, rels: new Set([...acc.rels, ...cand.rels]) };
    }
    // anything left (e.g. terms on several relations of a LEFT JOIN's right side) filters the result
    if (pool.length) {
      const left = take(pool, () => true);
      acc.node = this.filter(acc.node, left.map((c) => c.e), undefined);
    }
    return acc.node;
  }

  private joinSel(c: Conj, a: Item, b: Item): number {
    const sides = equiSides(c, a.rels, b.rels);
    if (!sides) return c.e.k === "bin" && c.e.op === "=" ? 0.1 : 1 / 3;
    const d = (x: BExpr, it: Item) => {
      const t = x.k === "col" ? this.tables.get(x.rel) : undefined;
      return Math.max(1, t && x.k === "col" ? Math.min(t.distinctOf(x.col), it.node.rows) : it.node.rows);
    };
    return 1 / Math.max(d(sides.l, a), d(sides.r, b), 1);
  }

  /** Columns of `rels` still needed above: final outputs plus unapplied predicates. */
  private layoutFor(rels: Set<number>, pending: Conj[], fallback: ColKey[]): ColKey[] {
    const want = new Set<ColKey>(this.needed);
    for (const c of pending) for (const k of c.cols) want.add(k);
    const out = [...want].filter((k) => rels.has(relOf(k))).sort((a, b) => a - b);
    return out.length || fallback.length === 0 ? out : out;
  }

  /** Joins `l` with `r` using the predicates in `conjs` that connect them (removed from `pool`). */
  private join(l: Item, r: Item, conjs: Conj[], kind: "inner" | "left", pool: Conj[]): PNode {
    const all = new Set([...l.rels, ...r.rels]);
    const mine = take(conjs, (c) => subset(c.rels, all) && (kind === "left" || (intersects(c.rels, r.rels) && intersects(c.rels, l.rels)) || c.rels.size === 0));
    if (conjs !== pool) for (const c of mine) { const i = pool.indexOf(c); if (i >= 0) pool.splice(i, 1); }
    const lkeys: BExpr[] = [], rkeys: BExpr[] = [], extra: BExpr[] = [];
    for (const c of mine) {
      const s = equiSides(c, l.rels, r.rels);
      if (s && hashable(s.l, s.r)) { lkeys.push(s.l); rkeys.push(s.r); } else extra.push(c.e);
    }
    const layout = this.layoutFor(all, pool, []);
    let rows = l.node.rows * r.node.rows;
    for (const c of mine) rows *= this.joinSel(c, l, r);
    rows = Math.max(kind === "left" ? l.node.rows : 1, rows);
    if (lkeys.length) {
      // index nested-loop join when the probe side is small and the other side is an indexed base table
      if (r.table && r.node.op === "scan" && r.rel) {
        const n = Math.max(1, r.table.rows.length);
        for (const idx of r.table.indexes) {
          const ks: BExpr[] = [];
          for (const c of idx.cols) {
            const j = rkeys.findIndex((k) => k.k === "col" && k.rel === r.rel!.rel && k.col === c);
            if (j < 0) break;
            ks.push(lkeys[j]!);
          }
          if (ks.length === 0) continue;
          const matches = n / r.table.distinctOf(idx.cols[0]!);
          // a probe costs a hash hit, or a binary search whose steps are cache misses (measured: about as much as
          // scanning 2·log2(n) rows); a hash join scans and hashes the whole right side once
          const unique = idx.unique && ks.length === idx.cols.length;
          const inlCost = l.node.rows * (unique ? 2 + matches : 2 * Math.log2(n + 1) + 2 * matches);
          if (inlCost < n + l.node.rows) {
            const used = new Set(idx.cols.slice(0, ks.length));
            const extraAll = [...extra, ...lkeys.flatMap((lk, j) => {
              const rk = rkeys[j]!;
              return rk.k === "col" && rk.rel === r.rel!.rel && used.has(rk.col) ? [] : [{ k: "bin", op: "=", l: lk, r: rk, t: "I" } as BExpr];
            })];
            return { op: "inljoin", kind, left: l.node, right: r.node, index: idx, keys: ks, rfilter: r.node.filter, extra: extraAll, layout, rows, cost: l.node.cost + inlCost };
          }
        }
      }
      const buildLeft = kind === "inner" && l.node.rows < r.node.rows;
      return { op: "hashjoin", kind, left: l.node, right: r.node, lkeys, rkeys, extra, buildLeft, layout, rows, cost: l.node.cost + r.node.cost + l.node.rows + r.node.rows };
    }
    return { op: "nljoin", kind, left: l.node, right: r.node, cond: extra, layout, rows, cost: l.node.cost + r.node.cost + l.node.rows * r.node.rows };
  }
}

