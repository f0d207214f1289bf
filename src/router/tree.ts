/**
 * One method's routes: a map of parameterless paths (the fast path, which
 * returns a preallocated match) in front of a compressed radix trie whose
 * nodes hold static text, at most one `:param` child and at most one
 * `*catchAll` leaf. Lookup tries the static child, then the parameter, then
 * the catch-all, backtracking when a branch fails deeper down, so static
 * beats parameter beats catch-all at every segment.
 */
import { RouteError } from "./errors.ts";
import { MAX_PARAMS, type Piece } from "./pattern.ts";
import { RouteMatch, type Route } from "./route.ts";

class Node {
  /**
   * Static children by the first code unit of their prefix: null for a leaf,
   * else a dense array of at least 128 slots (holes would cost a prototype
   * check on every read).
   */
  kids: (Node | undefined)[] | null = null;
  /** The `:name` child; its prefix is always "". */
  param: Node | null = null;
  /** On a parameter node: its name and the pattern that created it (for conflict messages). */
  paramName = "";
  owner = "";
  catchAll: Route | null = null;
  route: Route | null = null;
  constructor(public prefix: string) {}
}

// Capture bounds of the lookup in progress: [start, end) of parameter k at 2k, 2k+1.
// Lookups are synchronous, so one buffer serves them all.
const bounds = new Int32Array(2 * MAX_PARAMS + 2);

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * Matches `path` from `i` against `node` and below, recording capture bounds
 * from slot `n` on. Descends in a loop while there is nothing to come back
 * to, and recurses only where a later alternative (parameter, catch-all) may
 * have to be tried after a failure deeper down.
 */
function walk(node: Node, path: string, i: number, n: number): Route | null {
  const len = path.length;
  for (;;) {
    const prefix = node.prefix;
    const plen = prefix.length;
    if (plen !== 0) {
      if (len - i < plen) return null;
      for (let k = 1; k < plen; k++) if (path.charCodeAt(i + k) !== prefix.charCodeAt(k)) return null;
      i += plen;
    }
    if (i === len) {
      if (node.route !== null) return node.route;
      if (node.catchAll !== null) {
        bounds[2 * n] = i;
        bounds[2 * n + 1] = i;
        return node.catchAll;
      }
      return null;
    }
    const kids = node.kids;
    const kid = kids === null ? undefined : kids[path.charCodeAt(i)];
    const param = node.param;
    const catchAll = node.catchAll;
    if (kid !== undefined) {
      if (param === null && catchAll === null) {
        node = kid;
        continue;
      }
      const r = walk(kid, path, i, n);
      if (r !== null) return r;
    }
    if (param !== null) {
      let end = path.indexOf("/", i);
      if (end === -1) end = len;
      if (end > i) {
        bounds[2 * n] = i;
        bounds[2 * n + 1] = end;
        if (end === len) {
          if (param.route !== null) return param.route;
        } else {
          // After a parameter comes '/', so its node's only static child is the '/' one.
          const next = param.kids === null ? undefined : param.kids[0x2f];
          if (next !== undefined) {
            if (catchAll === null) {
              node = next;
              i = end;
              n++;
              continue;
            }
            const r = walk(next, path, end, n + 1);
            if (r !== null) return r;
          }
        }
      }
    }
    if (catchAll !== null) {
      bounds[2 * n] = i;
      bounds[2 * n + 1] = len;
      return catchAll;
    }
    return null;
  }
}

/** The routes of one method. */
export class Tree {
  private readonly root = new Node("");
  private readonly statics = new Map<string, RouteMatch>();
  /**
   * Which path lengths some static route has (lengths ≥ 255 share the last
   * slot): a request path of another length skips the map, and with it the
   * hashing of a fresh string.
   */
  private readonly staticLengths = new Uint8Array(256);
  /** Number of routes. */
  size = 0;

  /** Adds `route`, parsed into `pieces`; throws RouteError on a duplicate or conflicting registration. */
  add(route: Route, pieces: Piece[]): void {
    const { method, pattern } = route;
    const conflict = (existing: string): never => {
      throw new RouteError("ERR_ROUTE_CONFLICT", `router: ${method} ${pattern} conflicts with existing ${existing}`);
    };
    const duplicate = (): never => {
      throw new RouteError("ERR_ROUTE_CONFLICT", `router: ${method} ${pattern} is already registered`);
    };
    let node = this.root;
    for (const piece of pieces) {
      if (piece.kind === "static") {
        node = insertStatic(node, piece.text);
      } else if (piece.kind === "param") {
        if (node.param === null) {
          node.param = new Node("");
          node.param.paramName = piece.name;
          node.param.owner = pattern;
        } else if (node.param.paramName !== piece.name) {
          conflict(node.param.owner);
        }
        node = node.param;
      } else {
        if (node.catchAll !== null) {
          if (node.catchAll.pattern === pattern) duplicate();
          conflict(node.catchAll.pattern);
        }
        node.catchAll = route;
        this.size++;
        return;
      }
    }
    if (node.route !== null) duplicate();
    node.route = route;
    if (route.staticMatch !== null) {
      this.statics.set(pattern, route.staticMatch);
      this.staticLengths[Math.min(pattern.length, 255)] = 1;
    }
    this.size++;
  }

  /** The route matching the still-encoded `path`, or null. */
  lookup(path: string): RouteMatch | null {
    if (this.staticLengths[path.length < 255 ? path.length : 255] === 1) {
      const hit = this.statics.get(path);
      if (hit !== undefined) return hit;
    }
    const route = walk(this.root, path, 0, 0);
    if (route === null) return null;
    const sm = route.staticMatch;
    if (sm !== null) return sm;
    return new RouteMatch(route.handler, route, path, bounds);
  }

  /** The patterns of every route, in no particular order. */
  *patterns(): Generator<string> {
    const stack: Node[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.route !== null) yield node.route.pattern;
      if (node.catchAll !== null) yield node.catchAll.pattern;
      if (node.param !== null) stack.push(node.param);
      for (const kid of node.kids ?? []) if (kid !== undefined) stack.push(kid);
    }
  }

  /** Reports whether some route matches `path`, without building parameters. */
  has(path: string): boolean {
    return walk(this.root, path, 0, 0) !== null;
  }
}

function setKid(node: Node, kid: Node): void {
  const c = kid.prefix.charCodeAt(0);
  node.kids ??= new Array<Node | undefined>(128).fill(undefined);
  while (node.kids.length <= c) node.kids.push(undefined);
  node.kids[c] = kid;
}

function insertStatic(parent: Node, text: string): Node {
  let node = parent;
  while (text !== "") {
    const c = text.charCodeAt(0);
    let kid = node.kids?.[c];
    if (kid === undefined) {
      kid = new Node(text);
      setKid(node, kid);
      return kid;
    }
    const l = commonPrefix(kid.prefix, text);
    if (l < kid.prefix.length) {
      const mid = new Node(kid.prefix.slice(0, l));
      kid.prefix = kid.prefix.slice(l);
      setKid(mid, kid);
      setKid(node, mid);
      kid = mid;
    }
    text = text.slice(l);
    node = kid;
  }
  return node;
}
