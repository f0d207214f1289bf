/** Query parsing: SELECT cores, VALUES, compounds, ORDER BY/LIMIT, FROM clauses with joins and subqueries. */
import type { Compound, Expr, FromItem, OrderTerm, Select, SelectCore, ValuesCore } from "./ast.ts";
import { SqlError } from "./errors.ts";
import { RESERVED } from "./parser-base.ts";
import { ExprParser } from "./parser-expr.ts";

/** Parses queries on top of expressions. */
export abstract class SelectParser extends ExprParser {

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

  protected selectCore(): SelectCore | ValuesCore | Compound {
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

  protected fromClause(): FromItem {
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

  protected fromItem(): FromItem {
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

  protected alias(): string | undefined {
    if (this.kw("AS")) return this.name();
    if ((this.t.kind === "id" && !RESERVED.has(this.t.up) && !this.isKw("NATURAL", "LEFT", "INNER", "CROSS", "JOIN")) || this.t.kind === "qid" || this.t.kind === "str") return this.name();
    return undefined;
  }

}
