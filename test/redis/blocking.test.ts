/**
 * BLPOP/BRPOP/BLMOVE: served in arrival order by other clients' pushes,
 * timeouts on a FakeClock, non-blocking inside MULTI; the single- and
 * two-client scripts also run against redis-server with identical bytes.
 */
import { describe, expect, test } from "bun:test";
import { RedisServer } from "../../src/redis/index.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { haveRedisServer, serverPair } from "./real-redis.ts";
import { encodeCommand, RawClient } from "./resp-client.ts";
import { until } from "../support/until.ts";

/** Sends a command without waiting for its reply. */
const send = (c: RawClient, ...argv: string[]) => c.write(encodeCommand(argv));
const text = async (c: RawClient) => Buffer.from((await c.reply())!).toString("latin1");

test("a timeout on the server clock ends the wait with a null reply, at millisecond resolution", async () => {
  const clock = new FakeClock(1_700_000_000_000);
  await using server = await RedisServer.listen({ config: { port: 0 }, clock, expirePeriodMs: 0 });
  const c = await RawClient.connect(server.port);
  send(c, "BLPOP", "k", "1.5");
  send(c, "PING");
  await until(() => server.state.clients.get(1)?.blocked !== undefined, "BLPOP to block");
  clock.advance(1499);
  expect(server.state.clients.get(1)?.blocked).toBeDefined();
  clock.advance(1);
  expect(await text(c)).toBe("*-1\r\n");
  expect(await text(c)).toBe("+PONG\r\n");
  send(c, "BLMOVE", "k", "d", "LEFT", "RIGHT", "0.01");
  await until(() => server.state.clients.get(1)?.blocked !== undefined, "BLMOVE to block");
  clock.advance(10);
  expect(await text(c)).toBe("$-1\r\n");
  c.close();
});

test("waiters are served in arrival order, one element each, and the rest keep waiting", async () => {
  await using server = await RedisServer.listen({ config: { port: 0 } });
  const [a, b, c, p] = await Promise.all([0, 1, 2, 3].map(() => RawClient.connect(server.port)));
  let waiting = 0;
  for (const x of [a!, b!, c!]) {
    send(x, "BRPOP", "q", "0");
    waiting++;
    await until(() => [...server.state.clients.values()].filter((cl) => cl.blocked !== undefined).length === waiting, "BRPOP to block");
  }
  expect(await p!.call("LPUSH", "q", "1", "2")).toBe(":2\r\n");
  expect(await text(a!)).toBe("*2\r\n$1\r\nq\r\n$1\r\n1\r\n");
  expect(await text(b!)).toBe("*2\r\n$1\r\nq\r\n$1\r\n2\r\n");
  expect(await p!.call("EXISTS", "q")).toBe(":0\r\n");
  expect(await p!.call("RPUSH", "q", "3")).toBe(":1\r\n");
  expect(await text(c!)).toBe("*2\r\n$1\r\nq\r\n$1\r\n3\r\n");
  for (const x of [a, b, c, p]) x!.close();
});

/** [client, argv, replies to read now]. */
type Step = [number, string[], number];

const SCRIPTS: Record<string, Step[]> = {
  "immediate pops, WRONGTYPE and argument errors": [
    [0, ["RPUSH", "a", "1", "2"], 1], [0, ["SET", "s", "x"], 1],
    [0, ["BLPOP", "none", "a", "0"], 1], [0, ["BRPOP", "a", "s", "0"], 1], [0, ["BLPOP", "s", "a", "0"], 1],
    [0, ["BLPOP", "a", "x"], 1], [0, ["BLPOP", "a", "-1"], 1], [0, ["BLPOP", "a"], 1],
    [0, ["RPUSH", "a", "9"], 1], [0, ["BLMOVE", "a", "s", "LEFT", "LEFT", "0"], 1], [0, ["BLMOVE", "a", "b", "UP", "LEFT", "0"], 1],
    [0, ["BLMOVE", "a", "b", "RIGHT", "LEFT", "0"], 1], [0, ["LRANGE", "b", "0", "-1"], 1],
  ],
  "inside MULTI nothing blocks": [[0, ["MULTI"], 1], [0, ["BLPOP", "e", "0"], 1], [0, ["BLMOVE", "e", "f", "LEFT", "LEFT", "0"], 1], [0, ["EXEC"], 1]],
  "a push from another client wakes the blocked one; BLMOVE chains into a BLPOP": [
    [0, ["BLPOP", "x", "y", "0"], 0], [1, ["RPUSH", "y", "v1", "v2"], 1], [0, [], 1], [0, ["LRANGE", "y", "0", "-1"], 1],
    [0, ["BLPOP", "dst", "0"], 0], [2, ["BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"], 0], [1, ["LPUSH", "src", "m"], 1], [2, [], 1], [0, [], 1],
    [1, ["EXISTS", "src", "dst"], 1],
  ],
  "a transaction's pushes wake a waiter after EXEC": [[0, ["BRPOP", "t", "0"], 0], [1, ["MULTI"], 1], [1, ["RPUSH", "t", "a"], 1], [1, ["RPUSH", "t", "b"], 1], [1, ["EXEC"], 1], [0, [], 1], [1, ["LRANGE", "t", "0", "-1"], 1]],
};

const servers = serverPair();

/** INFO's blocked_clients, read over a client that is not blocked. */
async function blockedClients(c: RawClient): Promise<number> {
  const info = await c.call("INFO", "clients");
  return Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? NaN);
}

async function transcript(port: number, steps: Step[]): Promise<string[]> {
  const cs = await Promise.all([0, 1, 2].map(() => RawClient.connect(port)));
  const monitor = await RawClient.connect(port);
  try {
    await cs[0]!.call("FLUSHALL");
    const lines: string[] = [];
    for (const [who, argv, n] of steps) {
      const before = n === 0 ? await blockedClients(monitor) : 0;
      if (argv.length > 0) send(cs[who]!, ...argv);
      // A command that blocks has no reply to wait for: wait until the server counts it as blocked.
      if (n === 0 && argv.length > 0) await until(async () => (await blockedClients(monitor)) > before, `${argv[0]} to block`);
      for (let i = 0; i < n; i++) lines.push(`${who} ${argv.join(" ")} → ${await text(cs[who]!)}`);
    }
    return lines;
  } finally {
    for (const c of [...cs, monitor]) c.close();
  }
}

describe.skipIf(!haveRedisServer)("blocking pops against redis-server", () => {
  for (const [name, steps] of Object.entries(SCRIPTS)) {
    test(name, async () => {
      expect(await transcript(servers.ours.port, steps)).toEqual(await transcript(servers.real.port, steps));
    });
  }
});
