/**
 * HTTP middleware for the router: one request = one unit of quota, keyed by
 * the client address (or a header such as X-API-Key). Every response carries
 * RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset
 * (draft-ietf-httpapi-ratelimit-headers, delta-seconds); a refused request
 * gets 429 Too Many Requests with Retry-After in seconds (RFC 9110 §10.2.3,
 * RFC 6585 §4), rounded up. Depends only on the transport seam, not the router.
 */
import type { HttpRequest, HttpResponse } from "../router/http.ts";
import type { RateLimiter } from "./types.ts";

/** The part of a router Context the middleware uses. */
export interface RateLimitContext {
  req: HttpRequest;
  res: HttpResponse;
}

/** Options of {@link rateLimit}. */
export interface RateLimitOptions<C extends RateLimitContext = RateLimitContext> {
  /** The key a request counts against; defaults to `header`'s value, else the client address. */
  key?: (c: C) => string;
  /** A header naming the client (e.g. "X-API-Key"); requests without it are keyed by address. */
  header?: string;
}

/** A router middleware. */
export type Middleware<C> = (c: C, next: () => Promise<void>) => Promise<void>;

/** Seconds for a header: whole, rounded up, never negative. */
function seconds(ms: number): string {
  return String(Math.max(0, Math.ceil(ms / 1000 - 1e-9)));
}

/**
 * Limits requests with `limiter`, answering 429 with Retry-After when refused.
 * @example
 * router.use(rateLimit(createLimiter({ algorithm: "token-bucket", rate: 100, burst: 10 }), { header: "X-API-Key" }));
 */
export function rateLimit<C extends RateLimitContext>(limiter: RateLimiter, options: RateLimitOptions<C> = {}): Middleware<C> {
  const header = options.header;
  const keyOf =
    options.key ??
    ((c: C): string => {
      const v = header === undefined ? undefined : c.req.headers.get(header);
      // Prefixes keep an API key from ever sharing a quota with an address.
      return v !== undefined && v !== "" ? `key:${v}` : `addr:${c.req.remoteAddress}`;
    });
  return async (c, next) => {
    const d = limiter.take(keyOf(c));
    const res = c.res;
    res.setHeader("RateLimit-Limit", String(d.limit));
    res.setHeader("RateLimit-Remaining", String(d.remaining));
    res.setHeader("RateLimit-Reset", seconds(d.resetIn));
    if (d.allowed) return next();
    res.status = 429;
    res.setHeader("Retry-After", String(Math.max(1, Number(seconds(d.retryAfter)))));
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    await res.end("Too Many Requests\n");
  };
}
