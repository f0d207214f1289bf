import { describe, expect, test } from "bun:test";
import type { HeaderReader, HttpRequest, HttpResponse } from "../../src/router/http.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { createLimiter, rateLimit, type RateLimitContext } from "../../src/ratelimit/index.ts";

function fakeRequest(remoteAddress: string, headers: Record<string, string> = {}): HttpRequest {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const h: HeaderReader = {
    get: (name) => lower.get(name.toLowerCase()),
    getAll: (name) => (lower.has(name.toLowerCase()) ? [lower.get(name.toLowerCase())!] : []),
    has: (name) => lower.has(name.toLowerCase()),
    entries: () => Object.entries(headers),
  };
  return {
    method: "GET",
    target: "/",
    path: "/",
    rawQuery: "",
    version: "1.1",
    headers: h,
    remoteAddress,
    remotePort: 40000,
    body: async () => new Uint8Array(),
    bodyStream: async function* () {},
    signal: new AbortController().signal,
  };
}

class FakeResponse implements HttpResponse {
  status = 200;
  headers = new Map<string, string>();
  body = "";
  finished = false;
  get headersSent(): boolean {
    return this.finished;
  }
  setHeader(name: string, value: string): void {
    this.headers.set(name.toLowerCase(), value);
  }
  appendHeader(name: string, value: string): void {
    const old = this.headers.get(name.toLowerCase());
    this.headers.set(name.toLowerCase(), old === undefined ? value : `${old}, ${value}`);
  }
  getHeader(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }
  removeHeader(name: string): void {
    this.headers.delete(name.toLowerCase());
  }
  async write(chunk: Uint8Array | string): Promise<void> {
    this.body += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
  }
  async end(body?: Uint8Array | string): Promise<void> {
    if (body !== undefined) await this.write(body);
    this.finished = true;
  }
}

/** Runs one request through the middleware and a handler that answers 200 "ok". */
async function hit(mw: ReturnType<typeof rateLimit>, req: HttpRequest) {
  const res = new FakeResponse();
  const c: RateLimitContext = { req, res };
  let handled = false;
  await mw(c, async () => {
    handled = true;
    await res.end("ok");
  });
  const headers = Object.fromEntries(res.headers);
  return { status: res.status, body: res.body, handled, headers };
}

describe("rateLimit middleware", () => {
  test("sets RateLimit headers on allowed responses and answers 429 with Retry-After when refused", async () => {
    const clock = new FakeClock();
    const mw = rateLimit(createLimiter({ algorithm: "token-bucket", rate: 2, burst: 2, clock }));
    const req = fakeRequest("192.0.2.1");
    const results = [await hit(mw, req), await hit(mw, req), await hit(mw, req)];
    expect(results.map((r) => [r.status, r.handled])).toEqual([[200, true], [200, true], [429, false]]);
    expect(results[0]!.headers).toEqual({ "ratelimit-limit": "2", "ratelimit-remaining": "1", "ratelimit-reset": "1" });
    expect(results[2]).toMatchObject({
      body: "Too Many Requests\n",
      headers: {
        "ratelimit-limit": "2",
        "ratelimit-remaining": "0",
        "ratelimit-reset": "1",
        "retry-after": "1", // 500 ms rounded up to whole seconds
        "content-type": "text/plain; charset=utf-8",
      },
    });
    clock.advance(500);
    expect((await hit(mw, req)).status).toBe(200);
  });

  test("Retry-After and RateLimit-Reset round up to whole seconds", async () => {
    const clock = new FakeClock();
    const mw = rateLimit(createLimiter({ algorithm: "fixed-window", rate: 1, burst: 1, clock, windowMs: 2500 }));
    const req = fakeRequest("192.0.2.1");
    await hit(mw, req);
    clock.advance(400);
    const r = await hit(mw, req);
    expect(r.status).toBe(429);
    expect(r.headers["retry-after"]).toBe("3"); // 2100 ms
    expect(r.headers["ratelimit-reset"]).toBe("3");
  });

  test("keys by client address by default", async () => {
    const mw = rateLimit(createLimiter({ algorithm: "sliding-log", rate: 1, burst: 1, clock: new FakeClock() }));
    expect((await hit(mw, fakeRequest("192.0.2.1"))).status).toBe(200);
    expect((await hit(mw, fakeRequest("192.0.2.1"))).status).toBe(429);
    expect((await hit(mw, fakeRequest("192.0.2.2"))).status).toBe(200);
  });

  test("keys by a header such as X-API-Key, falling back to the address without it", async () => {
    const mw = rateLimit(createLimiter({ algorithm: "leaky-bucket", rate: 1, burst: 1, clock: new FakeClock() }), { header: "X-API-Key" });
    expect((await hit(mw, fakeRequest("192.0.2.1", { "X-API-Key": "alice" }))).status).toBe(200);
    expect((await hit(mw, fakeRequest("192.0.2.9", { "x-api-key": "alice" }))).status).toBe(429);
    expect((await hit(mw, fakeRequest("192.0.2.1", { "X-API-Key": "bob" }))).status).toBe(200);
    expect((await hit(mw, fakeRequest("192.0.2.1"))).status).toBe(200);
    expect((await hit(mw, fakeRequest("192.0.2.1"))).status).toBe(429);
  });

  test("takes a custom key function", async () => {
    const mw = rateLimit(createLimiter({ algorithm: "sliding-window", rate: 1, burst: 1, clock: new FakeClock() }), { key: () => "everyone" });
    expect((await hit(mw, fakeRequest("192.0.2.1"))).status).toBe(200);
    expect((await hit(mw, fakeRequest("192.0.2.2"))).status).toBe(429);
  });
});
