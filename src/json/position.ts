/**
 * Positions in JSON text. Lines are 1-based and end at LF, CRLF or CR; columns
 * are 1-based and count Unicode code points (a surrogate pair is one column,
 * as is a multi-byte UTF-8 sequence), which is what an editor shows.
 * Offsets are indices into the decoded text (UTF-16 code units).
 */

/** Where something is in the input. */
export interface Position {
  /** Index into the decoded text, in UTF-16 code units. */
  offset: number;
  /** 1-based line number. */
  line: number;
  /** 1-based column, in code points. */
  column: number;
}

/** Tracks line and column while text is consumed front to back, possibly in several pieces. */
export class PositionTracker {
  line = 1;
  column = 1;
  #afterCR = false;
  #afterHigh = false;

  /** Accounts for `text[from, to)`, which must directly follow what was scanned before. */
  scan(text: string, from: number, to: number): void {
    let { line, column } = this;
    let afterCR = this.#afterCR;
    let afterHigh = this.#afterHigh;
    for (let j = from; j < to; j++) {
      const c = text.charCodeAt(j);
      if (c === 10) {
        if (!afterCR) line++;
        column = 1;
        afterCR = afterHigh = false;
      } else if (c === 13) {
        line++;
        column = 1;
        afterCR = true;
        afterHigh = false;
      } else {
        afterCR = false;
        if (c >= 0xdc00 && c <= 0xdfff && afterHigh) afterHigh = false;
        else {
          column++;
          afterHigh = c >= 0xd800 && c <= 0xdbff;
        }
      }
    }
    this.line = line;
    this.column = column;
    this.#afterCR = afterCR;
    this.#afterHigh = afterHigh;
  }
}

/** The line and column of `offset` in `text`. */
export function positionAt(text: string, offset: number): Position {
  const t = new PositionTracker();
  t.scan(text, 0, Math.min(offset, text.length));
  return { offset, line: t.line, column: t.column };
}

const WINDOW = 72;

/** The line holding `offset` and a caret under it (two lines), windowed around the offset when long. */
export function lineSnippet(text: string, offset: number): string {
  offset = Math.max(0, Math.min(offset, text.length));
  let start = offset;
  while (start > 0 && start > offset - 4 * WINDOW) {
    const c = text.charCodeAt(start - 1);
    if (c === 10 || c === 13) break;
    start--;
  }
  let end = offset;
  while (end < text.length && end < offset + 4 * WINDOW) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13) break;
    end++;
  }
  const before = [...text.slice(start, offset)];
  const after = [...text.slice(offset, end)];
  let head = start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13 ? "…" : "";
  let tail = end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13 ? "…" : "";
  const keepBefore = Math.min(before.length, WINDOW / 2);
  if (keepBefore < before.length) head = "…";
  const shown = before.slice(before.length - keepBefore);
  const rest = after.slice(0, WINDOW - keepBefore);
  if (rest.length < after.length) tail = "…";
  const visible = (s: string) => {
    const c = s.charCodeAt(0);
    return c < 0x20 && c !== 9 ? String.fromCharCode(0x2400 + c) : c === 0x7f ? "\u2421" : s;
  };
  const line = head + [...shown, ...rest].map(visible).join("") + tail;
  const pad = (head ? " " : "") + shown.map((ch) => (ch === "\t" ? "\t" : " ")).join("");
  return `${line}\n${pad}^`;
}
