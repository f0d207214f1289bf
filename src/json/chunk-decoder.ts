/**
 * Turns a stream's chunks (UTF-8 bytes or text) into well-formed text pieces:
 * bytes through one fatal streaming TextDecoder (so a sequence may straddle
 * chunks), text with a trailing high surrogate held back for its pair.
 */
import { invalidUtf8Offset, loneSurrogateIndex } from "./utf8.ts";

/** What is wrong with a chunk: its valid prefix (as text), the reason, and what was found. */
export interface ChunkProblem {
  before: string;
  reason: string;
  found: string;
  expected: string;
}

/** The result of decoding: text, or a problem. */
export type Decoded = { ok: true; text: string } | { ok: false; problem: ChunkProblem };

function surrogate(before: string, unit: number): Decoded {
  const hex = unit.toString(16).toUpperCase();
  return { ok: false, problem: { before, reason: `invalid Unicode: unpaired surrogate U+${hex}`, found: `character U+${hex}`, expected: "valid Unicode" } };
}

/** Decodes chunks in order; `end()` flushes. */
export class ChunkDecoder {
  readonly #decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  #high = "";
  /** Bytes decoded so far. */
  bytes = 0;

  /** The text of the next chunk. */
  decode(chunk: Uint8Array | string): Decoded {
    if (typeof chunk !== "string") {
      try {
        const text = this.#decoder.decode(chunk, { stream: true });
        this.bytes += chunk.length;
        return { ok: true, text };
      } catch {
        const at = invalidUtf8Offset(chunk);
        const found = at >= 0 ? `byte 0x${chunk[at]!.toString(16).toUpperCase().padStart(2, "0")}` : "end of input";
        const before = at > 0 ? new TextDecoder().decode(chunk.subarray(0, at)) : "";
        return { ok: false, problem: { before, reason: `invalid UTF-8: unexpected ${found}`, found, expected: "valid UTF-8" } };
      }
    }
    let text = this.#high + chunk;
    const last = text.charCodeAt(text.length - 1);
    this.#high = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : "";
    if (this.#high) text = text.slice(0, -1);
    if (text.isWellFormed()) return { ok: true, text };
    const at = loneSurrogateIndex(text);
    return surrogate(text.slice(0, at), text.charCodeAt(at));
  }

  /** Whatever is left at the end of the input. */
  end(): Decoded {
    if (this.#high) return surrogate("", this.#high.charCodeAt(0));
    try {
      return { ok: true, text: this.#decoder.decode() };
    } catch {
      return { ok: false, problem: { before: "", reason: "invalid UTF-8: unexpected end of input", found: "end of input", expected: "valid UTF-8" } };
    }
  }
}
