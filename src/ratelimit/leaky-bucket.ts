/**
 * Leaky bucket as a meter, in its GCRA form (ITU-T I.371): one number per key,
 * the theoretical arrival time `tat` at which the bucket would be empty. Each
 * request adds 1/rate seconds of water; the bucket holds `burst` requests and
 * leaks at `rate` per second. The "queue" shown is the water level.
 */
import { KeyedLimiter } from "./limiter.ts";
import { EPS, type Policy } from "./policy.ts";
import type { Gauge, LimiterOptions } from "./types.ts";
import { checkPositive } from "./errors.ts";

interface Meter {
  tat: number;
}

class LeakyBucketPolicy implements Policy<Meter> {
  /** Emission interval: milliseconds of water per request. */
  readonly #t: number;
  constructor(readonly limit: number, rate: number) {
    this.#t = 1000 / rate;
  }
  create(now: number): Meter {
    return { tat: now };
  }
  /** Water in the bucket at `now`, in requests. */
  #level(s: Meter, now: number): number {
    return Math.max(0, s.tat - now) / this.#t;
  }
  need(s: Meter, now: number, n: number): number {
    const over = this.#level(s, now) + n - this.limit;
    return over <= EPS ? 0 : over * this.#t;
  }
  commit(s: Meter, now: number, n: number): void {
    s.tat = Math.max(s.tat, now) + n * this.#t;
  }
  remaining(s: Meter, now: number): number {
    return Math.max(0, Math.floor(this.limit - this.#level(s, now) + EPS));
  }
  resetIn(s: Meter, now: number): number {
    const ms = s.tat - now;
    return ms <= EPS ? 0 : ms;
  }
  gauge(s: Meter, now: number): Gauge {
    return { label: "queue", value: Math.ceil(this.#level(s, now) - EPS) };
  }
}

/** A leaky-bucket limiter per key (GCRA: constant leak, capacity `burst`). */
export class LeakyBucket extends KeyedLimiter<Meter> {
  constructor(options: LimiterOptions) {
    const burst = checkPositive("burst", options.burst, { integer: true });
    super("leaky-bucket", new LeakyBucketPolicy(burst, checkPositive("rate", options.rate)), options);
  }
}
