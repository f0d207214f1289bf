import { describe, expect, test } from "bun:test";
import { normalizePercent, normalizeUrl } from "../../src/scrape/index.ts";

const base = "http://example.com/a/b/c.html";

const cases: [href: string, base: string | undefined, want: string | undefined][] = [
  ["HTTP://Example.COM/", undefined, "http://example.com/"],
  ["http://example.com:80/x", undefined, "http://example.com/x"],
  ["https://example.com:443/x", undefined, "https://example.com/x"],
  ["http://example.com:8080/x", undefined, "http://example.com:8080/x"],
  ["http://example.com", undefined, "http://example.com/"],
  ["http://example.com/x#frag", undefined, "http://example.com/x"],
  ["http://example.com/x?", undefined, "http://example.com/x"],
  ["http://example.com/x?b=2&a=1", undefined, "http://example.com/x?b=2&a=1"],
  ["http://example.com/%7euser/%41%2f%2F", undefined, "http://example.com/~user/A%2F%2F"],
  ["http://example.com/a%20b", undefined, "http://example.com/a%20b"],
  ["http://example.com/a b", undefined, "http://example.com/a%20b"],
  ["http://example.com/caf\u00e9", undefined, "http://example.com/caf%C3%A9"],
  ["http://example.com/a/./b/../c", undefined, "http://example.com/a/c"],
  ["http://example.com/a/%2e%2e/c", undefined, "http://example.com/c"],
  ["d.html", base, "http://example.com/a/b/d.html"],
  ["./d.html", base, "http://example.com/a/b/d.html"],
  ["../d.html", base, "http://example.com/a/d.html"],
  ["../../../../d.html", base, "http://example.com/d.html"],
  ["/root", base, "http://example.com/root"],
  ["//other.org/x", base, "http://other.org/x"],
  ["?q=1", base, "http://example.com/a/b/c.html?q=1"],
  ["#top", base, "http://example.com/a/b/c.html"],
  ["  /spaced  ", base, "http://example.com/spaced"],
  ["mailto:a@b.c", base, undefined],
  ["javascript:void(0)", base, undefined],
  ["ftp://example.com/file", base, undefined],
  ["data:text/html,hi", base, undefined],
  ["http://[::1", base, undefined],
  ["relative/without/base", undefined, undefined],
  ["HTTPS://User:Pw@Example.com:443/p", undefined, "https://User:Pw@example.com/p"],
  ["http://xn--caf-dma.com/", undefined, "http://xn--caf-dma.com/"],
  ["http://café.com/", undefined, "http://xn--caf-dma.com/"],
];

describe("URL normalisation", () => {
  test.each(cases)("%p against %p → %p", (href, b, want) => {
    expect(normalizeUrl(href, b)).toBe(want);
  });

  test("percent-encodings are upper-cased and unreserved ones decoded (RFC 3986 §6.2.2)", () => {
    expect(normalizePercent("%7e%2d%5F%2e%41%7A%30")).toBe("~-_.Az0");
    expect(normalizePercent("%2f%3a%c3%a9")).toBe("%2F%3A%C3%A9");
    expect(normalizePercent("100%")).toBe("100%");
  });
});
