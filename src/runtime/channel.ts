import { ChannelClosedError, InvalidArgumentError } from "./errors.ts";
import { RecvRun } from "./recv-run.ts";
import { Ring } from "./ring.ts";
import { handoff, handoffValue, spend, wake } from "./sched.ts";
import { CLOSED, DONE, installChannelInternals, IterWaiter, RecvWaiter, SendWaiter, type Waiter } from "./waiter.ts";

/** The result of a receive: `v, ok := <-ch`. `ok` is false once the channel is closed and drained. */
export type Recv<T> = { ok: true; value: T } | { ok: false };

/** Options of a blocking channel operation. */
export interface ChannelOpOptions {
  /** Aborting withdraws the pending operation and rejects with `signal.reason`. */
  signal?: AbortSignal;
}

type Resolve<T> = (v: T) => void;
type Reject = (e: unknown) => void;

const DONE_P: Promise<IteratorReturnResult<undefined>> = Promise.resolve(DONE);

// A plain parked receive or send is just its promise's resolve function, so a
// parked task costs no more than the promise it awaits; past RUN_AFTER queued
// entries, plain receives share one RecvRun entry.
type RecvEntry = Resolve<Recv<unknown>> | Waiter;
type SendEntry = Resolve<void> | Waiter;

/** Poll outcomes; module-private, so they cannot collide with any user value. */
const EMPTY: unique symbol = Symbol("empty");
const DRAINED: unique symbol = Symbol("drained");
type Polled<T> = T | typeof EMPTY | typeof DRAINED;

// A shared executor captures a new promise's resolving functions without
// allocating a closure per promise.
let execResolve: Resolve<any> = () => {};
let execReject: Reject = () => {};
function capture(resolve: Resolve<any>, reject: Reject): void {
  execResolve = resolve;
  execReject = reject;
}

/**
 * Plain parked receives beyond this many queued entries share a RecvRun: about
 * 60 bytes each instead of about 90 (a promise and its linked resolve/reject
 * functions), but waking one through the run costs two extra
 * microtasks and a promise adoption (a 1,000-worker pool ran 33% slower with
 * runs), so only queues far longer than worker pools use them.
 */
export const RUN_AFTER = 4096;

/** A queue is compacted once it holds at least this many dead entries and they are the majority. */
const COMPACT_MIN = 32;

/**
 * A Go channel: a typed FIFO conduit between tasks. Capacity 0 is a rendezvous
 * (a send completes only when a receiver takes the value); capacity n buffers
 * up to n values. Invariants: receivers are parked only while the buffer is
 * empty and senders only while it is full; both queues are FIFO.
 *
 * `await` always yields, so where a send or receive can usually complete at
 * once, `ch.trySend(v) || await ch.send(v)` and `ch.tryRecv() ?? await ch.recv()`
 * skip the scheduler the way Go's `ch <- v` does.
 * @example
 * const ch = new Channel<number>(1);
 * await ch.send(42);
 * const r = await ch.recv(); // { ok: true, value: 42 }
 */
export class Channel<T> implements AsyncIterable<T> {
  readonly #cap: number;
  readonly #buf: Ring<T> | null;
  #recvq = new Ring<RecvEntry>();
  /** Two slots per parked send: its SendEntry, then the value it offers. */
  #sendq = new Ring<unknown>();
  #recvDead = 0;
  #sendDead = 0;
  #closed = false;
  /** The promise of the last queued entry when that entry is a plain parked receive. */
  #lastPlain: Promise<Recv<T>> | null = null;

  constructor(capacity = 0) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new InvalidArgumentError(`channel: invalid capacity ${capacity}`);
    }
    this.#cap = capacity;
    this.#buf = capacity > 0 ? new Ring<T>(Math.min(capacity, 64)) : null;
  }

  /** Number of buffered values. */
  get len(): number {
    return this.#buf === null ? 0 : this.#buf.length;
  }

  /** Buffer capacity; 0 for an unbuffered channel. */
  get cap(): number {
    return this.#cap;
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends `v`, waiting for buffer space or a receiver; rejects with ChannelClosedError if the channel is or becomes closed. */
  send(v: T, opts?: ChannelOpOptions): Promise<void> {
    // Fast path, flattened (12% more buffered msgs/s in JSC): room in the buffer and nobody parked.
    const buf = this.#buf;
    if (buf !== null && opts === undefined && buf.length < this.#cap && this.#recvq.length === 0 && !this.#closed) {
      buf.push(v);
      return handoff();
    }
    const signal = opts?.signal;
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    if (this.#closed) return Promise.reject(new ChannelClosedError());
    if (this.#offer(v)) return handoff();
    const p = new Promise<void>(capture);
    this.#sendq.push(signal === undefined ? execResolve : new SendWaiter(execResolve, execReject, this, signal));
    this.#sendq.push(v);
    return p;
  }

  /** Receives the next value, waiting if none is ready; `{ ok: false }` once closed and drained. */
  recv(opts?: ChannelOpOptions): Promise<Recv<T>> {
    // Fast path, flattened: a buffered value and no parked sender to refill the buffer from.
    const buf = this.#buf;
    if (buf !== null && opts === undefined && buf.length !== 0 && this.#sendq.length === 0) {
      return handoffValue<Recv<T>>({ ok: true, value: buf.shift() });
    }
    const signal = opts?.signal;
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    const v = this.#poll();
    if (v === EMPTY) {
      if (signal === undefined) return this.#parkRecv();
      const p = new Promise<Recv<T>>(capture);
      this.#recvq.push(new RecvWaiter(execResolve, execReject, this, signal));
      return p;
    }
    return handoffValue<Recv<T>>(v === DRAINED ? CLOSED : { ok: true, value: v });
  }

  /** Sends without waiting; false if it would block. Throws ChannelClosedError on a closed channel. */
  trySend(v: T): boolean {
    if (this.#closed) throw new ChannelClosedError();
    if (!this.#offer(v)) return false;
    spend();
    return true;
  }

  /** Receives without waiting; `undefined` if it would block. */
  tryRecv(): Recv<T> | undefined {
    const v = this.#poll();
    if (v === EMPTY) return undefined;
    if (v === DRAINED) return CLOSED;
    spend();
    return { ok: true, value: v };
  }

  /** Closes the channel: parked receivers get `{ ok: false }`, parked senders reject; closing twice throws. */
  close(): void {
    if (this.#closed) throw new ChannelClosedError("close of closed channel");
    this.#closed = true;
    for (let r = this.#popRecv(); r !== undefined; r = this.#popRecv()) {
      if (typeof r === "function") wake(r, CLOSED);
      else r.complete(false, undefined);
    }
    for (let s = this.#popSend(); s !== undefined; s = this.#popSend()) {
      this.#sendq.shift();
      const err = new ChannelClosedError();
      if (typeof s === "function") s(Promise.reject(err) as never);
      else s.fail(err);
    }
  }

  /** Iterates received values until the channel is closed and drained. */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return {
      next: (): Promise<IteratorResult<T, undefined>> => this.#next(),
      return: (): Promise<IteratorResult<T, undefined>> => DONE_P,
    };
  }

  #next(): Promise<IteratorResult<T, undefined>> {
    const buf = this.#buf;
    if (buf !== null && buf.length !== 0 && this.#sendq.length === 0) {
      return handoffValue<IteratorResult<T, undefined>>({ done: false, value: buf.shift() });
    }
    const v = this.#poll();
    if (v === EMPTY) {
      const p = new Promise<IteratorResult<T, undefined>>(capture);
      this.#recvq.push(new IterWaiter(execResolve));
      return p;
    }
    return handoffValue<IteratorResult<T, undefined>>(v === DRAINED ? DONE : { done: false, value: v });
  }

  /** Parks a plain receive: on its own, or in the run of plain receives at the tail of a long queue. */
  #parkRecv(): Promise<Recv<T>> {
    const q = this.#recvq;
    if (q.length >= RUN_AFTER) {
      const last = q.at(q.length - 1);
      if (last instanceof RecvRun) return last.append() as Promise<Recv<T>>;
      if (typeof last === "function" && this.#lastPlain !== null) {
        const run = new RecvRun(last, this.#lastPlain as Promise<Recv<unknown>>);
        q.replaceLast(run);
        this.#lastPlain = null;
        return run.tail as Promise<Recv<T>>;
      }
    }
    // A promise with a captured executor costs less than half of Promise.withResolvers() in JSC.
    const p = new Promise<Recv<T>>(capture);
    q.push(execResolve);
    this.#lastPlain = p;
    return p;
  }

  /** Takes a value if one is ready: from the buffer (refilled from a parked sender) or from a parked sender. */
  #poll(): Polled<T> {
    const buf = this.#buf;
    if (buf !== null && buf.length !== 0) {
      const v = buf.shift();
      const s = this.#popSend();
      if (s !== undefined) {
        buf.push(this.#sendq.shift() as T);
        if (typeof s === "function") wake(s, undefined);
        else s.complete(true, undefined);
      }
      return v;
    }
    const s = this.#popSend();
    if (s === undefined) return this.#closed ? DRAINED : EMPTY;
    const v = this.#sendq.shift() as T;
    if (typeof s === "function") wake(s, undefined);
    else s.complete(true, undefined);
    return v;
  }

  /** Delivers `v` to a parked receiver or the buffer; false if it would block. The channel must be open. */
  #offer(v: T): boolean {
    const r = this.#popRecv();
    if (r !== undefined) {
      if (typeof r === "function") wake(r, { ok: true, value: v });
      else r.complete(true, v);
      return true;
    }
    const buf = this.#buf;
    if (buf !== null && buf.length < this.#cap) {
      buf.push(v);
      return true;
    }
    return false;
  }

  /** Returns the first live parked receive, unlinked unless it is a run with more than one receiver left. */
  #popRecv(): RecvEntry | undefined {
    const q = this.#recvq;
    while (q.length !== 0) {
      const w = q.peek();
      if (typeof w !== "function" && w instanceof RecvRun && w.waiting > 1) return w;
      q.shift();
      if (q.length === 0) this.#lastPlain = null;
      if (typeof w === "function") return w;
      if (w instanceof RecvRun) {
        if (w.waiting !== 0) return w;
      } else if (!w.dead) return w;
      else this.#recvDead--;
    }
    return undefined;
  }

  /** Unlinks the first live parked send and returns its entry; its value is then at the head of `#sendq`. */
  #popSend(): SendEntry | undefined {
    const q = this.#sendq;
    while (q.length !== 0) {
      const w = q.shift() as SendEntry;
      if (typeof w === "function" || !w.dead) return w;
      q.shift();
      this.#sendDead--;
    }
    return undefined;
  }

  #hasRecv(): boolean {
    const q = this.#recvq;
    while (q.length !== 0) {
      const w = q.peek();
      if (typeof w === "function" || !w.dead) return true;
      q.shift();
      this.#recvDead--;
    }
    return false;
  }

  #hasSend(): boolean {
    const q = this.#sendq;
    while (q.length !== 0) {
      const w = q.peek() as SendEntry;
      if (typeof w === "function" || !w.dead) return true;
      q.shift();
      q.shift();
      this.#sendDead--;
    }
    return false;
  }

  /** Marks a queued waiter dead; rebuilds the queue once most of it is dead. */
  #cancel(w: Waiter, isSend: boolean): void {
    if (w.dead) return;
    w.dead = true;
    if (isSend) {
      if (++this.#sendDead >= COMPACT_MIN && this.#sendDead * 4 > this.#sendq.length) {
        const old = this.#sendq;
        const q = new Ring<unknown>(old.length);
        for (let i = 0; i < old.length; i += 2) {
          if (isLive(old.at(i) as SendEntry)) {
            q.push(old.at(i));
            q.push(old.at(i + 1));
          }
        }
        this.#sendq = q;
        this.#sendDead = 0;
      }
    } else if (++this.#recvDead >= COMPACT_MIN && this.#recvDead * 2 > this.#recvq.length) {
      this.#recvq.retain(isLive);
      this.#recvDead = 0;
    }
  }

  static {
    installChannelInternals({
      canRecv: (ch) => (ch.#buf !== null && ch.#buf.length !== 0) || ch.#closed || ch.#hasSend(),
      canSend: (ch) => ch.#closed || ch.#hasRecv() || (ch.#buf !== null && ch.#buf.length < ch.#cap),
      poll: (ch) => {
        const v = ch.#poll();
        if (v === EMPTY) return undefined;
        spend();
        return v === DRAINED ? CLOSED : { ok: true, value: v };
      },
      offer: (ch, v) => {
        if (ch.#closed) throw new ChannelClosedError();
        const done = ch.#offer(v);
        if (done) spend();
        return done;
      },
      parkRecv: (ch, w) => ch.#recvq.push(w),
      parkSend: (ch, w, v) => {
        ch.#sendq.push(w);
        ch.#sendq.push(v);
      },
      cancel: (ch, w, isSend) => ch.#cancel(w, isSend),
    });
  }
}

function isLive(w: RecvEntry | SendEntry): boolean {
  return typeof w === "function" || !w.dead;
}
