/**
 * The machinery every algorithm shares: per-key state in a bounded LRU store,
 * a monotonic view of the injected clock, and FIFO waiter queues per key.
 *
 * Invariants: a key has a queue exactly while it has live waiters; only the
 * queue's head has a timer, armed for the head's wait; while a key has
 * waiters, `allow` on that key is refused so nobody overtakes them.
 */
import { type Clock, type Context, realClock } from "../runtime/index.ts";
import { RateLimitError } from "./errors.ts";
import { KeyStore } from "./key-store.ts";
import { EPS, MonotonicTime, type Policy } from "./policy.ts";
import type { Decision, Gauge, LimiterOptions, RateLimiter, Status } from "./types.ts";

/** Keys kept in memory by default; see {@link LimiterOptions.maxKeys}. */
export const DEFAULT_MAX_KEYS = 100_000;

interface Waiter {
  n: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  /** Removes the abort listener; set while the waiter is queued. */
  detach: () => void;
  live: boolean;
}

interface Queue {
  items: Waiter[];
  head: number;
  timer: unknown;
}

/** A rate limiter per key over one algorithm's {@link Policy}. */
export class KeyedLimiter<S> implements RateLimiter {
  readonly #policy: Policy<S>;
  readonly #clock: Clock;
  readonly #time: MonotonicTime;
  readonly #store: KeyStore<S>;
  readonly #queues = new Map<string, Queue>();

  constructor(
    readonly algorithm: string,
    policy: Policy<S>,
    options: Pick<LimiterOptions, "clock" | "maxKeys">,
  ) {
    const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new RateLimitError("ERR_RATELIMIT_OPTION", `ratelimit: invalid maxKeys ${maxKeys}: want a positive integer`);
    }
    this.#policy = policy;
    this.#clock = options.clock ?? realClock;
    const clock = this.#clock;
    this.#time = new MonotonicTime(() => clock.now());
    this.#store = new KeyStore<S>(maxKeys, (s, now) => policy.resetIn(s, now) <= 0, (key) => this.#queues.has(key));
  }

  get limit(): number {
    return this.#policy.limit;
  }

  get size(): number {
    return this.#store.size;
  }

  allow(key: string): boolean {
    return this.allowN(key, 1);
  }

  allowN(key: string, n: number): boolean {
    this.#checkN(n);
    if (this.#queues.has(key)) return false;
    const now = this.#time.now();
    const s = this.#store.use(key, now, (t) => this.#policy.create(t));
    if (this.#policy.need(s, now, n) > 0) return false;
    this.#policy.commit(s, now, n);
    return true;
  }

  take(key: string, n = 1): Decision {
    const allowed = this.allowN(key, n);
    const st = this.status(key);
    return { allowed, ...st, retryAfter: allowed ? st.retryAfter : Math.max(st.retryAfter, this.#need(key, n), 1) };
  }

  status(key: string): Status {
    const now = this.#time.now();
    const p = this.#policy;
    const s = this.#store.peek(key) ?? p.create(now);
    return { limit: p.limit, remaining: p.remaining(s, now), resetIn: p.resetIn(s, now), retryAfter: p.need(s, now, 1) };
  }

  gauge(key: string): Gauge {
    const now = this.#time.now();
    return this.#policy.gauge(this.#store.peek(key) ?? this.#policy.create(now), now);
  }

  sweep(): number {
    return this.#store.sweep(this.#time.now());
  }

  wait(key: string, ctx?: Context | AbortSignal): Promise<void> {
    return this.waitN(key, 1, ctx);
  }

  waitN(key: string, n: number, ctx?: Context | AbortSignal): Promise<void> {
    try {
      this.#checkN(n);
    } catch (e) {
      return Promise.reject(e);
    }
    const signal = ctx === undefined ? undefined : ctx instanceof AbortSignal ? ctx : ctx.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.#queues.has(key) && this.allowN(key, n)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let q = this.#queues.get(key);
      if (q === undefined) this.#queues.set(key, (q = { items: [], head: 0, timer: undefined }));
      const queue = q;
      const w: Waiter = { n, resolve, reject, detach: () => {}, live: true };
      if (signal !== undefined) {
        const onAbort = (): void => this.#cancel(key, queue, w, signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        w.detach = () => signal.removeEventListener("abort", onAbort);
      }
      queue.items.push(w);
      if (queue.items.length - queue.head === 1) this.#pump(key, queue);
    });
  }

  /** Milliseconds until `n` could be taken for `key`, ignoring waiters. */
  #need(key: string, n: number): number {
    const now = this.#time.now();
    const s = this.#store.peek(key);
    return s === undefined ? 0 : this.#policy.need(s, now, n);
  }

  #checkN(n: number): void {
    if (!Number.isInteger(n) || n < 0) {
      throw new RateLimitError("ERR_RATELIMIT_N", `ratelimit: invalid n ${n}: want a non-negative integer`);
    }
    if (n > this.#policy.limit) {
      throw new RateLimitError("ERR_RATELIMIT_EXCEEDS_BURST", `ratelimit: n ${n} exceeds limit ${this.#policy.limit}: it can never be allowed`);
    }
  }

  /** Grants waiters from the head while the policy allows, then arms a timer for the new head. */
  #pump(key: string, q: Queue): void {
    if (q.timer !== undefined) this.#clock.clearTimeout(q.timer);
    q.timer = undefined;
    for (;;) {
      while (q.head < q.items.length && !q.items[q.head]!.live) q.head++;
      if (q.head >= q.items.length) {
        this.#queues.delete(key);
        return;
      }
      const w = q.items[q.head]!;
      const now = this.#time.now();
      const s = this.#store.use(key, now, (t) => this.#policy.create(t));
      const ms = this.#policy.need(s, now, w.n);
      if (ms > 0) {
        // Whole milliseconds, at least one, so float dust can never spin the timer.
        q.timer = this.#clock.setTimeout(() => this.#pump(key, q), Math.max(1, Math.ceil(ms - EPS)));
        return;
      }
      this.#policy.commit(s, now, w.n);
      w.live = false;
      w.detach();
      q.head++;
      if (q.head > 1024 && q.head * 2 > q.items.length) {
        q.items = q.items.slice(q.head);
        q.head = 0;
      }
      w.resolve();
    }
  }

  #cancel(key: string, q: Queue, w: Waiter, reason: unknown): void {
    if (!w.live) return;
    w.live = false;
    w.detach();
    w.reject(reason);
    // A cancelled head may have been blocking smaller requests behind it.
    if (this.#queues.get(key) === q) this.#pump(key, q);
  }
}
