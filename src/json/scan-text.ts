/**
 * Token readers over decoded text (charCodeAt), shared by the text parser,
 * the lexer and the streaming parser: strings (a plain-run fast path, then
 * escapes) and numbers (digit fast paths, then full validation and `Number()`).
 * Each reader returns the value and leaves the end offset in `cursor.end`.
 */
import { parseErrorAt } from "./errors.ts";
import { exactQuotient, POW10 } from "./number-fast.ts";

/** Where the last reader stopped (one past the token); set by every reader here. */
export const cursor = { end: 0 };

/** Reads the string whose body starts at `start` (just after the opening quote). */
export function readString(text: string, start: number): string {
  const n = text.length;
  let j = start;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 34) {
      cursor.end = j + 1;
      return text.slice(start, j);
    }
    if (c === 92 || c < 32) break;
    j++;
  }
  return readEscapedString(text, start, j);
}

/** Reads the number at `start`; digit fast paths build the value, anything unusual goes through `readNumberSlow`. */
export function readNumber(text: string, start: number, bigint: boolean): number | bigint {
  let j = start;
  let c = text.charCodeAt(j);
  if (c === 45) c = text.charCodeAt(++j);
  const intStart = j;
  // The first 15 digit positions accumulate exactly into m, up to 4 more into m2.
  let m = 0;
  if (c === 48) {
    c = text.charCodeAt(++j);
    if (c >= 48 && c <= 57) return readNumberSlow(text, start, bigint);
  } else if (c >= 49 && c <= 57) {
    do {
      m = m * 10 + (c - 48);
      c = text.charCodeAt(++j);
    } while (c >= 48 && c <= 57);
  } else {
    throw parseErrorAt(text, j, "digit");
  }
  const intDigits = j - intStart;
  if (c === 46) {
    if (intDigits > 15) return readNumberSlow(text, start, bigint);
    c = text.charCodeAt(++j);
    const fracStart = j;
    const limit = fracStart + 15 - intDigits;
    while (c >= 48 && c <= 57 && j < limit) {
      m = m * 10 + (c - 48);
      c = text.charCodeAt(++j);
    }
    const mid = j;
    let m2 = 0;
    while (c >= 48 && c <= 57) {
      m2 = m2 * 10 + (c - 48);
      c = text.charCodeAt(++j);
    }
    if (j === fracStart) throw parseErrorAt(text, j, "digit");
    if (c === 101 || c === 69) return readNumberSlow(text, start, bigint);
    const d2 = j - mid;
    const k = j - fracStart;
    let v: number;
    if (d2 === 0) v = m / POW10[k]!;
    else if (d2 > 4 || k > 22 || (v = exactQuotient(m, d2, m2, k)) !== v) return readNumberSlow(text, start, bigint);
    cursor.end = j;
    return start === intStart ? v : -v;
  }
  if (c === 101 || c === 69) return readNumberSlow(text, start, bigint);
  if (intDigits > 15) {
    if (bigint || intDigits > 19) return readNumberSlow(text, start, bigint);
    m = 0;
    let t = intStart;
    for (; t < intStart + 15; t++) m = m * 10 + (text.charCodeAt(t) - 48);
    let m2 = 0;
    for (; t < j; t++) m2 = m2 * 10 + (text.charCodeAt(t) - 48);
    const v = exactQuotient(m, intDigits - 15, m2, 0);
    if (v !== v) return readNumberSlow(text, start, bigint);
    m = v;
  }
  cursor.end = j;
  return start === intStart ? m : -m;
}

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** The UTF-16 code unit of the four hex digits at `at`, or -1. */
export function hex4(text: string, at: number): number {
  const a = hex(text.charCodeAt(at));
  const b = hex(text.charCodeAt(at + 1));
  const c = hex(text.charCodeAt(at + 2));
  const d = hex(text.charCodeAt(at + 3));
  return (a | b | c | d) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | d;
}

/** The error for an invalid escape at `at` (or one cut off by the end of input). */
export function escapeError(text: string, at: number) {
  if (at + 1 >= text.length) return parseErrorAt(text, text.length, "'\"'");
  const next = text.charCodeAt(at + 1);
  if (next < 0x20 || next === 0x7f) {
    return parseErrorAt(text, at, "escape sequence", { reason: `invalid escape: backslash followed by U+${next.toString(16).toUpperCase().padStart(4, "0")} in string` });
  }
  const shown = next === 117 ? text.slice(at, at + 6).replace(/[\x00-\x1f"]/g, "") : text.slice(at, at + 2);
  return parseErrorAt(text, at, "escape sequence", { reason: `invalid escape '${shown}' in string` });
}

/** The error for a raw control character inside a string. */
export function controlError(text: string, at: number) {
  const c = text.charCodeAt(at);
  return parseErrorAt(text, at, "'\"' or escape sequence", {
    reason: `unescaped control character U+${c.toString(16).toUpperCase().padStart(4, "0")} in string`,
  });
}

/** Reads the rest of a string whose body starts at `start`; `j` is the first backslash or control character. */
export function readEscapedString(text: string, start: number, j: number): string {
  const n = text.length;
  let out = "";
  let run = start;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 34) {
      cursor.end = j + 1;
      return out + text.slice(run, j);
    }
    if (c === 92) {
      if (j > run) out += text.slice(run, j);
      switch (text.charCodeAt(j + 1)) {
        case 34: out += '"'; break;
        case 92: out += "\\"; break;
        case 47: out += "/"; break;
        case 98: out += "\b"; break;
        case 102: out += "\f"; break;
        case 110: out += "\n"; break;
        case 114: out += "\r"; break;
        case 116: out += "\t"; break;
        case 117: {
          const u = hex4(text, j + 2);
          if (u < 0) throw escapeError(text, j);
          out += String.fromCharCode(u);
          j += 4;
          break;
        }
        default:
          throw escapeError(text, j);
      }
      j += 2;
      run = j;
    } else if (c < 32) {
      throw controlError(text, j);
    } else {
      j++;
    }
  }
  throw parseErrorAt(text, n, "'\"'");
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The end of the RFC 8259 number at `start` (validated), or throws. */
export function scanNumber(text: string, start: number): { end: number; integer: boolean } {
  let j = start;
  let c = text.charCodeAt(j);
  if (c === 45) c = text.charCodeAt(++j);
  if (c === 48) {
    c = text.charCodeAt(++j);
    if (isDigit(c)) throw parseErrorAt(text, start, "number", { reason: "leading zeros are not allowed in numbers" });
  } else if (isDigit(c)) {
    while (isDigit(c)) c = text.charCodeAt(++j);
  } else {
    throw parseErrorAt(text, j, "digit");
  }
  let integer = true;
  if (c === 46) {
    integer = false;
    c = text.charCodeAt(++j);
    if (!isDigit(c)) throw parseErrorAt(text, j, "digit");
    while (isDigit(c)) c = text.charCodeAt(++j);
  }
  if (c === 101 || c === 69) {
    integer = false;
    c = text.charCodeAt(++j);
    if (c === 43 || c === 45) c = text.charCodeAt(++j);
    if (!isDigit(c)) throw parseErrorAt(text, j, "digit");
    while (isDigit(c)) c = text.charCodeAt(++j);
  }
  return { end: j, integer };
}

/**
 * The value of a validated number literal. Magnitudes beyond the largest double
 * (e.g. `1e400`) are rejected with `ERR_JSON_NUMBER_RANGE` rather than becoming
 * Infinity; underflow rounds to ±0 like any other rounding.
 */
export function numberValue(text: string, start: number, end: number, integer: boolean, bigint: boolean): number | bigint {
  const raw = text.slice(start, end);
  const v = Number(raw);
  if (v === Infinity || v === -Infinity) {
    const shown = raw.length > 24 ? raw.slice(0, 20) + "…" : raw;
    throw parseErrorAt(text, start, "number within ±1.7976931348623157e308", {
      code: "ERR_JSON_NUMBER_RANGE",
      reason: `number ${shown} is out of range`,
    });
  }
  if (bigint && integer && !Number.isSafeInteger(v)) return BigInt(raw);
  return v;
}

/** Reads the number at `start` the slow way (full validation, `Number()`); sets `cursor.end`. */
export function readNumberSlow(text: string, start: number, bigint: boolean): number | bigint {
  const { end, integer } = scanNumber(text, start);
  cursor.end = end;
  return numberValue(text, start, end, integer, bigint);
}

/** Whether `c` can occur in a number token (a cheap over-approximation used to find where one ends). */
export function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}

const SIMPLE_ESCAPES: Record<number, string> = { 34: '"', 92: "\\", 47: "/", 98: "\b", 102: "\f", 110: "\n", 114: "\r", 116: "\t" };

/** The character the escape at `at` (a backslash) stands for, or undefined when it is invalid. */
export function decodeEscape(text: string, at: number): string | undefined {
  const e = text.charCodeAt(at + 1);
  if (e !== 117) return SIMPLE_ESCAPES[e];
  const u = hex4(text, at + 2);
  return u < 0 ? undefined : String.fromCharCode(u);
}

/**
 * Scans string content from `j` for a reader that sees the text in pieces, pushing decoded
 * content onto `parts`. Returns the index of the closing quote, or −(k + 1) when the piece ends
 * first, k being where the unread rest starts (an escape cut short; the piece's length otherwise).
 * Throws for a bad escape or a raw control character (offsets relative to `text`).
 */
export function scanStringPiece(text: string, j: number, final: boolean, parts: string[]): number {
  const n = text.length;
  let run = j;
  for (;;) {
    if (j >= n) {
      if (j > run) parts.push(text.slice(run, j));
      return -(n + 1);
    }
    const c = text.charCodeAt(j);
    if (c === 34) {
      parts.push(text.slice(run, j));
      return j;
    }
    if (c === 92) {
      const need = text.charCodeAt(j + 1) === 117 ? 6 : 2;
      if (j + need > n && !final) {
        parts.push(text.slice(run, j));
        return -(j + 1);
      }
      const decoded = decodeEscape(text, j);
      if (decoded === undefined) throw escapeError(text, j);
      parts.push(text.slice(run, j), decoded);
      j += need;
      run = j;
    } else if (c < 32) {
      throw controlError(text, j);
    } else j++;
  }
}
