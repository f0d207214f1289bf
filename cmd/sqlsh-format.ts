/**
 * Output modes of `gokit sqlsh`, after sqlite3's `.mode`: box tables (the
 * default, via src/term), CSV (RFC 4180 quoting), TSV, JSON (sqlite3's
 * array-of-objects, one row a line) and line (`column = value`).
 */
import type { SqlValue } from "../src/sql/index.ts";
import { renderTable } from "../src/term/table.ts";

/** The output modes `.mode` and `--format` accept. */
export const MODES = ["table", "csv", "tsv", "json", "line"] as const;
/** One output mode. */
export type Mode = (typeof MODES)[number];

/** How results are printed. */
export interface FormatOptions {
  mode: Mode;
  /** Header row for csv and tsv. */
  headers: boolean;
  /** Total table width limit (the terminal's columns), table mode only. */
  maxWidth?: number;
}

/** A value as text for people: NULL spelled out, bigints and booleans as literals. */
function display(v: SqlValue): string {
  if (v === null) return "NULL";
  return String(v);
}

/** A CSV field, quoted when it holds a separator, quote, line break or edge blank (RFC 4180 §2). */
export function csvField(v: SqlValue): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function jsonValue(v: SqlValue): string {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" && !Number.isFinite(v)) return "null";
  return JSON.stringify(v);
}

/** Renders a result set in `options.mode`, without a trailing newline; "" when nothing is printed. */
export function formatRows(columns: string[], rows: SqlValue[][], options: FormatOptions): string {
  switch (options.mode) {
    case "table": {
      if (columns.length === 0) return "";
      const cells = rows.map((r) => r.map(display));
      const table = renderTable(columns.map((header) => ({ header })), cells, options.maxWidth ? { maxTotalWidth: options.maxWidth } : {});
      return `${table}\n${rows.length} ${rows.length === 1 ? "row" : "rows"} returned`;
    }
    case "csv":
    case "tsv": {
      const csv = options.mode === "csv";
      const line = (vs: SqlValue[]) => (csv ? vs.map(csvField).join(",") : vs.map((v) => (v === null ? "" : String(v))).join("\t"));
      const lines = rows.map(line);
      if (options.headers && columns.length > 0) lines.unshift(line(columns));
      return lines.join("\n");
    }
    case "json": {
      if (rows.length === 0) return "";
      const keys = columns.map((c) => JSON.stringify(c));
      const objects = rows.map((r) => `{${keys.map((k, i) => `${k}:${jsonValue(r[i] ?? null)}`).join(",")}}`);
      return `[${objects.join(",\n")}]`;
    }
    case "line": {
      const width = Math.max(0, ...columns.map((c) => c.length));
      return rows.map((r) => columns.map((c, i) => `${c.padStart(width)} = ${display(r[i] ?? null)}`).join("\n")).join("\n\n");
    }
  }
}

/** Lays out names in columns across `width` characters, like sqlite3's `.tables`. */
export function formatNameColumns(names: string[], width = 80): string {
  if (names.length === 0) return "";
  const cell = Math.max(...names.map((n) => n.length)) + 2;
  const perLine = Math.max(1, Math.floor(width / cell));
  const lines = Math.ceil(names.length / perLine);
  const out: string[] = [];
  for (let l = 0; l < lines; l++) {
    let line = "";
    for (let c = 0; c < perLine; c++) {
      const name = names[c * lines + l];
      if (name !== undefined) line += name.padEnd(cell);
    }
    out.push(line.trimEnd());
  }
  return out.join("\n");
}
