/** Graceful shutdown: stop accepting, close idle connections, finish in-flight exchanges, cut the rest after the grace period. */
import { expect, test } from "bun:test";
import { HttpServer } from "../../src/http/index.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { eventually } from "./helpers.ts";
import { RawClient, statuses } from "./raw-client.ts";

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

test("shutdown closes idle connections, lets the in-flight request finish with Connection: close, and refuses new ones", async () => {
  const g = gate();
  let entered = false;
  await using server = await HttpServer.listen({
    port: 0,
    handler: async (req, res) => {
      if (req.path === "/slow") {
        entered = true;
        await g.wait;
      }
      await res.end("done");
    },
  });
  await using idle = await RawClient.connect(server.port);
  idle.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  await idle.responses(1);
  await using busy = await RawClient.connect(server.port);
  busy.write("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
  await eventually(() => entered, "slow request in flight");

  const done = server.shutdown();
  await idle.waitClose();
  const refused = await Bun.connect({ hostname: "127.0.0.1", port: server.port, socket: { data() {} } }).then(
    (s) => (s.end(), false),
    () => true,
  );
  expect(refused).toBe(true);
  g.open();
  await busy.waitClose();
  expect(statuses(busy.text)).toEqual([200]);
  expect(busy.text).toContain("Connection: close");
  expect(busy.text.endsWith("done")).toBe(true);
  await done;
  expect(server.connections).toBe(0);
});

test("shutdown cuts exchanges still running after the grace period", async () => {
  const clock = new FakeClock(1e12);
  let entered = false;
  await using server = await HttpServer.listen({
    port: 0,
    clock,
    shutdownTimeoutMs: 10_000,
    handler: async (req) => {
      entered = true;
      await new Promise((_, reject) => req.signal.addEventListener("abort", () => reject(req.signal.reason)));
    },
  });
  await using c = await RawClient.connect(server.port);
  c.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  await eventually(() => entered, "in flight");
  const done = server.shutdown();
  clock.advance(10_000);
  await c.waitClose();
  await done;
  expect(c.text).toBe("");
});
