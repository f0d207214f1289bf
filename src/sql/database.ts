/** The Database: catalog, statement dispatch, transactions (undo log) and persistence hooks. */
import type { ColumnDef, Select, Stmt } from "./ast.ts";
import type { BindScope, RelInfo } from "./binder.ts";
import type { PNode } from "./bound.ts";
import { SqlError } from "./errors.ts";
import { collect, compileNode } from "./exec.ts";
import { renderPlan } from "./explain.ts";
import { parse, parseEach } from "./parser.ts";
import { Store, type WalOp } from "./persist.ts";
import { type Catalog, Planner } from "./planner.ts";
import { OrderedIndex, Table, columnOf } from "./table.ts";
import { type UndoEntry, undoAll } from "./undo.ts";
import { Dml } from "./dml.ts";
import type { SqlValue } from "./values.ts";

/** Column names and rows of a query. */
export interface QueryResult { columns: string[]; rows: SqlValue[][] }
/** The outcome of one statement. */
export interface StatementResult extends QueryResult {
  kind: "rows" | "ok" | "plan";
  message: string;
  changes: number;
}
/** Options for opening a database (reserved). */
export interface DatabaseOptions {
  /** Checkpoint (snapshot + WAL truncation) once the WAL exceeds this many bytes; default 64 MiB. */
  checkpointBytes?: number;
}

interface View { name: string; sel: Select; cols: string[] | undefined; sql: string }

function plural(n: number, what: string): string {
  return `${n} row${n === 1 ? "" : "s"} ${what}.`;
}

/** An in-memory SQL database, optionally persisted to a file. */
export class Database implements Catalog {
  /** Tables by lower-case name. */
  readonly tablesByName = new Map<string, Table>();
  readonly viewsByName = new Map<string, View>();
  readonly indexesByName = new Map<string, OrderedIndex>();
  /** Undo entries of the current statement/transaction. */
  undo: UndoEntry[] = [];
  private inTxn = false;
  private pendingWal: WalOp[] = [];
  private store: Store | undefined;
  private replaying = false;
  private readonly dml = new Dml(this);
  private readonly checkpointBytes: number;

  constructor(path?: string, options: DatabaseOptions = {}) {
    this.checkpointBytes = options.checkpointBytes ?? 64 * 1024 * 1024;
    if (path !== undefined && path !== "" && path !== ":memory:") {
      this.store = new Store(path);
      const { snap, ops } = this.store.load();
      this.replaying = true;
      try {
        if (snap) {
          for (const sql of snap.schema) this.exec(sql);
          for (const [name, rows] of Object.entries(snap.data)) this.insertRows(name, rows);
        }
        for (const unit of ops) for (const op of unit) {
          if ("sql" in op) this.exec(op.sql);
          else this.insertRows(op.table, op.rows);
        }
      } finally {
        this.replaying = false;
      }
      this.undo = [];
    }
  }

  table(name: string): Table | undefined { return this.tablesByName.get(name.toLowerCase()); }
  view(name: string): View | undefined { return this.viewsByName.get(name.toLowerCase()); }

  /** Runs every statement in `sql`; stops at the first error. */
  exec(sql: string): StatementResult[] {
    const out: StatementResult[] = [];
    for (const s of parseEach(sql)) out.push(this.run(s));
    return out;
  }

  /** Runs `sql` and returns the last statement's columns and rows. */
  query(sql: string): QueryResult {
    const rs = this.exec(sql);
    const last = rs[rs.length - 1];
    return last ? { columns: last.columns, rows: last.rows } : { columns: [], rows: [] };
  }

  /** Like query, plus the static type of each column (I, R, T, N, X): the sqllogictest runner prints by it. */
  queryTyped(sql: string): QueryResult & { types: import("./values.ts").SType[] } {
    const stmts = parse(sql);
    let last: QueryResult & { types: import("./values.ts").SType[] } = { columns: [], rows: [], types: [] };
    for (const s of stmts) {
      if (s.k === "select") {
        const p = new Planner(this).planSelect(s.q, undefined);
        const rows = collect(compileNode(p.node, [], { analyze: false }), []);
        last = { columns: p.names, rows, types: p.types };
      } else {
        const r = this.run(s);
        last = { columns: r.columns, rows: r.rows, types: r.columns.map(() => "X") };
      }
    }
    return last;
  }

  /** Sorted table names. */
  tables(): string[] { return [...this.tablesByName.values()].map((t) => t.name).sort(); }
  /** Sorted view names. */
  views(): string[] { return [...this.viewsByName.values()].map((v) => v.name).sort(); }

  /** CREATE statements of tables, indexes and views (or of one table/view and its indexes). */
  schema(name?: string): string[] {
    const out: string[] = [];
    const n = name?.toLowerCase();
    for (const t of this.tablesByName.values()) {
      if (n !== undefined && t.name.toLowerCase() !== n) continue;
      out.push(t.sql);
      for (const i of t.indexes) if (i.sql) out.push(i.sql);
    }
    for (const v of this.viewsByName.values()) if (n === undefined || v.name.toLowerCase() === n) out.push(v.sql);
    return out;
  }

  /** Bulk load: rows converted by column affinity, constraints enforced, atomic. */
  insertRows(table: string, rows: SqlValue[][]): number {
    const t = this.table(table);
    if (!t) throw new SqlError(`no such table: ${table}`, { code: "ERR_SQL_NAME" });
    const mark = this.undo.length;
    try {
      const n = this.dml.insertValues(t, rows, undefined, "abort");
      this.logCommit({ table: t.name, rows });
      return n;
    } catch (e) {
      undoAll(this.undo.splice(mark));
      throw e;
    } finally {
      if (!this.inTxn) this.undo = [];
    }
  }

  /** Checkpoints the file (if any) and releases it. */
  close(): void {
    if (!this.store) return;
    if (this.inTxn) { undoAll(this.undo); this.undo = []; this.inTxn = false; this.pendingWal = []; }
    this.checkpoint();
    this.store.close();
    this.store = undefined;
  }

  private checkpoint(): void {
    const data: Record<string, SqlValue[][]> = {};
    const schema: string[] = [];
    for (const t of this.tablesByName.values()) {
      schema.push(t.sql);
      data[t.name] = t.rows;
    }
    for (const t of this.tablesByName.values()) for (const i of t.indexes) if (i.sql) schema.push(i.sql);
    for (const v of this.viewsByName.values()) schema.push(v.sql);
    this.store!.checkpoint(schema, data);
  }

  private logCommit(op: WalOp): void {
    if (!this.store || this.replaying) return;
    if (this.inTxn) { this.pendingWal.push(op); return; }
    this.store.append([op]);
    if (this.store.walBytes > this.checkpointBytes) this.checkpoint();
  }

  private run(s: Stmt): StatementResult {
    switch (s.k) {
      case "begin":
        if (this.inTxn) throw new SqlError("cannot start a transaction within a transaction", { code: "ERR_SQL_TXN" });
        this.inTxn = true;
        return ok("Transaction started.");
      case "commit":
        if (!this.inTxn) throw new SqlError("cannot commit - no transaction is active", { code: "ERR_SQL_TXN" });
        this.inTxn = false;
        this.undo = [];
        if (this.store && this.pendingWal.length) {
          this.store.append(this.pendingWal);
          if (this.store.walBytes > this.checkpointBytes) this.checkpoint();
        }
        this.pendingWal = [];
        return ok("Transaction committed.");
      case "rollback":
        if (!this.inTxn) throw new SqlError("cannot rollback - no transaction is active", { code: "ERR_SQL_TXN" });
        undoAll(this.undo);
        this.undo = [];
        this.inTxn = false;
        this.pendingWal = [];
        return ok("Transaction rolled back.");
      case "select": {
        const planner = new Planner(this);
        const p = planner.planSelect(s.q, undefined);
        const rows = collect(compileNode(p.node, [], { analyze: false }), []);
        return { kind: "rows", columns: p.names, rows, message: "", changes: 0 };
      }
      case "explain": return this.explain(s.stmt, s.analyze);
      default: {
        const mark = this.undo.length;
        try {
          const r = this.mutate(s);
          if (!this.replaying) this.logCommit({ sql: s.text });
          return r;
        } catch (e) {
          undoAll(this.undo.splice(mark));
          throw e;
        } finally {
          if (!this.inTxn) this.undo = [];
        }
      }
    }
  }

  private explain(s: Stmt, analyze: boolean): StatementResult {
    let node: PNode;
    const planner = new Planner(this);
    if (s.k === "select") node = planner.planSelect(s.q, undefined).node;
    else if (s.k === "explain") return this.explain(s.stmt, analyze);
    else throw new SqlError("EXPLAIN supports queries only", { code: "ERR_SQL_UNSUPPORTED" });
    if (analyze) {
      const t0 = performance.now();
      const rows = collect(compileNode(node, [], { analyze: true }), []);
      const text = renderPlan(node, true) + `\n   Actual: ${rows.length} row${rows.length === 1 ? "" : "s"} in ${(performance.now() - t0).toFixed(3)} ms`;
      return { kind: "plan", columns: ["plan"], rows: text.split("\n").map((l) => [l]), message: text, changes: 0 };
    }
    const text = renderPlan(node, false);
    return { kind: "plan", columns: ["plan"], rows: text.split("\n").map((l) => [l]), message: text, changes: 0 };
  }

  private mutate(s: Stmt): StatementResult {
    switch (s.k) {
      case "create_table": return this.createTable(s);
      case "drop_table": {
        const t = this.table(s.name);
        if (!t) {
          if (this.view(s.name)) throw new SqlError(`use DROP VIEW to delete view ${s.name}`, { code: "ERR_SQL_NAME" });
          if (s.ifExists) return ok(`Table '${s.name}' does not exist.`);
          throw new SqlError(`no such table: ${s.name}`, { code: "ERR_SQL_NAME", line: s.pos.line, column: s.pos.col });
        }
        const key = t.name.toLowerCase();
        this.tablesByName.delete(key);
        for (const i of t.indexes) this.indexesByName.delete(i.name.toLowerCase());
        this.undo.push({ k: "fn", undo: () => { this.tablesByName.set(key, t); for (const i of t.indexes) this.indexesByName.set(i.name.toLowerCase(), i); } });
        return ok(`Table '${t.name}' dropped.`);
      }
      case "create_index": {
        const t = this.table(s.table);
        if (!t) throw new SqlError(`no such table: main.${s.table}`, { code: "ERR_SQL_NAME" });
        const key = s.name.toLowerCase();
        if (this.indexesByName.has(key) || this.tablesByName.has(key)) {
          if (s.ifNotExists) return ok(`Index '${s.name}' already exists.`);
          throw new SqlError(`${this.indexesByName.has(key) ? "index" : "there is already a table named"} ${s.name}${this.indexesByName.has(key) ? " already exists" : ""}`, { code: "ERR_SQL_NAME" });
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
        this.indexesByName.set(key, idx);
        this.undo.push({ k: "fn", undo: () => { this.indexesByName.delete(key); t.indexes = t.indexes.filter((x) => x !== idx); } });
        return ok(`Index '${s.name}' created.`);
      }
      case "drop_index": {
        const key = s.name.toLowerCase();
        const idx = this.indexesByName.get(key);
        if (!idx || !idx.sql) {
          if (s.ifExists) return ok(`Index '${s.name}' does not exist.`);
          throw new SqlError(`no such index: ${s.name}`, { code: "ERR_SQL_NAME" });
        }
        const t = this.table(idx.table)!;
        this.indexesByName.delete(key);
        const before = t.indexes;
        t.indexes = t.indexes.filter((x) => x !== idx);
        this.undo.push({ k: "fn", undo: () => { this.indexesByName.set(key, idx); t.indexes = before; idx.rebuild(t.rows); } });
        return ok(`Index '${s.name}' dropped.`);
      }
      case "create_view": {
        const key = s.name.toLowerCase();
        if (this.viewsByName.has(key) || this.tablesByName.has(key)) {
          if (s.ifNotExists) return ok(`View '${s.name}' already exists.`);
          throw new SqlError(`${this.viewsByName.has(key) ? "view" : "table"} ${s.name} already exists`, { code: "ERR_SQL_NAME" });
        }
        // validate now: names must resolve
        new Planner(this).planSelect(s.q, undefined);
        this.viewsByName.set(key, { name: s.name, sel: s.q, cols: s.cols, sql: s.text });
        this.undo.push({ k: "fn", undo: () => { this.viewsByName.delete(key); } });
        return ok(`View '${s.name}' created.`);
      }
      case "drop_view": {
        const key = s.name.toLowerCase();
        const v = this.viewsByName.get(key);
        if (!v) {
          if (s.ifExists) return ok(`View '${s.name}' does not exist.`);
          throw new SqlError(`no such view: ${s.name}`, { code: "ERR_SQL_NAME" });
        }
        this.viewsByName.delete(key);
        this.undo.push({ k: "fn", undo: () => { this.viewsByName.set(key, v); } });
        return ok(`View '${s.name}' dropped.`);
      }
      case "insert": {
        const n = this.dml.insert(s);
        return { ...ok(plural(n, "inserted")), changes: n };
      }
      case "update": {
        const n = this.dml.update(s);
        return { ...ok(plural(n, "updated")), changes: n };
      }
      case "delete": {
        const n = this.dml.delete(s);
        return { ...ok(plural(n, "deleted")), changes: n };
      }
      default:
        throw new SqlError("not supported", { code: "ERR_SQL_UNSUPPORTED" });
    }
  }

  private createTable(s: Stmt & { k: "create_table" }): StatementResult {
    const key = s.name.toLowerCase();
    if (this.tablesByName.has(key) || this.viewsByName.has(key)) {
      if (s.ifNotExists) return ok(`Table '${s.name}' already exists.`);
      throw new SqlError(`${this.tablesByName.has(key) ? "table" : "view"} ${s.name} already exists`, { code: "ERR_SQL_NAME", line: s.pos.line, column: s.pos.col });
    }
    let defs: ColumnDef[] = s.cols;
    let rows: SqlValue[][] | undefined;
    let sql = s.text;
    if (s.asSelect) {
      const p = new Planner(this).planSelect(s.asSelect, undefined);
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
    this.tablesByName.set(key, t);
    for (const i of t.indexes) this.indexesByName.set(i.name.toLowerCase(), i);
    this.undo.push({ k: "fn", undo: () => { this.tablesByName.delete(key); for (const i of t.indexes) this.indexesByName.delete(i.name.toLowerCase()); } });
    if (rows) this.dml.insertValues(t, rows, undefined, "abort");
    return ok(`Table '${s.name}' created.`);
  }

  /** A binding scope exposing one table under `alias` (for UPDATE/DELETE). */
  tableScope(t: Table, alias: string | undefined, relId: number): { scope: BindScope; rel: RelInfo } {
    const rel: RelInfo = { rel: relId, name: alias ?? t.name, cols: t.columns.map((c) => ({ name: c.name, t: c.stype, aff: c.aff })), hidden: new Set() };
    return { scope: { rels: [rel], parent: undefined, correlated: false }, rel };
  }
}

function ok(message: string): StatementResult {
  return { kind: "ok", columns: [], rows: [], message, changes: 0 };
}
