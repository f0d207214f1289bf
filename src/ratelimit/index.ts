/**
 * @module
 * Rate limiting per key (client address, API key) behind one interface,
 * {@link RateLimiter}: token bucket, leaky bucket (GCRA), fixed window, and
 * sliding window as a counter or an exact log. Every limiter takes a `Clock`
 * (tests use FakeClock and never sleep) and treats time that goes backwards as
 * no time elapsed.
 *
 * API: `allow(key)`, `allowN(key, n)` (all or nothing), `take(key, n)` (the
 * decision plus status), `wait(key, ctx)` / `waitN(key, n, ctx)` (FIFO per
 * key; a refused `allow` never overtakes a waiter), `status(key)` →
 * `{ limit, remaining, resetIn, retryAfter }` in ms. A request for more than
 * the limit can never succeed: `allowN`/`take` throw and `waitN` rejects with a
 * RateLimitError (code ERR_RATELIMIT_EXCEEDS_BURST), as Go's `rate.WaitN` does.
 *
 * Options are `{ rate, burst }` for all: buckets hold `burst` and refill or
 * leak at `rate` per second; windows allow `burst` requests per `windowMs`,
 * which defaults to burst / rate seconds so the long-run rate is `rate`.
 *
 * Memory is bounded: at most `maxKeys` keys (default 100,000) hold state, the
 * least recently used evicted first (its next request starts from full); each
 * new key also drops up to two idle keys (state back to full) from the LRU end,
 * and `sweep()` drops them all. Keys with waiters are never evicted.
 *
 * @example
 * import { createLimiter, rateLimit } from "../ratelimit/index.ts";
 * const limiter = createLimiter({ algorithm: "token-bucket", rate: 100, burst: 10 });
 * if (!limiter.allow(ip)) reply429(limiter.status(ip).retryAfter);
 * router.use(rateLimit(limiter, { header: "X-API-Key" }));
 */

export { RateLimitError } from "./errors.ts";
export { ALGORITHMS, type Algorithm, createLimiter, type CreateLimiterOptions, isAlgorithm } from "./factory.ts";
export { FixedWindow } from "./fixed-window.ts";
export { LeakyBucket } from "./leaky-bucket.ts";
export { DEFAULT_MAX_KEYS } from "./limiter.ts";
export { type Middleware, rateLimit, type RateLimitContext, type RateLimitOptions } from "./middleware.ts";
export { SlidingLog } from "./sliding-log.ts";
export { SlidingWindow } from "./sliding-window.ts";
export { TokenBucket } from "./token-bucket.ts";
export type { Decision, Gauge, LimiterOptions, RateLimiter, Status, WindowOptions } from "./types.ts";
export { demoHeading, type DemoOptions, type DemoStep, formatStep, runDemo } from "./demo.ts";
