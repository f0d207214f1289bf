/**
 * The reference model of a correct crawl of the test site, worked out
 * breadth-first from the site's own description of its routes (which pages
 * link where, which robots.txt allows, which redirect or fail), never from
 * the crawler's code.
 */
import type { Route } from "./site.ts";

/** Requests (path → count, retries included), recorded pages and errors (path → kind). */
export interface Expected {
  requests: Map<string, number>;
  pages: Set<string>;
  errors: Map<string, string>;
}

/**
 * What a correct crawl from `/` to `depth` requests (path → count) and
 * records, worked out breadth-first from the site's own description.
 */
export function expectedCrawl(routes: ReadonlyMap<string, Route>, depth: number): Expected {
  const requests = new Map<string, number>([["/robots.txt", 1]]);
  const pages = new Set<string>();
  const errors = new Map<string, string>();
  const seen = new Set<string>(["/"]);
  let level = ["/"];
  for (let d = 0; d <= depth && level.length > 0; d++) {
    const next: string[] = [];
    for (const path of level) {
      let route = routes.get(path);
      if (route === undefined || !route.allowed) continue;
      requests.set(path, route.requests ?? 1);
      const chain = [path];
      while (route?.redirect !== undefined) {
        const target: string = route.redirect.replace(/^http:\/\/127\.0\.0\.1:\d+/, "");
        if (chain.includes(target)) break;
        const t: Route = routes.get(target) ?? { allowed: true, links: [], error: "404 not found", respond: async () => {} };
        if (seen.has(target) || !t.allowed) {
          route = undefined;
          break;
        }
        seen.add(target);
        chain.push(target);
        requests.set(target, t.requests ?? 1);
        route = t;
      }
      if (route === undefined) {
        pages.add(path); // a redirect to somewhere already visited or disallowed is recorded, not followed
        continue;
      }
      const error = route.error ?? routes.get(path)!.error;
      if (error !== undefined) {
        errors.set(path, error);
        continue;
      }
      pages.add(path);
      if (d === depth) continue;
      for (const l of route.links) {
        if (seen.has(l)) continue;
        seen.add(l);
        next.push(l);
      }
    }
    level = next;
  }
  return { requests, pages, errors };
}
