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

import { PRINTABLE_ASCII, displayWidth, isSgr, segments, truncate } from "./width.ts";

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
  const n = columns.length;
  if (n === 0) throw new RangeError("table: no columns");
  // Pass 1: every cell made safe and measured, headers first, in flat arrays (row-major).
  // Printable ASCII, the usual cell, is safe as it is and one column per character.
  const count = (rows.length + 1) * n;
  const cells = new Array<string>(count);
  // Code units beyond display columns (0 for ASCII): padding a cell to `width + extra` code units fills `width` columns.
  const extra = new Int32Array(count);
  const natural = new Array<number>(n).fill(0);
  for (let r = -1, k = 0; r < rows.length; r++) {
    const row = r < 0 ? undefined : rows[r]!;
    if (row !== undefined && row.length > n) throw new RangeError(`table: row ${r + 1} has ${row.length} cells, want at most ${n}`);
    for (let i = 0; i < n; i++, k++) {
      let cell = row === undefined ? columns[i]!.header : (row[i] ?? "");
      let w = cell.length;
      if (!PRINTABLE_ASCII.test(cell)) {
        cell = sanitize(cell);
        w = displayWidth(cell);
        extra[k] = cell.length - w;
      }
      cells[k] = cell;
      if (w > natural[i]!) natural[i] = w;
    }
  }

  const widths = columns.map((c, i) => {
    const capped = c.maxWidth !== undefined ? Math.min(natural[i]!, c.maxWidth) : natural[i]!;
    return Math.max(c.minWidth ?? 0, capped);
  });
  if (options.maxTotalWidth !== undefined) {
    const floors = columns.map((c, i) => Math.max(c.minWidth ?? 0, Math.min(widths[i]!, MIN_SHRINK_WIDTH)));
    shrink(widths, floors, options.maxTotalWidth);
  }
  // A column narrower than its widest cell cuts cells to fit, with "…".
  let cut = false;
  for (let i = 0; i < n; i++) if (widths[i]! < natural[i]!) cut = true;

  // Pass 2: one string per line, each cell padded to its column.
  const right = columns.map((c) => c.align === "right");
  const lines: string[] = [rule(widths, "┌", "┬", "┐")];
  for (let r = -1, k = 0; r < rows.length; r++) {
    let line = "│ ";
    for (let i = 0; i < n; i++, k++) {
      const w = widths[i]!;
      let cell = cells[k]!;
      let units = w + extra[k]!;
      if (cut && cell.length - extra[k]! > w) {
        cell = truncate(cell, w);
        units = w + cell.length - displayWidth(cell); // a wide character that does not fit leaves one column short
      }
      line += (i === 0 ? "" : " │ ") + (right[i] ? cell.padStart(units) : cell.padEnd(units));
    }
    lines.push(line + " │");
    if (r < 0 && rows.length > 0) lines.push(rule(widths, "├", "┼", "┤"));
  }
  lines.push(rule(widths, "└", "┴", "┘"));
  return lines.join("\n");
}
