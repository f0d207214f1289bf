/**
 * LZF (liblzf's lzf_d.c and lzf_c.c), for strings Redis saves with
 * RDB_ENC_LZF (rdbcompression yes). Control byte < 32: a literal run of
 * ctrl+1 bytes; otherwise a back reference of length (ctrl >> 5) + 2 (7 means
 * an extra length byte follows) at distance ((ctrl & 31) << 8 | next) + 1.
 */

/** Decompresses `input` into exactly `outLen` bytes; throws on malformed input. */
export function lzfDecompress(input: Uint8Array, outLen: number): Uint8Array {
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  while (ip < input.length) {
    const ctrl = input[ip++]!;
    if (ctrl < 32) {
      const n = ctrl + 1;
      if (op + n > outLen || ip + n > input.length) throw new RangeError("lzf: literal run out of bounds");
      out.set(input.subarray(ip, ip + n), op);
      ip += n;
      op += n;
    } else {
      let len = ctrl >> 5;
      if (len === 7) len += input[ip++]!;
      len += 2;
      const ref = op - (((ctrl & 31) << 8) | input[ip++]!) - 1;
      if (ref < 0 || op + len > outLen) throw new RangeError("lzf: back reference out of bounds");
      for (let i = 0; i < len; i++) out[op++] = out[ref + i]!;
    }
  }
  if (op !== outLen) throw new RangeError("lzf: decompressed length mismatch");
  return out;
}

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
/** Hash slots hold position + 1 (0 = empty), reset per call (liblzf leaves its table uninitialised; stale slots fail its match checks). */
const htab = new Uint32Array(HSIZE);

/** VERY_FAST's IDX. */
const idx = (h: number) => (((h >>> (3 * 8 - HLOG)) - Math.imul(h, 5)) >>> 0) & (HSIZE - 1);

/**
 * liblzf's lzf_compress as Redis builds it (HLOG 16, VERY_FAST, not
 * ULTRA_FAST), byte for byte: the compressed bytes, or null when they would
 * not fit in `outLen` bytes (lzf_compress returning 0).
 */
export function lzfCompress(input: Uint8Array, outLen: number): Uint8Array | null {
  const inLen = input.length;
  if (inLen === 0 || outLen === 0) return null;
  htab.fill(0);
  const out = new Uint8Array(outLen + 1);
  let ip = 0;
  let op = 0;
  let lit = 0;
  op++; // start run
  const frst = (p: number) => (input[p]! << 8) | input[p + 1]!;
  // An unsigned int in C: it keeps shifting left and wraps at 32 bits.
  const next = (v: number, p: number) => (v << 8) | input[p + 2]!;
  let hval = frst(ip);
  while (ip < inLen - 2) {
    hval = next(hval, ip);
    const slot = idx(hval);
    const ref = htab[slot]! - 1;
    htab[slot] = ip + 1;
    const off = ip - ref - 1;
    // redis-server 7.0 matches with exactly 4 bytes left (checked against its DUMP output), so the bound is <=.
    if (ref > 0 && ref < ip && off < MAX_OFF && ip + 4 <= inLen && input[ref] === input[ip] && input[ref + 1] === input[ip + 1] && input[ref + 2] === input[ip + 2]) {
      let len = 2;
      const maxlen = Math.min(inLen - ip - len, MAX_REF);
      out[op - lit - 1] = lit - 1; // stop run
      if (lit === 0) op--; // undo run if length is zero
      if (op + 3 + 1 >= outLen) return null;
      // lzf_c.c unrolls 16 compares without the maxlen bound when maxlen > 16; kept for identical output.
      let mismatch = false;
      if (maxlen > 16) {
        for (let u = 0; u < 16 && !mismatch; u++) mismatch = input[ref + ++len] !== input[ip + len];
      }
      if (!mismatch) {
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // len is now #octets - 1
      ip++;
      if (len < 7) out[op++] = (off >> 8) + (len << 5);
      else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inLen - 2) break;
      ip -= 2;
      hval = frst(ip);
      hval = next(hval, ip);
      htab[idx(hval)] = ip + 1;
      ip++;
      hval = next(hval, ip);
      htab[idx(hval)] = ip + 1;
      ip++;
    } else {
      if (op >= outLen) return null;
      lit++;
      out[op++] = input[ip++]!;
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outLen) return null;
  while (ip < inLen) {
    lit++;
    out[op++] = input[ip++]!;
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1; // end run
  if (lit === 0) op--;
  return out.subarray(0, op);
}
