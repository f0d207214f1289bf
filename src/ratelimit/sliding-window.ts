/**
 * Sliding window counter (Cloudflare's approximation): counts for the
 * previous and the current fixed window, and an estimate
 * `prev × (1 − elapsed/window) + curr` that must stay ≤ limit. Two numbers per
 * key instead of a log; assumes requests were spread evenly over the previous window.
 * Under saturation it admits limit − 1 per window: the limit-th request would
 * need the previous window's weight to reach 0, which happens only as the window ends.
 */
import { KeyedLimiter } from "./limiter.ts";
import { EPS, type Policy } from "./policy.ts";
import type { Gauge, WindowOptions } from "./types.ts";
import { windowOptions } from "./window-options.ts";

interface Counter {
  start: number;
  prev: number;
  curr: number;
}

class SlidingWindowPolicy implements Policy<Counter> {
  constructor(readonly limit: number, readonly windowMs: number) {}
  create(now: number): Counter {
    return { start: now, prev: 0, curr: 0 };
  }
  #roll(s: Counter, now: number): void {
    const k = Math.floor((now - s.start) / this.windowMs);
    if (k < 1) return;
    s.prev = k === 1 ? s.curr : 0;
    s.curr = 0;
    s.start += k * this.windowMs;
  }
  #estimate(s: Counter, now: number): number {
    return s.prev * (1 - (now - s.start) / this.windowMs) + s.curr;
  }
  need(s: Counter, now: number, n: number): number {
    this.#roll(s, now);
    const w = this.windowMs;
    const e = now - s.start;
    if (this.#estimate(s, now) + n <= this.limit + EPS) return 0;
    const room = this.limit - s.curr - n;
    if (s.prev > 0 && room >= 0) {
      // prev × (1 − (e+t)/w) + curr + n ≤ limit, solved for t within this window.
      const t = w * (1 - room / s.prev) - e;
      if (t <= w - e) return Math.max(t, 0);
    }
    // Next window: prev' = curr decays from its start; need curr × (1 − e'/w) + n ≤ limit.
    const later = s.curr + n <= this.limit ? 0 : w * (1 - (this.limit - n) / s.curr);
    return w - e + later;
  }
  commit(s: Counter, now: number, n: number): void {
    this.#roll(s, now);
    s.curr += n;
  }
  remaining(s: Counter, now: number): number {
    this.#roll(s, now);
    return Math.max(0, Math.min(this.limit, Math.floor(this.limit - this.#estimate(s, now) + EPS)));
  }
  resetIn(s: Counter, now: number): number {
    this.#roll(s, now);
    const end = s.curr > 0 ? s.start + 2 * this.windowMs : s.prev > 0 ? s.start + this.windowMs : now;
    return end - now <= EPS ? 0 : end - now;
  }
  gauge(s: Counter, now: number): Gauge {
    return { label: "remaining", value: this.remaining(s, now) };
  }
}

/** A sliding-window counter per key (previous and current window, weighted). */
export class SlidingWindow extends KeyedLimiter<Counter> {
  constructor(options: WindowOptions) {
    const { limit, windowMs } = windowOptions(options);
    super("sliding-window", new SlidingWindowPolicy(limit, windowMs), options);
  }
}
