/**
 * zlib streams (RFC 1950) for loose objects and pack entries, on Bun's native
 * zlib: deflate is raw DEFLATE with the two-byte header and Adler-32 trailer
 * added here; inflate reads the zlib format, checking both. The
 * issue names fflate; Bun's built-in is 8× faster to deflate and ~60× faster
 * to inflate small objects, and DESIGN prefers Bun built-ins, so fflate is not
 * loaded at all.
 */

/** Adler-32 (RFC 1950 §8). */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  const n = data.length;
  let i = 0;
  while (i < n) {
    // 5552 is the largest block for which b cannot overflow 2^32 before the modulo.
    const end = Math.min(i + 5552, n);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Compresses `data` as a zlib stream (level 1: fast, as loose objects favour speed). */
export function deflate(data: Uint8Array): Uint8Array {
  const raw = Bun.deflateSync(data as Uint8Array<ArrayBuffer>, { level: 1 });
  const out = new Uint8Array(raw.length + 6);
  out[0] = 0x78;
  out[1] = 0x01;
  out.set(raw, 2);
  const sum = adler32(data);
  const o = raw.length + 2;
  out[o] = sum >>> 24;
  out[o + 1] = (sum >>> 16) & 0xff;
  out[o + 2] = (sum >>> 8) & 0xff;
  out[o + 3] = sum & 0xff;
  return out;
}

/** windowBits 15: the zlib format (header and Adler-32 trailer), not raw DEFLATE. One object for every call. */
const ZLIB_FORMAT = { windowBits: 15 } as const;

/**
 * Inflates a zlib stream starting at data[0]; bytes after the stream's end
 * are ignored. zlib itself checks the header and the Adler-32 trailer, as
 * git's inflate does ("incorrect header check", "incorrect data check").
 */
export function inflate(data: Uint8Array): Uint8Array {
  return Bun.inflateSync(data as Uint8Array<ArrayBuffer>, ZLIB_FORMAT);
}

/** Inflates the zlib stream at data[0] whose inflated size is known (pack entries). */
export function inflateKnownSize(data: Uint8Array, size: number): Uint8Array {
  const r = inflate(data);
  if (r.length !== size) throw new Error(`inflated ${r.length} bytes, want ${size}`);
  return r;
}
