/** The console text of a crawl, as the issue shows it. */
import { formatMs } from "./fetch.ts";
import type { CrawlEvent, CrawlResult } from "./types.ts";
import { pathOf } from "./url.ts";

/** The header printed before a crawl starts. */
export function formatStart(url: string, depth: number, workers: number, delayMs: number): string {
  return [`Starting crawl of ${url}`, `  Max depth: ${depth}`, `  Workers: ${workers}`, `  Delay between requests: ${formatMs(delayMs)}`].join("\n");
}

/** One log line for an event, or undefined for events that print nothing. */
export function formatEvent(e: CrawlEvent): string | undefined {
  switch (e.type) {
    case "fetching":
      return `[Worker ${e.worker}] Fetching: ${e.url}`;
    case "found":
      return `[Worker ${e.worker}] Found ${e.links} links on ${pathOf(e.url)}`;
    case "error":
      return `[Worker ${e.worker}] Error: ${e.url}: ${e.error}`;
    case "retry":
      return `[Worker ${e.worker}] Retrying ${e.url} (${e.reason}), attempt ${e.attempt}${e.waitMs > 0 ? ` in ${formatMs(e.waitMs)}` : ""}`;
  }
}

/** `3 (404 not found)` or `5 (3 404 not found, 2 timeout)`; `0` when there were none. */
export function formatErrors(r: Pick<CrawlResult, "errors" | "errorKinds">): string {
  const n = r.errors.length;
  if (n === 0) return "0";
  const kinds = r.errorKinds;
  const known = kinds.reduce((a, [, c]) => a + c, 0);
  const parts = kinds.length === 1 && known === n ? [kinds[0]![0]] : kinds.map(([k, c]) => `${c} ${k}`);
  if (known < n) parts.push(`${n - known} from the earlier run`);
  return `${n} (${parts.join(", ")})`;
}

/** The closing summary, line for line as the issue shows it (robots.txt refusals are in `--json`). */
export function formatSummary(r: CrawlResult, output: string | undefined): string {
  const lines = [
    r.canceled ? "Crawl interrupted!" : "Crawl complete!",
    `  Pages fetched: ${r.pages.length}`,
    `  Time elapsed: ${(r.elapsedMs / 1000).toFixed(1)}s`,
    `  Errors: ${formatErrors(r)}`,
  ];
  if (output !== undefined) lines.push(`Results saved to: ${output}`);
  return lines.join("\n");
}
