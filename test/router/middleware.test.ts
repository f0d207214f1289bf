import { describe, expect, test } from "bun:test";
import type { Logger } from "../../src/log/index.ts";
import { compose, logger, recovery, requestId, Router, type AccessEntry } from "../../src/router/index.ts";
import { request } from "../../src/router/testing.ts";

/** A clock that advances 5 ms per reading. */
function steppingClock(): () => number {
  let t = 1000;
  return () => (t += 5);
}

describe("logger", () => {
  function app(entries: AccessEntry[]): Router {
    const r = new Router();
    r.use(logger({ sink: (e) => entries.push(e), clock: steppingClock(), now: () => new Date("2025-01-10T14:32:01Z") }), recovery());
    r.GET("/index.html", (c) => c.html(200, "<p>hi</p>"));
    r.GET("/boom", () => {
      throw new Error("kaboom");
    });
    return r;
  }

  test("reports method, target, status, peer and duration for each request", async () => {
    const entries: AccessEntry[] = [];
    await request(app(entries), "GET", "/index.html?v=2", { remoteAddress: "192.168.1.5", remotePort: 52341 });
    expect(entries.length).toBe(1);
    const { context, ...e } = entries[0]!;
    expect(e).toEqual({
      time: new Date("2025-01-10T14:32:01Z"),
      method: "GET",
      target: "/index.html?v=2",
      pattern: "/index.html",
      status: 200,
      durationMs: 5,
      remoteAddress: "192.168.1.5",
      remotePort: 52341,
    });
    expect(context.req.path).toBe("/index.html");
  });

  test("sees the 500 that recovery sent and the 404 of unrouted requests", async () => {
    const entries: AccessEntry[] = [];
    const r = app(entries);
    await request(r, "GET", "/boom");
    await request(r, "GET", "/missing");
    expect(entries.map((e) => [e.status, e.pattern])).toEqual([
      [500, "/boom"],
      [404, undefined],
    ]);
  });

  test("reports 500 and the error when the chain throws past it", async () => {
    const entries: AccessEntry[] = [];
    const r = new Router();
    r.use(logger((e) => entries.push(e)));
    r.GET("/boom", () => {
      throw new Error("kaboom");
    });
    await expect(request(r, "GET", "/boom")).rejects.toThrow("kaboom");
    expect(entries[0]!.status).toBe(500);
    expect((entries[0]!.error as Error).message).toBe("kaboom");
  });

  test("writes to a src/log Logger: info, warn for 5xx", async () => {
    const lines: [string, string, unknown][] = [];
    const record = (level: string) => (msg: string, fields?: unknown) => void lines.push([level, msg, fields]);
    const log = { info: record("info"), warn: record("warn") } as unknown as Logger;
    const r = new Router();
    r.use(logger({ sink: log, clock: steppingClock() }), recovery());
    r.GET("/ok", (c) => c.text(200, "ok"));
    r.GET("/boom", () => {
      throw new Error("x");
    });
    await request(r, "GET", "/ok", { remoteAddress: "10.0.0.2", remotePort: 4000 });
    await request(r, "GET", "/boom", { remoteAddress: "10.0.0.2", remotePort: 4000 });
    expect(lines).toEqual([
      ["info", "GET /ok", { status: 200, ms: 5, remote: "10.0.0.2:4000" }],
      ["warn", "GET /boom", { status: 500, ms: 5, remote: "10.0.0.2:4000" }],
    ]);
  });
});

describe("requestId", () => {
  const r = new Router();
  r.use(requestId({ generate: () => "generated-1" }));
  r.GET("/id", (c) => c.text(200, c.get<string>("requestId") ?? ""));

  const cases: [string, Record<string, string>, string][] = [
    ["generates an id when the client sends none", {}, "generated-1"],
    ["keeps a well-formed client id", { "X-Request-Id": "abc-123" }, "abc-123"],
    ["replaces an id with unsafe characters", { "X-Request-Id": "a b\u0007" }, "generated-1"],
    ["replaces an overlong id", { "X-Request-Id": "x".repeat(129) }, "generated-1"],
  ];
  test.each(cases)("%s", async (_name, headers, want) => {
    const res = await request(r, "GET", "/id", { headers });
    expect(res.text()).toBe(want);
    expect(res.getHeader("x-request-id")).toBe(want);
  });

  test("defaults to random UUIDs", async () => {
    const r2 = new Router();
    r2.use(requestId());
    r2.GET("/", () => {});
    const a = (await request(r2, "GET", "/")).getHeader("x-request-id");
    const b = (await request(r2, "GET", "/")).getHeader("x-request-id");
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b!);
  });
});

test("compose nests handlers inside one middleware", async () => {
  const log: string[] = [];
  const r = new Router();
  r.use(
    compose(
      async (_c, next) => {
        log.push("a");
        await next();
        log.push("a'");
      },
      async (_c, next) => {
        log.push("b");
        await next();
      },
    ),
  );
  r.GET("/", (c) => {
    log.push("h");
    return c.text(200, "");
  });
  await request(r, "GET", "/");
  expect(log).toEqual(["a", "b", "h", "a'"]);
});

test("the fake response refuses header changes after the headers went out and a second end", async () => {
  const r = new Router();
  r.use(recovery());
  r.GET("/late", async (c) => {
    await c.text(200, "done");
    c.res.setHeader("X-Late", "1");
  });
  r.GET("/twice", async (c) => {
    await c.text(200, "one");
    await c.text(200, "two");
  });
  const late = await request(r, "GET", "/late");
  expect(late.text()).toBe("done");
  expect(late.getHeader("x-late")).toBeUndefined();
  expect((await request(r, "GET", "/twice")).text()).toBe("one");
});

test("logger() without a sink builds its own src/log Logger", () => {
  expect(typeof logger()).toBe("function");
});
