/** SHA-1 object ids (Bun.CryptoHasher) and hex/byte conversions. */

const encoder = new TextEncoder();
const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"));

/** The id Git gives an object: SHA-1 of "<type> <size>\0" + data. */
export function hashObject(type: string, data: Uint8Array): string {
  const h = new Bun.CryptoHasher("sha1");
  h.update(encoder.encode(`${type} ${data.length}\0`));
  h.update(data);
  return h.digest("hex");
}

/** SHA-1 of raw bytes as 20 bytes. */
export function sha1Bytes(data: Uint8Array): Uint8Array {
  const h = new Bun.CryptoHasher("sha1");
  h.update(data);
  return new Uint8Array(h.digest().buffer);
}

/** 20 bytes at `offset` as 40 hex digits. */
export function toHex(bytes: Uint8Array, offset = 0, length = 20): string {
  let s = "";
  for (let i = offset; i < offset + length; i++) s += HEX[bytes[i]!]!;
  return s;
}

/** Writes the 40-hex id `hex` as 20 bytes into `out` at `offset`. */
export function putHex(out: Uint8Array, offset: number, hex: string): void {
  for (let i = 0; i < 20; i++) out[offset + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}

/** The 20 bytes of a 40-hex id. */
export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(20);
  putHex(out, 0, hex);
  return out;
}

/** True for a full 40-digit lower-case hex id. */
export function isOid(s: string): boolean {
  return s.length === 40 && /^[0-9a-f]{40}$/.test(s);
}
