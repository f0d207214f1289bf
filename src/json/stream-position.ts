/**
 * Line and column bookkeeping for the streaming parser, which sees the text
 * one chunk at a time. Newlines only occur in whitespace (never raw inside
 * strings), so the parser reports them as it skips whitespace; surrogate
 * pairs (one column each) are counted per chunk after the current line start.
 */
import type { Position } from "./position.ts";

function highSurrogates(s: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff) count++;
  }
  return count;
}

/** Positions in a text seen chunk by chunk; `base` is the global offset of the current chunk's first unit. */
export class StreamPosition {
  base = 0;
  line = 1;
  #lineStart = 0;
  #pairs = 0; // surrogate pairs between lineStart and base
  #endsWithCR = false;

  /** Whether the unit before `buf[i]` is a CR (looking back into the previous chunk when i is 0). */
  afterCR(buf: string, i: number): boolean {
    return i > 0 ? buf.charCodeAt(i - 1) === 13 : this.#endsWithCR;
  }

  /** A CR or LF at `buf[i]`; the LF of a CRLF ends the same line as its CR. */
  lineBreak(buf: string, i: number): void {
    if (buf.charCodeAt(i) === 13 || !this.afterCR(buf, i)) {
      this.line++;
      this.#pairs = 0;
    }
    this.#lineStart = this.base + i + 1;
  }

  /** The current chunk `buf` is done up to `used`; the next chunk starts there. */
  advance(buf: string, used: number): void {
    this.#pairs += highSurrogates(buf, Math.max(0, this.#lineStart - this.base), used);
    if (used > 0) this.#endsWithCR = buf.charCodeAt(used - 1) === 13;
    this.base += used;
  }

  /** The position of global `offset` (on the current line) given the current chunk `buf`. */
  at(buf: string, offset: number): Position {
    const from = Math.max(0, this.#lineStart - this.base);
    const to = Math.max(from, Math.min(offset - this.base, buf.length));
    const pairs = this.#pairs + highSurrogates(buf, from, to);
    return { offset, line: this.line, column: offset - this.#lineStart - pairs + 1 };
  }

  /** The text of the current line in `buf` before global `offset` (for snippets). */
  lineBefore(buf: string, offset: number): string {
    const from = Math.max(0, this.#lineStart - this.base);
    return buf.slice(from, Math.max(from, offset - this.base));
  }
}
