/** Access-path selection: which index (equality prefix or range on the first column) serves a table's pushed-down terms. */
import type { BindScope } from "./binder.ts";
import type { BExpr } from "./bound.ts";
import { affOf, isNumAff } from "./compile-expr.ts";
import type { OrderedIndex } from "./ordered-index.ts";
import { type Conj, analyse, hasSub } from "./predicates.ts";
import type { Table } from "./table.ts";


/** The chosen index with its equality values or range bounds, and the terms it answers. */
export interface IndexChoice { index: OrderedIndex; eq: BExpr[]; lo?: BExpr; loInc: boolean; hi?: BExpr; hiInc: boolean; used: Conj[] }

/** Picks the index with the longest equality prefix, else one with a range on its first column. */
export function chooseIndex(t: Table, rel: number, local: Conj[]): IndexChoice | undefined {
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

