/** `createApp`: POST /echo, static files behind the router, rate limiting, and the access-log format. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createApp, formatAccess, HttpServer } from "../../src/http/index.ts";
import { oneLine } from "../../src/http/echo.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { tempDir } from "../support/cli.ts";

const dir = tempDir("gokit-app-");
let server: HttpServer;
let limited: HttpServer;

beforeAll(async () => {
  writeFileSync(join(dir.path, "index.html"), "home");
  server = await HttpServer.listen({ handler: await createApp({ root: dir.path }), port: 0 });
  limited = await HttpServer.listen({ handler: await createApp({ root: dir.path, rate: 1, burst: 2, clock: new FakeClock(1e12) }), port: 0 });
});

afterAll(() => {
  server.close();
  limited.close();
  dir[Symbol.dispose]();
});

async function curl(...args: string[]): Promise<string> {
  const p = Bun.spawn(["curl", "-sS", ...args], { stdout: "pipe" });
  return new Response(p.stdout).text();
}

describe("POST /echo", () => {
  test("answers {\"received\": <the JSON body>}", async () => {
    expect(await curl("-X", "POST", `http://127.0.0.1:${server.port}/echo`, "-d", '{"message": "hello"}')).toBe('{"received": {"message": "hello"}}\n');
  });

  test("answers invalid JSON with 400 and a one-line JSON error", async () => {
    const out = await curl("-w", "\n%{http_code}", "-X", "POST", `http://127.0.0.1:${server.port}/echo`, "-d", '{"message": }');
    const [body, status] = out.split("\n").filter((l) => l !== "");
    expect(status).toBe("400");
    expect(JSON.parse(body!).error).toContain("invalid JSON: Parse error at line 1, column 13");
  });

  test("echoes a chunked body", async () => {
    expect(await curl("-H", "Transfer-Encoding: chunked", `http://127.0.0.1:${server.port}/echo`, "-d", "[1, 2.5, null, true]")).toBe('{"received": [1, 2.5, null, true]}\n');
  });

  test("oneLine writes JSON on one line with spaces after colons and commas", () => {
    expect(oneLine({ a: [1, { b: "x\n" }], c: {} })).toBe('{"a": [1, {"b": "x\\n"}], "c": {}}');
  });
});

test("static files are served for paths no route matches", async () => {
  expect(await curl(`http://127.0.0.1:${server.port}/`)).toBe("home");
});

test("rate limiting answers 429 once a client's burst is spent", async () => {
  const codes: string[] = [];
  for (let i = 0; i < 4; i++) codes.push(await curl("-o", "/dev/null", "-w", "%{http_code}", `http://127.0.0.1:${limited.port}/`));
  expect(codes).toEqual(["200", "200", "429", "429"]);
});

test("formatAccess writes the access line of the issue", () => {
  const time = new Date(2025, 0, 10, 14, 32, 1).getTime();
  const line = formatAccess({ time, remoteAddress: "192.168.1.5", remotePort: 52341, method: "GET", target: "/index.html", status: 200, bytes: 10, durationMs: 2.2 });
  expect(line).toBe("[2025-01-10 14:32:01] 192.168.1.5:52341 - GET /index.html - 200 - 2ms");
});

test("HEAD and conditional requests reach the static files through the router", async () => {
  const head = await curl("-I", `http://127.0.0.1:${server.port}/index.html`);
  expect(head).toContain("HTTP/1.1 200 OK");
  expect(head).toContain("Content-Length: 4");
  const etag = /ETag: (.*)\r/.exec(head)![1]!;
  expect(await curl("-o", "/dev/null", "-w", "%{http_code}", "-H", `If-None-Match: ${etag}`, `http://127.0.0.1:${server.port}/index.html`)).toBe("304");
});

test("GET /echo is 405 with Allow: POST", async () => {
  const out = await curl("-i", `http://127.0.0.1:${server.port}/echo`);
  expect(out).toContain("HTTP/1.1 405");
  expect(out).toMatch(/Allow: .*POST/);
});
