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

/** {@link RequestDecoder.frame} results. */
export const FRAME_MORE = 0;
/** A multibulk command is ready: read it with argc/argStart/argEnd or argv(). */
export const FRAME_COMMAND = 1;
/** An inline command is ready: its arguments are in `inlineArgv`. */
export const FRAME_INLINE = 2;
/** A protocol error: `error` holds the message; reply, then close. */
export const FRAME_ERROR = -1;

/**
 * Decodes pipelined requests (multibulk `*N\r\n$len\r\n…` or inline lines)
 * split across any number of reads. `frame()` finds the next command without
 * allocating: its arguments are byte ranges of `buffer`, valid until the next
 * `frame()` or `push()`. `next()` wraps it and copies the arguments out.
 * A partial command keeps its parse state, so a huge command arriving over
 * many reads is scanned once.
 */
export class RequestDecoder {
  /** proto-max-bulk-len in force. */
  maxBulkLen: number;
  /** PROTO_INLINE_MAX_SIZE in force. */
  maxInline: number;
  /** When true, Redis's pre-auth limits apply (≤ 10 arguments, bulk ≤ 16384 bytes). */
  authRequired = false;
  /** The buffer the last frame's argument ranges refer to. */
  buffer = new Uint8Array(16 * 1024);
  /** Arguments of the last FRAME_COMMAND. */
  argc = 0;
  /** Arguments of the last FRAME_INLINE (copies). */
  inlineArgv: Uint8Array[] = [];
  /** Message of the last FRAME_ERROR. */
  error = "";
  /** Start of the command being parsed (everything before it is consumed). */
  #start = 0;
  /** Parse position within that command. */
  #pos = 0;
  #end = 0;
  /** Where the last complete frame began: argument offsets are relative to it. */
  #frameBase = 0;
  #multibulk = 0;
  #bulkLen = -1;
  #as = new Int32Array(16);
  #ae = new Int32Array(16);

  constructor(options: DecoderOptions = {}) {
    this.maxBulkLen = options.maxBulkLen ?? 512 * 1024 * 1024;
    this.maxInline = options.maxInline ?? 64 * 1024;
  }

  /** Bytes held for a command not yet complete: the query buffer in Redis's terms. */
  get buffered(): number {
    return this.#end - this.#start;
  }

  /** Appends bytes read from the connection (invalidates the last frame's ranges). */
  push(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n === 0) return;
    if (this.#end + n > this.buffer.length) {
      const live = this.#end - this.#start;
      if (live + n <= this.buffer.length && this.#start > 0) {
        this.buffer.copyWithin(0, this.#start, this.#end);
      } else {
        let size = this.buffer.length * 2;
        while (size < live + n) size *= 2;
        const next = new Uint8Array(size);
        next.set(this.buffer.subarray(this.#start, this.#end));
        this.buffer = next;
      }
      this.#pos -= this.#start;
      this.#start = 0;
      this.#end = live;
    }
    this.buffer.set(chunk, this.#end);
    this.#end += n;
  }

  /** Absolute start in `buffer` of argument `i` of the last FRAME_COMMAND. */
  argStart(i: number): number {
    return this.#frameBase + this.#as[i]!;
  }

  /** Absolute end in `buffer` of argument `i` of the last FRAME_COMMAND. */
  argEnd(i: number): number {
    return this.#frameBase + this.#ae[i]!;
  }

  /** The last frame's arguments as copies, safe to keep. */
  argv(): Uint8Array[] {
    const argv = new Array<Uint8Array>(this.argc);
    const base = this.#frameBase;
    for (let i = 0; i < this.argc; i++) argv[i] = this.buffer.slice(base + this.#as[i]!, base + this.#ae[i]!);
    return argv;
  }

  /** Decodes the next complete command, if the buffer holds one. Empty requests are skipped. */
  next(): DecodeResult {
    const f = this.frame();
    if (f === FRAME_MORE) return MORE;
    if (f === FRAME_ERROR) return { kind: "error", message: this.error };
    return { kind: "command", argv: f === FRAME_INLINE ? this.inlineArgv : this.argv() };
  }

  /** Finds the next command: FRAME_MORE, FRAME_COMMAND, FRAME_INLINE or FRAME_ERROR. */
  frame(): number {
    for (;;) {
      if (this.#start === this.#end) {
        this.#start = this.#pos = this.#end = 0;
        return FRAME_MORE;
      }
      const r = this.#multibulk > 0 || this.buffer[this.#start] === 42 ? this.#multibulkStep() : this.#inlineStep();
      if (r !== -2) return r;
    }
  }

  #fail(message: string): number {
    this.error = message;
    return FRAME_ERROR;
  }

  /** Like Redis's strchr on the query buffer: a NUL before `byte` hides it (so the line looks unterminated). */
  #indexOf(byte: number, from: number): number {
    const buf = this.buffer;
    for (let i = from; i < this.#end; i++) {
      const c = buf[i]!;
      if (c === byte) return i;
      if (c === 0) return -1;
    }
    return -1;
  }

  /** -2 = an empty request was consumed; look again. */
  #inlineStep(): number {
    const buf = this.buffer;
    const nl = this.#indexOf(LF, this.#start);
    if (nl < 0) {
      if (this.#end - this.#start > this.maxInline) return this.#fail("Protocol error: too big inline request");
      return FRAME_MORE;
    }
    const lineEnd = nl > this.#start && buf[nl - 1] === CR ? nl - 1 : nl;
    const argv = splitInlineArgs(buf.subarray(this.#start, lineEnd));
    if (argv === null) return this.#fail("Protocol error: unbalanced quotes in request");
    this.#start = this.#pos = nl + 1;
    if (argv.length === 0) return -2;
    this.inlineArgv = argv;
    return FRAME_INLINE;
  }

  #multibulkStep(): number {
    const buf = this.buffer;
    if (this.#multibulk === 0) {
      const cr = this.#indexOf(CR, this.#start);
      if (cr < 0) {
        if (this.#end - this.#start > this.maxInline) return this.#fail("Protocol error: too big mbulk count string");
        return FRAME_MORE;
      }
      if (cr + 1 >= this.#end) return FRAME_MORE;
      const n = parseInt64(buf, this.#start + 1, cr);
      if (n === null || n > INT_MAX) return this.#fail("Protocol error: invalid multibulk length");
      if (n > 10 && this.authRequired) return this.#fail("Protocol error: unauthenticated multibulk length");
      if (n <= 0) {
        this.#start = this.#pos = cr + 2;
        return -2;
      }
      this.#pos = cr + 2;
      this.#multibulk = Number(n);
      this.argc = 0;
      if (this.#as.length < this.#multibulk && this.#as.length < 1 << 20) this.#growArgs(Math.min(this.#multibulk, 1 << 20));
    }
    while (this.#multibulk > 0) {
      if (this.#bulkLen < 0) {
        const cr = this.#indexOf(CR, this.#pos);
        if (cr < 0) {
          if (this.#end - this.#pos > this.maxInline) return this.#fail("Protocol error: too big bulk count string");
          return FRAME_MORE;
        }
        if (cr + 1 >= this.#end) return FRAME_MORE;
        if (buf[this.#pos] !== 36) {
          return this.#fail(`Protocol error: expected '$', got '${String.fromCharCode(buf[this.#pos]!)}'`);
        }
        const n = parseInt64(buf, this.#pos + 1, cr);
        if (n === null || n < 0 || n > this.maxBulkLen) return this.#fail("Protocol error: invalid bulk length");
        if (n > 16384 && this.authRequired) return this.#fail("Protocol error: unauthenticated bulk length");
        this.#pos = cr + 2;
        this.#bulkLen = Number(n);
      }
      // Like Redis, the two bytes after the payload are skipped, not checked.
      if (this.#end - this.#pos < this.#bulkLen + 2) return FRAME_MORE;
      if (this.argc === this.#as.length) this.#growArgs(this.argc * 2);
      this.#as[this.argc] = this.#pos - this.#start;
      this.#ae[this.argc] = this.#pos - this.#start + this.#bulkLen;
      this.argc++;
      this.#pos += this.#bulkLen + 2;
      this.#bulkLen = -1;
      this.#multibulk--;
    }
    this.#frameBase = this.#start;
    this.#start = this.#pos;
    return FRAME_COMMAND;
  }

  #growArgs(n: number): void {
    const as = new Int32Array(n);
    as.set(this.#as.subarray(0, this.argc));
    this.#as = as;
    const ae = new Int32Array(n);
    ae.set(this.#ae.subarray(0, this.argc));
    this.#ae = ae;
  }
}
