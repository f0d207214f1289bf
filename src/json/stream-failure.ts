/**
 * Errors of the streaming parser. A syntax error says what it found ("token
 * 'NaN'"), which may need text beyond the chunk where the error is; so a
 * failure is kept with the text after it until there is enough to describe
 * (or the input ends), then thrown exactly as `parse` would word it.
 */
import { describeAt, JsonParseError, type JsonParseErrorCode } from "./errors.ts";
import { lineSnippet, PositionTracker, type Position } from "./position.ts";
import type { StreamPosition } from "./stream-position.ts";

/** Text after an error needed to describe what was found (`describeAt` looks at most 25 units ahead). */
const LOOKAHEAD = 32;

/** A detected error waiting, perhaps, for more text. */
export interface Failure {
  position: Position;
  code: JsonParseErrorCode;
  expected: string;
  /** Set when the message is not "unexpected X, expected Y" (which needs no lookahead). */
  reason: string | undefined;
  /** The current line up to the error, for the snippet. */
  before: string;
  /** The text from the error on; grows with later chunks. */
  after: string;
}

/** A failure at `local` in the chunk `buf`. */
export function failureAt(pos: StreamPosition, buf: string, local: number, expected: string, code: JsonParseErrorCode, reason?: string): Failure {
  const offset = pos.base + local;
  if (offset === 0 && buf.charCodeAt(0) === 0xfeff) reason = "byte-order mark is not allowed (RFC 8259 §8.1)";
  return { position: pos.at(buf, offset), code, expected, reason, before: pos.lineBefore(buf, offset), after: buf.slice(local) };
}

/** A failure from an error a reader raised on `text`, whose first unit is at global offset `base`. */
export function failureLike(pos: StreamPosition, buf: string, e: JsonParseError, base: number, text: string): Failure {
  const offset = base + e.offset;
  const generic = e.reason === `unexpected ${e.found}, expected ${e.expected}`;
  return {
    position: pos.at(buf, offset),
    code: e.code,
    expected: e.expected,
    reason: generic ? undefined : e.reason,
    before: pos.lineBefore(buf, offset),
    after: text.slice(e.offset),
  };
}

/** Whether the failure can be worded now (before the input ends). */
export function describable(f: Failure): boolean {
  return f.reason !== undefined || f.after.length >= LOOKAHEAD;
}

/** The error to throw for a failure. */
export function failureError(f: Failure): JsonParseError {
  return new JsonParseError({
    ...f.position,
    code: f.code,
    found: describeAt(f.after, 0),
    expected: f.expected,
    ...(f.reason === undefined ? {} : { reason: f.reason }),
    snippet: lineSnippet(f.before + f.after.slice(0, 200), f.before.length),
  });
}

/** An encoding error in a chunk not yet parsed, after its valid prefix `before` (the chunk `buf` is done). */
export function encodingError(pos: StreamPosition, buf: string, before: string, what: { reason: string; found: string; expected: string }): JsonParseError {
  const end = pos.at(buf, pos.base + buf.length);
  const t = new PositionTracker();
  t.scan(before, 0, before.length);
  const column = t.line > 1 ? t.column : end.column + t.column - 1;
  return new JsonParseError({ offset: end.offset + before.length, line: end.line + t.line - 1, column, code: "ERR_JSON_ENCODING", ...what });
}
