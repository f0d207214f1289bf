/**
 * Writing a pack (gitformat-pack v2, undeltified entries) with its `.idx` v2,
 * for many new objects at once: one file instead of thousands of loose ones,
 * as git's bulk-checkin does for large additions. Real git, fsck and gc read
 * it like any other pack. Both files are flushed to disk before they get
 * their names, as git does for packs by default (core.fsync).
 */
import { nodeFs } from "../sys/index.ts";
import type { ObjectType } from "./objects.ts";
import { sha1Bytes } from "./sha1.ts";
import { deflate } from "./zlib.ts";

const TYPE_CODES: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3, tag: 4 };

/** An object to pack, with its id already computed. */
export interface PackInput {
  oid: string;
  type: ObjectType;
  data: Uint8Array;
}

function entryHeader(type: number, size: number): Uint8Array {
  const bytes: number[] = [];
  let c = (type << 4) | (size & 15);
  size = Math.floor(size / 16);
  while (size > 0) {
    bytes.push(c | 0x80);
    c = size & 0x7f;
    size = Math.floor(size / 128);
  }
  bytes.push(c);
  return new Uint8Array(bytes);
}

/** Writes `path` whole or not at all: a temporary file, written and fsync'ed, then renamed. */
function writeFile(path: string, parts: Uint8Array[]): void {
  const fs = nodeFs();
  const tmp = `${path}.tmp`;
  const fd = fs.openSync(tmp, "w", 0o444);
  try {
    for (const p of parts) fs.writeSync(fd, p);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, path);
}

/** Writes `objects` (distinct ids) as one pack + idx under `packDir`; returns the pack's name ("pack-<sha>"). */
export function writePack(packDir: string, objects: PackInput[]): string {
  const parts: Uint8Array[] = [];
  const header = new Uint8Array(12);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, 0x5041434b);
  hv.setUint32(4, 2);
  hv.setUint32(8, objects.length);
  parts.push(header);
  let offset = 12;
  const entries: { oid: string; offset: number; crc: number }[] = [];
  for (const o of objects) {
    const h = entryHeader(TYPE_CODES[o.type], o.data.length);
    const z = deflate(o.data);
    const entry = new Uint8Array(h.length + z.length);
    entry.set(h);
    entry.set(z, h.length);
    entries.push({ oid: o.oid, offset, crc: Bun.hash.crc32(entry) >>> 0 });
    parts.push(entry);
    offset += entry.length;
  }
  const body = Buffer.concat(parts);
  const packSha = sha1Bytes(body);
  const name = `pack-${Buffer.from(packSha).toString("hex")}`;
  // idx v2: magic, version, fan-out, sorted ids, CRC-32s, 31-bit offsets (+ 64-bit table), pack and idx checksums.
  entries.sort((a, b) => (a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0));
  const n = entries.length;
  const big = entries.filter((e) => e.offset >= 0x80000000);
  const idx = new Uint8Array(8 + 1024 + n * 28 + big.length * 8 + 40);
  const iv = new DataView(idx.buffer);
  iv.setUint32(0, 0xff744f63);
  iv.setUint32(4, 2);
  const fan = new Uint32Array(256);
  for (const e of entries) fan[parseInt(e.oid.slice(0, 2), 16)]!++;
  let sum = 0;
  for (let k = 0; k < 256; k++) {
    sum += fan[k]!;
    iv.setUint32(8 + k * 4, sum);
  }
  let bigIndex = 0;
  entries.forEach((e, k) => {
    idx.set(Buffer.from(e.oid, "hex"), 8 + 1024 + k * 20);
    iv.setUint32(8 + 1024 + n * 20 + k * 4, e.crc);
    const o32 = 8 + 1024 + n * 24 + k * 4;
    if (e.offset < 0x80000000) iv.setUint32(o32, e.offset);
    else {
      iv.setUint32(o32, 0x80000000 | bigIndex);
      const o64 = 8 + 1024 + n * 28 + bigIndex * 8;
      iv.setUint32(o64, Math.floor(e.offset / 2 ** 32));
      iv.setUint32(o64 + 4, e.offset >>> 0);
      bigIndex++;
    }
  });
  const trailer = 8 + 1024 + n * 28 + big.length * 8;
  idx.set(packSha, trailer);
  idx.set(sha1Bytes(idx.subarray(0, trailer + 20)), trailer + 20);
  writeFile(`${packDir}/${name}.pack`, [body, packSha]);
  writeFile(`${packDir}/${name}.idx`, [idx]);
  return name;
}
