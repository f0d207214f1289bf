/**
 * What a worker does with one URL: robots.txt check, politeness, the fetch
 * with retries (exponential backoff with jitter for 5xx and network errors,
 * the server's Retry-After for 429/503), redirects followed hop by hop (each
 * target claimed in the visited set, so no URL is fetched twice and loops
 * end), then charset decoding and extraction of HTML.
 */
import { type Clock, type Context, sleep } from "../runtime/index.ts";
import { backoffDelay } from "./backoff.ts";
import { decodeHtml } from "./charset.ts";
import { extract, type Selector } from "./extract.ts";
import { type Exchange, fetchOnce } from "./fetch.ts";
import type { Host } from "./host.ts";
import { parseRetryAfter, statusText } from "./http-status.ts";
import type { CrawlEvent, PageRecord } from "./types.ts";
import { normalizeUrl, pathOf } from "./url.ts";

/** A URL to fetch and its distance from the start page. */
export interface Job {
  url: string;
  depth: number;
}

/** A worker's report on one job. */
export type Outcome =
  | { type: "page"; job: Job; page: PageRecord }
  | { type: "error"; job: Job; error: string; kind: string }
  | { type: "disallowed"; job: Job }
  | { type: "canceled"; job: Job };

/** What {@link visit} needs from the crawl. */
export interface VisitEnv {
  ctx: Context;
  clock: Clock;
  random: () => number;
  userAgent: string;
  timeoutMs: number;
  maxBody: number;
  retries: number;
  maxRedirects: number;
  maxRetryAfterMs: number;
  backoffBaseMs: number;
  selectors: readonly Selector[];
  host(url: string): Host;
  inScope(url: string): boolean;
  /** Marks `url` visited; false if it already was. Synchronous, hence atomic among workers. */
  claim(url: string): boolean;
  emit(e: CrawlEvent): void;
}

const isHtml = (ct: string): boolean => /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(ct) || ct.trim() === "";

/** Fetches one URL with retries; returns the response, or an outcome that ends the job. */
async function fetchWithRetries(env: VisitEnv, worker: number, job: Job, url: string, host: Host): Promise<Exchange | Outcome> {
  for (let attempt = 0; ; attempt++) {
    let ex: Exchange;
    try {
      using _slot = await host.acquire(env.ctx);
      ex = await fetchOnce(env.ctx, url, { userAgent: env.userAgent, timeoutMs: env.timeoutMs, maxBody: env.maxBody, wantBody: isHtml, clock: env.clock });
    } catch {
      return { type: "canceled", job };
    }
    if (!ex.ok && ex.kind === "canceled") return { type: "canceled", job };
    const last = attempt >= env.retries;
    let waitMs: number | undefined;
    let reason = "";
    if (!ex.ok) {
      if (last) return { type: "error", job, error: ex.error, kind: ex.kind };
      waitMs = backoffDelay(attempt, { baseMs: env.backoffBaseMs, random: env.random });
      reason = ex.error;
    } else if (ex.status === 429 || ex.status === 503) {
      const ra = parseRetryAfter(ex.headers.get("retry-after"), env.clock.now());
      if (last || (ra !== undefined && ra > env.maxRetryAfterMs)) return { type: "error", job, error: statusText(ex.status), kind: statusText(ex.status) };
      reason = statusText(ex.status);
      if (ra !== undefined) host.pause(ra);
      else waitMs = backoffDelay(attempt, { baseMs: env.backoffBaseMs, random: env.random });
    } else if (ex.status >= 500) {
      if (last) return { type: "error", job, error: statusText(ex.status), kind: statusText(ex.status) };
      waitMs = backoffDelay(attempt, { baseMs: env.backoffBaseMs, random: env.random });
      reason = statusText(ex.status);
    } else {
      return ex;
    }
    env.emit({ type: "retry", worker, url, attempt: attempt + 1, waitMs: waitMs ?? 0, reason });
    if (waitMs !== undefined) {
      try {
        await sleep(waitMs, { ctx: env.ctx, clock: env.clock });
      } catch {
        return { type: "canceled", job };
      }
    }
  }
}

/** Visits one job (the caller has already claimed `job.url`). */
export async function visit(env: VisitEnv, worker: number, job: Job): Promise<Outcome> {
  const started = env.clock.now();
  let url = job.url;
  const chain = [url];
  let lastStatus = 0;
  env.emit({ type: "fetching", worker, url });
  for (let hop = 0; ; hop++) {
    const host = env.host(url);
    let robots;
    try {
      robots = await host.robots(env.ctx);
    } catch {
      return { type: "canceled", job };
    }
    if (env.ctx.err() !== undefined) return { type: "canceled", job };
    if (!robots.allowed(pathOf(url))) {
      if (hop === 0) return { type: "disallowed", job };
      return { type: "page", job, page: record(job, started, env, { status: lastStatus, redirect: url }) };
    }
    const r = await fetchWithRetries(env, worker, job, url, host);
    if (!("ok" in r)) {
      if (r.type === "error") env.emit({ type: "error", worker, url: job.url, error: r.error });
      return r;
    }
    const ex = r as Extract<Exchange, { ok: true }>;
    const location = ex.headers.get("location");
    if (ex.status >= 300 && ex.status < 400 && location !== null) {
      const target = normalizeUrl(location, url);
      if (target === undefined) return { type: "error", job, error: `bad redirect to "${location}"`, kind: "bad redirect" };
      if (chain.includes(target)) return fail(env, worker, job, "redirect loop");
      if (hop >= env.maxRedirects) return fail(env, worker, job, `stopped after ${env.maxRedirects} redirects`, "too many redirects");
      // A target already visited (or out of scope) is not fetched again: the hop is recorded instead.
      if (!env.inScope(target) || !env.claim(target)) return { type: "page", job, page: record(job, started, env, { status: ex.status, redirect: target }) };
      chain.push(target);
      lastStatus = ex.status;
      url = target;
      continue;
    }
    if (ex.status >= 400) return fail(env, worker, job, statusText(ex.status));
    const finalUrl = url !== job.url ? { final_url: url } : {};
    if (ex.tooLarge) return fail(env, worker, job, `body exceeds ${env.maxBody} bytes`, "body too large");
    if (ex.body === undefined) return { type: "page", job, page: record(job, started, env, { status: ex.status, content_type: ex.contentType, ...finalUrl }) };
    const text = decodeHtml(ex.body, ex.contentType);
    const x = extract(text, url, env.selectors);
    env.emit({ type: "found", worker, url, links: x.links.length });
    const fields = env.selectors.length > 0 ? { fields: x.fields } : {};
    return { type: "page", job, page: record(job, started, env, { status: ex.status, title: x.title, description: x.description, links: x.links, ...finalUrl, ...fields }) };
  }
}

function fail(env: VisitEnv, worker: number, job: Job, error: string, kind = error): Outcome {
  env.emit({ type: "error", worker, url: job.url, error });
  return { type: "error", job, error, kind };
}

function record(job: Job, started: number, env: VisitEnv, extra: Partial<PageRecord> & { status: number }): PageRecord {
  const now = env.clock.now();
  // Assigning onto the full literal keeps the documented key order in the output.
  const page: PageRecord = {
    url: job.url,
    status: 0,
    title: "",
    description: "",
    links: [],
    depth: job.depth,
    fetched_at: new Date(now).toISOString(),
    elapsed_ms: Math.max(0, Math.round(now - started)),
  };
  return Object.assign(page, extra);
}
