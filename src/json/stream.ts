/**
 * The streaming parser: JSON text fed in chunks of any size, reported as
 * events (start/end of objects and arrays, keys, scalar values) to a visitor.
 * Memory is bounded by the chunk, the nesting depth and the largest single
 * string or number, never by the document, so multi-gigabyte inputs can be
 * scanned. A visitor callback that returns a promise pauses the parser until
 * it settles, and `write` returns a promise meanwhile: back-pressure that
 * reaches the source through `parseStream`. Errors match `parse`'s exactly; to
 * describe what was found, a syntax error may surface one chunk late.
 */
import { JsonParseError, type JsonParseErrorCode } from "./errors.ts";
import { cursor, isNumberChar, readNumber, scanStringPiece } from "./scan-text.ts";
import { ChunkDecoder, type Decoded } from "./chunk-decoder.ts";
import { describable, encodingError, failureAt, failureError, failureLike, type Failure } from "./stream-failure.ts";
import { StreamPosition } from "./stream-position.ts";
import { resolveOptions } from "./build.ts";
import type { JsonScalar, JsonVisitor, StreamOptions } from "./types.ts";

export type { JsonVisitor, StreamOptions };

// What the grammar expects next.
const VALUE = 0; // a value (document start, after ':' and after ',' in an array)
const FIRST_VALUE = 1; // after '[': a value or ']'
const FIRST_KEY = 2; // after '{': a key or '}'
const KEY = 3; // after ',' in an object
const COLON = 4;
const AFTER = 5; // after a value in a container: ',' or the closing bracket
const DONE = 6; // after the top-level value: only whitespace
const EXPECTED = ["value", "value", "string or '}'", "string", "':'", "", "end of input"];

// A token cut by the end of a chunk.
const NONE = 0;
const STRING = 1;
const NUMBER = 2;

/** Thrown inside the parser when an error must wait for more text to be described. */
const DEFER = Symbol("defer");

const isThenable = (r: unknown): r is Promise<void> => typeof (r as { then?: unknown } | undefined)?.then === "function";

/**
 * A push parser: `write` chunks, then `end`.
 * @example
 * const p = new JsonStreamParser({ value: (v) => console.log(v) });
 * p.write('[1, "a');
 * p.write('b"]');
 * p.end(); // logs 1, then "ab"
 */
export class JsonStreamParser {
  readonly #v: JsonVisitor;
  readonly #bigint: boolean;
  readonly #maxDepth: number;
  readonly #chunks = new ChunkDecoder();
  readonly #pos = new StreamPosition();
  #buf = "";
  #i = 0;
  #final = false;
  #state = VALUE;
  #stack: number[] = []; // 1 object, 0 array
  #tok = NONE;
  #tokIsKey = false;
  #tokStart = 0;
  #parts: string[] = [];
  #carry = ""; // unconsumed tail of the buffer (a cut escape or literal), prepended to the next chunk
  #paused = false;
  #ended = false;
  #failure: Failure | undefined;

  constructor(visitor: JsonVisitor, options: StreamOptions = {}) {
    this.#v = visitor;
    const resolved = resolveOptions(options);
    this.#bigint = resolved.bigint;
    this.#maxDepth = resolved.maxDepth;
  }

  /** Bytes written so far (for byte chunks). */
  get bytesRead(): number {
    return this.#chunks.bytes;
  }

  /** Current nesting depth. */
  get depth(): number {
    return this.#stack.length;
  }

  /** Feeds a chunk; returns a promise while a visitor has paused the parser (await it before writing again). */
  write(chunk: Uint8Array | string): void | Promise<void> {
    if (this.#paused) throw new Error("json: write while the parser is paused; await the promise the last write returned");
    if (this.#ended) throw new Error("json: write after end");
    const text = this.#text(this.#chunks.decode(chunk));
    if (this.#failure) {
      this.#failure.after += text;
      return this.#guard(() => this.#raise());
    }
    return this.#feed(text, false);
  }

  /** Ends the input; throws `JsonParseError` if the document is incomplete or invalid. */
  end(): void | Promise<void> {
    if (this.#paused) throw new Error("json: end while the parser is paused; await the promise the last write returned");
    if (this.#ended) return;
    this.#ended = true;
    this.#final = true;
    if (this.#failure) this.#raise();
    return this.#feed(this.#text(this.#chunks.end()), true);
  }

  #text(d: Decoded): string {
    if (d.ok) return d.text;
    this.#ended = true;
    throw encodingError(this.#pos, this.#buf, d.problem.before, d.problem);
  }

  #feed(text: string, final: boolean): void | Promise<void> {
    this.#pos.advance(this.#buf, this.#buf.length - this.#carry.length);
    this.#buf = this.#carry + text;
    this.#carry = "";
    this.#i = 0;
    this.#final = final;
    return this.#guard(() => this.#run());
  }

  /** Runs a step, turning a deferred error into "wait for more input". */
  #guard(step: () => void | Promise<void>): void | Promise<void> {
    try {
      const r = step();
      return r && r.catch((e: unknown) => (e === DEFER ? undefined : Promise.reject(e)));
    } catch (e) {
      if (e === DEFER) return;
      throw e;
    }
  }

  #pause(r: Promise<void>): Promise<void> {
    this.#paused = true;
    return r.then(
      () => {
        this.#paused = false;
        return this.#run();
      },
      (e: unknown) => {
        this.#ended = true;
        throw e;
      },
    );
  }

  #run(): void | Promise<void> {
    const buf = this.#buf;
    const n = buf.length;
    const v = this.#v;
    for (;;) {
      if (this.#tok !== NONE) {
        const r = this.#tok === STRING ? this.#continueString() : this.#continueNumber();
        if (r === false) return;
        if (r !== true) return this.#pause(r);
        continue;
      }
      let i = this.#i;
      let c = buf.charCodeAt(i);
      while (c === 32 || c === 10 || c === 13 || c === 9) {
        if (c === 10 || c === 13) this.#pos.lineBreak(buf, i);
        c = buf.charCodeAt(++i);
      }
      this.#i = i;
      if (i >= n) {
        if (this.#final && this.#state !== DONE) this.#fail(i, this.#expected());
        return;
      }
      const state = this.#state;
      let r: void | Promise<void>;
      if (c === 34) {
        if (state === COLON || state === AFTER || state === DONE) this.#fail(i, this.#expected());
        this.#tokIsKey = state === FIRST_KEY || state === KEY;
        const start = i + 1;
        let j = start;
        while (j < n) {
          const d = buf.charCodeAt(j);
          if (d === 34 || d === 92 || d < 32) break;
          j++;
        }
        if (buf.charCodeAt(j) !== 34) {
          this.#tok = STRING;
          this.#tokStart = this.#pos.base + i;
          this.#parts = [];
          this.#i = start;
          continue;
        }
        this.#i = j + 1;
        r = this.#emitString(buf.slice(start, j));
      } else if (state === FIRST_KEY || state === KEY) {
        if (c !== 125 || state === KEY) this.#fail(i, EXPECTED[state]!);
        this.#i = i + 1;
        r = this.#close(v.endObject?.());
      } else if (state === COLON) {
        if (c !== 58) this.#fail(i, "':'");
        this.#i = i + 1;
        this.#state = VALUE;
        continue;
      } else if (state === AFTER) {
        const inObject = this.#stack[this.#stack.length - 1] === 1;
        if (c === 44) {
          this.#i = i + 1;
          this.#state = inObject ? KEY : VALUE;
          continue;
        }
        if (c !== (inObject ? 125 : 93)) this.#fail(i, this.#expected());
        this.#i = i + 1;
        r = this.#close(inObject ? v.endObject?.() : v.endArray?.());
      } else if (state === DONE) {
        this.#fail(i, "end of input");
      } else if (c === 93 && state === FIRST_VALUE) {
        this.#i = i + 1;
        r = this.#close(v.endArray?.());
      } else if (c === 123 || c === 91) {
        if (this.#stack.length >= this.#maxDepth) {
          this.#fail(i, `nesting depth at most ${this.#maxDepth}`, "ERR_JSON_DEPTH", `maximum nesting depth ${this.#maxDepth} exceeded`);
        }
        this.#i = i + 1;
        this.#stack.push(c === 123 ? 1 : 0);
        this.#state = c === 123 ? FIRST_KEY : FIRST_VALUE;
        r = c === 123 ? v.startObject?.() : v.startArray?.();
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        let j = i + 1;
        while (j < n && isNumberChar(buf.charCodeAt(j))) j++;
        if (j >= n && !this.#final) {
          this.#tok = NUMBER;
          this.#tokStart = this.#pos.base + i;
          this.#parts = [];
          continue;
        }
        let value: number | bigint;
        try {
          value = readNumber(buf, i, this.#bigint);
        } catch (e) {
          this.#failLike(e, this.#pos.base, buf);
        }
        this.#i = cursor.end;
        r = this.#emitValue(value);
      } else {
        const word = c === 116 ? "true" : c === 102 ? "false" : c === 110 ? "null" : "";
        if (word !== "" && i + word.length > n && !this.#final && word.startsWith(buf.slice(i))) {
          this.#carry = buf.slice(i);
          this.#i = n;
          return;
        }
        if (word === "" || !buf.startsWith(word, i)) this.#fail(i, "value");
        this.#i = i + word.length;
        r = this.#emitValue(c === 116 ? true : c === 102 ? false : null);
      }
      if (r !== undefined && isThenable(r)) return this.#pause(r);
    }
  }

  #expected(): string {
    if (this.#state !== AFTER) return EXPECTED[this.#state]!;
    return this.#stack[this.#stack.length - 1] === 1 ? "',' or '}'" : "',' or ']'";
  }

  #close(r: void | Promise<void>): void | Promise<void> {
    this.#stack.pop();
    this.#state = this.#stack.length === 0 ? DONE : AFTER;
    return r;
  }

  #emitValue(value: JsonScalar): void | Promise<void> {
    this.#state = this.#stack.length === 0 ? DONE : AFTER;
    return this.#v.value?.(value);
  }

  #emitString(s: string): void | Promise<void> {
    if (!this.#tokIsKey) return this.#emitValue(s);
    this.#state = COLON;
    return this.#v.key?.(s);
  }

  /** Continues a string cut by a chunk end: true when emitted, false when more input is needed. */
  #continueString(): boolean | Promise<void> {
    const buf = this.#buf;
    let close: number;
    try {
      close = scanStringPiece(buf, this.#i, this.#final, this.#parts);
    } catch (e) {
      this.#failLike(e, this.#pos.base, buf);
    }
    if (close < 0) {
      const cut = -close - 1;
      this.#carry = buf.slice(cut);
      this.#i = buf.length;
      if (this.#final) this.#fail(cut, "'\"'");
      return false;
    }
    const s = this.#parts.join("");
    this.#parts = [];
    this.#tok = NONE;
    this.#i = close + 1;
    const r = this.#emitString(s);
    return r !== undefined && isThenable(r) ? r : true;
  }

  /** Continues a number cut by a chunk end. */
  #continueNumber(): boolean | Promise<void> {
    const buf = this.#buf;
    const n = buf.length;
    let j = this.#i;
    while (j < n && isNumberChar(buf.charCodeAt(j))) j++;
    this.#parts.push(buf.slice(this.#i, j));
    this.#i = j;
    if (j >= n && !this.#final) return false;
    const raw = this.#parts.join("");
    this.#parts = [];
    this.#tok = NONE;
    let value: number | bigint;
    try {
      value = readNumber(raw, 0, this.#bigint);
      if (cursor.end < raw.length) throw new JsonParseError({ offset: cursor.end, line: 1, column: 1, code: "ERR_JSON_SYNTAX", found: "", expected: this.#expectedAfterValue() });
    } catch (e) {
      // Past the raw text, the error is about what follows the number: describe it from the buffer.
      if (e instanceof JsonParseError && e.offset >= raw.length) this.#fail(j, e.expected);
      this.#failLike(e, this.#tokStart, raw + buf.slice(j));
    }
    const r = this.#emitValue(value);
    return r !== undefined && isThenable(r) ? r : true;
  }

  #expectedAfterValue(): string {
    if (this.#stack.length === 0) return "end of input";
    return this.#stack[this.#stack.length - 1] === 1 ? "',' or '}'" : "',' or ']'";
  }

  /** Fails at `local` in the buffer: "unexpected <what is there>, expected `expected`", or `reason`. */
  #fail(local: number, expected: string, code: JsonParseErrorCode = "ERR_JSON_SYNTAX", reason?: string): never {
    this.#failure = failureAt(this.#pos, this.#buf, local, expected, code, reason);
    this.#raise();
  }

  /** Fails with an error a reader raised on `text`, whose first unit is at global offset `base`. */
  #failLike(e: unknown, base: number, text: string): never {
    if (!(e instanceof JsonParseError)) throw e;
    this.#failure = failureLike(this.#pos, this.#buf, e, base, text);
    this.#raise();
  }

  /** Throws the pending failure, or DEFER while its description still needs more text. */
  #raise(): never {
    const f = this.#failure!;
    if (!this.#final && !describable(f)) throw DEFER;
    this.#ended = true;
    throw failureError(f);
  }

}
