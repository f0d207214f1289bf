/** Errors raised by the JSON parser, lexer and stringifier, each with a stable `code`. */
import { lineSnippet, positionAt, type Position } from "./position.ts";

/** Stable codes of `JsonParseError`. */
export type JsonParseErrorCode =
  | "ERR_JSON_SYNTAX"
  | "ERR_JSON_DEPTH"
  | "ERR_JSON_DUPLICATE_KEY"
  | "ERR_JSON_NUMBER_RANGE"
  | "ERR_JSON_ENCODING";

/** What a `JsonParseError` is built from. */
export interface JsonParseErrorInit extends Position {
  code: JsonParseErrorCode;
  /** What was found at the position, e.g. `token '}'` or `end of input`. */
  found: string;
  /** What the grammar wanted there, e.g. `value` or `',' or '}'`. */
  expected: string;
  /** The reason when it is not "unexpected X, expected Y", e.g. `invalid escape '\q' in string`. */
  reason?: string;
  /** The offending line with a caret under the column. */
  snippet?: string;
}

/**
 * Invalid JSON input. The message reads
 * `Parse error at line 1, column 12: unexpected token '}', expected value`,
 * followed by the offending line and a caret under the column.
 */
export class JsonParseError extends SyntaxError {
  override name = "JsonParseError";
  readonly code: JsonParseErrorCode;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly found: string;
  readonly expected: string;
  /** The first line of the message, without the snippet. */
  readonly headline: string;
  /** The headline after "Parse error at line L, column C: ". */
  readonly reason: string;

  constructor(init: JsonParseErrorInit) {
    const reason = init.reason ?? `unexpected ${init.found}, expected ${init.expected}`;
    const headline = `Parse error at line ${init.line}, column ${init.column}: ${reason}`;
    super(init.snippet ? `${headline}\n${init.snippet}` : headline);
    this.code = init.code;
    this.offset = init.offset;
    this.line = init.line;
    this.column = init.column;
    this.found = init.found;
    this.expected = init.expected;
    this.headline = headline;
    this.reason = reason;
  }
}

/** A value `stringify` cannot write as JSON (undefined, function, symbol, NaN, ±Infinity, a cycle). */
export class JsonStringifyError extends TypeError {
  override name = "JsonStringifyError";
  readonly code: "ERR_JSON_TYPE" | "ERR_JSON_CYCLE";

  constructor(code: "ERR_JSON_TYPE" | "ERR_JSON_CYCLE", message: string) {
    super(message);
    this.code = code;
  }
}

const PUNCT = "{}[]:,";

/** `s` in double quotes with quotes, backslashes and control characters escaped, for messages. */
export function quote(s: string): string {
  return `"${s.replace(/["\\\x00-\x1f]/g, (ch) => (ch === '"' || ch === "\\" ? "\\" + ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`))}"`;
}

function scanWhile(text: string, from: number, ok: (c: string) => boolean, limit: number): string {
  let end = from;
  while (end < text.length && end - from < limit && ok(text[end]!)) end++;
  return text.slice(from, end);
}

/** Describes what starts at `offset`, for "unexpected …" messages. */
export function describeAt(text: string, offset: number): string {
  if (offset >= text.length) return "end of input";
  const ch = text[offset]!;
  const c = ch.charCodeAt(0);
  if (PUNCT.includes(ch)) return `token '${ch}'`;
  if (ch === '"') {
    const end = text.indexOf('"', offset + 1);
    const body = text.slice(offset + 1, end < 0 ? text.length : end);
    return body.length > 24 || end < 0 || /[\x00-\x1f]/.test(body)
      ? `string "${[...body.slice(0, 24)].join("").replace(/[\x00-\x1f]/g, "")}…"`
      : `string "${body}"`;
  }
  if (ch === "-" || (c >= 48 && c <= 57)) return `number ${scanWhile(text, offset, (x) => /[-+.eE0-9]/.test(x), 24)}`;
  if (/[A-Za-z_$]/.test(ch)) return `token '${scanWhile(text, offset, (x) => /[\w$]/.test(x), 24)}'`;
  if (c === 0xfeff) return "byte-order mark U+FEFF";
  const cp = text.codePointAt(offset)!;
  if (c < 0x20 || c === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return `character U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return `character '${String.fromCodePoint(cp)}'`;
}

/** Builds a `JsonParseError` at `offset` in `text`, computing line, column and snippet; a leading BOM gets its own reason. */
export function parseErrorAt(
  text: string,
  offset: number,
  expected: string,
  opts: { code?: JsonParseErrorCode; reason?: string } = {},
): JsonParseError {
  const pos = positionAt(text, offset);
  if (offset === 0 && text.charCodeAt(0) === 0xfeff && opts.reason === undefined) {
    opts = { ...opts, reason: "byte-order mark is not allowed (RFC 8259 §8.1)" };
  }
  return new JsonParseError({
    ...pos,
    code: opts.code ?? "ERR_JSON_SYNTAX",
    found: describeAt(text, offset),
    expected,
    ...(opts.reason === undefined ? {} : { reason: opts.reason }),
    snippet: lineSnippet(text, offset),
  });
}
