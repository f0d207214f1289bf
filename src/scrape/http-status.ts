/** Reason phrases (RFC 9110 §15) for the error breakdown: `404 not found`. */
const REASONS: Record<number, string> = {
  400: "bad request", 401: "unauthorized", 402: "payment required", 403: "forbidden", 404: "not found",
  405: "method not allowed", 406: "not acceptable", 408: "request timeout", 409: "conflict", 410: "gone",
  411: "length required", 412: "precondition failed", 413: "content too large", 414: "uri too long",
  415: "unsupported media type", 416: "range not satisfiable", 418: "i'm a teapot", 421: "misdirected request",
  422: "unprocessable content", 425: "too early", 426: "upgrade required", 428: "precondition required",
  429: "too many requests", 431: "request header fields too large", 451: "unavailable for legal reasons",
  500: "internal server error", 501: "not implemented", 502: "bad gateway", 503: "service unavailable",
  504: "gateway timeout", 505: "http version not supported",
};

/** `404 not found`, or `499 status` for codes without a registered phrase. */
export function statusText(status: number): string {
  return `${status} ${REASONS[status] ?? "status"}`;
}

/**
 * Milliseconds to wait per a Retry-After value (RFC 9110 §10.2.3): delay
 * seconds or an HTTP date, measured from `now`; undefined when absent or malformed.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
