import { describe, expect, test } from "bun:test";
import { RouteError, Router, type Handler } from "../../src/router/index.ts";

/** A router whose handlers are tagged with their pattern, so lookups can be checked by name. */
function routerWith(patterns: string[], method = "GET"): Router {
  const r = new Router();
  for (const p of patterns) r.add(method, p, named(p));
  return r;
}

function named(pattern: string): Handler {
  return Object.assign(() => {}, { pattern });
}

function lookup(r: Router, path: string, method = "GET"): { pattern: string; params: Record<string, string> } | null {
  const m = r.find(method, path);
  return m && { pattern: (m.handler as unknown as { pattern: string }).pattern, params: { ...m.params } };
}

describe("Router.find", () => {
  const patterns = [
    "/",
    "/users",
    "/users/new",
    "/users/:id",
    "/users/:id/x",
    "/users/new/y",
    "/users/:id/posts/:post",
    "/static/*filepath",
    "/static/css/app.css",
    "/files/:name",
    "/files/*rest",
    "/a/b/c",
    "/a/:p/d",
    "/search",
    "/src/:file",
    "/srv/*all",
  ];
  const r = routerWith(patterns);

  const cases: [string, string | null, Record<string, string>][] = [
    ["/", "/", {}],
    ["/users", "/users", {}],
    ["/users/new", "/users/new", {}],
    ["/users/42", "/users/:id", { id: "42" }],
    ["/users/new/x", "/users/:id/x", { id: "new" }],
    ["/users/new/y", "/users/new/y", {}],
    ["/users/7/x", "/users/:id/x", { id: "7" }],
    ["/users/7/posts/hello", "/users/:id/posts/:post", { id: "7", post: "hello" }],
    ["/users/new/posts/1", "/users/:id/posts/:post", { id: "new", post: "1" }],
    ["/users/", null, {}],
    ["/users/7/", null, {}],
    ["/users/7/y", null, {}],
    ["/static/css/app.css", "/static/css/app.css", {}],
    ["/static/css/other.css", "/static/*filepath", { filepath: "css/other.css" }],
    ["/static/", "/static/*filepath", { filepath: "" }],
    ["/static", null, {}],
    ["/files/readme", "/files/:name", { name: "readme" }],
    ["/files/docs/readme", "/files/*rest", { rest: "docs/readme" }],
    ["/files/", "/files/*rest", { rest: "" }],
    ["/a/b/c", "/a/b/c", {}],
    ["/a/b/d", "/a/:p/d", { p: "b" }],
    ["/a/bb/d", "/a/:p/d", { p: "bb" }],
    ["/a/b", null, {}],
    ["/sea", null, {}],
    ["/search/", null, {}],
    ["/src/main.ts", "/src/:file", { file: "main.ts" }],
    ["/srv/x/y/z", "/srv/*all", { all: "x/y/z" }],
    ["/nope", null, {}],
    ["", null, {}],
  ];
  test.each(cases)("GET %p matches %p", (path, pattern, params) => {
    const got = lookup(r, path);
    if (pattern === null) expect(got).toBeNull();
    else expect(got).toEqual({ pattern, params });
  });

  test("registration order does not change priority", () => {
    const reversed = routerWith([...patterns].reverse());
    for (const [path, pattern, params] of cases) {
      const got = lookup(reversed, path);
      expect(got).toEqual(pattern === null ? null : { pattern, params });
    }
  });

  test("returns one preallocated result with shared empty params for a static route", () => {
    const a = r.find("GET", "/users/new");
    const b = r.find("GET", "/users/new");
    expect(a).not.toBeNull();
    expect(a).toBe(b!);
    expect(Object.isFrozen(a!.params)).toBe(true);
  });

  test("reports the matched route and its pattern", () => {
    expect(r.find("GET", "/users/9")!.route.pattern).toBe("/users/:id");
  });

  test("knows nothing of methods it has no routes for", () => {
    expect(r.find("POST", "/users")).toBeNull();
  });

  test("falls back from HEAD to GET", () => {
    expect(lookup(r, "/users/3", "HEAD")).toEqual({ pattern: "/users/:id", params: { id: "3" } });
  });
});

describe("Router.find decodes parameters after matching", () => {
  const r = routerWith(["/files/:name", "/files/:name/meta", "/raw/*path", "/caf%C3%A9"]);
  const cases: [string, string | null, Record<string, string>][] = [
    ["/files/a%20b", "/files/:name", { name: "a b" }],
    ["/files/a%2Fb", "/files/:name", { name: "a/b" }],
    ["/files/a%2Fb/meta", "/files/:name/meta", { name: "a/b" }],
    ["/files/caf%C3%A9", "/files/:name", { name: "café" }],
    ["/files/100%", "/files/:name", { name: "100%" }],
    ["/files/%E0%A4%A", "/files/:name", { name: "%E0%A4%A" }],
    ["/raw/a%20b/c%2Fd", "/raw/*path", { path: "a b/c/d" }],
    ["/caf%C3%A9", "/caf%C3%A9", {}],
    ["/café", null, {}],
  ];
  test.each(cases)("GET %p matches %p", (path, pattern, params) => {
    const got = lookup(r, path);
    if (pattern === null) expect(got).toBeNull();
    else expect(got).toEqual({ pattern, params });
  });
});

describe("Router registration", () => {
  const conflicts: [string[], string, string][] = [
    [["/users/:id"], "/users/:name", "router: GET /users/:name conflicts with existing /users/:id"],
    [["/users/:id/posts"], "/users/:user/likes", "router: GET /users/:user/likes conflicts with existing /users/:id/posts"],
    [["/static/*filepath"], "/static/*path", "router: GET /static/*path conflicts with existing /static/*filepath"],
    [["/users/:id"], "/users/:id", "router: GET /users/:id is already registered"],
    [["/users"], "/users", "router: GET /users is already registered"],
    [["/static/*filepath"], "/static/*filepath", "router: GET /static/*filepath is already registered"],
  ];
  test.each(conflicts)("after %p, %p fails: %s", (existing, pattern, message) => {
    const r = routerWith(existing);
    let err: unknown;
    try {
      r.GET(pattern, () => {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RouteError);
    expect((err as RouteError).code).toBe("ERR_ROUTE_CONFLICT");
    expect((err as Error).message).toBe(message);
  });

  const coexisting: string[][] = [
    ["/users/new", "/users/:id"],
    ["/users/:id", "/users/*rest"],
    ["/static/app.js", "/static/*filepath"],
    ["/a/:x/b", "/a/:x/c", "/a/:x"],
  ];
  test.each(coexisting)("%p and the rest coexist", (...patterns) => {
    expect(() => routerWith(patterns)).not.toThrow();
  });

  test("the same pattern under different methods is no conflict", () => {
    const r = new Router();
    r.GET("/users/:id", () => {});
    expect(() => r.DELETE("/users/:name", () => {})).not.toThrow();
  });

  const invalid: [string, string][] = [
    ["users", `router: GET "users": pattern must begin with '/'`],
    ["/users/:", `router: GET "/users/:": : must be followed by a name`],
    ["/static/*", `router: GET "/static/*": * must be followed by a name`],
    ["/static/*path/more", `router: GET "/static/*path/more": catch-all "*path" must be the last segment`],
    ["/a/:id/b/:id", `router: GET "/a/:id/b/:id": duplicate parameter name "id"`],
    ["/a/:my-id", `router: GET "/a/:my-id": invalid parameter name "my-id"`],
    ["/a?b", `router: GET "/a?b": pattern must not contain '?', '#' or whitespace`],
  ];
  test.each(invalid)("pattern %p is rejected: %s", (pattern, message) => {
    expect(() => new Router().GET(pattern, () => {})).toThrow(message);
  });

  test("an invalid method token is rejected", () => {
    expect(() => new Router().add("GE T", "/", () => {})).toThrow(`router: invalid method "GE T"`);
  });

  test("a route needs a handler", () => {
    expect(() => new Router().add("GET", "/")).toThrow("router: GET /: no handler");
  });

  test("':' and '*' inside a segment are literal", () => {
    const r = routerWith(["/v1/jobs:cancel", "/a*b"]);
    expect(lookup(r, "/v1/jobs:cancel")).toEqual({ pattern: "/v1/jobs:cancel", params: {} });
    expect(lookup(r, "/a*b")).toEqual({ pattern: "/a*b", params: {} });
    expect(lookup(r, "/v1/jobsXcancel")).toBeNull();
  });

  test("ANY registers every standard method", () => {
    const r = new Router();
    r.ANY("/any", named("/any"));
    for (const m of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) expect(lookup(r, "/any", m)?.pattern).toBe("/any");
  });

  test("routes() lists every registration", () => {
    const r = new Router();
    r.GET("/a", () => {});
    r.GET("/b/:x", () => {});
    r.POST("/a", () => {});
    r.GET("/c/*rest", () => {});
    expect([...r.routes()].map(([m, p]) => `${m} ${p}`).sort()).toEqual(["GET /a", "GET /b/:x", "GET /c/*rest", "POST /a"]);
  });
});

describe("RouteMatch", () => {
  const r = routerWith(["/repos/:owner/:repo/issues/:number", "/a/:p1/:p2/:p3/:p4/:p5"]);

  test("param(name) reads one value, decoded, without building params", () => {
    const m = r.find("GET", "/repos/golang/go%20lang/issues/7")!;
    expect(m.param("repo")).toBe("go lang");
    expect(m.param("number")).toBe("7");
    expect(m.param("missing")).toBeUndefined();
    expect(m.params).toEqual({ owner: "golang", repo: "go lang", number: "7" });
    expect(m.params).toBe(m.params);
    expect(Object.keys(m.params)).toEqual(["owner", "repo", "number"]);
    expect(m.param("owner")).toBe("golang");
  });

  test("routes with many parameters keep them all", () => {
    expect(r.find("GET", "/a/1/2/3/4/5")!.params).toEqual({ p1: "1", p2: "2", p3: "3", p4: "4", p5: "5" });
  });

  test("results of earlier lookups stay valid after later ones", () => {
    const first = r.find("GET", "/repos/a/b/issues/1")!;
    r.find("GET", "/repos/x/y/issues/2");
    expect(first.params).toEqual({ owner: "a", repo: "b", number: "1" });
  });

  test("a static route of a length no other static route has is still found through the tree", () => {
    const s = routerWith(["/static/a", "/static/:x"]);
    expect(lookup(s, "/static/a")).toEqual({ pattern: "/static/a", params: {} });
    expect(lookup(s, "/static/abc")).toEqual({ pattern: "/static/:x", params: { x: "abc" } });
  });
});
