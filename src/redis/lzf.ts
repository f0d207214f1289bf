/**
 * LZF decompression (liblzf's lzf_d.c), for strings Redis saves with
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
