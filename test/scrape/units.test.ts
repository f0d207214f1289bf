import { describe, expect, test } from "bun:test";
import {
  backoffDelay,
  decodeEntities,
  decodeHtml,
  extract,
  formatErrors,
  formatEvent,
  formatMs,
  parseRetryAfter,
  parseSelector,
  renderLive,
} from "../../src/scrape/index.ts";

describe("backoff", () => {
  test("waits grow exponentially, jittered within [c/2, c), and stop at the cap", () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, { baseMs: 100, random: low }))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, { baseMs: 100, random: high }))).toEqual([99, 199, 399, 799]);
    expect(backoffDelay(20, { baseMs: 100, capMs: 1000, random: low })).toBe(500);
  });

  test("Retry-After takes delay-seconds or an HTTP date", () => {
    const now = Date.parse("2025-01-10T14:30:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Fri, 10 Jan 2025 14:30:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Fri, 10 Jan 2025 14:29:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("extraction", () => {
  const page = `<html><head><title> A &amp; B\n </title><META NAME="Description" CONTENT="x &lt; y">
    <base href="/docs/"></head><body>
    <a href="one.html#frag">1</a><a href="one.html">dup</a><a href="HTTP://Other.ORG:80/x">2</a>
    <a href="mailto:x@y.z">m</a><a>no href</a><area href="/map">
    <div class="price">$<b>10</b></div><div class="price">$20</div></body></html>`;

  test("finds title, description and links resolved against <base href>, de-duplicated", () => {
    const x = extract(page, "http://site.test/a/b.html");
    expect(x.title).toBe("A & B");
    expect(x.description).toBe("x < y");
    expect(x.links).toEqual(["http://site.test/docs/one.html", "http://other.org/x", "http://site.test/map"]);
  });

  test("--select fields collect the text of every match", () => {
    const x = extract(page, "http://site.test/", [parseSelector("price=div.price"), parseSelector("heading=h1")]);
    expect(x.fields).toEqual({ price: ["$10", "$20"], heading: [] });
    expect(() => parseSelector("nocss")).toThrow('invalid --select "nocss": want name=CSS-selector');
  });

  test("character references decode", () => {
    expect(decodeEntities("&#233;&#xE9;&eacute;&amp;&nbsp;")).toBe("éé&eacute;&\u00a0");
  });
});

describe("charset decoding", () => {
  test("the Content-Type charset wins, then <meta>, then UTF-8", () => {
    const cp1252 = Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94]);
    expect(decodeHtml(cp1252, "text/html; charset=windows-1252")).toBe("Café “q”");
    expect(decodeHtml(cp1252, "text/html; charset=ISO-8859-1")).toBe("Café “q”");
    const meta = new TextEncoder().encode('<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">');
    const sjis = Uint8Array.from([...meta, 0x93, 0xfa, 0x96, 0x7b]);
    expect(decodeHtml(sjis, "text/html").endsWith("日本")).toBe(true);
    expect(decodeHtml(new TextEncoder().encode("naïve"), null)).toBe("naïve");
    expect(decodeHtml(new TextEncoder().encode("naïve"), "text/html; charset=bogus-charset")).toBe("naïve");
  });
});

describe("console text", () => {
  test("the live box has the issue's shape", () => {
    const lines = renderLive({ workers: 10, active: 10, queued: 234, done: 89, errors: 2 });
    expect(lines).toEqual([
      `┌${"─".repeat(57)}┐`,
      "│ Active: 10/10 workers | Queue: 234 | Done: 89 | Err: 2  │",
      `│ ${"█".repeat(13)}${"░".repeat(34)} 26%     │`,
      `└${"─".repeat(57)}┘`,
    ]);
  });

  test("log lines and the error breakdown", () => {
    expect(formatEvent({ type: "fetching", worker: 1, url: "https://example.com/" })).toBe("[Worker 1] Fetching: https://example.com/");
    expect(formatEvent({ type: "found", worker: 1, url: "https://example.com/", links: 15 })).toBe("[Worker 1] Found 15 links on /");
    expect(formatEvent({ type: "found", worker: 2, url: "https://example.com/a?b=1", links: 0 })).toBe("[Worker 2] Found 0 links on /a?b=1");
    const errs = (n: number) => Array.from({ length: n }, () => ({ url: "u", error: "e" }));
    expect(formatErrors({ errors: errs(3), errorKinds: [["404 not found", 3]] })).toBe("3 (404 not found)");
    expect(formatErrors({ errors: errs(5), errorKinds: [["404 not found", 3], ["timeout", 2]] })).toBe("5 (3 404 not found, 2 timeout)");
    expect(formatErrors({ errors: [], errorKinds: [] })).toBe("0");
    expect([0, 100, 1000, 1500, 12300].map(formatMs)).toEqual(["0s", "100ms", "1s", "1.5s", "12.3s"]);
  });
});
