/** The Router: per-method radix trees, lookup, and dispatch of requests through the middleware onion. */
import { run } from "./compose.ts";
import { Context, DEFAULT_BODY_LIMIT } from "./context.ts";
import { HttpError, RouteError } from "./errors.ts";
import { Group, type RouteRegistry } from "./group.ts";
import type { HttpRequest, HttpResponse } from "./http.ts";
import { parsePattern } from "./pattern.ts";
import { respondError } from "./recovery.ts";
import { Route, type Handler, type RouteMatch, type RouteScope } from "./route.ts";
import { Tree } from "./tree.ts";

/** Options for {@link Router}. */
export interface RouterOptions {
  /** Redirect `/a/` to `/a` (or back) when only the other form has a route: 301 for GET/HEAD, 308 otherwise. Default true. */
  redirectTrailingSlash?: boolean;
  /** Answer OPTIONS for any routed path with 204 and an Allow header, unless an OPTIONS route exists. Default true. */
  handleOptions?: boolean;
  /** Limit of `c.body()` and `c.json()` in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Answers requests no route matches (after the router's middleware). Default: 404 "404 page not found". */
  notFound?: Handler;
  /** Answers a path that other methods route; the Allow header is already set. Default: 405 "405 method not allowed". */
  methodNotAllowed?: Handler;
}

// RFC 9110 §5.6.2 token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * An HTTP router: compressed radix trees per method with `:param` and
 * `*catchAll` segments (static beats parameter beats catch-all), route groups,
 * onion-model middleware, 404/405 with Allow, automatic OPTIONS and HEAD, and
 * trailing-slash redirects. `find` works without a server; `handle` is what a
 * transport calls for each request.
 *
 * @example
 * const r = new Router();
 * r.use(logger(log), recovery());
 * r.GET("/users/:id", (c) => c.json(200, { id: c.param("id"), page: c.query("page", "1") }));
 */
export class Router extends Group implements RouteRegistry {
  private readonly trees = new Map<string, Tree>();
  private version = 0;
  private readonly redirectTrailingSlash: boolean;
  private readonly handleOptions: boolean;
  private readonly bodyLimit: number;
  private readonly notFound: Handler;
  private readonly methodNotAllowed: Handler;
  private fallback: Handler[] | null = null;
  /** GET's tree, most requests' method, without a map lookup. */
  private getTree: Tree | undefined = undefined;

  constructor(options: RouterOptions = {}) {
    super(null, "", null);
    this.redirectTrailingSlash = options.redirectTrailingSlash ?? true;
    this.handleOptions = options.handleOptions ?? true;
    this.bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
    this.notFound = options.notFound ?? ((c) => c.text(404, "404 page not found"));
    this.methodNotAllowed = options.methodNotAllowed ?? ((c) => c.text(405, "405 method not allowed"));
  }

  /** @internal Called by groups; use `add` or the method helpers. */
  register(method: string, pattern: string, handlers: Handler[], scope: RouteScope): void {
    if (!TOKEN.test(method)) throw new RouteError("ERR_ROUTE_PATTERN", `router: invalid method "${method}"`);
    const pieces = parsePattern(method, pattern);
    const names: string[] = [];
    for (const p of pieces) if (p.kind !== "static") names.push(p.name);
    let tree = this.trees.get(method);
    if (tree === undefined) {
      this.trees.set(method, (tree = new Tree()));
      if (method === "GET") this.getTree = tree;
    }
    tree.add(new Route(method, pattern, handlers, names, scope), pieces);
  }

  /** @internal Invalidates cached handler chains. */
  middlewareChanged(): void {
    this.version++;
    this.fallback = null;
  }

  /**
   * The route for `method` and the still-encoded `path` (no query), with its
   * percent-decoded parameters (`params`, or `param(name)` for one), or null.
   * HEAD falls back to GET. A static route's result is preallocated and shared.
   */
  find(method: string, path: string): RouteMatch | null {
    const tree = method === "GET" ? this.getTree : this.trees.get(method);
    if (tree !== undefined) {
      const m = tree.lookup(path);
      if (m !== null) return m;
    }
    if (method === "HEAD") return this.find("GET", path);
    return null;
  }

  /** The methods that route `path`, for an Allow header (HEAD with GET, OPTIONS when answered automatically). */
  allowed(path: string): string[] {
    const out: string[] = [];
    for (const [method, tree] of this.trees) if (path === "*" ? tree.size > 0 : tree.has(path)) out.push(method);
    if (out.length === 0) return out;
    if (out.includes("GET") && !out.includes("HEAD")) out.push("HEAD");
    if (this.handleOptions && !out.includes("OPTIONS")) out.push("OPTIONS");
    return out;
  }

  /** Every registered route as [method, pattern], tree by tree. */
  *routes(): Generator<[string, string]> {
    for (const [method, tree] of this.trees) for (const pattern of tree.patterns()) yield [method, pattern];
  }

  /**
   * Serves one request: finds the route, runs the router's middleware, the
   * groups' and the route's handlers, and ends the response if they did not.
   * An HttpError that escapes is answered with its status; any other error
   * rejects (use `recovery()` to answer it with 500 instead).
   */
  async handle(req: HttpRequest, res: HttpResponse): Promise<void> {
    const c = new Context(req, res);
    c.bodyLimit = this.bodyLimit;
    const m = this.find(req.method, req.path);
    let chain: Handler[];
    if (m !== null) {
      c.match = m;
      chain = m.route.handlersFor(this.version);
    } else {
      chain = this.fallback ??= [...this.middleware(), (c) => this.unrouted(c)];
    }
    try {
      await run(chain, c);
      if (!res.finished) await res.end();
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      await respondError(c, e);
    }
  }

  private unrouted(c: Context): unknown {
    const { method, path, rawQuery } = c.req;
    if (method === "OPTIONS" && this.handleOptions) {
      const allow = this.allowed(path);
      if (allow.length > 0) {
        c.res.setHeader("Allow", allow.join(", "));
        return c.send(204, "", "");
      }
    }
    // "//evil.example/" must never become Location: //evil.example, a protocol-relative URL (open redirect).
    if (this.redirectTrailingSlash && path !== "/" && path !== "*" && !path.startsWith("//") && method !== "CONNECT") {
      const alt = path.endsWith("/") ? path.slice(0, -1) : path + "/";
      if (alt !== "" && this.find(method, alt) !== null) {
        const location = rawQuery === "" ? alt : `${alt}?${rawQuery}`;
        return c.redirect(location, method === "GET" || method === "HEAD" ? 301 : 308);
      }
    }
    const allow = this.allowed(path);
    if (allow.length > 0) {
      c.res.setHeader("Allow", allow.join(", "));
      return this.methodNotAllowed(c, async () => {});
    }
    return this.notFound(c, async () => {});
  }
}
