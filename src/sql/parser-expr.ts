/** Expression parsing with SQLite's precedence: OR < AND < NOT < = IS IN LIKE BETWEEN < relational < bit ops < additive < multiplicative < || < unary. */
import type { Expr, Pos, Select } from "./ast.ts";
import { SqlError } from "./errors.ts";
import { ParserBase, RESERVED } from "./parser-base.ts";

/** Parses expressions; subqueries call back into the query layer's `select()`. */
export abstract class ExprParser extends ParserBase {
  /** Parses a full query (supplied by the query layer). */
  abstract select(): Select;


  expr(): Expr { return this.or(); }

  protected or(): Expr {
    let l = this.and();
    while (this.isKw("OR")) { const p = this.pos(); this.i++; l = { k: "bin", op: "OR", l, r: this.and(), pos: p }; }
    return l;
  }
  protected and(): Expr {
    let l = this.not();
    while (this.isKw("AND")) { const p = this.pos(); this.i++; l = { k: "bin", op: "AND", l, r: this.not(), pos: p }; }
    return l;
  }
  protected not(): Expr {
    if (this.isKw("NOT")) { const p = this.pos(); this.i++; return { k: "unary", op: "NOT", e: this.not(), pos: p }; }
    return this.equality();
  }
  protected equality(): Expr {
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
  protected inRest(e: Expr, not: boolean, p: Pos): Expr {
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
  protected relational(): Expr {
    let l = this.bitwise();
    while (this.t.kind === "op" && ["<", "<=", ">", ">="].includes(this.t.text)) {
      const p = this.pos();
      const o = this.t.text;
      this.i++;
      l = { k: "bin", op: o, l, r: this.bitwise(), pos: p };
    }
    return l;
  }
  protected bitwise(): Expr {
    let l = this.additive();
    while (this.t.kind === "op" && ["&", "|", "<<", ">>"].includes(this.t.text)) {
      const p = this.pos();
      const o = this.t.text;
      this.i++;
      l = { k: "bin", op: o, l, r: this.additive(), pos: p };
    }
    return l;
  }
  protected additive(): Expr {
    let l = this.multiplicative();
    while (this.t.kind === "op" && (this.t.text === "+" || this.t.text === "-")) {
      const p = this.pos();
      const o = this.t.text;
      this.i++;
      l = { k: "bin", op: o, l, r: this.multiplicative(), pos: p };
    }
    return l;
  }
  protected multiplicative(): Expr {
    let l = this.concat();
    while (this.t.kind === "op" && (this.t.text === "*" || this.t.text === "/" || this.t.text === "%")) {
      const p = this.pos();
      const o = this.t.text;
      this.i++;
      l = { k: "bin", op: o, l, r: this.concat(), pos: p };
    }
    return l;
  }
  protected concat(): Expr {
    let l = this.unary();
    while (this.isOp("||")) {
      const p = this.pos();
      this.i++;
      l = { k: "bin", op: "||", l, r: this.unary(), pos: p };
    }
    return l;
  }
  protected unary(): Expr {
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

  protected columnRef(): Expr {
    const p = this.pos();
    const dq = this.t.kind === "qid" && this.src[this.t.pos] === '"';
    const a = this.name();
    if (this.isOp(".")) {
      this.i++;
      const b = this.name();
      if (this.isOp(".")) { this.i++; const c = this.name(); return { k: "col", table: b, name: c, pos: p }; }
      return { k: "col", table: a, name: b, pos: p };
    }
    return dq ? { k: "col", table: undefined, name: a, pos: p, dq } : { k: "col", table: undefined, name: a, pos: p };
  }

  protected call(): Expr {
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

  protected caseExpr(): Expr {
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
