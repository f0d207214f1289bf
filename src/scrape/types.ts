/** The records a crawl produces and the options that shape it. */
import type { Clock } from "../runtime/index.ts";
import type { Selector } from "./extract.ts";

/** One fetched page, as written to results.json / .jsonl. */
export interface PageRecord {
  url: string;
  status: number;
  title: string;
  description: string;
  links: string[];
  depth: number;
  fetched_at: string;
  elapsed_ms: number;
  /** Set for anything that is not HTML. */
  content_type?: string;
  /** Where a redirect chain ended, when it moved. */
  final_url?: string;
  /** A redirect not followed: its target was already visited or out of scope. */
  redirect?: string;
  /** `--select` fields: the text of every match, by name. */
  fields?: Record<string, string[]>;
}

/** One failed URL, as written to the results. */
export interface ErrorRecord {
  url: string;
  error: string;
}

/** Something a worker did, for log lines and the live view. */
export type CrawlEvent =
  | { type: "fetching"; worker: number; url: string }
  | { type: "found"; worker: number; url: string; links: number }
  | { type: "error"; worker: number; url: string; error: string }
  | { type: "retry"; worker: number; url: string; attempt: number; waitMs: number; reason: string };

/** Options of a crawl; see {@link crawl}. */
export interface CrawlOptions {
  /** The start page (depth 0). */
  url: string;
  /** Links are followed up to this many hops from the start page. */
  depth: number;
  workers: number;
  /** Least time between request starts on one host, in ms. */
  delayMs: number;
  /** Most URLs fetched in total, redirect hops included (robots.txt refusals do not count). */
  maxPages: number;
  /** Extra domains in scope (a domain and its subdomains); the start host is always in scope. */
  allowDomains: string[];
  /** When non-empty, a discovered URL must match one of these. */
  include: RegExp[];
  /** A discovered URL matching any of these is skipped. */
  exclude: RegExp[];
  userAgent: string;
  ignoreRobots: boolean;
  /** Most requests in flight per host. */
  perHost: number;
  /** Retries after 5xx, 429/503 or network errors. */
  retries: number;
  timeoutMs: number;
  /** Largest body read, in bytes. */
  maxBody: number;
  /** Most redirects followed from one URL (default 10). */
  maxRedirects?: number;
  selectors?: Selector[];
  /** Longest Retry-After honoured, in ms (default 60,000); longer ones fail the URL. */
  maxRetryAfterMs?: number;
  /** First backoff ceiling in ms (default 500). */
  backoffBaseMs?: number;
  clock?: Clock;
  random?: () => number;
  /** Pages and errors of an earlier run (`--resume`): never refetched; their links seed the frontier. */
  resume?: { pages: PageRecord[]; errors: ErrorRecord[] };
  onEvent?: (e: CrawlEvent) => void;
  /** Called by the collector as each page arrives (streamed .jsonl output). */
  onPage?: (p: PageRecord) => void;
  onError?: (e: ErrorRecord) => void;
}

/** What a crawl ends with. */
export interface CrawlResult {
  pages: PageRecord[];
  errors: ErrorRecord[];
  /** Error counts by kind (`404 not found`, `timeout`), largest first, then by name. */
  errorKinds: [string, number][];
  /** URLs robots.txt refused (never requested). */
  disallowed: number;
  elapsedMs: number;
  /** True when the context was cancelled before the frontier ran dry. */
  canceled: boolean;
}

/** Counters for the live view. */
export interface CrawlStats {
  workers: number;
  active: number;
  queued: number;
  done: number;
  errors: number;
}
