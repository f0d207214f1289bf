/** The Database: catalog, statement dispatch, transactions (undo log) and persistence hooks. */
import type { Select, Stmt } from "./ast.ts";
import type { BindScope, RelInfo } from "./binder.ts";
import type { PNode } from "./bound.ts";
import { SqlError } from "./errors.ts";
import { collect, compileNode } from "./exec.ts";
import { renderPlan } from "./explain.ts";
import { parse, parseEach } from "./parser.ts";
import { Store, type WalOp } from "./persist.ts";
import { type Catalog, Planner } from "./planner.ts";
import type { OrderedIndex, Table } from "./table.ts";
import { type UndoEntry, undoAll } from "./undo.ts";
import { Ddl, ok } from "./ddl.ts";
import { Dml } from "./dml.ts";
import type { SType, SqlValue } from "./values.ts";

/** Column names and rows of a query. */
export interface QueryResult { columns: string[]; rows: SqlValue[][] }
/** The outcome of one statement. */
export interface StatementResult extends QueryResult {
  kind: "rows" | "ok" | "plan";
  message: string;
  changes: number;
  /** Static type of each result column: I integer, R real, T text, N null, X mixed/unknown (R columns print 2.0, not 2). */
  types?: SType[];
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
  /** Data changes (used by DDL for CREATE TABLE … AS SELECT). */
  readonly dml = new Dml(this);
  private readonly ddl = new Ddl(this);
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
        return { kind: "rows", columns: p.names, rows, message: "", changes: 0, types: p.types };
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
    else if (s.k === "update" || s.k === "delete") {
      const text = renderPlan(this.dml.explain(s), false);
      return { kind: "plan", columns: ["plan"], rows: text.split("\n").map((l) => [l]), message: text, changes: 0 };
    }
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
      case "create_table": return this.ddl.createTable(s);
      case "drop_table": return this.ddl.dropTable(s);
      case "create_index": return this.ddl.createIndex(s);
      case "drop_index": return this.ddl.dropIndex(s);
      case "create_view": return this.ddl.createView(s);
      case "drop_view": return this.ddl.dropView(s);
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

  /** A binding scope exposing one table under `alias` (for UPDATE/DELETE). */
  tableScope(t: Table, alias: string | undefined, relId: number): { scope: BindScope; rel: RelInfo } {
    const rel: RelInfo = { rel: relId, name: alias ?? t.name, cols: t.columns.map((c) => ({ name: c.name, t: c.stype, aff: c.aff })), hidden: new Set() };
    return { scope: { rels: [rel], parent: undefined, correlated: false }, rel };
  }
}
