import { describe, expect, test } from "bun:test";
import { Context, HttpError, recovery, Router, type Handler } from "../../src/router/index.ts";
import { fakeRequest, FakeResponse, request, type FakeRequestInit } from "../../src/router/testing.ts";

/** Runs one handler on GET /t/:id (or the method given) and returns the response. */
async function serve(handler: Handler, target = "/t/1", init: FakeRequestInit = {}, options?: ConstructorParameters<typeof Router>[0]) {
  const r = new Router(options);
  r.use(recovery());
  r.add(init.method ?? "GET", "/t/:id", handler);
  return request(r, init.method ?? "GET", target, init);
}

describe("Context", () => {
  test("the spec's example route answers with param and query", async () => {
    const r = new Router();
    r.GET("/users/:id", (c) => c.json(200, { id: c.param("id"), page: c.query("page", "1") }));
    expect((await request(r, "GET", "/users/42")).json()).toEqual({ id: "42", page: "1" });
    const res = await request(r, "GET", "/users/42?page=3");
    expect(res.json()).toEqual({ id: "42", page: "3" });
    expect(res.getHeader("content-type")).toBe("application/json; charset=utf-8");
  });

  test("param returns \"\" for a name the route lacks, even an Object.prototype one", async () => {
    const res = await serve((c) => c.json(200, [c.param("id"), c.param("nope"), c.param("constructor"), c.param("toString")]));
    expect(res.json()).toEqual(["1", "", "", ""]);
  });

  const queries: [string, string, string | undefined, string[]][] = [
    ["?q=a", "q", "a", ["a"]],
    ["?q=a&q=b", "q", "a", ["a", "b"]],
    ["?q=hello+world%21", "q", "hello world!", ["hello world!"]],
    ["?q", "q", "", [""]],
    ["?q=%zz", "q", "%zz", ["%zz"]],
    ["?a%20b=1", "a b", "1", ["1"]],
    ["", "q", undefined, []],
    ["?&&q=1&", "q", "1", ["1"]],
  ];
  test.each(queries)("query on %p: %p is %p", async (qs, name, first, all) => {
    const res = await serve((c) => c.json(200, { first: c.query(name) ?? null, all: c.queries(name) }), `/t/1${qs}`);
    expect(res.json()).toEqual({ first: first ?? null, all });
  });

  test("header reads request fields case-insensitively", async () => {
    const res = await serve((c) => c.text(200, `${c.header("x-token")}|${c.header("X-Missing")}`), "/t/1", { headers: { "X-Token": "abc" } });
    expect(res.text()).toBe("abc|undefined");
  });

  test("json() parses the body with the strict parser", async () => {
    const res = await serve(async (c) => c.json(200, { got: await c.json() }), "/t/1", { method: "POST", body: '{"a":[1,2,{"b":null}]}', chunkSize: 3 });
    expect(res.json()).toEqual({ got: { a: [1, 2, { b: null }] } });
  });

  const invalid: [string, string][] = [
    ["{'a': 1}", "400 invalid JSON body: Parse error at line 1, column 2"],
    ['{"a": 1,}', "400 invalid JSON body: Parse error at line 1, column 9"],
    ["", "400 invalid JSON body: empty"],
  ];
  test.each(invalid)("json() on %p is a 400: %s", async (body, prefix) => {
    const res = await serve(async (c) => c.json(200, await c.json()), "/t/1", { method: "POST", body });
    expect(res.status).toBe(400);
    expect(res.text().startsWith(prefix)).toBe(true);
  });

  test("an invalid body is an HttpError the app can catch", async () => {
    const res = await serve(
      async (c) => {
        try {
          await c.json();
        } catch (e) {
          if (e instanceof HttpError && e.status === 400) return c.json(422, { error: "bad input" });
          throw e;
        }
      },
      "/t/1",
      { method: "POST", body: "nope" },
    );
    expect(res.status).toBe(422);
  });

  test("body() enforces the limit while streaming and from Content-Length", async () => {
    const big = "x".repeat(100);
    const streamed = await serve(async (c) => c.text(200, String((await c.body()).length)), "/t/1", { method: "POST", body: big, chunkSize: 10 }, { bodyLimit: 50 });
    expect(streamed.status).toBe(413);
    expect(streamed.text()).toBe("413 request body exceeds 50 bytes");
    const declared = await serve(async (c) => c.text(200, String((await c.body()).length)), "/t/1", { method: "POST", headers: { "Content-Length": "100" } }, { bodyLimit: 50 });
    expect(declared.status).toBe(413);
    const fits = await serve(async (c) => c.text(200, String((await c.body()).length)), "/t/1", { method: "POST", body: big, chunkSize: 7 }, { bodyLimit: 100 });
    expect(fits.text()).toBe("100");
  });

  test("trailers() is empty until the body is read, then reads the trailer fields like headers", async () => {
    const res = await serve(
      async (c) => {
        const before = c.trailers().has("x-checksum");
        await c.body();
        return c.json(200, [before, c.trailers().get("X-CHECKSUM") ?? null, c.header("x-checksum") ?? null]);
      },
      "/t/1",
      { method: "POST", body: "abc", chunkSize: 1, trailers: { "X-Checksum": "900150983cd24fb0" } },
    );
    expect(res.json()).toEqual([false, "900150983cd24fb0", null]);
  });

  test("trailers() is empty for a transport that has none", async () => {
    const req = { ...fakeRequest("/t/1"), trailers: undefined };
    const c = new Context(req, new FakeResponse());
    expect([c.trailers().get("a"), c.trailers().has("a"), [...c.trailers().entries()]]).toEqual([undefined, false, []]);
  });

  test("body() is cached, so json() after body() works", async () => {
    const res = await serve(async (c) => c.json(200, [(await c.body()).length, await c.json()]), "/t/1", { method: "POST", body: "[1]" });
    expect(res.json()).toEqual([3, [1]]);
  });

  test("text, html, status and redirect set status, type and length", async () => {
    const text = await serve((c) => c.text(201, "héllo"));
    expect([text.status, text.getHeader("content-type"), text.getHeader("content-length"), text.text()]).toEqual([201, "text/plain; charset=utf-8", "6", "héllo"]);
    const html = await serve((c) => c.html(200, "<b>hi</b>"));
    expect(html.getHeader("content-type")).toBe("text/html; charset=utf-8");
    const status = await serve((c) => c.status(202).res.end());
    expect(status.status).toBe(202);
    const redirect = await serve((c) => c.redirect("/elsewhere"));
    expect([redirect.status, redirect.getHeader("location")]).toEqual([302, "/elsewhere"]);
    const moved = await serve((c) => c.redirect("/new", 301));
    expect(moved.status).toBe(301);
  });

  test("204 and 304 go out without a body or Content-Length", async () => {
    const res = await serve((c) => c.text(204, "ignored"));
    expect(res.status).toBe(204);
    expect(res.getHeader("content-length")).toBeUndefined();
    expect(res.text()).toBe("");
  });

  test("a Content-Type set earlier is kept", async () => {
    const res = await serve((c) => {
      c.res.setHeader("Content-Type", "application/problem+json");
      return c.json(400, { title: "bad" });
    });
    expect(res.getHeader("content-type")).toBe("application/problem+json");
  });

  test("stream sends an async iterable chunk by chunk", async () => {
    async function* gen() {
      yield "a";
      yield new TextEncoder().encode("b");
      yield "c";
    }
    const res = await serve((c) => c.stream(200, gen()));
    expect(res.chunks.length).toBe(3);
    expect(res.text()).toBe("abc");
    expect(res.finished).toBe(true);
  });

  test("stream sends a ReadableStream", async () => {
    const body = new ReadableStream<string>({
      start(ctrl) {
        ctrl.enqueue("x");
        ctrl.enqueue("y");
        ctrl.close();
      },
    });
    expect((await serve((c) => c.stream(200, body))).text()).toBe("xy");
  });

  test("stream stops when the client goes away", async () => {
    const ctrl = new AbortController();
    async function* gen() {
      yield "first";
      ctrl.abort();
      yield "second";
    }
    const res = await serve((c) => c.stream(200, gen()), "/t/1", { signal: ctrl.signal });
    expect(res.text()).toBe("first");
    expect(res.finished).toBe(true);
  });

  test("c.req and c.res are the transport's objects", async () => {
    const req = fakeRequest("/t/5?x=1", { remoteAddress: "10.0.0.1" });
    const res = new FakeResponse();
    const r = new Router();
    let seen: Context | undefined;
    r.GET("/t/:id", (c) => {
      seen = c;
    });
    await r.handle(req, res);
    expect(seen!.req).toBe(req);
    expect(seen!.res).toBe(res);
    expect(seen!.req.remoteAddress).toBe("10.0.0.1");
    expect(seen!.pattern).toBe("/t/:id");
  });
});
