/**
 * The crawl's coordination, written with src/runtime as a Go program would
 * be: a frontier Channel feeding a pool of worker tasks, a results Channel
 * drained by one collector, a WaitGroup counting scheduled URLs (zero means
 * the crawl is complete) and a Context whose cancellation aborts in-flight
 * fetches. The collector owns the queue and the scope rules; it `select`s
 * between receiving a result and handing the next URL to an idle worker, so
 * the frontier never blocks a worker that is reporting links.
 */
import {
  Channel,
  type Context,
  onDone,
  onRecv,
  onSend,
  realClock,
  select,
  WaitGroup,
  withCancel,
} from "../runtime/index.ts";
import { Host } from "./host.ts";
import type { CrawlOptions, CrawlResult, CrawlStats, ErrorRecord, PageRecord } from "./types.ts";
import { normalizeUrl, pathOf } from "./url.ts";
import { type Job, type Outcome, visit, type VisitEnv } from "./visit.ts";

/** A crawl in progress: its stats for the live view, and its result. */
export interface Crawl {
  stats(): CrawlStats;
  readonly done: Promise<CrawlResult>;
}

/** Whether `host` is `domain` or one of its subdomains. */
function underDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * Starts crawling from `opts.url` under `ctx`; `done` resolves when the
 * frontier runs dry or the context is cancelled (then with the partial result).
 * @example
 * const { done } = startCrawl(ctx, { ...defaults, url: "http://127.0.0.1:8080/" });
 * const { pages, errors } = await done;
 */
export function startCrawl(ctx: Context, opts: CrawlOptions): Crawl {
  const clock = opts.clock ?? realClock;
  const seed = normalizeUrl(opts.url);
  if (seed === undefined) throw new TypeError(`invalid start URL "${opts.url}": want an absolute http or https URL`);
  const startHost = new URL(seed).hostname;
  const domains = opts.allowDomains.map((d) => d.toLowerCase().replace(/^\.+/, ""));
  const [cctx, cancel] = withCancel(ctx);

  const visited = new Set<string>();
  const hosts = new Map<string, Host>();
  const pages: PageRecord[] = [];
  const errors: ErrorRecord[] = [];
  const kinds = new Map<string, number>();
  let disallowed = 0;
  let active = 0;
  let scheduled = 0;
  const queue: Job[] = [];
  let head = 0;

  const inScope = (url: string): boolean => {
    const host = new URL(url).hostname;
    return host === startHost || domains.some((d) => underDomain(host, d));
  };
  const env: VisitEnv = {
    ctx: cctx,
    clock,
    random: opts.random ?? Math.random,
    userAgent: opts.userAgent,
    timeoutMs: opts.timeoutMs,
    maxBody: opts.maxBody,
    retries: opts.retries,
    maxRedirects: opts.maxRedirects ?? 10,
    maxRetryAfterMs: opts.maxRetryAfterMs ?? 60_000,
    backoffBaseMs: opts.backoffBaseMs ?? 500,
    selectors: opts.selectors ?? [],
    host(url) {
      const origin = new URL(url).origin;
      let h = hosts.get(origin);
      if (h === undefined) {
        h = new Host(origin, { perHost: opts.perHost, delayMs: opts.delayMs, userAgent: opts.userAgent, timeoutMs: opts.timeoutMs, ignoreRobots: opts.ignoreRobots, clock });
        hosts.set(origin, h);
      }
      return h;
    },
    inScope,
    claim(url) {
      // A redirect hop is a fetch too: it spends the page budget.
      if (visited.has(url) || scheduled >= opts.maxPages) return false;
      visited.add(url);
      scheduled++;
      return true;
    },
    emit: opts.onEvent ?? (() => {}),
  };

  const frontier = new Channel<Job>();
  const results = new Channel<Outcome>(opts.workers);
  const pending = new WaitGroup();
  const workers = new WaitGroup();

  // Depth is the shortest hop count from the start page. Results arrive out of
  // order, so a URL may first be seen on a longer path: a shorter one found
  // later lowers its depth and, if it was already fetched, re-follows its
  // stored links (relaxation, as in Dijkstra's algorithm) without refetching.
  const depthOf = new Map<string, number>();
  const linksOf = new Map<string, string[]>();

  /** Claims and queues `url` if it is in scope, unseen and within the page budget. */
  const schedule = (url: string, depth: number, filter: boolean): void => {
    if (scheduled >= opts.maxPages || visited.has(url) || !inScope(url)) return;
    if (filter && opts.include.length > 0 && !opts.include.some((re) => re.test(url))) return;
    if (filter && opts.exclude.some((re) => re.test(url))) return;
    visited.add(url);
    // Once a host's robots.txt is known, refusals are counted here and never spend the budget.
    if (env.host(url).policy?.allowed(pathOf(url)) === false) {
      disallowed++;
      return;
    }
    depthOf.set(url, depth);
    scheduled++;
    pending.add(1);
    queue.push({ url, depth });
  };

  /** Offers every link of `url`, found at `depth`, to the frontier or to a shorter path. */
  const follow = (url: string, depth: number): void => {
    const stack: [string, number][] = [[url, depth]];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [from, d] = top;
      if (d >= opts.depth) continue;
      for (const link of linksOf.get(from) ?? []) {
        const known = depthOf.get(link);
        if (known === undefined) schedule(link, d + 1, true);
        else if (d + 1 < known) {
          depthOf.set(link, d + 1);
          if (linksOf.has(link)) stack.push([link, d + 1]);
        }
      }
    }
  };

  const remember = (page: PageRecord): void => {
    depthOf.set(page.url, Math.min(depthOf.get(page.url) ?? page.depth, page.depth));
    page.depth = depthOf.get(page.url)!;
    linksOf.set(page.url, page.links);
  };

  const collect = (o: Outcome, live: boolean): void => {
    switch (o.type) {
      case "page":
        remember(o.page);
        pages.push(o.page);
        opts.onPage?.(o.page);
        if (live) follow(o.page.url, o.page.depth);
        break;
      case "error": {
        const rec = { url: o.job.url, error: o.error };
        errors.push(rec);
        kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
        opts.onError?.(rec);
        break;
      }
      case "disallowed":
        disallowed++;
        scheduled--; // refused by robots.txt: never requested, so not part of the budget
        break;
      case "canceled":
        break;
    }
  };

  const worker = async (id: number): Promise<void> => {
    for await (const job of frontier) {
      active++;
      let outcome: Outcome;
      try {
        outcome = await visit(env, id, job);
      } catch (e) {
        // A bug must not stall the crawl: the URL is recorded as failed and the WaitGroup still counts down.
        outcome = { type: "error", job, error: `internal error: ${e instanceof Error ? e.message : String(e)}`, kind: "internal error" };
      }
      active--;
      await results.send(outcome);
    }
  };

  const run = async (): Promise<CrawlResult> => {
    const t0 = clock.now();
    for (let i = 1; i <= opts.workers; i++) workers.go(() => worker(i), `scrape worker ${i}`);
    if (opts.resume) {
      for (const p of opts.resume.pages) {
        visited.add(p.url);
        remember(p);
        if (p.final_url) visited.add(p.final_url);
        if (p.redirect) visited.add(p.redirect);
        pages.push(p);
        scheduled++;
      }
      for (const e of opts.resume.errors) {
        visited.add(e.url);
        depthOf.set(e.url, 0);
        errors.push(e);
        scheduled++;
      }
      for (const p of opts.resume.pages) follow(p.url, p.depth);
      if (opts.resume.pages.length === 0 && opts.resume.errors.length === 0) schedule(seed, 0, false);
    } else {
      schedule(seed, 0, false);
    }
    const finished = new Channel<void>();
    void pending.wait().then(() => finished.close());
    let running = true;
    while (running) {
      const cases = [
        onRecv(results, (r) => {
          if (!r.ok) return;
          collect(r.value, true);
          pending.done();
        }),
        onRecv(finished, () => {
          running = false;
        }),
        onDone(cctx, () => {
          running = false;
        }),
      ];
      if (head < queue.length) {
        cases.push(
          onSend(frontier, queue[head]!, () => {
            queue[head++] = undefined as never;
            if (head > 1024 && head * 2 > queue.length) {
              queue.splice(0, head);
              head = 0;
            }
          }),
        );
      }
      await select(cases);
    }
    // Workers see the frontier closed (and in-flight fetches aborted on cancellation), report and exit.
    frontier.close();
    const drained = (async () => {
      for await (const o of results) collect(o, false);
    })();
    await workers.wait();
    results.close();
    await drained;
    const canceled = cctx.err() !== undefined;
    cancel();
    return {
      pages,
      errors,
      errorKinds: [...kinds].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
      disallowed,
      elapsedMs: clock.now() - t0,
      canceled,
    };
  };

  return {
    stats: () => ({ workers: opts.workers, active, queued: queue.length - head, done: pages.length + errors.length, errors: errors.length }),
    done: run(),
  };
}
