/**
 * The synchronous fast path for cached files: byte-for-byte the response the
 * handler itself sends, pipelined answers in order in one write, back-pressure
 * (no new request while output waits), access log, and when it must decline.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Connection } from "../../src/http/connection.ts";
import { fastPathOf } from "../../src/http/fixed.ts";
import { type AccessEntry, createApp, type Handler, HttpServer, staticHandler } from "../../src/http/index.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { RequestHeadParser } from "../../src/wire/http1/index.ts";
import { tempDir } from "../support/cli.ts";
import { RawClient, statuses } from "./raw-client.ts";

const dir = tempDir("gokit-fast-");
const clock = new FakeClock(1e12);
const access: AccessEntry[] = [];
let files: Handler;
let fast: HttpServer;
let slow: HttpServer;

beforeAll(async () => {
  writeFileSync(join(dir.path, "a.txt"), "0123456789");
  writeFileSync(join(dir.path, "page.html"), "<p>page</p>\n");
  files = await staticHandler({ root: dir.path, clock });
  const common = { port: 0, clock, serverName: "gokit/test" };
  fast = await HttpServer.listen({ ...common, handler: files, onAccess: (e) => access.push(e) });
  // The same handler without its fast path: every request goes through runExchange.
  slow = await HttpServer.listen({ ...common, handler: (req, res) => files(req, res) });
});

afterAll(() => {
  fast.close();
  slow.close();
  dir[Symbol.dispose]();
});

/** Sends `request` (any number of pipelined requests) and waits for `n` responses; a last HEAD's has no body. */
async function exchange(port: number, request: string, n = 1): Promise<string> {
  await using c = await RawClient.connect(port);
  c.write(request);
  if (request.lastIndexOf("HEAD ") > request.lastIndexOf("GET ")) {
    return await c.until((t) => t.endsWith("\r\n\r\n") && statuses(t).length >= n);
  }
  return await c.responses(n);
}

const head = (text: string) => new RequestHeadParser().parse(new TextEncoder().encode(text), 0, text.length);

describe("the fast path", () => {
  for (const [what, request] of [
    ["GET", "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["HEAD", "HEAD /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["GET with Connection: close", "GET /page.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"],
    ["a query string", "GET /a.txt?v=1 HTTP/1.1\r\nHost: x\r\n\r\n"],
  ] as const) {
    test(`answers ${what} byte for byte as the handler does`, async () => {
      await exchange(fast.port, request); // warm: resolved and body kept
      const r = head(request);
      expect(r.kind === "head" && fastPathOf(files)!(r.head) !== undefined).toBe(true);
      const viaFast = await exchange(fast.port, request);
      const viaHandler = await exchange(slow.port, request);
      expect(viaFast).toBe(viaHandler);
      expect(viaFast.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
    });
  }

  test("closes after a Connection: close request", async () => {
    await exchange(fast.port, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    await using c = await RawClient.connect(fast.port);
    c.write("GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await c.waitClose();
    expect(c.text).toContain("\r\nConnection: close\r\n");
    expect(c.text.endsWith("0123456789")).toBe(true);
  });

  test("answers pipelined requests in order, fast and slow mixed", async () => {
    await exchange(fast.port, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    const get = (p: string) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`;
    const t = await exchange(fast.port, get("/a.txt") + get("/missing") + get("/page.html") + get("/a.txt") + `HEAD /a.txt HTTP/1.1\r\nHost: x\r\n\r\n`, 5);
    expect(statuses(t)).toEqual([200, 404, 200, 200, 200]);
    const bodies = t.split("\r\n\r\n").slice(1).map((s) => s.slice(0, 12));
    expect(bodies[0]!.startsWith("0123456789HT")).toBe(true);
    expect(bodies[2]).toBe("<p>page</p>\n");
    expect(t.endsWith("Accept-Ranges: bytes\r\nContent-Length: 10\r\nDate: " + new Date(clock.now()).toUTCString() + "\r\nServer: gokit/test\r\n\r\n")).toBe(true);
  });

  test("declines conditional and range requests, which the handler answers", async () => {
    await exchange(fast.port, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    const first = await exchange(fast.port, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    const etag = /ETag: (\S+)/.exec(first)![1]!;
    const modified = /Last-Modified: ([^\r]+)/.exec(first)![1]!;
    for (const [field, status] of [[`If-None-Match: ${etag}`, 304], ["Range: bytes=0-1", 206], [`If-Modified-Since: ${modified}`, 304]] as const) {
      const request = `GET /a.txt HTTP/1.1\r\nHost: x\r\n${field}\r\n\r\n`;
      const r = head(request);
      expect(r.kind === "head" && fastPathOf(files)!(r.head)).toBe(undefined);
      expect(statuses(await exchange(fast.port, request))).toEqual([status]);
    }
  });

  test("declines bodies, HTTP/1.0 and other methods (the handler answers them)", async () => {
    await exchange(fast.port, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    const withBody = await exchange(fast.port, "GET /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n", 2);
    expect(statuses(withBody)).toEqual([200, 200]);
    const old = await exchange(fast.port, "GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    expect(old).toContain("\r\nConnection: keep-alive\r\n");
    expect(statuses(await exchange(fast.port, "DELETE /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"))).toEqual([405]);
  });

  test("sees a changed file once the cache entry expires", async () => {
    using d = tempDir("gokit-fast-change-");
    writeFileSync(join(d.path, "f.txt"), "one");
    await using s = await HttpServer.listen({ port: 0, clock, handler: await staticHandler({ root: d.path, clock, cacheValidMs: 1000 }) });
    const get = async () => (await exchange(s.port, "GET /f.txt HTTP/1.1\r\nHost: x\r\n\r\n")).split("\r\n\r\n")[1];
    expect(await get()).toBe("one");
    expect(await get()).toBe("one");
    writeFileSync(join(d.path, "f.txt"), "two!");
    clock.advance(1001);
    expect(await get()).toBe("two!");
    expect(await get()).toBe("two!");
  });

  test("logs every answer with method, target, status and body bytes", async () => {
    await exchange(fast.port, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    access.length = 0;
    await exchange(fast.port, "GET /a.txt?x HTTP/1.1\r\nHost: x\r\n\r\nHEAD /a.txt HTTP/1.1\r\nHost: x\r\n\r\n", 2);
    expect(access.map((e) => [e.method, e.target, e.status, e.bytes, e.remoteAddress])).toEqual([
      ["GET", "/a.txt?x", 200, 10, "127.0.0.1"],
      ["HEAD", "/a.txt", 200, 0, "127.0.0.1"],
    ]);
  });
});

describe("the fast path's back-pressure", () => {
  /** A socket that takes nothing until `open` is set. */
  function stalledSocket() {
    const s = {
      open: false,
      out: "",
      ended: false,
      terminated: false,
      remoteAddress: "127.0.0.1",
      remotePort: 1,
      data: undefined as unknown,
      write(b: Uint8Array): number {
        if (!s.open) return 0;
        s.out += Buffer.from(b).toString("latin1");
        return b.length;
      },
      end() {
        s.ended = true;
      },
      terminate() {
        s.terminated = true;
      },
    };
    return s;
  }

  test("starts no request while a response waits for the socket, then answers the rest in order", async () => {
    await exchange(fast.port, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    const socket = stalledSocket();
    // biome-ignore lint/suspicious/noExplicitAny: a fake socket
    const conn = new Connection(socket as any, fast);
    const get = "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n";
    conn.onData(new TextEncoder().encode(get.repeat(2000)));
    expect(conn.pending).toBe(true);
    // Answers stop after one batch (64 KiB) the socket did not take.
    expect(conn.available).toBeGreaterThan(1000 * get.length);
    socket.open = true;
    conn.onDrain();
    expect(statuses(socket.out)).toEqual(Array(2000).fill(200));
    expect(conn.available).toBe(0);
    expect(conn.pending).toBe(false);
    conn.onClose();
  });

  test("cuts a client that keeps sending while not reading", async () => {
    await exchange(fast.port, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    const socket = stalledSocket();
    // biome-ignore lint/suspicious/noExplicitAny: a fake socket
    const conn = new Connection(socket as any, fast);
    const many = new TextEncoder().encode("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n".repeat(40_000));
    for (let i = 0; i < 3; i++) conn.onData(many); // 3.84 MB buffered
    expect(socket.terminated).toBe(false);
    conn.onData(many); // beyond 4 MiB
    expect(socket.terminated).toBe(true);
    conn.onClose();
  });
});

describe("createApp's fast path", () => {
  test("exists without rate limiting only, and leaves routed paths to the router", async () => {
    using d = tempDir("gokit-fast-app-");
    writeFileSync(join(d.path, "echo"), "a file named like a route");
    writeFileSync(join(d.path, "f.txt"), "file");
    expect(fastPathOf(await createApp({ root: d.path, rate: 10 }))).toBe(undefined);
    const app = await createApp({ root: d.path });
    expect(fastPathOf(app)).toBeDefined();
    await using s = await HttpServer.listen({ port: 0, handler: app });
    for (let i = 0; i < 2; i++) {
      expect(statuses(await exchange(s.port, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"))).toEqual([405]);
      expect(await exchange(s.port, "GET /f.txt HTTP/1.1\r\nHost: x\r\n\r\n")).toEndWith("\r\n\r\nfile");
    }
    const r = head("GET /f.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(r.kind === "head" && fastPathOf(app)!(r.head) !== undefined).toBe(true);
  });
});
