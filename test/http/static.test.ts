/**
 * Static files: types, validators and 304, ranges, directories, percent-
 * decoding, and path traversal and symlink escapes that must never return
 * file content (raw sockets, since curl would normalise the paths).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HttpServer, staticHandler } from "../../src/http/index.ts";
import { tempDir } from "../support/cli.ts";
import { eventually } from "./helpers.ts";
import { RawClient, statuses } from "./raw-client.ts";

const dir = tempDir("gokit-static-");
const root = join(dir.path, "www");
const big = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => (i * 31 + (i >> 9)) & 0xff);
let server: HttpServer;
let listing: HttpServer;

beforeAll(async () => {
  mkdirSync(join(root, "sub"), { recursive: true });
  mkdirSync(join(root, "docs"));
  mkdirSync(join(dir.path, "outside"));
  writeFileSync(join(root, "index.html"), "<h1>home</h1>\n");
  writeFileSync(join(root, "a.txt"), "0123456789");
  writeFileSync(join(root, "style.css"), "body{}");
  writeFileSync(join(root, "space name.txt"), "spaced");
  writeFileSync(join(root, "big.bin"), big);
  writeFileSync(join(root, "docs", "index.html"), "docs");
  writeFileSync(join(root, "sub", "x.json"), "{}");
  writeFileSync(join(dir.path, "secret.txt"), "TOP-SECRET");
  writeFileSync(join(dir.path, "outside", "secret.txt"), "TOP-SECRET");
  symlinkSync(join(dir.path, "secret.txt"), join(root, "escape.txt"));
  symlinkSync(join(dir.path, "outside"), join(root, "escape-dir"));
  symlinkSync(join(root, "a.txt"), join(root, "inner-link.txt"));
  server = await HttpServer.listen({ handler: await staticHandler({ root }), port: 0 });
  listing = await HttpServer.listen({ handler: await staticHandler({ root, listDirs: true }), port: 0 });
});

afterAll(() => {
  server.close();
  listing.close();
  dir[Symbol.dispose]();
});

async function curl(...args: string[]): Promise<{ out: string; err: string; bytes: Uint8Array }> {
  const p = Bun.spawn(["curl", "-sS", ...args], { stdout: "pipe", stderr: "pipe" });
  const [bytes, err] = await Promise.all([new Response(p.stdout).bytes(), new Response(p.stderr).text(), p.exited]);
  return { out: new TextDecoder().decode(bytes), err, bytes };
}

const url = (path: string, s = server) => `http://127.0.0.1:${s.port}${path}`;

describe("staticHandler", () => {
  test("serves index.html for / with its Content-Type, ETag and Last-Modified", async () => {
    const r = await curl("-v", url("/"));
    expect(r.out).toBe("<h1>home</h1>\n");
    expect(r.err).toContain("< Content-Type: text/html; charset=utf-8");
    expect(r.err).toMatch(/< ETag: "[0-9a-f]+-[0-9a-f]+"/);
    expect(r.err).toMatch(/< Last-Modified: \w{3}, \d\d \w{3} \d{4}/);
  });

  test("chooses Content-Type by extension", async () => {
    expect((await curl("-v", url("/style.css"))).err).toContain("< Content-Type: text/css; charset=utf-8");
    expect((await curl("-v", url("/sub/x.json"))).err).toContain("< Content-Type: application/json");
    expect((await curl("-v", url("/big.bin"), "-o", "/dev/null")).err).toContain("< Content-Type: application/octet-stream");
  });

  test("answers 304 to a matching If-None-Match and to a current If-Modified-Since", async () => {
    const head = (await curl("-I", url("/a.txt"))).out;
    const etag = /ETag: (.*)\r/.exec(head)![1]!;
    const lastModified = /Last-Modified: (.*)\r/.exec(head)![1]!;
    expect((await curl("-o", "/dev/null", "-w", "%{http_code}", "-H", `If-None-Match: "x", ${etag}`, url("/a.txt"))).out).toBe("304");
    expect((await curl("-o", "/dev/null", "-w", "%{http_code}", "-H", `If-Modified-Since: ${lastModified}`, url("/a.txt"))).out).toBe("304");
    expect((await curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT", url("/a.txt"))).out).toBe("200");
    expect((await curl("-o", "/dev/null", "-w", "%{http_code}", "-H", 'If-None-Match: "other"', url("/a.txt"))).out).toBe("200");
  });

  test("serves single byte ranges with 206 and Content-Range", async () => {
    const r = await curl("-v", "-r", "2-5", url("/a.txt"));
    expect(r.out).toBe("2345");
    expect(r.err).toContain("< HTTP/1.1 206 Partial Content");
    expect(r.err).toContain("< Content-Range: bytes 2-5/10");
    expect((await curl("-r", "-3", url("/a.txt"))).out).toBe("789");
    expect((await curl("-r", "7-", url("/a.txt"))).out).toBe("789");
    expect((await curl("-r", "8-100", url("/a.txt"))).out).toBe("89");
  });

  test("answers an unsatisfiable range with 416 and bytes */size", async () => {
    const r = await curl("-v", "-r", "20-30", url("/a.txt"));
    expect(r.err).toContain("< HTTP/1.1 416 Range Not Satisfiable");
    expect(r.err).toContain("< Content-Range: bytes */10");
  });

  test("ignores a Range whose If-Range validator is stale", async () => {
    expect((await curl("-r", "0-1", "-H", 'If-Range: "stale"', url("/a.txt"))).out).toBe("0123456789");
  });

  test("streams a large file intact", async () => {
    const r = await curl(url("/big.bin"));
    expect(r.bytes.length).toBe(big.length);
    expect(Bun.hash(r.bytes)).toBe(Bun.hash(big));
    const part = await curl("-r", "1000000-2999999", url("/big.bin"));
    expect(Bun.hash(part.bytes)).toBe(Bun.hash(big.subarray(1_000_000, 3_000_000)));
  });

  test("streams a 2 GiB file to a client that does not read, holding only what the socket takes", async () => {
    // A sparse file: reading it whole would need 2 GiB of memory; streaming it needs a few chunks.
    const huge = join(root, "huge.bin");
    writeFileSync(huge, "");
    truncateSync(huge, 2 ** 31);
    const before = process.memoryUsage().rss;
    const { connect } = await import("node:net");
    const sock = connect(server.port, "127.0.0.1");
    sock.on("error", () => {});
    sock.pause();
    sock.write("GET /huge.bin HTTP/1.1\r\nHost: a\r\n\r\n");
    await eventually(() => server.states.write === 1, "the write to block");
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
    sock.destroy();
  });

  test("answers HEAD with the length and no body", async () => {
    const r = await curl("-I", url("/big.bin"));
    expect(r.out).toContain(`Content-Length: ${big.length}`);
  });

  test("percent-decodes paths", async () => {
    expect((await curl(url("/space%20name.txt"))).out).toBe("spaced");
  });

  test("redirects a directory without a trailing slash, serves its index.html, and forbids one without", async () => {
    const r = await curl("-v", url("/docs?x=1"));
    expect(r.err).toContain("< HTTP/1.1 301");
    expect(r.err).toContain("< Location: /docs/?x=1");
    expect((await curl(url("/docs/"))).out).toBe("docs");
    expect((await curl("-o", "/dev/null", "-w", "%{http_code}", url("/sub/"))).out).toBe("403");
  });

  test("lists a directory with --list-dirs", async () => {
    const r = await curl(url("/sub/", listing));
    expect(r.out).toContain('<a href="x.json">x.json</a>');
  });

  test("answers 404 for missing files and 405 for other methods", async () => {
    expect((await curl("-o", "/dev/null", "-w", "%{http_code}", url("/nope.txt"))).out).toBe("404");
    expect((await curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", url("/a.txt"))).out).toBe("405");
  });

  test("follows symlinks that stay inside the root", async () => {
    expect((await curl(url("/inner-link.txt"))).out).toBe("0123456789");
  });

  const attacks = [
    "/../secret.txt",
    "/../../../../etc/passwd",
    "/sub/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/sub/%2e%2e/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/sub%2f..%2f..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%5csecret.txt",
    "/.%2e/secret.txt",
    "/%252e%252e/secret.txt",
    "/a.txt%00.html",
    "/escape.txt",
    "/escape-dir/secret.txt",
    "/escape-dir/",
    "//etc/passwd",
    "http://x/../secret.txt",
  ];
  for (const target of attacks) {
    test(`never returns file content outside the root for ${target}`, async () => {
      await using c = await RawClient.connect(server.port);
      c.write(`GET ${target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`);
      await c.waitClose();
      expect(c.text).not.toContain("TOP-SECRET");
      expect(c.text).not.toContain("root:");
      const [status] = statuses(c.text);
      expect([400, 403, 404]).toContain(status!);
    });
  }
});

describe("staticHandler's file cache", () => {
  test("reuses a resolution for cacheValidMs, then sees the file's new content", async () => {
    const { FakeClock } = await import("../../src/runtime/index.ts");
    const clock = new FakeClock(1e12);
    using d = tempDir("gokit-cache-");
    writeFileSync(join(d.path, "f.txt"), "one");
    await using s = await HttpServer.listen({ port: 0, handler: await staticHandler({ root: d.path, clock, cacheValidMs: 1000 }) });
    const get = async () => (await curl(`http://127.0.0.1:${s.port}/f.txt`)).out;
    expect(await get()).toBe("one");
    writeFileSync(join(d.path, "f.txt"), "two!");
    clock.advance(1001);
    expect(await get()).toBe("two!");
  });

  test("with caching off, a symlink swapped to point outside is refused at once", async () => {
    using d = tempDir("gokit-cache-");
    mkdirSync(join(d.path, "www"));
    writeFileSync(join(d.path, "www", "ok.txt"), "fine");
    writeFileSync(join(d.path, "secret.txt"), "TOP-SECRET");
    symlinkSync(join(d.path, "www", "ok.txt"), join(d.path, "www", "link.txt"));
    await using s = await HttpServer.listen({ port: 0, handler: await staticHandler({ root: join(d.path, "www"), cacheValidMs: 0 }) });
    expect((await curl(`http://127.0.0.1:${s.port}/link.txt`)).out).toBe("fine");
    const { rmSync } = await import("node:fs");
    rmSync(join(d.path, "www", "link.txt"));
    symlinkSync(join(d.path, "secret.txt"), join(d.path, "www", "link.txt"));
    const r = await curl("-w", "%{http_code}", `http://127.0.0.1:${s.port}/link.txt`);
    expect(r.out).not.toContain("TOP-SECRET");
    expect(r.out.endsWith("404")).toBe(true);
  });
});

test("a directory redirect never becomes protocol-relative (no open redirect)", async () => {
  await using c = await RawClient.connect(server.port);
  c.write("GET //docs HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  await c.waitClose();
  expect(c.text).toContain("Location: /docs/\r\n");
});
