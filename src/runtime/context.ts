import { Channel } from "./channel.ts";
import { type Clock, realClock } from "./clock.ts";
import { Canceled, DeadlineExceeded } from "./errors.ts";

/**
 * Carries cancellation, a deadline and request-scoped values across API
 * boundaries (Go's `context.Context`). `signal` is an AbortSignal aborted with
 * `err()` when the context is cancelled, so fetch, sockets and timers stop with it.
 */
export interface Context {
  /** Aborted, with reason `err()`, when the context is cancelled. */
  readonly signal: AbortSignal;
  /** A channel closed when the context is cancelled. */
  done(): Channel<void>;
  /** `undefined` while live; then `Canceled` or `DeadlineExceeded`. */
  err(): Error | undefined;
  /** The cause given to cancel (Go's `context.Cause`), else `err()`. */
  cause(): unknown;
  /** The time (per the context's clock, ms) at which the context is cancelled, if any. */
  deadline(): number | undefined;
  /** The value stored under `key` by the nearest `withValue`. */
  value<T = unknown>(key: unknown): T | undefined;
}

/** Cancels a context and its descendants and releases its resources; later calls do nothing. */
export type CancelFunc = (cause?: unknown) => void;

/** Options of {@link withTimeout} and {@link withDeadline}. */
export interface DeadlineOptions {
  /** Clock the deadline is measured on; defaults to realClock. */
  clock?: Clock;
}

const never = new AbortController().signal;
let neverDone: Channel<void> | undefined;

class BackgroundContext implements Context {
  get signal(): AbortSignal {
    return never;
  }
  done(): Channel<void> {
    return (neverDone ??= new Channel<void>());
  }
  err(): undefined {
    return undefined;
  }
  cause(): undefined {
    return undefined;
  }
  deadline(): undefined {
    return undefined;
  }
  value(): undefined {
    return undefined;
  }
}

const bg = new BackgroundContext();

/** The root context: never cancelled, no deadline, no values. */
export function background(): Context {
  return bg;
}

/**
 * A cancellable context. Invariants: registered in its nearest cancellable
 * ancestor's `#children` exactly while both are live; once cancelled, its
 * done channel is closed, its signal aborted, its timer cleared and its
 * children cancelled.
 */
class CancelContext implements Context {
  readonly #parent: Context;
  readonly #deadline: number | undefined;
  #err: Error | undefined;
  #cause: unknown;
  #done: Channel<void> | null = null;
  #ctrl: AbortController | null = null;
  #children: Set<CancelContext> | null = null;
  #timer: { clock: Clock; handle: unknown } | null = null;
  #detach: (() => void) | null = null;

  constructor(parent: Context, deadline?: number) {
    this.#parent = parent;
    this.#deadline = deadline;
    const p = cancellable(parent);
    if (p === undefined) return;
    if (p.#err !== undefined) {
      this.cancel(p.#err, p.#cause);
      return;
    }
    (p.#children ??= new Set()).add(this);
  }

  get signal(): AbortSignal {
    if (this.#ctrl === null) {
      this.#ctrl = new AbortController();
      if (this.#err !== undefined) this.#ctrl.abort(this.#err);
    }
    return this.#ctrl.signal;
  }

  done(): Channel<void> {
    if (this.#done === null) {
      this.#done = new Channel<void>();
      if (this.#err !== undefined) this.#done.close();
    }
    return this.#done;
  }

  err(): Error | undefined {
    return this.#err;
  }

  cause(): unknown {
    return this.#err === undefined ? undefined : (this.#cause ?? this.#err);
  }

  deadline(): number | undefined {
    return this.#deadline ?? this.#parent.deadline();
  }

  value<T>(key: unknown): T | undefined {
    return this.#parent.value<T>(key);
  }

  /** Arms the deadline timer; the context must be live. */
  arm(clock: Clock, ms: number): void {
    this.#timer = { clock, handle: clock.setTimeout(() => this.cancel(DeadlineExceeded), ms) };
  }

  /** Runs `detach` when this context is cancelled (e.g. to remove a listener it added). */
  onCancel(detach: () => void): void {
    this.#detach = detach;
  }

  cancel(err: Error, cause?: unknown): void {
    if (this.#err !== undefined) return;
    this.#err = err;
    this.#cause = cause;
    if (this.#timer !== null) {
      this.#timer.clock.clearTimeout(this.#timer.handle);
      this.#timer = null;
    }
    const detach = this.#detach;
    this.#detach = null;
    detach?.();
    const p = cancellable(this.#parent);
    if (p !== undefined) p.#children?.delete(this);
    this.#done?.close();
    this.#ctrl?.abort(err);
    const children = this.#children;
    this.#children = null;
    if (children !== null) for (const c of children) c.cancel(err, cause);
  }

  /** Live descendants registered directly with this context (for leak tests). */
  get childCount(): number {
    return this.#children?.size ?? 0;
  }

  static isCancellable(ctx: Context): ctx is CancelContext {
    return #err in ctx;
  }
}

class ValueContext implements Context {
  constructor(
    readonly parent: Context,
    readonly key: unknown,
    readonly val: unknown,
  ) {}
  get signal(): AbortSignal {
    return this.parent.signal;
  }
  done(): Channel<void> {
    return this.parent.done();
  }
  err(): Error | undefined {
    return this.parent.err();
  }
  cause(): unknown {
    return this.parent.cause();
  }
  deadline(): number | undefined {
    return this.parent.deadline();
  }
  value<T>(key: unknown): T | undefined {
    return key === this.key ? (this.val as T) : this.parent.value<T>(key);
  }
}

/** The nearest cancellable ancestor-or-self of `ctx`. */
function cancellable(ctx: Context): CancelContext | undefined {
  while (ctx instanceof ValueContext) ctx = ctx.parent;
  return CancelContext.isCancellable(ctx) ? ctx : undefined;
}

/** Number of live child contexts registered with `ctx` (0 for non-cancellable contexts); for leak checks. */
export function childCount(ctx: Context): number {
  return cancellable(ctx)?.childCount ?? 0;
}

function cancelFunc(ctx: CancelContext): CancelFunc {
  return (cause) => ctx.cancel(Canceled, cause);
}

/**
 * A child of `parent` cancelled when `cancel` is called or `parent` is.
 * @example
 * const [ctx, cancel] = withCancel(background());
 * try { await work(ctx); } finally { cancel(); }
 */
export function withCancel(parent: Context): [Context, CancelFunc] {
  const ctx = new CancelContext(parent);
  return [ctx, cancelFunc(ctx)];
}

/**
 * A child of `parent` cancelled with `DeadlineExceeded` at time `deadline` (ms on the clock, or a Date).
 * The timer is cleared when the context is cancelled earlier, so nothing keeps the process alive.
 */
export function withDeadline(parent: Context, deadline: number | Date, opts?: DeadlineOptions): [Context, CancelFunc] {
  const clock = opts?.clock ?? realClock;
  const at = typeof deadline === "number" ? deadline : deadline.getTime();
  const pd = parent.deadline();
  if (pd !== undefined && pd <= at) return withCancel(parent);
  const ctx = new CancelContext(parent, at);
  if (ctx.err() === undefined) {
    const ms = at - clock.now();
    if (ms <= 0) ctx.cancel(DeadlineExceeded);
    else ctx.arm(clock, ms);
  }
  return [ctx, cancelFunc(ctx)];
}

/**
 * A child of `parent` cancelled with `DeadlineExceeded` after `ms` milliseconds.
 * @example
 * const [ctx, cancel] = withTimeout(parent, 5_000);
 * try { return await fetch(url, { signal: ctx.signal }); } finally { cancel(); }
 */
export function withTimeout(parent: Context, ms: number, opts?: DeadlineOptions): [Context, CancelFunc] {
  const clock = opts?.clock ?? realClock;
  return withDeadline(parent, clock.now() + ms, { clock });
}

/** A child of `parent` carrying `value` under `key` (compare keys by identity; prefer a Symbol). */
export function withValue(parent: Context, key: unknown, value: unknown): Context {
  return new ValueContext(parent, key, value);
}

/**
 * A context cancelled when `signal` aborts (cause `signal.reason`; err `DeadlineExceeded`
 * for a TimeoutError, else `Canceled`) or when `parent` is. Its listener on `signal`
 * is removed as soon as the context is cancelled.
 * @example
 * const ctx = fromSignal(request.signal);
 */
export function fromSignal(signal: AbortSignal, parent: Context = bg): Context {
  const ctx = new CancelContext(parent);
  if (ctx.err() !== undefined) return ctx;
  const onAbort = (): void => ctx.cancel(errFromReason(signal.reason), signal.reason);
  if (signal.aborted) {
    onAbort();
    return ctx;
  }
  signal.addEventListener("abort", onAbort);
  ctx.onCancel(() => signal.removeEventListener("abort", onAbort));
  return ctx;
}

function errFromReason(reason: unknown): Error {
  if (reason === DeadlineExceeded || (reason instanceof Error && reason.name === "TimeoutError")) return DeadlineExceeded;
  return Canceled;
}
