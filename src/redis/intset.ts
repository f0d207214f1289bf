/**
 * Intset encode/decode (Redis's intset.c), the blob of RDB_TYPE_SET_INTSET:
 * encoding (u32 LE: 2, 4 or 8 bytes per value), length (u32 LE), then the
 * values sorted ascending, little-endian, all in the smallest width that fits.
 */

/** Members that are all canonical int64 strings (set-max-intset-entries applies elsewhere); null otherwise. */
export function intsetMembers(members: string[]): bigint[] | null {
  const out: bigint[] = [];
  for (const m of members) {
    if (!/^(0|-?[1-9][0-9]{0,18})$/.test(m)) return null;
    const n = BigInt(m);
    if (n > 9223372036854775807n || n < -9223372036854775808n) return null;
    out.push(n);
  }
  return out;
}

/** An intset of `values` (deduplicated by the caller). */
export function encodeIntset(values: bigint[]): Uint8Array {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const fits = (bits: bigint) => sorted.every((x) => x >= -(1n << (bits - 1n)) && x < 1n << (bits - 1n));
  const width = fits(16n) ? 2 : fits(32n) ? 4 : 8;
  const out = new Uint8Array(8 + width * sorted.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, width, true);
  v.setUint32(4, sorted.length, true);
  sorted.forEach((x, i) => {
    const at = 8 + i * width;
    if (width === 2) v.setInt16(at, Number(x), true);
    else if (width === 4) v.setInt32(at, Number(x), true);
    else v.setBigInt64(at, x, true);
  });
  return out;
}

/** The members of an intset as decimal strings. */
export function decodeIntset(blob: Uint8Array): string[] {
  const v = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.length < 8) throw new RangeError("intset: too short");
  const width = v.getUint32(0, true);
  const n = v.getUint32(4, true);
  if (![2, 4, 8].includes(width) || blob.length !== 8 + width * n) throw new RangeError("intset: bad encoding or length");
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = 8 + i * width;
    out.push(String(width === 2 ? v.getInt16(at, true) : width === 4 ? v.getInt32(at, true) : v.getBigInt64(at, true)));
  }
  return out;
}
