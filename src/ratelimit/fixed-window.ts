/**
 * Fixed window: at most `limit` requests per window of `windowMs`. A key's
 * windows start at its first request (so keys do not all reset at once) and
 * follow each other back to back. Cheap, but allows up to 2×limit across a
 * window boundary.
 */
import { KeyedLimiter } from "./limiter.ts";
import { EPS, type Policy } from "./policy.ts";
import type { Gauge, WindowOptions } from "./types.ts";
import { windowOptions } from "./window-options.ts";

interface Window {
  start: number;
  count: number;
}

class FixedWindowPolicy implements Policy<Window> {
  constructor(readonly limit: number, readonly windowMs: number) {}
  create(now: number): Window {
    return { start: now, count: 0 };
  }
  #roll(s: Window, now: number): void {
    const k = Math.floor((now - s.start) / this.windowMs);
    if (k < 1) return;
    s.start += k * this.windowMs;
    s.count = 0;
  }
  need(s: Window, now: number, n: number): number {
    this.#roll(s, now);
    return s.count + n <= this.limit ? 0 : s.start + this.windowMs - now;
  }
  commit(s: Window, now: number, n: number): void {
    this.#roll(s, now);
    s.count += n;
  }
  remaining(s: Window, now: number): number {
    this.#roll(s, now);
    return this.limit - s.count;
  }
  resetIn(s: Window, now: number): number {
    this.#roll(s, now);
    const ms = s.start + this.windowMs - now;
    return s.count === 0 || ms <= EPS ? 0 : ms;
  }
  gauge(s: Window, now: number): Gauge {
    return { label: "remaining", value: this.remaining(s, now) };
  }
}

/** A fixed-window counter per key. */
export class FixedWindow extends KeyedLimiter<Window> {
  constructor(options: WindowOptions) {
    const { limit, windowMs } = windowOptions(options);
    super("fixed-window", new FixedWindowPolicy(limit, windowMs), options);
  }
}
