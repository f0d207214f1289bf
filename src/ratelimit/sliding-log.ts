/**
 * Sliding window log: the times of the requests granted in the last
 * `windowMs`, in a ring of `limit` slots per key. Exact (no boundary burst),
 * at 8 bytes × limit per key.
 */
import { KeyedLimiter } from "./limiter.ts";
import { EPS, type Policy } from "./policy.ts";
import type { Gauge, WindowOptions } from "./types.ts";
import { windowOptions } from "./window-options.ts";

interface Log {
  /** Grant times; the live ones are `count` slots from `head`, oldest first. */
  ring: Float64Array;
  head: number;
  count: number;
}

class SlidingLogPolicy implements Policy<Log> {
  constructor(readonly limit: number, readonly windowMs: number) {}
  create(): Log {
    return { ring: new Float64Array(this.limit), head: 0, count: 0 };
  }
  #expire(s: Log, now: number): void {
    while (s.count > 0 && s.ring[s.head]! + this.windowMs <= now) {
      s.head = (s.head + 1) % this.limit;
      s.count--;
    }
  }
  need(s: Log, now: number, n: number): number {
    this.#expire(s, now);
    const excess = s.count + n - this.limit;
    if (excess <= 0) return 0;
    // The excess-th oldest grant must leave the window first.
    const t = s.ring[(s.head + excess - 1) % this.limit]! + this.windowMs - now;
    return t <= EPS ? 0 : t;
  }
  commit(s: Log, now: number, n: number): void {
    this.#expire(s, now);
    for (let i = 0; i < n; i++) {
      s.ring[(s.head + s.count) % this.limit] = now;
      s.count++;
    }
  }
  remaining(s: Log, now: number): number {
    this.#expire(s, now);
    return this.limit - s.count;
  }
  resetIn(s: Log, now: number): number {
    this.#expire(s, now);
    if (s.count === 0) return 0;
    const t = s.ring[(s.head + s.count - 1) % this.limit]! + this.windowMs - now;
    return t <= EPS ? 0 : t;
  }
  gauge(s: Log, now: number): Gauge {
    return { label: "remaining", value: this.remaining(s, now) };
  }
}

/** A sliding-window log per key (exact; memory grows with the limit). */
export class SlidingLog extends KeyedLimiter<Log> {
  constructor(options: WindowOptions) {
    const { limit, windowMs } = windowOptions(options);
    super("sliding-log", new SlidingLogPolicy(limit, windowMs), options);
  }
}
