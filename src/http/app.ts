/** The `gokit httpd` application: the router with `POST /echo`, optional rate limiting, and static files for everything else. */
import { createLimiter, rateLimit } from "../ratelimit/index.ts";
import { Router } from "../router/index.ts";
import type { Clock } from "../runtime/index.ts";
import { echoHandler } from "./echo.ts";
import { fastPathOf, withFastPath } from "./fixed.ts";
import type { Handler } from "./options.ts";
import { staticHandler } from "./static.ts";

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Directory of static files. */
  root: string;
  /** Directory listings instead of 403 for directories without index.html. */
  listDirs?: boolean;
  /** Requests per second per client; rate limiting is off when undefined. */
  rate?: number;
  /** Largest burst per client; defaults to `rate`. */
  burst?: number;
  /** Rate-limiting algorithm (src/ratelimit's names); default "token-bucket". */
  algorithm?: string;
  /** Clock of the rate limiter. */
  clock?: Clock;
}

/**
 * Builds the handler `gokit httpd` serves: router middleware (rate limiting),
 * `POST /echo`, and static files for every path no route matches.
 * @example
 * const handler = await createApp({ root: "./public", rate: 100, burst: 20 });
 */
export async function createApp(options: AppOptions): Promise<Handler> {
  const files = await staticHandler({ root: options.root, listDirs: options.listDirs });
  const router = new Router({ notFound: (c) => files(c.req, c.res), redirectTrailingSlash: false });
  if (options.rate !== undefined) {
    const limiter = createLimiter({
      algorithm: options.algorithm ?? "token-bucket",
      rate: options.rate,
      burst: options.burst ?? Math.max(1, Math.ceil(options.rate)),
      clock: options.clock,
    });
    router.use(rateLimit(limiter));
  }
  router.POST("/echo", (c) => echoHandler(c.req, c.res));
  const handler: Handler = (req, res) => router.handle(req, res);
  const filesFast = fastPathOf(files);
  // Without middleware, a GET or HEAD no route knows goes straight to notFound, i.e. the static files.
  if (options.rate !== undefined || filesFast === undefined) return handler;
  // The routes are fixed once createApp returns, so whether a path is routed is remembered (boundedly).
  const routed = new Map<string, boolean>();
  return withFastPath(handler, (head) => {
    const fixed = filesFast(head);
    if (fixed === undefined) return undefined;
    let known = routed.get(head.path);
    if (known === undefined) {
      known = router.find("GET", head.path) !== null || router.allowed(head.path).length > 0;
      if (routed.size >= 10_000) routed.clear();
      routed.set(head.path, known);
    }
    return known ? undefined : fixed;
  });
}
