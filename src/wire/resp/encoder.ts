/**
 * RESP reply encoder into one growable buffer, so every reply produced for a
 * read is written with one socket write. RESP2 by default; RESP3 types (map,
 * set, double, null, boolean) after `HELLO 3`, degrading to RESP2 shapes otherwise.
 */

/** Text written byte-per-char (latin1): keys and messages round-trip binary-safe. */
export type Latin1 = string;

const CRLF = [13, 10] as const;
const OK = new TextEncoder().encode("+OK\r\n");

/** Accumulates encoded replies; `take()` hands the bytes over and resets. */
export class ReplyWriter {
  /** 2 or 3: the protocol negotiated with HELLO. */
  proto: 2 | 3 = 2;
  #buf: Uint8Array;
  #len = 0;

  constructor(initial = 16 * 1024) {
    this.#buf = new Uint8Array(initial);
  }

  /** Bytes waiting to be taken. */
  get length(): number {
    return this.#len;
  }

  /** The backing buffer: its first `length` bytes are the encoded replies (valid until the next write or `clear()`). */
  get buffer(): Uint8Array {
    return this.#buf;
  }

  /** The encoded bytes in place, valid until the next write or `clear()`. */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /** Drops everything written after the first `length` bytes (a reply the client asked not to get). */
  truncate(length: number): void {
    if (length < this.#len) this.#len = length;
  }

  /** Empties the writer (after `view()` was written out). */
  clear(): void {
    this.#len = 0;
    if (this.#buf.length > 1 << 20) this.#buf = new Uint8Array(16 * 1024);
  }

  /** Returns the encoded bytes (a copy) and empties the writer. */
  take(): Uint8Array {
    const out = this.#buf.slice(0, this.#len);
    this.#len = 0;
    if (this.#buf.length > 1 << 20) this.#buf = new Uint8Array(16 * 1024);
    return out;
  }

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  #latin1(s: Latin1): void {
    this.#reserve(s.length);
    const b = this.#buf;
    let i = this.#len;
    for (let j = 0; j < s.length; j++) b[i++] = s.charCodeAt(j) & 0xff;
    this.#len = i;
  }

  #line(prefix: string, body: Latin1): void {
    this.#latin1(prefix);
    this.#latin1(body);
    this.#crlf();
  }

  #crlf(): void {
    this.#reserve(2);
    this.#buf[this.#len++] = CRLF[0];
    this.#buf[this.#len++] = CRLF[1];
  }

  /** Writes the decimal digits of a safe integer. */
  #digits(n: number): void {
    this.#reserve(21);
    const b = this.#buf;
    if (n < 0) {
      b[this.#len++] = 45;
      n = -n;
    }
    if (n < 10) {
      b[this.#len++] = 48 + n;
      return;
    }
    if (n <= 0x7fffffff) {
      // int32 arithmetic: no floating-point division per digit.
      let len = 2;
      for (let p = 100; p <= n && len < 10; p *= 10) len++;
      let end = this.#len + len;
      this.#len = end;
      for (let m = n | 0; m > 0; m = (m / 10) | 0) b[--end] = 48 + (m % 10);
      return;
    }
    let end = this.#len;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) end++;
    this.#len = end;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) b[--end] = 48 + (m % 10);
  }

  /** `$len\r\n` for a bulk string of `len` bytes. */
  #bulkHead(len: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = 36;
    this.#digits(len);
    this.#crlf();
  }

  /** Reserves `n` bytes at the end for the caller to fill in `buffer`; returns their offset. */
  append(n: number): number {
    this.#reserve(n);
    const at = this.#len;
    this.#len += n;
    return at;
  }

  /** `+OK` */
  ok(): void {
    this.raw(OK);
  }

  /** A bulk string of `buf[start, end)`. */
  bulkRange(buf: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.#bulkHead(n);
    if (n > 32) this.raw(buf.subarray(start, end));
    else {
      // Short values byte by byte: no view object per reply.
      this.#reserve(n);
      const b = this.#buf;
      let at = this.#len;
      for (let i = start; i < end; i++) b[at++] = buf[i]!;
      this.#len = at;
    }
    this.#crlf();
  }

  /** Appends pre-encoded RESP bytes. */
  raw(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#buf.set(bytes, this.#len);
    this.#len += bytes.length;
  }

  /** `+text` (newlines become spaces, as Redis does). */
  simple(text: Latin1): void {
    this.#line("+", text.replace(/[\r\n]/g, " "));
  }

  /** `-ERR text`; a message that starts with its own code (`WRONGTYPE …`) is kept as is. */
  error(message: Latin1): void {
    const m = message.replace(/[\r\n]/g, " ");
    this.#line("-", /^[A-Z]+ /.test(m) || /^[A-Z]+$/.test(m) ? m : `ERR ${m}`);
  }

  /** `:n` */
  integer(n: number | bigint): void {
    if (typeof n === "number" && Number.isSafeInteger(n)) {
      this.#reserve(1);
      this.#buf[this.#len++] = 58;
      this.#digits(n);
      this.#crlf();
    } else {
      this.#line(":", String(n));
    }
  }

  /** `$len\r\nbytes\r\n`; a string is written as latin1. */
  bulk(v: Uint8Array | Latin1): void {
    if (typeof v === "string") {
      this.#line("$", String(v.length));
      this.#latin1(v);
    } else {
      this.#bulkHead(v.length);
      this.raw(v);
    }
    this.#crlf();
  }

  /** The null bulk string: `$-1` in RESP2, `_` in RESP3. */
  nullBulk(): void {
    this.#latin1(this.proto === 3 ? "_\r\n" : "$-1\r\n");
  }

  /** The null array: `*-1` in RESP2, `_` in RESP3. */
  nullArray(): void {
    this.#latin1(this.proto === 3 ? "_\r\n" : "*-1\r\n");
  }

  /** `*n`, followed by n replies. */
  array(n: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = 42;
    this.#digits(n);
    this.#crlf();
  }

  /** `%n` in RESP3, `*2n` in RESP2; followed by 2n replies. */
  map(n: number): void {
    this.#line(this.proto === 3 ? "%" : "*", String(this.proto === 3 ? n : 2 * n));
  }

  /** `~n` in RESP3, `*n` in RESP2. */
  set(n: number): void {
    this.#line(this.proto === 3 ? "~" : "*", String(n));
  }

  /** `,d` in RESP3, a bulk string in RESP2. */
  double(d: number): void {
    const s = Number.isNaN(d) ? "nan" : d === Infinity ? "inf" : d === -Infinity ? "-inf" : String(d);
    if (this.proto === 3) this.#line(",", s);
    else this.bulk(s);
  }

  /** `#t`/`#f` in RESP3, `:1`/`:0` in RESP2. */
  boolean(b: boolean): void {
    if (this.proto === 3) this.#line("#", b ? "t" : "f");
    else this.integer(b ? 1 : 0);
  }

  /** `=len\r\ntxt:…` verbatim string in RESP3, a bulk string in RESP2. */
  verbatim(text: Latin1, format = "txt"): void {
    if (this.proto === 3) {
      this.#line("=", String(text.length + 4));
      this.#latin1(`${format}:`);
      this.#latin1(text);
      this.#crlf();
    } else {
      this.bulk(text);
    }
  }
}
