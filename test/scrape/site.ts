/**
 * The generated test site for the crawler: ~1,000 pages served on 127.0.0.1
 * by src/http, with cycles, every form of link (relative, absolute, `<base
 * href>`, percent-encoded, fragments, out-of-scope hosts), robots.txt rules
 * of every kind, redirects (chains, a loop, one into a disallowed path),
 * 404/500/429 pages, a flaky page, a slow page, binary content, non-UTF-8
 * pages (windows-1252 by header, Shift_JIS by <meta>), an oversized page and
 * an infinite calendar. The server records every request with timestamps.
 *
 * The site also knows, from its own hand-written description (not from the
 * crawler's code), which URLs a correct crawler requests: site-model.ts.
 */
import { HttpServer } from "../../src/http/index.ts";
import type { HttpRequest, HttpResponse } from "../../src/router/index.ts";
import { type Expected, expectedCrawl } from "./site-model.ts";

/** One request as the server saw it. */
export interface Hit {
  path: string;
  host: string;
  userAgent: string;
  start: number;
  end: number;
  /** Requests to this server in flight when this one arrived (itself included). */
  concurrent: number;
}

export interface Route {
  /** Whether robots.txt lets gokit-scrape fetch it (worked out by hand from ROBOTS). */
  allowed: boolean;
  /** Canonical targets of the page's links that are in scope. */
  links: string[];
  redirect?: string;
  /** Requests a correct crawler makes (retries included); default 1. */
  requests?: number;
  /** Outcome: a page, or an error kind. */
  error?: string;
  title?: string;
  respond: (req: HttpRequest, res: HttpResponse, nth: number) => Promise<void>;
}

/** The site's robots.txt: a `*` group, our group (merged from two), and another bot's. */
export const ROBOTS = `# test robots.txt
User-agent: *
Disallow: /star-only.html
Disallow: /page/

User-agent: otherbot
Disallow: /

user-agent: GOKIT-SCRAPE
Disallow: /private/
Allow: /private/open.html
Disallow: /*?*session=
Disallow: /*.pdf$
Sitemap: http://127.0.0.1/sitemap.xml

User-agent: gokit-scrape
Disallow: /exact$
Allow: /tie
Disallow: /tie
Disallow: /calendar/2024/
`;

/** Options of {@link TestSite}. */
export interface SiteOptions {
  /** Regular pages /page/1 … /page/N (default 975). */
  pages?: number;
  /** Retries the crawler is run with (the expected request counts depend on it). */
  retries?: number;
  /** robots.txt response: the text, or a status code to answer with. */
  robots?: string | number;
  /** Time each regular page takes to answer, in ms (default 0). */
  pageDelayMs?: number;
  /** How long /slow takes (default 5,000 ms; the crawler's timeout must be shorter). */
  slowMs?: number;
  /** Serve robots.txt through a redirect to /robots/moved.txt (RFC 9309 §2.3.1.2). */
  robotsRedirect?: boolean;
  /** Another site's base URL: the home page also links to its /page/1 … /page/10. */
  peer?: string;
}

const enc = new TextEncoder();

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
const now = (): number => performance.timeOrigin + performance.now();

function html(title: string, body: string, head = ""): string {
  return `<!doctype html><html><head>${head}<title>${title}</title><meta name="description" content="About ${title}"></head><body>${body}</body></html>`;
}

const a = (href: string, text = href): string => `<a href="${href}">${text}</a>`;

/** A running test site. */
export class TestSite {
  readonly hits: Hit[] = [];
  readonly routes = new Map<string, Route>();
  readonly opts: Required<Omit<SiteOptions, "robots">> & { robots: string | number };
  #server!: HttpServer;
  #inflight = 0;
  #counts = new Map<string, number>();

  private constructor(opts: SiteOptions) {
    this.opts = { pages: 975, retries: 1, robots: ROBOTS, pageDelayMs: 0, slowMs: 5_000, peer: "", robotsRedirect: false, ...opts };
  }

  /** Starts a site on 127.0.0.1 port 0. */
  static async start(opts: SiteOptions = {}): Promise<TestSite> {
    const site = new TestSite(opts);
    site.#server = await HttpServer.listen({ port: 0, handler: (req, res) => site.#handle(req, res), idleTimeoutMs: 2_000, shutdownTimeoutMs: 500 });
    site.#build();
    return site;
  }

  get port(): number {
    return this.#server.port;
  }

  /** `http://127.0.0.1:PORT` + path. */
  url(path = "/"): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#server.shutdown();
  }

  /** Paths requested, with how many times. */
  requestCounts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const h of this.hits) m.set(h.path, (m.get(h.path) ?? 0) + 1);
    return m;
  }

  async #handle(req: HttpRequest, res: HttpResponse): Promise<void> {
    const path = req.target;
    const hit: Hit = { path, host: req.headers.get("host") ?? "", userAgent: req.headers.get("user-agent") ?? "", start: now(), end: 0, concurrent: ++this.#inflight };
    this.hits.push(hit);
    const nth = (this.#counts.get(path) ?? 0) + 1;
    this.#counts.set(path, nth);
    try {
      if (path === "/robots.txt" && this.opts.robotsRedirect) {
        res.status = 301;
        res.setHeader("location", "/robots/moved.txt");
        await res.end();
        return;
      }
      if (path === "/robots.txt" || (path === "/robots/moved.txt" && this.opts.robotsRedirect)) {
        const r = this.opts.robots;
        res.status = typeof r === "number" ? r : 200;
        res.setHeader("content-type", "text/plain");
        await res.end(typeof r === "number" ? "" : r);
        return;
      }
      const route = this.routes.get(path);
      if (route === undefined) {
        res.status = 404;
        res.setHeader("content-type", "text/html");
        await res.end(html("Not found", "<p>nothing here</p>"));
        return;
      }
      await route.respond(req, res, nth);
    } finally {
      this.#inflight--;
      hit.end = now();
    }
  }

  #page(path: string, route: Omit<Route, "respond"> & { body: string; delay?: number }): void {
    const { body, delay, ...rest } = route;
    this.routes.set(path, {
      ...rest,
      respond: async (req, res) => {
        if (delay) await Bun.sleep(delay);
        res.setHeader("content-type", "text/html; charset=utf-8");
        await res.end(body);
      },
    });
  }

  #redirect(path: string, to: string, allowed = true, status = 301): void {
    this.routes.set(path, { allowed, links: [], redirect: to, respond: async (_req, res) => {
      res.status = status;
      res.setHeader("location", to);
      await res.end();
    } });
  }

  #build(): void {
    const N = this.opts.pages;
    const port = this.port;
    const retries = this.opts.retries;
    // Regular pages: /page/i links to its ten children 10i+1…10i+10, its parent, its next sibling and home: a tree with cycles.
    const forms = [
      (j: number) => `${j}`,
      (j: number) => `./${j}`,
      (j: number) => `../page/${j}`,
      (j: number) => `/page/${j}#section`,
      (j: number) => `http://127.0.0.1:${port}/page/${j}`,
      (j: number) => `HTTP://127.0.0.1:${port}/page/./${j}`,
      (j: number) => `/page/x/../${j}`,
      (j: number) => `/page/${[...String(j)].map((d) => `%3${d}`).join("")}`,
      (j: number) => ` /page/${j} `,
      (j: number) => `/page/${j}?`,
    ];
    for (let i = 1; i <= N; i++) {
      const kids = Array.from({ length: 10 }, (_, k) => 10 * i + k + 1).filter((j) => j <= N);
      const targets = [...kids, i > 10 ? Math.floor((i - 1) / 10) : 0, i < N ? i + 1 : 1].filter((j) => j > 0);
      const body = [
        ...targets.map((j, k) => a(forms[(i + k) % forms.length]!(j), `page ${j}`)),
        a("/"),
        a("mailto:someone@example.com"),
        a("javascript:void(0)"),
        a(`http://localhost:${port}/page/${i}`, "same server, other host name: out of scope"),
        `<a name="no-href">anchor</a>`,
      ].join("\n");
      this.#page(`/page/${i}`, { allowed: true, links: [...targets.map((j) => `/page/${j}`), "/"], title: `Page ${i}`, body: html(`Page ${i} &amp; co`, body), delay: this.opts.pageDelayMs });
    }
    const specials: string[] = [];
    const special = (path: string): void => void specials.push(path);

    // <base href>: relative links resolve against it.
    special("/base/index.html");
    this.#page("/base/index.html", { allowed: true, links: ["/page/7", "/page/8", "/"], title: "Base", body: html("Base", `${a("7")}${a("8")}${a("../")}`, `<base href="/page/">`) });
    // Redirects.
    special("/redirect/a");
    this.#redirect("/redirect/a", "/page/50");
    special("/redirect/chain");
    this.#redirect("/redirect/chain", `http://127.0.0.1:${port}/redirect/chain2`, true, 302);
    this.#redirect("/redirect/chain2", "/chain-target.html", true, 307);
    this.#page("/chain-target.html", { allowed: true, links: ["/page/1"], title: "Chain target", body: html("Chain target", a("/page/1")) });
    special("/redirect/loop1");
    this.#redirect("/redirect/loop1", "/redirect/loop2");
    this.#redirect("/redirect/loop2", "/redirect/loop1");
    this.routes.get("/redirect/loop1")!.error = "redirect loop";
    special("/redirect/private");
    this.#redirect("/redirect/private", "/private/hidden.html");
    this.#page("/private/hidden.html", { allowed: false, links: [], body: html("Hidden", "") });
    // Errors.
    special("/missing");
    this.routes.set("/missing", { allowed: true, links: [], error: "404 not found", respond: async (_q, res) => {
      res.status = 404;
      await res.end("gone");
    } });
    special("/broken");
    this.routes.set("/broken", { allowed: true, links: [], requests: 1 + retries, error: "500 internal server error", respond: async (_q, res) => {
      res.status = 500;
      await res.end("oops");
    } });
    special("/flaky");
    this.routes.set("/flaky", { allowed: true, links: ["/page/2"], requests: 2, title: "Flaky", respond: async (_q, res, nth) => {
      res.status = nth === 1 ? 500 : 200;
      res.setHeader("content-type", "text/html");
      await res.end(nth === 1 ? "try again" : html("Flaky", a("/page/2")));
    } });
    special("/busy");
    this.routes.set("/busy", { allowed: true, links: ["/page/3"], requests: 2, title: "Busy", respond: async (_q, res, nth) => {
      res.status = nth === 1 ? 429 : 200;
      if (nth === 1) res.setHeader("retry-after", "1");
      res.setHeader("content-type", "text/html");
      await res.end(nth === 1 ? "slow down" : html("Busy", a("/page/3")));
    } });
    special("/slow");
    this.routes.set("/slow", { allowed: true, links: [], requests: 1 + retries, error: "timeout", respond: async (req, res) => {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.opts.slowMs);
        req.signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
      });
      res.setHeader("content-type", "text/html");
      await res.end(html("Slow", "")).catch(() => {});
    } });
    special("/big.html");
    this.routes.set("/big.html", { allowed: true, links: [], error: "body too large", respond: async (_q, res) => {
      res.setHeader("content-type", "text/html");
      await res.end(html("Big", "<p>" + "x".repeat(200 * 1024) + "</p>"));
    } });
    // Binary content: recorded, not parsed.
    special("/image.png");
    this.routes.set("/image.png", { allowed: true, links: [], respond: async (_q, res) => {
      res.setHeader("content-type", "image/png");
      await res.end(Uint8Array.from({ length: 4096 }, (_, i) => (i * 131) & 255));
    } });
    // Non-UTF-8: windows-1252 declared in the header; Shift_JIS declared only by <meta>.
    special("/latin1.html");
    this.routes.set("/latin1.html", { allowed: true, links: ["/page/4"], title: "Caf\u00e9 \u2014 cr\u00e8me br\u00fbl\u00e9e", respond: async (_q, res) => {
      res.setHeader("content-type", "text/html; charset=windows-1252");
      const text = html("Caf\u00e9 \u2014 cr\u00e8me br\u00fbl\u00e9e", a("/page/4"));
      const bytes = Uint8Array.from([...text].map((c) => (c === "\u2014" ? 0x97 : c.charCodeAt(0))));
      await res.end(bytes);
    } });
    special("/sjis.html");
    this.routes.set("/sjis.html", { allowed: true, links: ["/page/5"], title: "\u65e5\u672c\u8a9e", respond: async (_q, res) => {
      res.setHeader("content-type", "text/html");
      const pre = enc.encode(`<html><head><meta charset="Shift_JIS"><title>`);
      const post = enc.encode(`</title></head><body>${a("/page/5")}</body></html>`);
      const sjis = Uint8Array.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]); // 日本語
      await res.end(Uint8Array.from([...pre, ...sjis, ...post]));
    } });
    // robots.txt cases.
    for (const [path, allowed] of [
      ["/private/secret.html", false], // Disallow: /private/
      ["/private/open.html", true], // Allow: /private/open.html is longer
      ["/star-only.html", true], // only the * group disallows it, and our group applies
      ["/search?q=1&session=abc", false], // Disallow: /*?*session=
      ["/doc.pdf", false], // Disallow: /*.pdf$
      ["/doc.pdf?download=1", true], // $ anchors the end
      ["/exact", false], // Disallow: /exact$
      ["/exact/more", true],
      ["/tie", true], // Allow and Disallow equally long: Allow wins
    ] as const) {
      special(path);
      this.#page(path, { allowed, links: [], title: path, body: html(path, "") });
    }
    // The calendar trap: every month links to the next and the previous one, forever (2024 is disallowed).
    special("/calendar/2025/1");
    const month = (y: number, m: number): string => `/calendar/${y}/${m}`;
    const step = (y: number, m: number, d: number): [number, number] => {
      const k = y * 12 + (m - 1) + d;
      return [Math.floor(k / 12), (k % 12) + 1];
    };
    for (let y = 2000; y <= 2100; y++) {
      for (let m = 1; m <= 12; m++) {
        const next = month(...step(y, m, 1));
        const prev = month(...step(y, m, -1));
        this.#page(month(y, m), { allowed: y !== 2024, links: [next, prev], title: `${y}-${m}`, body: html(`${y}-${m}`, `${a(next, "next")}${a(prev, "prev")}`) });
      }
    }
    // Out of scope: another host name for the same server.
    special("/external.html");
    this.#page("/external.html", { allowed: true, links: [], title: "External", body: html("External", a(`http://localhost:${port}/`)) });
    const homeLinks = [...Array.from({ length: Math.min(10, N) }, (_, k) => `/page/${k + 1}`), ...specials];
    const peerLinks = this.opts.peer === "" ? [] : Array.from({ length: 10 }, (_, k) => `${this.opts.peer}/page/${k + 1}`);
    const body = [...homeLinks, ...peerLinks].map((h) => a(h.replace(/&/g, "&amp;"))).join("\n");
    this.#page("/", { allowed: true, links: homeLinks, title: "Home", body: html("Home", body) });
  }

  /** What a correct crawl from `/` to `depth` requests and records (see site-model.ts). */
  expected(depth: number): Expected {
    return expectedCrawl(this.routes, depth);
  }
}
