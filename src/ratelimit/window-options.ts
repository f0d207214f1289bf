/** Maps `{ rate, burst, windowMs? }` onto a window's limit and length. */
import { checkPositive } from "./errors.ts";
import type { WindowOptions } from "./types.ts";

/** `limit` = burst; the window defaults to burst / rate seconds, so the long-run rate is `rate`. */
export function windowOptions(options: WindowOptions): { limit: number; windowMs: number } {
  const limit = checkPositive("burst", options.burst, { integer: true });
  const rate = checkPositive("rate", options.rate);
  const windowMs = options.windowMs === undefined ? (limit / rate) * 1000 : checkPositive("windowMs", options.windowMs);
  return { limit, windowMs };
}
