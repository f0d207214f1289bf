import { SyncError } from "./errors.ts";
import { fulfilled, isThenable, panic, taskName } from "./go.ts";
import { RESOLVED, wake } from "./sched.ts";
import { Parked, WaitList } from "./waitlist.ts";

/** Options of {@link WaitGroup.wait}. */
export interface WaitOptions {
  /** Aborting stops waiting and rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/**
 * Waits for a collection of tasks to finish (Go's `sync.WaitGroup`).
 * Invariant: the counter is never negative; all waiters of one round share a
 * single promise, so parked waiters cost no more than their own task.
 * @example
 * const wg = new WaitGroup();
 * for (const url of urls) wg.go(() => fetch(url));
 * await wg.wait();
 */
export class WaitGroup {
  #n = 0;
  #wake: (() => void) | null = null;
  #round: Promise<void> | null = null;
  /** Waiters with a signal, which must be able to leave before the round ends. */
  readonly #abortable = new WaitList<Parked<void>>();
  readonly #settled = (): void => this.add(-1);
  #failFn: Function | null = null;
  #failName: string | undefined;
  #fail: (e: unknown) => void = () => {};

  /** Current counter value. */
  get count(): number {
    return this.#n;
  }

  /** Adds `delta` (default 1) to the counter; throws SyncError if it would go negative. */
  add(delta = 1): void {
    const n = this.#n + delta;
    if (n < 0) throw new SyncError("sync: negative WaitGroup counter");
    this.#n = n;
    if (n !== 0) return;
    if (this.#wake !== null) {
      const wake = this.#wake;
      this.#wake = null;
      this.#round = null;
      wake();
    }
    for (let w = this.#abortable.shift(); w !== null; w = this.#abortable.shift()) w.grant(undefined, wake);
  }

  /** Decrements the counter by one. */
  done(): void {
    this.add(-1);
  }

  /** Runs `fn` as a task counted by this group (Go 1.25's `wg.Go`); failures go to the panic handler. */
  go(fn: () => unknown, name?: string): void {
    this.#n++;
    let r: unknown;
    try {
      r = fn();
    } catch (e) {
      this.add(-1);
      panic(e, taskName(fn, name));
      return;
    }
    if (r instanceof Promise ? !fulfilled(r) : isThenable(r)) {
      (r as PromiseLike<unknown>).then(this.#settled, this.#onFail(fn, name));
    } else this.add(-1);
  }

  // Reuses the previous task's failure handler when the function and name repeat.
  #onFail(fn: Function, name: string | undefined): (e: unknown) => void {
    if (fn !== this.#failFn || name !== this.#failName) {
      this.#failFn = fn;
      this.#failName = name;
      this.#fail = (e: unknown) => {
        this.add(-1);
        panic(e, taskName(fn, name));
      };
    }
    return this.#fail;
  }

  /** Resolves once the counter is zero. */
  wait(opts?: WaitOptions): Promise<void> {
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#n === 0) return RESOLVED;
    let round = this.#round;
    if (round === null) {
      round = this.#round = new Promise<void>((resolve) => (this.#wake = resolve));
    }
    if (signal === undefined) return round;
    const w = new Parked<void>(1, signal, undefined);
    this.#abortable.push(w);
    return w.promise;
  }
}
