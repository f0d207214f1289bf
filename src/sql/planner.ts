/** Plans SELECT statements: FROM → relations, binding, join planning, aggregation, projection, DISTINCT, ORDER BY, LIMIT, compounds. */
import type { Expr, FromItem, OrderTerm, Pos, Select, SelectCore, ValuesCore, Compound } from "./ast.ts";
import { Binder, type BindScope, type RelInfo, mapExpr, sig, walk } from "./binder.ts";
import { type AggSpec, type BExpr, type ColKey, type PNode, type SortKey, type SubPlan, colKey } from "./bound.ts";
import { affOf } from "./compile-expr.ts";
import { SqlError } from "./errors.ts";
import { type JT, planJoins } from "./join-planner.ts";
import { factorOr, foldConstants } from "./rewrite.ts";
import type { Table } from "./table.ts";
import type { Affinity, SType } from "./values.ts";

/** What the planner needs from the database. */
export interface Catalog {
  table(name: string): Table | undefined;
  view(name: string): { sel: Select; cols: string[] | undefined } | undefined;
}

/** A planned query: its root node and output column names/types. */
export interface Planned {
  node: PNode;
  names: string[];
  types: SType[];
  affs: Affinity[];
  correlated: boolean;
}

function err(msg: string, pos?: Pos, code = "ERR_SQL_NAME"): SqlError {
  return new SqlError(msg, { code, line: pos?.line ?? 0, column: pos?.col ?? 0 });
}

const ORD = ["1st", "2nd", "3rd"];
function nth(i: number): string { return ORD[i] ?? `${i + 1}th`; }

/** Plans queries against a catalog; relation ids are unique per planner (one per statement). */
export class Planner {
  private relSeq = 0;
  /** A fresh relation id. */
  newRel(): number { return ++this.relSeq; }
  readonly binder: Binder;
  private viewDepth = 0;

  constructor(readonly catalog: Catalog) {
    this.binder = new Binder((sel, scope) => this.subPlan(sel, scope));
  }

  private subPlan(sel: Select, scope: BindScope): SubPlan {
    const log: { scope: object; key: ColKey }[] = [];
    this.binder.refLog.push(log);
    let p: Planned;
    try { p = this.planSelect(sel, scope); } finally { this.binder.refLog.pop(); }
    this.binder.refLog[this.binder.refLog.length - 1]?.push(...log);
    return { refs: log, plan: p.node, correlated: p.correlated, width: p.names.length, t: p.types[0] ?? "X", aff: p.affs[0] ?? "BLOB" };
  }

  /** Plans a full query (compound, ORDER BY, LIMIT). */
  planSelect(sel: Select, parent: BindScope | undefined): Planned {
    if (sel.body.k === "core") return this.planCore(sel.body, parent, sel);
    const body = this.planBody(sel.body, parent);
    let node = body.node;
    const width = body.names.length;
    if (sel.orderBy.length) {
      const keys: SortKey[] = sel.orderBy.map((o, i) => {
        const slot = this.compoundOrderSlot(o, body.names, i);
        return { e: { k: "slot", i: slot, t: body.types[slot]!, aff: body.affs[slot]!, name: body.names[slot]! }, desc: o.desc, nullsFirst: o.nulls ? o.nulls === "first" : !o.desc };
      });
      node = this.sortNode(node, keys, sel, width);
    } else if (sel.limit) node = this.limitNode(node, sel, width);
    return { ...body, node };
  }

  private compoundOrderSlot(o: OrderTerm, names: string[], i: number): number {
    const e = o.e;
    if (e.k === "lit" && typeof e.v === "number" && Number.isInteger(e.v)) {
      if (e.v < 1 || e.v > names.length) throw err(`${nth(i)} ORDER BY term out of range - should be between 1 and ${names.length}`, e.pos, "ERR_SQL_SYNTAX");
      return e.v - 1;
    }
    if (e.k === "col") {
      const j = names.findIndex((n) => n.toLowerCase() === e.name.toLowerCase());
      if (j >= 0) return j;
    }
    throw err(`${nth(i)} ORDER BY term does not match any column in the result set`, e.pos, "ERR_SQL_SYNTAX");
  }

  private planBody(b: SelectCore | ValuesCore | Compound, parent: BindScope | undefined): Planned {
    if (b.k === "core") return this.planCore(b, parent, undefined);
    if (b.k === "values") return this.planValues(b, parent);
    const l = this.planBody(b.l, parent);
    const r = this.planBody(b.r, parent);
    if (l.names.length !== r.names.length) {
      const word = b.op === "unionall" ? "UNION ALL" : b.op.toUpperCase();
      throw err(`SELECTs to the left and right of ${word} do not have the same number of result columns`, b.pos, "ERR_SQL_SYNTAX");
    }
    const rows = b.op === "unionall" ? l.node.rows + r.node.rows : b.op === "union" ? Math.max(l.node.rows, r.node.rows) : b.op === "intersect" ? Math.min(l.node.rows, r.node.rows) : l.node.rows;
    const node: PNode = { op: "setop", kind: b.op, left: l.node, right: r.node, width: l.names.length, layout: [], rows, cost: l.node.cost + r.node.cost + l.node.rows + r.node.rows };
    return { node, names: l.names, types: l.types.map((t, i) => (t === r.types[i] ? t : "X")), affs: l.affs, correlated: l.correlated || r.correlated };
  }

  private planValues(v: ValuesCore, parent: BindScope | undefined): Planned {
    const scope: BindScope = { rels: [], parent, correlated: false };
    const width = v.rows[0]!.length;
    const rows = v.rows.map((r) => {
      if (r.length !== width) throw err("all VALUES must have the same number of terms", v.pos, "ERR_SQL_SYNTAX");
      return r.map((e) => this.binder.expr(e, scope, false));
    });
    const names = rows[0]!.map((_, i) => `column${i + 1}`);
    const node: PNode = { op: "values", tuples: rows, layout: [], rows: rows.length, cost: rows.length };
    return { node, names, types: rows[0]!.map((e) => e.t), affs: rows[0]!.map(() => "BLOB" as Affinity), correlated: scope.correlated };
  }

  // ---- FROM ----

  private fromItem(item: FromItem, parent: BindScope | undefined, rels: RelInfo[], conds: Expr[]): JT {
    if (item.k === "table") {
      const t = this.catalog.table(item.name);
      const rel = ++this.relSeq;
      if (t) {
        const info: RelInfo = { rel, name: item.alias ?? t.name, cols: t.columns.map((c) => ({ name: c.name, t: c.stype, aff: c.aff })), hidden: new Set() };
        rels.push(info);
        return { k: "rel", info, table: t, sub: undefined };
      }
      const v = this.catalog.view(item.name);
      if (!v) throw err(`no such table: ${item.name}`, item.pos);
      if (this.viewDepth > 32) throw err(`view ${item.name} is circularly defined`, item.pos);
      this.viewDepth++;
      let p: Planned;
      try { p = this.planSelect(v.sel, undefined); } finally { this.viewDepth--; }
      const names = v.cols ?? p.names;
      const info: RelInfo = { rel, name: item.alias ?? item.name, cols: names.map((n, i) => ({ name: n, t: p.types[i]!, aff: p.affs[i]! })), hidden: new Set() };
      rels.push(info);
      return { k: "rel", info, table: undefined, sub: p.node };
    }
    if (item.k === "sub") {
      const p = this.planSelect(item.sub, parent);
      const rel = ++this.relSeq;
      const info: RelInfo = { rel, name: item.alias ?? `(subquery-${rel})`, cols: p.names.map((n, i) => ({ name: n, t: p.types[i]!, aff: p.affs[i]! })), hidden: new Set() };
      rels.push(info);
      return { k: "rel", info, table: undefined, sub: p.node };
    }
    const leftRels: RelInfo[] = [];
    const l = this.fromItem(item.l, parent, leftRels, conds);
    const rightRels: RelInfo[] = [];
    const r = this.fromItem(item.r, parent, rightRels, conds);
    rels.push(...leftRels, ...rightRels);
    const on: Expr[] = [];
    let using = item.using;
    if (item.natural) {
      using = [];
      for (const rr of rightRels) for (const c of rr.cols) {
        if (leftRels.some((lr) => lr.cols.some((x, i) => !lr.hidden.has(i) && x.name.toLowerCase() === c.name.toLowerCase()))) using.push(c.name);
      }
    }
    for (const name of using ?? []) {
      const n = name.toLowerCase();
      const lr = leftRels.find((x) => x.cols.some((c, i) => !x.hidden.has(i) && c.name.toLowerCase() === n));
      const rr = rightRels.find((x) => x.cols.some((c) => c.name.toLowerCase() === n));
      if (!lr || !rr) throw err(`cannot join using column ${name} - column not present in both tables`, item.pos);
      rr.hidden.add(rr.cols.findIndex((c) => c.name.toLowerCase() === n));
      on.push({ k: "bin", op: "=", l: { k: "col", table: lr.name, name, pos: item.pos }, r: { k: "col", table: rr.name, name, pos: item.pos }, pos: item.pos });
    }
    if (item.on) on.push(item.on);
    return { k: "join", kind: item.kind, l, r, onAst: on, on: [] };
  }

  // ---- SELECT core ----

  private planCore(core: SelectCore, parent: BindScope | undefined, sel: Select | undefined): Planned {
    const rels: RelInfo[] = [];
    const scope: BindScope = { rels, parent, correlated: false };
    let jt: JT | undefined;
    if (core.from) jt = this.fromItem(core.from, parent, rels, []);
    // select list: expand stars
    const items: { e: Expr; name: string }[] = [];
    for (const c of core.cols) {
      if (c.e.k === "star") {
        const tname = c.e.table;
        if (!core.from) throw err("no tables specified", c.e.pos);
        const srcs = tname === undefined ? rels : rels.filter((r) => r.name.toLowerCase() === tname.toLowerCase());
        if (tname !== undefined && srcs.length === 0) throw err(`no such table: ${tname}`, c.e.pos);
        for (const r of srcs) r.cols.forEach((col, i) => {
          if (tname === undefined && r.hidden.has(i)) return;
          items.push({ e: { k: "col", table: r.name, name: col.name, pos: c.e.pos }, name: col.name });
        });
        continue;
      }
      const name = c.alias ?? (c.e.k === "col" ? c.e.name : c.text);
      items.push({ e: c.e, name });
    }
    scope.aliases = new Map();
    for (const c of core.cols) if (c.alias && c.e.k !== "star") scope.aliases.set(c.alias.toLowerCase(), c.e);
    // bind
    const bindJoinOn = (t: JT): void => {
      if (t.k !== "join") return;
      bindJoinOn(t.l);
      bindJoinOn(t.r);
      t.on = t.onAst.flatMap((e) => splitAnd(foldConstants(this.binder.expr(e, scope, false))));
    };
    if (jt) bindJoinOn(jt);
    const relsOf = (e: BExpr) => { const r = new Set<number>(); walk(e, (x) => { if (x.k === "col") r.add(x.rel); }); return r; };
    const where = core.where ? factorOr(splitAnd(foldConstants(this.binder.expr(core.where, scope, false))).flatMap(splitAnd), relsOf).flatMap(splitAnd) : [];
    const aliasMap = scope.aliases;
    scope.aliases = undefined;
    let selExprs = items.map((it) => foldConstants(this.binder.expr(it.e, scope, true)));
    scope.aliases = aliasMap;
    const groupBy = core.groupBy.map((g) => {
      if (g.k === "lit" && typeof g.v === "number" && Number.isInteger(g.v)) {
        if (g.v < 1 || g.v > selExprs.length) throw err(`${nth(core.groupBy.indexOf(g))} GROUP BY term out of range - should be between 1 and ${selExprs.length}`, g.pos, "ERR_SQL_SYNTAX");
        return selExprs[g.v - 1]!;
      }
      return this.binder.expr(g, scope, false);
    });
    let having = core.having ? this.binder.expr(core.having, scope, true) : undefined;
    // ORDER BY terms: ordinal / alias → output slot; else an expression (maybe hidden)
    const order: ({ slot: number } | { e: BExpr })[] = [];
    const names = items.map((i) => i.name);
    for (const [i, o] of (sel?.orderBy ?? []).entries()) {
      const e = o.e;
      if (e.k === "lit" && typeof e.v === "number" && Number.isInteger(e.v)) {
        if (e.v < 1 || e.v > items.length) throw err(`${nth(i)} ORDER BY term out of range - should be between 1 and ${items.length}`, e.pos, "ERR_SQL_SYNTAX");
        order.push({ slot: e.v - 1 });
        continue;
      }
      if (e.k === "col" && e.table === undefined) {
        const j = core.cols.findIndex((c) => c.alias?.toLowerCase() === e.name.toLowerCase());
        if (j >= 0 && items[j] && items[j]!.name === core.cols[j]!.alias) { order.push({ slot: j }); continue; }
      }
      scope.aliases = undefined;
      order.push({ e: this.binder.expr(e, scope, true) });
      scope.aliases = aliasMap;
    }
    scope.aliases = undefined;

    const hasAgg = groupBy.length > 0 || [...selExprs, ...(having ? [having] : []), ...order.flatMap((o) => ("e" in o ? [o.e] : []))].some(containsAgg);
    if (having && !hasAgg) throw err("a GROUP BY clause is required before HAVING", core.pos);
    if (!core.from) {
      // SELECT without FROM: one empty row
      jt = undefined;
    }
    // needed columns: everything referenced above the joins
    const needed = new Set<ColKey>(scope.innerRefs ?? []);
    const need = (e: BExpr) => walk(e, (x) => { if (x.k === "col") needed.add(colKey(x.rel, x.col)); });
    selExprs.forEach(need);
    groupBy.forEach(need);
    if (having) need(having);
    for (const o of order) if ("e" in o) need(o.e);
    let node: PNode;
    if (jt) node = planJoins(jt, where, needed, scope);
    else {
      node = { op: "values", tuples: [[]], layout: [], rows: 1, cost: 1 };
      if (where.length) node = { op: "filter", child: node, pred: where, layout: [], rows: 1, cost: 1 };
    }
    // aggregation
    let orderExprs = order.map((o) => ("e" in o ? o.e : undefined));
    if (hasAgg) {
      const keySigs = groupBy.map(sig);
      const aggs: AggSpec[] = [];
      const aggSigs: string[] = [];
      const nk = groupBy.length;
      const rewrite = (e: BExpr): BExpr => mapExpr(e, (x) => {
        const s = sig(x);
        const ki = keySigs.indexOf(s);
        if (ki >= 0) return { k: "slot", i: ki, t: x.t, aff: x.k === "col" ? x.aff : "BLOB", name: x.k === "col" ? x.name : "" };
        if (x.k === "agg" || x.k === "col") {
          let ai = aggSigs.indexOf(s);
          if (ai < 0) {
            ai = aggs.length;
            aggSigs.push(s);
            if (x.k === "agg") aggs.push({ name: x.name, args: x.args, distinct: x.distinct, star: x.star, t: x.t });
            else aggs.push({ name: "any", args: [x], distinct: false, star: false, t: x.t });
          }
          return { k: "slot", i: nk + ai, t: x.t, aff: x.k === "col" ? x.aff : "BLOB", name: x.k === "col" ? x.name : "" };
        }
        return undefined;
      });
      // columns read by correlated subqueries stay reachable after aggregation (as keys or any-value aggregates)
      for (const k of scope.innerRefs ?? []) {
        const rel = Math.floor(k / 65536), col = k % 65536;
        const info = rels.find((r) => r.rel === rel);
        if (!info) continue;
        const c = info.cols[col]!;
        rewrite({ k: "col", rel, col, t: c.t, aff: c.aff, name: c.name });
      }
      selExprs = selExprs.map(rewrite);
      if (having) having = rewrite(having);
      orderExprs = orderExprs.map((e) => (e ? rewrite(e) : e));
      const groups = nk === 0 ? 1 : Math.max(1, Math.min(node.rows, estimateGroups(groupBy, node)));
      const aggLayout = [...groupBy.map((k) => (k.k === "col" ? colKey(k.rel, k.col) : -1)), ...aggs.map((a) => (a.name === "any" && a.args[0]!.k === "col" ? colKey(a.args[0]!.rel, a.args[0]!.col) : -1))];
      node = { op: "agg", child: node, keys: groupBy, aggs, layout: aggLayout, rows: groups, cost: node.cost + node.rows };
      if (having) node = { op: "filter", child: node, pred: splitAnd(having), layout: aggLayout, rows: Math.max(1, node.rows / 2), cost: node.cost + node.rows };
    }
    // projection (+ hidden ORDER BY columns)
    const width = selExprs.length;
    const projExprs = [...selExprs];
    const sortKeys: SortKey[] = [];
    const selSigs = selExprs.map(sig);
    order.forEach((o, i) => {
      const term = sel!.orderBy[i]!;
      let slot: number;
      if ("slot" in o) slot = o.slot;
      else {
        const e = orderExprs[i]!;
        slot = selSigs.indexOf(sig(e));
        if (slot < 0) { slot = projExprs.length; projExprs.push(e); }
      }
      const pe = projExprs[slot]!;
      sortKeys.push({ e: { k: "slot", i: slot, t: pe.t, aff: "BLOB", name: "" }, desc: term.desc, nullsFirst: term.nulls ? term.nulls === "first" : !term.desc });
    });
    node = { op: "project", child: node, exprs: projExprs, layout: [], rows: node.rows, cost: node.cost + node.rows };
    if (core.distinct) node = { op: "distinct", child: node, width, layout: [], rows: node.rows, cost: node.cost + node.rows };
    if (sortKeys.length) node = this.sortNode(node, sortKeys, sel!, width);
    else if (sel?.limit) node = this.limitNode(node, sel, width);
    if (projExprs.length > width) node = { op: "trim", child: node, width, layout: [], rows: node.rows, cost: node.cost };
    return { node, names, types: selExprs.map((e) => e.t), affs: selExprs.map(affOf), correlated: scope.correlated };
  }

  private limitExprs(sel: Select): { limit: BExpr | undefined; offset: BExpr | undefined } {
    const empty: BindScope = { rels: [], parent: undefined, correlated: false };
    return {
      limit: sel.limit ? this.binder.expr(sel.limit, empty, false) : undefined,
      offset: sel.offset ? this.binder.expr(sel.offset, empty, false) : undefined,
    };
  }

  private sortNode(node: PNode, keys: SortKey[], sel: Select, width: number): PNode {
    const { limit, offset } = this.limitExprs(sel);
    void width;
    const n = node.rows;
    const lim = limit?.k === "const" && typeof limit.v === "number" ? limit.v : undefined;
    const cost = lim !== undefined && lim >= 0 ? n * Math.log2(Math.max(2, lim + 1)) : n * Math.log2(Math.max(2, n));
    return { op: "sort", child: node, keys, topN: limit, offset, layout: [], rows: lim !== undefined && lim >= 0 ? Math.min(n, lim) : n, cost: node.cost + cost };
  }

  private limitNode(node: PNode, sel: Select, width: number): PNode {
    const { limit, offset } = this.limitExprs(sel);
    void width;
    const lim = limit?.k === "const" && typeof limit.v === "number" && limit.v >= 0 ? limit.v : node.rows;
    return { op: "limit", child: node, limit, offset, layout: [], rows: Math.min(node.rows, lim), cost: node.cost };
  }
}

function estimateGroups(keys: BExpr[], node: PNode): number {
  let g = 1;
  for (const k of keys) g *= k.k === "col" ? Math.max(1, Math.sqrt(node.rows) * 2) : 10;
  return Math.round(g);
}

/** Splits a conjunction into its terms. */
export function splitAnd(e: BExpr): BExpr[] {
  if (e.k === "bin" && e.op === "AND") return [...splitAnd(e.l), ...splitAnd(e.r)];
  return [e];
}

function containsAgg(e: BExpr): boolean {
  let found = false;
  walk(e, (x) => { if (x.k === "agg") found = true; });
  return found;
}
