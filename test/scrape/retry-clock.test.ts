import { expect, test } from "bun:test";
import { background, FakeClock } from "../../src/runtime/index.ts";
import { type CrawlOptions, startCrawl } from "../../src/scrape/index.ts";
import { until } from "../support/until.ts";
import { options } from "./options.ts";
import { TestSite } from "./site.ts";

// Backoff and Retry-After waits run on the injected Clock and random source: minutes of waiting take no real time.

/** Crawls `path` alone on a FakeClock; counts the requests for it and the retries announced. */
function fakeCrawl(site: TestSite, path: string, over: Partial<CrawlOptions>) {
  const clock = new FakeClock(Date.parse("2025-01-10T14:30:00Z"));
  let retries = 0;
  const crawl = startCrawl(background(), options(site, { url: site.url(path), depth: 0, retries: 2, clock, timeoutMs: 1e9, onEvent: (e) => void (e.type === "retry" && retries++), ...over }));
  return { clock, crawl, retries: () => retries, requests: () => site.hits.filter((h) => h.path === path).length };
}

test("5xx retries wait base·2ⁿ with the injected jitter, on the injected clock", async () => {
  await using site = await TestSite.start({ pages: 1 });
  const { clock, crawl, retries, requests } = fakeCrawl(site, "/broken", { backoffBaseMs: 10_000, random: () => 0.5 });
  // Retry n waits in [c/2, c) with c = 10 s · 2ⁿ⁻¹; random 0.5 puts it at 3/4 c.
  for (const [n, wait] of [[1, 7_500], [2, 15_000]] as const) {
    await until(() => retries() === n && clock.pending === 1, `request ${n} and its backoff timer`);
    clock.advance(wait - 1);
    await Bun.sleep(20);
    expect(requests()).toBe(n);
    clock.advance(1);
  }
  const r = await crawl.done;
  expect(requests()).toBe(3);
  expect(r.errors).toEqual([{ url: site.url("/broken"), error: "500 internal server error" }]);
});

test("a 429's Retry-After holds the host for exactly that long on the injected clock", async () => {
  await using site = await TestSite.start({ pages: 1 });
  const { clock, crawl, retries, requests } = fakeCrawl(site, "/busy", {});
  await until(() => retries() === 1 && clock.pending === 1, "the 429 and the pause");
  clock.advance(999);
  await Bun.sleep(20);
  expect(requests()).toBe(1);
  clock.advance(1);
  const r = await crawl.done;
  expect(requests()).toBe(2);
  expect(r.pages.map((p) => p.title)).toEqual(["Busy"]);
});
