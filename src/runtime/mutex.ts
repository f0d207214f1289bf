import { SyncError } from "./errors.ts";
import { handoffValue, wake } from "./sched.ts";
import { Parked, WaitList } from "./waitlist.ts";

/** Options of a lock or acquire that may wait. */
export interface LockOptions {
  /** Aborting gives up the wait and rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/**
 * Proof of holding a lock; releasing it (explicitly or by `using`) unlocks.
 * Releasing twice is a no-op.
 */
export class Guard implements Disposable {
  #release: (() => void) | null;

  constructor(release: () => void) {
    this.#release = release;
  }

  /** Whether this guard has been released. */
  get released(): boolean {
    return this.#release === null;
  }

  /** Releases what this guard holds. */
  unlock(): void {
    const r = this.#release;
    if (r === null) return;
    this.#release = null;
    r();
  }

  /** Releases at scope exit under `using`. */
  [Symbol.dispose](): void {
    this.unlock();
  }
}

/**
 * A mutual-exclusion lock (Go's `sync.Mutex`). FIFO and hand-off: unlock
 * passes ownership straight to the longest waiter, so no one starves.
 * @example
 * using _ = await mu.lock();
 * balance += amount;
 */
export class Mutex {
  #locked = false;
  #gen = 0;
  readonly #waiters = new WaitList<Parked<Guard>>();

  /** Whether the mutex is held. */
  get locked(): boolean {
    return this.#locked;
  }

  /** Acquires the lock, waiting in FIFO order; the guard unlocks it. */
  lock(opts?: LockOptions): Promise<Guard> {
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.#locked) {
      this.#locked = true;
      return handoffValue(this.#guard());
    }
    const w = new Parked<Guard>(1, signal, undefined);
    this.#waiters.push(w);
    return w.promise;
  }

  /** Acquires the lock if it is free and no one waits; otherwise `undefined`. */
  tryLock(): Guard | undefined {
    if (this.#locked) return undefined;
    this.#locked = true;
    return this.#guard();
  }

  /** Releases the lock (also done by the guard); throws SyncError if it is not held. */
  unlock(): void {
    if (!this.#locked) throw new SyncError("sync: unlock of unlocked mutex");
    const next = this.#waiters.shift();
    if (next === null) {
      this.#locked = false;
      this.#gen++;
      return;
    }
    next.grant(this.#guard(), wake);
  }

  #guard(): Guard {
    const gen = ++this.#gen;
    return new Guard(() => {
      if (gen !== this.#gen || !this.#locked) throw new SyncError("sync: unlock of unlocked mutex");
      this.unlock();
    });
  }
}
