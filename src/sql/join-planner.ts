/**
 * Join planning for one query level: predicate push-down into scans (and below LEFT JOINs where legal), access-path
 * selection (index equality/range), greedy join ordering by estimated cardinality, and the choice between hash join,
 * index nested-loop join and nested-loop join. Join outputs carry only the columns still needed (projection pruning).
 */
import type { Expr } from "./ast.ts";
import type { BindScope, RelInfo } from "./binder.ts";
import { walk } from "./binder.ts";
import { type BExpr, type ColKey, type PNode, colKey } from "./bound.ts";
import { affOf, isNumAff } from "./compile-expr.ts";
import type { OrderedIndex } from "./ordered-index.ts";
import type { Table } from "./table.ts";

/** The FROM clause as a tree of relations and joins. */
export type JT =
  | { k: "rel"; info: RelInfo; table: Table | undefined; sub: PNode | undefined }
  | { k: "join"; kind: "inner" | "left" | "cross"; l: JT; r: JT; onAst: Expr[]; on: BExpr[] };

interface Conj { e: BExpr; rels: Set<number>; cols: ColKey[] }
interface Item { node: PNode; rels: Set<number>; rel?: RelInfo; table?: Table; local?: Conj[] }

function relOf(k: ColKey): number { return Math.floor(k / 65536); }

function analyse(e: BExpr, scope: BindScope): Conj {
  const cols: ColKey[] = [];
  walk(e, (x) => {
    if (x.k === "col") cols.push(colKey(x.rel, x.col));
    if (x.k === "insub" || x.k === "exists" || x.k === "subq") for (const r of x.sub.refs) if (r.scope === scope) cols.push(r.key);
  });
  return { e, rels: new Set(cols.map(relOf)), cols };
}

function subset(a: Set<number>, b: Set<number>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
function intersects(a: Set<number>, b: Set<number>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function relsOf(t: JT, out = new Set<number>()): Set<number> {
  if (t.k === "rel") out.add(t.info.rel);
  else { relsOf(t.l, out); relsOf(t.r, out); }
  return out;
}

/** Estimated fraction of rows passing a predicate. */
function selectivity(c: Conj, item: Item | undefined): number {
  const e = c.e;
  const distinct = (x: BExpr): number => {
    if (x.k === "col" && item?.table && item.rel?.rel === x.rel) return item.table.distinctOf(x.col);
    return 10;
  };
  const noRels = (x: BExpr): boolean => analyse(x, {} as BindScope).rels.size === 0;
  switch (e.k) {
    case "bin":
      if (e.op === "=") {
        if (noRels(e.r)) return 1 / distinct(e.l);
        if (noRels(e.l)) return 1 / distinct(e.r);
        return 0.1;
      }
      if (["<", "<=", ">", ">="].includes(e.op)) return 1 / 3;
      if (e.op === "!=") return 0.9;
      if (e.op === "OR") { const a = selectivity(analyse(e.l, {} as BindScope), item), b = selectivity(analyse(e.r, {} as BindScope), item); return Math.min(1, a + b - a * b); }
      if (e.op === "AND") return selectivity(analyse(e.l, {} as BindScope), item) * selectivity(analyse(e.r, {} as BindScope), item);
      return 0.5;
    case "between": return e.not ? 0.75 : 0.25;
    case "inlist": return e.not ? 0.9 : Math.min(1, e.list.length / distinct(e.e));
    case "like": return e.not ? 0.9 : 0.1;
    case "isnull": return e.not ? 0.9 : 0.1;
    default: return 0.5;
  }
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
          // a probe costs a hash hit or a binary search; a hash join scans and hashes the whole right side
          const inlCost = l.node.rows * ((idx.unique && ks.length === idx.cols.length ? 2 : Math.log2(n + 1) / 2) + matches);
          if (inlCost * 2 < n + l.node.rows) {
            const used = new Set(idx.cols.slice(0, ks.length));
            const extraAll = [...r.node.filter, ...extra, ...lkeys.flatMap((lk, j) => {
              const rk = rkeys[j]!;
              return rk.k === "col" && rk.rel === r.rel!.rel && used.has(rk.col) ? [] : [{ k: "bin", op: "=", l: lk, r: rk, t: "I" } as BExpr];
            })];
            return { op: "inljoin", kind, left: l.node, right: r.node, index: idx, keys: ks, extra: extraAll, layout, rows, cost: l.node.cost + inlCost };
          }
        }
      }
      const buildLeft = kind === "inner" && l.node.rows < r.node.rows;
      return { op: "hashjoin", kind, left: l.node, right: r.node, lkeys, rkeys, extra, buildLeft, layout, rows, cost: l.node.cost + r.node.cost + l.node.rows + r.node.rows };
    }
    return { op: "nljoin", kind, left: l.node, right: r.node, cond: extra, layout, rows, cost: l.node.cost + r.node.cost + l.node.rows * r.node.rows };
  }
}

function hashable(l: BExpr, r: BExpr): boolean {
  const a = affOf(l), b = affOf(r);
  return isNumAff(a) === isNumAff(b) && (a === "TEXT") === (b === "TEXT");
}

/** For `x = y` with x on side A and y on side B, the sides; else undefined. */
function equiSides(c: Conj, a: Set<number>, b: Set<number>): { l: BExpr; r: BExpr } | undefined {
  const e = c.e;
  if (e.k !== "bin" || e.op !== "=") return undefined;
  const lr = analyse(e.l, {} as BindScope).rels, rr = analyse(e.r, {} as BindScope).rels;
  if (lr.size && rr.size && subset(lr, a) && subset(rr, b)) return { l: e.l, r: e.r };
  if (lr.size && rr.size && subset(lr, b) && subset(rr, a)) return { l: e.r, r: e.l };
  return undefined;
}

class UnionFind {
  private parent = new Map<number, number>();
  find(x: number): number {
    let p = this.parent.get(x) ?? x;
    if (p !== x) { p = this.find(p); this.parent.set(x, p); }
    return p;
  }
  union(a: number, b: number): void {
    const ra = this.find(a), rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

/** Adds the equalities implied by transitivity (a = b AND b = c ⇒ a = c) between plain columns of one affinity class. */
function closeEqualities(pool: Conj[], scope: BindScope): void {
  const uf = new UnionFind();
  const cols = new Map<ColKey, BExpr & { k: "col" }>();
  const have = new Set<string>();
  for (const c of pool) {
    const e = c.e;
    if (e.k === "bin" && e.op === "=" && e.l.k === "col" && e.r.k === "col" && hashable(e.l, e.r) && affOf(e.l) === affOf(e.r)) {
      const a = colKey(e.l.rel, e.l.col), b = colKey(e.r.rel, e.r.col);
      cols.set(a, e.l);
      cols.set(b, e.r);
      uf.union(a, b);
      have.add(a < b ? `${a}:${b}` : `${b}:${a}`);
    }
  }
  const keys = [...cols.keys()];
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const a = keys[i]!, b = keys[j]!;
      if (relOf(a) === relOf(b) || uf.find(a) !== uf.find(b) || have.has(a < b ? `${a}:${b}` : `${b}:${a}`)) continue;
      if (affOf(cols.get(a)!) !== affOf(cols.get(b)!)) continue;
      have.add(`${a}:${b}`);
      pool.push(analyse({ k: "bin", op: "=", l: cols.get(a)!, r: cols.get(b)!, t: "I" }, scope));
    }
  }
}

function take<T>(arr: T[], f: (x: T) => boolean): T[] {
  const out: T[] = [];
  for (let i = 0; i < arr.length;) {
    if (f(arr[i]!)) out.push(arr.splice(i, 1)[0]!);
    else i++;
  }
  return out;
}

interface IndexChoice { index: OrderedIndex; eq: BExpr[]; lo?: BExpr; loInc: boolean; hi?: BExpr; hiInc: boolean; used: Conj[] }

/** Picks the index with the longest equality prefix, else one with a range on its first column. */
function chooseIndex(t: Table, rel: number, local: Conj[]): IndexChoice | undefined {
  const isCol = (x: BExpr, c: number) => x.k === "col" && x.rel === rel && x.col === c;
  const free = (x: BExpr) => analyse(x, {} as BindScope).rels.size === 0 && !hasSub(x);
  const usable = (x: BExpr, c: number) => {
    const a = affOf(x);
    const ca = t.columns[c]!.aff;
    return a === "BLOB" || isNumAff(a) === isNumAff(ca) && (a === "TEXT") === (ca === "TEXT");
  };
  let best: IndexChoice | undefined;
  for (const idx of t.indexes) {
    const eq: BExpr[] = [];
    const used: Conj[] = [];
    for (const c of idx.cols) {
      const hit = local.find((cj) => cj.e.k === "bin" && cj.e.op === "=" && ((isCol(cj.e.l, c) && free(cj.e.r) && usable(cj.e.r, c)) || (isCol(cj.e.r, c) && free(cj.e.l) && usable(cj.e.l, c))));
      if (!hit) break;
      const b = hit.e as BExpr & { k: "bin" };
      eq.push(isCol(b.l, c) ? b.r : b.l);
      used.push(hit);
    }
    if (eq.length) {
      if (!best || eq.length > best.eq.length) best = { index: idx, eq, loInc: false, hiInc: false, used };
      continue;
    }
    if (best) continue;
    const c0 = idx.cols[0]!;
    const r: IndexChoice = { index: idx, eq: [], loInc: false, hiInc: false, used: [] };
    for (const cj of local) {
      const e = cj.e;
      if (e.k === "between" && !e.not && isCol(e.e, c0) && free(e.lo) && free(e.hi) && usable(e.lo, c0) && usable(e.hi, c0) && !r.lo && !r.hi) {
        r.lo = e.lo; r.loInc = true; r.hi = e.hi; r.hiInc = true; r.used.push(cj);
        continue;
      }
      if (e.k !== "bin" || !["<", "<=", ">", ">="].includes(e.op)) continue;
      let op = e.op, other: BExpr;
      if (isCol(e.l, c0) && free(e.r)) other = e.r;
      else if (isCol(e.r, c0) && free(e.l)) { other = e.l; op = op[0] === "<" ? op.replace("<", ">") : op.replace(">", "<"); }
      else continue;
      if (!usable(other, c0)) continue;
      if (op[0] === ">" && !r.lo) { r.lo = other; r.loInc = op === ">="; r.used.push(cj); }
      else if (op[0] === "<" && !r.hi) { r.hi = other; r.hiInc = op === "<="; r.used.push(cj); }
    }
    if (r.used.length) best = r;
  }
  return best;
}

/** Rough per-row cost of evaluating a predicate. */
function predCost(e: BExpr): number {
  let cost = 0;
  walk(e, (x) => {
    switch (x.k) {
      case "insub": case "exists": case "subq": cost += 1000; break;
      case "like": cost += 20; break;
      case "fn": cost += 10; break;
      case "col": cost += x.aff === "TEXT" ? 3 : 1; break;
      default: cost += 1;
    }
  });
  return cost;
}

function hasSub(x: BExpr): boolean {
  let s = false;
  walk(x, (y) => { if (y.k === "insub" || y.k === "exists" || y.k === "subq") s = true; });
  return s;
}
