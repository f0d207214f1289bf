/** DUMP/RESTORE against redis-server, and MEMORY, OBJECT, DEBUG, WAIT and FUNCTION replies. */
import { describe, expect, test } from "bun:test";
import { dumpPayload } from "../../src/redis/dump.ts";
import { prng } from "../support/prng.ts";
import { harness } from "./harness.ts";
import { haveRedisServer, serverPair } from "./real-redis.ts";
import { RawClient } from "./resp-client.ts";

const servers = serverPair();

/** Values of every type whose Redis encoding ours reproduces (no hashtable sets or hashes: their order is seeded). */
const VALUES: string[][] = [
  ["SET", "str", "hello"],
  ["SET", "int", "12345"],
  ["SET", "big", "9223372036854775807"],
  ["SET", "long", "x".repeat(300)],
  ["SET", "text", "the quick brown fox jumps over the lazy dog, the quick brown fox"],
  ["SET", "bin", "\u0000\u00ff\r\n"],
  ["RPUSH", "list", "a", "1", "-300", "70000", "b".repeat(100), "9223372036854775807"],
  ["RPUSH", "biglist", ...Array.from({ length: 300 }, (_, i) => `item-${i}`)],
  ["HSET", "hash", "f1", "v1", "n", "42"],
  ["SADD", "ints", "3", "1", "2", "-5"],
  ["SADD", "wideints", "1", "100000", "5000000000"],
  ["ZADD", "zset", "1", "a", "2.5", "b", "-inf", "c", "1e17", "d"],
];

const body = (reply: string): Buffer => Buffer.from(reply.slice(reply.indexOf("\r\n") + 2, -2), "latin1");

describe.skipIf(!haveRedisServer)("DUMP and RESTORE against redis-server", () => {
  test("DUMP payloads are byte-identical and each server restores the other's", async () => {
    const a = await RawClient.connect(servers.real.port);
    const b = await RawClient.connect(servers.ours.port);
    try {
      for (const c of [a, b]) {
        expect(await c.call("FLUSHALL")).toBe("+OK\r\n");
        for (const v of VALUES) expect(await c.call(...v)).not.toStartWith("-");
      }
      for (const key of [...VALUES.map((v) => v[1]!), "missing"]) {
        const [ra, rb] = [await a.call("DUMP", key), await b.call("DUMP", key)];
        expect(`${key}: ${JSON.stringify(rb)}`).toBe(`${key}: ${JSON.stringify(ra)}`);
        if (ra === "$-1\r\n") continue;
        expect(await b.call("RESTORE", `${key}:copy`, "0", body(ra))).toBe("+OK\r\n");
        expect(await a.call("RESTORE", `${key}:copy`, "0", body(rb))).toBe("+OK\r\n");
        expect(await b.call("DUMP", `${key}:copy`)).toBe(rb);
        expect(await a.call("DUMP", `${key}:copy`)).toBe(ra);
      }
    } finally {
      a.close();
      b.close();
    }
  });

  test("seeded RESTORE sequences (options, TTLs, bad payloads, existing keys) get identical replies", async () => {
    const a = await RawClient.connect(servers.real.port);
    const b = await RawClient.connect(servers.ours.port);
    const r = prng(3);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const good = [dumpPayload(Buffer.from("v")), dumpPayload(Buffer.from("123")), dumpPayload(Buffer.from("y".repeat(40)))];
    const corrupt = (p: Uint8Array, at: number) => {
      const q = Uint8Array.from(p);
      q[at < 0 ? q.length + at : at]! ^= 1;
      return q;
    };
    const payloads: (string | Uint8Array)[] = [...good, corrupt(good[0]!, -1), corrupt(good[0]!, -10), "x", "", Uint8Array.from([0, 1, 0x76, 11, 0])];
    const TTLS = ["0", "0", "100000", "-1", "x", "4102444800000"];
    const OPTS = [[], [], ["REPLACE"], ["ABSTTL"], ["REPLACE", "ABSTTL"], ["IDLETIME", "10"], ["IDLETIME", "-1"], ["FREQ", "5"], ["FREQ", "300"], ["IDLETIME", "1", "FREQ", "1"], ["BOGUS"], ["IDLETIME"], ["FREQ", "x"]];
    try {
      for (const c of [a, b]) expect(await c.call("FLUSHALL")).toBe("+OK\r\n");
      const mismatches: string[] = [];
      for (let i = 0; i < 300; i++) {
        const key = pick(["k1", "k2", "k3"]);
        const argv: (string | Uint8Array)[] = r() < 0.7 ? ["RESTORE", key, pick(TTLS), pick(payloads), ...pick(OPTS)] : pick([["DUMP", key], ["GET", key], ["DEL", key], ["EXISTS", key], ["SET", key, "z"]]);
        const [ra, rb] = [await a.call(...argv), await b.call(...argv)];
        if (ra !== rb) mismatches.push(`#${i} ${JSON.stringify(argv.map(String))}\n  redis: ${JSON.stringify(ra)}\n  ours:  ${JSON.stringify(rb)}`);
      }
      expect(mismatches.slice(0, 5).join("\n")).toBe("");
    } finally {
      a.close();
      b.close();
    }
  });

  test("MEMORY USAGE, OBJECT, WAIT and FUNCTION reply shapes and errors match", async () => {
    const a = await RawClient.connect(servers.real.port);
    const b = await RawClient.connect(servers.ours.port);
    const cases: string[][] = [
      ["SET", "k", "5"], ["SET", "s", "hello"],
      ["OBJECT", "REFCOUNT", "k"], ["OBJECT", "REFCOUNT", "s"], ["OBJECT", "REFCOUNT", "nokey"], ["OBJECT", "FREQ", "k"], ["OBJECT", "FREQ", "nokey"], ["OBJECT", "IDLETIME", "nokey"],
      ["MEMORY", "USAGE", "nokey"], ["MEMORY", "USAGE", "k", "SAMPLES", "x"], ["MEMORY", "USAGE", "k", "foo"], ["MEMORY", "USAGE"],
      ["WAIT", "0", "0"], ["WAIT", "x", "0"], ["WAIT", "0", "-1"], ["WAIT", "0", "x"], ["WAIT", "0"],
      ["FUNCTION", "FLUSH"], ["FUNCTION", "FLUSH", "async"], ["FUNCTION", "FLUSH", "x"], ["FUNCTION", "FLUSH", "sync", "async"], ["FUNCTION", "LIST"], ["FUNCTION", "LIST", "WITHCODE"],
      ["FUNCTION", "LIST", "withcode", "libraryname"], ["FUNCTION", "LIST", "foo"], ["FUNCTION", "LIST", "WITHCODE", "WITHCODE"], ["FUNCTION", "LIST", "LIBRARYNAME", "x*"],
      ["DUMP"], ["RESTORE", "k", "0"], ["SWAPDB", "0", "1"], ["SWAPDB", "0", "x"], ["SWAPDB", "0", "99"], ["SWAPDB", "1", "0"],
    ];
    try {
      for (const c of [a, b]) expect(await c.call("FLUSHALL")).toBe("+OK\r\n");
      for (const argv of cases) expect(`${argv.join(" ")} → ${await b.call(...argv)}`).toBe(`${argv.join(" ")} → ${await a.call(...argv)}`);
      for (const c of [a, b]) expect(await c.call("OBJECT", "IDLETIME", "s")).toMatch(/^:\d+\r\n$/);
      for (const c of [a, b]) expect(await c.call("MEMORY", "USAGE", "s")).toMatch(/^:\d+\r\n$/);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe("admin commands in-process", () => {
  test("OBJECT IDLETIME counts seconds since the last access and does not touch the key", () => {
    const { run, clock } = harness();
    run("SET", "k", "v");
    clock.advance(5_000);
    expect(run("OBJECT", "IDLETIME", "k")).toBe(":5\r\n");
    expect(run("OBJECT", "IDLETIME", "k")).toBe(":5\r\n");
    run("GET", "k");
    expect(run("OBJECT", "IDLETIME", "k")).toBe(":0\r\n");
  });

  test("RESTORE … IDLETIME sets the idle time, ABSTTL an absolute expiry, and a past TTL stores nothing", () => {
    const { run, clock } = harness();
    const p = Buffer.from(dumpPayload(Buffer.from("v")));
    expect(run("RESTORE", "k", "0", p, "IDLETIME", "100")).toBe("+OK\r\n");
    expect(run("OBJECT", "IDLETIME", "k")).toBe(":100\r\n");
    expect(run("RESTORE", "k", "0", p)).toBe("-BUSYKEY Target key name already exists.\r\n");
    expect(run("RESTORE", "t", String(clock.now() + 10_000), p, "ABSTTL")).toBe("+OK\r\n");
    expect(run("TTL", "t")).toBe(":10\r\n");
    expect(run("RESTORE", "t", "1", p, "ABSTTL", "REPLACE")).toBe("+OK\r\n");
    expect(run("EXISTS", "t")).toBe(":0\r\n");
  });

  test("OBJECT REFCOUNT reports shared integers except under an LRU maxmemory policy", () => {
    const { run } = harness();
    run("SET", "k", "42");
    expect(run("OBJECT", "REFCOUNT", "k")).toBe(":2147483647\r\n");
    run("CONFIG", "SET", "maxmemory", "100mb", "maxmemory-policy", "allkeys-lru");
    expect(run("OBJECT", "REFCOUNT", "k")).toBe(":1\r\n");
  });

  test("DEBUG OBJECT, DEBUG SLEEP and DEBUG LOG reply as Redis does", () => {
    const { run, state } = harness();
    const logged: string[] = [];
    state.log = (m) => logged.push(m);
    run("RPUSH", "l", "a", "b");
    expect(run("DEBUG", "OBJECT", "l")).toMatch(/^\+Value at:0x[0-9a-f]+ refcount:1 encoding:quicklist serializedlength:\d+ lru:\d+ lru_seconds_idle:0\r\n$/);
    expect(run("DEBUG", "OBJECT", "nokey")).toBe("-ERR no such key\r\n");
    expect(run("DEBUG", "SLEEP", "0")).toBe("+OK\r\n");
    expect(run("DEBUG", "LOG", "hello")).toBe("+OK\r\n");
    expect(logged).toEqual(["DEBUG LOG: hello"]);
  });
});
