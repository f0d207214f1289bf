import { InvalidArgumentError, SyncError } from "./errors.ts";
import { Guard, type LockOptions } from "./mutex.ts";
import { handoffValue, wake } from "./sched.ts";
import { Parked, WaitList } from "./waitlist.ts";

/**
 * A weighted semaphore (golang.org/x/sync/semaphore). Waiters are served in
 * FIFO order and a large request at the head is not overtaken by smaller ones,
 * so no weight starves. Invariant: 0 <= held <= size.
 * @example
 * const sem = new Semaphore(10);
 * using _ = await sem.acquire(3);
 */
export class Semaphore {
  readonly #size: number;
  #held = 0;
  readonly #waiters = new WaitList<Parked<Guard>>();
  readonly #onAbort = (): void => this.#notify();

  constructor(size: number) {
    if (!(size > 0) || !Number.isFinite(size)) throw new InvalidArgumentError(`semaphore: invalid size ${size}`);
    this.#size = size;
  }

  /** Total weight. */
  get size(): number {
    return this.#size;
  }

  /** Weight currently held. */
  get held(): number {
    return this.#held;
  }

  /** Acquires weight `n` (default 1), waiting in FIFO order; the guard releases it. Rejects with InvalidArgumentError if `n` exceeds the size. */
  acquire(n = 1, opts?: LockOptions): Promise<Guard> {
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!(n > 0) || n > this.#size) {
      return Promise.reject(new InvalidArgumentError(`semaphore: acquire ${n} outside (0, ${this.#size}]`));
    }
    if (this.#size - this.#held >= n && this.#waiters.length === 0) {
      this.#held += n;
      return handoffValue(this.#guard(n));
    }
    const w = new Parked<Guard>(n, signal, this.#onAbort);
    this.#waiters.push(w);
    return w.promise;
  }

  /** Acquires weight `n` if that needs no wait; returns whether it did. */
  tryAcquire(n = 1): boolean {
    if (!(n > 0) || this.#size - this.#held < n || this.#waiters.length > 0) return false;
    this.#held += n;
    return true;
  }

  /** Releases weight `n` (default 1); throws SyncError on releasing more than is held. */
  release(n = 1): void {
    if (n > this.#held) throw new SyncError("semaphore: released more than held");
    this.#held -= n;
    this.#notify();
  }

  #notify(): void {
    for (let w = this.#waiters.head; w !== null && this.#size - this.#held >= w.n; w = this.#waiters.head) {
      this.#waiters.shift();
      this.#held += w.n;
      w.grant(this.#guard(w.n), wake);
    }
  }

  #guard(n: number): Guard {
    return new Guard(() => this.release(n));
  }
}
