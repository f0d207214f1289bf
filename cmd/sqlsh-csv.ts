/**
 * CSV for `.import`: an RFC 4180 parser (quoted fields with doubled quotes
 * and embedded line breaks, CRLF or LF records) that reports the line where a
 * bad record starts, and column type inference (INT, REAL, TEXT) for tables
 * that `.import` creates.
 */
import type { SqlValue } from "../src/sql/index.ts";

/** A malformed CSV file; `line` is 1-based. */
export class CsvError extends Error {
  readonly code = "ERR_CSV";
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** One record and the line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Parses CSV text into records (RFC 4180 §2); a trailing line break ends the last record. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvError("unterminated quoted field", start);
          const chunk = text.slice(i, q);
          for (let k = chunk.indexOf("\n"); k >= 0; k = chunk.indexOf("\n", k + 1)) line++;
          field += chunk;
          i = q + 1;
          if (text[i] === '"') {
            field += '"';
            i++;
            continue;
          }
          break;
        }
        const c = text[i];
        if (c !== undefined && c !== "," && c !== "\n" && c !== "\r") throw new CsvError(`unexpected character after closing quote`, line);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          if (c === 34) throw new CsvError("unexpected quote in unquoted field", line);
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      fields.push(field);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "\r") i++;
      if (text[i] === "\n") i++;
      line++;
      break;
    }
    records.push({ fields, line: start });
  }
  return records;
}

/** An inferred column type for `.import`. */
export type ColumnType = "INT" | "REAL" | "TEXT";

const INTEGER = /^[+-]?\d+$/;
const REAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The narrowest type that holds every non-empty value of each column. */
export function inferTypes(records: CsvRecord[], width: number): ColumnType[] {
  const types: ColumnType[] = new Array(width).fill("INT");
  for (const { fields } of records) {
    for (let c = 0; c < width; c++) {
      const v = fields[c] ?? "";
      if (v === "" || types[c] === "TEXT") continue;
      if (types[c] === "INT" && INTEGER.test(v)) continue;
      types[c] = REAL.test(v) ? "REAL" : "TEXT";
    }
  }
  return types;
}

/** A CSV field converted to `type`: empty numeric fields are NULL; integers beyond 2^53 stay exact as bigint. */
export function convertField(v: string, type: ColumnType): SqlValue {
  if (type === "TEXT") return v;
  if (v === "") return null;
  if (type === "REAL") return Number(v);
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : BigInt(v);
}

const KEYWORDS = new Set(
  ("all and as asc between by case cast check collate create cross default delete desc distinct drop else end escape " +
    "except exists from full group having in index inner insert intersect into is join key left like limit natural not " +
    "null offset on or order outer primary references right select set table then to union unique update using values " +
    "view when where").split(" "),
);

/** An identifier for SQL text: bare when it is a plain name and not a keyword, otherwise double-quoted. */
export function quoteIdent(name: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name.toLowerCase());
  return plain ? name : `"${name.replace(/"/g, '""')}"`;
}
