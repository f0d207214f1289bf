/** SQL tokenizer: identifiers (bare, "quoted", [bracketed], `backticked`), numbers, 'strings', operators; positions 1-based. */
import { SqlError, syntaxError } from "./errors.ts";

/** Token kinds. `id` covers keywords too: the parser matches keywords by upper-cased text of unquoted ids. */
export type TokKind = "id" | "qid" | "int" | "real" | "str" | "blob" | "op" | "eof";

/** One token with its source position. */
export interface Token {
  kind: TokKind;
  /** Identifier/keyword text (unquoted), literal text, or operator. */
  text: string;
  /** Upper-cased text for `id` tokens (keyword matching). */
  up: string;
  pos: number;
  line: number;
  col: number;
}

const OPS3 = new Set(["<=>"]);
const OPS2 = new Set(["<=", ">=", "<>", "!=", "==", "||", "<<", ">>"]);
const OPS1 = new Set(["(", ")", ",", ";", "+", "-", "*", "/", "%", "=", "<", ">", ".", "&", "|", "~"]);

function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57) || c === 36;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Tokenizes `sql`; comments (-- and /* *\/) are skipped. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = sql.length;
  const push = (kind: TokKind, text: string, start: number, sLine: number, sCol: number) => {
    out.push({ kind, text, up: kind === "id" ? text.toUpperCase() : text, pos: start, line: sLine, col: sCol });
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === 10) { i++; line++; lineStart = i; continue; }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) { i++; continue; }
    const start = i;
    const sLine = line;
    const sCol = i - lineStart + 1;
    if (c === 45 && sql.charCodeAt(i + 1) === 45) {
      while (i < n && sql.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      i += 2;
      while (i < n && !(sql.charCodeAt(i) === 42 && sql.charCodeAt(i + 1) === 47)) {
        if (sql.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
        i++;
      }
      i = Math.min(n, i + 2);
      continue;
    }
    if ((c === 120 || c === 88) && sql.charCodeAt(i + 1) === 39) {
      const end = sql.indexOf("'", i + 2);
      if (end < 0) throw new SqlError("unrecognized token: \"" + sql.slice(i) + "\"", { code: "ERR_SQL_SYNTAX", line: sLine, column: sCol });
      push("blob", sql.slice(i + 2, end), start, sLine, sCol);
      i = end + 1;
      continue;
    }
    if (isIdStart(c)) {
      while (i < n && isIdPart(sql.charCodeAt(i))) i++;
      push("id", sql.slice(start, i), start, sLine, sCol);
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      let real = false;
      if (c === 48 && (sql[i + 1] === "x" || sql[i + 1] === "X") && /[0-9a-fA-F]/.test(sql[i + 2] ?? "")) {
        i += 2;
        while (i < n && /[0-9a-fA-F]/.test(sql[i]!)) i++;
        push("int", sql.slice(start, i), start, sLine, sCol);
        continue;
      }
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      if (sql.charCodeAt(i) === 46) { real = true; i++; while (i < n && isDigit(sql.charCodeAt(i))) i++; }
      if (sql[i] === "e" || sql[i] === "E") {
        let j = i + 1;
        if (sql[j] === "+" || sql[j] === "-") j++;
        if (isDigit(sql.charCodeAt(j))) {
          real = true;
          i = j;
          while (i < n && isDigit(sql.charCodeAt(i))) i++;
        }
      }
      if (i < n && isIdStart(sql.charCodeAt(i))) {
        while (i < n && isIdPart(sql.charCodeAt(i))) i++;
        throw new SqlError(`unrecognized token: "${sql.slice(start, i)}"`, { code: "ERR_SQL_SYNTAX", line: sLine, column: sCol });
      }
      push(real ? "real" : "int", sql.slice(start, i), start, sLine, sCol);
      continue;
    }
    if (c === 39 || c === 34 || c === 96 || c === 91) {
      const close = c === 91 ? "]" : sql[i]!;
      let text = "";
      i++;
      for (;;) {
        if (i >= n) {
          throw new SqlError(`unrecognized token: "${sql.slice(start)}"`, { code: "ERR_SQL_SYNTAX", line: sLine, column: sCol });
        }
        const ch = sql[i]!;
        if (ch === "\n") { line++; lineStart = i + 1; }
        if (ch === close) {
          if (close !== "]" && sql[i + 1] === close) { text += close; i += 2; continue; }
          i++;
          break;
        }
        text += ch;
        i++;
      }
      push(c === 39 ? "str" : "qid", text, start, sLine, sCol);
      continue;
    }
    const three = sql.slice(i, i + 3);
    if (OPS3.has(three)) { push("op", three, start, sLine, sCol); i += 3; continue; }
    const two = sql.slice(i, i + 2);
    if (OPS2.has(two)) { push("op", two, start, sLine, sCol); i += 2; continue; }
    const one = sql[i]!;
    if (OPS1.has(one)) { push("op", one, start, sLine, sCol); i++; continue; }
    throw syntaxError(one, sLine, sCol);
  }
  out.push({ kind: "eof", text: "", up: "", pos: n, line, col: n - lineStart + 1 });
  return out;
}

/** True when `text` ends with a complete statement: a `;` outside strings, identifiers and comments (like sqlite3_complete). */
export function isComplete(text: string): boolean {
  let complete = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === ";") { complete = true; i++; continue; }
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f") { i++; continue; }
    if (ch === "-" && text[i + 1] === "-") {
      const e = text.indexOf("\n", i);
      if (e < 0) return complete;
      i = e + 1;
      continue;
    }
    if (ch === "/" && text[i + 1] === "*") {
      const e = text.indexOf("*/", i + 2);
      if (e < 0) return false;
      i = e + 2;
      continue;
    }
    complete = false;
    if (ch === "'" || ch === '"' || ch === "`" || ch === "[") {
      const close = ch === "[" ? "]" : ch;
      const e = text.indexOf(close, i + 1);
      if (e < 0) return false;
      i = e + 1;
      continue;
    }
    i++;
  }
  return complete;
}
