/**
 * Per-host politeness: at most `perHost` requests in flight (a Semaphore),
 * at least `delay` (or the robots.txt Crawl-delay, whichever is longer)
 * between request starts (a token bucket of burst 1 from src/ratelimit), and
 * a host-wide pause after 429/503 Retry-After. Each host's robots.txt is
 * fetched once, lazily, by the first worker that needs it.
 */
import { type RateLimiter, TokenBucket } from "../ratelimit/index.ts";
import { type Clock, type Context, type Guard, Semaphore, sleep } from "../runtime/index.ts";
import { fetchOnce } from "./fetch.ts";
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, type RobotsPolicy } from "./robots.ts";

/** Options shared by every host. */
export interface HostOptions {
  perHost: number;
  delayMs: number;
  userAgent: string;
  timeoutMs: number;
  ignoreRobots: boolean;
  clock: Clock;
  /** robots.txt larger than this is cut here (RFC 9309 §2.5 asks for at least 500 KiB). */
  maxRobotsBytes?: number;
}

/** Politeness state of one host (scheme + authority). */
export class Host {
  readonly origin: string;
  readonly #opts: HostOptions;
  readonly #sem: Semaphore;
  #limiter: RateLimiter | null | undefined;
  #robots: Promise<RobotsPolicy> | undefined;
  #policy: RobotsPolicy | undefined;
  #pausedUntil = 0;

  constructor(origin: string, opts: HostOptions) {
    this.origin = origin;
    this.#opts = opts;
    this.#sem = new Semaphore(opts.perHost);
  }

  /** The host's robots.txt policy, fetched on first use (RFC 9309 §2.3.1). */
  robots(ctx: Context): Promise<RobotsPolicy> {
    if (this.#opts.ignoreRobots) return Promise.resolve(ALLOW_ALL);
    return (this.#robots ??= this.#loadRobots(ctx).then((p) => (this.#policy = p)));
  }

  /** The robots.txt policy if it has been loaded already (or robots are ignored); undefined otherwise. */
  get policy(): RobotsPolicy | undefined {
    return this.#opts.ignoreRobots ? ALLOW_ALL : this.#policy;
  }

  async #loadRobots(ctx: Context): Promise<RobotsPolicy> {
    let url = `${this.origin}/robots.txt`;
    // §2.3.1.2: follow at least five consecutive redirects.
    for (let hop = 0; hop <= 5; hop++) {
      const r = await fetchOnce(ctx, url, {
        userAgent: this.#opts.userAgent,
        timeoutMs: this.#opts.timeoutMs,
        maxBody: this.#opts.maxRobotsBytes ?? 512 * 1024,
        wantBody: () => true,
        clock: this.#opts.clock,
      });
      if (!r.ok) return DISALLOW_ALL; // §2.3.1.4: unreachable
      if (r.status >= 300 && r.status < 400 && r.headers.get("location")) {
        url = new URL(r.headers.get("location")!, url).href;
        continue;
      }
      if (r.status >= 200 && r.status < 300) {
        const text = r.body === undefined ? "" : new TextDecoder().decode(r.body);
        return parseRobots(text, this.#opts.userAgent);
      }
      if (r.status >= 400 && r.status < 500) return ALLOW_ALL; // §2.3.1.3: unavailable
      return DISALLOW_ALL; // §2.3.1.4: 5xx
    }
    return ALLOW_ALL; // §2.3.1.2: too many redirects → unavailable
  }

  /**
   * Waits for a slot, for any Retry-After pause and for the delay since the
   * previous request to this host; the guard frees the slot.
   */
  async acquire(ctx: Context): Promise<Guard> {
    const guard = await this.#sem.acquire(1, { signal: ctx.signal });
    try {
      for (;;) {
        const wait = this.#pausedUntil - this.#opts.clock.now();
        if (wait <= 0) break;
        await sleep(wait, { ctx, clock: this.#opts.clock });
      }
      const limiter = await this.#rateLimiter(ctx);
      if (limiter !== null) await limiter.wait("host", ctx);
      return guard;
    } catch (e) {
      guard[Symbol.dispose]();
      throw e;
    }
  }

  async #rateLimiter(ctx: Context): Promise<RateLimiter | null> {
    if (this.#limiter !== undefined) return this.#limiter;
    const crawlDelay = (await this.robots(ctx)).crawlDelayMs ?? 0;
    const delay = Math.max(this.#opts.delayMs, crawlDelay);
    this.#limiter ??= delay > 0 ? new TokenBucket({ rate: 1000 / delay, burst: 1, clock: this.#opts.clock }) : null;
    return this.#limiter;
  }

  /** Holds every request to this host until `ms` from now (429/503 Retry-After). */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#opts.clock.now() + ms);
  }

  /** Requests in flight or waiting for their delay. */
  get active(): number {
    return this.#sem.held;
  }
}
