/** recovery(): turns an error thrown anywhere later in the chain into an error response. */
import type { Context } from "./context.ts";
import { HttpError } from "./errors.ts";
import type { Handler } from "./route.ts";

/** Options for {@link recovery}. */
export interface RecoveryOptions {
  /** Called with every error that is not an HttpError below 500 (a log hook). */
  onError?: (err: unknown, c: Context) => void;
}

/**
 * Answers an error: an HttpError with its status (and its message when
 * exposed), anything else with 500. When the headers are already out the
 * status cannot change, so the response is just ended.
 */
export async function respondError(c: Context, err: unknown): Promise<void> {
  const res = c.res;
  if (res.finished) return;
  if (res.headersSent) return res.end();
  const status = err instanceof HttpError ? err.status : 500;
  const message = err instanceof HttpError && err.expose ? err.message : status === 500 ? "internal server error" : `error ${status}`;
  res.removeHeader("Content-Type");
  res.removeHeader("Content-Length");
  await c.text(status, `${status} ${message}`);
}

/**
 * Middleware that catches whatever the rest of the chain throws and answers
 * 500 (or an HttpError's status), so one failing request leaves the server and
 * the connection serving the next. Put it first, or right after `logger()`.
 */
export function recovery(options: RecoveryOptions = {}): Handler {
  const { onError } = options;
  return async (c, next) => {
    try {
      await next();
    } catch (err) {
      if (onError !== undefined && !(err instanceof HttpError && err.status < 500)) onError(err, c);
      await respondError(c, err);
    }
  };
}
