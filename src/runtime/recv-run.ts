import type { Recv } from "./channel.ts";
import { Ring } from "./ring.ts";
import { wake } from "./sched.ts";
import { CLOSED, Waiter } from "./waiter.ts";

type Resolve<T> = (v: T) => void;

let armed: Resolve<Recv<unknown>> = () => {};
function capture(resolve: Resolve<Recv<unknown>>): void {
  armed = resolve;
}

/**
 * A run of consecutive plain parked receives (no signal, no select) sharing
 * one queue entry. Only the run's first unassigned receiver holds a promise
 * with its own resolving function (`armed`); every later one awaits a promise
 * derived from its predecessor's (`prev.then(step)`), which costs no resolving
 * functions, so a million parked receivers cost a promise each.
 *
 * Values are assigned in FIFO order when they are sent: to the armed receiver
 * directly, or, while the next receiver's `step` has not run yet, to `stash`,
 * from which the steps take them in order. Invariants: `waiting` counts the
 * run's receivers not yet assigned a value; `armed` is non-null only while
 * the stash is empty; a step that finds the stash empty on an open run arms
 * its receiver, on a closed one returns CLOSED.
 */
export class RecvRun extends Waiter {
  /** The promise the run's last receiver awaits. */
  tail: Promise<Recv<unknown>>;
  waiting = 2;
  #armed: Resolve<Recv<unknown>> | null;
  #stash: Ring<Recv<unknown>> | null = null;
  #closed = false;
  readonly #step = (): Recv<unknown> | Promise<Recv<unknown>> => {
    const stash = this.#stash;
    if (stash !== null && stash.length !== 0) return stash.shift();
    if (this.#closed) return CLOSED;
    const p = new Promise<Recv<unknown>>(capture);
    this.#armed = armed;
    return p;
  };

  /** Starts a run from a parked receiver (`resolve`, awaiting `first`) and the receiver parking behind it. */
  constructor(resolve: Resolve<Recv<unknown>>, first: Promise<Recv<unknown>>) {
    super();
    this.#armed = resolve;
    this.tail = first.then(this.#step);
  }

  /** Adds a receiver at the end of the run; returns the promise it awaits. */
  append(): Promise<Recv<unknown>> {
    this.waiting++;
    return (this.tail = this.tail.then(this.#step));
  }

  /** Assigns a value to the first unassigned receiver (ok), or closes the run (ok=false): every unassigned receiver gets CLOSED. */
  complete(ok: boolean, value: unknown): void {
    if (!ok) {
      this.waiting = 0;
      this.#closed = true;
      this.#settle(CLOSED);
      return;
    }
    this.waiting--;
    this.#settle({ ok: true, value });
  }

  #settle(r: Recv<unknown>): void {
    const armed = this.#armed;
    if (armed !== null) {
      this.#armed = null;
      wake(armed, r);
    } else if (r.ok) (this.#stash ??= new Ring<Recv<unknown>>()).push(r);
  }

  /** Receives never fail; a closed channel completes them with ok=false. */
  fail(): void {
    this.complete(false, undefined);
  }
}
