import type { Channel, Recv } from "./channel.ts";
import { wake } from "./sched.ts";

type Resolve<T> = (v: T) => void;
type Reject = (e: unknown) => void;

/** The result of a receive from a closed, drained channel. */
export const CLOSED: Recv<never> = Object.freeze({ ok: false as const });
/** The last result of an async iterator over a channel. */
export const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true as const, value: undefined });

/**
 * A parked operation that needs more than a bare resolve function: abortable,
 * part of a select, or an iterator's `next`. Invariant: `dead` is true exactly
 * when the waiter is still queued but must be skipped (aborted, or a losing
 * select case); the queue's dead tally counts such entries.
 */
export abstract class Waiter {
  dead = false;
  /** A value arrived (recv), the value was taken (send), or the channel closed under a recv (ok=false). */
  abstract complete(ok: boolean, value: unknown): void;
  /** The channel closed under a parked send. */
  abstract fail(err: Error): void;
}

/** Channel internals used by select; not part of the public surface. */
export interface ChannelInternals {
  canRecv(ch: Channel<any>): boolean;
  canSend(ch: Channel<any>): boolean;
  /** Receives if ready: a Recv, or undefined if it would block. */
  poll(ch: Channel<any>): Recv<unknown> | undefined;
  /** Sends if ready; throws ChannelClosedError on a closed channel. */
  offer(ch: Channel<any>, v: unknown): boolean;
  parkRecv(ch: Channel<any>, w: Waiter): void;
  parkSend(ch: Channel<any>, w: Waiter, v: unknown): void;
  cancel(ch: Channel<any>, w: Waiter, isSend: boolean): void;
}

/** Channel internals, installed by Channel's static block (this module cannot import channel.ts). */
export let chan: ChannelInternals;

/** Installs the channel internals; called once, by Channel. */
export function installChannelInternals(internals: ChannelInternals): void {
  chan = internals;
}

/** A parked receive that can be aborted. */
export class RecvWaiter extends Waiter {
  constructor(
    private readonly resolve: Resolve<Recv<unknown>>,
    private readonly reject: Reject,
    private readonly ch: Channel<unknown>,
    private readonly signal: AbortSignal,
  ) {
    super();
    signal.addEventListener("abort", this);
  }
  complete(ok: boolean, value: unknown): void {
    this.signal.removeEventListener("abort", this);
    wake(this.resolve, ok ? { ok: true, value } : CLOSED);
  }
  fail(err: Error): void {
    this.signal.removeEventListener("abort", this);
    this.reject(err);
  }
  handleEvent(): void {
    this.signal.removeEventListener("abort", this);
    chan.cancel(this.ch, this, false);
    this.reject(this.signal.reason);
  }
}

/** A parked send that can be aborted. */
export class SendWaiter extends Waiter {
  constructor(
    private readonly resolve: Resolve<void>,
    private readonly reject: Reject,
    private readonly ch: Channel<any>,
    private readonly signal: AbortSignal,
  ) {
    super();
    signal.addEventListener("abort", this);
  }
  complete(): void {
    this.signal.removeEventListener("abort", this);
    wake(this.resolve, undefined);
  }
  fail(err: Error): void {
    this.signal.removeEventListener("abort", this);
    this.reject(err);
  }
  handleEvent(): void {
    this.signal.removeEventListener("abort", this);
    chan.cancel(this.ch, this, true);
    this.reject(this.signal.reason);
  }
}

/** A parked `next()` of an async iterator. */
export class IterWaiter extends Waiter {
  constructor(private readonly resolve: Resolve<IteratorResult<unknown, undefined>>) {
    super();
  }
  complete(ok: boolean, value: unknown): void {
    wake(this.resolve, ok ? { done: false, value } : DONE);
  }
  fail(err: Error): void {
    this.resolve(Promise.reject(err) as never);
  }
}
