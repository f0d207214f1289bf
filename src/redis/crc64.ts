/**
 * CRC-64/Jones as Redis's crc64.c computes it for RDB checksums: polynomial
 * 0xad93d23594c935a9, reflected input and output, initial value 0, no final
 * xor; crc64("123456789") = 0xe9c6d914c4b8d9ca. Table-driven, one byte at a
 * time, on two 32-bit halves (no bigint in the loop).
 */

/** The reflected polynomial (bit-reversed 0xad93d23594c935a9). */
const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let k = 0; k < 8; k++) {
    const bit = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (bit) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  TABLE_HI[n] = hi;
  TABLE_LO[n] = lo;
}

/** A running CRC64 as two 32-bit halves. */
export class Crc64 {
  hi = 0;
  lo = 0;

  /** Feeds bytes. */
  update(data: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < data.length; i++) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = ((lo >>> 8) | ((hi & 0xff) << 24)) ^ TABLE_LO[idx]!;
      hi = (hi >>> 8) ^ TABLE_HI[idx]!;
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  /** The checksum so far as a bigint. */
  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** The checksum as 8 little-endian bytes, as the RDB trailer stores it. */
  bytesLE(): Uint8Array {
    const out = new Uint8Array(8);
    const v = new DataView(out.buffer);
    v.setUint32(0, this.lo, true);
    v.setUint32(4, this.hi, true);
    return out;
  }
}

/** CRC64 of `data`. */
export function crc64(data: Uint8Array): bigint {
  return new Crc64().update(data).value();
}
