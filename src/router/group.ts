/** Route groups: a path prefix and middleware shared by the routes and groups registered under it. */
import type { Handler, RouteScope } from "./route.ts";

/** The standard methods `ANY` registers. */
export const ANY_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** What a group registers into: the router. */
export interface RouteRegistry {
  register(method: string, pattern: string, handlers: Handler[], scope: RouteScope): void;
  /** Called on every `use()`, so cached handler chains are rebuilt. */
  middlewareChanged(): void;
}

/** Joins a group prefix and a route path: "/api" + "/users" → "/api/users", "/api" + "/" → "/api". */
export function joinPath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "/" || path === "") return prefix;
  return prefix.endsWith("/") ? prefix + path.slice(1) : prefix + path;
}

/**
 * A set of routes under one prefix with its own middleware, which runs after
 * the enclosing groups' middleware and before the route's handlers, and
 * applies to routes registered before or after `use()`.
 */
export class Group implements RouteScope {
  private readonly own: Handler[] = [];
  private readonly registry: RouteRegistry;

  constructor(
    registry: RouteRegistry | null,
    /** The full path prefix of this group ("" for the router itself). */
    readonly prefix: string,
    private readonly parent: Group | null,
  ) {
    this.registry = registry ?? (this as unknown as RouteRegistry);
  }

  /** Adds middleware to this group. */
  use(...middleware: Handler[]): this {
    this.own.push(...middleware);
    this.registry.middlewareChanged();
    return this;
  }

  /** Middleware of the enclosing groups then this one, outermost first. */
  middleware(): Handler[] {
    return this.parent === null ? [...this.own] : [...this.parent.middleware(), ...this.own];
  }

  /** A nested group under `prefix` (relative to this group), with optional middleware. */
  group(prefix: string, ...middleware: Handler[]): Group {
    const g = new Group(this.registry, joinPath(this.prefix, prefix), this);
    if (middleware.length > 0) g.use(...middleware);
    return g;
  }

  /** Registers `handlers` for `method` and `path`; the last handler answers, earlier ones are route middleware. */
  add(method: string, path: string, ...handlers: Handler[]): this {
    if (handlers.length === 0) throw new TypeError(`router: ${method} ${path}: no handler`);
    this.registry.register(method, joinPath(this.prefix, path), handlers, this);
    return this;
  }

  /** Registers a GET route (HEAD requests fall back to it). */
  GET(path: string, ...handlers: Handler[]): this {
    return this.add("GET", path, ...handlers);
  }
  /** Registers a POST route. */
  POST(path: string, ...handlers: Handler[]): this {
    return this.add("POST", path, ...handlers);
  }
  /** Registers a PUT route. */
  PUT(path: string, ...handlers: Handler[]): this {
    return this.add("PUT", path, ...handlers);
  }
  /** Registers a PATCH route. */
  PATCH(path: string, ...handlers: Handler[]): this {
    return this.add("PATCH", path, ...handlers);
  }
  /** Registers a DELETE route. */
  DELETE(path: string, ...handlers: Handler[]): this {
    return this.add("DELETE", path, ...handlers);
  }
  /** Registers a HEAD route, taking precedence over the GET fallback. */
  HEAD(path: string, ...handlers: Handler[]): this {
    return this.add("HEAD", path, ...handlers);
  }
  /** Registers an OPTIONS route, taking precedence over the automatic answer. */
  OPTIONS(path: string, ...handlers: Handler[]): this {
    return this.add("OPTIONS", path, ...handlers);
  }
  /** Registers the route for every method in ANY_METHODS. */
  ANY(path: string, ...handlers: Handler[]): this {
    for (const m of ANY_METHODS) this.add(m, path, ...handlers);
    return this;
  }
}
