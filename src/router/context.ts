/**
 * The per-request Context handed to every handler and middleware: the
 * request and response, path parameters, query and header accessors, body
 * parsing with a size limit, response helpers, and a key/value store for
 * passing values from middleware to handlers.
 */
import { JsonParseError, parse, type JsonValue } from "../json/index.ts";
import { HttpError } from "./errors.ts";
import type { HeaderReader, HttpRequest, HttpResponse } from "./http.ts";
import { parseQuery } from "./query.ts";
import { EMPTY_PARAMS, type Params, type RouteMatch } from "./route.ts";

/** The default limit of `c.body()` and `c.json()`: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1 << 20;

/** A body `c.stream()` can send: async chunks or a web ReadableStream. */
export type StreamSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array | string>;

const encoder = new TextEncoder();

/** What `trailers()` answers for a transport without trailers. */
const NO_TRAILERS: HeaderReader = {
  get: () => undefined,
  getAll: () => [],
  has: () => false,
  entries: () => [],
};

/** One request's view of the world; created by the router for each request. */
export class Context {
  /** The route lookup's result; null when no route matched. */
  match: RouteMatch | null = null;
  /** The limit `body()` and `json()` enforce, in bytes. */
  bodyLimit = DEFAULT_BODY_LIMIT;
  private store: Map<string, unknown> | undefined;
  private queryMap: Map<string, string[]> | undefined;
  private bodyBytes: Promise<Uint8Array> | undefined;

  constructor(
    readonly req: HttpRequest,
    readonly res: HttpResponse,
  ) {}

  /** Path parameters by name, percent-decoded. */
  get params(): Params {
    return this.match === null ? EMPTY_PARAMS : this.match.params;
  }

  /** The matched route pattern ("/users/:id"), or undefined when no route matched. */
  get pattern(): string | undefined {
    return this.match?.route.pattern;
  }

  /** The path parameter `name`, percent-decoded; "" when the route has none by that name. */
  param(name: string): string {
    return this.match?.param(name) ?? "";
  }

  /** The first value of query parameter `name`, else `fallback`. */
  query(name: string): string | undefined;
  query(name: string, fallback: string): string;
  query(name: string, fallback?: string): string | undefined {
    return this.queries(name)[0] ?? fallback;
  }

  /** Every value of query parameter `name`, in order. */
  queries(name: string): string[] {
    this.queryMap ??= parseQuery(this.req.rawQuery);
    return this.queryMap.get(name) ?? [];
  }

  /** A request header field (case-insensitive name), undefined when absent. */
  header(name: string): string | undefined {
    return this.req.headers.get(name);
  }

  /**
   * The request's trailer fields (sent after a chunked body), read with the
   * same `get`/`getAll`/`has`/`entries` as headers; empty until the body has
   * been read (`await c.body()` first), and when the client sent none.
   */
  trailers(): HeaderReader {
    return this.req.trailers ?? NO_TRAILERS;
  }

  /** Stores a value for later middleware and the handler. */
  set(key: string, value: unknown): void {
    (this.store ??= new Map()).set(key, value);
  }

  /** A value stored with `set`, or undefined. */
  get<T = unknown>(key: string): T | undefined {
    return this.store?.get(key) as T | undefined;
  }

  /** The request body, read once and cached; HttpError 413 when it exceeds `bodyLimit`. */
  body(): Promise<Uint8Array> {
    return (this.bodyBytes ??= this.readBody());
  }

  private async readBody(): Promise<Uint8Array> {
    const limit = this.bodyLimit;
    const tooLarge = () => new HttpError(413, `request body exceeds ${limit} bytes`);
    const declared = this.req.headers.get("content-length");
    if (declared !== undefined && Number(declared) > limit) throw tooLarge();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of this.req.bodyStream()) {
      size += chunk.length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk);
    }
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** Parses the request body as JSON (strict RFC 8259); HttpError 400 when invalid, 413 when too large. */
  json<T = JsonValue>(): Promise<T>;
  /** Sends `value` as JSON with `status`. */
  json(status: number, value: unknown): Promise<void>;
  json(status?: number, value?: unknown): Promise<unknown> {
    if (status === undefined) return this.readJson();
    const text = JSON.stringify(value);
    return this.send(status, "application/json; charset=utf-8", text === undefined ? "null" : text);
  }

  private async readJson(): Promise<unknown> {
    const bytes = await this.body();
    if (bytes.length === 0) throw new HttpError(400, "invalid JSON body: empty");
    try {
      return parse(bytes);
    } catch (e) {
      if (e instanceof JsonParseError) throw new HttpError(400, `invalid JSON body: ${e.headline}`, { cause: e });
      throw e;
    }
  }

  /** Sets the response status; returns the context for chaining. */
  status(code: number): this {
    this.res.status = code;
    return this;
  }

  /** Sends a text/plain body. */
  text(status: number, body: string): Promise<void> {
    return this.send(status, "text/plain; charset=utf-8", body);
  }

  /** Sends a text/html body. */
  html(status: number, body: string): Promise<void> {
    return this.send(status, "text/html; charset=utf-8", body);
  }

  /** Redirects to `location` (302 unless given: 301, 303, 307, 308…). */
  redirect(location: string, status = 302): Promise<void> {
    this.res.setHeader("Location", location);
    return this.send(status, "text/plain; charset=utf-8", "");
  }

  /** Sends `status` with a body taken chunk by chunk, honouring back-pressure; stops when the client goes away. */
  async stream(status: number, source: StreamSource): Promise<void> {
    const res = this.res;
    res.status = status;
    const signal = this.req.signal;
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      if (signal.aborted) break;
      await res.write(chunk);
    }
    if (!res.finished) await res.end();
  }

  /** Sends a whole body with its Content-Type (unless one is set) and Content-Length. */
  send(status: number, contentType: string, body: string | Uint8Array): Promise<void> {
    const res = this.res;
    res.status = status;
    // RFC 9110 §6.4.1, §8.6: 1xx, 204 and 304 responses have no content and 204 no Content-Length.
    if (status < 200 || status === 204 || status === 304) return res.end();
    if (res.getHeader("content-type") === undefined) res.setHeader("Content-Type", contentType);
    const bytes = typeof body === "string" ? encoder.encode(body) : body;
    res.setHeader("Content-Length", String(bytes.length));
    return res.end(bytes);
  }
}
