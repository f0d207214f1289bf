/** The response head serializer (RFC 9112 §4, §5): status line and field lines into a reused buffer. */

/** Reason phrases (RFC 9110 §15). */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  100: "Continue", 101: "Switching Protocols",
  200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 206: "Partial Content",
  301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
  408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
  414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed", 422: "Unprocessable Content",
  426: "Upgrade Required", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
  500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
};

const statusLines = new Map<number, string>();

/** "HTTP/1.1 200 OK\r\n", cached per status (a 1.1 server answers 1.0 clients with 1.1 too: RFC 9110 §2.5). */
export function statusLine(status: number): string {
  let line = statusLines.get(status);
  if (line === undefined) {
    line = `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Unknown"}\r\n`;
    if (status >= 100 && status <= 999) statusLines.set(status, line);
  }
  return line;
}

/**
 * Serializes response heads into one buffer reused across calls; the view it
 * returns is valid until the next call, so callers write or copy it at once.
 * Field values must already be checked for CR, LF and NUL (see isFieldValue).
 */
export class ResponseHeadWriter {
  #buf: Buffer = Buffer.allocUnsafe(4096);

  /** Serializes `status` and `fields` (flat: name, value, name, value, …), plus `extra` bytes appended after the head when they fit. */
  write(status: number, fields: readonly string[], extra?: Uint8Array): Uint8Array {
    let s = statusLine(status);
    for (let i = 0; i + 1 < fields.length; i += 2) s += `${fields[i]!}: ${fields[i + 1]!}\r\n`;
    s += "\r\n";
    const need = s.length + (extra?.length ?? 0);
    if (need > this.#buf.length) this.#buf = Buffer.allocUnsafe(Math.max(need, this.#buf.length * 2));
    const n = this.#buf.write(s, 0, "latin1");
    if (extra === undefined || extra.length === 0) return this.#buf.subarray(0, n);
    this.#buf.set(extra, n);
    return this.#buf.subarray(0, n + extra.length);
  }
}
