/**
 * Request trailers (RFC 9112 §7.1.2): fields after a chunked body reach the
 * handler apart from the headers, once the body is read, and count toward the
 * header section's limits (431).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createApp, HttpServer, type Handler } from "../../src/http/index.ts";
import { Router } from "../../src/router/index.ts";
import { tempDir } from "../support/cli.ts";
import { RawClient, statuses } from "./raw-client.ts";

/** Reports the trailers seen before and after reading the body. */
const router = new Router();
router.POST("/trailers", async (c) => {
  const before = [...c.trailers().entries()].length;
  const body = await c.body();
  const t = c.trailers();
  return c.json(200, { before, body: new TextDecoder().decode(body), checksum: t.get("x-checksum") ?? null, all: [...t.entries()], headerSeen: c.header("x-checksum") ?? null });
});
const handler: Handler = (req, res) => router.handle(req, res);

const dir = tempDir("gokit-trailers-");
let server: HttpServer;
let echo: HttpServer;

beforeAll(async () => {
  server = await HttpServer.listen({ handler, port: 0, maxHeaderBytes: 256, maxHeaderCount: 6 });
  echo = await HttpServer.listen({ handler: await createApp({ root: dir.path }), port: 0 });
});

afterAll(() => {
  server.close();
  echo.close();
  dir[Symbol.dispose]();
});

function bodyOf(text: string): unknown {
  return JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4));
}

const chunked = (trailers: string, extraHeaders = "") =>
  `POST /trailers HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n${extraHeaders}\r\n5\r\nhello\r\n0\r\n${trailers}\r\n`;

describe("request trailers", () => {
  test("reach the handler after the body is read, not before, and never as headers", async () => {
    await using c = await RawClient.connect(server.port);
    c.write(chunked("X-Checksum: abc123\r\nX-Other: 1\r\nx-other: 2\r\n"));
    expect(bodyOf(await c.responses(1))).toEqual({
      before: 0,
      body: "hello",
      checksum: "abc123",
      all: [["X-Checksum", "abc123"], ["X-Other", "1"], ["x-other", "2"]],
      headerSeen: null,
    });
  });

  test("are parsed when the trailer section arrives one byte at a time, and the next request is served", async () => {
    await using c = await RawClient.connect(server.port);
    await c.writeSlowly(`${chunked("X-Checksum: zz\r\n")}${chunked("")}`);
    const text = await c.responses(2);
    expect(statuses(text)).toEqual([200, 200]);
    const [first, second] = text.split("HTTP/1.1 ").slice(1);
    expect(bodyOf(`x${first!}`)).toMatchObject({ checksum: "zz" });
    expect(bodyOf(`x${second!}`)).toMatchObject({ checksum: null, all: [] });
  });

  test("share the header section's byte limit: a head and trailers over it are a 431 and close", async () => {
    // Alone, either part fits in 256 bytes; together they do not.
    const pad = "x".repeat(100);
    await using ok = await RawClient.connect(server.port);
    ok.write(chunked(`X-Checksum: ${pad}\r\n`));
    expect(statuses(await ok.responses(1))).toEqual([200]);
    await using big = await RawClient.connect(server.port);
    big.write(chunked(`X-Checksum: ${pad}\r\n`, `X-Pad: ${pad}\r\n`));
    await big.waitClose();
    expect(statuses(big.text)).toEqual([431]);
    expect(big.text).toContain("trailer section too large");
  });

  test("share the header line limit: too many header and trailer lines together are a 431", async () => {
    // 3 header lines + 3 trailer lines = 6 fits; a fourth trailer line is one too many.
    await using ok = await RawClient.connect(server.port);
    ok.write(chunked("A: 1\r\nB: 2\r\nC: 3\r\n"));
    expect(statuses(await ok.responses(1))).toEqual([200]);
    await using many = await RawClient.connect(server.port);
    many.write(chunked("A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n"));
    await many.waitClose();
    expect(statuses(many.text)).toEqual([431]);
  });

  test("with a malformed trailer line are a 400 and close", async () => {
    await using c = await RawClient.connect(server.port);
    c.write(chunked("X-Checksum abc\r\n"));
    await c.waitClose();
    expect(statuses(c.text)).toEqual([400]);
  });

  test("are echoed by POST /echo", async () => {
    await using c = await RawClient.connect(echo.port);
    const json = '{"message": "hello"}';
    c.write(`POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n${json.length.toString(16)}\r\n${json}\r\n0\r\nX-Checksum: 5d41402a\r\n\r\n`);
    const text = await c.responses(1);
    expect(text.slice(text.indexOf("\r\n\r\n") + 4)).toBe('{"received": {"message": "hello"}, "trailers": {"X-Checksum": "5d41402a"}}\n');
  });

  test("curl's chunked upload with a Trailer header (no trailer fields: curl sends none) echoes the plain form", async () => {
    const p = Bun.spawn(["curl", "-sS", "-H", "Transfer-Encoding: chunked", "-H", "Trailer: X-Checksum", "-X", "POST", `http://127.0.0.1:${echo.port}/echo`, "-d", '{"message": "hello"}'], { stdout: "pipe" });
    expect(await new Response(p.stdout).text()).toBe('{"received": {"message": "hello"}}\n');
    expect(await p.exited).toBe(0);
  });
});
