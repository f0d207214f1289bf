/** Temp data directories and persistent in-process servers for the AOF/RDB tests. */
import { join } from "node:path";
import { RedisServer, type ServerConfig } from "../../src/redis/index.ts";
import type { Clock } from "../../src/runtime/index.ts";
import { haveCommand } from "../support/require.ts";
import { RawClient } from "./resp-client.ts";

/** Whether redis-check-aof / redis-check-rdb are installed. */
export const haveCheckAof = haveCommand("redis-check-aof");
export const haveCheckRdb = haveCommand("redis-check-rdb");

export { tempDir } from "../support/cli.ts";

/** A persistent server on a free port with a connected client; both closed on dispose. */
export async function persistentServer(config: Partial<ServerConfig>, clock?: Clock, chunk = 4096): Promise<{ server: RedisServer; c: RawClient } & AsyncDisposable> {
  const server = await RedisServer.listen({ config: { port: 0, ...config }, persistence: true, expirePeriodMs: 0, backgroundChunkBytes: chunk, ...(clock ? { clock } : {}) });
  const c = await RawClient.connect(server.port);
  return {
    server,
    c,
    [Symbol.asyncDispose]: async () => {
      c.close();
      await server.shutdown();
    },
  };
}

/** Runs a program to completion; exit code and combined output. */
export async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const p = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out: out + err };
}

/** A dataset over every type, with and without TTLs, across two databases: [db, command] pairs. */
export const DATASET: [number, string[]][] = [
  [0, ["SET", "str", "hello"]],
  [0, ["SET", "int", "12345"]],
  [0, ["SET", "neg", "-7"]],
  [0, ["SET", "big", "x".repeat(5000)]],
  [0, ["SET", "bin", "\u0000\u00ff\r\n"]],
  [0, ["SET", "ttl", "v", "EX", "1000"]],
  [0, ["RPUSH", "list", "a", "1", "-300", "70000", "b".repeat(100), "9223372036854775807"]],
  [0, ["RPUSH", "biglist", ...Array.from({ length: 300 }, (_, i) => `item-${i}`)]],
  [0, ["HSET", "hash", "f1", "v1", "n", "42"]],
  [0, ["HSET", "bighash", ...Array.from({ length: 200 }, (_, i) => [`f${i}`, `v${i}`]).flat()]],
  [0, ["HSET", "widehash", "f", "y".repeat(100)]],
  [0, ["SADD", "ints", "3", "1", "2", "-5"]],
  [0, ["SADD", "wideints", "1", "100000", "5000000000"]],
  [0, ["SADD", "strs", "a", "b", "c"]],
  [0, ["ZADD", "zset", "1.5", "a", "-2", "b", "0.1", "c", "inf", "top", "-inf", "bottom", "7", "70000"]],
  [0, ["ZADD", "bigzset", ...Array.from({ length: 200 }, (_, i) => [String(i / 3), `m${i}`]).flat()]],
  [0, ["ZADD", "widezset", "1", "w".repeat(100), "2", "x"]],
  [0, ["PEXPIRE", "hash", "5000000"]],
  [3, ["SET", "other", "db3"]],
  [3, ["LPUSH", "l3", "x", "y"]],
];

/** TYPE, value and PTTL of every key in dbs 0 and 3, through a client: the comparison used across round trips. */
export async function dump(c: RawClient): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const db of ["0", "3"]) {
    await c.call("SELECT", db);
    const keys = parseArray(await c.call("KEYS", "*")).sort();
    for (const k of keys) {
      const type = (await c.call("TYPE", k)).trim();
      let value: unknown;
      if (type === "+string") value = await c.call("GET", k);
      else if (type === "+list") value = await c.call("LRANGE", k, "0", "-1");
      else if (type === "+hash") value = pairs(parseArray(await c.call("HGETALL", k)));
      else if (type === "+zset") value = parseArray(await c.call("ZRANGE", k, "0", "-1", "WITHSCORES"));
      else value = parseArray(await c.call("SMEMBERS", k)).sort();
      const pttl = Number((await c.call("PTTL", k)).slice(1));
      out[`${db}/${k}`] = { type, value, ttl: pttl < 0 ? pttl : Math.round(pttl / 10_000) };
    }
  }
  await c.call("SELECT", "0");
  return out;
}

function pairs(xs: string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i < xs.length; i += 2) o[xs[i]!] = xs[i + 1]!;
  return Object.fromEntries(Object.entries(o).sort());
}

/** The bulk strings of a flat RESP2 array reply. */
export function parseArray(resp: string): string[] {
  const out: string[] = [];
  const b = Buffer.from(resp, "latin1");
  let p = b.indexOf(10) + 1;
  while (p < b.length) {
    const nl = b.indexOf(10, p);
    const n = Number(b.subarray(p + 1, nl - 1).toString("latin1"));
    out.push(b.subarray(nl + 1, nl + 1 + n).toString("latin1"));
    p = nl + 1 + n + 2;
  }
  return out;
}

/** Loads DATASET through a client. */
export async function load(c: RawClient): Promise<void> {
  for (const [db, argv] of DATASET) {
    await c.call("SELECT", String(db));
    const r = await c.call(...argv.map((a) => Buffer.from(a, "latin1")));
    if (r.startsWith("-")) throw new Error(`${argv.join(" ")}: ${r}`);
  }
  await c.call("SELECT", "0");
}
