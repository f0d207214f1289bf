/**
 * Short strings stored without a heap object, the way Redis stores small
 * values in the robj itself (embstr/int encodings): up to 6 bytes and their
 * length packed into one integer below 2^51, which a JS engine keeps as an
 * immediate number. A 1,000,000-key keyspace of 3-byte values saves the
 * ~60–100 bytes a Uint8Array costs per value.
 */

/** Longest string that packs. */
export const PACKED_MAX = 6;

/** A string value as the keyspace stores it: packed (≤ 6 bytes) or bytes. */
export type StoredString = number | Uint8Array;

/** Packs `b` when it is short enough, else returns it (the caller must not mutate it afterwards). */
export function pack(b: Uint8Array): StoredString {
  const n = b.length;
  if (n > PACKED_MAX) return b;
  let p = 0;
  for (let i = 0; i < n; i++) p = p * 256 + b[i]!;
  return p * 8 + n;
}

/** Packs a byte range of `buf` (a read buffer) without creating a view; long ranges are copied. */
export function packRange(buf: Uint8Array, start: number, end: number): StoredString {
  const n = end - start;
  if (n > PACKED_MAX) return buf.slice(start, end);
  let p = 0;
  for (let i = start; i < end; i++) p = p * 256 + buf[i]!;
  return p * 8 + n;
}

/** The length in bytes of a packed string. */
export function packedLength(p: number): number {
  return p % 8;
}

/** The bytes of a packed string (a fresh array). */
export function unpack(p: number): Uint8Array {
  const n = p % 8;
  const out = new Uint8Array(n);
  let rest = (p - n) / 8;
  for (let i = n - 1; i >= 0; i--) {
    const b = rest % 256;
    out[i] = b;
    rest = (rest - b) / 256;
  }
  return out;
}

/** Writes the bytes of a packed string into `dst` at `at`; returns the length. */
export function unpackInto(p: number, dst: Uint8Array, at: number): number {
  const n = p % 8;
  let rest = (p - n) / 8;
  for (let i = n - 1; i >= 0; i--) {
    const b = rest % 256;
    dst[at + i] = b;
    rest = (rest - b) / 256;
  }
  return n;
}
