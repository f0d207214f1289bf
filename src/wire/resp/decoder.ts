/**
 * Incremental RESP request decoder, sans I/O: bytes in, commands out. Follows
 * Redis's networking.c (processMultibulkBuffer, processInlineBuffer) down to
 * its error texts, so clients see the same replies for the same bad input.
 */
import { splitInlineArgs } from "./inline.ts";

/** Limits, in Redis's names; defaults are Redis's. */
export interface DecoderOptions {
  /** proto-max-bulk-len: largest bulk string (default 512 MB). */
  maxBulkLen?: number;
  /** PROTO_INLINE_MAX_SIZE: longest inline line or length line without its newline (default 64 KB). */
  maxInline?: number;
}

/** One step of decoding: a command, a protocol error (reply, then close), or a need for more bytes. */
export type DecodeResult =
  | { kind: "command"; argv: Uint8Array[] }
  | { kind: "error"; message: string }
  | { kind: "more" };

const CR = 13;
const LF = 10;
const MORE: DecodeResult = { kind: "more" };
const INT_MAX = 2147483647;

/** Redis's string2ll on a byte range: strict base-10 int64, no '+', no leading zeros, no spaces. */
export function parseInt64(buf: Uint8Array, start: number, end: number): number | bigint | null {
  const len = end - start;
  if (len === 0 || len > 20) return null;
  let i = start;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
    if (i === end) return null;
  }
  const first = buf[i]!;
  if (first === 48) return len === 1 ? 0 : null;
  if (first < 49 || first > 57) return null;
  let n = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) return null;
    n = n * 10 + (c - 48);
  }
  if (n <= Number.MAX_SAFE_INTEGER) return neg ? -n : n;
  let s = "";
  for (let j = start; j < end; j++) s += String.fromCharCode(buf[j]!);
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return null;
  return big;
}

/**
 * Decodes pipelined requests (multibulk `*N\r\n$len\r\n…` or inline lines)
 * split across any number of reads. Arguments are copies, safe to keep.
 */
export class RequestDecoder {
  /** proto-max-bulk-len in force. */
  maxBulkLen: number;
  /** PROTO_INLINE_MAX_SIZE in force. */
  maxInline: number;
  /** When true, Redis's pre-auth limits apply (≤ 10 arguments, bulk ≤ 16384 bytes). */
  authRequired = false;
  #buf = new Uint8Array(16 * 1024);
  #start = 0;
  #end = 0;
  #multibulk = 0;
  #bulkLen = -1;
  #argv: Uint8Array[] = [];
  #argvBytes = 0;

  constructor(options: DecoderOptions = {}) {
    this.maxBulkLen = options.maxBulkLen ?? 512 * 1024 * 1024;
    this.maxInline = options.maxInline ?? 64 * 1024;
  }

  /** Bytes held for a command not yet complete: the query buffer in Redis's terms. */
  get buffered(): number {
    return this.#end - this.#start + this.#argvBytes;
  }

  /** Appends bytes read from the connection. */
  push(chunk: Uint8Array): void {
    const n = chunk.length;
    if (this.#end + n > this.#buf.length) {
      const live = this.#end - this.#start;
      if (live + n <= this.#buf.length && this.#start > 0) {
        this.#buf.copyWithin(0, this.#start, this.#end);
      } else {
        let size = this.#buf.length * 2;
        while (size < live + n) size *= 2;
        const next = new Uint8Array(size);
        next.set(this.#buf.subarray(this.#start, this.#end));
        this.#buf = next;
      }
      this.#start = 0;
      this.#end = live;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += n;
  }

  /** Decodes the next complete command, if the buffer holds one. Empty requests are skipped. */
  next(): DecodeResult {
    for (;;) {
      if (this.#start === this.#end) {
        this.#start = this.#end = 0;
        return MORE;
      }
      const r = this.#multibulk > 0 || this.#buf[this.#start] === 42 ? this.#multibulkStep() : this.#inlineStep();
      if (r !== null) return r;
    }
  }

  /** Like Redis's strchr on the query buffer: a NUL before `byte` hides it (so the line looks unterminated). */
  #indexOf(byte: number, from: number): number {
    const i = this.#buf.subarray(from, this.#end).indexOf(byte);
    if (i < 0) return -1;
    return this.#buf.subarray(from, from + i).indexOf(0) >= 0 ? -1 : from + i;
  }

  /** null = an empty request was consumed; look again. */
  #inlineStep(): DecodeResult | null {
    const buf = this.#buf;
    const nl = this.#indexOf(LF, this.#start);
    if (nl < 0) {
      if (this.#end - this.#start > this.maxInline) return { kind: "error", message: "Protocol error: too big inline request" };
      return MORE;
    }
    const lineEnd = nl > this.#start && buf[nl - 1] === CR ? nl - 1 : nl;
    const line = buf.subarray(this.#start, lineEnd);
    const argv = splitInlineArgs(line);
    if (argv === null) return { kind: "error", message: "Protocol error: unbalanced quotes in request" };
    this.#start = nl + 1;
    return argv.length === 0 ? null : { kind: "command", argv };
  }

  #multibulkStep(): DecodeResult | null {
    const buf = this.#buf;
    if (this.#multibulk === 0) {
      const cr = this.#indexOf(CR, this.#start);
      if (cr < 0) {
        if (this.#end - this.#start > this.maxInline) return { kind: "error", message: "Protocol error: too big mbulk count string" };
        return MORE;
      }
      if (cr + 1 >= this.#end) return MORE;
      const n = parseInt64(buf, this.#start + 1, cr);
      if (n === null || n > INT_MAX) return { kind: "error", message: "Protocol error: invalid multibulk length" };
      if (n > 10 && this.authRequired) return { kind: "error", message: "Protocol error: unauthenticated multibulk length" };
      this.#start = cr + 2;
      if (n <= 0) return null;
      this.#multibulk = Number(n);
      this.#argv = [];
      this.#argvBytes = 0;
    }
    while (this.#multibulk > 0) {
      if (this.#bulkLen < 0) {
        const cr = this.#indexOf(CR, this.#start);
        if (cr < 0) {
          if (this.#end - this.#start > this.maxInline) return { kind: "error", message: "Protocol error: too big bulk count string" };
          return MORE;
        }
        if (cr + 1 >= this.#end) return MORE;
        if (buf[this.#start] !== 36) {
          return { kind: "error", message: `Protocol error: expected '$', got '${String.fromCharCode(buf[this.#start]!)}'` };
        }
        const n = parseInt64(buf, this.#start + 1, cr);
        if (n === null || n < 0 || n > this.maxBulkLen) return { kind: "error", message: "Protocol error: invalid bulk length" };
        if (n > 16384 && this.authRequired) return { kind: "error", message: "Protocol error: unauthenticated bulk length" };
        this.#start = cr + 2;
        this.#bulkLen = Number(n);
      }
      // Like Redis, the two bytes after the payload are skipped, not checked.
      if (this.#end - this.#start < this.#bulkLen + 2) return MORE;
      const arg = buf.slice(this.#start, this.#start + this.#bulkLen);
      this.#argv.push(arg);
      this.#argvBytes += arg.length;
      this.#start += this.#bulkLen + 2;
      this.#bulkLen = -1;
      this.#multibulk--;
    }
    const argv = this.#argv;
    this.#argv = [];
    this.#argvBytes = 0;
    return { kind: "command", argv };
  }
}
