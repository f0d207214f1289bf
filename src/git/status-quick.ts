/**
 * status's fast path for the common case: an index (v2/v3, no conflicts,
 * assume-valid, extended flags or gitlinks) whose cache tree is HEAD's tree.
 * Each entry's stat data is compared straight from the index bytes with
 * statx's (no entry objects, no hex ids); only the entries whose stat data
 * differ become IndexEntry objects for the content check. Anything else —
 * including a checksum or layout the full parser would reject — returns
 * undefined, and status takes the general path.
 */
import { readFileSync, statSync } from "node:fs";
import { entryAt, pathAt, readExtensions, type IndexEntry } from "./index-file.ts";
import type { Repository } from "./repo.ts";
import { sha1Bytes } from "./sha1.ts";
import { openStatx } from "./statx.ts";

/** What the quick scan found: every path (index order), which are gone from the work tree, and the entries to check by content. */
export interface QuickScan {
  paths: string[];
  gone: Uint8Array;
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
  let mtimeNs: bigint;
  try {
    buf = readFileSync(file);
    mtimeNs = statSync(file, { bigint: true }).mtimeNs;
  } catch {
    return undefined;
  }
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
    const flags = v.getUint16(o + 60);
    if (flags & 0xf000 || (v.getUint32(o + 24) & 0o170000) === 0o160000) return undefined;
    let len = flags & 0xfff;
    if (len === 0xfff) len = buf.indexOf(0, o + 62) - (o + 62);
    if (len < 0 || o + 62 + len > end) return undefined;
    offsets[n] = o;
    lens[n] = len;
    o += (62 + len + 8) & ~7;
  }
  if (o > end) return undefined;
  let rootTree: string | undefined;
  try {
    rootTree = readExtensions(buf, v, o, file).rootTree;
  } catch {
    return undefined;
  }
  if (rootTree !== headTree) return undefined;
  const indexS = Number(mtimeNs / 1_000_000_000n);
  const indexNs = Number(mtimeNs % 1_000_000_000n);
  const wt = repo.workTree;
  const base = process.cwd() === wt ? "" : `${wt}/`;
  const w = sx.words;
  const paths: string[] = new Array(count);
  const gone = new Uint8Array(count);
  const unsure: IndexEntry[] = [];
  const modified: string[] = [];
  for (let n = 0; n < count; n++) {
    const e = offsets[n]!;
    const path = pathAt(buf, e + 62, lens[n]!);
    paths[n] = path;
    if (!sx.lstat(base === "" ? path : base + path) || (w[7]! & 0o170000) === 0o040000) {
      gone[n] = 1;
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
    if (mode !== -1 && (mode & 0o170000) === (emode & 0o170000) && w[10] !== esize && esize !== 0) modified.push(path);
    else unsure.push(entryAt(buf, v, e, v.getUint16(e + 60), 0, path));
  }
  return { paths, gone, unsure, modified, mtimeNs };
}
