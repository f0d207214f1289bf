/**
 * The task store: one JSON file shared safely by concurrent processes.
 * Reads never wait for the lock (writers replace the file atomically, so a
 * reader sees one whole version). Writers hold `<file>.lock` while they read, change,
 * write the file and record the change in the undo journal (`<file>.undo`).
 * A file that cannot be read or decoded is never written. Every write also
 * refreshes the pending-task cache (`<file>.cache`, see pending-cache.ts),
 * from which `readPending` answers without reading the whole file.
 */

import { acquireLock, type FileLock, type FileLockOptions } from "./file-lock.ts";
import { checkWritable, writeFileAtomic } from "./atomic-write.ts";
import { encodeDocument, parseDocument } from "./document.ts";
import { putTask } from "./operations.ts";
import { cachePath, parseCache, sameStamp, stampOf, trustworthy, writeCache, type FileStamp } from "./pending-cache.ts";
import { emptyDocument, isoSeconds, type Task, type TaskDocument } from "./task.ts";
import { canonical, journalPath, readJournal, writeJournal, type JournalEntry, type TaskChange } from "./undo-journal.ts";

/** The largest tasks file we read. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The tasks file cannot be read, decoded or written; the message says which file and why. */
export class TaskFileError extends Error {
  readonly code = "ERR_TASK_FILE";
  override name = "TaskFileError";
}

/** Undo is impossible: nothing to undo, the journal is damaged, or the tasks changed since. */
export class UndoError extends Error {
  readonly code = "ERR_TASK_UNDO";
  override name = "UndoError";
}

/** Options for TaskStore. */
export interface TaskStoreOptions {
  /** The clock for created/completed times and journal entries. */
  now?: () => Date;
  /** Lock behaviour for writers (timeouts, stale detection). */
  lock?: Omit<FileLockOptions, "signal">;
  /** Refuse files larger than this many bytes. Default MAX_FILE_BYTES. */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** What a write did: the function's value, the tasks it changed and, rarely, why it cannot be undone. */
export interface UpdateResult<T> {
  value: T;
  changes: TaskChange[];
  /** Set when the change was saved but could not be recorded for undo. */
  warning?: string;
}

/** What readPending found: the pending tasks in file order, and whether the cache supplied them. */
export interface PendingTasks {
  tasks: Task[];
  fromCache: boolean;
}

type Stamp = FileStamp & { mode: number };
type Stats = Awaited<ReturnType<ReturnType<typeof Bun.file>["stat"]>>;

/** The file's stat data, or undefined if it cannot be had (missing, unreadable). */
async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await Bun.file(path).stat();
  } catch {
    return undefined;
  }
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOENT: "no such file or directory",
  ENOTDIR: "not a directory",
  EISDIR: "is a directory",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
};

/** The one-line reason for a file-system error: "permission denied", or the error's own message. */
export function reason(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "string" && REASONS[code]) return REASONS[code];
  return e instanceof Error ? e.message : String(e);
}

/** A byte count for people: "64 MiB", "65.2 MiB", "1 KiB", "2.1 KiB", "900 bytes". */
function size(n: number): string {
  for (const [unit, scale] of [["MiB", 1024 * 1024], ["KiB", 1024]] as const) {
    if (n >= scale) return `${n % scale === 0 ? n / scale : (n / scale).toFixed(1)} ${unit}`;
  }
  return `${n} bytes`;
}

/** A tasks file and the operations on it. */
export class TaskStore {
  readonly path: string;
  readonly #now: () => Date;
  readonly #options: TaskStoreOptions;

  /** `path` must be absolute (see resolveTasksPath). */
  constructor(path: string, options: TaskStoreOptions = {}) {
    this.path = path;
    this.#now = options.now ?? (() => new Date());
    this.#options = options;
  }

  /** Reads the document without locking. A missing file is an empty document. */
  async read(): Promise<TaskDocument> {
    const file = Bun.file(this.path);
    const limit = this.#options.maxBytes ?? MAX_FILE_BYTES;
    let text: string;
    try {
      const stat = await file.stat();
      if (stat.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      if (stat.size > limit) throw new Error(`file is ${size(stat.size)}, over the ${size(limit)} limit`);
      text = await file.text();
    } catch (e) {
      if ((e as { code?: unknown }).code === "ENOENT") return emptyDocument();
      throw new TaskFileError(`cannot read "${this.path}": ${reason(e)}`, { cause: e });
    }
    if (text.length > limit) throw new TaskFileError(`cannot read "${this.path}": file is over the ${size(limit)} limit`);
    try {
      return parseDocument(text);
    } catch (e) {
      throw new TaskFileError(`cannot read "${this.path}": ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * The pending tasks: from the cache when it vouches for the file as it is
   * now, otherwise from the whole file, rebuilding the cache. The rebuild
   * happens only if the lock can be taken at once (a reader never waits):
   * under it no writer can replace the file between the read and the cache.
   */
  async readPending(): Promise<PendingTasks> {
    const cache = cachePath(this.path);
    const [before, text] = await Promise.all([statOf(this.path), Bun.file(cache).text().catch(() => undefined)]);
    if (before?.isFile() && text !== undefined) {
      const tasks = parseCache(text, stampOf(before));
      if (tasks !== undefined) return { tasks, fromCache: true };
    }
    const lock = before?.isFile() ? await this.#tryLock() : undefined;
    try {
      // The lock file's ctime is the file system's clock when we took the lock.
      const clockMs = lock && (await statOf(lock.path))?.ctimeMs;
      const s1 = lock && (await statOf(this.path));
      const doc = await this.read();
      if (clockMs !== undefined && s1 !== undefined) {
        const s2 = await statOf(this.path);
        // Cache only a version last changed before we locked: any change since shows in s2, and in every later stat.
        if (s2 !== undefined && sameStamp(s1, s2) && trustworthy(s1, clockMs)) {
          await writeCache(cache, stampOf(s1), doc, { clockMs, mode: s1.mode });
        }
      }
      return { tasks: doc.tasks.filter((t) => t.status === "pending"), fromCache: false };
    } finally {
      lock?.release();
    }
  }

  /**
   * Runs `fn` on the current document under the lock and saves the result if
   * any task changed. `fn` must replace changed tasks rather than mutate them.
   * Each saved change is journalled under `op` so `undo` can revert it.
   */
  async update<T>(op: string, fn: (doc: TaskDocument) => T): Promise<UpdateResult<T>> {
    using _lock = await this.#lock();
    const doc = await this.read();
    const before = new Map(doc.tasks.map((t) => [t.id, t]));
    const nextId = doc.nextId;
    const draft: TaskDocument = { ...doc, tasks: [...doc.tasks] };
    const value = fn(draft);
    const changes = diff(before, draft.tasks);
    if (changes.length === 0 && draft.nextId === nextId) return { value, changes };
    const stamp = await this.#write(draft);
    // Journal after the file: if we stop in between, the change merely cannot be undone,
    // and undo of an older entry still checks that its tasks are as it left them.
    const warning = await this.#record({ op, time: isoSeconds(this.#now()), changes });
    await this.#cache(stamp, draft);
    return warning === undefined ? { value, changes } : { value, changes, warning };
  }

  /** Reverts the most recent journalled change and returns it; refuses if its tasks changed since. */
  async undo(): Promise<UpdateResult<JournalEntry>> {
    using _lock = await this.#lock();
    const doc = await this.read();
    const path = journalPath(this.path);
    let entries: JournalEntry[] | undefined;
    try {
      entries = await readJournal(path);
    } catch (e) {
      throw new TaskFileError(`cannot read "${path}": ${reason(e)}`, { cause: e });
    }
    if (entries === undefined) throw new UndoError(`cannot undo: the undo journal "${path}" is damaged`);
    const entry = entries.at(-1);
    if (entry === undefined) throw new UndoError("nothing to undo");
    const current = new Map(doc.tasks.map((t) => [t.id, t]));
    for (const c of entry.changes) {
      if (canonical(current.get(c.id)) !== canonical(c.after)) {
        throw new UndoError(`cannot undo ${entry.op}: task #${c.id} has changed since`);
      }
    }
    const draft: TaskDocument = { ...doc, tasks: [...doc.tasks] };
    for (const c of entry.changes) {
      if (c.before === null) draft.tasks = draft.tasks.filter((t) => t.id !== c.id);
      else putTask(draft, c.before);
    }
    const changes = entry.changes.map((c) => ({ id: c.id, before: c.after, after: c.before }));
    const stamp = await this.#write(draft);
    const warning = await this.#saveJournal(path, entries.slice(0, -1));
    await this.#cache(stamp, draft);
    return warning === undefined ? { value: entry, changes } : { value: entry, changes, warning };
  }

  async #lock(): Promise<Disposable> {
    try {
      return await acquireLock(`${this.path}.lock`, { ...this.#options.lock, signal: this.#options.signal });
    } catch (e) {
      if ((e as { code?: unknown }).code === "ENOENT") {
        const dir = this.path.slice(0, this.path.lastIndexOf("/")) || "/";
        throw new TaskFileError(`cannot write "${this.path}": directory "${dir}" does not exist`, { cause: e });
      }
      const why = (e as { code?: unknown }).code === "ERR_LOCK_TIMEOUT" ? (e as Error).message : reason(e);
      throw new TaskFileError(`cannot write "${this.path}": ${why}`, { cause: e });
    }
  }

  /** Takes the lock if it is free right now; undefined if it is held or cannot be taken. */
  async #tryLock(): Promise<FileLock | undefined> {
    try {
      return await acquireLock(`${this.path}.lock`, { ...this.#options.lock, timeoutMs: 0, signal: this.#options.signal });
    } catch {
      return undefined;
    }
  }

  /** Replaces the file with `doc` and returns the new file's stamp (undefined if it cannot be had). */
  async #write(doc: TaskDocument): Promise<Stamp | undefined> {
    try {
      await checkWritable(this.path);
      await writeFileAtomic(this.path, encodeDocument(doc));
    } catch (e) {
      throw new TaskFileError(`cannot write "${this.path}": ${reason(e)}`, { cause: e });
    }
    // Under the lock, so no other writer has replaced the file since the rename.
    const s = await statOf(this.path);
    return s && { ...stampOf(s), mode: s.mode };
  }

  /**
   * Records `doc` in the pending-task cache, still under the lock. Written
   * after the journal, so that it is usually a timestamp tick newer than the
   * file and trusted at once (see the racy-clean rule in pending-cache.ts).
   */
  async #cache(stamp: Stamp | undefined, doc: TaskDocument): Promise<void> {
    if (stamp !== undefined) await writeCache(cachePath(this.path), stamp, doc, { mode: stamp.mode });
  }

  async #record(entry: JournalEntry): Promise<string | undefined> {
    const path = journalPath(this.path);
    let entries: JournalEntry[];
    try {
      entries = (await readJournal(path)) ?? []; // a damaged journal only costs the history of undo
    } catch {
      entries = [];
    }
    return this.#saveJournal(path, [...entries, entry]);
  }

  async #saveJournal(path: string, entries: JournalEntry[]): Promise<string | undefined> {
    try {
      await writeJournal(path, entries);
      return undefined;
    } catch (e) {
      return `cannot write undo journal "${path}": ${reason(e)}`;
    }
  }
}

/** The tasks that differ between `before` and `after`, in id order. */
function diff(before: Map<number, Task>, after: Task[]): TaskChange[] {
  const changes: TaskChange[] = [];
  const seen = new Set<number>();
  for (const t of after) {
    seen.add(t.id);
    const old = before.get(t.id);
    if (old !== t && canonical(old) !== canonical(t)) changes.push({ id: t.id, before: old ?? null, after: t });
  }
  for (const [id, old] of before) if (!seen.has(id)) changes.push({ id, before: old, after: null });
  return changes.sort((a, b) => a.id - b.id);
}
