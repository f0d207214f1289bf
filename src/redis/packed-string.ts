/**
 * Strings stored without a heap object, the way Redis keeps small values in
 * the robj itself (embstr/int encodings), as numbers a JS engine holds
 * immediately:
 * - up to 6 bytes and their length packed into an integer in [0, 2^51);
 * - a canonical decimal integer n with |n| < 2^51 (what INCR makes) as the
 *   negative number −1 − (n + 2^51).
 * Anything else stays a Uint8Array. A 1,000,000-key keyspace of 3-byte
 * values saves the ~60–100 bytes a Uint8Array costs per value, and a list of
 * small elements is an array the garbage collector need not trace.
 */

/** Longest string that packs as bytes. */
export const PACKED_MAX = 6;

/** A string value as stored: a packed number or bytes. */
export type StoredString = number | Uint8Array;

const INT_BASE = 2 ** 51;

/** The most bytes a packed string spells out (a 16-digit integer and its sign). */
export const PACKED_BYTES_MAX = 17;

/** The stored form of the integer `n` (|n| < 2^51), or undefined when out of range. */
export function packInt(n: number): number | undefined {
  return Number.isSafeInteger(n) && Math.abs(n) < INT_BASE ? -1 - (n + INT_BASE) : undefined;
}

/** The integer a stored number holds when it is in the integer form (negative), else undefined. */
export function storedInt(p: number): number | undefined {
  return p < 0 ? -1 - p - INT_BASE : undefined;
}

/** Decimal digits (and sign) of an integer. */
function decimalLength(n: number): number {
  let len = n < 0 ? 2 : 1;
  for (let m = Math.abs(n); m >= 10; m = Math.floor(m / 10)) len++;
  return len;
}

/** `buf[start, end)` as a canonical decimal integer below 2^51 in magnitude, or undefined. */
function canonicalInt(buf: Uint8Array, start: number, end: number): number | undefined {
  const len = end - start;
  if (len === 0 || len > 17) return undefined;
  let i = start;
  const neg = buf[i] === 45;
  if (neg && ++i === end) return undefined;
  if (buf[i] === 48) return len === 1 ? 0 : undefined;
  let n = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) return undefined;
    n = n * 10 + (c - 48);
  }
  return n < INT_BASE ? (neg ? -n : n) : undefined;
}

/** Packs `b` when it is short enough or an integer, else returns it (the caller must not mutate it afterwards). */
export function pack(b: Uint8Array): StoredString {
  return b.length <= PACKED_MAX ? packRange(b, 0, b.length) : (packIntRange(b, 0, b.length) ?? b);
}

function packIntRange(buf: Uint8Array, start: number, end: number): number | undefined {
  const n = canonicalInt(buf, start, end);
  return n === undefined ? undefined : packInt(n);
}

/** Packs a byte range of `buf` (a read buffer) without creating a view; long non-integer ranges are copied. */
export function packRange(buf: Uint8Array, start: number, end: number): StoredString {
  const n = end - start;
  if (n > PACKED_MAX) return packIntRange(buf, start, end) ?? buf.slice(start, end);
  let p = 0;
  for (let i = start; i < end; i++) p = p * 256 + buf[i]!;
  return p * 8 + n;
}

/** The length in bytes of a packed string. */
export function packedLength(p: number): number {
  // `& 7` is the integer's low bits (ToInt32 is modulo 2^32): no floating-point remainder.
  return p < 0 ? decimalLength(storedInt(p)!) : p & 7;
}

/** The bytes of a packed string (a fresh array). */
export function unpack(p: number): Uint8Array {
  const out = new Uint8Array(packedLength(p));
  unpackInto(p, out, 0);
  return out;
}

/** Writes the bytes of a packed string into `dst` at `at` (room for PACKED_BYTES_MAX bytes); returns the length. */
export function unpackInto(p: number, dst: Uint8Array, at: number): number {
  if (p < 0) {
    let n = storedInt(p)!;
    const len = decimalLength(n);
    const neg = n < 0;
    if (neg) n = -n;
    let i = at + len - 1;
    do {
      dst[i--] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
    if (neg) dst[at] = 45;
    return len;
  }
  // The ≤ 48 bits of bytes as two int32 halves, so the loop is integer shifts (`%` on a double is an fmod call).
  const n = p & 7;
  const rest = (p - n) / 8;
  let lo = rest >>> 0;
  let hi = (rest - lo) / 4294967296;
  for (let i = n - 1; i >= 0; i--) {
    dst[at + i] = lo & 255;
    lo = (lo >>> 8) | ((hi & 255) << 24);
    hi >>>= 8;
  }
  return n;
}
