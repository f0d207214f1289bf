/**
 * The work of status's fast path that two threads can share. The main
 * thread and the stat helper (stat-helper.ts) each lay out the same index
 * bytes (shared memory), then claim chunks of entries from a shared counter
 * and compare each entry's stat data with statx's, so the work splits however
 * fast each thread turns out to be. When the entries run out the helper
 * counts the tracked directories' names (for untracked files) from the last
 * one back, while the main thread asks for them from the first.
 */
import { ptr } from "bun:ffi";
import { readExtensions } from "./index-file.ts";
import type { Libc } from "../sys/index.ts";
import type { DirCount } from "./walk.ts";

/** Verdicts: stat data match; the path is gone (or is a directory); modified beyond doubt (size differs); needs a content check. */
export const CLEAN = 0;
export const GONE = 1;
export const MODIFIED = 2;
export const UNSURE = 3;

/** Entries per claimed chunk: small enough to balance two threads, large enough that claiming costs nothing. */
const CHUNK = 256;
/** The chunk counter after abandonScan: nothing more is claimed. */
const ABANDONED = 1 << 30;
/** A directory count nobody has taken yet. */
export const UNCOUNTED = -2;

/** One scan, as posted to the helper: shared memory and plain values. */
export interface ScanJob {
  /** The index file. */
  index: SharedArrayBuffer;
  /** One verdict byte per entry. */
  results: SharedArrayBuffer;
  /** Int32 [0] = next chunk to claim, then one done flag per chunk. */
  control: SharedArrayBuffer;
  /** Int32 per cache-tree directory (pre-order): its name count (countNames), or UNCOUNTED. */
  dirCounts: SharedArrayBuffer;
  workTree: string;
  /** The work tree's directory descriptor (descriptors are per process, so both threads use it). */
  dirfd: number;
  filemode: boolean;
  /** The index file's mtime (racy-git rule). */
  indexS: number;
  indexNs: number;
}

/** Where each entry sits in an index file. */
export interface Layout {
  offsets: Int32Array;
  lens: Int32Array;
  /** Where the extensions start. */
  end: number;
}

/** A new job for an index of `count` entries (the buffers but `index` are allocated here). */
export function newJob(index: SharedArrayBuffer, count: number, fields: Pick<ScanJob, "workTree" | "dirfd" | "filemode" | "indexS" | "indexNs">): ScanJob {
  const dirCounts = new SharedArrayBuffer(4 * (count + 1));
  new Int32Array(dirCounts).fill(UNCOUNTED);
  return { index, results: new SharedArrayBuffer(count), control: new SharedArrayBuffer(4 * (1 + Math.ceil(count / CHUNK))), dirCounts, ...fields };
}

/**
 * The entries of an index v2/v3 without conflicts, extended flags or
 * gitlinks; undefined for anything else (the general path handles it).
 */
export function layoutOf(buf: Uint8Array): Layout | undefined {
  if (buf.length < 32) return undefined;
  const word = (o: number) => ((buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!) >>> 0;
  const version = word(4);
  if (word(0) !== 0x44495243 || (version !== 2 && version !== 3)) return undefined;
  const count = word(8);
  const end = buf.length - 20;
  if (count > (end - 12) / 64) return undefined;
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
  return o > end ? undefined : { offsets, lens, end: o };
}

/**
 * Claims and scans chunks until none are left. `only` scans that one chunk
 * (the main thread taking back a chunk the helper claimed but never finished).
 */
export function scanChunks(sx: Libc, job: ScanJob, offsets: Int32Array, only = -1): void {
  const buf = new Uint8Array(job.index);
  const v = new DataView(job.index);
  const results = new Uint8Array(job.results);
  const control = new Int32Array(job.control);
  const count = offsets.length;
  const chunks = control.length - 1;
  const at = ptr(buf);
  const w = sx.words;
  const { dirfd, filemode, indexS, indexNs } = job;
  for (;;) {
    const c = only >= 0 ? only : Atomics.add(control, 0, 1);
    if (c >= chunks) return;
    const end = Math.min(count, (c + 1) * CHUNK);
    for (let n = c * CHUNK; n < end; n++) {
      const e = offsets[n]!;
      if (!sx.lstatAt(at + e + 62, dirfd) || (w[7]! & 0o170000) === 0o040000) {
        results[n] = GONE;
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
      const esize = v.getUint32(e + 36);
      const sameType = mode !== -1 && (mode & 0o170000) === (emode & 0o170000);
      const clean =
        sameType &&
        (!filemode || mode === emode) &&
        w[10] === esize &&
        w[28] === emtimeS &&
        w[30] === emtimeNs &&
        w[24] === v.getUint32(e) &&
        w[26] === v.getUint32(e + 4) &&
        w[8] === v.getUint32(e + 20) &&
        w[5] === v.getUint32(e + 28) &&
        w[6] === v.getUint32(e + 32) &&
        !(indexS !== 0 && (emtimeS > indexS || (emtimeS === indexS && emtimeNs >= indexNs)));
      results[n] = clean ? CLEAN : sameType && w[10] !== esize && esize !== 0 ? MODIFIED : UNSURE;
    }
    Atomics.store(control, 1 + c, 1);
    Atomics.notify(control, 1 + c);
    if (only >= 0) return;
  }
}

/** Stops a scan: no chunk is claimed after this (the helper finishes the one it holds). */
export function abandonScan(job: ScanJob): void {
  Atomics.store(new Int32Array(job.control), 0, ABANDONED);
}

/**
 * The main thread's side: scans alongside the helper, then waits for any
 * chunk the helper still holds — up to `patienceMs` in all — and scans what
 * is left itself, so a helper that died or stalled costs time, never results.
 */
export function finishScan(sx: Libc, job: ScanJob, offsets: Int32Array, patienceMs = 250): void {
  scanChunks(sx, job, offsets);
  const control = new Int32Array(job.control);
  const deadline = performance.now() + patienceMs;
  for (let c = 0; c < control.length - 1; c++) {
    while (Atomics.load(control, 1 + c) === 0) {
      const left = deadline - performance.now();
      if (left <= 0 || Atomics.wait(control, 1 + c, 0, left) === "timed-out") {
        scanChunks(sx, job, offsets, c);
        break;
      }
    }
  }
}

/**
 * The helper's whole part: its own layout of the shared index, chunks until
 * none are left, then the directories' name counts from the last back until
 * it meets one the main thread has taken.
 */
export function helpScan(sx: Libc, job: ScanJob): void {
  const buf = Buffer.from(job.index);
  const layout = layoutOf(buf);
  if (!layout || layout.offsets.length !== job.results.byteLength) return;
  scanChunks(sx, job, layout.offsets);
  let tree: Uint8Array | undefined;
  try {
    tree = readExtensions(buf, new DataView(job.index), layout.end).tree;
  } catch {
    return;
  }
  const dirs = tree && cacheTreeDirs(tree, layout.offsets.length);
  if (!dirs) return;
  const names = [...dirs.keys()];
  const counts = new Int32Array(job.dirCounts);
  if (names.length > counts.length) return;
  const control = new Int32Array(job.control);
  for (let k = names.length - 1; k >= 0; k--) {
    if (Atomics.load(control, 0) >= ABANDONED || Atomics.load(counts, k) !== UNCOUNTED) return;
    const rel = names[k]!;
    Atomics.compareExchange(counts, k, UNCOUNTED, sx.countNames(rel === "" ? job.workTree : `${job.workTree}/${rel}`));
  }
}

/**
 * The main thread's name count of a tracked directory: the helper's when it
 * got there first, else counted here (and marked taken, which stops the helper).
 */
export function dirNames(sx: Libc, job: ScanJob, d: DirCount, abs: string): number {
  const counts = new Int32Array(job.dirCounts);
  if (d.index === undefined || d.index >= counts.length) return sx.countNames(abs);
  const known = Atomics.load(counts, d.index);
  if (known !== UNCOUNTED) return known;
  const n = sx.countNames(abs);
  const prev = Atomics.compareExchange(counts, d.index, UNCOUNTED, n);
  return prev === UNCOUNTED ? n : prev;
}

/**
 * Each tracked directory's present children when every index entry is
 * present, in pre-order: a valid cache tree gives each directory's entry
 * count and subtrees, so its own files are its count minus its subtrees'
 * counts. Undefined when a subtree is invalid or the data do not parse.
 */
export function cacheTreeDirs(bytes: Uint8Array, count: number): Map<string, DirCount> | undefined {
  const tree = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
    const d: DirCount = { count: 0, subdirs: [], index: dirs.size };
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
