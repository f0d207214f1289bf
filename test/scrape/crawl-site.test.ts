import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { background } from "../../src/runtime/index.ts";
import { type CrawlResult, startCrawl } from "../../src/scrape/index.ts";
import { DEPTH, options, RETRIES } from "./options.ts";
import { TestSite } from "./site.ts";

const ERROR_TEXT: Record<string, RegExp> = {
  "404 not found": /^404 not found$/,
  "500 internal server error": /^500 internal server error$/,
  "redirect loop": /^redirect loop$/,
  timeout: /^timeout after 1\.5s$/,
  "body too large": /^body exceeds 65536 bytes$/,
};

describe("crawling the generated 1,000-page site", () => {
  let site: TestSite;
  let result: CrawlResult;
  beforeAll(async () => {
    site = await TestSite.start({ retries: RETRIES, slowMs: 20_000 });
    result = await startCrawl(background(), options(site, { timeoutMs: 1_500 })).done;
  });
  afterAll(async () => {
    await site[Symbol.asyncDispose]();
  });

  test("requests exactly the expected URLs, each as often as expected (retries included)", () => {
    const want = site.expected(DEPTH);
    const got = site.requestCounts();
    expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...want.requests].sort()));
    expect(got.size).toBeGreaterThan(990);
  });

  test("never requests a URL robots.txt disallows, nor one on another host", () => {
    for (const [path, route] of site.routes) if (!route.allowed) expect(site.requestCounts().has(path)).toBe(false);
    expect(new Set(site.hits.map((h) => h.host))).toEqual(new Set([`127.0.0.1:${site.port}`]));
    expect(result.disallowed).toBeGreaterThan(0);
  });

  test("records exactly the expected errors", () => {
    const want = site.expected(DEPTH).errors;
    const got = new Map(result.errors.map((e) => [new URL(e.url).pathname, e.error]));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [path, kind] of want) expect(got.get(path)).toMatch(ERROR_TEXT[kind]!);
  });

  test("records every page fetched, once, with the depth of its shortest path", () => {
    const urls = result.pages.map((p) => p.url);
    expect(new Set(urls).size).toBe(urls.length);
    const landed = new Set(result.pages.flatMap((p) => [p.url, p.final_url ?? p.url]).map((u) => new URL(u).pathname + new URL(u).search));
    for (const [path, n] of site.requestCounts()) {
      const r = site.routes.get(path);
      if (path === "/robots.txt" || r?.error !== undefined || r?.redirect !== undefined || n === 0) continue;
      expect(landed.has(path)).toBe(true);
    }
    const byPath = new Map(result.pages.map((p) => [new URL(p.url).pathname, p]));
    expect(byPath.get("/")!.depth).toBe(0);
    expect(byPath.get("/page/3")!.depth).toBe(1);
    expect(byPath.get("/page/35")!.depth).toBe(2);
    expect(byPath.get("/page/350")!.depth).toBe(3);
    expect(byPath.get("/calendar/2025/5")!.depth).toBe(5);
    expect(byPath.has("/calendar/2025/6")).toBe(false);
  });

  test("extracts titles, descriptions and normalised links", () => {
    const byPath = new Map(result.pages.map((p) => [new URL(p.url).pathname, p]));
    const p12 = byPath.get("/page/12")!;
    expect(p12.title).toBe("Page 12 & co");
    expect(p12.description).toBe("About Page 12 &amp; co".replace("&amp;", "&"));
    expect(p12.links).toEqual([...Array.from({ length: 10 }, (_, k) => site.url(`/page/${121 + k}`)), site.url("/page/1"), site.url("/page/13"), site.url("/"), `http://localhost:${site.port}/page/12`]);
    expect(byPath.get("/base/index.html")!.links).toEqual([site.url("/page/7"), site.url("/page/8"), site.url("/")]);
  });

  test("decodes windows-1252 and Shift_JIS pages by their declared charset", () => {
    const byPath = new Map(result.pages.map((p) => [new URL(p.url).pathname, p]));
    expect(byPath.get("/latin1.html")!.title).toBe("Café — crème brûlée");
    expect(byPath.get("/sjis.html")!.title).toBe("日本語");
  });

  test("records binary content without parsing it, and redirect chains where they end", () => {
    const byPath = new Map(result.pages.map((p) => [new URL(p.url).pathname, p]));
    expect(byPath.get("/image.png")).toMatchObject({ status: 200, content_type: "image/png", links: [] });
    expect(byPath.get("/redirect/chain")).toMatchObject({ status: 200, final_url: site.url("/chain-target.html"), title: "Chain target" });
    expect(byPath.get("/redirect/private")).toMatchObject({ status: 301, redirect: site.url("/private/hidden.html") });
  });

  test("retries a 500 with backoff and waits out a 429's Retry-After", () => {
    const busy = site.hits.filter((h) => h.path === "/busy");
    expect(busy.length).toBe(2);
    expect(busy[1]!.start - busy[0]!.end).toBeGreaterThanOrEqual(950);
    const byPath = new Map(result.pages.map((p) => [new URL(p.url).pathname, p]));
    expect(byPath.get("/flaky")!.title).toBe("Flaky");
    expect(byPath.get("/busy")!.title).toBe("Busy");
  });
});
