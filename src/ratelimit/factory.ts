/** One call from flags to a limiter: `createLimiter({ algorithm, rate, burst, clock })`. */
import { RateLimitError } from "./errors.ts";
import { FixedWindow } from "./fixed-window.ts";
import { LeakyBucket } from "./leaky-bucket.ts";
import { SlidingLog } from "./sliding-log.ts";
import { SlidingWindow } from "./sliding-window.ts";
import { TokenBucket } from "./token-bucket.ts";
import type { RateLimiter, WindowOptions } from "./types.ts";

/** Every algorithm's name, as `--algorithm` takes it. */
export const ALGORITHMS = ["token-bucket", "sliding-window", "sliding-log", "leaky-bucket", "fixed-window"] as const;

/** An algorithm's name. */
export type Algorithm = (typeof ALGORITHMS)[number];

/** Options of {@link createLimiter}; `windowMs` applies to the window algorithms only. */
export interface CreateLimiterOptions extends WindowOptions {
  /** One of {@link ALGORITHMS}; anything else throws. */
  algorithm: string;
}

/** Reports whether `name` is one of {@link ALGORITHMS}. */
export function isAlgorithm(name: string): name is Algorithm {
  return (ALGORITHMS as readonly string[]).includes(name);
}

/**
 * Builds the limiter named by `algorithm`; throws a RateLimitError naming a bad value.
 * @example
 * const limiter = createLimiter({ algorithm: "token-bucket", rate: 100, burst: 10 });
 */
export function createLimiter(options: CreateLimiterOptions): RateLimiter {
  switch (options.algorithm) {
    case "token-bucket":
      return new TokenBucket(options);
    case "sliding-window":
      return new SlidingWindow(options);
    case "sliding-log":
      return new SlidingLog(options);
    case "leaky-bucket":
      return new LeakyBucket(options);
    case "fixed-window":
      return new FixedWindow(options);
  }
  const want = `${ALGORITHMS.slice(0, -1).join(", ")} or ${ALGORITHMS.at(-1)}`;
  throw new RateLimitError("ERR_RATELIMIT_OPTION", `ratelimit: unknown algorithm ${JSON.stringify(options.algorithm)}: want ${want}`);
}
