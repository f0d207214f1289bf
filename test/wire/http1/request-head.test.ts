/**
 * The request-head parser, table-driven: every case is fed whole and split at
 * every byte offset (two reads), and must give the same head or error.
 */
import { describe, expect, test } from "bun:test";
import { RequestHeadParser, type HeadResult, type RequestHeadLimits } from "../../../src/wire/http1/index.ts";

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Feeds `input` in pieces ending at each offset of `cuts`, as a connection buffer grows. */
function feed(input: Uint8Array, cuts: number[], limits?: RequestHeadLimits): HeadResult {
  const p = new RequestHeadParser(limits);
  let r: HeadResult = { kind: "more" };
  for (const end of [...cuts, input.length]) {
    r = p.parse(input, 0, end);
    if (r.kind !== "more") return r;
  }
  return r;
}

/** Feeds whole and split at every offset; asserts all agree and returns the result. */
function parseAllSplits(raw: string, limits?: RequestHeadLimits): HeadResult {
  const input = bytes(raw);
  const whole = feed(input, [], limits);
  const summary = (r: HeadResult) => (r.kind === "head" ? { ...r.head, headers: [...r.head.headers.entries()], size: r.size } : r.kind === "error" ? r.error.status : "more");
  for (let cut = 1; cut < input.length; cut++) expect({ cut, r: summary(feed(input, [cut], limits)) }).toEqual({ cut, r: summary(whole) });
  return whole;
}

describe("RequestHeadParser accepts", () => {
  const ok: [string, string, Partial<{ method: string; path: string; rawQuery: string; version: string; keepAlive: boolean; framing: unknown; expectContinue: boolean }>][] = [
    ["a simple GET", "GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n", { method: "GET", path: "/index.html", rawQuery: "", version: "1.1", keepAlive: true, framing: { kind: "none" } }],
    ["a query string", "GET /a/b?x=1&y=%20 HTTP/1.1\r\nHost: a\r\n\r\n", { path: "/a/b", rawQuery: "x=1&y=%20" }],
    ["HTTP/1.0 without Host, closing by default", "GET / HTTP/1.0\r\n\r\n", { version: "1.0", keepAlive: false }],
    ["HTTP/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", { keepAlive: true }],
    ["Connection: close in 1.1", "GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n", { keepAlive: false }],
    ["bare LF line endings (RFC 9112 §2.2)", "GET / HTTP/1.1\nHost: a\n\n", { method: "GET", path: "/" }],
    ["leading empty lines (RFC 9112 §2.2)", "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", { method: "GET" }],
    ["Content-Length", "POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n", { framing: { kind: "length", length: 12 } }],
    ["identical repeated Content-Length", "POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", { framing: { kind: "length", length: 5 } }],
    ["chunked", "POST /e HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n", { framing: { kind: "chunked" } }],
    ["Expect: 100-continue", "POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n\r\n", { expectContinue: true }],
    ["absolute-form (RFC 9112 §3.2.2)", "GET http://example.com/p?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n", { path: "/p", rawQuery: "q=1" }],
    ["absolute-form without a path", "GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n", { path: "/" }],
    ["OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", { path: "*" }],
    ["HTTP/1.9 as 1.1", "GET / HTTP/1.9\r\nHost: a\r\n\r\n", { version: "1.1" }],
    ["an empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", { path: "/" }],
    ["obs-text in a value", "GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\xe9\r\n\r\n", { path: "/" }],
  ];
  for (const [name, raw, want] of ok) {
    test(name, () => {
      const r = parseAllSplits(raw);
      expect(r.kind).toBe("head");
      if (r.kind !== "head") return;
      expect(r.size).toBe(raw.length);
      expect(r.head).toMatchObject(want);
    });
  }

  test("header values with surrounding whitespace trimmed, names kept as sent", () => {
    const r = parseAllSplits("GET / HTTP/1.1\r\nHost: a\r\nX-Foo: \t bar baz \t\r\nx-foo: 2\r\n\r\n");
    if (r.kind !== "head") throw new Error("want head");
    expect(r.head.headers.get("X-FOO")).toBe("bar baz, 2");
    expect(r.head.headers.getAll("x-foo")).toEqual(["bar baz", "2"]);
    expect([...r.head.headers.entries()][1]).toEqual(["X-Foo", "bar baz"]);
  });

  test("stops at the end of the head, leaving pipelined bytes", () => {
    const one = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n";
    const input = bytes(one + "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
    const p = new RequestHeadParser();
    const r1 = p.parse(input, 0, input.length);
    expect(r1.kind === "head" && r1.size).toBe(one.length);
    const r2 = p.parse(input, one.length, input.length);
    expect(r2.kind === "head" && r2.head.path).toBe("/2");
  });

  test("byte-by-byte feeding reports more until the last byte", () => {
    const input = bytes("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
    const p = new RequestHeadParser();
    for (let end = 1; end < input.length; end++) expect(p.parse(input, 0, end).kind).toBe("more");
    expect(p.parse(input, 0, input.length).kind).toBe("head");
  });
});

describe("RequestHeadParser rejects", () => {
  const bad: [string, string, number, RequestHeadLimits?][] = [
    ["both Content-Length and Transfer-Encoding (smuggling)", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400],
    ["conflicting Content-Length lines", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400],
    ["a conflicting Content-Length list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n", 400],
    ["a signed Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", 400],
    ["a hex Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\n", 400],
    ["an empty Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400],
    ["a huge Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 400],
    ["chunked not last", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n", 400],
    ["chunked twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400],
    ["an unknown transfer coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501],
    ["gzip, chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501],
    ["Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400],
    ["whitespace before the colon (RFC 9112 §5.1)", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\n", 400],
    ["obs-fold (RFC 9112 §5.2)", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400],
    ["a missing Host in 1.1", "GET / HTTP/1.1\r\nX: a\r\n\r\n", 400],
    ["two Host lines", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400],
    ["a Host with a slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400],
    ["a bare CR in the request-line", "GET / HTTP/1.1\r\r\nHost: a\r\n\r\n", 400],
    ["a bare CR in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400],
    ["a NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", 400],
    ["a header line without colon", "GET / HTTP/1.1\r\nHost: a\r\nnocolon\r\n\r\n", 400],
    ["two spaces in the request-line", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400],
    ["HTTP/0.9 style", "GET /\r\n\r\n", 400],
    ["a lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n", 400],
    ["HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505],
    ["an unknown method", "BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", 501],
    ["CONNECT", "CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n", 501],
    ["an invalid method token", "G@T / HTTP/1.1\r\nHost: a\r\n\r\n", 400],
    ["a relative target", "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", 400],
    ["a target with a control character", "GET /a\x01b HTTP/1.1\r\nHost: a\r\n\r\n", 400],
    ["a target with obs-text", "GET /caf\xe9 HTTP/1.1\r\nHost: a\r\n\r\n", 400],
    ["an unsupported expectation", "POST / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\n", 417],
    ["a target over the limit (414)", `GET /${"a".repeat(100)} HTTP/1.1\r\nHost: a\r\n\r\n`, 414, { maxTargetLength: 64 }],
    ["a header section over the limit (431)", `GET / HTTP/1.1\r\nHost: a\r\nX: ${"b".repeat(300)}\r\n\r\n`, 431, { maxHeaderBytes: 256 }],
    ["too many header lines (431)", `GET / HTTP/1.1\r\nHost: a\r\n${"X: 1\r\n".repeat(10)}\r\n`, 431, { maxHeaderCount: 5 }],
  ];
  for (const [name, raw, status, limits] of bad) {
    test(`${name} with ${status}`, () => {
      const r = parseAllSplits(raw, limits);
      expect(r.kind).toBe("error");
      if (r.kind === "error") expect(r.error.status).toBe(status);
    });
  }

  test("an endless request-line with 414 before its end arrives", () => {
    const p = new RequestHeadParser({ maxTargetLength: 100 });
    const input = bytes(`GET /${"a".repeat(1000)}`);
    const r = p.parse(input, 0, input.length);
    expect(r.kind === "error" && r.error.status).toBe(414);
  });

  test("an endless header section with 431 before its end arrives", () => {
    const p = new RequestHeadParser({ maxHeaderBytes: 1024 });
    const input = bytes(`GET / HTTP/1.1\r\n${"X-Pad: 0123456789\r\n".repeat(100)}`);
    const r = p.parse(input, 0, input.length);
    expect(r.kind === "error" && r.error.status).toBe(431);
  });

  test("endless empty lines before a request", () => {
    const p = new RequestHeadParser();
    const input = bytes("\r\n".repeat(100));
    const r = p.parse(input, 0, input.length);
    expect(r.kind === "error" && r.error.status).toBe(400);
  });
});
