/** Recursive-descent SQL parser. Precedence follows SQLite: OR < AND < NOT < equality/IS/IN/LIKE/BETWEEN < relational < bitwise < additive < multiplicative < || < unary. */
import type { ColumnDef, Compound, Expr, FromItem, OrderTerm, Pos, Select, SelectCore, Stmt, ValuesCore } from "./ast.ts";
import { SqlError, syntaxError } from "./errors.ts";
import { type Token, tokenize } from "./lexer.ts";

const RESERVED = new Set([
  "ALL", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLLATE", "CREATE", "CROSS", "DEFAULT", "DELETE", "DESC",
  "DISTINCT", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "FROM", "FULL", "GLOB", "GROUP", "HAVING", "IN", "INDEX",
  "INNER", "INSERT", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "LEFT", "LIKE", "LIMIT", "NATURAL", "NOT", "NOTNULL", "NULL",
  "OFFSET", "ON", "OR", "ORDER", "OUTER", "PRIMARY", "REFERENCES", "RIGHT", "SELECT", "SET", "TABLE", "THEN", "UNION", "UNIQUE",
  "UPDATE", "USING", "VALUES", "WHEN", "WHERE",
]);

/** Parses every statement in `sql`. */
export function parse(sql: string): Stmt[] {
  return new Parser(sql).statements();
}

class Parser {
  private toks: Token[];
  private i = 0;
  constructor(private src: string) {
    this.toks = tokenize(src);
  }

  private get t(): Token { return this.toks[this.i]!; }
  private peek(n = 1): Token { return this.toks[Math.min(this.i + n, this.toks.length - 1)]!; }
  private pos(): Pos { return { line: this.t.line, col: this.t.col }; }
  private fail(tok: Token = this.t): never {
    if (tok.kind === "eof") throw new SqlError("incomplete input", { code: "ERR_SQL_SYNTAX", line: tok.line, column: tok.col });
    const text = this.src.slice(tok.pos, this.tokEnd(tok));
    throw syntaxError(text, tok.line, tok.col);
  }
  private tokEnd(tok: Token): number {
    const idx = this.toks.indexOf(tok);
    if (tok.kind === "id" || tok.kind === "int" || tok.kind === "real" || tok.kind === "op") return tok.pos + tok.text.length;
    // quoted: scan to next token start, trimmed
    const next = this.toks[idx + 1];
    return next ? this.src.slice(tok.pos, next.pos).trimEnd().length + tok.pos : this.src.length;
  }
  private isKw(...kws: string[]): boolean { return this.t.kind === "id" && kws.includes(this.t.up); }
  private kw(k: string): boolean {
    if (this.t.kind === "id" && this.t.up === k) { this.i++; return true; }
    return false;
  }
  private expectKw(k: string): void { if (!this.kw(k)) this.fail(); }
  private isOp(o: string): boolean { return this.t.kind === "op" && this.t.text === o; }
  private op(o: string): boolean {
    if (this.isOp(o)) { this.i++; return true; }
    return false;
  }
  private expectOp(o: string): void { if (!this.op(o)) this.fail(); }
  private name(): string {
    const t = this.t;
    if (t.kind === "qid" || t.kind === "str") { this.i++; return t.text; }
    if (t.kind === "id" && !RESERVED.has(t.up)) { this.i++; return t.text; }
    this.fail();
  }

  statements(): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      while (this.op(";"));
      if (this.t.kind === "eof") break;
      const start = this.t.pos;
      const s = this.statement(start);
      out.push(s);
      if (!this.isOp(";") && (this.t.kind as string) !== "eof") this.fail();
    }
    return out;
  }

  private text(start: number): string { return this.src.slice(start, this.i > 0 ? this.tokEnd(this.toks[this.i - 1]!) : start); }

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

  private qualifiedName(): string {
    const n = this.name();
    if (this.op(".")) return this.name(); // schema.table: schema ignored (main)
    return n;
  }

  private create(start: number, p: Pos): Stmt {
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

  private references(): void {
    if (this.kw("REFERENCES")) {
      this.name();
      if (this.isOp("(")) this.nameList();
      while (this.kw("ON")) { this.i++; if (this.kw("SET")) this.i++; else if (this.kw("NO")) this.i++; else this.i++; }
    }
  }

  private nameList(): string[] {
    this.expectOp("(");
    const out: string[] = [];
    do {
      out.push(this.name());
      this.kw("ASC") || this.kw("DESC");
    } while (this.op(","));
    this.expectOp(")");
    return out;
  }

  private columnDef(): ColumnDef {
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

  private insert(start: number, p: Pos): Stmt {
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

  // ---- queries ----

  select(): Select {
    const p = this.pos();
    let body = this.selectCore();
    for (;;) {
      let op: Compound["op"] | undefined;
      const cp = this.pos();
      if (this.kw("UNION")) op = this.kw("ALL") ? "unionall" : "union";
      else if (this.kw("INTERSECT")) op = "intersect";
      else if (this.kw("EXCEPT")) op = "except";
      if (!op) break;
      const r = this.selectCore();
      body = { k: "compound", op, l: body, r, pos: cp };
    }
    const orderBy: OrderTerm[] = [];
    if (this.kw("ORDER")) {
      this.expectKw("BY");
      do {
        const e = this.expr();
        if (this.kw("COLLATE")) this.name();
        let desc = false;
        if (this.kw("DESC")) desc = true;
        else this.kw("ASC");
        let nulls: OrderTerm["nulls"];
        if (this.kw("NULLS")) {
          if (this.kw("FIRST")) nulls = "first";
          else { this.expectKw("LAST"); nulls = "last"; }
        }
        orderBy.push({ e, desc, nulls });
      } while (this.op(","));
    }
    let limit: Expr | undefined;
    let offset: Expr | undefined;
    if (this.kw("LIMIT")) {
      limit = this.expr();
      if (this.kw("OFFSET")) offset = this.expr();
      else if (this.op(",")) { offset = limit; limit = this.expr(); }
    }
    return { k: "select", body, orderBy, limit, offset, pos: p };
  }

  private selectCore(): SelectCore | ValuesCore | Compound {
    const p = this.pos();
    if (this.isOp("(") ) {
      // parenthesised select in compound position
      this.i++;
      const q = this.select();
      this.expectOp(")");
      if (q.orderBy.length || q.limit) {
        return { k: "core", distinct: false, cols: [{ e: { k: "star", table: undefined, pos: p }, alias: undefined, text: "*" }], from: { k: "sub", sub: q, alias: undefined, pos: p }, where: undefined, groupBy: [], having: undefined, pos: p };
      }
      return q.body;
    }
    if (this.kw("VALUES")) {
      const rows: Expr[][] = [];
      do {
        this.expectOp("(");
        const row: Expr[] = [];
        do row.push(this.expr()); while (this.op(","));
        this.expectOp(")");
        rows.push(row);
      } while (this.op(","));
      return { k: "values", rows, pos: p };
    }
    this.expectKw("SELECT");
    let distinct = false;
    if (this.kw("DISTINCT")) distinct = true;
    else this.kw("ALL");
    const cols: SelectCore["cols"] = [];
    do {
      const s = this.t.pos;
      const cp = this.pos();
      if (this.isOp("*")) {
        this.i++;
        cols.push({ e: { k: "star", table: undefined, pos: cp }, alias: undefined, text: "*" });
        continue;
      }
      if ((this.t.kind === "id" || this.t.kind === "qid") && this.peek().text === "." && this.peek().kind === "op" && this.peek(2).text === "*" && this.peek(2).kind === "op") {
        const table = this.t.text;
        this.i += 3;
        cols.push({ e: { k: "star", table, pos: cp }, alias: undefined, text: table + ".*" });
        continue;
      }
      const e = this.expr();
      const text = this.text(s);
      let alias: string | undefined;
      if (this.kw("AS")) alias = this.name();
      else if ((this.t.kind === "id" && !RESERVED.has(this.t.up)) || this.t.kind === "qid" || this.t.kind === "str") alias = this.name();
      cols.push({ e, alias, text });
    } while (this.op(","));
    let from: FromItem | undefined;
    if (this.kw("FROM")) from = this.fromClause();
    const where = this.kw("WHERE") ? this.expr() : undefined;
    const groupBy: Expr[] = [];
    let having: Expr | undefined;
    if (this.kw("GROUP")) {
      this.expectKw("BY");
      do groupBy.push(this.expr()); while (this.op(","));
    }
    if (this.kw("HAVING")) having = this.expr();
    return { k: "core", distinct, cols, from, where, groupBy, having, pos: p };
  }

  private fromClause(): FromItem {
    let left = this.fromItem();
    for (;;) {
      const p = this.pos();
      if (this.op(",")) {
        const r = this.fromItem();
        left = { k: "join", kind: "cross", l: left, r, on: undefined, using: undefined, natural: false, pos: p };
        continue;
      }
      let natural = false;
      if (this.kw("NATURAL")) natural = true;
      let kind: "inner" | "left" | "cross" | undefined;
      if (this.kw("JOIN")) kind = "inner";
      else if (this.kw("INNER")) { this.expectKw("JOIN"); kind = "inner"; }
      else if (this.kw("CROSS")) { this.expectKw("JOIN"); kind = "cross"; }
      else if (this.kw("LEFT")) { this.kw("OUTER"); this.expectKw("JOIN"); kind = "left"; }
      else if (this.isKw("RIGHT", "FULL")) {
        throw new SqlError(`${this.t.up} JOIN is not supported`, { code: "ERR_SQL_UNSUPPORTED", line: this.t.line, column: this.t.col });
      }
      if (!kind) { if (natural) this.fail(); break; }
      const r = this.fromItem();
      let on: Expr | undefined;
      let using: string[] | undefined;
      if (this.kw("ON")) on = this.expr();
      else if (this.kw("USING")) using = this.nameList();
      left = { k: "join", kind: kind === "cross" && (on || using) ? "inner" : kind, l: left, r, on, using, natural, pos: p };
    }
    return left;
  }

  private fromItem(): FromItem {
    const p = this.pos();
    if (this.op("(")) {
      if (this.isKw("SELECT", "VALUES") || this.isOp("(")) {
        const sub = this.select();
        this.expectOp(")");
        return { k: "sub", sub, alias: this.alias(), pos: p };
      }
      const inner = this.fromClause();
      this.expectOp(")");
      return inner;
    }
    const name = this.qualifiedName();
    const alias = this.alias();
    if (this.kw("INDEXED")) { this.expectKw("BY"); this.name(); }
    else if (this.isKw("NOT") && this.peek().up === "INDEXED") this.i += 2;
    return { k: "table", name, alias, pos: p };
  }

  private alias(): string | undefined {
    if (this.kw("AS")) return this.name();
    if ((this.t.kind === "id" && !RESERVED.has(this.t.up) && !this.isKw("NATURAL", "LEFT", "INNER", "CROSS", "JOIN")) || this.t.kind === "qid" || this.t.kind === "str") return this.name();
    return undefined;
  }

  // ---- expressions ----

  expr(): Expr { return this.or(); }

  private or(): Expr {
    let l = this.and();
    while (this.isKw("OR")) { const p = this.pos(); this.i++; l = { k: "bin", op: "OR", l, r: this.and(), pos: p }; }
    return l;
  }
  private and(): Expr {
    let l = this.not();
    while (this.isKw("AND")) { const p = this.pos(); this.i++; l = { k: "bin", op: "AND", l, r: this.not(), pos: p }; }
    return l;
  }
  private not(): Expr {
    if (this.isKw("NOT")) { const p = this.pos(); this.i++; return { k: "unary", op: "NOT", e: this.not(), pos: p }; }
    return this.equality();
  }
  private equality(): Expr {
    let l = this.relational();
    for (;;) {
      const p = this.pos();
      if (this.t.kind === "op" && ["=", "==", "!=", "<>"].includes(this.t.text)) {
        const o = this.t.text === "==" ? "=" : this.t.text === "<>" ? "!=" : this.t.text;
        this.i++;
        l = { k: "bin", op: o, l, r: this.relational(), pos: p };
        continue;
      }
      if (this.kw("IS")) {
        const not = this.kw("NOT");
        if (this.kw("NULL")) { l = { k: "isnull", e: l, not, pos: p }; continue; }
        if (this.kw("DISTINCT")) { this.expectKw("FROM"); l = { k: "is", l, r: this.relational(), not: !not, pos: p }; continue; }
        l = { k: "is", l, r: this.relational(), not, pos: p };
        continue;
      }
      if (this.kw("ISNULL")) { l = { k: "isnull", e: l, not: false, pos: p }; continue; }
      if (this.kw("NOTNULL")) { l = { k: "isnull", e: l, not: true, pos: p }; continue; }
      let not = false;
      const save = this.i;
      if (this.isKw("NOT")) {
        if (this.peek().kind === "id" && this.peek().up === "NULL") { this.i += 2; l = { k: "isnull", e: l, not: true, pos: p }; continue; }
        not = true;
        this.i++;
      }
      if (this.kw("IN")) { l = this.inRest(l, not, p); continue; }
      if (this.isKw("LIKE", "GLOB")) {
        const glob = this.t.up === "GLOB";
        this.i++;
        const pat = this.relational();
        const esc = this.kw("ESCAPE") ? this.relational() : undefined;
        l = { k: "like", e: l, pat, esc, not, glob, pos: p };
        continue;
      }
      if (this.kw("BETWEEN")) {
        const lo = this.relational();
        this.expectKw("AND");
        const hi = this.relational();
        l = { k: "between", e: l, lo, hi, not, pos: p };
        continue;
      }
      this.i = save;
      return l;
    }
  }
  private inRest(e: Expr, not: boolean, p: Pos): Expr {
    if (this.op("(")) {
      if (this.isKw("SELECT", "VALUES")) {
        const sub = this.select();
        this.expectOp(")");
        return { k: "insub", e, sub, not, pos: p };
      }
      const list: Expr[] = [];
      if (!this.isOp(")")) do list.push(this.expr()); while (this.op(","));
      this.expectOp(")");
      return { k: "inlist", e, list, not, pos: p };
    }
    // IN table
    const tp = this.pos();
    const name = this.qualifiedName();
    const sub: Select = {
      k: "select",
      body: { k: "core", distinct: false, cols: [{ e: { k: "star", table: undefined, pos: tp }, alias: undefined, text: "*" }], from: { k: "table", name, alias: undefined, pos: tp }, where: undefined, groupBy: [], having: undefined, pos: tp },
      orderBy: [], limit: undefined, offset: undefined, pos: tp,
    };
    return { k: "insub", e, sub, not, pos: p };
  }
  private relational(): Expr {
    let l = this.bitwise();
    while (this.t.kind === "op" && ["<", "<=", ">", ">="].includes(this.t.text)) {
      const p = this.pos();
      const o = this.t.text;
      this.i++;
      l = { k: "bin", op: o, l, r: this.bitwise(), pos: p };
    }
    return l;
  }
  private bitwise(): Expr {
    let l = this.additive();
    while (this.t.kind === "op" && ["&", "|", "<<", ">>"].includes(this.t.text)) {
      const p = this.pos();
      const o = this.t.text;
      this.i++;
      l = { k: "bin", op: o, l, r: this.additive(), pos: p };
    }
    return l;
  }
  private additive(): Expr {
    let l = this.multiplicative();
    while (this.t.kind === "op" && (this.t.text === "+" || this.t.text === "-")) {
      const p = this.pos();
      const o = this.t.text;
      this.i++;
      l = { k: "bin", op: o, l, r: this.multiplicative(), pos: p };
    }
    return l;
  }
  private multiplicative(): Expr {
    let l = this.concat();
    while (this.t.kind === "op" && (this.t.text === "*" || this.t.text === "/" || this.t.text === "%")) {
      const p = this.pos();
      const o = this.t.text;
      this.i++;
      l = { k: "bin", op: o, l, r: this.concat(), pos: p };
    }
    return l;
  }
  private concat(): Expr {
    let l = this.unary();
    while (this.isOp("||")) {
      const p = this.pos();
      this.i++;
      l = { k: "bin", op: "||", l, r: this.unary(), pos: p };
    }
    return l;
  }
  private unary(): Expr {
    const p = this.pos();
    if (this.t.kind === "op" && (this.t.text === "-" || this.t.text === "+" || this.t.text === "~")) {
      const o = this.t.text as "-" | "+" | "~";
      this.i++;
      const e = this.unary();
      if (o === "-" && e.k === "lit" && typeof e.v === "number" && !(e as { neg?: boolean }).neg) return { k: "lit", v: -e.v, real: e.real, pos: p };
      if (o === "-" && e.k === "lit" && typeof e.v === "bigint") {
        const v = -e.v;
        return { k: "lit", v: v >= -(2n ** 53n) ? Number(v) : v, pos: p };
      }
      return { k: "unary", op: o, e, pos: p };
    }
    let e = this.primary();
    while (this.kw("COLLATE")) this.name();
    return e;
  }

  primary(): Expr {
    const t = this.t;
    const p = this.pos();
    switch (t.kind) {
      case "int": {
        this.i++;
        if (t.text.startsWith("0x") || t.text.startsWith("0X")) {
          const b = BigInt(t.text);
          return { k: "lit", v: BigInt.asIntN(64, b) <= 2n ** 53n && BigInt.asIntN(64, b) >= -(2n ** 53n) ? Number(BigInt.asIntN(64, b)) : BigInt.asIntN(64, b), pos: p };
        }
        const n = Number(t.text);
        if (Number.isSafeInteger(n)) return { k: "lit", v: n, pos: p };
        const b = BigInt(t.text);
        if (b > 9223372036854775807n) return { k: "lit", v: n, real: true, pos: p };
        return { k: "lit", v: b, pos: p };
      }
      case "real":
        this.i++;
        return { k: "lit", v: Number(t.text), real: true, pos: p };
      case "str":
        this.i++;
        return { k: "lit", v: t.text, pos: p };
      case "blob":
        this.i++;
        return { k: "lit", v: Buffer.from(t.text, "hex").toString("latin1"), pos: p };
      case "qid":
        return this.columnRef();
      case "op":
        if (t.text === "(") {
          this.i++;
          if (this.isKw("SELECT", "VALUES")) {
            const sub = this.select();
            this.expectOp(")");
            return { k: "subq", sub, pos: p };
          }
          const e = this.expr();
          if (this.isOp(",")) {
            throw new SqlError("row value misused", { code: "ERR_SQL_UNSUPPORTED", line: p.line, column: p.col });
          }
          this.expectOp(")");
          return e;
        }
        this.fail();
      case "id": {
        switch (t.up) {
          case "NULL": this.i++; return { k: "lit", v: null, pos: p };
          case "TRUE": this.i++; return { k: "lit", v: 1, pos: p };
          case "FALSE": this.i++; return { k: "lit", v: 0, pos: p };
          case "CURRENT_TIMESTAMP": case "CURRENT_DATE": case "CURRENT_TIME": {
            this.i++;
            const iso = new Date().toISOString();
            const v = t.up === "CURRENT_DATE" ? iso.slice(0, 10) : t.up === "CURRENT_TIME" ? iso.slice(11, 19) : iso.slice(0, 10) + " " + iso.slice(11, 19);
            return { k: "lit", v, pos: p };
          }
          case "CASE": return this.caseExpr();
          case "CAST": {
            this.i++;
            this.expectOp("(");
            const e = this.expr();
            this.expectKw("AS");
            let type = "";
            while (this.t.kind === "id") { type += (type ? " " : "") + this.t.up; this.i++; }
            if (!type) this.fail();
            if (this.op("(")) { this.i++; if (this.op(",")) this.i++; this.expectOp(")"); }
            this.expectOp(")");
            return { k: "cast", e, type, pos: p };
          }
          case "EXISTS": {
            this.i++;
            this.expectOp("(");
            const sub = this.select();
            this.expectOp(")");
            return { k: "exists", sub, not: false, pos: p };
          }
          case "NOT":
            if (this.peek().up === "EXISTS") {
              this.i += 2;
              this.expectOp("(");
              const sub = this.select();
              this.expectOp(")");
              return { k: "exists", sub, not: true, pos: p };
            }
        }
        if (RESERVED.has(t.up)) this.fail();
        if (this.peek().kind === "op" && this.peek().text === "(") return this.call();
        return this.columnRef();
      }
      default:
        this.fail();
    }
  }

  private columnRef(): Expr {
    const p = this.pos();
    const a = this.name();
    if (this.isOp(".")) {
      this.i++;
      const b = this.name();
      if (this.isOp(".")) { this.i++; const c = this.name(); return { k: "col", table: b, name: c, pos: p }; }
      return { k: "col", table: a, name: b, pos: p };
    }
    return { k: "col", table: undefined, name: a, pos: p };
  }

  private call(): Expr {
    const p = this.pos();
    const name = this.t.text.toLowerCase();
    this.i += 2;
    if (this.op("*")) {
      this.expectOp(")");
      return { k: "fn", name, args: [], distinct: false, star: true, pos: p };
    }
    const distinct = this.kw("DISTINCT");
    if (!distinct) this.kw("ALL");
    const args: Expr[] = [];
    if (!this.isOp(")")) do args.push(this.expr()); while (this.op(","));
    this.expectOp(")");
    return { k: "fn", name, args, distinct, star: false, pos: p };
  }

  private caseExpr(): Expr {
    const p = this.pos();
    this.i++;
    const base = this.isKw("WHEN") ? undefined : this.expr();
    const whens: { when: Expr; then: Expr }[] = [];
    while (this.kw("WHEN")) {
      const when = this.expr();
      this.expectKw("THEN");
      whens.push({ when, then: this.expr() });
    }
    if (!whens.length) this.fail();
    const els = this.kw("ELSE") ? this.expr() : undefined;
    this.expectKw("END");
    return { k: "case", base, whens, else: els, pos: p };
  }
}
