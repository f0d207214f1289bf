/** Errors raised by the router: bad or conflicting route patterns, and HTTP errors a handler throws. */

/** Stable codes of {@link RouteError}. */
export type RouteErrorCode = "ERR_ROUTE_PATTERN" | "ERR_ROUTE_CONFLICT";

/**
 * A route that cannot be registered: an invalid pattern
 * (`router: GET "users": pattern must begin with '/'`) or one that clashes
 * with an existing route (`router: GET /users/:name conflicts with existing /users/:id`).
 */
export class RouteError extends Error {
  override name = "RouteError";
  readonly code: RouteErrorCode;
  constructor(code: RouteErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Options for {@link HttpError}. */
export interface HttpErrorOptions extends ErrorOptions {
  /** Whether the message may be shown to the client; defaults to true below 500, false from 500 on. */
  expose?: boolean;
}

/**
 * An error that carries an HTTP status: thrown by `c.json()` on an invalid
 * body (400) or an oversized one (413), and by handlers to stop with a status.
 * `recovery()` and the router answer it with its status and, when `expose`, its message.
 *
 * @example
 * if (!user) throw new HttpError(404, `user "${id}" not found`);
 */
export class HttpError extends Error {
  override name = "HttpError";
  readonly code = "ERR_HTTP";
  readonly status: number;
  readonly expose: boolean;
  constructor(status: number, message: string, options: HttpErrorOptions = {}) {
    super(message, options);
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`router: invalid error status ${status}`);
    this.status = status;
    this.expose = options.expose ?? status < 500;
  }
}
