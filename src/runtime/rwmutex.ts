import { SyncError } from "./errors.ts";
import { Guard, type LockOptions } from "./mutex.ts";
import { handoffValue, wake } from "./sched.ts";
import { Parked, WaitList } from "./waitlist.ts";

/**
 * A reader/writer lock (Go's `sync.RWMutex`) that starves no one. A waiting
 * writer blocks new readers (writer preference); when a writer unlocks, every
 * reader that queued behind it is admitted before the next writer, so readers
 * cannot be starved by a stream of writers either.
 * Invariants: `#writer` implies `#readers === 0`; readers queue only while a
 * writer holds the lock or waits for it.
 * @example
 * { using _ = await rw.rlock(); read(table); }
 * { using _ = await rw.lock(); write(table); }
 */
export class RWMutex {
  #readers = 0;
  #writer = false;
  #gen = 0;
  readonly #readq = new WaitList<Parked<Guard>>();
  readonly #writeq = new WaitList<Parked<Guard>>();
  readonly #onWriterAbort = (): void => this.#admitReaders();

  /** Number of readers holding the lock. */
  get readers(): number {
    return this.#readers;
  }

  /** Whether a writer holds the lock. */
  get locked(): boolean {
    return this.#writer;
  }

  /** Acquires a shared (read) lock. */
  rlock(opts?: LockOptions): Promise<Guard> {
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.#writer && this.#writeq.length === 0) {
      this.#readers++;
      return handoffValue(this.#readGuard());
    }
    const w = new Parked<Guard>(1, signal, undefined);
    this.#readq.push(w);
    return w.promise;
  }

  /** Acquires a read lock if that needs no wait; otherwise `undefined`. */
  tryRLock(): Guard | undefined {
    if (this.#writer || this.#writeq.length > 0) return undefined;
    this.#readers++;
    return this.#readGuard();
  }

  /** Releases one read lock; throws SyncError if none is held. */
  runlock(): void {
    if (this.#readers === 0) throw new SyncError("sync: RUnlock of unlocked RWMutex");
    if (--this.#readers === 0) this.#grantWriter();
  }

  /** Acquires the exclusive (write) lock. */
  lock(opts?: LockOptions): Promise<Guard> {
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.#writer && this.#readers === 0) {
      this.#writer = true;
      return handoffValue(this.#writeGuard());
    }
    const w = new Parked<Guard>(1, signal, this.#onWriterAbort);
    this.#writeq.push(w);
    return w.promise;
  }

  /** Acquires the write lock if it is free; otherwise `undefined`. */
  tryLock(): Guard | undefined {
    if (this.#writer || this.#readers > 0) return undefined;
    this.#writer = true;
    return this.#writeGuard();
  }

  /** Releases the write lock; throws SyncError if it is not held. */
  unlock(): void {
    if (!this.#writer) throw new SyncError("sync: unlock of unlocked RWMutex");
    this.#writer = false;
    this.#gen++;
    if (this.#readq.length > 0) this.#admitReaders(true);
    else this.#grantWriter();
  }

  /** Admits every queued reader: after a writer unlocks (`force`), or when no writer holds or awaits the lock. */
  #admitReaders(force = false): void {
    if (this.#writer || (!force && this.#writeq.length > 0)) return;
    for (let r = this.#readq.shift(); r !== null; r = this.#readq.shift()) {
      this.#readers++;
      r.grant(this.#readGuard(), wake);
    }
  }

  #grantWriter(): void {
    if (this.#writer || this.#readers > 0) return;
    const w = this.#writeq.shift();
    if (w === null) return;
    this.#writer = true;
    w.grant(this.#writeGuard(), wake);
  }

  #readGuard(): Guard {
    return new Guard(() => this.runlock());
  }

  #writeGuard(): Guard {
    const gen = ++this.#gen;
    return new Guard(() => {
      if (gen !== this.#gen || !this.#writer) throw new SyncError("sync: unlock of unlocked RWMutex");
      this.unlock();
    });
  }
}
