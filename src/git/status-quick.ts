/**
 * status's fast path for the common case: an index (v2/v3, no conflicts,
 * assume-valid, extended flags or gitlinks) whose cache tree is HEAD's tree.
 * Each entry's stat data is compared straight from the index bytes with
 * statx's (no entry objects, no hex ids); only the entries whose stat data
 * differ become IndexEntry objects for the content check. Anything else —
 * including a checksum or layout the full parser would reject — returns
 * undefined, and status takes the general path.
 */
import { readFileSync } from "node:fs";
import { entryAt, pathAt, readExtensions, type IndexEntry } from "./index-file.ts";
import type { Repository } from "./repo.ts";
import type { DirCount } from "./walk.ts";
import { sha1Bytes } from "./sha1.ts";
import { ptr } from "bun:ffi";
import { openStatx } from "./statx.ts";

/** What the quick scan found: which paths are gone from the work tree, and the entries to check by content. */
export interface QuickScan {
  /** Every path in index order (decoded on first call). */
  paths(): string[];
  gone: Uint8Array;
  /** Each tracked directory's present children, from the cache tree, when no entry is gone (else undefined). */
  dirs: Map<string, DirCount> | undefined;
  unsure: IndexEntry[];
  /** Entries of the same type whose size differs from a non-empty recorded size: modified beyond doubt (git's ie_modified), no need to read them. */
  modified: string[];
  /** The index file's mtime in ns (for the racy-git rule of the content check). */
  mtimeNs: bigint;
}

/** Scans the index against the work tree when the fast path applies (HEAD's tree is `headTree`). */
export function quickScan(repo: Repository, headTree: string | undefined, filemode: boolean): QuickScan | undefined {
  const sx = openStatx();
  if (!sx || headTree === undefined) return undefined;
  const file = repo.path("index");
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  const w = sx.words;
  // The index's own times through statx too (a BigInt Stats object is slow to make); a symlinked index takes the general path.
  if (!sx.lstat(file) || (w[7]! & 0o170000) !== 0o100000) return undefined;
  const indexS = w[28]! + w[29]! * 0x1_0000_0000;
  const indexNs = w[30]!;
  const mtimeNs = BigInt(indexS) * 1_000_000_000n + BigInt(indexNs);
  if (buf.length < 32) return undefined;
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = v.getUint32(4);
  if (v.getUint32(0) !== 0x44495243 || (version !== 2 && version !== 3)) return undefined;
  const sum = sha1Bytes(buf.subarray(0, buf.length - 20));
  for (let k = 0; k < 20; k++) if (sum[k] !== buf[buf.length - 20 + k]) return undefined;
  const count = v.getUint32(8);
  const end = buf.length - 20;
  // First the layout and the flags, so the cache tree can be checked before any lstat.
  const offsets = new Int32Array(count);
  const lens = new Int32Array(count);
  let o = 12;
  for (let n = 0; n < count; n++) {
    if (o + 64 > end) return undefined;
    // Bytes rather than DataView calls (this loop runs before the JIT warms up): flags, and the mode's type byte (gitlink 0o160000).
    const flags = (buf[o + 60]! << 8) | buf[o + 61]!;
    if (flags & 0xf000 || (buf[o + 26]! & 0xf0) === 0xe0) return undefined;
    let len = flags & 0xfff;
    if (len === 0xfff) len = buf.indexOf(0, o + 62) - (o + 62);
    if (len < 0 || o + 62 + len >= end || buf[o + 62 + len] !== 0) return undefined;
    offsets[n] = o;
    lens[n] = len;
    o += (62 + len + 8) & ~7;
  }
  if (o > end) return undefined;
  let ext: ReturnType<typeof readExtensions>;
  try {
    ext = readExtensions(buf, v, o, file);
  } catch {
    return undefined;
  }
  if (ext.rootTree !== headTree || !ext.tree) return undefined;
  const wt = repo.workTree;
  const base = process.cwd() === wt ? "" : `${wt}/`;
  const lstatAt = sx.lstatAt;
  let paths: string[] | undefined;
  const pathOf = (n: number) => (paths ? paths[n]! : pathAt(buf, offsets[n]! + 62, lens[n]!));
  let goneCount = 0;
  const gone = new Uint8Array(count);
  const unsure: IndexEntry[] = [];
  const modified: string[] = [];
  // At the top of the work tree each path is passed to statx straight from the index bytes (NUL-terminated there).
  const at = base === "" ? ptr(buf) : 0;
  for (let n = 0; n < count; n++) {
    const e = offsets[n]!;
    if (!(at !== 0 ? lstatAt(at + e + 62) : sx.lstat(base + pathOf(n))) || (w[7]! & 0o170000) === 0o040000) {
      gone[n] = 1;
      goneCount++;
      continue;
    }
    // Git's ce_match_stat, as compareStatx does on an entry object.
    const emode = v.getUint32(e + 24);
    const m = w[7]! & 0xffff;
    const type = m & 0o170000;
    let mode = -1;
    if (type === 0o100000) mode = !filemode ? (emode === 0o100755 ? 0o100755 : 0o100644) : m & 0o100 ? 0o100755 : 0o100644;
    else if (type === 0o120000) mode = 0o120000;
    const emtimeS = v.getUint32(e + 8);
    const emtimeNs = v.getUint32(e + 12);
    const clean =
      mode !== -1 &&
      (mode & 0o170000) === (emode & 0o170000) &&
      (!filemode || mode === emode) &&
      w[10] === v.getUint32(e + 36) &&
      w[28] === emtimeS &&
      w[30] === emtimeNs &&
      w[24] === v.getUint32(e) &&
      w[26] === v.getUint32(e + 4) &&
      w[8] === v.getUint32(e + 20) &&
      w[5] === v.getUint32(e + 28) &&
      w[6] === v.getUint32(e + 32) &&
      !(indexS !== 0 && (emtimeS > indexS || (emtimeS === indexS && emtimeNs >= indexNs)));
    if (clean) continue;
    const esize = v.getUint32(e + 36);
    if (mode !== -1 && (mode & 0o170000) === (emode & 0o170000) && w[10] !== esize && esize !== 0) modified.push(pathOf(n));
    else unsure.push(entryAt(buf, v, e, v.getUint16(e + 60), 0, pathOf(n)));
  }
  const all = () => {
    if (!paths) {
      paths = new Array<string>(count);
      for (let n = 0; n < count; n++) paths[n] = pathAt(buf, offsets[n]! + 62, lens[n]!);
    }
    return paths;
  };
  return { paths: all, gone, dirs: goneCount === 0 ? treeCounts(Buffer.from(ext.tree.buffer, ext.tree.byteOffset, ext.tree.byteLength), count) : undefined, unsure, modified, mtimeNs };
}

/**
 * Each directory's present children when every index entry is present: a
 * valid cache tree gives each directory's entry count and subtrees, so its
 * own files are its count minus its subtrees' counts. Undefined when a
 * subtree is invalid or the data do not parse.
 */
function treeCounts(tree: Buffer, count: number): Map<string, DirCount> | undefined {
  const dirs = new Map<string, DirCount>();
  let o = 0;
  const num = (stop: number): number => {
    let n = 0;
    const start = o;
    while (o < tree.length && tree[o]! >= 0x30 && tree[o]! <= 0x39) n = n * 10 + tree[o++]! - 0x30;
    if (o === start || tree[o] !== stop) return -1;
    o++;
    return n;
  };
  // One node (pre-order: name, "count subtrees\n", id, then its subtrees); returns its entry count, -1 when invalid.
  const node = (prefix: string, parent: DirCount | undefined): number => {
    const nul = tree.indexOf(0, o);
    if (nul < 0) return -1;
    const name = tree.toString("utf8", o, nul);
    o = nul + 1;
    const entries = num(0x20);
    const subtrees = num(0x0a);
    if (entries < 0 || subtrees < 0 || o + 20 > tree.length) return -1;
    o += 20;
    const path = !parent ? "" : prefix === "" ? name : `${prefix}/${name}`;
    const d: DirCount = { count: 0, subdirs: [] };
    dirs.set(path, d);
    let inSubtrees = 0;
    for (let k = 0; k < subtrees; k++) {
      const sub = node(path, d);
      if (sub < 0) return -1;
      inSubtrees += sub;
    }
    d.count += entries - inSubtrees;
    if (parent && entries > 0) {
      parent.count++;
      parent.subdirs.push(path);
    }
    return entries;
  };
  return node("", undefined) !== count || o !== tree.length ? undefined : dirs;
}
