/** SHA-1 object ids (Bun.CryptoHasher) and hex/byte conversions. */

const encoder = new TextEncoder();

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
  return Buffer.from(bytes.buffer, bytes.byteOffset + offset, length).toString("hex");
}

/** Writes the 40-hex id `hex` as 20 bytes into `out` at `offset`. */
export function putHex(out: Uint8Array, offset: number, hex: string): void {
  // Decoded by one native write: into `out` itself when it is a Buffer, else through a scratch buffer (no view made per call).
  if (out instanceof Buffer) out.write(hex, offset, 20, "hex");
  else {
    HEX_SCRATCH.write(hex, 0, 20, "hex");
    out.set(HEX_SCRATCH, offset);
  }
}

const HEX_SCRATCH = Buffer.alloc(20);

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
