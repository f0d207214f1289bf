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
  // replyToBlockedClientTimedOut: a null array for every blocked list pop, BLMOVE too (only inside MULTI is it a null bulk).
  expect(await text(c)).toBe("*-1\r\n");
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

/** [client, argv, replies to read now: 0 = it blocks, -1 = it sends none (CLIENT REPLY)]; `{id0}` in argv is client 0's id. */
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
  "BRPOPLPUSH and BLMPOP block and are woken by pushes": [
    [0, ["BRPOPLPUSH", "src", "dst", "0"], 0], [1, ["RPUSH", "src", "a", "b"], 1], [0, [], 1], [0, ["LRANGE", "dst", "0", "-1"], 1],
    [0, ["BLMPOP", "0", "2", "l1", "l2", "RIGHT", "COUNT", "5"], 0], [1, ["RPUSH", "l2", "x", "y", "z"], 1], [0, [], 1], [1, ["EXISTS", "l2"], 1],
    [0, ["BLMPOP", "0", "1", "l3", "LEFT"], 0], [2, ["BLMPOP", "0", "1", "l3", "LEFT", "COUNT", "2"], 0], [1, ["RPUSH", "l3", "1", "2", "3", "4"], 1], [0, [], 1], [2, [], 1],
    [1, ["LRANGE", "l3", "0", "-1"], 1], [0, ["BRPOPLPUSH", "l3", "l3", "0"], 1], [0, ["LMPOP", "2", "none", "l3", "RIGHT", "COUNT", "9"], 1], [0, ["LMPOP", "1", "l3", "LEFT"], 1],
  ],
  "BZPOPMIN, BZPOPMAX and BZMPOP block and are woken by ZADD": [
    [0, ["BZPOPMIN", "z1", "z2", "0"], 0], [1, ["ZADD", "z2", "1", "a", "2", "b", "3", "c"], 1], [0, [], 1], [0, ["BZPOPMAX", "z2", "0"], 1],
    [0, ["BZMPOP", "0", "1", "z3", "MAX", "COUNT", "2"], 0], [1, ["ZADD", "z3", "5", "p", "6.5", "q", "7", "r"], 1], [0, [], 1], [0, ["ZRANGE", "z3", "0", "-1", "WITHSCORES"], 1],
    [0, ["ZMPOP", "2", "none", "z3", "MIN"], 1], [0, ["LMPOP", "1", "z2", "LEFT"], 1], [0, ["ZMPOP", "1", "none", "MIN"], 1], [0, ["BZPOPMIN", "z2", "0"], 1],
    [0, ["RPUSH", "lst", "v"], 1], [0, ["BZPOPMIN", "lst", "0"], 1], [0, ["ZADD", "z4", "1", "m"], 1], [0, ["BLMPOP", "0", "1", "z4", "LEFT"], 1], [0, ["ZMPOP", "1", "lst", "MAX"], 1],
  ],
  "multi-key pop argument errors": [
    [0, ["BLMPOP", "0", "0", "a", "LEFT"], 1], [0, ["BLMPOP", "0", "3", "a", "LEFT"], 1], [0, ["BLMPOP", "0", "1", "a", "UP"], 1], [0, ["BLMPOP", "0", "1", "a", "LEFT", "COUNT", "0"], 1],
    [0, ["BLMPOP", "0", "1", "a", "LEFT", "COUNT", "x"], 1], [0, ["BLMPOP", "0", "1", "a", "LEFT", "COUNT"], 1], [0, ["BLMPOP", "0", "1", "a", "LEFT", "FOO", "1"], 1],
    [0, ["BLMPOP", "x", "1", "a", "LEFT"], 1], [0, ["BLMPOP", "-1", "1", "a", "LEFT"], 1], [0, ["BZMPOP", "0", "1", "z", "LEFT"], 1], [0, ["ZMPOP", "1", "z", "MIN", "COUNT", "2", "COUNT", "3"], 1],
    [0, ["LMPOP", "0", "a", "LEFT"], 1], [0, ["LMPOP", "x", "a", "LEFT"], 1], [0, ["BZPOPMIN", "z", "x"], 1], [0, ["BZPOPMIN", "z"], 1], [0, ["BRPOPLPUSH", "a", "b"], 1], [0, ["LMPOP", "1"], 1],
  ],
  "inside MULTI the newer blocking pops do not block either": [
    [0, ["MULTI"], 1], [0, ["BRPOPLPUSH", "e", "f", "0"], 1], [0, ["BLMPOP", "0", "1", "e", "LEFT"], 1], [0, ["BZPOPMIN", "e", "0"], 1], [0, ["BZMPOP", "0", "1", "e", "MIN"], 1], [0, ["EXEC"], 1],
  ],
  "a timeout after blocking replies a null array, BRPOPLPUSH and BLMOVE too": [
    [0, ["BRPOPLPUSH", "nope", "d", "0.02"], 1], [0, ["BLMOVE", "nope", "d", "LEFT", "LEFT", "0.02"], 1], [0, ["BLMPOP", "0.02", "1", "nope", "LEFT"], 1], [0, ["BZPOPMAX", "nope", "0.02"], 1],
  ],
  "CLIENT UNBLOCK ends a wait with the timeout reply or an UNBLOCKED error": [
    [0, ["BLPOP", "q", "0"], 0], [1, ["CLIENT", "UNBLOCK", "{id0}"], 1], [0, [], 1], [0, ["BZPOPMIN", "zz", "0"], 0], [1, ["CLIENT", "UNBLOCK", "{id0}", "ERROR"], 1], [0, [], 1],
    [0, ["BLMOVE", "q", "r", "LEFT", "LEFT", "0"], 0], [1, ["CLIENT", "UNBLOCK", "{id0}", "TIMEOUT"], 1], [0, [], 1], [1, ["CLIENT", "UNBLOCK", "{id0}"], 1],
    [1, ["CLIENT", "UNBLOCK", "{id0}", "FOO"], 1], [1, ["CLIENT", "UNBLOCK", "x"], 1], [1, ["CLIENT", "UNBLOCK", "99999"], 1], [0, ["PING"], 1],
  ],
  "CLIENT REPLY OFF and SKIP drop replies, ON brings them back": [
    [0, ["CLIENT", "REPLY", "SKIP"], -1], [0, ["SET", "a", "1"], -1], [0, ["GET", "a"], 1], [0, ["CLIENT", "REPLY", "OFF"], -1], [0, ["SET", "a", "2"], -1], [0, ["INCR", "a"], -1],
    [0, ["NOSUCH"], -1], [0, ["CLIENT", "REPLY", "SKIP"], -1], [0, ["CLIENT", "REPLY", "ON"], 1], [0, ["GET", "a"], 1], [0, ["CLIENT", "REPLY", "FOO"], 1],
    [0, ["CLIENT", "REPLY", "SKIP"], -1], [0, ["CLIENT", "REPLY", "ON"], 1], [0, ["CLIENT", "REPLY", "SKIP"], -1], [0, ["BLPOP", "b", "0"], -1], [1, ["RPUSH", "b", "v"], 1], [0, ["PING"], 1],
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
    const id0 = /:(\d+)/.exec(await cs[0]!.call("CLIENT", "ID"))![1]!;
    const lines: string[] = [];
    for (const [who, template, n] of steps) {
      const argv = template.map((a) => a.replace("{id0}", id0));
      const before = n === 0 ? await blockedClients(monitor) : 0;
      if (argv.length > 0) send(cs[who]!, ...argv);
      // A command that blocks has no reply to wait for: wait until the server counts it as blocked.
      if (n === 0 && argv.length > 0) await until(async () => (await blockedClients(monitor)) > before, `${argv[0]} to block`);
      for (let i = 0; i < n; i++) lines.push(`${who} ${template.join(" ")} → ${await text(cs[who]!)}`);
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
