/** DDL: CREATE/DROP of tables, indexes and views, each recording how to undo itself. */
import type { ColumnDef, Stmt } from "./ast.ts";
import type { Database, StatementResult } from "./database.ts";
import { SqlError } from "./errors.ts";
import { collect, compileNode } from "./exec.ts";
import { Planner } from "./planner.ts";
import { OrderedIndex, Table, columnOf } from "./table.ts";
import type { SqlValue } from "./values.ts";

/** A result without rows. */
export function ok(message: string): StatementResult {
  return { kind: "ok", columns: [], rows: [], message, changes: 0 };
}

/** Schema changes of one database. */
export class Ddl {
  constructor(private db: Database) {}

  /** DROP TABLE. */
  dropTable(s: Stmt & { k: "drop_table" }): StatementResult {
    const t = this.db.table(s.name);
    if (!t) {
      if (this.db.view(s.name)) throw new SqlError(`use DROP VIEW to delete view ${s.name}`, { code: "ERR_SQL_NAME" });
      if (s.ifExists) return ok(`Table '${s.name}' does not exist.`);
      throw new SqlError(`no such table: ${s.name}`, { code: "ERR_SQL_NAME", line: s.pos.line, column: s.pos.col });
    }
    const key = t.name.toLowerCase();
    this.db.tablesByName.delete(key);
    for (const i of t.indexes) this.db.indexesByName.delete(i.name.toLowerCase());
    this.db.undo.push({ k: "fn", undo: () => { this.db.tablesByName.set(key, t); for (const i of t.indexes) this.db.indexesByName.set(i.name.toLowerCase(), i); } });
    return ok(`Table '${t.name}' dropped.`);
  }

  /** CREATE INDEX. */
  createIndex(s: Stmt & { k: "create_index" }): StatementResult {
    const t = this.db.table(s.table);
    if (!t) throw new SqlError(`no such table: main.${s.table}`, { code: "ERR_SQL_NAME" });
    const key = s.name.toLowerCase();
    if (this.db.indexesByName.has(key) || this.db.tablesByName.has(key)) {
      if (s.ifNotExists) return ok(`Index '${s.name}' already exists.`);
      throw new SqlError(`${this.db.indexesByName.has(key) ? "index" : "there is already a table named"} ${s.name}${this.db.indexesByName.has(key) ? " already exists" : ""}`, { code: "ERR_SQL_NAME" });
    }
    const cols = s.cols.map((c) => {
      const i = t.colIndex(c);
      if (i < 0) throw new SqlError(`no such column: ${c}`, { code: "ERR_SQL_NAME" });
      return i;
    });
    const idx = new OrderedIndex(s.name, t.name, cols, s.unique, s.text);
    t.addIndex(idx);
    if (s.unique && idx.hash!.size !== t.rows.filter((r) => idx.keyOfRow(r) !== undefined).length) {
      t.indexes.pop();
      throw new SqlError(`UNIQUE constraint failed: ${cols.map((c) => `${t.name}.${t.columns[c]!.name}`).join(", ")}`, { code: "ERR_SQL_CONSTRAINT" });
    }
    this.db.indexesByName.set(key, idx);
    this.db.undo.push({ k: "fn", undo: () => { this.db.indexesByName.delete(key); t.indexes = t.indexes.filter((x) => x !== idx); } });
    return ok(`Index '${s.name}' created.`);
  }

  /** DROP INDEX. */
  dropIndex(s: Stmt & { k: "drop_index" }): StatementResult {
    const key = s.name.toLowerCase();
    const idx = this.db.indexesByName.get(key);
    if (!idx || !idx.sql) {
      if (s.ifExists) return ok(`Index '${s.name}' does not exist.`);
      throw new SqlError(`no such index: ${s.name}`, { code: "ERR_SQL_NAME" });
    }
    const t = this.db.table(idx.table)!;
    this.db.indexesByName.delete(key);
    const before = t.indexes;
    t.indexes = t.indexes.filter((x) => x !== idx);
    this.db.undo.push({ k: "fn", undo: () => { this.db.indexesByName.set(key, idx); t.indexes = before; idx.rebuild(t.rows); } });
    return ok(`Index '${s.name}' dropped.`);
  }

  /** CREATE VIEW. */
  createView(s: Stmt & { k: "create_view" }): StatementResult {
    const key = s.name.toLowerCase();
    if (this.db.viewsByName.has(key) || this.db.tablesByName.has(key)) {
      if (s.ifNotExists) return ok(`View '${s.name}' already exists.`);
      throw new SqlError(`${this.db.viewsByName.has(key) ? "view" : "table"} ${s.name} already exists`, { code: "ERR_SQL_NAME" });
    }
    // validate now: names must resolve
    new Planner(this.db).planSelect(s.q, undefined);
    this.db.viewsByName.set(key, { name: s.name, sel: s.q, cols: s.cols, sql: s.text });
    this.db.undo.push({ k: "fn", undo: () => { this.db.viewsByName.delete(key); } });
    return ok(`View '${s.name}' created.`);
  }

  /** DROP VIEW. */
  dropView(s: Stmt & { k: "drop_view" }): StatementResult {
    const key = s.name.toLowerCase();
    const v = this.db.viewsByName.get(key);
    if (!v) {
      if (s.ifExists) return ok(`View '${s.name}' does not exist.`);
      throw new SqlError(`no such view: ${s.name}`, { code: "ERR_SQL_NAME" });
    }
    this.db.viewsByName.delete(key);
    this.db.undo.push({ k: "fn", undo: () => { this.db.viewsByName.set(key, v); } });
    return ok(`View '${s.name}' dropped.`);
  }

  /** CREATE TABLE [AS SELECT]. */
  createTable(s: Stmt & { k: "create_table" }): StatementResult {
    const key = s.name.toLowerCase();
    if (this.db.tablesByName.has(key) || this.db.viewsByName.has(key)) {
      if (s.ifNotExists) return ok(`Table '${s.name}' already exists.`);
      throw new SqlError(`${this.db.tablesByName.has(key) ? "table" : "view"} ${s.name} already exists`, { code: "ERR_SQL_NAME", line: s.pos.line, column: s.pos.col });
    }
    let defs: ColumnDef[] = s.cols;
    let rows: SqlValue[][] | undefined;
    let sql = s.text;
    if (s.asSelect) {
      const p = new Planner(this.db).planSelect(s.asSelect, undefined);
      rows = collect(compileNode(p.node, [], { analyze: false }), []);
      const typeName = (t: string) => (t === "I" ? "INT" : t === "R" ? "REAL" : t === "T" ? "TEXT" : "");
      defs = p.names.map((n, i) => ({ name: n, type: typeName(p.types[i]!), primaryKey: false, notNull: false, unique: false, def: undefined, defText: undefined }));
      sql = `CREATE TABLE ${s.name}(${defs.map((d) => `"${d.name}"${d.type ? " " + d.type : ""}`).join(", ")})`;
    }
    const seen = new Set<string>();
    for (const d of defs) {
      if (seen.has(d.name.toLowerCase())) throw new SqlError(`duplicate column name: ${d.name}`, { code: "ERR_SQL_NAME" });
      seen.add(d.name.toLowerCase());
    }
    const t = new Table(s.name, defs.map(columnOf), sql);
    const pkCols = s.pk ?? defs.filter((d) => d.primaryKey).map((d) => d.name);
    if (defs.filter((d) => d.primaryKey).length > 1 || (s.pk && defs.some((d) => d.primaryKey))) {
      throw new SqlError(`table "${s.name}" has more than one primary key`, { code: "ERR_SQL_SCHEMA" });
    }
    let n = 0;
    const addUnique = (names: string[], pk: boolean) => {
      const cols = names.map((c) => {
        const i = t.colIndex(c);
        if (i < 0) throw new SqlError(`no such column: ${c}`, { code: "ERR_SQL_NAME" });
        return i;
      });
      const name = `sqlite_autoindex_${s.name}_${++n}`;
      t.addIndex(new OrderedIndex(name, t.name, cols, true, undefined));
      if (pk && cols.length === 1 && t.columns[cols[0]!]!.type.toUpperCase() === "INTEGER") t.rowidCol = cols[0]!;
      if (pk) for (const c of cols) t.columns[c]!.pk = true;
    };
    if (pkCols.length) addUnique(pkCols, true);
    for (const d of defs) if (d.unique && !d.primaryKey) addUnique([d.name], false);
    for (const u of s.uniques) addUnique(u, false);
    this.db.tablesByName.set(key, t);
    for (const i of t.indexes) this.db.indexesByName.set(i.name.toLowerCase(), i);
    this.db.undo.push({ k: "fn", undo: () => { this.db.tablesByName.delete(key); for (const i of t.indexes) this.db.indexesByName.delete(i.name.toLowerCase()); } });
    if (rows) this.db.dml.insertValues(t, rows, undefined, "abort");
    return ok(`Table '${s.name}' created.`);
  }
}
