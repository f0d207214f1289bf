/**
 * The seam between the router and any HTTP transport: the raw-TCP server in
 * src/http implements these two interfaces, and so can test doubles, the
 * crawler's test servers or the cloud load balancer. Nothing here does I/O.
 */

/** Request header fields, names case-insensitive (RFC 9110 §5.1). */
export interface HeaderReader {
  /** The field value, several lines joined with ", " (Set-Cookie excepted); undefined when absent. */
  get(name: string): string | undefined;
  /** Every field line with this name, in order. */
  getAll(name: string): string[];
  has(name: string): boolean;
  /** Field lines as received: [name as sent, value]. */
  entries(): Iterable<[string, string]>;
}

/** An incoming request, as the transport parsed it. */
export interface HttpRequest {
  /** The method token, case-sensitive as RFC 9110 §9.1 says ("GET", not "get"). */
  readonly method: string;
  /** The request-target exactly as received (origin-form: "/a%20b?x=1"). */
  readonly target: string;
  /** The path part of the target, still percent-encoded. */
  readonly path: string;
  /** The query string without "?", "" when none. */
  readonly rawQuery: string;
  /** "1.0" or "1.1". */
  readonly version: "1.0" | "1.1";
  readonly headers: HeaderReader;
  /** The peer's address and port ("127.0.0.1", 52341). */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** The whole body (decoded from chunked if needed); rejects when over the transport's body limit. */
  body(): Promise<Uint8Array>;
  /** The body as a stream of chunks, for large uploads; each request body can be read once. */
  bodyStream(): AsyncIterable<Uint8Array>;
  /**
   * Trailer fields sent after a chunked body (RFC 9112 §7.1.2), apart from
   * `headers`; present once the body has been read whole, empty before and
   * for other bodies. Optional for transports that never receive trailers.
   */
  readonly trailers?: HeaderReader;
  /** Aborted when the client goes away or the server shuts down. */
  readonly signal: AbortSignal;
}

/**
 * Where the response goes. Headers may be set until the first write or end.
 * The router answers HEAD with the GET handler, so for a HEAD request the
 * transport sends the status and headers (Content-Length included) but drops
 * the body bytes it is given (RFC 9110 §9.3.2).
 */
export interface HttpResponse {
  status: number;
  setHeader(name: string, value: string): void;
  appendHeader(name: string, value: string): void;
  getHeader(name: string): string | undefined;
  removeHeader(name: string): void;
  /** True once the status line and headers have been written. */
  readonly headersSent: boolean;
  /**
   * Writes part of a streamed body (chunked for HTTP/1.1 unless Content-Length
   * was set); resolves when the transport can take more (back-pressure).
   */
  write(chunk: Uint8Array | string): Promise<void>;
  /** Finishes the response, optionally with a last (or only) body. */
  end(body?: Uint8Array | string): Promise<void>;
  /** True once end() was called. */
  readonly finished: boolean;
}
