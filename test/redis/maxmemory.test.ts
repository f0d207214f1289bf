/** maxmemory: the per-key memory estimate, OOM under noeviction, sampled LRU and volatile-ttl eviction, eviction logged to the AOF. */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { entrySize } from "../../src/redis/memory.ts";
import { prng } from "../support/prng.ts";
import { harness } from "./harness.ts";
import { persistentServer, tempDir } from "./persist-harness.ts";

const OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
const used = (run: (...a: string[]) => string) => Number(/used_memory:(\d+)/.exec(run("INFO", "memory"))![1]);

describe("the memory estimate", () => {
  test("used_memory is the sum of per-key estimates, kept as keys are written, grown in place and deleted", () => {
    const { run, state } = harness();
    expect(used(run)).toBe(0);
    run("SET", "a", "hello");
    expect(used(run)).toBe(entrySize("a", Buffer.from("hello")));
    run("RPUSH", "l", "x", "y");
    const afterTwo = used(run);
    run("RPUSH", "l", ...Array.from({ length: 100 }, () => "z"));
    expect(used(run)).toBeGreaterThan(afterTwo + 100);
    expect(run("MEMORY", "USAGE", "l")).toBe(`:${state.dbs[0]!.sizeOf("l")}\r\n`);
    run("DEL", "l");
    run("SET", "a", "x", "EX", "1");
    expect(used(run)).toBe(entrySize("a", Buffer.from("x")));
    run("FLUSHALL");
    expect(used(run)).toBe(0);
  });

  test("CONFIG SET and GET maxmemory take units and INFO reports the limit and policy", () => {
    const { run } = harness();
    expect(run("CONFIG", "SET", "maxmemory", "1mb", "maxmemory-policy", "allkeys-lru")).toBe("+OK\r\n");
    expect(run("CONFIG", "GET", "maxmemory")).toBe("*2\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n");
    expect(run("INFO", "memory")).toContain("maxmemory:1048576\r\nmaxmemory_policy:allkeys-lru\r\n");
    expect(run("CONFIG", "SET", "maxmemory-policy", "bogus")).toStartWith("-ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction\r\n");
    expect(run("CONFIG", "SET", "maxmemory-samples", "0")).toBe("-ERR CONFIG SET failed (possibly related to argument 'maxmemory-samples') - argument must be between 1 and 64 inclusive\r\n");
  });
});

describe("noeviction", () => {
  test("over maxmemory, denyoom writes fail with OOM while reads and deletes work", () => {
    const { run } = harness({ maxmemory: 1000 });
    let i = 0;
    while (run("SET", `k${i}`, "v".repeat(100)) === "+OK\r\n") i++;
    expect(i).toBe(6);
    expect(used(run)).toBeGreaterThan(1000);
    expect(run("SET", "more", "v")).toBe(OOM);
    expect(run("RPUSH", "l", "v")).toBe(OOM);
    expect(run("GET", "k0")).toBe(`$100\r\n${"v".repeat(100)}\r\n`);
    expect(run("EXPIRE", "k0", "100")).toBe(":1\r\n");
    expect(run("DEL", "k0", "k1", "k2")).toBe(":3\r\n");
    expect(run("SET", "more", "v")).toBe("+OK\r\n");
    expect(run("INFO", "stats")).toContain("evicted_keys:0\r\n");
  });

  test("a denyoom command in MULTI is refused at queue time and EXEC aborts", () => {
    const { run } = harness({ maxmemory: 100 });
    run("CONFIG", "SET", "maxmemory", "0");
    run("SET", "big", "x".repeat(200));
    run("CONFIG", "SET", "maxmemory", "100");
    expect(run("MULTI")).toBe("+OK\r\n");
    expect(run("SET", "a", "b")).toBe(OOM);
    expect(run("DEL", "big")).toBe("+QUEUED\r\n");
    expect(run("EXEC")).toBe("-EXECABORT Transaction discarded because of previous errors.\r\n");
  });

  test("COMMAND INFO flags denyoom exactly as Redis 7.0 does", () => {
    const { table } = harness();
    const flagged = [...table.values()].flatMap((s) => [s, ...(s.subcommands?.values() ?? [])]).filter((s) => s.flags.includes("denyoom")).map((s) => s.name);
    expect(flagged).toContain("set");
    expect(flagged).toContain("hset");
    expect(flagged).not.toContain("zrem");
    expect(flagged).not.toContain("zpopmin");
    expect(flagged).not.toContain("getex");
  });
});

describe("eviction", () => {
  test("allkeys-lru keeps recently touched keys (sampled with a seeded PRNG)", () => {
    const { run, state, clock } = harness({ maxmemory: 60_000, maxmemoryPolicy: "allkeys-lru" });
    state.random = prng(7);
    for (let i = 0; i < 500; i++) {
      clock.advance(1);
      run("SET", `key:${i}`, "v".repeat(100));
      // Keep the first 50 keys hot.
      if (i >= 50) run("GET", `key:${i % 50}`);
    }
    const hot = Array.from({ length: 50 }, (_, i) => run("EXISTS", `key:${i}`)).filter((x) => x === ":1\r\n").length;
    const coldStart = Array.from({ length: 50 }, (_, i) => run("EXISTS", `key:${i + 100}`)).filter((x) => x === ":1\r\n").length;
    expect(used(run)).toBeLessThanOrEqual(60_000);
    expect(Number(/evicted_keys:(\d+)/.exec(run("INFO", "stats"))![1])).toBeGreaterThan(0);
    expect(hot).toBeGreaterThanOrEqual(45);
    expect(coldStart).toBeLessThan(hot / 2);
  });

  test("allkeys-lfu keeps frequently used keys over recently written ones (eviction pool of the best candidates)", () => {
    const { run, state, clock } = harness({ maxmemory: 60_000, maxmemoryPolicy: "allkeys-lfu" });
    state.random = prng(5);
    // 50 keys read 30 times each, then a stream of keys written once.
    for (let i = 0; i < 50; i++) run("SET", `hot:${i}`, "v".repeat(100));
    for (let r = 0; r < 30; r++) for (let i = 0; i < 50; i++) run("GET", `hot:${i}`);
    for (let i = 0; i < 500; i++) {
      clock.advance(1);
      run("SET", `cold:${i}`, "v".repeat(100));
    }
    const alive = (p: string, n: number) => Array.from({ length: n }, (_, i) => run("EXISTS", `${p}:${i}`)).filter((x) => x === ":1\r\n").length;
    expect(used(run)).toBeLessThanOrEqual(60_000);
    expect(alive("hot", 50)).toBeGreaterThanOrEqual(48);
    expect(alive("cold", 500)).toBeLessThan(400);
    expect(Number(run("OBJECT", "FREQ", "hot:0").slice(1))).toBeGreaterThan(5);
  });

  test("volatile-ttl evicts the soonest-expiring keys first and never keys without a TTL", () => {
    const { run, state } = harness({ maxmemory: 20_000, maxmemoryPolicy: "volatile-ttl" });
    state.random = prng(11);
    for (let i = 0; i < 50; i++) run("SET", `keep:${i}`, "v".repeat(100));
    for (let i = 0; i < 100; i++) run("SET", `short:${i}`, "v".repeat(100), "EX", "100");
    for (let i = 0; i < 100; i++) run("SET", `long:${i}`, "v".repeat(100), "EX", "100000");
    const alive = (p: string, n: number) => Array.from({ length: n }, (_, i) => run("EXISTS", `${p}:${i}`)).filter((x) => x === ":1\r\n").length;
    expect(alive("keep", 50)).toBe(50);
    expect(alive("short", 100)).toBeLessThan(alive("long", 100));
    // With nothing volatile left to evict, writes fail with OOM.
    const { run: run2 } = harness({ maxmemory: 500, maxmemoryPolicy: "volatile-ttl" });
    run2("CONFIG", "SET", "maxmemory", "0");
    run2("SET", "a", "x".repeat(1000));
    run2("CONFIG", "SET", "maxmemory", "500");
    expect(run2("SET", "b", "c")).toBe(OOM);
  });

  test("evicted keys are logged to the AOF as DEL", async () => {
    using dir = tempDir();
    await using s = await persistentServer({ dir: dir.path, appendonly: true, appendfsync: "always", maxmemory: 1000, maxmemoryPolicy: "allkeys-lru" });
    for (let i = 0; i < 20; i++) expect(await s.c.call("SET", `k${i}`, "v".repeat(100))).toBe("+OK\r\n");
    const evicted = Number(/evicted_keys:(\d+)/.exec(await s.c.call("INFO", "stats"))![1]);
    expect(evicted).toBeGreaterThan(0);
    const text = readFileSync(join(dir.path, "appendonly.aof"), "latin1");
    expect(text.match(/\*2\r\n\$3\r\nDEL\r\n/g)?.length).toBe(evicted);
  });
});
