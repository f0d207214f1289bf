/** Bound (name-resolved, typed) expressions and the physical plan tree the planner builds and the executor compiles. */
import type { OrderedIndex } from "./ordered-index.ts";
import type { Table } from "./table.ts";
import type { Affinity, SType, SqlValue } from "./values.ts";

/** A subquery used inside an expression: its plan and whether it reads columns of enclosing queries. */
export interface SubPlan {
  plan: PNode;
  /** Columns of enclosing levels this subquery reads, with the binding scope they belong to. */
  refs: { scope: object; key: ColKey }[];
  correlated: boolean;
  /** Output column count. */
  width: number;
  /** Static type of the first output column. */
  t: SType;
  aff: Affinity;
}

/** Bound expression. `col` reads column `col` of relation `rel` from the current row; `outer` from an enclosing query's row. */
export type BExpr =
  | { k: "const"; v: SqlValue; t: SType }
  | { k: "col"; rel: number; col: number; t: SType; aff: Affinity; name: string }
  | { k: "outer"; depth: number; rel: number; col: number; t: SType; aff: Affinity; name: string }
  | { k: "slot"; i: number; t: SType; aff: Affinity; name: string }
  | { k: "unary"; op: string; e: BExpr; t: SType }
  | { k: "bin"; op: string; l: BExpr; r: BExpr; t: SType }
  | { k: "isnull"; e: BExpr; not: boolean; t: SType }
  | { k: "is"; l: BExpr; r: BExpr; not: boolean; t: SType }
  | { k: "between"; e: BExpr; lo: BExpr; hi: BExpr; not: boolean; t: SType }
  | { k: "like"; e: BExpr; pat: BExpr; esc: BExpr | undefined; not: boolean; glob: boolean; t: SType }
  | { k: "inlist"; e: BExpr; list: BExpr[]; not: boolean; t: SType }
  | { k: "insub"; e: BExpr; sub: SubPlan; not: boolean; t: SType }
  | { k: "exists"; sub: SubPlan; not: boolean; t: SType }
  | { k: "subq"; sub: SubPlan; t: SType }
  | { k: "case"; base: BExpr | undefined; whens: { when: BExpr; then: BExpr }[]; else: BExpr | undefined; t: SType }
  | { k: "cast"; e: BExpr; type: string; t: SType }
  | { k: "fn"; name: string; args: BExpr[]; t: SType }
  | { k: "agg"; name: string; args: BExpr[]; distinct: boolean; star: boolean; t: SType; slot: number };

/** A column position key in a relational layout: relation id and column. */
export type ColKey = number;
/** Encodes (rel, col) as one number. */
export function colKey(rel: number, col: number): ColKey {
  return rel * 65536 + col;
}

/** An aggregate computed by an Aggregate node. */
export interface AggSpec { name: string; args: BExpr[]; distinct: boolean; star: boolean; t: SType }

/** Sort key. */
export interface SortKey { e: BExpr; desc: boolean; nullsFirst: boolean }

/** Optimizer estimates plus EXPLAIN ANALYZE counters. */
export interface Est { rows: number; cost: number; actualRows?: number; timeMs?: number; loops?: number }

/**
 * Physical plan nodes. Relational nodes (scan … nljoin, filter below aggregation) produce rows laid out per `layout`
 * (ColKeys); positional nodes (agg, project and above) produce rows read by `slot` expressions.
 */
export type PNode = Est & (
  | { op: "scan"; table: Table; rel: number; alias: string; filter: BExpr[]; layout: ColKey[] }
  | { op: "indexscan"; table: Table; rel: number; alias: string; index: OrderedIndex; eq: BExpr[]; lo?: BExpr; loInc: boolean; hi?: BExpr; hiInc: boolean; filter: BExpr[]; layout: ColKey[] }
  | { op: "subscan"; rel: number; alias: string; child: PNode; filter: BExpr[]; layout: ColKey[] }
  | { op: "values"; tuples: BExpr[][]; layout: ColKey[] }
  | { op: "hashjoin"; kind: "inner" | "left"; left: PNode; right: PNode; lkeys: BExpr[]; rkeys: BExpr[]; extra: BExpr[]; buildLeft: boolean; layout: ColKey[] }
  | { op: "inljoin"; kind: "inner" | "left"; left: PNode; right: PNode & { op: "scan" | "indexscan" }; index: OrderedIndex; keys: BExpr[]; rfilter: BExpr[]; extra: BExpr[]; layout: ColKey[] }
  | { op: "nljoin"; kind: "inner" | "left"; left: PNode; right: PNode; cond: BExpr[]; layout: ColKey[] }
  | { op: "filter"; child: PNode; pred: BExpr[]; layout: ColKey[] }
  | { op: "agg"; child: PNode; keys: BExpr[]; aggs: AggSpec[]; layout: ColKey[] }
  | { op: "project"; child: PNode; exprs: BExpr[]; layout: ColKey[] }
  | { op: "distinct"; child: PNode; width: number; layout: ColKey[] }
  | { op: "sort"; child: PNode; keys: SortKey[]; topN: BExpr | undefined; offset: BExpr | undefined; layout: ColKey[] }
  | { op: "limit"; child: PNode; limit: BExpr | undefined; offset: BExpr | undefined; layout: ColKey[] }
  | { op: "trim"; child: PNode; width: number; layout: ColKey[] }
  | { op: "setop"; kind: "union" | "unionall" | "intersect" | "except"; left: PNode; right: PNode; width: number; layout: ColKey[] }
  | { op: "empty"; width: number; layout: ColKey[] }
  | { op: "modify"; verb: "Update" | "Delete"; table: string; child: PNode; layout: ColKey[] }
);

/** Static type of the sum of two types. */
export function arithType(a: SType, b: SType): SType {
  if (a === "N" || b === "N") return "N";
  if (a === "R" || b === "R") return "R";
  if (a === "I" && b === "I") return "I";
  return "X";
}
