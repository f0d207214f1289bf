/**
 * @module
 * `gokit scrape`: a concurrent, polite web crawler. Coordination is Go-style
 * on src/runtime (frontier and results Channels, a worker pool, a WaitGroup
 * for completion, Context cancellation); politeness uses src/ratelimit;
 * fetching is the platform `fetch` with the context's AbortSignal; HTML is
 * parsed by Bun's streaming HTMLRewriter. robots.txt follows RFC 9309.
 *
 * @example
 * import { startCrawl } from "../scrape/index.ts";
 * const { done } = startCrawl(ctx, { url: "http://127.0.0.1:8080/", depth: 2, workers: 8, ... });
 * const { pages, errors } = await done;
 */

export { backoffDelay, type BackoffOptions } from "./backoff.ts";
export { decodeHtml } from "./charset.ts";
export { type Crawl, startCrawl } from "./crawler.ts";
export { decodeEntities, extract, type Extracted, parseSelector, type Selector } from "./extract.ts";
export { formatMs } from "./fetch.ts";
export { parseRetryAfter, statusText } from "./http-status.ts";
export { progressOf, redrawPrefix, renderLive } from "./live.ts";
export { isJsonLines, openResults, readResume, type ResultsWriter } from "./results.ts";
export { ALLOW_ALL, DISALLOW_ALL, parseRobots, productToken, type RobotsPolicy } from "./robots.ts";
export { formatErrors, formatEvent, formatStart, formatSummary } from "./summary.ts";
export type { CrawlEvent, CrawlOptions, CrawlResult, CrawlStats, ErrorRecord, PageRecord } from "./types.ts";
export { hostKey, normalizePercent, normalizeUrl, pathOf } from "./url.ts";
