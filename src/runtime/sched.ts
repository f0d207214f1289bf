/**
 * Cooperative preemption. JavaScript never preempts a task, so a chain of
 * synchronous hand-offs (each resuming the next through the microtask queue)
 * would starve timers and I/O forever. Every hand-off spends one unit of
 * budget; when the budget runs out the gate closes until the next macrotask:
 * while it is closed, every completed fast path and every wake-up of a parked
 * waiter is deferred, in FIFO order, to that macrotask. Go preempts a
 * goroutine after 10ms; we yield after PREEMPT_EVERY hand-offs.
 */
import { Ring } from "./ring.ts";

/** Synchronous hand-offs allowed between two yields to the macrotask queue. */
export const PREEMPT_EVERY = 4096;

/** A settled promise shared by every fast path that has nothing to return. */
export const RESOLVED: Promise<void> = Promise.resolve();

type Resolve = (v: any) => void;

let budget = PREEMPT_EVERY;
let gated = false;
// Parallel FIFOs: deferredFns[i] settles with deferredVals[i] when the gate opens.
const deferredFns = new Ring<Resolve>(64);
const deferredVals = new Ring<unknown>(64);

const defer: (fn: () => void) => void =
  typeof setImmediate === "function" ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);

function close(): void {
  gated = true;
  defer(open);
}

function open(): void {
  gated = false;
  budget = PREEMPT_EVERY;
  // Settling only queues microtasks, so nothing is deferred while this runs.
  for (let n = deferredFns.length; n > 0; n--) deferredFns.shift()(deferredVals.shift());
}

let captured: Resolve = () => {};
function capture(resolve: Resolve): void {
  captured = resolve;
}

function later<T>(v: T): Promise<T> {
  const p = new Promise<T>(capture);
  deferredFns.push(captured);
  deferredVals.push(v);
  return p;
}

/** Spends one unit of budget; returns the promise a completed fast path hands back. */
export function handoff(): Promise<void> {
  if (!gated) {
    if (--budget > 0) return RESOLVED;
    close();
  }
  return later<void>(undefined);
}

/** Like {@link handoff} but settles with `v`. */
export function handoffValue<T>(v: T): Promise<T> {
  if (!gated) {
    if (--budget > 0) return Promise.resolve(v);
    close();
  }
  return later(v);
}

/** Settles a parked waiter with `v`, now or, while the gate is closed, when it opens. */
export function wake<T>(resolve: (v: T) => void, v: T): void {
  if (gated) {
    deferredFns.push(resolve);
    deferredVals.push(v);
  } else resolve(v);
}

/** Spends one unit of budget for a synchronous operation, which cannot itself yield. */
export function spend(): void {
  if (!gated && --budget <= 0) close();
}

/** Yields to the macrotask queue so timers and I/O run (Go's `runtime.Gosched`). */
export function gosched(): Promise<void> {
  if (!gated) close();
  return later<void>(undefined);
}
