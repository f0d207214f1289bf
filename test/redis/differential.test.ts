/**
 * Differential test: the same seeded random command sequences go to a real
 * redis-server and to ours; replies must be byte-identical (sorted where Redis's
 * order is unspecified; TTL magnitudes, which depend on timing, compared by sign).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisServer } from "../../src/redis/index.ts";
import { prng } from "../support/prng.ts";
import { haveRedisServer, startRealRedis, type RealRedis } from "./real-redis.ts";
import { parseReply, RawClient } from "./resp-client.ts";

const KEYS = ["k1", "k2", "k3", "l1", "l2", "h1", "h2", "s1", "s2", "missing", "{tag}é"];
const VALUES = ["v", "1", "-2", "10", "abc", "3.5", "", "9223372036854775807", "-9223372036854775808", "0", "x y", "é"];
const INTS = ["0", "1", "-1", "2", "5", "-3", "abc", "1.5", "9223372036854775807", "99999999999999999999", "+1", "07"];
const FLOATS = ["0.5", "1.25", "-3", "10", "abc", "1e2", "inf", " 1", "0.1", "0.2", "-0.3", "1e-3", ".5", "5."];
const FIELDS = ["f1", "f2", "f3", "7"];
const MEMBERS = ["a", "b", "c", "1", "2", "10", "-5"];
const PATTERNS = ["*", "k*", "?1", "[kl]1", "[^k]*", "h\\1", "*2", "[a-z]?"];

type Gen = (r: () => number) => string[];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}
const k = (r: () => number) => pick(r, KEYS);
const v = (r: () => number) => pick(r, VALUES);
const many = (r: () => number, f: (r: () => number) => string, min = 1, max = 4) =>
  Array.from({ length: min + Math.floor(r() * (max - min + 1)) }, () => f(r));

/** Expiry values far from now (no race) or already past (immediate). */
const SECS = ["100000", "0", "-1", "abc", "200000", "9223372036854775807"];
const MS = ["100000000", "0", "-5", "200000000", "1.5"];
const ABS_S = ["1", "4102444800", "4102444900", "-1"];

const SET_OPTS: string[][] = [[], ["NX"], ["XX"], ["GET"], ["KEEPTTL"], ["EX", "100000"], ["PX", "100000000"], ["EX", "0"], ["EX", "abc"], ["NX", "XX"], ["EXAT", "4102444800"], ["PXAT", "4102444800000"], ["EX", "100000", "KEEPTTL"], ["BOGUS"], ["EX"], ["XX", "GET"], ["NX", "GET", "PX", "100000000"]];

const GENS: Gen[] = [
  (r) => ["GET", k(r)],
  (r) => ["SET", k(r), v(r), ...pick(r, SET_OPTS)],
  (r) => ["SETEX", k(r), pick(r, SECS), v(r)],
  (r) => ["PSETEX", k(r), pick(r, MS), v(r)],
  (r) => ["SETNX", k(r), v(r)],
  (r) => ["GETSET", k(r), v(r)],
  (r) => ["GETDEL", k(r)],
  (r) => ["GETEX", k(r), ...pick(r, [[], ["PERSIST"], ["EX", "100000"], ["PX", "0"], ["EXAT", "1"], ["PERSIST", "EX", "1"], ["KEEPTTL"]])],
  (r) => ["MGET", ...many(r, k)],
  (r) => ["MSET", ...many(r, (r) => `${k(r)}\u0000${v(r)}`).flatMap((p) => p.split("\u0000")), ...(r() < 0.2 ? ["odd"] : [])],
  (r) => ["MSETNX", ...many(r, (r) => `${k(r)}\u0000${v(r)}`).flatMap((p) => p.split("\u0000"))],
  (r) => ["INCR", k(r)],
  (r) => ["DECR", k(r)],
  (r) => ["INCRBY", k(r), pick(r, INTS)],
  (r) => ["DECRBY", k(r), pick(r, [...INTS, "-9223372036854775808"])],
  (r) => ["INCRBYFLOAT", k(r), pick(r, FLOATS)],
  (r) => ["APPEND", k(r), v(r)],
  (r) => ["STRLEN", k(r)],
  (r) => ["GETRANGE", k(r), pick(r, ["0", "-1", "2", "-5", "100", "x"]), pick(r, ["0", "-1", "3", "-100", "100"])],
  (r) => ["SETRANGE", k(r), pick(r, ["0", "2", "5", "-1", "x"]), v(r)],
  (r) => ["DEL", ...many(r, k)],
  (r) => ["UNLINK", ...many(r, k)],
  (r) => ["EXISTS", ...many(r, k)],
  (r) => ["TYPE", k(r)],
  (r) => ["KEYS", pick(r, PATTERNS)],
  (r) => ["RENAME", k(r), k(r)],
  (r) => ["RENAMENX", k(r), k(r)],
  (r) => ["EXPIRE", k(r), pick(r, SECS), ...pick(r, [[], ["NX"], ["XX"], ["GT"], ["LT"], ["NX", "XX"], ["GT", "LT"], ["FOO"]])],
  (r) => ["PEXPIRE", k(r), pick(r, MS), ...pick(r, [[], ["NX"], ["XX"], ["GT"], ["LT"]])],
  (r) => ["EXPIREAT", k(r), pick(r, ABS_S), ...pick(r, [[], ["GT"], ["LT"]])],
  (r) => ["PEXPIREAT", k(r), pick(r, ["1", "4102444800000", "4102444800001", "x"])],
  (r) => ["TTL", k(r)],
  (r) => ["PTTL", k(r)],
  (r) => ["EXPIRETIME", k(r)],
  (r) => ["PEXPIRETIME", k(r)],
  (r) => ["PERSIST", k(r)],
  (r) => ["DBSIZE"],
  (r) => ["SELECT", pick(r, ["0", "0", "0", "1", "15", "16", "-1", "x"])],
  (r) => ["LPUSH", k(r), ...many(r, v)],
  (r) => ["RPUSH", k(r), ...many(r, v)],
  (r) => ["LPUSHX", k(r), v(r)],
  (r) => ["LPOP", k(r), ...pick(r, [[], ["2"], ["0"], ["-1"], ["x"], ["1", "2"]])],
  (r) => ["RPOP", k(r), ...pick(r, [[], ["3"], ["0"]])],
  (r) => ["LLEN", k(r)],
  (r) => ["LRANGE", k(r), pick(r, ["0", "-2", "1", "5", "x"]), pick(r, ["-1", "0", "2", "-10", "100"])],
  (r) => ["LINDEX", k(r), pick(r, ["0", "-1", "1", "10", "x"])],
  (r) => ["LSET", k(r), pick(r, ["0", "-1", "5", "x"]), v(r)],
  (r) => ["LREM", k(r), pick(r, ["0", "1", "-1", "2", "x"]), v(r)],
  (r) => ["LTRIM", k(r), pick(r, ["0", "1", "-2", "5"]), pick(r, ["-1", "0", "1", "-5"])],
  (r) => ["HSET", k(r), ...many(r, (r) => `${pick(r, FIELDS)}\u0000${v(r)}`).flatMap((p) => p.split("\u0000")), ...(r() < 0.15 ? ["odd"] : [])],
  (r) => ["HGET", k(r), pick(r, FIELDS)],
  (r) => ["HMGET", k(r), ...many(r, (r) => pick(r, FIELDS))],
  (r) => ["HGETALL", k(r)],
  (r) => ["HDEL", k(r), ...many(r, (r) => pick(r, FIELDS))],
  (r) => ["HEXISTS", k(r), pick(r, FIELDS)],
  (r) => ["HLEN", k(r)],
  (r) => ["HKEYS", k(r)],
  (r) => ["HVALS", k(r)],
  (r) => ["HSETNX", k(r), pick(r, FIELDS), v(r)],
  (r) => ["HSTRLEN", k(r), pick(r, FIELDS)],
  (r) => ["HINCRBY", k(r), pick(r, FIELDS), pick(r, INTS)],
  (r) => ["HINCRBYFLOAT", k(r), pick(r, FIELDS), pick(r, FLOATS)],
  (r) => ["SADD", k(r), ...many(r, (r) => pick(r, MEMBERS))],
  (r) => ["SREM", k(r), ...many(r, (r) => pick(r, MEMBERS))],
  (r) => ["SMEMBERS", k(r)],
  (r) => ["SISMEMBER", k(r), pick(r, MEMBERS)],
  (r) => ["SMISMEMBER", k(r), ...many(r, (r) => pick(r, MEMBERS))],
  (r) => ["SCARD", k(r)],
  (r) => [pick(r, ["GET", "SET", "TTL", "LPUSH", "HGET", "SCARD", "EXPIRE", "ECHO", "MGET", "lrange", "Hset"])],
  (r) => [pick(r, ["FOO", "getx", "SETT"]), ...many(r, v, 0, 3)],
  (r) => ["PING", ...many(r, v, 0, 2)],
  (r) => ["ECHO", v(r)],
  (r) => ["GET", k(r), k(r)],
  (r) => ["STRLEN"],
  (r) => ["HELLO", pick(r, ["4", "x", "1", "-1", "99999999999"])],
  (r) => ["HELLO", "2", pick(r, ["AUTH", "SETNAME", "BOGUS"])],
  (r) => ["AUTH", ...pick(r, [["x"], ["a", "b"], ["default", "any"], ["a", "b", "c"]])],
  (r) => ["CLIENT", ...pick(r, [["SETNAME", "conn-1"], ["SETNAME", "bad name"], ["SETNAME", ""], ["GETNAME"], ["FOO"], ["SETNAME"], ["GETNAME", "x"]])],
  (r) => ["CLIENT"],
  (r) => [pick(r, ["FLUSHDB", "FLUSHALL"]), pick(r, ["x", "ASYNC", "sync"]), ...(r() < 0.3 ? ["y"] : [])],
  (r) => ["COMMAND", "FOO"],
  (r) => ["CONFIG", ...pick(r, [["SET", "nosuch", "1"], ["GET"], ["FOO"]])],
  (r) => ["SCAN", ...pick(r, [["x"], ["1 "], ["18446744073709551616"], ["0", "COUNT", "0"], ["0", "COUNT", "x"], ["0", "MATCH"], ["0", "FOO", "1"]])],
];

const UNORDERED = new Set(["KEYS", "SMEMBERS"]);
const TIMING = new Set(["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"]);

/** The reply as compared: raw bytes, except sorted for unordered replies and sign-only for TTL magnitudes. */
function normalise(cmd: string, raw: Uint8Array): string {
  const text = Buffer.from(raw).toString("latin1");
  const name = cmd.toUpperCase();
  if (UNORDERED.has(name)) {
    const [r] = parseReply(raw);
    return Array.isArray(r) ? JSON.stringify([...r].sort()) : text;
  }
  if (TIMING.has(name) && /^:[1-9]/.test(text)) return ":positive";
  return text;
}

let real: RealRedis;
let ours: RedisServer;

beforeAll(async () => {
  if (!haveRedisServer) return;
  real = await startRealRedis();
  ours = await RedisServer.listen({ config: { port: 0 } });
});

afterAll(async () => {
  await real?.stop();
  await ours?.shutdown();
});

describe.skipIf(!haveRedisServer)("differential against redis-server", () => {
  for (let seed = 1; seed <= 32; seed++) {
    const resp3 = seed > 24;
    test(`seed ${seed}: 400 random commands get byte-identical replies${resp3 ? " in RESP3" : ""}`, async () => {
      const r = prng(seed);
      const a = await RawClient.connect(real.port);
      const b = await RawClient.connect(ours.port);
      try {
        for (const c of [a, b]) expect(await c.call("FLUSHALL")).toBe("+OK\r\n");
        if (resp3) for (const c of [a, b]) expect(await c.call("HELLO", "3")).toStartWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n");
        const mismatches: string[] = [];
        const history: string[] = [];
        for (let i = 0; i < 400; i++) {
          const argv = pick(r, GENS)(r);
          const [ra, rb] = await Promise.all([a.call(...argv), b.call(...argv)]);
          const [na, nb] = [normalise(argv[0]!, Buffer.from(ra, "latin1")), normalise(argv[0]!, Buffer.from(rb, "latin1"))];
          history.push(`#${i} ${JSON.stringify(argv)} → ${JSON.stringify(na)}`);
          if (na !== nb) {
            const recent = mismatches.length === 0 ? `\n  after:\n    ${history.slice(-40, -1).join("\n    ")}` : "";
            mismatches.push(`#${i} ${JSON.stringify(argv)}\n  redis: ${JSON.stringify(na)}\n  ours:  ${JSON.stringify(nb)}${recent}`);
          }
          if (mismatches.length >= 5) break;
        }
        expect(mismatches.join("\n")).toBe("");
      } finally {
        a.close();
        b.close();
      }
    });
  }
});
