/**
 * Timeouts on a FakeClock: a slow-loris client is dropped, idle keep-alive
 * connections are closed, and thousands of idle connections do not stop a
 * new client from being served.
 */
import { afterEach, expect, test } from "bun:test";
import { HttpServer } from "../../src/http/index.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { eventually, testHandler } from "./helpers.ts";
import { RawClient, statuses } from "./raw-client.ts";

let server: HttpServer | undefined;
afterEach(() => server?.close());

async function start(clock: FakeClock): Promise<HttpServer> {
  server = await HttpServer.listen({ handler: testHandler, port: 0, clock, headerTimeoutMs: 10_000, idleTimeoutMs: 5_000, ioTimeoutMs: 30_000 });
  return server;
}

test("a client that starts a head and stalls gets 408 and is closed after the header timeout", async () => {
  const clock = new FakeClock(1e12);
  const s = await start(clock);
  await using c = await RawClient.connect(s.port);
  c.write("GET /hello HTTP/1.1\r\nHo");
  await eventually(() => s.states.head === 1 && s.connections === 1, "partial head");
  clock.advance(9_000);
  expect(c.closed).toBe(false);
  clock.advance(2_000);
  await c.waitClose();
  expect(statuses(c.text)).toEqual([408]);
});

test("a slow-loris client trickling bytes is not granted more time per byte", async () => {
  const clock = new FakeClock(1e12);
  const s = await start(clock);
  await using c = await RawClient.connect(s.port);
  const head = "GET /hello HTTP/1.1\r\nHost: a\r\nX-Slow: 1234567890\r\n";
  let sent = 0;
  // One byte every 2 s of fake time: the 10 s deadline from the first byte still holds.
  while (!c.closed && sent < head.length) {
    c.write(head[sent++]!);
    const received = sent;
    await eventually(() => c.closed || s.states.head === 1, "byte received");
    void received;
    clock.advance(2_000);
    await new Promise((r) => setImmediate(r));
  }
  await c.waitClose();
  expect(sent).toBeLessThanOrEqual(7);
});

test("a connection that never sends a byte is closed after the header timeout, without a response", async () => {
  const clock = new FakeClock(1e12);
  const s = await start(clock);
  await using c = await RawClient.connect(s.port);
  await eventually(() => s.connections === 1, "accepted");
  clock.advance(10_001);
  await c.waitClose();
  expect(c.text).toBe("");
});

test("an idle keep-alive connection is closed after the idle timeout", async () => {
  const clock = new FakeClock(1e12);
  const s = await start(clock);
  await using c = await RawClient.connect(s.port);
  c.write("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
  await c.responses(1);
  await eventually(() => s.states.idle === 1, "idle");
  clock.advance(4_000);
  expect(c.closed).toBe(false);
  clock.advance(1_500);
  await c.waitClose();
  expect(statuses(c.text)).toEqual([200]);
});

test("a client that stops sending its body is answered 408 and closed after the I/O timeout", async () => {
  const clock = new FakeClock(1e12);
  const s = await start(clock);
  await using c = await RawClient.connect(s.port);
  c.write("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n01234");
  await eventually(() => s.states.body === 1, "waiting for body");
  clock.advance(30_001);
  await c.waitClose();
  expect(statuses(c.text)).toEqual([408]);
});

test("two thousand idle connections do not stop a new client being served", async () => {
  const clock = new FakeClock(1e12);
  const s = await start(clock);
  const idle: RawClient[] = [];
  try {
    for (let i = 0; i < 2000; i++) idle.push(await RawClient.connect(s.port));
    await eventually(() => s.connections === 2000, "all accepted");
    await using c = await RawClient.connect(s.port);
    c.write("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    expect(await c.responses(1)).toContain("hello\n");
    // And they all go once their time is up.
    clock.advance(10_001);
    await eventually(() => s.connections <= 1, "idle connections dropped");
  } finally {
    for (const c of idle) await c[Symbol.asyncDispose]();
  }
});

test("a client that stops reading a large response is cut off after the I/O timeout, and back-pressure holds the handler", async () => {
  const clock = new FakeClock(1e12);
  let written = 0;
  server = await HttpServer.listen({
    port: 0,
    clock,
    ioTimeoutMs: 30_000,
    handler: async (_req, res) => {
      const chunk = new Uint8Array(256 * 1024);
      for (let i = 0; i < 400; i++) {
        await res.write(chunk);
        written += chunk.length;
      }
      await res.end();
    },
  });
  const s = server;
  const { connect } = await import("node:net");
  const sock = connect(s.port, "127.0.0.1");
  const closed = new Promise<void>((r) => sock.on("close", () => r()));
  sock.on("error", () => {});
  sock.pause();
  sock.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  await eventually(() => s.states.write === 1, "write blocked");
  // 100 MB were to be sent; the paused reader holds the handler to what the socket buffers took.
  expect(written).toBeLessThan(64 * 1024 * 1024);
  clock.advance(30_001);
  await closed;
  expect(s.connections).toBe(0);
});

test("a client trickling its body is cut off after the body timeout, however it paces its bytes", async () => {
  const clock = new FakeClock(1e12);
  server = await HttpServer.listen({ handler: testHandler, port: 0, clock, ioTimeoutMs: 30_000, bodyTimeoutMs: 60_000 });
  const s = server;
  await using c = await RawClient.connect(s.port);
  c.write("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n");
  let sent = 0;
  while (!c.closed && sent < 100) {
    await eventually(() => c.closed || s.states.body === 1, "waiting for body");
    if (c.closed) break;
    clock.advance(20_000);
    c.write("x");
    sent++;
    await eventually(() => c.closed || s.states.body === 1, "byte read");
  }
  await c.waitClose();
  expect(sent).toBeLessThanOrEqual(4);
  expect(statuses(c.text)).toEqual([408]);
});
