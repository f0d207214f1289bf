/** The error a malformed or over-limit HTTP/1.1 message produces, with the status to answer it with. */

/** Stable codes of {@link HttpProtocolError}. */
export type HttpProtocolErrorCode =
  | "ERR_HTTP_BAD_REQUEST"
  | "ERR_HTTP_URI_TOO_LONG"
  | "ERR_HTTP_HEADERS_TOO_LARGE"
  | "ERR_HTTP_BODY_TOO_LARGE"
  | "ERR_HTTP_NOT_IMPLEMENTED"
  | "ERR_HTTP_VERSION"
  | "ERR_HTTP_EXPECTATION"
  | "ERR_HTTP_TIMEOUT";

const STATUS: Record<HttpProtocolErrorCode, number> = {
  ERR_HTTP_BAD_REQUEST: 400,
  ERR_HTTP_URI_TOO_LONG: 414,
  ERR_HTTP_HEADERS_TOO_LARGE: 431,
  ERR_HTTP_BODY_TOO_LARGE: 413,
  ERR_HTTP_NOT_IMPLEMENTED: 501,
  ERR_HTTP_VERSION: 505,
  ERR_HTTP_EXPECTATION: 417,
  ERR_HTTP_TIMEOUT: 408,
};

/**
 * A request the server must refuse; `status` is the response code and, for
 * framing errors, the connection must be closed afterwards (RFC 9112 §6.3).
 */
export class HttpProtocolError extends Error {
  override name = "HttpProtocolError";
  readonly code: HttpProtocolErrorCode;
  readonly status: number;

  constructor(code: HttpProtocolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = STATUS[code];
  }
}

/** Shorthand for a 400 with a Go-style message. */
export function badRequest(message: string): HttpProtocolError {
  return new HttpProtocolError("ERR_HTTP_BAD_REQUEST", message);
}
