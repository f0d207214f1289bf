/**
 * JSON parsing with people-friendly syntax errors: `line 3, column 14:
 * unexpected '}'`. Parses with the engine's `JSON.parse` and, only when that
 * fails, rescans the text (RFC 8259) to find where and why. This is the one
 * place to swap in src/json's strict parser once it lands.
 */

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
  } catch (e) {
    const found = locateSyntaxError(text);
    if (found) throw toSyntaxError(text, found.offset, found.reason);
    // The scanner accepted what the engine refused: trust the engine, and its position if it gives one.
    const message = e instanceof Error ? e.message : String(e);
    const lc = /line (\d+) column (\d+)/i.exec(message);
    if (lc) throw new JsonSyntaxError(Number(lc[1]), Number(lc[2]), message);
    const pos = /position (\d+)/i.exec(message);
    throw toSyntaxError(text, pos ? Number(pos[1]) : 0, message.replace(/^JSON Parse error: /, "").toLowerCase());
  }
}

function toSyntaxError(text: string, offset: number, reason: string): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = [...text.slice(lineStart, offset)].length + 1;
  return new JsonSyntaxError(line, column, reason);
}

function describe(text: string, i: number): string {
  if (i >= text.length) return "unexpected end of input";
  const c = String.fromCodePoint(text.codePointAt(i)!);
  if (c === "\n") return "unexpected newline";
  if (c < " ") return `unexpected control character \\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  return `unexpected '${c}'`;
}

const WS = new Set([" ", "\t", "\n", "\r"]);
const LITERALS = ["true", "false", "null"];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/** Finds the first syntax error in `text`: its UTF-16 offset and reason, or undefined if the text is valid JSON. */
export function locateSyntaxError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  // Open containers: "{" or "[". An explicit stack, so deep nesting cannot overflow the call stack.
  const stack: string[] = [];
  const fail = (offset: number, reason = describe(text, offset)) => ({ offset, reason });
  const skipWs = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };

  // Scans one string starting at text[i] === '"'; returns an error or undefined.
  const scanString = () => {
    i++;
    for (;;) {
      if (i >= text.length) return fail(i, "unterminated string");
      const c = text[i]!;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail(i, "invalid \\u escape in string");
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) {
          i += 2;
        } else {
          return fail(i, e === undefined ? "unterminated string" : `invalid escape '\\${e}' in string`);
        }
        continue;
      }
      if (c < " ") return fail(i, c === "\n" ? "unexpected newline in string" : describe(text, i) + " in string");
      i++;
    }
  };

  // Scans one scalar or opens a container; returns an error or undefined.
  const scanValue = () => {
    const c = text[i];
    if (c === "{" || c === "[") {
      stack.push(c);
      i++;
      return undefined;
    }
    if (c === '"') return scanString();
    for (const lit of LITERALS) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return undefined;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m[0] !== "-") {
      i += m[0].length;
      return undefined;
    }
    return fail(i);
  };

  skipWs();
  let error = scanValue();
  if (error) return error;
  // Inside a container: "open" right after its bracket (a close or a first member may follow),
  // "value" after a member (a comma or the close must follow). A close leaves the parent in "value".
  let state: "open" | "value" = stack.length > 0 ? "open" : "value";
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    skipWs();
    if (text[i] === (top === "{" ? "}" : "]")) {
      stack.pop();
      i++;
      state = "value";
      continue;
    }
    if (state === "value") {
      if (text[i] !== ",") return fail(i);
      i++;
      skipWs();
    }
    if (top === "{") {
      if (text[i] !== '"') return fail(i);
      error = scanString();
      if (error) return error;
      skipWs();
      if (text[i] !== ":") return fail(i);
      i++;
      skipWs();
    }
    const depth = stack.length;
    error = scanValue();
    if (error) return error;
    state = stack.length > depth ? "open" : "value";
  }
  skipWs();
  if (i < text.length) return fail(i);
  return undefined;
}
