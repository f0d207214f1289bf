/**
 * Listpack encode/decode (Redis's listpack.c), the blob inside
 * RDB_TYPE_HASH_LISTPACK and each RDB_TYPE_LIST_QUICKLIST_2 node. Layout:
 * total bytes (u32 LE), element count (u16 LE, 65535 = unknown), entries, 0xFF.
 * An entry is encoding+data then its backlen (lpEncodeBacklen). Strings that
 * are canonical int64s are stored as integers (lpEncodeGetType):
 * 0xxxxxxx 7-bit uint, 110xxxxx 13-bit int, 0xF1/F2/F3/F4 16/24/32/64-bit int
 * (LE); 10xxxxxx 6-bit str, 1110xxxx 12-bit str, 0xF0 32-bit str.
 */
import { parseInt64 } from "../wire/resp/index.ts";

/** listpack.c LP_HDR_SIZE and LP_EOF. */
const HDR = 6;
const EOF = 0xff;

/** lpEncodeBacklen: the entry length `l` as 1–5 bytes, read right to left. */
function backlen(l: number): number[] {
  if (l <= 127) return [l];
  if (l < 16383) return [l >>> 7, (l & 127) | 128];
  if (l < 2097151) return [l >>> 14, ((l >>> 7) & 127) | 128, (l & 127) | 128];
  if (l < 268435455) return [l >>> 21, ((l >>> 14) & 127) | 128, ((l >>> 7) & 127) | 128, (l & 127) | 128];
  return [Math.floor(l / 2 ** 28), ((l >>> 21) & 127) | 128, ((l >>> 14) & 127) | 128, ((l >>> 7) & 127) | 128, (l & 127) | 128];
}

function intEntry(v: bigint): number[] {
  const n = Number(v);
  if (v >= 0n && v <= 127n) return [n];
  if (v >= -4096n && v <= 4095n) {
    const u = n < 0 ? (1 << 13) + n : n;
    return [(u >>> 8) | 0xc0, u & 0xff];
  }
  const le = (bytes: number, tag: number) => {
    let u = BigInt.asUintN(bytes * 8, v);
    const out = [tag];
    for (let i = 0; i < bytes; i++, u >>= 8n) out.push(Number(u & 0xffn));
    return out;
  };
  if (v >= -32768n && v <= 32767n) return le(2, 0xf1);
  if (v >= -8388608n && v <= 8388607n) return le(3, 0xf2);
  if (v >= -2147483648n && v <= 2147483647n) return le(4, 0xf3);
  return le(8, 0xf4);
}

/** Encodes one element (encoding + data + backlen). */
/** One encoded listpack entry (encoding, data, backlen). */
export function entry(s: Uint8Array): Uint8Array {
  const asInt = s.length > 0 && s.length <= 20 ? parseInt64(s, 0, s.length) : null;
  let head: number[];
  let data: Uint8Array | undefined;
  if (asInt !== null) head = intEntry(BigInt(asInt));
  else if (s.length < 64) (head = [0x80 | s.length]), (data = s);
  else if (s.length < 4096) (head = [0xe0 | (s.length >>> 8), s.length & 0xff]), (data = s);
  else (head = [0xf0, s.length & 0xff, (s.length >>> 8) & 0xff, (s.length >>> 16) & 0xff, s.length >>> 24]), (data = s);
  const l = head.length + (data?.length ?? 0);
  const back = backlen(l);
  const out = new Uint8Array(l + back.length);
  out.set(head);
  if (data) out.set(data, head.length);
  out.set(back, l);
  return out;
}

/** A listpack holding `items` in order. */
export function encodeListpack(items: Uint8Array[]): Uint8Array {
  const entries = items.map(entry);
  const total = HDR + entries.reduce((n, e) => n + e.length, 0) + 1;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setUint32(0, total, true);
  v.setUint16(4, items.length < 65535 ? items.length : 65535, true);
  let p = HDR;
  for (const e of entries) out.set(e, p), (p += e.length);
  out[p] = EOF;
  return out;
}

/** A listpack that does not parse. */
export class ListpackError extends Error {
  readonly code = "ERR_REDIS_LISTPACK";
  override name = "ListpackError";
}

const te = new TextEncoder();

/** The elements of a listpack, integers rendered as decimal strings (lpGet). */
export function decodeListpack(lp: Uint8Array): Uint8Array[] {
  const v = new DataView(lp.buffer, lp.byteOffset, lp.byteLength);
  if (lp.length < HDR + 1 || v.getUint32(0, true) !== lp.length) throw new ListpackError("listpack: bad total length");
  const out: Uint8Array[] = [];
  let p = HDR;
  const need = (n: number) => {
    if (p + n > lp.length - 1) throw new ListpackError(`listpack: entry at ${p} runs past the end`);
  };
  const signed = (u: number, bits: number) => (u >= 2 ** (bits - 1) ? u - 2 ** bits : u);
  while (lp[p] !== EOF) {
    if (p >= lp.length) throw new ListpackError("listpack: missing terminator");
    const b = lp[p]!;
    const start = p;
    let value: Uint8Array;
    if ((b & 0x80) === 0) (value = te.encode(String(b))), (p += 1);
    else if ((b & 0xc0) === 0x80) {
      const n = b & 0x3f;
      need(1 + n);
      value = lp.slice(p + 1, p + 1 + n);
      p += 1 + n;
    } else if ((b & 0xe0) === 0xc0) {
      need(2);
      value = te.encode(String(signed(((b & 0x1f) << 8) | lp[p + 1]!, 13)));
      p += 2;
    } else if ((b & 0xf0) === 0xe0) {
      need(2);
      const n = ((b & 0x0f) << 8) | lp[p + 1]!;
      need(2 + n);
      value = lp.slice(p + 2, p + 2 + n);
      p += 2 + n;
    } else if (b === 0xf0) {
      need(5);
      const n = v.getUint32(p + 1, true);
      need(5 + n);
      value = lp.slice(p + 5, p + 5 + n);
      p += 5 + n;
    } else if (b === 0xf1) (need(3), (value = te.encode(String(v.getInt16(p + 1, true)))), (p += 3));
    else if (b === 0xf2) (need(4), (value = te.encode(String(signed(v.getUint16(p + 1, true) | (lp[p + 3]! << 16), 24)))), (p += 4));
    else if (b === 0xf3) (need(5), (value = te.encode(String(v.getInt32(p + 1, true)))), (p += 5));
    else if (b === 0xf4) (need(9), (value = te.encode(String(v.getBigInt64(p + 1, true)))), (p += 9));
    else throw new ListpackError(`listpack: bad encoding byte 0x${b.toString(16)} at ${p}`);
    p += backlen(p - start).length;
    out.push(value);
  }
  return out;
}
