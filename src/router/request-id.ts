/** requestId(): gives every request an id, kept from the client when well-formed. */
import type { Handler } from "./route.ts";

/** Options for {@link requestId}. */
export interface RequestIdOptions {
  /** Request and response header; default "X-Request-Id". */
  header?: string;
  /** Makes a new id; default `crypto.randomUUID`. */
  generate?: () => string;
}

const SAFE_ID = /^[A-Za-z0-9._~:\-]{1,128}$/;

/**
 * Middleware that reuses the client's X-Request-Id when it is 1–128 safe
 * characters, else generates one, and exposes it as `c.get("requestId")`
 * and on the response.
 */
export function requestId(options: RequestIdOptions = {}): Handler {
  const header = options.header ?? "X-Request-Id";
  const generate = options.generate ?? (() => crypto.randomUUID());
  return (c, next) => {
    const sent = c.header(header);
    const id = sent !== undefined && SAFE_ID.test(sent) ? sent : generate();
    c.set("requestId", id);
    c.res.setHeader(header, id);
    return next();
  };
}
