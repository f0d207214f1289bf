/**
 * The seam between the shared per-key machinery (limiter.ts) and each
 * algorithm: a policy owns the arithmetic on one key's state, nothing else.
 * Times are milliseconds on a monotonic clock (never decreasing).
 */
import type { Gauge } from "./types.ts";

/** Slack for floating-point comparisons: 1e-9 of a request or a millisecond. */
export const EPS = 1e-9;

/** One algorithm's arithmetic on a key's state `S`. */
export interface Policy<S> {
  /** Requests allowed in a full burst. */
  readonly limit: number;
  /** Fresh (full) state for a key first seen at `now`. */
  create(now: number): S;
  /** Milliseconds until `n` ≤ limit requests could be taken at once; 0 = now. May bring `s` up to `now`. */
  need(s: S, now: number, n: number): number;
  /** Takes `n` requests; the caller has just seen `need(s, now, n) === 0`. */
  commit(s: S, now: number, n: number): void;
  /** Whole requests allowed now. */
  remaining(s: S, now: number): number;
  /** Milliseconds until `s` is back to full; 0 = idle, safe to forget. */
  resetIn(s: S, now: number): number;
  /** The state for display. */
  gauge(s: S, now: number): Gauge;
}

/** A clock reading made monotonic: time that goes backwards counts as no time elapsed. */
export class MonotonicTime {
  #raw: number;
  #mono: number;
  constructor(private readonly read: () => number) {
    this.#raw = read();
    this.#mono = this.#raw;
  }
  /** The monotonic time in ms: previous reading plus the forward part of the clock's change. */
  now(): number {
    const raw = this.read();
    if (raw > this.#raw) this.#mono += raw - this.#raw;
    // Always follow the clock's new reading, so a step back followed by steps forward counts them.
    this.#raw = raw;
    return this.#mono;
  }
}

/** Rounds a wait up to whole milliseconds, forgiving floating-point dust. */
export function ceilMs(ms: number): number {
  return ms <= EPS ? 0 : Math.ceil(ms - 1e-6);
}
