/**
 * status's fast path for the common case: an index (v2/v3, no conflicts,
 * assume-valid, extended flags or gitlinks) whose cache tree is HEAD's tree.
 * Each entry's stat data is compared straight from the index bytes with
 * statx's (no entry objects, no hex ids), shared with the stat helper thread
 * when one runs (stat-scan.ts); only the entries whose stat data differ
 * become IndexEntry objects for the content check. Anything else —
 * including a checksum or layout the full parser would reject — returns
 * undefined, and status takes the general path.
 */
import { entryAt, pathAt, readExtensions, type IndexEntry } from "./index-file.ts";
import type { Repository } from "./repo.ts";
import type { DirCount } from "./walk.ts";
import { sha1Bytes } from "./sha1.ts";
import { openLibc } from "../sys/index.ts";
import { CLEAN, GONE, MODIFIED, abandonScan, cacheTreeDirs, dirNames, finishScan, layoutOf, newJob, type Layout } from "./stat-scan.ts";
import { statHelper } from "./stat-helper.ts";

/** Larger index files take the general path (which reads them in full anyway). */
const MAX_INDEX_BYTES = 1 << 30;

/** What the quick scan found: which paths are gone from the work tree, and the entries to check by content. */
export interface QuickScan {
  /** Every path in index order (decoded on first call). */
  paths(): string[];
  gone: Uint8Array;
  /** Each tracked directory's present children, from the cache tree, when no entry is gone (else undefined). */
  dirs: Map<string, DirCount> | undefined;
  /** A tracked directory's name count (statx.countNames), taken from the stat helper when it counted it first. */
  countNames: (abs: string, dir: DirCount) => number;
  unsure: IndexEntry[];
  /** Entries of the same type whose size differs from a non-empty recorded size: modified beyond doubt (git's ie_modified), no need to read them. */
  modified: string[];
  /** The index file's mtime in ns (for the racy-git rule of the content check). */
  mtimeNs: bigint;
  /** True when the index's cache tree is HEAD's tree (`headTree()`): nothing is staged. */
  isHead: boolean;
  /** The index's cache tree (TREE extension payload), when it has one. */
  tree: Uint8Array | undefined;
  /** Index entry `n` (in index order), made from the index bytes when asked for. */
  entry(n: number): IndexEntry;
}

/**
 * Scans the index against the work tree when the fast path applies. The
 * stat helper gets the index as soon as it is read; this thread then checks
 * the checksum and whether the cache tree is HEAD's tree (`headTree()`,
 * required unless `requireHead` is false), and joins the scan.
 */
export function quickScan(repo: Repository, headTree: () => string | undefined, filemode: boolean, requireHead = true): QuickScan | undefined {
  const sx = openLibc();
  if (!sx) return undefined;
  const file = repo.indexPath;
  const w = sx.words;
  // The index's own times through statx too (a BigInt Stats object is slow to make); a symlinked index takes the general path.
  if (!sx.lstat(file) || (w[7]! & 0o170000) !== 0o100000) return undefined;
  const indexS = w[28]! + w[29]! * 0x1_0000_0000;
  const indexNs = w[30]!;
  const mtimeNs = BigInt(indexS) * 1_000_000_000n + BigInt(indexNs);
  // Read into shared memory, so the stat helper can scan it too.
  const size = w[10]! + w[11]! * 0x1_0000_0000;
  if (size < 32 || size > MAX_INDEX_BYTES) return undefined;
  const shared = new SharedArrayBuffer(size);
  const buf = Buffer.from(shared);
  if (!sx.readWhole(file, buf)) return undefined;
  const count = buf.readUInt32BE(8);
  if (count > size / 64) return undefined;
  const dirfd = sx.openDir(repo.workTree);
  if (dirfd < 0) return undefined;
  const job = newJob(shared, count, { workTree: repo.workTree, dirfd, filemode, indexS, indexNs });
  const helper = statHelper();
  helper?.postMessage(job);
  let layout: Layout | undefined;
  let tree: Uint8Array | undefined;
  let isHead = false;
  let scanned = false;
  try {
    layout = layoutOf(buf);
    if (!layout) return undefined;
    const sum = sha1Bytes(buf.subarray(0, buf.length - 20));
    for (let k = 0; k < 20; k++) if (sum[k] !== buf[buf.length - 20 + k]) return undefined;
    let ext: ReturnType<typeof readExtensions>;
    try {
      ext = readExtensions(buf, new DataView(shared), layout.end, file);
    } catch {
      return undefined;
    }
    isHead = ext.tree !== undefined && ext.rootTree !== undefined && ext.rootTree === headTree();
    if (requireHead && !isHead) return undefined;
    tree = ext.tree;
    finishScan(sx, job, layout.offsets);
    scanned = true;
  } finally {
    // A scan given up stops the helper at its next chunk (its answers are not used, so the descriptor may go).
    if (!scanned) abandonScan(job);
    sx.closeDir(dirfd);
  }
  const { offsets, lens } = layout;
  let paths: string[] | undefined;
  const pathOf = (n: number) => (paths ? paths[n]! : pathAt(buf, offsets[n]! + 62, lens[n]!));
  const results = new Uint8Array(job.results);
  const v = new DataView(shared);
  let goneCount = 0;
  const gone = new Uint8Array(count);
  const unsure: IndexEntry[] = [];
  const modified: string[] = [];
  for (let n = 0; n < count; n++) {
    const r = results[n];
    if (r === CLEAN) continue;
    if (r === GONE) {
      gone[n] = 1;
      goneCount++;
    } else if (r === MODIFIED) modified.push(pathOf(n));
    else unsure.push(entryAt(buf, v, offsets[n]!, v.getUint16(offsets[n]! + 60), 0, pathOf(n)));
  }
  const all = () => {
    if (!paths) {
      paths = new Array<string>(count);
      for (let n = 0; n < count; n++) paths[n] = pathAt(buf, offsets[n]! + 62, lens[n]!);
    }
    return paths;
  };
  return {
    paths: all,
    gone,
    dirs: goneCount === 0 && tree ? cacheTreeDirs(tree, count) : undefined,
    countNames: helper ? (abs, d) => dirNames(sx, job, d, abs) : (abs) => sx.countNames(abs),
    unsure,
    modified,
    mtimeNs,
    isHead,
    tree,
    entry: (n) => entryAt(buf, v, offsets[n]!, v.getUint16(offsets[n]! + 60), 0, pathOf(n)),
  };
}

