/** Token-level helpers shared by the parser layers: lookahead, keyword/operator matching, names, SQLite-style errors. */
import type { Pos } from "./ast.ts";
import { SqlError, syntaxError } from "./errors.ts";
import { type Token, tokenize } from "./lexer.ts";

/** Keywords that cannot be bare identifiers or implicit aliases. */
export const RESERVED = new Set([
  "ALL", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLLATE", "CREATE", "CROSS", "DEFAULT", "DELETE", "DESC",
  "DISTINCT", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "FROM", "FULL", "GLOB", "GROUP", "HAVING", "IN", "INDEX",
  "INNER", "INSERT", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "LEFT", "LIKE", "LIMIT", "NATURAL", "NOT", "NOTNULL", "NULL",
  "OFFSET", "ON", "OR", "ORDER", "OUTER", "PRIMARY", "REFERENCES", "RIGHT", "SELECT", "SET", "TABLE", "THEN", "UNION", "UNIQUE",
  "UPDATE", "USING", "VALUES", "WHEN", "WHERE",
]);


/** A cursor over the tokens of one SQL text. */
export class ParserBase {
  protected toks: Token[];
  protected i = 0;
  constructor(protected src: string) {
    this.toks = tokenize(src);
  }

  protected get t(): Token { return this.toks[this.i]!; }
  protected peek(n = 1): Token { return this.toks[Math.min(this.i + n, this.toks.length - 1)]!; }
  protected pos(): Pos { return { line: this.t.line, col: this.t.col }; }
  protected fail(tok: Token = this.t): never {
    if (tok.kind === "eof") throw new SqlError("incomplete input", { code: "ERR_SQL_SYNTAX", line: tok.line, column: tok.col });
    const text = this.src.slice(tok.pos, this.tokEnd(tok));
    throw syntaxError(text, tok.line, tok.col);
  }
  protected tokEnd(tok: Token): number {
    const idx = this.toks.indexOf(tok);
    if (tok.kind === "id" || tok.kind === "int" || tok.kind === "real" || tok.kind === "op") return tok.pos + tok.text.length;
    // quoted: scan to next token start, trimmed
    const next = this.toks[idx + 1];
    return next ? this.src.slice(tok.pos, next.pos).trimEnd().length + tok.pos : this.src.length;
  }
  protected isKw(...kws: string[]): boolean { return this.t.kind === "id" && kws.includes(this.t.up); }
  protected kw(k: string): boolean {
    if (this.t.kind === "id" && this.t.up === k) { this.i++; return true; }
    return false;
  }
  protected expectKw(k: string): void { if (!this.kw(k)) this.fail(); }
  protected isOp(o: string): boolean { return this.t.kind === "op" && this.t.text === o; }
  protected op(o: string): boolean {
    if (this.isOp(o)) { this.i++; return true; }
    return false;
  }
  protected expectOp(o: string): void { if (!this.op(o)) this.fail(); }
  protected name(): string {
    const t = this.t;
    if (t.kind === "qid" || t.kind === "str") { this.i++; return t.text; }
    if (t.kind === "id" && !RESERVED.has(t.up)) { this.i++; return t.text; }
    this.fail();
  }

  /** Source text from offset `start` to the end of the last consumed token. */
  protected text(start: number): string { return this.src.slice(start, this.i > 0 ? this.tokEnd(this.toks[this.i - 1]!) : start); }

  protected qualifiedName(): string {
    const n = this.name();
    if (this.op(".")) return this.name(); // schema.table: schema ignored (main)
    return n;
  }


  protected nameList(): string[] {
    this.expectOp("(");
    const out: string[] = [];
    do {
      out.push(this.name());
      this.kw("ASC") || this.kw("DESC");
    } while (this.op(","));
    this.expectOp(")");
    return out;
  }

}
