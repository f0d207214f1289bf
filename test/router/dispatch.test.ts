import { describe, expect, test } from "bun:test";
import { HttpError, recovery, Router, type Handler } from "../../src/router/index.ts";
import { request } from "../../src/router/testing.ts";

function sample(options?: ConstructorParameters<typeof Router>[0]): Router {
  const r = new Router(options);
  r.GET("/users", (c) => c.text(200, "list"));
  r.POST("/users", (c) => c.text(201, "created"));
  r.GET("/users/:id", (c) => c.text(200, `user ${c.param("id")}`));
  r.DELETE("/users/:id", (c) => c.text(204, ""));
  r.PUT("/items/", (c) => c.text(200, "items"));
  r.GET("/docs/", (c) => c.text(200, "docs"));
  return r;
}

describe("Router.handle answers unrouted requests", () => {
  const r = sample();
  const cases: [string, string, number, string | undefined, string][] = [
    ["GET", "/users/7", 200, undefined, "user 7"],
    ["GET", "/nowhere", 404, undefined, "404 page not found"],
    ["PATCH", "/users/7", 405, "GET, DELETE, HEAD, OPTIONS", "405 method not allowed"],
    ["PUT", "/users", 405, "GET, POST, HEAD, OPTIONS", "405 method not allowed"],
    ["OPTIONS", "/users", 204, "GET, POST, HEAD, OPTIONS", ""],
    ["OPTIONS", "/users/7", 204, "GET, DELETE, HEAD, OPTIONS", ""],
    ["OPTIONS", "*", 204, "GET, POST, DELETE, PUT, HEAD, OPTIONS", ""],
    ["OPTIONS", "/nowhere", 404, undefined, "404 page not found"],
    ["HEAD", "/users/7", 200, undefined, ""],
  ];
  test.each(cases)("%s %s → %d (Allow: %p)", async (method, target, status, allow, body) => {
    const res = await request(r, method, target);
    expect(res.status).toBe(status);
    expect(res.getHeader("allow")).toBe(allow);
    expect(res.text()).toBe(body);
    expect(res.finished).toBe(true);
  });

  test("HEAD runs the GET handler and keeps its headers, without a body", async () => {
    const res = await request(r, "HEAD", "/users");
    expect(res.status).toBe(200);
    expect(res.getHeader("content-length")).toBe("4");
    expect(res.body().length).toBe(0);
  });

  test("an explicit OPTIONS route wins over the automatic answer", async () => {
    const r2 = sample();
    r2.OPTIONS("/users", (c) => c.text(200, "custom"));
    expect((await request(r2, "OPTIONS", "/users")).text()).toBe("custom");
  });

  test("automatic OPTIONS can be turned off", async () => {
    const res = await request(sample({ handleOptions: false }), "OPTIONS", "/users");
    expect(res.status).toBe(405);
    expect(res.getHeader("allow")).toBe("GET, POST, HEAD");
  });

  test("custom 404 and 405 handlers", async () => {
    const r2 = sample({
      notFound: (c) => c.json(404, { error: "no such thing" }),
      methodNotAllowed: (c) => c.json(405, { allow: c.res.getHeader("allow") }),
    });
    expect((await request(r2, "GET", "/x")).json()).toEqual({ error: "no such thing" });
    expect((await request(r2, "PATCH", "/users")).json()).toEqual({ allow: "GET, POST, HEAD, OPTIONS" });
  });
});

describe("Router.handle redirects a trailing-slash mismatch", () => {
  const r = sample();
  const cases: [string, string, number, string][] = [
    ["GET", "/users/", 301, "/users"],
    ["GET", "/users/7/", 301, "/users/7"],
    ["HEAD", "/users/", 301, "/users"],
    ["GET", "/docs", 301, "/docs/"],
    ["GET", "/users/?page=2", 301, "/users?page=2"],
    ["POST", "/users/", 308, "/users"],
    ["PUT", "/items", 308, "/items/"],
  ];
  test.each(cases)("%s %s → %d to %s", async (method, target, status, location) => {
    const res = await request(r, method, target);
    expect(res.status).toBe(status);
    expect(res.getHeader("location")).toBe(location);
  });

  test("only within the same method", async () => {
    const res = await request(r, "DELETE", "/users/");
    expect(res.status).toBe(404);
  });

  test("not when turned off", async () => {
    expect((await request(sample({ redirectTrailingSlash: false }), "GET", "/users/")).status).toBe(404);
  });
});

/** Middleware that records its entry and exit in `log`. */
function tracer(log: string[], name: string): Handler {
  return async (_c, next) => {
    log.push(`${name} in`);
    await next();
    log.push(`${name} out`);
  };
}

describe("middleware", () => {
  test("runs as an onion: router, group, nested group, route middleware, then the handler", async () => {
    const log: string[] = [];
    const r = new Router();
    r.use(tracer(log, "router"));
    const api = r.group("/api", tracer(log, "api"));
    const v1 = api.group("/v1");
    v1.use(tracer(log, "v1"));
    v1.GET("/ping", tracer(log, "route"), (c) => {
      log.push("handler");
      return c.text(200, "pong");
    });
    const res = await request(r, "GET", "/api/v1/ping");
    expect(res.text()).toBe("pong");
    expect(log).toEqual(["router in", "api in", "v1 in", "route in", "handler", "route out", "v1 out", "api out", "router out"]);
  });

  test("group middleware applies only to its routes, including ones registered before use()", async () => {
    const log: string[] = [];
    const r = new Router();
    r.GET("/public", (c) => c.text(200, "public"));
    const admin = r.group("/admin");
    admin.GET("/stats", (c) => c.text(200, "stats"));
    admin.use(tracer(log, "admin"));
    await request(r, "GET", "/public");
    expect(log).toEqual([]);
    await request(r, "GET", "/admin/stats");
    expect(log).toEqual(["admin in", "admin out"]);
  });

  test("router middleware also runs for 404s; group middleware does not", async () => {
    const log: string[] = [];
    const r = new Router();
    r.use(tracer(log, "router"));
    r.group("/api", tracer(log, "api")).GET("/x", () => {});
    expect((await request(r, "GET", "/api/y")).status).toBe(404);
    expect(log).toEqual(["router in", "router out"]);
  });

  test("an early return stops the chain (authentication failure)", async () => {
    const r = new Router();
    const auth: Handler = (c, next) => (c.header("authorization") === "Bearer good" ? next() : c.json(401, { error: "unauthorized" }));
    let reached = false;
    const api = r.group("/api/v1");
    api.use(auth);
    api.GET("/profile", (c) => {
      reached = true;
      return c.json(200, { name: "gopher" });
    });
    const denied = await request(r, "GET", "/api/v1/profile");
    expect(denied.status).toBe(401);
    expect(denied.json()).toEqual({ error: "unauthorized" });
    expect(reached).toBe(false);
    const ok = await request(r, "GET", "/api/v1/profile", { headers: { Authorization: "Bearer good" } });
    expect(ok.status).toBe(200);
    expect(reached).toBe(true);
  });

  test("set/get pass values from middleware to the handler", async () => {
    const r = new Router();
    r.use((c, next) => {
      c.set("user", { name: "ada" });
      return next();
    });
    r.GET("/me", (c) => c.json(200, c.get<{ name: string }>("user")));
    expect((await request(r, "GET", "/me")).json()).toEqual({ name: "ada" });
  });

  test("calling next() twice is an error", async () => {
    const r = new Router();
    r.use(recovery());
    r.GET("/twice", async (_c, next) => {
      await next();
      await next();
    });
    expect((await request(r, "GET", "/twice")).status).toBe(500);
  });

  test("a handler that sends nothing gets an empty 200", async () => {
    const r = new Router();
    r.GET("/quiet", () => {});
    const res = await request(r, "GET", "/quiet");
    expect(res.status).toBe(200);
    expect(res.finished).toBe(true);
  });

  test("middleware added after the first request is picked up", async () => {
    const r = new Router();
    r.GET("/a", (c) => c.text(200, c.get<string>("tag") ?? "none"));
    expect((await request(r, "GET", "/a")).text()).toBe("none");
    r.use((c, next) => {
      c.set("tag", "late");
      return next();
    });
    expect((await request(r, "GET", "/a")).text()).toBe("late");
  });
});

describe("errors", () => {
  test("recovery turns a thrown error into 500 and the next request still works", async () => {
    const seen: unknown[] = [];
    const r = new Router();
    r.use(recovery({ onError: (e) => seen.push(e) }));
    r.GET("/boom", () => {
      throw new Error("kaboom");
    });
    r.GET("/async-boom", async () => {
      await Promise.resolve();
      throw new TypeError("late kaboom");
    });
    r.GET("/ok", (c) => c.text(200, "fine"));
    const boom = await request(r, "GET", "/boom");
    expect(boom.status).toBe(500);
    expect(boom.text()).toBe("500 internal server error");
    expect((await request(r, "GET", "/async-boom")).status).toBe(500);
    expect(seen.map((e) => (e as Error).message)).toEqual(["kaboom", "late kaboom"]);
    const ok = await request(r, "GET", "/ok");
    expect(ok.status).toBe(200);
    expect(ok.text()).toBe("fine");
  });

  test("recovery answers an HttpError with its status and message, and does not report it below 500", async () => {
    const seen: unknown[] = [];
    const r = new Router();
    r.use(recovery({ onError: (e) => seen.push(e) }));
    r.GET("/gone", () => {
      throw new HttpError(410, "gone fishing");
    });
    const res = await request(r, "GET", "/gone");
    expect(res.status).toBe(410);
    expect(res.text()).toBe("410 gone fishing");
    expect(seen).toEqual([]);
  });

  test("recovery discards headers set before the failure", async () => {
    const r = new Router();
    r.use(recovery());
    r.GET("/half", (c) => {
      c.res.setHeader("Content-Type", "image/png");
      throw new Error("oops");
    });
    const res = await request(r, "GET", "/half");
    expect(res.getHeader("content-type")).toBe("text/plain; charset=utf-8");
  });

  test("recovery ends a response whose headers are already out", async () => {
    const r = new Router();
    r.use(recovery());
    r.GET("/stream", async (c) => {
      await c.res.write("partial");
      throw new Error("mid-stream");
    });
    const res = await request(r, "GET", "/stream");
    expect(res.status).toBe(200);
    expect(res.finished).toBe(true);
    expect(res.text()).toBe("partial");
  });

  test("without recovery, an HttpError is still answered and other errors reject handle()", async () => {
    const r = new Router();
    r.GET("/teapot", () => {
      throw new HttpError(418, "short and stout");
    });
    r.GET("/boom", () => {
      throw new Error("kaboom");
    });
    expect((await request(r, "GET", "/teapot")).status).toBe(418);
    await expect(request(r, "GET", "/boom")).rejects.toThrow("kaboom");
  });

  test("HttpError hides 5xx messages unless told to expose them", async () => {
    const r = new Router();
    r.use(recovery());
    r.GET("/a", () => {
      throw new HttpError(503, "db password is hunter2");
    });
    r.GET("/b", () => {
      throw new HttpError(503, "maintenance", { expose: true });
    });
    expect((await request(r, "GET", "/a")).text()).toBe("503 error 503");
    expect((await request(r, "GET", "/b")).text()).toBe("503 maintenance");
  });

  test("HttpError rejects a non-error status", () => {
    expect(() => new HttpError(200, "ok")).toThrow("router: invalid error status 200");
  });
});

describe("groups", () => {
  const cases: [string, string, string][] = [
    ["/api", "/users", "/api/users"],
    ["/api/", "/users", "/api/users"],
    ["/api", "/", "/api"],
    ["", "/x", "/x"],
  ];
  test.each(cases)("group %p + route %p is %p", async (prefix, path, full) => {
    const r = new Router();
    r.group(prefix).GET(path, (c) => c.text(200, c.pattern ?? ""));
    const res = await request(r, "GET", full);
    expect(res.text()).toBe(full);
  });

  test("nested groups join their prefixes", async () => {
    const r = new Router();
    r.group("/api").group("/v1").group("/admin").GET("/users/:id", (c) => c.text(200, c.param("id")));
    expect((await request(r, "GET", "/api/v1/admin/users/9")).text()).toBe("9");
  });
});

test("a trailing-slash redirect never points at another host", async () => {
  const r = new Router();
  r.GET("//evil.example", (c) => c.text(200, "odd but routed"));
  r.GET("/home", (c) => c.text(200, "home"));
  expect((await request(r, "GET", "//evil.example/")).status).toBe(404);
  expect((await request(r, "GET", "/home/")).getHeader("location")).toBe("/home");
});
