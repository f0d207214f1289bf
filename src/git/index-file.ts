/**
 * The index (gitformat-index, versions 2 and 3 read, version 2 written unless an
 * entry needs extended flags): "DIRC", entries with stat data, mode, id, flags
 * (assume-valid, extended, stage, name length), NUL-padded paths, extensions
 * (skipped), and the SHA-1 trailer, which is verified.
 */
import { GitError } from "./errors.ts";
import { compareBytes } from "./objects.ts";
import { putHex, sha1Bytes, toHex } from "./sha1.ts";

/** One index entry. */
export interface IndexEntry {
  ctimeS: number;
  ctimeNs: number;
  mtimeS: number;
  mtimeNs: number;
  dev: number;
  ino: number;
  /** Numeric mode: 0o100644, 0o100755, 0o120000, 0o160000. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  oid: string;
  /** 0 normal; 1 base, 2 ours, 3 theirs during a conflicted merge. */
  stage: number;
  path: string;
  assumeValid?: boolean;
  /** Extended flags (v3): skip-worktree 0x4000, intent-to-add 0x2000. */
  extended?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Orders entries by path bytes, then stage (the index's invariant). */
export function compareEntries(a: IndexEntry, b: IndexEntry): number {
  return compareBytes(a.path, b.path) || a.stage - b.stage;
}

/** Parses index bytes; `name` labels errors. A bad signature, version or checksum, or a short file, is an error. */
export function parseIndex(buf: Uint8Array, name = ".git/index"): IndexEntry[] {
  const bad = (why: string) => new GitError(`error: ${why}\nfatal: index file corrupt`, 128);
  if (buf.length < 12 + 20) throw bad(`index file ${name} is too short`);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (v.getUint32(0) !== 0x44495243) throw bad("bad signature 0x" + v.getUint32(0).toString(16).padStart(8, "0"));
  const version = v.getUint32(4);
  if (version !== 2 && version !== 3) throw bad(`bad index version ${version}`);
  const expect = sha1Bytes(buf.subarray(0, buf.length - 20));
  for (let k = 0; k < 20; k++) if (expect[k] !== buf[buf.length - 20 + k]) throw bad("bad index file sha1 signature");
  const count = v.getUint32(8);
  const entries: IndexEntry[] = new Array(count);
  let o = 12;
  const end = buf.length - 20;
  for (let n = 0; n < count; n++) {
    if (o + 62 > end) throw bad(`index file ${name} is truncated`);
    const flags = v.getUint16(o + 60);
    let extended = 0;
    let p = o + 62;
    if (flags & 0x4000) {
      extended = v.getUint16(p);
      p += 2;
    }
    let nameLen = flags & 0xfff;
    if (nameLen === 0xfff) nameLen = buf.indexOf(0, p) - p;
    if (p + nameLen > end) throw bad(`index file ${name} is truncated`);
    const e: IndexEntry = {
      ctimeS: v.getUint32(o),
      ctimeNs: v.getUint32(o + 4),
      mtimeS: v.getUint32(o + 8),
      mtimeNs: v.getUint32(o + 12),
      dev: v.getUint32(o + 16),
      ino: v.getUint32(o + 20),
      mode: v.getUint32(o + 24),
      uid: v.getUint32(o + 28),
      gid: v.getUint32(o + 32),
      size: v.getUint32(o + 36),
      oid: toHex(buf, o + 40),
      stage: (flags >> 12) & 3,
      path: decoder.decode(buf.subarray(p, p + nameLen)),
    };
    if (flags & 0x8000) e.assumeValid = true;
    if (extended) e.extended = extended;
    entries[n] = e;
    // Entry length padded with 1–8 NULs to a multiple of 8.
    const len = p - o + nameLen;
    o += (len + 8) & ~7;
  }
  if (o > end) throw bad(`index file ${name} is truncated`);
  return entries;
}

/** Serializes entries (already sorted) to index bytes with the SHA-1 trailer. */
export function serializeIndex(entries: IndexEntry[]): Uint8Array {
  const version = entries.some((e) => e.extended) ? 3 : 2;
  const names = entries.map((e) => encoder.encode(e.path));
  let size = 12;
  for (let n = 0; n < entries.length; n++) {
    const len = 62 + (entries[n]!.extended ? 2 : 0) + names[n]!.length;
    size += (len + 8) & ~7;
  }
  const buf = new Uint8Array(size + 20);
  const v = new DataView(buf.buffer);
  v.setUint32(0, 0x44495243);
  v.setUint32(4, version);
  v.setUint32(8, entries.length);
  let o = 12;
  for (let n = 0; n < entries.length; n++) {
    const e = entries[n]!;
    const name = names[n]!;
    v.setUint32(o, e.ctimeS >>> 0);
    v.setUint32(o + 4, e.ctimeNs >>> 0);
    v.setUint32(o + 8, e.mtimeS >>> 0);
    v.setUint32(o + 12, e.mtimeNs >>> 0);
    v.setUint32(o + 16, e.dev >>> 0);
    v.setUint32(o + 20, e.ino >>> 0);
    v.setUint32(o + 24, e.mode >>> 0);
    v.setUint32(o + 28, e.uid >>> 0);
    v.setUint32(o + 32, e.gid >>> 0);
    v.setUint32(o + 36, e.size >>> 0);
    putHex(buf, o + 40, e.oid);
    let flags = (e.assumeValid ? 0x8000 : 0) | (e.extended ? 0x4000 : 0) | ((e.stage & 3) << 12) | Math.min(name.length, 0xfff);
    v.setUint16(o + 60, flags);
    let p = o + 62;
    if (e.extended) {
      v.setUint16(p, e.extended);
      p += 2;
    }
    buf.set(name, p);
    const len = p - o + name.length;
    o += (len + 8) & ~7;
  }
  buf.set(sha1Bytes(buf.subarray(0, size)), size);
  return buf;
}
