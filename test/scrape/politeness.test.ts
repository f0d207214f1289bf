import { describe, expect, test } from "bun:test";
import { background } from "../../src/runtime/index.ts";
import { startCrawl } from "../../src/scrape/index.ts";
import { options } from "./options.ts";
import { type Hit, TestSite } from "./site.ts";
import { startSiteProcess } from "./site-process.ts";

const pagesOnly = [/\/page\/\d+$/];

function pageHits(site: TestSite): Hit[] {
  return site.hits.filter((h) => h.path.startsWith("/page/")).sort((a, b) => a.start - b.start);
}

/** The most requests in flight at any instant. */
function mostConcurrent(hits: Hit[]): number {
  const events = hits.flatMap((h) => [[h.start, 1], [h.end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of events) most = Math.max(most, (now += d));
  return most;
}

/**
 * Asserts request starts are `delay` apart as the server saw them. The
 * crawler spaces its starts exactly, but on a loaded machine the server
 * process can be descheduled and then handle queued requests back to back;
 * so a couple of gaps may fall short, while the span of the run may not.
 * Without spacing every gap is short; with bursts of two, half of them are.
 */
function expectSpaced(hits: Hit[], delay: number, slack = delay / 5): void {
  const starts = hits.map((h) => h.start).sort((a, b) => a - b);
  const short = starts.slice(1).filter((t, i) => t - starts[i]! < delay - slack);
  expect(short.length).toBeLessThanOrEqual(2);
  expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual((starts.length - 1) * delay - slack);
}

describe("politeness, measured by the server's clock", () => {
  test("no more than --per-host requests are ever in flight on one host", async () => {
    await using site = await TestSite.start({ pages: 60, pageDelayMs: 15 });
    await startCrawl(background(), options(site, { workers: 8, perHost: 2, depth: 2, include: pagesOnly })).done;
    const hits = pageHits(site);
    expect(hits.length).toBe(60);
    expect(mostConcurrent(hits)).toBe(2);
    expect(Math.max(...hits.map((h) => h.concurrent))).toBe(2);
  });

  test("the limit is per host: two hosts are crawled with --per-host requests each at once", async () => {
    await using b = await startSiteProcess({ pages: 30, pageDelayMs: 30 });
    await using a = await startSiteProcess({ pages: 30, pageDelayMs: 30, peer: b.url("") });
    await startCrawl(background(), options(a, { workers: 8, perHost: 2, depth: 2, include: pagesOnly })).done;
    const ha = (await a.hits()).filter((h) => h.path.startsWith("/page/"));
    const hb = (await b.hits()).filter((h) => h.path.startsWith("/page/"));
    expect(ha.length).toBe(30);
    expect(hb.length).toBe(30);
    expect(mostConcurrent(ha)).toBe(2);
    expect(mostConcurrent(hb)).toBe(2);
    expect(mostConcurrent([...ha, ...hb])).toBeGreaterThanOrEqual(3);
  });

  // These two run the server in its own process, so its timestamps are not skewed by the crawler's event loop.
  test("request starts on one host are at least --delay apart", async () => {
    await using site = await startSiteProcess({ pages: 12 });
    await startCrawl(background(), options(site, { workers: 4, perHost: 4, delayMs: 100, depth: 1, include: pagesOnly })).done;
    const hits = (await site.hits()).filter((h) => h.path !== "/robots.txt").sort((a, b) => a.start - b.start);
    expect(hits.length).toBe(11); // home + /page/1…10
    expectSpaced(hits, 100);
  });

  test("a robots.txt Crawl-delay for our agent spaces requests even with --delay 0", async () => {
    await using site = await startSiteProcess({ pages: 12, robots: "User-agent: *\nCrawl-delay: 5\n\nUser-agent: gokit-scrape\nCrawl-delay: 0.1\n" });
    await startCrawl(background(), options(site, { workers: 4, perHost: 4, delayMs: 0, depth: 1, include: pagesOnly })).done;
    const hits = (await site.hits()).filter((h) => h.path !== "/robots.txt").sort((a, b) => a.start - b.start);
    expect(hits.length).toBe(11);
    expectSpaced(hits, 100);
  });

  test("robots.txt answering 4xx allows everything", async () => {
    await using site = await TestSite.start({ pages: 12, robots: 404 });
    const r = await startCrawl(background(), options(site, { depth: 1, exclude: [/slow|busy|broken|flaky/] })).done;
    expect(site.requestCounts().get("/private/secret.html")).toBe(1);
    expect(site.requestCounts().get("/doc.pdf")).toBe(1);
    expect(r.disallowed).toBe(0);
  });

  test("robots.txt behind a redirect is followed and obeyed", async () => {
    await using site = await TestSite.start({ pages: 12, robotsRedirect: true });
    await startCrawl(background(), options(site, { depth: 1, exclude: [/slow|busy|broken|flaky/] })).done;
    expect(site.hits.slice(0, 2).map((h) => h.path)).toEqual(["/robots.txt", "/robots/moved.txt"]);
    expect(site.requestCounts().has("/private/secret.html")).toBe(false);
    expect(site.requestCounts().get("/private/open.html")).toBe(1);
  });

  test("robots.txt answering 5xx disallows everything: only robots.txt is requested", async () => {
    await using site = await TestSite.start({ pages: 12, robots: 503 });
    const r = await startCrawl(background(), options(site, { depth: 1 })).done;
    expect(site.hits.map((h) => h.path)).toEqual(["/robots.txt"]);
    expect(r.pages).toEqual([]);
    expect(r.disallowed).toBe(1);
  });

  test("an unreachable host is disallowed whole and the crawl still ends", async () => {
    const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = l.port;
    l.stop(true);
    const r = await startCrawl(background(), options({ url: (p = "/") => `http://127.0.0.1:${port}${p}` })).done;
    expect(r).toMatchObject({ pages: [], errors: [], disallowed: 1, canceled: false });
  });

  test("--ignore-robots fetches what robots.txt disallows, and never asks for robots.txt", async () => {
    await using site = await TestSite.start({ pages: 12 });
    await startCrawl(background(), options(site, { depth: 1, ignoreRobots: true, exclude: [/slow|busy|broken|flaky/] })).done;
    expect(site.requestCounts().get("/private/secret.html")).toBe(1);
    expect(site.requestCounts().has("/robots.txt")).toBe(false);
  });
});
