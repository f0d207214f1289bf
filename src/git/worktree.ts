/**
 * The work tree side of the index: file modes from stat, index entries with
 * Git's stat data, the stat comparison that lets status skip hashing
 * (ce_match_stat), and the racy-git rule (an entry whose mtime is not older
 * than the index file must be compared by content).
 */
import type { BigIntStats, Stats } from "node:fs";
import { nodeFs, openLibc } from "../sys/index.ts";
import type { IndexEntry } from "./index-file.ts";
import { hashObject } from "./sha1.ts";

const NS = 1_000_000_000n;
/** The id of the empty blob. */
export const EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

/** lstat with nanosecond times, or undefined when the path is gone (or a parent is not a directory). */
export function lstatQuiet(abs: string): BigIntStats | undefined {
  try {
    return nodeFs().lstatSync(abs, { bigint: true });
  } catch {
    return undefined;
  }
}

/** The index mode for a file: 120000 symlink, 100755 executable (when core.filemode), else 100644; undefined for others. */
export function modeOf(st: BigIntStats, filemode = true, previous?: number): number | undefined {
  return modeFromBits(Number(st.mode), filemode, previous);
}

/** modeOf from st_mode's bits (type and permissions). */
export function modeFromBits(bits: number, filemode = true, previous?: number): number | undefined {
  const type = bits & 0o170000;
  if (type === 0o120000) return 0o120000;
  if (type !== 0o100000) return undefined;
  if (!filemode) return previous === 0o100755 ? 0o100755 : 0o100644;
  return bits & 0o100 ? 0o100755 : 0o100644;
}

/** The blob content of a work-tree file: the link target for a symlink. */
export function readContent(abs: string, st: BigIntStats): Uint8Array {
  if (st.isSymbolicLink()) return new TextEncoder().encode(nodeFs().readlinkSync(abs, "utf8"));
  return nodeFs().readFileSync(abs);
}

/** Hashes a work-tree file as a blob. */
export function hashFile(abs: string, st: BigIntStats): { oid: string; data: Uint8Array } {
  const data = readContent(abs, st);
  return { oid: hashObject("blob", data), data };
}

/**
 * Racy-git smudging (read-cache.c's ce_smudge_racily_clean_entry), for an
 * index about to replace one whose mtime is `indexMtimeS` (seconds; 0 when
 * there was none): an entry not older than that index whose file still
 * matches its stat data to the second (what git, which compares whole
 * seconds, would trust) but whose content differs gets size 0, so no reader
 * takes the changed file for clean once the new index is older than it.
 * Returns how many entries were smudged.
 */
export function smudgeRacyEntries(workTree: string, entries: IndexEntry[], indexMtimeS: number): number {
  if (!workTree || indexMtimeS === 0) return 0;
  let smudged = 0;
  for (const e of entries) {
    if (e.stage !== 0 || e.mtimeS < indexMtimeS || (e.mode & 0o170000) === 0o160000 || e.size === 0) continue;
    const abs = `${workTree}/${e.path}`;
    const st = lstatQuiet(abs);
    if (!st || Number(st.size & 0xffffffffn) !== e.size || Number(st.mtimeNs / NS) !== e.mtimeS) continue;
    if ((st.isSymbolicLink() ? 0o120000 : st.isFile() ? 0o100000 : 0) !== (e.mode & 0o170000)) continue;
    if (hashFile(abs, st).oid !== e.oid) {
      e.size = 0;
      smudged++;
    }
  }
  return smudged;
}

/** A stage-0 index entry for `path` with `st`'s stat data. */
export function entryFromStat(path: string, oid: string, mode: number, st: BigIntStats): IndexEntry {
  return {
    ctimeS: Number(st.ctimeNs / NS),
    ctimeNs: Number(st.ctimeNs % NS),
    mtimeS: Number(st.mtimeNs / NS),
    mtimeNs: Number(st.mtimeNs % NS),
    dev: Number(st.dev & 0xffffffffn),
    ino: Number(st.ino & 0xffffffffn),
    mode,
    uid: Number(st.uid & 0xffffffffn),
    gid: Number(st.gid & 0xffffffffn),
    size: Number(st.size & 0xffffffffn),
    oid,
    stage: 0,
    path,
  };
}

/**
 * A stage-0 index entry for the file just written at `abs`, with its stat
 * data from statx where there is one (no BigInt Stats object), else lstat.
 */
export function entryForWritten(path: string, abs: string, oid: string, mode: number): IndexEntry {
  const sx = openLibc();
  if (!sx || !sx.lstat(abs)) return entryFromStat(path, oid, mode, nodeFs().lstatSync(abs, { bigint: true }));
  return entryFromStatx(path, oid, mode, sx.words);
}

/** A stage-0 index entry with the stat data of a statx result (`Libc.words`). */
export function entryFromStatx(path: string, oid: string, mode: number, w: Uint32Array): IndexEntry {
  // st_dev as glibc's makedev builds it from statx's major and minor (the index keeps its low 32 bits).
  const major = w[34]!;
  const minor = w[35]!;
  return {
    ctimeS: w[24]!,
    ctimeNs: w[26]!,
    mtimeS: w[28]!,
    mtimeNs: w[30]!,
    dev: (((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff)) >>> 0,
    ino: w[8]!,
    mode,
    uid: w[5]!,
    gid: w[6]!,
    size: w[10]!,
    oid,
    stage: 0,
    path,
  };
}

/** What is at `abs` (not following a symlink): its kind, and for a file its link count and permission bits. */
export function kindAt(abs: string): { kind: "none" | "dir" | "link" | "file"; links: number; perm: number } {
  const sx = openLibc();
  let mode: number;
  let links: number;
  if (sx) {
    if (!sx.lstat(abs)) return { kind: "none", links: 0, perm: 0 };
    mode = sx.words[7]! & 0xffff;
    links = sx.words[4]!;
  } else {
    const st = lstatQuiet(abs);
    if (!st) return { kind: "none", links: 0, perm: 0 };
    mode = Number(st.mode);
    links = Number(st.nlink);
  }
  const type = mode & 0o170000;
  return { kind: type === 0o040000 ? "dir" : type === 0o120000 ? "link" : "file", links, perm: mode & 0o7777 };
}

/** Copies `st`'s stat data into an existing entry (an index refresh). */
export function refreshStat(e: IndexEntry, st: BigIntStats): void {
  const f = entryFromStat(e.path, e.oid, e.mode, st);
  e.ctimeS = f.ctimeS;
  e.ctimeNs = f.ctimeNs;
  e.mtimeS = f.mtimeS;
  e.mtimeNs = f.mtimeNs;
  e.dev = f.dev;
  e.ino = f.ino;
  e.uid = f.uid;
  e.gid = f.gid;
  e.size = f.size;
}

/** What the stat comparison says about a tracked file. */
export type StatVerdict = "clean" | "changed" | "maybe";

/**
 * Compares an entry's stat data with the file's (Git's ce_match_stat):
 * "changed" when the type, mode or size differ, "clean" when everything
 * matches and the entry is not racy, otherwise "maybe" (hash to be sure).
 */
export function compareStat(e: IndexEntry, st: BigIntStats, indexMtimeNs: bigint, filemode = true): StatVerdict {
  const mode = modeOf(st, filemode, e.mode);
  if (mode === undefined) return "changed";
  if ((mode & 0o170000) !== (e.mode & 0o170000)) return "changed";
  if (filemode && mode !== e.mode) return "changed";
  const size = Number(st.size & 0xffffffffn);
  if (size !== e.size) {
    // A smudged racy entry (size 0) is decided by content.
    return e.size === 0 && e.oid !== EMPTY_BLOB ? "maybe" : "changed";
  }
  const mtime = st.mtimeNs;
  const emtime = BigInt(e.mtimeS) * NS + BigInt(e.mtimeNs);
  if (mtime !== emtime) return "maybe";
  const ctime = st.ctimeNs;
  if (ctime !== BigInt(e.ctimeS) * NS + BigInt(e.ctimeNs)) return "maybe";
  if (Number(st.ino & 0xffffffffn) !== e.ino || Number(st.uid & 0xffffffffn) !== e.uid || Number(st.gid & 0xffffffffn) !== e.gid) return "maybe";
  // Racy git: an entry not older than the index may have changed within the same timestamp.
  if (indexMtimeNs !== 0n && emtime >= indexMtimeNs) return "maybe";
  return "clean";
}

/** lstat with millisecond-float times (cheaper than bigint), or undefined when the path is gone. */
export function lstatFast(abs: string): Stats | undefined {
  try {
    return nodeFs().lstatSync(abs, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * compareStat on a plain Stats: times are floats in milliseconds whose
 * precision at today's epoch is about a quarter of a microsecond, so stored
 * nanoseconds are compared within one microsecond.
 */
export function compareStatFast(e: IndexEntry, st: Stats, indexMtimeMs: number, filemode = true): StatVerdict {
  let mode: number;
  const m = st.mode;
  const type = m & 0o170000;
  if (type === 0o100000) mode = !filemode ? (e.mode === 0o100755 ? 0o100755 : 0o100644) : m & 0o100 ? 0o100755 : 0o100644;
  else if (type === 0o120000) mode = 0o120000;
  else return "changed";
  if ((mode & 0o170000) !== (e.mode & 0o170000)) return "changed";
  if (filemode && mode !== e.mode) return "changed";
  if (st.size % 4294967296 !== e.size) return e.size === 0 && e.oid !== EMPTY_BLOB ? "maybe" : "changed";
  const emtime = e.mtimeS * 1000 + e.mtimeNs / 1e6;
  if (Math.abs(st.mtimeMs - emtime) >= 0.001) return "maybe";
  if (Math.abs(st.ctimeMs - (e.ctimeS * 1000 + e.ctimeNs / 1e6)) >= 0.001) return "maybe";
  if (st.ino % 4294967296 !== e.ino || st.uid !== e.uid || st.gid !== e.gid) return "maybe";
  if (indexMtimeMs !== 0 && emtime >= indexMtimeMs - 0.001) return "maybe";
  return "clean";
}

/**
 * compareStat on statx words (see statx.ts): exact seconds and nanoseconds,
 * the racy-git rule against the index file's mtime (`indexS`, `indexNs`; 0 = none).
 */
export function compareStatx(e: IndexEntry, w: Uint32Array, indexS: number, indexNs: number, filemode = true): StatVerdict {
  const m = w[7]! & 0xffff;
  const type = m & 0o170000;
  let mode: number;
  if (type === 0o100000) mode = !filemode ? (e.mode === 0o100755 ? 0o100755 : 0o100644) : m & 0o100 ? 0o100755 : 0o100644;
  else if (type === 0o120000) mode = 0o120000;
  else return "changed";
  if ((mode & 0o170000) !== (e.mode & 0o170000)) return "changed";
  if (filemode && mode !== e.mode) return "changed";
  if (w[10] !== e.size) return e.size === 0 && e.oid !== EMPTY_BLOB ? "maybe" : "changed";
  if (w[28] !== e.mtimeS || w[30] !== e.mtimeNs || w[24] !== e.ctimeS || w[26] !== e.ctimeNs) return "maybe";
  if (w[8] !== e.ino || w[5] !== e.uid || w[6] !== e.gid) return "maybe";
  if (indexS !== 0 && (e.mtimeS > indexS || (e.mtimeS === indexS && e.mtimeNs >= indexNs))) return "maybe";
  return "clean";
}
