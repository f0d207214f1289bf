/**
 * Rename detection as Git's diffcore-rename does it by default: exact renames
 * (same blob) first, then inexact ones scored by the span-hash similarity
 * estimate (chunks ending at LF or 64 bytes; score = bytes copied / larger
 * size), kept at 50% or more, best scores first; and pprint_rename's
 * "a/{old => new}" names.
 */
import { isBinary } from "./diff.ts";
import type { FileEntry, TreeChange } from "./tree.ts";

/** A change that may be a rename: `from` is the source path, `score` 0–100. */
export interface RenamedChange extends TreeChange {
  from?: string;
  score?: number;
}

const MAX_SCORE = 60000;
const MIN_SCORE = 30000;
const HASHBASE = 107927;

/** Git's span hashes of a file: hash value → bytes. */
export function spanHashes(data: Uint8Array): Map<number, number> {
  const out = new Map<number, number>();
  const text = !isBinary(data);
  let a1 = 0;
  let a2 = 0;
  let n = 0;
  const add = () => {
    const h = ((a1 + Math.imul(a2, 0x9e3779b1)) >>> 0) % HASHBASE;
    out.set(h, (out.get(h) ?? 0) + n);
  };
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (text && c === 13 && i + 1 < data.length && data[i + 1] === 10) continue;
    const old1 = a1;
    a1 = ((a1 << 7) ^ (a2 >>> 25)) >>> 0;
    a2 = ((a2 << 7) ^ (old1 >>> 25)) >>> 0;
    a1 = (a1 + c) >>> 0;
    if (++n < 64 && c !== 10) continue;
    add();
    n = 0;
    a1 = a2 = 0;
  }
  if (n > 0) add();
  return out;
}

/** Git's similarity score (0–60000) of two contents, or 0 when their sizes alone rule it out. */
export function similarity(src: Uint8Array, dst: Uint8Array): number {
  const max = Math.max(src.length, dst.length);
  const min = Math.min(src.length, dst.length);
  if (max === 0) return MAX_SCORE;
  if (max * (MAX_SCORE - MIN_SCORE) < (max - min) * MAX_SCORE) return 0;
  const hs = spanHashes(src);
  const hd = spanHashes(dst);
  let copied = 0;
  for (const [h, cnt] of hs) {
    const d = hd.get(h);
    if (d !== undefined) copied += Math.min(cnt, d);
  }
  return Math.floor((copied * MAX_SCORE) / max);
}

/** Pairs deletions with additions as renames; `read` gives a side's bytes. Returns changes in destination-path order. */
export function detectRenames(changes: TreeChange[], read: (f: FileEntry) => Uint8Array): RenamedChange[] {
  const deleted = changes.filter((c) => c.old && !c.new);
  const added = changes.filter((c) => !c.old && c.new);
  if (deleted.length === 0 || added.length === 0) return changes;
  const pairs = new Map<TreeChange, { src: TreeChange; score: number }>();
  const used = new Set<TreeChange>();
  const type = (f: FileEntry) => f.mode & 0o170000;
  // Exact renames: same blob.
  for (const d of added) {
    const src = deleted.find((s) => !used.has(s) && s.old!.oid === d.new!.oid && type(s.old!) === type(d.new!));
    if (src) {
      used.add(src);
      pairs.set(d, { src, score: MAX_SCORE });
    }
  }
  const candidates: { src: TreeChange; dst: TreeChange; score: number; order: number }[] = [];
  const cache = new Map<string, Uint8Array>();
  const data = (f: FileEntry) => {
    let b = cache.get(f.oid);
    if (!b) cache.set(f.oid, (b = read(f)));
    return b;
  };
  let order = 0;
  for (const d of added) {
    if (pairs.has(d)) continue;
    for (const s of deleted) {
      if (used.has(s) || type(s.old!) !== type(d.new!)) continue;
      const score = similarity(data(s.old!), data(d.new!));
      if (score >= MIN_SCORE) candidates.push({ src: s, dst: d, score, order: order++ });
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.order - y.order);
  for (const c of candidates) {
    if (used.has(c.src) || pairs.has(c.dst)) continue;
    used.add(c.src);
    pairs.set(c.dst, { src: c.src, score: c.score });
  }
  const out: RenamedChange[] = [];
  for (const c of changes) {
    if (used.has(c)) continue;
    const p = pairs.get(c);
    if (p) out.push({ path: c.path, old: p.src.old, new: c.new, from: p.src.path, score: Math.floor((p.score * 100) / MAX_SCORE) });
    else out.push(c);
  }
  return out;
}

/** Git's pprint_rename: "dir/{old => new}/rest" with the common prefix and suffix factored out. */
export function renameName(a: string, b: string): string {
  let pfx = 0;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) {
    if (a[i] === "/") pfx = i + 1;
    i++;
  }
  let sfx = 0;
  let oa = a.length;
  let ob = b.length;
  const adjust = pfx ? 1 : 0;
  // Compare from the ends (index len means the terminating NUL, equal on both sides).
  while (pfx - adjust <= oa && pfx - adjust <= ob && (oa === a.length ? "\0" : a[oa]) === (ob === b.length ? "\0" : b[ob])) {
    if (a[oa] === "/") sfx = a.length - oa;
    oa--;
    ob--;
  }
  const amid = Math.max(0, a.length - pfx - sfx);
  const bmid = Math.max(0, b.length - pfx - sfx);
  if (pfx + sfx === 0) return `${a.slice(0, amid)} => ${b.slice(0, bmid)}`;
  return `${a.slice(0, pfx)}{${a.slice(pfx, pfx + amid)} => ${b.slice(pfx, pfx + bmid)}}${a.slice(a.length - sfx)}`;
}
