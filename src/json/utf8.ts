/**
 * UTF-8 input handling: one fatal decode (which is also the validation), and
 * on failure the exact offset of the first ill-formed sequence (Unicode 15,
 * Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
 */
import { JsonParseError, parseErrorAt } from "./errors.ts";
import { lineSnippet, positionAt } from "./position.ts";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The byte offset of the first ill-formed UTF-8 sequence in `bytes`, or -1 when all of it is well-formed. */
export function invalidUtf8Offset(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= to) return i;
    const b1 = bytes[i + 1]!;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const bk = bytes[i + k]!;
      if (bk < 0x80 || bk > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Describes the ill-formed sequence starting at `offset`. */
function describeBytes(bytes: Uint8Array, offset: number): string {
  if (offset >= bytes.length) return "end of input";
  return `byte 0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, "0")}`;
}

/** The error for ill-formed UTF-8 at byte `offset`, positioned in the text decoded before it. */
export function utf8Error(bytes: Uint8Array, offset: number, prefix = ""): JsonParseError {
  const before = prefix + decoder.decode(bytes.subarray(0, offset));
  const pos = positionAt(before, before.length);
  const found = describeBytes(bytes, offset);
  return new JsonParseError({
    ...pos,
    code: "ERR_JSON_ENCODING",
    found,
    expected: "valid UTF-8",
    reason: `invalid UTF-8: unexpected ${found}`,
    snippet: lineSnippet(before + "\ufffd", before.length),
  });
}

/** Decodes UTF-8 `bytes` (a leading BOM is kept, so the parser rejects it) or throws `ERR_JSON_ENCODING`. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes);
    throw utf8Error(bytes, offset < 0 ? bytes.length : offset);
  }
}

/** Index of the first lone surrogate in `text`, or -1. */
export function loneSurrogateIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/** Rejects strings that could not have come from UTF-8 (unpaired surrogates), like `decodeUtf8` rejects bytes. */
export function checkText(text: string): string {
  if (text.isWellFormed()) return text;
  const at = loneSurrogateIndex(text);
  throw parseErrorAt(text, at, "valid Unicode", {
    code: "ERR_JSON_ENCODING",
    reason: `invalid Unicode: unpaired surrogate U+${text.charCodeAt(at).toString(16).toUpperCase()}`,
  });
}
