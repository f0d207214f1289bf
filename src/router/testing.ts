/**
 * In-memory HttpRequest and HttpResponse, for testing routers and middleware
 * without a server.
 *
 * @example
 * import { request } from "../../src/router/testing.ts";
 * const res = await request(router, "GET", "/users/7?page=2");
 * expect(res.status).toBe(200);
 * expect(res.json()).toEqual({ id: "7", page: "2" });
 */
import type { HeaderReader, HttpRequest, HttpResponse } from "./http.ts";

/** What a fake request is made of; everything but the target is optional. */
export interface FakeRequestInit {
  method?: string;
  headers?: Record<string, string> | [string, string][];
  body?: string | Uint8Array;
  /** Trailer fields, visible through `trailers` once the body has been read. */
  trailers?: Record<string, string> | [string, string][];
  /** Delivers the body in chunks of this many bytes (default: one chunk). */
  chunkSize?: number;
  remoteAddress?: string;
  remotePort?: number;
  version?: "1.0" | "1.1";
  signal?: AbortSignal;
}

class FakeHeaders implements HeaderReader {
  constructor(private readonly lines: [string, string][]) {}
  get(name: string): string | undefined {
    const all = this.getAll(name);
    return all.length === 0 ? undefined : all.join(", ");
  }
  getAll(name: string): string[] {
    const n = name.toLowerCase();
    return this.lines.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
  }
  has(name: string): boolean {
    return this.getAll(name).length > 0;
  }
  entries(): Iterable<[string, string]> {
    return this.lines;
  }
}

/** An HttpRequest for `method` and origin-form `target` ("/a%20b?x=1"). */
export function fakeRequest(target: string, init: FakeRequestInit = {}): HttpRequest {
  const q = target.indexOf("?");
  const raw = init.body ?? new Uint8Array(0);
  const body = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  let read = false;
  const take = (): Uint8Array => {
    if (read) throw new Error("http: request body already read");
    read = true;
    return body;
  };
  const chunk = init.chunkSize ?? Math.max(body.length, 1);
  const trailers = new FakeHeaders(Array.isArray(init.trailers) ? init.trailers : Object.entries(init.trailers ?? {}));
  const none = new FakeHeaders([]);
  let done = false;
  return {
    method: init.method ?? "GET",
    target,
    path: q === -1 ? target : target.slice(0, q),
    rawQuery: q === -1 ? "" : target.slice(q + 1),
    version: init.version ?? "1.1",
    headers: new FakeHeaders(Array.isArray(init.headers) ? init.headers : Object.entries(init.headers ?? {})),
    remoteAddress: init.remoteAddress ?? "127.0.0.1",
    remotePort: init.remotePort ?? 52341,
    get trailers() {
      return done ? trailers : none;
    },
    body: async () => {
      const b = take();
      done = true;
      return b;
    },
    async *bodyStream() {
      const b = take();
      for (let i = 0; i < b.length; i += chunk) yield b.subarray(i, i + chunk);
      done = true;
    },
    signal: init.signal ?? new AbortController().signal,
  };
}

/** An HttpResponse that records what was sent; like a server, it drops the body of a HEAD response. */
export class FakeResponse implements HttpResponse {
  status = 200;
  headersSent = false;
  finished = false;
  /** Body chunks in order (empty for HEAD). */
  readonly chunks: Uint8Array[] = [];
  private readonly fields = new Map<string, [string, string[]]>();

  constructor(private readonly method = "GET") {}

  private checkOpen(what: string): void {
    if (this.headersSent) throw new Error(`http: ${what} after headers were sent`);
  }
  setHeader(name: string, value: string): void {
    this.checkOpen("setHeader");
    this.fields.set(name.toLowerCase(), [name, [value]]);
  }
  appendHeader(name: string, value: string): void {
    this.checkOpen("appendHeader");
    const f = this.fields.get(name.toLowerCase());
    if (f === undefined) this.fields.set(name.toLowerCase(), [name, [value]]);
    else f[1].push(value);
  }
  getHeader(name: string): string | undefined {
    return this.fields.get(name.toLowerCase())?.[1].join(", ");
  }
  removeHeader(name: string): void {
    this.checkOpen("removeHeader");
    this.fields.delete(name.toLowerCase());
  }
  async write(chunk: Uint8Array | string): Promise<void> {
    if (this.finished) throw new Error("http: write after end");
    this.headersSent = true;
    if (this.method !== "HEAD") this.chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  }
  async end(body?: Uint8Array | string): Promise<void> {
    if (this.finished) throw new Error("http: end called twice");
    if (body !== undefined) await this.write(body);
    this.headersSent = true;
    this.finished = true;
  }
  /** Every header as [name as set, value]. */
  headers(): [string, string][] {
    return [...this.fields.values()].flatMap(([name, values]) => values.map((v): [string, string] => [name, v]));
  }
  /** The whole body. */
  body(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.chunks));
  }
  /** The body as UTF-8 text. */
  text(): string {
    return new TextDecoder().decode(this.body());
  }
  /** The body parsed as JSON. */
  json(): unknown {
    return JSON.parse(this.text());
  }
}

/** Anything with a `handle` method, such as a Router. */
export interface RequestHandler {
  handle(req: HttpRequest, res: HttpResponse): Promise<void>;
}

/** Sends one fake request through `handler` and returns the recorded response. */
export async function request(handler: RequestHandler, method: string, target: string, init: Omit<FakeRequestInit, "method"> = {}): Promise<FakeResponse> {
  const res = new FakeResponse(method);
  await handler.handle(fakeRequest(target, { ...init, method }), res);
  return res;
}
