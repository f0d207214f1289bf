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
 * A static route's match is preallocated and shared.
 */
export class RouteMatch {
  private built: Params | null;
  constructor(
    readonly handler: Handler,
    readonly route: Route,
    private readonly path: string,
    /** [start, end) of each parameter in `path`, in pattern order; null for a static route. */
    private readonly bounds: readonly number[] | null,
  ) {
    this.built = bounds === null ? EMPTY_PARAMS : null;
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
    const b = this.bounds!;
    return decode(this.path.slice(b[2 * k], b[2 * k + 1]));
  }

  private build(): Params {
    const names = this.route.paramNames;
    const out: Params = {};
    for (let k = 0; k < names.length; k++) out[names[k]!] = this.value(k);
    return out;
  }
}
