/**
 * Box-drawn tables in the style every gokit subcommand prints:
 *
 * ```
 * ┌────┬──────────────────────┐
 * │ ID │ Task                 │
 * ├────┼──────────────────────┤
 * │ 1  │ Learn Go concurrency │
 * └────┴──────────────────────┘
 * ```
 *
 * Widths are display widths (see width.ts), so coloured, CJK and emoji cells
 * line up. Cells never break the box: control characters are shown escaped.
 */

import { displayWidth, isSgr, padEnd, padStart, segments, truncate } from "./width.ts";

/** One table column: its header, alignment and width bounds (in display columns, padding excluded). */
export interface Column {
  header: string;
  align?: "left" | "right";
  minWidth?: number;
  maxWidth?: number;
}

/** Table-wide layout options. */
export interface TableOptions {
  /** Total width limit including borders, e.g. the terminal's columns; the widest columns shrink first. */
  maxTotalWidth?: number;
}

/** Columns never shrink below this (unless their content is narrower), so "ab…" stays legible. */
const MIN_SHRINK_WIDTH = 3;

const VISIBLE: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

// C0 and C1 controls, DEL, and bidi embedding/override/isolate controls (which reorder the borders).
const CONTROL_CLASS = "[\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]";
const CONTROL = new RegExp(CONTROL_CLASS, "gu");
const HAS_CONTROL = new RegExp(CONTROL_CLASS, "u");

function escapeControl(c: string): string {
  const known = VISIBLE[c];
  if (known !== undefined) return known;
  const cp = c.codePointAt(0)!;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
}

// A style that ends in one of these leaves the terminal unstyled (reset, normal intensity, default colours…).
const CLOSING_SGR = /^\x1b\[(?:0?|22|23|24|25|27|28|29|39|49)m$/;

/**
 * Makes `cell` safe to place inside a box: SGR styling is kept (and closed at
 * the end if left open), every other escape and control character is shown
 * escaped, e.g. a newline as `\n`.
 */
function sanitize(cell: string): string {
  if (!HAS_CONTROL.test(cell)) return cell;
  let out = "";
  let lastSgr = "";
  for (const seg of segments(cell)) {
    if (seg.kind === "escape" && isSgr(seg.text)) {
      out += seg.text;
      lastSgr = seg.text;
    } else {
      out += seg.text.replace(CONTROL, escapeControl);
    }
  }
  if (lastSgr !== "" && !CLOSING_SGR.test(lastSgr)) out += "\x1b[0m";
  return out;
}

function rule(widths: number[], left: string, mid: string, right: string): string {
  return left + widths.map((w) => "─".repeat(w + 2)).join(mid) + right;
}

function line(cells: string[], widths: number[], columns: Column[]): string {
  const parts = cells.map((cell, i) => {
    const w = widths[i]!;
    const fitted = displayWidth(cell) > w ? truncate(cell, w) : cell;
    return columns[i]!.align === "right" ? padStart(fitted, w) : padEnd(fitted, w);
  });
  return "│ " + parts.join(" │ ") + " │";
}

/** Narrows the widest columns, one column at a time, until the table fits `maxTotal`. */
function shrink(widths: number[], floors: number[], maxTotal: number): void {
  let total = widths.reduce((a, w) => a + w, 0) + 3 * widths.length + 1;
  while (total > maxTotal) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i]! > floors[i]! && (widest === -1 || widths[i]! > widths[widest]!)) widest = i;
    }
    if (widest === -1) return; // nothing left to give; the table overflows
    widths[widest]!--;
    total--;
  }
}

/**
 * Renders `rows` under `columns` as a box-drawn table, without a trailing newline.
 * No rows renders just the header box. Missing trailing cells render empty;
 * a row with more cells than columns is an error.
 * @example renderTable([{ header: "ID" }, { header: "Task" }], [["1", "Learn Go"]])
 */
export function renderTable(columns: Column[], rows: string[][], options: TableOptions = {}): string {
  if (columns.length === 0) throw new RangeError("table: no columns");
  const headers = columns.map((c) => sanitize(c.header));
  const body = rows.map((row, r) => {
    if (row.length > columns.length) {
      throw new RangeError(`table: row ${r + 1} has ${row.length} cells, want at most ${columns.length}`);
    }
    return columns.map((_, i) => sanitize(row[i] ?? ""));
  });

  const natural = columns.map((_, i) => Math.max(displayWidth(headers[i]!), ...body.map((row) => displayWidth(row[i]!))));
  const widths = columns.map((c, i) => {
    const capped = c.maxWidth !== undefined ? Math.min(natural[i]!, c.maxWidth) : natural[i]!;
    return Math.max(c.minWidth ?? 0, capped);
  });
  if (options.maxTotalWidth !== undefined) {
    const floors = columns.map((c, i) => Math.max(c.minWidth ?? 0, Math.min(widths[i]!, MIN_SHRINK_WIDTH)));
    shrink(widths, floors, options.maxTotalWidth);
  }

  const out = [rule(widths, "┌", "┬", "┐"), line(headers, widths, columns)];
  if (body.length > 0) out.push(rule(widths, "├", "┼", "┤"));
  for (const row of body) out.push(line(row, widths, columns));
  out.push(rule(widths, "└", "┴", "┘"));
  return out.join("\n");
}
