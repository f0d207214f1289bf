/** The chunked transfer coding, sending side (RFC 9112 §7.1). */

const encoder = new TextEncoder();

/** The last-chunk and an empty trailer section: "0\r\n\r\n". */
export const LAST_CHUNK: Uint8Array = encoder.encode("0\r\n\r\n");

/** One chunk holding `data` (chunk-size CRLF chunk-data CRLF), as a single buffer; empty data gives an empty buffer, since a zero size would end the body. */
export function encodeChunk(data: Uint8Array): Uint8Array {
  const n = data.length;
  if (n === 0) return new Uint8Array(0);
  const hex = n.toString(16);
  const out = new Uint8Array(hex.length + 4 + n);
  for (let i = 0; i < hex.length; i++) out[i] = hex.charCodeAt(i);
  out[hex.length] = 0x0d;
  out[hex.length + 1] = 0x0a;
  out.set(data, hex.length + 2);
  out[hex.length + 2 + n] = 0x0d;
  out[hex.length + 3 + n] = 0x0a;
  return out;
}
