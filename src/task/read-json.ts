/**
 * JSON parsing with people-friendly syntax errors (`line 3, column 15:
 * unexpected token '}', expected string`). The engine's JSON.parse does the
 * work on the fast path; only when it refuses does src/json's strict parser
 * re-read the text to say where and why.
 */
import { JsonParseError, parse } from "../json/index.ts";

/** A JSON syntax error with a 1-based line and column (in characters). */
export class JsonSyntaxError extends SyntaxError {
  readonly code = "ERR_JSON_SYNTAX";
  override name = "JsonSyntaxError";
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

/** Parses JSON `text`, throwing JsonSyntaxError with a line and column on malformed input. */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (engineError) {
    try {
      return parse(text);
    } catch (e) {
      if (e instanceof JsonParseError) throw new JsonSyntaxError(e.line, e.column, shortReason(e));
      throw engineError;
    }
  }
}

/** `unexpected '}'` for a misplaced token (the form people know from the examples), else the parser's reason. */
function shortReason(e: JsonParseError): string {
  return e.reason.startsWith("unexpected token ") ? `unexpected ${e.found.slice("token ".length)}` : e.reason;
}
