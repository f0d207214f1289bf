/** JSON Pointer (RFC 6901): parsing, formatting and lookup. */
import { quote } from "./errors.ts";
import type { JsonValue } from "./types.ts";

/** A malformed JSON Pointer (not empty and not starting with "/", or a "~" not followed by 0 or 1). */
export class JsonPointerError extends SyntaxError {
  override name = "JsonPointerError";
  readonly code = "ERR_JSON_POINTER";
}

/** The outcome of `getPointer`: the value, or where and why the lookup stopped. */
export type PointerResult =
  | { found: true; value: JsonValue }
  | { found: false; /** The longest prefix that resolved. */ at: string; reason: string };

/**
 * The reference tokens of `pointer`, unescaped (`~1` → `/`, `~0` → `~`).
 * @example parsePointer("/a~1b/0") // → ["a/b", "0"]
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new JsonPointerError(`json: invalid pointer ${quote(pointer)}: must be empty or start with "/"`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => {
      if (/~(?![01])/.test(token)) throw new JsonPointerError(`json: invalid pointer ${quote(pointer)}: "~" must be followed by 0 or 1`);
      return token.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}

/**
 * The pointer for a path of keys and indices; "" is the whole document.
 * @example formatPointer(["a/b", 0]) // → "/a~1b/0"
 */
export function formatPointer(path: readonly (string | number)[]): string {
  return path.map((t) => "/" + String(t).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * Looks up `pointer` in `document`.
 * @example getPointer({ a: [10, 20] }, "/a/1") // → { found: true, value: 20 }
 */
export function getPointer(document: JsonValue, pointer: string): PointerResult {
  const tokens = parsePointer(pointer);
  let value = document;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const at = formatPointer(tokens.slice(0, i));
    if (Array.isArray(value)) {
      if (token === "-") return { found: false, at, reason: `"-" names the element after the last one (length ${value.length})` };
      if (!INDEX.test(token)) return { found: false, at, reason: `array index ${quote(token)} is not a non-negative integer without leading zeros` };
      const index = Number(token);
      if (index >= value.length) return { found: false, at, reason: `index ${index} is out of range (length ${value.length})` };
      value = value[index]!;
    } else if (value !== null && typeof value === "object") {
      if (!Object.prototype.hasOwnProperty.call(value, token)) return { found: false, at, reason: `no key ${quote(token)}` };
      value = value[token]!;
    } else {
      return { found: false, at, reason: `${value === null ? "null" : typeof value} has no children` };
    }
  }
  return { found: true, value };
}
