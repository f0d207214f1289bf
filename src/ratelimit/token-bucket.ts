/**
 * Token bucket: `burst` tokens, refilled lazily at `rate` per second on each
 * access (fractional tokens kept), one token per request. Allows bursts of up
 * to `burst`, then `rate` per second.
 */
import { KeyedLimiter } from "./limiter.ts";
import { EPS, type Policy } from "./policy.ts";
import type { Gauge, LimiterOptions } from "./types.ts";
import { checkPositive } from "./errors.ts";

interface Bucket {
  tokens: number;
  last: number;
}

class TokenBucketPolicy implements Policy<Bucket> {
  readonly #perMs: number;
  constructor(readonly limit: number, rate: number) {
    this.#perMs = rate / 1000;
  }
  create(now: number): Bucket {
    return { tokens: this.limit, last: now };
  }
  #refill(s: Bucket, now: number): void {
    if (now <= s.last) return;
    s.tokens = Math.min(this.limit, s.tokens + (now - s.last) * this.#perMs);
    s.last = now;
  }
  need(s: Bucket, now: number, n: number): number {
    this.#refill(s, now);
    const deficit = n - s.tokens;
    return deficit <= EPS ? 0 : deficit / this.#perMs;
  }
  commit(s: Bucket, now: number, n: number): void {
    this.#refill(s, now);
    s.tokens = Math.max(0, s.tokens - n);
  }
  remaining(s: Bucket, now: number): number {
    this.#refill(s, now);
    return Math.floor(s.tokens + EPS);
  }
  resetIn(s: Bucket, now: number): number {
    this.#refill(s, now);
    const missing = this.limit - s.tokens;
    return missing <= EPS ? 0 : missing / this.#perMs;
  }
  gauge(s: Bucket, now: number): Gauge {
    return { label: "tokens", value: this.remaining(s, now) };
  }
}

/** A token-bucket limiter per key (lazy refill, fractional tokens). */
export class TokenBucket extends KeyedLimiter<Bucket> {
  constructor(options: LimiterOptions) {
    const burst = checkPositive("burst", options.burst, { integer: true });
    super("token-bucket", new TokenBucketPolicy(burst, checkPositive("rate", options.rate)), options);
  }
}
