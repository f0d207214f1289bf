import { Channel } from "./channel.ts";
import { type Clock, realClock } from "./clock.ts";
import type { Context } from "./context.ts";
import { InvalidArgumentError } from "./errors.ts";
import { go } from "./go.ts";

/** Options of the timer functions. */
export interface TimerOptions {
  /** Clock the duration is measured on; defaults to realClock. */
  clock?: Clock;
}

/** Options of {@link sleep}. */
export interface SleepOptions extends TimerOptions {
  /** Aborting ends the sleep early, rejecting with `signal.reason`. */
  signal?: AbortSignal;
  /** Cancelling ends the sleep early, rejecting with `ctx.err()`. */
  ctx?: Context;
}

/**
 * Resolves after `ms` milliseconds; rejects early if the signal aborts or the
 * context is cancelled, clearing its timer and listener either way.
 * @example
 * await sleep(100, { ctx });
 */
export function sleep(ms: number, opts?: SleepOptions): Promise<void> {
  const clock = opts?.clock ?? realClock;
  const signal = opts?.signal ?? opts?.ctx?.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal!.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A single event (Go's `time.Timer`): after `ms`, the current time is sent on `c`
 * (capacity 1), or, for {@link afterFunc}, a function runs as a task. Stop and
 * reset discard a value not yet received, so no stale tick is ever read.
 */
export class Timer {
  /** Receives the clock time when the timer fires. */
  readonly c: Channel<number> = new Channel<number>(1);
  readonly #clock: Clock;
  readonly #fn: (() => unknown) | undefined;
  #handle: unknown = undefined;
  #armed = false;

  constructor(ms: number, opts?: TimerOptions & { fn?: () => unknown }) {
    this.#clock = opts?.clock ?? realClock;
    this.#fn = opts?.fn;
    this.#arm(ms);
  }

  /** Prevents the timer from firing; true if it was armed. */
  stop(): boolean {
    const was = this.#armed;
    if (was) this.#clock.clearTimeout(this.#handle);
    this.#armed = false;
    this.c.tryRecv();
    return was;
  }

  /** Re-arms the timer to fire after `ms`; true if it was armed. */
  reset(ms: number): boolean {
    const was = this.stop();
    this.#arm(ms);
    return was;
  }

  #arm(ms: number): void {
    this.#armed = true;
    this.#handle = this.#clock.setTimeout(() => {
      this.#armed = false;
      if (this.#fn !== undefined) go(this.#fn, "afterFunc");
      else this.c.trySend(this.#clock.now());
    }, ms);
  }
}

/** A channel that receives the clock time once, `ms` from now (Go's `time.After`); prefer a Timer if you may stop waiting. */
export function after(ms: number, opts?: TimerOptions): Channel<number> {
  return new Timer(ms, opts).c;
}

/** Runs `fn` as a task after `ms` (Go's `time.AfterFunc`); `stop()` on the result cancels it. */
export function afterFunc(ms: number, fn: () => unknown, opts?: TimerOptions): Timer {
  return new Timer(ms, { ...opts, fn });
}

/**
 * Sends the clock time on `c` every `ms` (Go's `time.Ticker`). `c` has
 * capacity 1: ticks a slow receiver misses are dropped, not queued. Stop it to
 * release its timer.
 * @example
 * const t = new Ticker(1000);
 * for await (const now of t.c) report(now);
 */
export class Ticker {
  /** Receives the clock time of each tick. */
  readonly c: Channel<number> = new Channel<number>(1);
  readonly #clock: Clock;
  #ms: number;
  #due = 0;
  #handle: unknown = undefined;
  #running = false;

  constructor(ms: number, opts?: TimerOptions) {
    this.#clock = opts?.clock ?? realClock;
    this.#ms = positive(ms);
    this.#start();
  }

  /** Stops the ticks; a tick not yet received is discarded. */
  stop(): void {
    if (this.#running) this.#clock.clearTimeout(this.#handle);
    this.#running = false;
    this.c.tryRecv();
  }

  /** Stops the ticker and restarts it with period `ms`. */
  reset(ms: number): void {
    this.#ms = positive(ms);
    this.stop();
    this.#start();
  }

  #start(): void {
    this.#running = true;
    this.#due = this.#clock.now() + this.#ms;
    this.#schedule();
  }

  #schedule(): void {
    this.#handle = this.#clock.setTimeout(() => this.#tick(), this.#due - this.#clock.now());
  }

  #tick(): void {
    if (!this.#running) return;
    const now = this.#clock.now();
    this.c.trySend(now);
    this.#due += this.#ms;
    if (this.#due <= now) this.#due = now + this.#ms;
    this.#schedule();
  }
}

/** A new {@link Ticker} with period `ms`. */
export function ticker(ms: number, opts?: TimerOptions): Ticker {
  return new Ticker(ms, opts);
}

function positive(ms: number): number {
  if (!(ms > 0)) throw new InvalidArgumentError(`time: non-positive interval ${ms} for ticker`);
  return ms;
}
