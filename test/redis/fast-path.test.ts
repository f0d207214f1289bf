/**
 * The fast path (fast-path.ts) against a real redis-server: every hot
 * command's plain form and the edge cases that must fall back to the full
 * path (wrong type, non-canonical or overflowing integers, values at the
 * 6/7-byte packing boundary, binary bytes, mixed case names, wrong arity),
 * pipelined in one write so fast and full paths interleave, byte-identical.
 */
import { describe, expect, test } from "bun:test";
import { haveRedisServer, serverPair } from "./real-redis.ts";
import { encodeCommand, RawClient } from "./resp-client.ts";

const BIN = Uint8Array.from({ length: 40 }, (_, i) => (i * 37) % 256);

const SCRIPT: (string | Uint8Array)[][] = [
  ["SET", "s", "abcdef"], ["GET", "s"], ["SET", "s", "abcdefg"], ["GET", "s"], ["set", "e", ""], ["GeT", "e"], ["SET", "b", BIN], ["GET", "b"],
  ["SET", "z", Uint8Array.of(0, 0, 0)], ["GET", "z"], ["STRLEN", "z"], ["APPEND", "z", "\u0000"], ["GET", "z"], ["GET", "missing"],
  ["INCR", "n"], ["INCR", "n"], ["DECR", "n"], ["DECR", "d"], ["SET", "n", "999999"], ["INCR", "n"], ["GET", "n"], ["INCR", "n"], ["DECR", "n"], ["DECR", "n"],
  ["SET", "n", "-99999"], ["DECR", "n"], ["DECR", "n"], ["GET", "n"], ["SET", "n", "007"], ["INCR", "n"], ["SET", "n", " 1"], ["INCR", "n"], ["SET", "n", "-0"], ["INCR", "n"],
  ["SET", "n", "9007199254740991"], ["INCR", "n"], ["GET", "n"], ["SET", "n", "9223372036854775807"], ["INCR", "n"], ["DECR", "n"], ["GET", "n"], ["SET", "n", "1.5"], ["INCR", "n"],
  ["INCR", "s"], ["LPUSH", "s", "x"], ["RPOP", "s"], ["HSET", "s", "f", "v"], ["SADD", "s", "m"], ["LRANGE", "s", "0", "-1"],
  ["LPUSH", "l", "a", "b", "c"], ["RPUSH", "l", "d", BIN], ["LRANGE", "l", "0", "-1"], ["LRANGE", "l", "-2", "100"], ["LRANGE", "l", "5", "1"], ["LRANGE", "l", "x", "1"], ["LRANGE", "l", "0", "99999999999999999999"],
  ["LPOP", "l"], ["RPOP", "l"], ["RPOP", "l", "2"], ["LPOP", "l"], ["LPOP", "l"], ["RPOP", "l"], ["EXISTS", "l"], ["GET", "l"], ["LRANGE", "nolist", "0", "-1"],
  ["HSET", "h", "a", "1", "b", "2"], ["HSET", "h", "a", "3"], ["HSET", "h", "a"], ["HGETALL", "h"], ["GET", "h"], ["INCR", "h"],
  ["SADD", "t", "1", "2", "2"], ["SADD", "t", "2"], ["SMEMBERS", "t"], ["SCARD", "t"], ["SET", "t", "x"], ["GET", "t"],
  ["PING"], ["PING", "hi"], ["ping"], ["GET"], ["SET", "k"], ["INCR"], ["LPUSH", "l"], ["SADD", "t"],
  ["SET", "k", "v", "EX", "100"], ["TTL", "k"], ["SET", "k", "w"], ["TTL", "k"], ["DBSIZE"],
];

const servers = serverPair();

describe.skipIf(!haveRedisServer)("the fast path against redis-server", () => {
  test("pipelined hot commands and their fall-back cases reply byte for byte like Redis", async () => {
    const replies: string[][] = [];
    for (const port of [servers.real.port, servers.ours.port]) {
      const c = await RawClient.connect(port);
      try {
        await c.call("FLUSHALL");
        c.write(Buffer.concat(SCRIPT.map((argv) => encodeCommand(argv))));
        const got: string[] = [];
        for (let i = 0; i < SCRIPT.length; i++) got.push(Buffer.from((await c.reply())!).toString("latin1"));
        replies.push(got);
      } finally {
        c.close();
      }
    }
    const diff = SCRIPT.map((argv, i) => (replies[0]![i] === replies[1]![i] ? "" : `${argv.map(String).join(" ")}: redis ${JSON.stringify(replies[0]![i])} ours ${JSON.stringify(replies[1]![i])}`)).filter(Boolean);
    expect(diff.join("\n")).toBe("");
  });
});
