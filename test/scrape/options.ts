/** Crawl options for tests against the generated site: fast backoff, no delay, timeouts generous enough for a loaded machine. */
import type { CrawlOptions } from "../../src/scrape/index.ts";

export const DEPTH = 5;
export const RETRIES = 1;

/** Options crawling `site` from its home page; `over` replaces any of them. */
export function options(site: { url(path?: string): string }, over: Partial<CrawlOptions> = {}): CrawlOptions {
  return {
    url: site.url("/"),
    depth: DEPTH,
    workers: 8,
    delayMs: 0,
    maxPages: Infinity,
    allowDomains: [],
    include: [],
    exclude: [],
    userAgent: "gokit-scrape/0.1.0",
    ignoreRobots: false,
    perHost: 8,
    retries: RETRIES,
    timeoutMs: 5_000,
    maxBody: 64 * 1024,
    backoffBaseMs: 20,
    ...over,
  };
}

