/** Expression rewrites of the optimizer: constant folding and factoring common terms out of OR (TPC-H Q19's shape). */
import { mapExpr, sig, walk } from "./binder.ts";
import type { BExpr } from "./bound.ts";
import { compileExpr, layoutMap } from "./compile-expr.ts";

function isConstant(e: BExpr): boolean {
  let c = true;
  walk(e, (x) => { if (x.k === "col" || x.k === "outer" || x.k === "slot" || x.k === "agg" || x.k === "insub" || x.k === "exists" || x.k === "subq") c = false; });
  return c;
}

const noSub = () => { throw new Error("constant folding reached a subquery"); };

/** Replaces constant subexpressions by their values (expressions that fail to evaluate are left for run time). */
export function foldConstants(e: BExpr): BExpr {
  return mapExpr(e, (x) => {
    if (x.k === "const" || !isConstant(x)) return undefined;
    try {
      const v = compileExpr(x, { layout: layoutMap([]), outers: [], sub: noSub })([], []);
      return { k: "const", v, t: x.t === "X" ? (typeof v === "string" ? "T" : v === null ? "N" : "X") : x.t };
    } catch {
      return undefined;
    }
  });
}

function andTerms(e: BExpr): BExpr[] {
  return e.k === "bin" && e.op === "AND" ? [...andTerms(e.l), ...andTerms(e.r)] : [e];
}
function orTerms(e: BExpr): BExpr[] {
  return e.k === "bin" && e.op === "OR" ? [...orTerms(e.l), ...orTerms(e.r)] : [e];
}
function and(terms: BExpr[]): BExpr {
  return terms.reduce((l, r) => ({ k: "bin", op: "AND", l, r, t: "I" }));
}
function or(terms: BExpr[]): BExpr {
  return terms.reduce((l, r) => ({ k: "bin", op: "OR", l, r, t: "I" }));
}

/**
 * For each OR predicate: terms common to every branch become separate conjuncts ((a AND x) OR (a AND y) → a AND (x OR y)),
 * and for every relation each branch constrains, a derived single-relation OR is added so it can be pushed into that scan.
 */
export function factorOr(conjs: BExpr[], relsOf: (e: BExpr) => Set<number>): BExpr[] {
  const out: BExpr[] = [];
  for (const c of conjs) {
    const branches = orTerms(c);
    if (branches.length < 2) { out.push(c); continue; }
    const terms = branches.map(andTerms);
    const sigs = terms.map((ts) => ts.map(sig));
    const common = sigs[0]!.filter((s) => sigs.every((ss) => ss.includes(s)));
    const commonSet = new Set(common);
    const seen = new Set<string>();
    for (const [i, s] of sigs[0]!.entries()) if (commonSet.has(s) && !seen.has(s)) { seen.add(s); out.push(terms[0]![i]!); }
    const rest = terms.map((ts, b) => ts.filter((_, i) => !commonSet.has(sigs[b]![i]!)));
    if (rest.some((r) => r.length === 0)) continue; // one branch is just the common part: the OR is implied
    const residual = or(rest.map(and));
    out.push(residual);
    // derived per-relation filters
    const rels = new Set<number>();
    for (const r of rest) for (const t of r) for (const x of relsOf(t)) rels.add(x);
    if (rels.size < 2) continue;
    for (const rel of rels) {
      const parts = rest.map((r) => r.filter((t) => { const rs = relsOf(t); return rs.size === 1 && rs.has(rel); }));
      if (parts.some((p) => p.length === 0)) continue;
      out.push(or(parts.map(and)));
    }
  }
  return out;
}
