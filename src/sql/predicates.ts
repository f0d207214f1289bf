/** Predicate analysis for planning: the relations a term reads, selectivity and cost estimates, equi-join sides, implied equalities. */
import type { BindScope } from "./binder.ts";
import { walk } from "./binder.ts";
import { type BExpr, type ColKey, type PNode, colKey } from "./bound.ts";
import { affOf, isNumAff } from "./compile-expr.ts";
import type { RelInfo } from "./binder.ts";
import type { Table } from "./table.ts";

/** A WHERE/ON term with the relations and columns it reads. */
export interface Conj { e: BExpr; rels: Set<number>; cols: ColKey[] }
/** A join input: its plan, relations, and for a base table its table and pushed-down terms. */
export interface Item { node: PNode; rels: Set<number>; rel?: RelInfo; table?: Table; local?: Conj[] }

/** The relation id of a column key. */
export function relOf(k: ColKey): number { return Math.floor(k / 65536); }

/** A term with the relations and columns it reads at this level (subqueries' outer references included). */
export function analyse(e: BExpr, scope: BindScope): Conj {
  const cols: ColKey[] = [];
  walk(e, (x) => {
    if (x.k === "col") cols.push(colKey(x.rel, x.col));
    if (x.k === "insub" || x.k === "exists" || x.k === "subq") for (const r of x.sub.refs) if (r.scope === scope) cols.push(r.key);
  });
  return { e, rels: new Set(cols.map(relOf)), cols };
}

/** a ⊆ b. */
export function subset(a: Set<number>, b: Set<number>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
/** a ∩ b ≠ ∅. */
export function intersects(a: Set<number>, b: Set<number>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}


/** Estimated fraction of rows passing a predicate. */
export function selectivity(c: Conj, item: Item | undefined): number {
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


/** Whether two join keys compare without affinity conversion (so raw values can be hashed). */
export function hashable(l: BExpr, r: BExpr): boolean {
  const a = affOf(l), b = affOf(r);
  return isNumAff(a) === isNumAff(b) && (a === "TEXT") === (b === "TEXT");
}

/** For `x = y` with x on side A and y on side B, the sides; else undefined. */
export function equiSides(c: Conj, a: Set<number>, b: Set<number>): { l: BExpr; r: BExpr } | undefined {
  const e = c.e;
  if (e.k !== "bin" || e.op !== "=") return undefined;
  const lr = analyse(e.l, {} as BindScope).rels, rr = analyse(e.r, {} as BindScope).rels;
  if (lr.size && rr.size && subset(lr, a) && subset(rr, b)) return { l: e.l, r: e.r };
  if (lr.size && rr.size && subset(lr, b) && subset(rr, a)) return { l: e.r, r: e.l };
  return undefined;
}

/** Disjoint sets over column keys. */
export class UnionFind {
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
export function closeEqualities(pool: Conj[], scope: BindScope): void {
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

/** Removes and returns the elements matching `f`. */
export function take<T>(arr: T[], f: (x: T) => boolean): T[] {
  const out: T[] = [];
  for (let i = 0; i < arr.length;) {
    if (f(arr[i]!)) out.push(arr.splice(i, 1)[0]!);
    else i++;
  }
  return out;
}


/** Rough per-row cost of evaluating a predicate. */
export function predCost(e: BExpr): number {
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

/** Whether an expression contains a subquery. */
export function hasSub(x: BExpr): boolean {
  let s = false;
  walk(x, (y) => { if (y.k === "insub" || y.k === "exists" || y.k === "subq") s = true; });
  return s;
}

