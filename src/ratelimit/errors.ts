/** Errors of src/ratelimit, with stable codes. */

/** A limiter misused: bad options, or a request that can never be granted. */
export class RateLimitError extends RangeError {
  /** `ERR_RATELIMIT_OPTION`, `ERR_RATELIMIT_N` or `ERR_RATELIMIT_EXCEEDS_BURST`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = "RateLimitError";
  }
}

/** Returns `v` when it is a finite number > 0 (an integer with `integer`); throws otherwise. */
export function checkPositive(what: string, v: unknown, opts: { integer?: boolean } = {}): number {
  const ok = typeof v === "number" && Number.isFinite(v) && v > 0 && (!opts.integer || Number.isInteger(v));
  if (!ok) {
    const want = opts.integer ? "a positive integer" : "a positive number";
    throw new RateLimitError("ERR_RATELIMIT_OPTION", `ratelimit: invalid ${what} ${JSON.stringify(v) ?? String(v)}: want ${want}`);
  }
  return v;
}
