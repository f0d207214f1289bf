/** Recursive-descent SQL parser: statements (DDL, DML, transactions, EXPLAIN) on top of the query and expression layers. */
import type { ColumnDef, Expr, Pos, Stmt } from "./ast.ts";
import { RESERVED } from "./parser-base.ts";
import { SelectParser } from "./parser-select.ts";

/** Parses every statement in `sql`. */
export function parse(sql: string): Stmt[] {
  return [...new Parser(sql).each()];
}

/** Parses statements one at a time, so a caller can run each before a later one fails to parse (as sqlite3 does). */
export function parseEach(sql: string): Iterable<Stmt> {
  return new Parser(sql).each();
}

class Parser extends SelectParser {
  *each(): Generator<Stmt> {
    for (;;) {
      while (this.op(";"));
      if (this.t.kind === "eof") return;
      const start = this.t.pos;
      const s = this.statement(start);
      if (!this.isOp(";") && (this.t.kind as string) !== "eof") this.fail();
      yield s;
    }
  }


  private statement(start: number): Stmt {
    const p = this.pos();
    if (this.kw("EXPLAIN")) {
      let analyze = false;
      if (this.kw("ANALYZE")) analyze = true;
      else if (this.kw("QUERY")) this.expectKw("PLAN");
      const stmt = this.statement(this.t.pos);
      return { k: "explain", analyze, stmt, text: this.text(start) };
    }
    if (this.isKw("SELECT", "VALUES", "WITH") || this.isOp("(")) {
      const q = this.select();
      return { k: "select", q, text: this.text(start) };
    }
    if (this.kw("CREATE")) return this.create(start, p);
    if (this.kw("DROP")) {
      const what = this.t.up;
      if (!["TABLE", "INDEX", "VIEW"].includes(what) || this.t.kind !== "id") this.fail();
      this.i++;
      let ifExists = false;
      if (this.kw("IF")) { this.expectKw("EXISTS"); ifExists = true; }
      const np = this.pos();
      const name = this.qualifiedName();
      const k = what === "TABLE" ? "drop_table" : what === "INDEX" ? "drop_index" : "drop_view";
      return { k, name, ifExists, text: this.text(start), pos: np };
    }
    if (this.kw("INSERT") || this.isKw("REPLACE")) return this.insert(start, p);
    if (this.kw("UPDATE")) {
      const tp = this.pos();
      const table = this.qualifiedName();
      let alias: string | undefined;
      if (this.kw("AS")) alias = this.name();
      this.expectKw("SET");
      const sets: { col: string; e: Expr; pos: Pos }[] = [];
      do {
        const cp = this.pos();
        const col = this.name();
        this.expectOp("=");
        sets.push({ col, e: this.expr(), pos: cp });
      } while (this.op(","));
      const where = this.kw("WHERE") ? this.expr() : undefined;
      return { k: "update", table, alias, sets, where, text: this.text(start), pos: tp };
    }
    if (this.kw("DELETE")) {
      this.expectKw("FROM");
      const tp = this.pos();
      const table = this.qualifiedName();
      let alias: string | undefined;
      if (this.kw("AS")) alias = this.name();
      const where = this.kw("WHERE") ? this.expr() : undefined;
      return { k: "delete", table, alias, where, text: this.text(start), pos: tp };
    }
    if (this.kw("BEGIN")) {
      this.kw("DEFERRED") || this.kw("IMMEDIATE") || this.kw("EXCLUSIVE");
      this.kw("TRANSACTION");
      return { k: "begin", text: this.text(start) };
    }
    if (this.kw("COMMIT") || this.kw("END")) { this.kw("TRANSACTION"); return { k: "commit", text: this.text(start) }; }
    if (this.kw("ROLLBACK")) { this.kw("TRANSACTION"); return { k: "rollback", text: this.text(start) }; }
    this.fail();
  }

  protected create(start: number, p: Pos): Stmt {
    let unique = false;
    if (this.kw("UNIQUE")) unique = true;
    if (!unique && (this.kw("TEMP") || this.kw("TEMPORARY"))) { /* same as a normal table */ }
    if (!unique && this.kw("TABLE")) {
      let ifNotExists = false;
      if (this.kw("IF")) { this.expectKw("NOT"); this.expectKw("EXISTS"); ifNotExists = true; }
      const np = this.pos();
      const name = this.qualifiedName();
      if (this.kw("AS")) {
        const q = this.select();
        return { k: "create_table", name, ifNotExists, cols: [], pk: undefined, uniques: [], asSelect: q, text: this.text(start), pos: np };
      }
      this.expectOp("(");
      const cols: ColumnDef[] = [];
      let pk: string[] | undefined;
      const uniques: string[][] = [];
      do {
        if (this.isKw("PRIMARY", "UNIQUE", "CONSTRAINT", "CHECK", "FOREIGN")) {
          if (this.kw("CONSTRAINT")) this.name();
          if (this.kw("PRIMARY")) { this.expectKw("KEY"); pk = this.nameList(); }
          else if (this.kw("UNIQUE")) uniques.push(this.nameList());
          else if (this.kw("CHECK")) { this.expectOp("("); this.expr(); this.expectOp(")"); }
          else if (this.kw("FOREIGN")) { this.expectKw("KEY"); this.nameList(); this.references(); }
          continue;
        }
        cols.push(this.columnDef());
      } while (this.op(","));
      this.expectOp(")");
      return { k: "create_table", name, ifNotExists, cols, pk, uniques, asSelect: undefined, text: this.text(start), pos: np };
    }
    if (this.kw("INDEX")) {
      let ifNotExists = false;
      if (this.kw("IF")) { this.expectKw("NOT"); this.expectKw("EXISTS"); ifNotExists = true; }
      const np = this.pos();
      const name = this.qualifiedName();
      this.expectKw("ON");
      const table = this.name();
      this.expectOp("(");
      const cols: string[] = [];
      do {
        cols.push(this.name());
        if (this.kw("COLLATE")) this.name();
        this.kw("ASC") || this.kw("DESC");
      } while (this.op(","));
      this.expectOp(")");
      return { k: "create_index", name, table, cols, unique, ifNotExists, text: this.text(start), pos: np };
    }
    if (!unique && this.kw("VIEW")) {
      let ifNotExists = false;
      if (this.kw("IF")) { this.expectKw("NOT"); this.expectKw("EXISTS"); ifNotExists = true; }
      const np = this.pos();
      const name = this.qualifiedName();
      const cols = this.isOp("(") ? this.nameList() : undefined;
      this.expectKw("AS");
      const q = this.select();
      return { k: "create_view", name, ifNotExists, q, cols, text: this.text(start), pos: np };
    }
    void p;
    this.fail();
  }

  protected references(): void {
    if (this.kw("REFERENCES")) {
      this.name();
      if (this.isOp("(")) this.nameList();
      while (this.kw("ON")) { this.i++; if (this.kw("SET")) this.i++; else if (this.kw("NO")) this.i++; else this.i++; }
    }
  }

  protected columnDef(): ColumnDef {
    const name = this.name();
    let type = "";
    while (this.t.kind === "id" && !RESERVED.has(this.t.up) && !this.isKw("CONSTRAINT")) {
      type += (type ? " " : "") + this.t.up;
      this.i++;
    }
    if (this.op("(")) {
      this.op("-") || this.op("+");
      this.i++;
      if (this.op(",")) { this.op("-") || this.op("+"); this.i++; }
      this.expectOp(")");
    }
    const col: ColumnDef = { name, type, primaryKey: false, notNull: false, unique: false, def: undefined, defText: undefined };
    for (;;) {
      if (this.kw("CONSTRAINT")) { this.name(); continue; }
      if (this.kw("PRIMARY")) {
        this.expectKw("KEY");
        this.kw("ASC") || this.kw("DESC");
        col.primaryKey = true;
        this.kw("AUTOINCREMENT");
        continue;
      }
      if (this.kw("NOT")) { this.expectKw("NULL"); col.notNull = true; continue; }
      if (this.kw("NULL")) continue;
      if (this.kw("UNIQUE")) { col.unique = true; continue; }
      if (this.kw("DEFAULT")) {
        const s = this.t.pos;
        if (this.isOp("(")) { this.i++; col.def = this.expr(); this.expectOp(")"); }
        else if (this.isOp("-") || this.isOp("+")) { const p = this.pos(); const o = this.t.text as "-" | "+"; this.i++; col.def = { k: "unary", op: o, e: this.primary(), pos: p }; }
        else col.def = this.primary();
        col.defText = this.text(s);
        continue;
      }
      if (this.kw("CHECK")) { this.expectOp("("); this.expr(); this.expectOp(")"); continue; }
      if (this.kw("COLLATE")) { this.name(); continue; }
      if (this.isKw("REFERENCES")) { this.references(); continue; }
      break;
    }
    return col;
  }

  protected insert(start: number, p: Pos): Stmt {
    let orReplace = false;
    let orIgnore = false;
    if (this.kw("REPLACE")) orReplace = true;
    else if (this.kw("OR")) {
      if (this.kw("REPLACE")) orReplace = true;
      else if (this.kw("IGNORE")) orIgnore = true;
      else this.fail();
    }
    this.expectKw("INTO");
    const tp = this.pos();
    const table = this.qualifiedName();
    if (this.kw("AS")) this.name();
    const cols = this.isOp("(") ? this.nameList() : undefined;
    void p;
    if (this.kw("DEFAULT")) {
      this.expectKw("VALUES");
      return { k: "insert", table, cols, values: undefined, sel: undefined, orReplace, orIgnore, defaults: true, text: this.text(start), pos: tp };
    }
    if (this.isKw("VALUES")) {
      this.i++;
      const values: Expr[][] = [];
      do {
        this.expectOp("(");
        const row: Expr[] = [];
        do row.push(this.expr()); while (this.op(","));
        this.expectOp(")");
        values.push(row);
      } while (this.op(","));
      return { k: "insert", table, cols, values, sel: undefined, orReplace, orIgnore, defaults: false, text: this.text(start), pos: tp };
    }
    const sel = this.select();
    return { k: "insert", table, cols, values: undefined, sel, orReplace, orIgnore, defaults: false, text: this.text(start), pos: tp };
  }

}
