/**
 * Cooperative preemption. JavaScript never preempts a task, so a chain of
 * synchronous hand-offs (each resuming the next through the microtask queue)
 * would starve timers and I/O forever. Every hand-off spends one unit of
 * budget; each time PREEMPT_EVERY units are spent the time slice is checked,
 * and once it has run PREEMPT_SLICE_MS the gate closes until the next
 * macrotask: while it is closed, every completed fast path and every wake-up
 * of a parked waiter is deferred, in FIFO order, to that macrotask. Go's
 * sysmon preempts a goroutine after 10ms; we yield after PREEMPT_SLICE_MS of
 * hand-offs without a macrotask turn.
 */
import { Ring } from "./ring.ts";

/** Synchronous hand-offs between two checks of the time slice. */
export const PREEMPT_EVERY = 1024;

/** Milliseconds of synchronous hand-offs after which the runtime yields to the macrotask queue. */
export const PREEMPT_SLICE_MS = 2;

/** A settled promise shared by every fast path that has nothing to return. */
export const RESOLVED: Promise<void> = Promise.resolve();

type Resolve = (v: any) => void;

let budget = PREEMPT_EVERY;
let gated = false;
let now: () => number = () => performance.now();
/** When the current slice began: the last time the gate opened (0 = never, so the first check yields). */
let sliceStart = 0;
// Parallel FIFOs: deferredFns[i] settles with deferredVals[i] when the gate opens.
const deferredFns = new Ring<Resolve>(64);
const deferredVals = new Ring<unknown>(64);

const defer: (fn: () => void) => void =
  typeof setImmediate === "function" ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);

function close(): void {
  gated = true;
  defer(open);
}

/** Refills the budget; closes the gate and returns true once the slice has run out. */
function expire(): boolean {
  budget = PREEMPT_EVERY;
  if (now() - sliceStart < PREEMPT_SLICE_MS) return false;
  close();
  return true;
}

/** Replaces the time source of the preemption slice (tests); returns the previous one. */
export function setSliceClock(fn: () => number): () => number {
  const prev = now;
  now = fn;
  sliceStart = 0;
  return prev;
}

function open(): void {
  gated = false;
  budget = PREEMPT_EVERY;
  sliceStart = now();
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
  if (!gated && (--budget > 0 || !expire())) return RESOLVED;
  return later<void>(undefined);
}

/** Like {@link handoff} but settles with `v`. */
export function handoffValue<T>(v: T): Promise<T> {
  if (!gated && (--budget > 0 || !expire())) return Promise.resolve(v);
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
  if (!gated && --budget <= 0) expire();
}

/** Yields to the macrotask queue so timers and I/O run (Go's `runtime.Gosched`). */
export function gosched(): Promise<void> {
  if (!gated) close();
  return later<void>(undefined);
}
