/**
 * The server over real sockets: curl for well-formed exchanges, raw sockets
 * for pipelining, split input, smuggling attempts and limits.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { HttpServer } from "../../src/http/index.ts";
import { testHandler } from "./helpers.ts";
import { countResponses, RawClient, statuses } from "./raw-client.ts";

let server: HttpServer;
const errors: unknown[] = [];

beforeEach(async () => {
  errors.length = 0;
  server = await HttpServer.listen({ handler: testHandler, port: 0, maxBodyBytes: 1000, maxTargetLength: 200, maxHeaderBytes: 2048, onError: (e) => errors.push(e) });
});
afterEach(() => server.close());

async function curl(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const p = Bun.spawn(["curl", "-sS", ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;

describe("HttpServer with curl", () => {
  test("answers a GET with Date, Server and Content-Length", async () => {
    const r = await curl("-v", url("/hello"));
    expect(r.out).toBe("hello\n");
    expect(r.err).toContain("< HTTP/1.1 200 OK");
    expect(r.err).toMatch(/< Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT/);
    expect(r.err).toContain("< Server: gokit");
    expect(r.err).toContain("< Content-Length: 6");
  });

  test("reuses one connection for several requests (keep-alive)", async () => {
    const r = await curl("-v", url("/hello"), url("/a?b=c"));
    expect(r.out).toBe("hello\npath=/a query=b=c");
    expect(r.err).toMatch(/Re-using existing connection|Reusing existing/);
  });

  test("reads a Content-Length body (--data)", async () => {
    expect((await curl("--data", "x=1&y=2", url("/body"))).out).toBe("7:x=1&y=2");
  });

  test("reads a chunked body", async () => {
    expect((await curl("-H", "Transfer-Encoding: chunked", "--data", "chunky", url("/body"))).out).toBe("6:chunky");
  });

  test("sends 100 Continue for Expect: 100-continue before the body is read", async () => {
    const r = await curl("-v", "-H", "Expect: 100-continue", "--data", "abc", url("/body"));
    expect(r.err).toContain("< HTTP/1.1 100 Continue");
    expect(r.out).toBe("3:abc");
  });

  test("answers HTTP/1.0 and closes", async () => {
    const r = await curl("-v", "--http1.0", url("/hello"));
    expect(r.out).toBe("hello\n");
    expect(r.err).toContain("< Connection: close");
  });

  test("streams a chunked response, and close-delimits it for HTTP/1.0", async () => {
    const r = await curl("-v", url("/stream"));
    expect(r.out).toBe("one,two,three");
    expect(r.err).toContain("< Transfer-Encoding: chunked");
    const old = await curl("-v", "--http1.0", url("/stream"));
    expect(old.out).toBe("one,two,three");
    expect(old.err).not.toContain("Transfer-Encoding");
  });

  test("answers HEAD without a body", async () => {
    const r = await curl("-I", url("/hello"));
    expect(r.out).toContain("Content-Length: 6");
    expect(r.out.endsWith("\r\n\r\n")).toBe(true);
  });
});

describe("HttpServer with raw sockets", () => {
  test("answers 100 pipelined requests sent in one write, in order", async () => {
    await using c = await RawClient.connect(server.port);
    let batch = "";
    for (let i = 0; i < 100; i++) batch += `GET /p${i} HTTP/1.1\r\nHost: a\r\n\r\n`;
    c.write(batch);
    const text = await c.responses(100);
    const paths = [...text.matchAll(/path=(\/p\d+)/g)].map((m) => m[1]);
    expect(paths).toEqual(Array.from({ length: 100 }, (_, i) => `/p${i}`));
  });

  test("parses a request written one byte at a time", async () => {
    await using c = await RawClient.connect(server.port);
    await c.writeSlowly("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
    expect(await c.responses(1)).toContain("5:hello");
  });

  test("parses a chunked body with trailers written one byte at a time, then serves the next request", async () => {
    await using c = await RawClient.connect(server.port);
    await c.writeSlowly("POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nX-T: 1\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    const text = await c.responses(2);
    expect(text).toContain("5:abcde");
    expect(text).toContain("hello\n");
  });

  test("pipelines bodies and heads mixed in one write", async () => {
    await using c = await RawClient.connect(server.port);
    c.write("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcPOST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    const text = await c.responses(3);
    expect(text.indexOf("3:abc")).toBeLessThan(text.indexOf("1:z"));
    expect(text.indexOf("1:z")).toBeLessThan(text.indexOf("hello\n"));
  });

  test("keeps HTTP/1.0 keep-alive connections open and closes on Connection: close", async () => {
    await using c = await RawClient.connect(server.port);
    c.write("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    expect(await c.responses(1)).toContain("Connection: keep-alive");
    c.write("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    await c.waitClose();
    expect(countResponses(c.text)).toBe(2);
    expect(c.text).toContain("Connection: close");
  });

  test("discards an unread body so the connection stays usable", async () => {
    await using c = await RawClient.connect(server.port);
    c.write("POST /ignore HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    const text = await c.responses(2);
    expect(statuses(text)).toEqual([200, 200]);
    expect(text).toContain("hello\n");
  });

  test("answers a thrown handler error with 500 and keeps the connection", async () => {
    await using c = await RawClient.connect(server.port);
    c.write("GET /throw HTTP/1.1\r\nHost: a\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    expect(statuses(await c.responses(2))).toEqual([500, 200]);
    expect(errors.length).toBe(1);
  });

  test("refuses header values that would split the response (500, no injected header)", async () => {
    await using c = await RawClient.connect(server.port);
    c.write("GET /inject HTTP/1.1\r\nHost: a\r\n\r\n");
    const text = await c.responses(1);
    expect(statuses(text)).toEqual([500]);
    expect(text).not.toContain("evil");
  });

  const refused: [string, string, number][] = [
    ["Content-Length with Transfer-Encoding (smuggling)", "POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 400],
    ["conflicting Content-Length (smuggling)", "POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 400],
    ["an obfuscated Transfer-Encoding", "POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 400],
    ["a chunk size overflow", "POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff1\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 400],
    ["a missing Host", "GET /hello HTTP/1.1\r\n\r\n", 400],
    ["a target over the limit", `GET /${"a".repeat(300)} HTTP/1.1\r\nHost: a\r\n\r\n`, 414],
    ["a header section over the limit", `GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ${"p".repeat(3000)}\r\n\r\n`, 431],
    ["a Content-Length over the body limit", "POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 1001\r\n\r\n", 413],
    ["a chunked body over the body limit", `POST /body HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n${"x".repeat(1001)}\r\n0\r\n\r\n`, 413],
    ["an unknown method", "BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", 501],
    ["HTTP/2.0 in an HTTP/1 request-line", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505],
    ["binary garbage", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400],
  ];
  for (const [name, raw, status] of refused) {
    test(`answers ${name} with ${status} and closes`, async () => {
      await using c = await RawClient.connect(server.port);
      c.write(raw);
      await c.waitClose();
      expect(statuses(c.text)).toEqual([status]);
      expect(c.text).toContain("Connection: close");
      expect(c.text).not.toContain("smuggled");
    });
  }

  test("refuses an over-limit Expect body with 413 and never sends 100 Continue", async () => {
    await using c = await RawClient.connect(server.port);
    c.write("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
    await c.waitClose();
    expect(c.text).not.toContain("100 Continue");
    expect(statuses(c.text)).toEqual([413]);
  });

  test("sends 100 Continue only once the handler reads the body", async () => {
    await using c = await RawClient.connect(server.port);
    c.write("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
    await c.until((t) => t.includes("100 Continue\r\n\r\n"));
    c.write("ok");
    expect(await c.responses(1)).toContain("2:ok");
  });

  test("answers a final status without 100 Continue when the body is not read, then closes", async () => {
    await using c = await RawClient.connect(server.port);
    c.write("POST /ignore HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
    await c.waitClose();
    expect(c.text).not.toContain("100 Continue");
    expect(statuses(c.text)).toEqual([200]);
  });
});
