/**
 * An advisory lock between processes: a lock file created with O_EXCL that
 * holds `{"pid","host","created","token"}`. Waiters retry with jittered
 * exponential backoff until a deadline. A lock is stale, and is broken, when
 * its holder is a process on this host that no longer exists or when it is
 * older than `staleMs`. Breaking takes a second O_EXCL file (`<lock>.break`)
 * and re-reads the lock first, so two waiters never both break it and a
 * freshly taken lock is never removed by mistake.
 */

// node:fs and node:os are imported where used: static imports would load them on every gokit start.
type Fs = typeof import("node:fs");

/** The lock could not be taken before the deadline. */
export class LockTimeoutError extends Error {
  readonly code = "ERR_LOCK_TIMEOUT";
  override name = "LockTimeoutError";
}

/** Options for acquireLock. */
export interface FileLockOptions {
  /** Give up after this long. Default 10 s. */
  timeoutMs?: number;
  /** A lock older than this is stale even if its holder seems alive (pid reuse, a hung process). Default 30 s. */
  staleMs?: number;
  /** The wall clock, in milliseconds since the epoch. */
  now?: () => number;
  /** Reports whether process `pid` on this host is alive. */
  isAlive?: (pid: number) => boolean;
  signal?: AbortSignal;
}

/** A held lock; release it exactly once (or let `using` do it). */
export interface FileLock extends Disposable {
  readonly path: string;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  created: string;
}

const BREAK_STALE_MS = 5_000;

/** Reports whether a process exists (signal 0 checks without sending). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryCreate({ closeSync, constants, openSync, writeSync }: Fs, path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOrUndefined({ readFileSync }: Fs, path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

function parseHolder(content: string): Holder | undefined {
  try {
    const v = JSON.parse(content) as Partial<Holder>;
    if (typeof v.pid === "number" && typeof v.host === "string" && typeof v.created === "string") return v as Holder;
  } catch {
    // being written right now, or not ours
  }
  return undefined;
}

function unlinkQuietly({ unlinkSync }: Fs, path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Removes the lock at `path` if it still holds `observed`, under the `.break` guard; false if another waiter is at it. */
function breakStale(fs: Fs, path: string, observed: string, now: number): boolean {
  const guard = `${path}.break`;
  if (!tryCreate(fs, guard, String(process.pid))) {
    // Another waiter is breaking it. A guard left by a crashed breaker is itself stale after a while.
    try {
      if (now - fs.statSync(guard).mtimeMs > BREAK_STALE_MS) unlinkQuietly(fs, guard);
    } catch {
      // gone already
    }
    return false;
  }
  try {
    if (readOrUndefined(fs, path) === observed) fs.unlinkSync(path);
  } finally {
    unlinkQuietly(fs, guard);
  }
  return true;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Takes the lock file at `path`, waiting while another live process holds it.
 * @example using lock = await acquireLock("/home/me/.tasks.json.lock");
 */
export async function acquireLock(path: string, options: FileLockOptions = {}): Promise<FileLock> {
  const fs = await import("node:fs");
  const { hostname } = await import("node:os");
  const now = options.now ?? Date.now;
  const isAlive = options.isAlive ?? processAlive;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const host = hostname();
  const started = now();
  const holder: Holder & { token: string } = {
    pid: process.pid,
    host,
    created: new Date(started).toISOString(),
    token: crypto.randomUUID(),
  };
  const content = JSON.stringify(holder) + "\n";
  let delay = 1;
  for (;;) {
    options.signal?.throwIfAborted();
    if (tryCreate(fs, path, content)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        // Only remove our own lock: if it was broken as stale, it may be someone else's now.
        if (readOrUndefined(fs, path) === content) unlinkQuietly(fs, path);
      };
      return { path, release, [Symbol.dispose]: release };
    }
    const observed = readOrUndefined(fs, path);
    if (observed === undefined) continue; // released between our open and our read
    const current = now();
    const other = parseHolder(observed);
    let since = other ? Date.parse(other.created) : NaN;
    if (Number.isNaN(since)) {
      try {
        since = fs.statSync(path).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
    }
    const dead = other !== undefined && other.host === host && other.pid !== process.pid && !isAlive(other.pid);
    if ((dead || current - since > staleMs) && breakStale(fs, path, observed, current)) continue;
    if (current - started >= timeoutMs) {
      const who = other ? `pid ${other.pid}${other.host === host ? "" : ` on ${other.host}`}` : "another process";
      throw new LockTimeoutError(
        `"${path}" is held by ${who} since ${new Date(since).toISOString()}; gave up after ${timeoutMs / 1000}s (remove it if no gokit is running)`,
      );
    }
    await sleep(Math.min(delay, timeoutMs - (current - started)) * (0.5 + Math.random() / 2), options.signal);
    delay = Math.min(delay * 2, 25);
  }
}
