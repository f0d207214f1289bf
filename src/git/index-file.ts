/**
 * The index (gitformat-index, versions 2, 3 and 4 read, version 2 written unless an
 * entry needs extended flags): "DIRC", entries with stat data, mode, id, flags
 * (assume-valid, extended, stage, name length), NUL-padded paths, extensions
 * (the cache tree and resolve-undo kept as bytes, other optional ones
 * skipped), and the SHA-1 trailer, which is verified.
 */
import { GitError } from "./errors.ts";
import { compareBytes } from "./objects.ts";
import { sha1Bytes } from "./sha1.ts";

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


/** Orders entries by path bytes, then stage (the index's invariant). */
export function compareEntries(a: IndexEntry, b: IndexEntry): number {
  return compareBytes(a.path, b.path) || a.stage - b.stage;
}

/** A parsed index: entries and the cache-tree extension ("TREE"), kept as raw bytes. */
export interface ParsedIndex {
  entries: IndexEntry[];
  /** The TREE extension's payload, when present. */
  tree?: Uint8Array;
  /** The root tree id the TREE extension vouches for, when its root is valid. */
  rootTree?: string;
  /** The resolve-undo extension's ("REUC") payload, when present (see resolve-undo.ts). */
  resolveUndo?: Uint8Array;
}

/** Parses index bytes; `name` labels errors. A bad signature, version or checksum, or a short file, is an error. */
export function parseIndex(input: Uint8Array, name = ".git/index"): ParsedIndex {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const bad = (why: string) => new GitError(`error: ${why}\nfatal: index file corrupt`, 128);
  if (buf.length < 12 + 20) throw bad(`index file ${name} is too short`);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (v.getUint32(0) !== 0x44495243) throw bad("bad signature 0x" + v.getUint32(0).toString(16).padStart(8, "0"));
  const version = v.getUint32(4);
  if (version < 2 || version > 4) throw bad(`bad index version ${version}`);
  const expect = sha1Bytes(buf.subarray(0, buf.length - 20));
  for (let k = 0; k < 20; k++) if (expect[k] !== buf[buf.length - 20 + k]) throw bad("bad index file sha1 signature");
  const count = v.getUint32(8);
  const entries: IndexEntry[] = new Array(count);
  let o = 12;
  const end = buf.length - 20;
  // Version 4 compresses each path against the previous one: varint bytes to drop, then the NUL-terminated rest.
  let previous = Buffer.alloc(0);
  for (let n = 0; n < count; n++) {
    if (o + 62 > end) throw bad(`index file ${name} is truncated`);
    const flags = v.getUint16(o + 60);
    let extended = 0;
    let p = o + 62;
    if (flags & 0x4000) {
      extended = v.getUint16(p);
      p += 2;
    }
    let path: string;
    let next: number;
    if (version === 4) {
      // Offset-encoded varint (as OFS_DELTA): bytes to strip from the previous path.
      let c = buf[p++]!;
      let strip = c & 0x7f;
      while (c & 0x80) {
        c = buf[p++]!;
        strip = ((strip + 1) << 7) | (c & 0x7f);
      }
      const nul = buf.indexOf(0, p);
      if (nul < 0 || nul >= end || strip > previous.length) throw bad(`index file ${name} is truncated`);
      const full = Buffer.concat([previous.subarray(0, previous.length - strip), buf.subarray(p, nul)]);
      path = full.toString("utf8");
      previous = full;
      next = nul + 1;
    } else {
      let nameLen = flags & 0xfff;
      if (nameLen === 0xfff) nameLen = buf.indexOf(0, p) - p;
      if (p + nameLen > end) throw bad(`index file ${name} is truncated`);
      path = pathAt(buf, p, nameLen);
      // Entry length padded with 1–8 NULs to a multiple of 8.
      const len = p - o + nameLen;
      next = o + ((len + 8) & ~7);
    }
    entries[n] = entryAt(buf, v, o, flags, extended, path);
    o = next;
  }
  if (o > end) throw bad(`index file ${name} is truncated`);
  return { entries, ...readExtensions(buf, v, o, name) };
}

/** The extensions after the entries (which end at `o`): the cache tree kept, optional ones skipped, others an error. */
export function readExtensions(buf: Buffer, v: DataView, o: number, name = ".git/index"): Omit<ParsedIndex, "entries"> {
  const bad = (why: string) => new GitError(`error: ${why}\nfatal: index file corrupt`, 128);
  const end = buf.length - 20;
  const out: Omit<ParsedIndex, "entries"> = {};
  // Extensions: 4-byte signature, 4-byte size, payload.
  while (o + 8 <= end) {
    const sig = v.getUint32(o);
    const size = v.getUint32(o + 4);
    if (o + 8 + size > end) throw bad(`index file ${name} is truncated`);
    if (sig === 0x54524545) {
      out.tree = buf.subarray(o + 8, o + 8 + size);
      // Root entry: "\0<count> <subtrees>\n" then the id when count >= 0.
      const nl = out.tree.indexOf(10);
      const m = /^\0(-?\d+) (\d+)$/.exec(buf.toString("latin1", o + 8, o + 8 + nl));
      if (m && Number(m[1]) >= 0 && nl + 21 <= size) out.rootTree = buf.toString("hex", o + 8 + nl + 1, o + 8 + nl + 21);
    } else if (sig === 0x52455543) {
      out.resolveUndo = buf.subarray(o + 8, o + 8 + size);
    } else if (buf[o]! >= 0x41 && buf[o]! <= 0x5a) {
      // Optional extensions (upper-case first letter) are skipped.
    } else throw bad(`index uses ${buf.toString("latin1", o, o + 4)} extension, which we do not understand`);
    o += 8 + size;
  }
  return out;
}

/** The entry whose fixed part starts at `o` (flags, extended flags and path already read). */
export function entryAt(buf: Buffer, v: DataView, o: number, flags: number, extended: number, path: string): IndexEntry {
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
    oid: buf.toString("hex", o + 40, o + 60),
    stage: (flags >> 12) & 3,
    path,
  };
  if (flags & 0x8000) e.assumeValid = true;
  if (extended) e.extended = extended;
  return e;
}

/** A path of `len` bytes at `p`: latin1 when ASCII (nearly always; no UTF-8 validation), else UTF-8. */
export function pathAt(buf: Buffer, p: number, len: number): string {
  for (let k = p; k < p + len; k++) if (buf[k]! >= 0x80) return buf.toString("utf8", p, p + len);
  return buf.toString("latin1", p, p + len);
}

/** Serializes entries (already sorted) to index bytes with optional TREE and REUC extensions and the SHA-1 trailer. */
export function serializeIndex(entries: IndexEntry[], tree?: Uint8Array, resolveUndo?: Uint8Array): Uint8Array {
  const version = entries.some((e) => e.extended) ? 3 : 2;
  // Each path's UTF-8 length first (the layout needs it); the paths and ids are then written straight into the buffer.
  const nameLens = new Int32Array(entries.length);
  let size = 12;
  for (let n = 0; n < entries.length; n++) {
    const nameLen = Buffer.byteLength(entries[n]!.path, "utf8");
    nameLens[n] = nameLen;
    const len = 62 + (entries[n]!.extended ? 2 : 0) + nameLen;
    size += (len + 8) & ~7;
  }
  const entriesEnd = size;
  if (tree) size += 8 + tree.length;
  if (resolveUndo) size += 8 + resolveUndo.length;
  const buf = Buffer.alloc(size + 20);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  v.setUint32(0, 0x44495243);
  v.setUint32(4, version);
  v.setUint32(8, entries.length);
  let o = 12;
  for (let n = 0; n < entries.length; n++) {
    const e = entries[n]!;
    const nameLen = nameLens[n]!;
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
    buf.write(e.oid, o + 40, 20, "hex");
    const flags = (e.assumeValid ? 0x8000 : 0) | (e.extended ? 0x4000 : 0) | ((e.stage & 3) << 12) | Math.min(nameLen, 0xfff);
    v.setUint16(o + 60, flags);
    let p = o + 62;
    if (e.extended) {
      v.setUint16(p, e.extended);
      p += 2;
    }
    buf.write(e.path, p, nameLen, "utf8");
    const len = p - o + nameLen;
    o += (len + 8) & ~7;
  }
  if (tree) {
    v.setUint32(entriesEnd, 0x54524545);
    v.setUint32(entriesEnd + 4, tree.length);
    buf.set(tree, entriesEnd + 8);
  }
  if (resolveUndo) {
    const at = entriesEnd + (tree ? 8 + tree.length : 0);
    v.setUint32(at, 0x52455543);
    v.setUint32(at + 4, resolveUndo.length);
    buf.set(resolveUndo, at + 8);
  }
  buf.set(sha1Bytes(buf.subarray(0, size)), size);
  return buf;
}

/** An entry with no stat data (forces a content check later), as Git writes for entries not from the work tree. */
export function zeroStat(path: string): IndexEntry {
  return { ctimeS: 0, ctimeNs: 0, mtimeS: 0, mtimeNs: 0, dev: 0, ino: 0, mode: 0o100644, uid: 0, gid: 0, size: 0, oid: "", stage: 0, path };
}
