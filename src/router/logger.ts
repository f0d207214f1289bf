/** logger(): an access-log hook reporting each request's method, target, status, peer and duration. */
import { createLogger, type Logger } from "../log/index.ts";
import type { Context } from "./context.ts";
import type { Handler } from "./route.ts";

/** One finished request, as `logger()` reports it. */
export interface AccessEntry {
  /** When the request reached the middleware. */
  time: Date;
  method: string;
  /** The request-target as received ("/index.html?x=1"). */
  target: string;
  /** The matched route pattern, undefined for unrouted requests. */
  pattern: string | undefined;
  /** The response status (500 when the chain threw past this middleware). */
  status: number;
  /** Milliseconds from the middleware's start to the chain's end. */
  durationMs: number;
  remoteAddress: string;
  remotePort: number;
  /** What the chain threw, when it threw. */
  error?: unknown;
  /** The context, for anything else (`c.get("requestId")`). */
  context: Context;
}

/** Receives every access entry. */
export type AccessLogFn = (entry: AccessEntry) => void;

/** Options for {@link logger}. */
export interface AccessLogOptions {
  /** A callback, or a src/log Logger that gets `info("GET /x", {status, ms, remote})` (warn for 5xx). */
  sink: AccessLogFn | Logger;
  /** Wall clock for `time`; default `() => new Date()`. */
  now?: () => Date;
  /** Monotonic milliseconds for `durationMs`; default `performance.now`. */
  clock?: () => number;
}

function toFn(sink: AccessLogFn | Logger): AccessLogFn {
  if (typeof sink === "function") return sink;
  return (e) => {
    const fields = { status: e.status, ms: Math.round(e.durationMs * 1000) / 1000, remote: `${e.remoteAddress}:${e.remotePort}` };
    if (e.status >= 500) sink.warn(`${e.method} ${e.target}`, fields);
    else sink.info(`${e.method} ${e.target}`, fields);
  };
}

/**
 * Middleware that times the rest of the chain and reports each request to a
 * callback or a Logger (by default a src/log Logger, component "http"). Put
 * it first so it sees recovery's 500s.
 *
 * @example
 * r.use(logger((e) => log.info(`${e.method} ${e.target} - ${e.status} - ${e.durationMs}ms`)), recovery());
 */
export function logger(options?: AccessLogFn | Logger | AccessLogOptions): Handler {
  // Without a sink, a src/log Logger with its defaults (stderr, GOKIT_LOG_LEVEL), component "http".
  options ??= createLogger({ component: "http" });
  const opts: AccessLogOptions = typeof options === "function" || "info" in options ? { sink: options } : options;
  const emit = toFn(opts.sink);
  const now = opts.now ?? (() => new Date());
  const clock = opts.clock ?? (() => performance.now());
  return async (c, next) => {
    const time = now();
    const start = clock();
    let error: unknown;
    let threw = false;
    try {
      await next();
    } catch (e) {
      threw = true;
      error = e;
      throw e;
    } finally {
      const { req } = c;
      const entry: AccessEntry = {
        time,
        method: req.method,
        target: req.target,
        pattern: c.pattern,
        status: threw ? 500 : c.res.status,
        durationMs: clock() - start,
        remoteAddress: req.remoteAddress,
        remotePort: req.remotePort,
        context: c,
      };
      if (threw) entry.error = error;
      emit(entry);
    }
  };
}
