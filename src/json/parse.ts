/**
 * `parse`: picks the byte parser for inputs that fit the scratch buffer (the
 * common case, and the fastest) and the text parser for larger ones, whose
 * copy would cost more than the byte scan saves. Both implement the same
 * grammar (RFC 8259) with the same errors and values.
 */
import { parseBytes } from "./parse-bytes.ts";
import { parseText } from "./parse-text.ts";
import { resolveOptions } from "./build.ts";
import type { JsonValue, ParseOptions } from "./types.ts";
import { checkText, decodeUtf8 } from "./utf8.ts";

const encoder = new TextEncoder();
/** Largest scratch buffer kept between calls. */
const SCRATCH_MAX = 8 << 20;
let scratch = new Uint8Array(1 << 16);

function scratchFor(bytes: number): Uint8Array | undefined {
  if (bytes <= scratch.length) return scratch;
  if (bytes > SCRATCH_MAX) return undefined;
  scratch = new Uint8Array(Math.max(bytes, Math.min(SCRATCH_MAX, scratch.length * 2)));
  return scratch;
}

/**
 * Parses JSON text (a string, or UTF-8 bytes) into plain values; throws `JsonParseError`.
 * @example parse('{"a": [1, true, null]}') // → { a: [1, true, null] }
 */
export function parse(input: string | Uint8Array, options: ParseOptions = {}): JsonValue {
  const { maxDepth, bigint, dupError } = resolveOptions(options);
  if (typeof input === "string") {
    const text = checkText(input);
    if (text.length >= SCRATCH_MAX) return parseText(text, maxDepth, bigint, dupError);
    // At most 3 bytes per UTF-16 unit; when the worst case does not fit, try anyway and see.
    const b = scratchFor(Math.min(SCRATCH_MAX, text.length * 3 + 1))!;
    const { read, written } = encoder.encodeInto(text, b);
    if (read < text.length || written >= b.length) return parseText(text, maxDepth, bigint, dupError);
    b[written] = 0;
    return parseBytes(b, written, text, maxDepth, bigint, dupError);
  }
  const text = decodeUtf8(input);
  const b = scratchFor(input.length + 1);
  if (b === undefined) return parseText(text, maxDepth, bigint, dupError);
  b.set(input);
  b[input.length] = 0;
  return parseBytes(b, input.length, text, maxDepth, bigint, dupError);
}
