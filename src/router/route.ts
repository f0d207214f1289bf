/** A registered route and the result of a lookup. */
import type { Context } from "./context.ts";

/** Path parameters by name, percent-decoded. */
export type Params = Record<string, string>;

/** Runs the rest of the chain; resolves when every later handler has finished. */
export type Next = () => Promise<void>;

/** A handler or middleware: onion-model, it may act before and after `await next()`, or not call it. */
export type Handler = (c: Context, next: Next) => unknown;

/** The params of every static route: frozen, shared, never allocated per lookup. */
export const EMPTY_PARAMS: Params = Object.freeze({}) as Params;

/** Where a route belongs: the group's middleware runs before the route's handlers. */
export interface RouteScope {
  /** Middleware of this scope and every enclosing one, outermost first. */
  middleware(): Handler[];
}

/** One method + pattern registration. */
export class Route {
  /** The handler lookups report: the last one given to `add`; earlier ones act as route middleware. */
  readonly handler: Handler;
  /** Set for routes without parameters: the preallocated result of every lookup. */
  readonly staticMatch: RouteMatch | null;
  private chain: Handler[] | null = null;
  private chainVersion = -1;
  constructor(
    readonly method: string,
    readonly pattern: string,
    readonly handlers: readonly Handler[],
    readonly paramNames: readonly string[],
    readonly scope: RouteScope,
  ) {
    this.handler = handlers[handlers.length - 1]!;
    this.staticMatch = paramNames.length === 0 ? new RouteMatch(this.handler, this, pattern, null) : null;
  }

  /** Scope middleware then handlers, rebuilt when any `use()` bumped `version` since the last call. */
  handlersFor(version: number): Handler[] {
    if (this.chain === null || this.chainVersion !== version) {
      this.chain = [...this.scope.middleware(), ...this.handlers];
      this.chainVersion = version;
    }
    return this.chain;
  }
}

/** Percent-decodes one captured value; a malformed escape leaves the value as sent. */
function decode(s: string): string {
  if (s.indexOf("%") === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * What `find` returns: the route's handler and its parameters. Parameters
 * are kept as bounds into the still-encoded path and decoded on access:
 * `param(name)` slices one value, `params` builds (once) the whole object.
 * The bounds of the first three parameters live in fields, so a lookup
 * allocates this one object (and an array only beyond three parameters).
 * A static route's match is preallocated and shared.
 */
export class RouteMatch {
  private built: Params | null;
  /** [start, end) of parameters 0-2 in `path`. */
  private s0 = 0;
  private e0 = 0;
  private s1 = 0;
  private e1 = 0;
  private s2 = 0;
  private e2 = 0;
  /** Bounds of parameters 3 and on, pairs in order; null for three or fewer. */
  private more: number[] | null = null;
  constructor(
    readonly handler: Handler,
    readonly route: Route,
    private readonly path: string,
    /** [start, end) of each parameter in `path`, in pattern order, from index 0; null for a static route. */
    bounds: ArrayLike<number> | null,
  ) {
    this.built = bounds === null ? EMPTY_PARAMS : null;
    if (bounds === null) return;
    const n = route.paramNames.length;
    this.s0 = bounds[0]!;
    this.e0 = bounds[1]!;
    if (n > 1) {
      this.s1 = bounds[2]!;
      this.e1 = bounds[3]!;
    }
    if (n > 2) {
      this.s2 = bounds[4]!;
      this.e2 = bounds[5]!;
    }
    if (n > 3) this.more = Array.from({ length: 2 * (n - 3) }, (_, k) => bounds[6 + k]!);
  }

  /** The parameters by name, percent-decoded; built on first use. */
  get params(): Params {
    return (this.built ??= this.build());
  }

  /** One parameter, percent-decoded, without building `params`; undefined when the route has none by that name. */
  param(name: string): string | undefined {
    const built = this.built;
    if (built !== null) return Object.hasOwn(built, name) ? built[name] : undefined;
    const k = this.route.paramNames.indexOf(name);
    return k === -1 ? undefined : this.value(k);
  }

  private value(k: number): string {
    const p = this.path;
    switch (k) {
      case 0:
        return decode(p.slice(this.s0, this.e0));
      case 1:
        return decode(p.slice(this.s1, this.e1));
      case 2:
        return decode(p.slice(this.s2, this.e2));
      default:
        return decode(p.slice(this.more![2 * (k - 3)], this.more![2 * (k - 3) + 1]));
    }
  }

  private build(): Params {
    const names = this.route.paramNames;
    const out: Params = {};
    for (let k = 0; k < names.length; k++) out[names[k]!] = this.value(k);
    return out;
  }
}
