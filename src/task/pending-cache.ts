/**
 * The pending-task cache, `<tasks file>.cache`: the pending tasks of one
 * version of the tasks file, so that `list` need not read and validate
 * thousands of completed tasks on every start. Like git's index
 * (gitformat-index, "stat data"), it records the tasks file's stat data —
 * size, mtime, ctime, inode, device — and is used only while every field
 * still matches.
 *
 * Racy-clean rule (git's Documentation/technical/racy-git.txt): a change
 * within the same file-system timestamp tick as the recorded one (here the
 * kernel's 4 ms jiffy) leaves the stat data as it was. Git distrusts index
 * entries whose mtime is not older than the index file's own mtime. We
 * record a sample of the file system's clock, `clockMs` — the ctime of the
 * lock file taken before a rebuild reads the tasks file, or of the cache's
 * temporary file after a write — and trust the cache only when the tasks
 * file's mtime and ctime are older than that sample: every later change then
 * gets a newer ctime. When the recorded times have no sub-second part (a
 * file system with 1 s or 2 s granularity, such as FAT), the sample must be
 * 2 s newer. ctime cannot be set by utimes, so an edit whose old mtime is
 * restored still shows. A rebuild's sample predates its read, so nothing
 * can slip past it; a writer's sample follows its write, so, as in git, an
 * edit in place that keeps the size and lands in the write's own tick goes
 * unseen. gokit's own writers never edit in place, and both write and
 * rebuild the cache under the tasks file's lock.
 *
 * Stat data comes from Bun.file().stat(), not node:fs, whose first import
 * alone costs over a millisecond of start-up: times are float milliseconds
 * (about 0.25 µs resolution) and inode numbers exact below 2^53.
 *
 * The cache is derived data: written with a temporary file and a rename but
 * never fsynced, and any failure to read or write it costs only speed.
 */

import { decodeDocument } from "./document.ts";
import type { Task, TaskDocument } from "./task.ts";

/** Bumped whenever the cache's layout or the meaning of its tasks changes. */
export const CACHE_VERSION = 1;

/** The stat data that identifies one version of the tasks file. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

const FIELDS = ["size", "mtimeMs", "ctimeMs", "ino", "dev"] as const;

/** The cache's path for a tasks file. */
export function cachePath(tasksPath: string): string {
  return `${tasksPath}.cache`;
}

/** The stamp part of a Stats object. */
export function stampOf(s: FileStamp): FileStamp {
  return { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino, dev: s.dev };
}

/** Reports whether two stamps are equal in every field. */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return FIELDS.every((f) => a[f] === b[f]);
}

/** When the file stamped `stamp` last changed: its mtime or ctime, whichever is later. */
export function changedMs(stamp: FileStamp): number {
  return Math.max(stamp.mtimeMs, stamp.ctimeMs);
}

/** Reports whether a cache whose clock sample is `clockMs` may vouch for the file stamped `stamp` (the racy-clean rule above). */
export function trustworthy(stamp: FileStamp, clockMs: number): boolean {
  const changed = changedMs(stamp);
  const fine = stamp.mtimeMs % 1000 !== 0 || stamp.ctimeMs % 1000 !== 0;
  // Half a microsecond's margin: float milliseconds of the same tick must never pass for newer.
  return clockMs - changed > (fine ? 0.0005 : 1999.9995);
}

/**
 * The pending tasks in cache `text` if it vouches for the tasks file as
 * stamped `stamp`; undefined when the cache is damaged, of another version,
 * stale or racy.
 */
export function parseCache(text: string, stamp: FileStamp): Task[] | undefined {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (v.version !== CACHE_VERSION) return undefined;
    for (const f of FIELDS) if (v[f] !== stamp[f]) return undefined;
    if (typeof v.clockMs !== "number" || !trustworthy(stamp, v.clockMs)) return undefined;
    const pending = v.pending;
    if (!Array.isArray(pending)) return undefined;
    // Checked as the tasks file would be: a damaged cache must never show a malformed task.
    const doc = decodeDocument({ nextId: v.nextId, tasks: pending });
    for (const t of doc.tasks) if (t.status !== "pending") return undefined;
    return doc.tasks;
  } catch {
    return undefined;
  }
}

/** The cache's text: a header line with the stamp, then one pending task per line. */
export function encodeCache(stamp: FileStamp, clockMs: number, doc: TaskDocument): string {
  const head: Record<string, unknown> = { version: CACHE_VERSION };
  for (const f of FIELDS) head[f] = stamp[f];
  head.clockMs = clockMs;
  head.nextId = doc.nextId;
  head.count = doc.tasks.length;
  const pending = doc.tasks.filter((t) => t.status === "pending");
  const body = pending.length === 0 ? "" : `\n${pending.map((t) => JSON.stringify(t)).join(",\n")}\n`;
  return `${JSON.stringify(head).slice(0, -1)},"pending":[${body}]}\n`;
}

/** Options for writeCache. */
export interface WriteCacheOptions {
  /** The file system's clock before the tasks file was read; default the cache's own creation time. */
  clockMs?: number;
  /** The tasks file's permission bits: the cache is readable by whoever may read the tasks file. */
  mode: number;
}

let counter = 0;

/**
 * Writes the cache at `path` for `doc`, the content of the tasks file version
 * `stamp`. Best effort: reports whether the cache was written and never throws.
 */
export async function writeCache(path: string, stamp: FileStamp, doc: TaskDocument, options: WriteCacheOptions): Promise<boolean> {
  const fs = await import("node:fs");
  const slash = path.lastIndexOf("/");
  const tmp = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.${process.pid}.${Date.now().toString(36)}${(counter++).toString(36)}.tmp`;
  try {
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, options.mode & 0o666);
    try {
      // A new file's ctime is the file system's clock now, in the same ticks as the tasks file's times.
      const clockMs = options.clockMs ?? fs.fstatSync(fd).ctimeMs;
      const bytes = Buffer.from(encodeCache(stamp, clockMs, doc));
      for (let off = 0; off < bytes.length; ) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
    return true;
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    return false;
  }
}
