import type { Channel, Recv } from "./channel.ts";
import { chan, Waiter } from "./waiter.ts";
import { type Clock, realClock } from "./clock.ts";
import type { Context } from "./context.ts";
import { ChannelClosedError } from "./errors.ts";
import { handoffValue, wake } from "./sched.ts";

const RECV = 0;
const SEND = 1;
const TIMEOUT = 2;

/** One arm of a {@link select}; build it with onRecv, onSend, onDone or onTimeout. */
export type SelectCase<R> =
  | { readonly kind: typeof RECV; readonly ch: Channel<any>; readonly fn: (r: Recv<any>) => R }
  | { readonly kind: typeof SEND; readonly ch: Channel<any>; readonly value: unknown; readonly fn: () => R }
  | { readonly kind: typeof TIMEOUT; readonly ms: number; readonly clock: Clock; readonly fn: () => R };

/** The union of what a list of cases' handlers return. */
export type SelectResult<C extends readonly SelectCase<unknown>[]> = C[number] extends infer K ? (K extends SelectCase<infer R> ? R : never) : never;

/** Options of {@link select}. */
export interface SelectOptions<R = never> {
  /** Runs when no case is ready, making the select non-blocking. */
  default?: () => R;
  /** Aborting a blocked select withdraws every case and rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Source of uniform numbers in [0, 1) choosing among ready cases; defaults to Math.random. */
  random?: () => number;
}

/** Options of {@link onTimeout}. */
export interface TimeoutOptions {
  /** Clock measuring the timeout; defaults to realClock. */
  clock?: Clock;
}

/** A case receiving from `ch`: `case v, ok := <-ch`. */
export function onRecv<T, R>(ch: Channel<T>, fn: (r: Recv<T>) => R): SelectCase<R> {
  return { kind: RECV, ch, fn };
}

/** A case sending `value` on `ch`: `case ch <- v`. Choosing it on a closed channel rejects the select. */
export function onSend<T, R>(ch: Channel<T>, value: T, fn: () => R): SelectCase<R> {
  return { kind: SEND, ch, value, fn };
}

/** A case firing when `ctx` is cancelled: `case <-ctx.Done()`; `fn` receives `ctx.err()`. */
export function onDone<R>(ctx: Context, fn: (err: Error) => R): SelectCase<R> {
  return { kind: RECV, ch: ctx.done(), fn: () => fn(ctx.err() as Error) };
}

/** A case firing `ms` after the select blocks: `case <-time.After(d)`; its timer is cleared when another case wins. */
export function onTimeout<R>(ms: number, fn: () => R, opts?: TimeoutOptions): SelectCase<R> {
  return { kind: TIMEOUT, ms, clock: opts?.clock ?? realClock, fn };
}

/**
 * Waits until one case can proceed and runs it (Go's `select`). Among ready
 * cases one is chosen uniformly at random; with `default`, never blocks.
 * Otherwise it parks on every case, the first to become ready wins, and the
 * others are withdrawn: no value is taken from, or given to, a losing case.
 * @example
 * const out = await select([
 *   onRecv(jobs, (r) => (r.ok ? handle(r.value) : "closed")),
 *   onDone(ctx, (err) => { throw err; }),
 * ]);
 */
export function select<const C extends readonly SelectCase<unknown>[], D = never>(
  cases: C,
  opts?: SelectOptions<D>,
): Promise<Awaited<SelectResult<C> | D>> {
  type R = SelectResult<C> | D;
  const signal = opts?.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  try {
    let ready = 0;
    for (const c of cases) if (isReady(c)) ready++;
    if (ready > 0) {
      let k = Math.min(Math.floor((opts?.random ?? Math.random)() * ready), ready - 1);
      for (const c of cases) {
        if (!isReady(c) || k-- > 0) continue;
        if (c.kind === RECV) return handoffValue(c.fn(chan.poll(c.ch)!)) as Promise<Awaited<R>>;
        chan.offer((c as { ch: Channel<unknown> }).ch, (c as { value: unknown }).value);
        return handoffValue(c.fn()) as Promise<Awaited<R>>;
      }
    }
    if (opts?.default !== undefined) return Promise.resolve(opts.default()) as Promise<Awaited<R>>;
  } catch (e) {
    return Promise.reject(e);
  }
  const op = new SelectOp(cases, signal);
  return op.promise.then(([i, r]) => cases[i]!.fn(r as Recv<unknown>)) as Promise<Awaited<R>>;
}

function isReady(c: SelectCase<unknown>): boolean {
  if (c.kind === RECV) return chan.canRecv(c.ch);
  if (c.kind === SEND) return chan.canSend(c.ch);
  return false;
}

/**
 * A blocked select: one waiter per channel case, one timer per timeout case.
 * Invariant: once `done`, every registration but the winner's is withdrawn.
 */
class SelectOp {
  done = false;
  readonly promise: Promise<[number, Recv<unknown> | undefined]>;
  #resolve!: (v: [number, Recv<unknown> | undefined]) => void;
  #reject!: (e: unknown) => void;
  readonly #waiters: (SelectWaiter | undefined)[] = [];
  readonly #timers: { clock: Clock; handle: unknown }[] = [];
  readonly #signal: AbortSignal | undefined;

  constructor(cases: readonly SelectCase<unknown>[], signal: AbortSignal | undefined) {
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#signal = signal;
    cases.forEach((c, i) => {
      if (c.kind === TIMEOUT) {
        this.#timers.push({ clock: c.clock, handle: c.clock.setTimeout(() => this.win(i, undefined), c.ms) });
        return;
      }
      const w = new SelectWaiter(this, i, c.ch, c.kind === SEND);
      this.#waiters[i] = w;
      if (c.kind === SEND) chan.parkSend(c.ch, w, c.value);
      else chan.parkRecv(c.ch, w);
    });
    signal?.addEventListener("abort", this);
  }

  win(index: number, r: Recv<unknown> | undefined): void {
    if (this.#finish(index)) wake(this.#resolve, [index, r]);
  }

  fail(index: number, err: unknown): void {
    if (this.#finish(index)) this.#reject(err);
  }

  handleEvent(): void {
    if (this.#finish(-1)) this.#reject(this.#signal!.reason);
  }

  #finish(winner: number): boolean {
    if (this.done) return false;
    this.done = true;
    this.#waiters.forEach((w, i) => {
      if (w !== undefined && i !== winner) chan.cancel(w.ch, w, w.isSend);
    });
    for (const t of this.#timers) t.clock.clearTimeout(t.handle);
    this.#signal?.removeEventListener("abort", this);
    return true;
  }
}

/** A select's registration in one channel queue. */
class SelectWaiter extends Waiter {
  constructor(
    readonly op: SelectOp,
    readonly index: number,
    readonly ch: Channel<unknown>,
    readonly isSend: boolean,
  ) {
    super();
  }
  complete(ok: boolean, value: unknown): void {
    this.op.win(this.index, this.isSend ? undefined : ok ? { ok: true, value } : { ok: false });
  }
  fail(err: Error): void {
    this.op.fail(this.index, err instanceof ChannelClosedError ? err : new ChannelClosedError());
  }
}
