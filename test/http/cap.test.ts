/**
 * The connection cap (maxConnections): idle connections make room for new
 * clients, and when none is idle a new connection is closed unanswered.
 */
import { afterEach, expect, test } from "bun:test";
import { HttpServer, type Handler } from "../../src/http/index.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { eventually } from "./helpers.ts";
import { RawClient, statuses } from "./raw-client.ts";

let server: HttpServer | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c[Symbol.asyncDispose]();
  server?.close();
});

/** Requests to /wait are held until `release()`. */
let release: () => void = () => {};
let gate = Promise.resolve();
const errors: string[] = [];
const handler: Handler = async (req, res) => {
  if (req.path === "/wait") await gate;
  return res.end(`${req.path}\n`);
};

async function start(maxConnections: number, clock = new FakeClock(1e12)): Promise<HttpServer> {
  gate = new Promise((r) => (release = r));
  errors.length = 0;
  server = await HttpServer.listen({ handler, port: 0, clock, maxConnections, onError: (e) => errors.push(String(e)) });
  return server;
}

async function connect(s: HttpServer, expected: number): Promise<RawClient> {
  const c = await RawClient.connect(s.port);
  clients.push(c);
  await eventually(() => c.closed || s.connections === expected, `${expected} connections`);
  return c;
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: a\r\n\r\n`;

test("at the cap a new client is served by closing the idle connection whose deadline comes first", async () => {
  const clock = new FakeClock(1e12);
  const s = await start(3, clock);
  const fresh = await connect(s, 1); // never sends a byte: header timeout, 10 s
  clock.advance(1000);
  const kept = await connect(s, 2);
  kept.write(get("/a"));
  await kept.responses(1); // now idle on the 5 s keep-alive timeout: the first to expire
  const later = await connect(s, 3);
  const newcomer = await connect(s, 3);
  newcomer.write(get("/new"));
  expect(statuses(await newcomer.responses(1))).toEqual([200]);
  await kept.waitClose();
  expect([fresh.closed, later.closed, newcomer.closed]).toEqual([false, false, false]);
  expect(s.capped).toEqual({ refused: 0, reclaimed: 1 });
  expect(s.connections).toBe(3);
});

test("with no idle connection a new one is closed at once, unanswered, and admitted again once one is idle", async () => {
  const clock = new FakeClock(1e12);
  const s = await start(2, clock);
  const busy = await connect(s, 1);
  busy.write(get("/wait"));
  await eventually(() => s.states.busy === 1, "busy");
  const partial = await connect(s, 2);
  partial.write("GET /slow HTTP/1.1\r\nHo"); // a head in progress is not idle either
  await eventually(() => s.states.head === 1, "partial head");
  const refused = await RawClient.connect(s.port);
  clients.push(refused);
  refused.write(get("/refused"));
  await refused.waitClose();
  expect(refused.text).toBe("");
  expect(s.capped.refused).toBe(1);
  expect(errors).toEqual(["Error: http: 2 connections open, none idle (max 2): refusing new ones"]);
  release();
  expect(statuses(await busy.responses(1))).toEqual([200]);
  // The last scan found nothing idle: arrivals within 10 ms (clock) are refused without another scan.
  clock.advance(10);
  const next = await connect(s, 2);
  next.write(get("/next"));
  expect(await next.responses(1)).toContain("/next\n");
  await busy.waitClose();
  expect(partial.closed).toBe(false);
  expect(s.capped).toEqual({ refused: 1, reclaimed: 1 });
});

test("a thousand idle connections over a cap of 200 never stop a new client being served", async () => {
  const s = await start(200);
  for (let i = 0; i < 1000; i++) {
    const c = await RawClient.connect(s.port);
    clients.push(c);
    if (i % 100 === 99) await eventually(() => s.connections <= 200, "within the cap");
  }
  await eventually(() => clients.filter((c) => !c.closed).length <= 200, "idle ones closed");
  expect(s.connections).toBeLessThanOrEqual(200);
  const p = Bun.spawn(["curl", "-sS", `http://127.0.0.1:${s.port}/served`], { stdout: "pipe" });
  expect(await new Response(p.stdout).text()).toBe("/served\n");
  expect(s.capped.refused).toBe(0);
  expect(s.capped.reclaimed).toBeGreaterThanOrEqual(800);
});
