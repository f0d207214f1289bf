/** INSERT, UPDATE and DELETE with affinity conversion, NOT NULL/UNIQUE checks and undo records. */
import type { Expr, Stmt } from "./ast.ts";
import { type PNode, colKey } from "./bound.ts";
import { compileExpr } from "./compile-expr.ts";
import type { Database } from "./database.ts";
import { SqlError } from "./errors.ts";
import { collect, compileNode, scopeOf } from "./exec.ts";
import { planJoins } from "./join-planner.ts";
import { Planner, splitAnd } from "./planner.ts";
import type { Row, Table } from "./table.ts";
import { type SqlValue, applyAffinity, compare } from "./values.ts";

type Conflict = "abort" | "replace" | "ignore";

/** Data-modifying statements for one database. */
export class Dml {
  constructor(private db: Database) {}

  insert(s: Stmt & { k: "insert" }): number {
    const t = this.db.table(s.table);
    if (!t) {
      if (this.db.view(s.table)) throw new SqlError(`cannot modify ${s.table} because it is a view`, { code: "ERR_SQL_NAME" });
      throw new SqlError(`no such table: ${s.table}`, { code: "ERR_SQL_NAME", line: s.pos.line, column: s.pos.col });
    }
    let cols: number[] | undefined;
    if (s.cols) {
      cols = s.cols.map((c) => {
        const i = t.colIndex(c);
        if (i < 0) throw new SqlError(`table ${t.name} has no column named ${c}`, { code: "ERR_SQL_NAME" });
        return i;
      });
    }
    const width = cols ? cols.length : t.columns.length;
    let rows: SqlValue[][];
    const planner = new Planner(this.db);
    if (s.defaults) rows = [[]];
    else if (s.values) {
      const scope = { rels: [], parent: undefined, correlated: false };
      const sc = scopeOf([], [], { analyze: false });
      rows = s.values.map((r) => {
        if (r.length !== width) {
          if (cols) throw new SqlError(`${r.length} values for ${width} columns`, { code: "ERR_SQL_SCHEMA" });
          throw new SqlError(`table ${t.name} has ${width} columns but ${r.length} values were supplied`, { code: "ERR_SQL_SCHEMA" });
        }
        return r.map((e) => compileExpr(planner.binder.expr(e, scope, false), sc)([], []));
      });
    } else {
      const p = planner.planSelect(s.sel!, undefined);
      if (p.names.length !== width) {
        if (cols) throw new SqlError(`${p.names.length} values for ${width} columns`, { code: "ERR_SQL_SCHEMA" });
        throw new SqlError(`table ${t.name} has ${width} columns but ${p.names.length} values were supplied`, { code: "ERR_SQL_SCHEMA" });
      }
      rows = collect(compileNode(p.node, [], { analyze: false }), []);
    }
    return this.insertValues(t, rows, s.defaults ? [] : cols, s.orReplace ? "replace" : s.orIgnore ? "ignore" : "abort");
  }

  /** Inserts value rows (in column order, or for `cols`); returns the number inserted. */
  insertValues(t: Table, rows: SqlValue[][], cols: number[] | undefined, onConflict: Conflict): number {
    const ncol = t.columns.length;
    const defaults: (() => SqlValue)[] = t.columns.map((c) => {
      if (!c.def) return () => null;
      const planner = new Planner(this.db);
      const f = compileExpr(planner.binder.expr(c.def, { rels: [], parent: undefined, correlated: false }, false), scopeOf([], [], { analyze: false }));
      return () => f([], []);
    });
    const affs = t.columns.map((c) => c.aff);
    const notNull = t.columns.map((c, i) => c.notNull || (c.pk && i !== t.rowidCol && false));
    const uniques = t.indexes.filter((i) => i.unique);
    const rowidCol = t.rowidCol;
    let maxRowid = rowidCol >= 0 ? this.maxRowid(t) : 0;
    const direct = cols === undefined;
    const undo = this.db.undo;
    let n = 0;
    for (const src of rows) {
      const row: Row = new Array(ncol);
      if (direct) {
        if (src.length !== ncol) throw new SqlError(`table ${t.name} has ${ncol} columns but ${src.length} values were supplied`, { code: "ERR_SQL_SCHEMA" });
        for (let i = 0; i < ncol; i++) row[i] = applyAffinity(src[i]!, affs[i]!);
      } else {
        for (let i = 0; i < ncol; i++) row[i] = undefined as unknown as SqlValue;
        for (let j = 0; j < cols.length; j++) row[cols[j]!] = src[j]!;
        for (let i = 0; i < ncol; i++) row[i] = row[i] === undefined ? applyAffinity(defaults[i]!(), affs[i]!) : applyAffinity(row[i]!, affs[i]!);
      }
      if (rowidCol >= 0) {
        const v = row[rowidCol]!;
        if (v === null) row[rowidCol] = ++maxRowid;
        else if (typeof v !== "number" || !Number.isInteger(v)) {
          if (typeof v !== "bigint") throw new SqlError("datatype mismatch", { code: "ERR_SQL_CONSTRAINT" });
        } else if (v > maxRowid) maxRowid = v;
      }
      let skip = false;
      for (let i = 0; i < ncol; i++) {
        if (!notNull[i] || row[i] !== null) continue;
        // OR IGNORE skips the row; OR REPLACE stores the column's default when it has one (SQLite §lang_conflict)
        if (onConflict === "ignore") { skip = true; break; }
        if (onConflict === "replace" && t.columns[i]!.def) { row[i] = applyAffinity(defaults[i]!(), affs[i]!); if (row[i] !== null) continue; }
        throw new SqlError(`NOT NULL constraint failed: ${t.name}.${t.columns[i]!.name}`, { code: "ERR_SQL_CONSTRAINT" });
      }
      if (skip) continue;
      for (const idx of uniques) {
        const other = idx.conflict(row);
        if (!other) continue;
        if (onConflict === "ignore") { skip = true; break; }
        if (onConflict === "replace") { this.removeRows(t, new Set([other])); continue; }
        throw new SqlError(`UNIQUE constraint failed: ${idx.cols.map((c) => `${t.name}.${t.columns[c]!.name}`).join(", ")}`, { code: "ERR_SQL_CONSTRAINT" });
      }
      if (skip) continue;
      t.rows.push(row);
      for (const idx of t.indexes) idx.add(row);
      undo.push({ k: "ins", table: t, row });
      n++;
    }
    if (rowidCol >= 0) (t as Table & { maxRowid?: number }).maxRowid = maxRowid;
    t.version++;
    return n;
  }

  private maxRowid(t: Table & { maxRowid?: number; maxRowidAt?: number }): number {
    if (t.maxRowid !== undefined && t.maxRowidAt === t.version) return t.maxRowid;
    let m = 0;
    const c = t.rowidCol;
    for (const r of t.rows) { const v = r[c]; if (typeof v === "number" && v > m) m = v; }
    t.maxRowid = m;
    t.maxRowidAt = t.version;
    return m;
  }

  /**
   * The stored rows an UPDATE/DELETE touches, found through the planner's access path (an index for equality or
   * range terms, else a filtered scan); scans hand out the stored row arrays themselves.
   */
  private matcher(t: Table, alias: string | undefined, where: Expr | undefined) {
    const planner = new Planner(this.db);
    const relId = planner.newRel();
    const { scope, rel } = this.db.tableScope(t, alias, relId);
    const layout = t.columns.map((_, i) => colKey(relId, i));
    const sc = scopeOf(layout, [], { analyze: false });
    const conjs = where ? splitAnd(planner.binder.expr(where, scope, false)) : [];
    const node = planJoins({ k: "rel", info: rel, table: t, sub: undefined }, conjs, new Set(), scope);
    const rows = () => collect(compileNode(node, [], { analyze: false }), []);
    return { planner, scope, sc, rows, node };
  }

  /** The plan EXPLAIN shows for an UPDATE or DELETE: the statement over the access path that finds its rows. */
  explain(s: Stmt & { k: "update" | "delete" }): PNode {
    const t = this.db.table(s.table);
    if (!t) throw new SqlError(`no such table: ${s.table}`, { code: "ERR_SQL_NAME", line: s.pos.line, column: s.pos.col });
    const { node } = this.matcher(t, s.alias, s.where);
    return { op: "modify", verb: s.k === "update" ? "Update" : "Delete", table: t.name, child: node, layout: [], rows: node.rows, cost: node.cost + node.rows };
  }

  update(s: Stmt & { k: "update" }): number {
    const t = this.db.table(s.table);
    if (!t) throw new SqlError(`no such table: ${s.table}`, { code: "ERR_SQL_NAME", line: s.pos.line, column: s.pos.col });
    const { planner, scope, sc, rows } = this.matcher(t, s.alias, s.where);
    const sets = s.sets.map((x) => {
      const c = t.colIndex(x.col);
      if (c < 0) throw new SqlError(`no such column: ${x.col}`, { code: "ERR_SQL_NAME", line: x.pos.line, column: x.pos.col });
      return { c, f: compileExpr(planner.binder.expr(x.e, scope, false), sc) };
    });
    const matched = rows();
    // SQLite visits rows in rowid order and checks UNIQUE row by row; do the same so collisions match
    if (t.rowidCol >= 0) { const c = t.rowidCol; matched.sort((a, b) => compare(a[c]!, b[c]!)); }
    // compute every new value from the old row before changing anything
    const news = matched.map((r) => sets.map((x) => applyAffinity(x.f(r, []), t.columns[x.c]!.aff)));
    const uniques = t.indexes.filter((i) => i.unique);
    const undo = this.db.undo;
    matched.forEach((r, j) => {
      const old = r.slice();
      for (const idx of t.indexes) idx.remove(r);
      undo.push({ k: "upd", table: t, row: r, old });
      // on failure the undo entry restores `old` and re-adds r to every index
      const vals = news[j]!;
      sets.forEach((x, i) => { r[x.c] = vals[i]!; });
      for (const x of sets) {
        if (t.columns[x.c]!.notNull && r[x.c] === null) throw new SqlError(`NOT NULL constraint failed: ${t.name}.${t.columns[x.c]!.name}`, { code: "ERR_SQL_CONSTRAINT" });
        if (x.c === t.rowidCol && r[x.c] === null) throw new SqlError(`NOT NULL constraint failed: ${t.name}.${t.columns[x.c]!.name}`, { code: "ERR_SQL_CONSTRAINT" });
      }
      for (const idx of uniques) {
        if (idx.conflict(r)) throw new SqlError(`UNIQUE constraint failed: ${idx.cols.map((c) => `${t.name}.${t.columns[c]!.name}`).join(", ")}`, { code: "ERR_SQL_CONSTRAINT" });
      }
      for (const idx of t.indexes) idx.add(r);
    });
    t.version++;
    return matched.length;
  }

  delete(s: Stmt & { k: "delete" }): number {
    const t = this.db.table(s.table);
    if (!t) throw new SqlError(`no such table: ${s.table}`, { code: "ERR_SQL_NAME", line: s.pos.line, column: s.pos.col });
    const gone = new Set<Row>(this.matcher(t, s.alias, s.where).rows());
    if (gone.size === 0) return 0;
    this.removeRows(t, gone);
    return gone.size;
  }

  private removeRows(t: Table, gone: Set<Row>): void {
    const old = t.rows;
    t.rows = old.filter((r) => !gone.has(r));
    for (const idx of t.indexes) for (const r of gone) idx.remove(r);
    this.db.undo.push({ k: "rows", table: t, old, removed: [...gone] });
    t.version++;
  }
}
