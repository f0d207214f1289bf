/**
 * Transactions against a real redis-server: the same single-client scripts
 * (MULTI/EXEC/DISCARD/WATCH with queueing errors, runtime errors, nesting)
 * get byte-identical replies; WATCH aborts when another client writes.
 */
import { describe, expect, test } from "bun:test";
import { haveRedisServer, serverPair } from "./real-redis.ts";
import { RawClient } from "./resp-client.ts";

const SCRIPTS: Record<string, string[][]> = {
  "queued commands run in order and reply as an array": [["MULTI"], ["SET", "a", "1"], ["INCR", "a"], ["LPUSH", "l", "x"], ["GET", "a"], ["EXEC"], ["GET", "a"]],
  "an unknown command while queueing aborts EXEC with EXECABORT": [["MULTI"], ["SET", "a", "1"], ["NOSUCH", "x"], ["EXEC"], ["EXISTS", "a"]],
  "a wrong arity while queueing aborts EXEC": [["MULTI"], ["GET"], ["SET", "a", "1"], ["EXEC"], ["EXISTS", "a"]],
  "runtime errors are replies inside EXEC and the rest still runs": [["SET", "s", "x"], ["MULTI"], ["INCR", "s"], ["SET", "b", "2"], ["LPUSH", "s", "y"], ["EXEC"], ["GET", "b"]],
  "nested MULTI is refused without aborting": [["MULTI"], ["MULTI"], ["SET", "a", "1"], ["EXEC"], ["GET", "a"]],
  "EXEC and DISCARD without MULTI are errors": [["EXEC"], ["DISCARD"], ["MULTI"], ["DISCARD"], ["EXEC"]],
  "DISCARD drops the queue": [["MULTI"], ["SET", "a", "1"], ["DISCARD"], ["EXISTS", "a"]],
  "WATCH inside MULTI is refused and the transaction still runs": [["MULTI"], ["WATCH", "a"], ["SET", "a", "1"], ["EXEC"]],
  "a watched key modified by the client itself makes EXEC return a null array": [["SET", "w", "1"], ["WATCH", "w"], ["SET", "w", "2"], ["MULTI"], ["SET", "w", "3"], ["EXEC"], ["GET", "w"]],
  "UNWATCH forgets the watched keys": [["WATCH", "w"], ["SET", "w", "2"], ["UNWATCH"], ["MULTI"], ["SET", "w", "3"], ["EXEC"], ["GET", "w"]],
  "writes that change nothing do not touch a watched key": [["SADD", "w", "a"], ["WATCH", "w", "gone"], ["SADD", "w", "a"], ["SREM", "w", "zz"], ["DEL", "gone"], ["EXPIRE", "gone", "10"], ["LPOP", "gone"], ["MULTI"], ["SCARD", "w"], ["EXEC"]],
  "no-op writes whose reply does not show it leave watched keys alone": [
    ["SET", "w", "1"], ["SADD", "s", "a"], ["ZADD", "z", "1", "m"], ["WATCH", "w", "s", "z", "d", "e"],
    ["SET", "w", "2", "NX"], ["SET", "nokey", "2", "XX"], ["SETRANGE", "w", "0", ""], ["SMOVE", "s", "s", "a"], ["RENAME", "w", "w"], ["RENAMENX", "s", "s"],
    ["ZADD", "z", "1", "m"], ["ZADD", "z", "GT", "0", "m"], ["ZINCRBY", "z", "0", "m"], ["ZREMRANGEBYSCORE", "z", "5", "6"], ["ZREMRANGEBYRANK", "z", "5", "6"], ["ZREMRANGEBYLEX", "z", "[x", "[y"],
    ["SINTERSTORE", "d", "s", "nokey"], ["ZUNIONSTORE", "e", "1", "nokey"], ["ZRANGESTORE", "e", "z", "5", "6"], ["GETEX", "w"], ["GETEX", "w", "PERSIST"],
    ["LTRIM", "e", "0", "1"], ["SETRANGE", "e", "3", ""],
    ["MULTI"], ["GET", "w"], ["EXEC"],
  ],
  "COPY signals its destination (in the target database), not its source; MOVE signals both": [
    ["SET", "src", "v"], ["WATCH", "src"], ["COPY", "src", "dst", "DB", "1"], ["MULTI"], ["PING"], ["EXEC"],
    ["SELECT", "1"], ["WATCH", "dst2"], ["SELECT", "0"], ["COPY", "src", "dst2", "DB", "1"], ["MULTI"], ["PING"], ["EXEC"],
    ["SET", "m", "v"], ["SELECT", "2"], ["WATCH", "m"], ["SELECT", "0"], ["MOVE", "m", "2"], ["MULTI"], ["PING"], ["EXEC"],
  ],
  "writes that do change something touch the watched key": [
    ["SET", "w", "1"], ["ZADD", "z", "1", "m"], ["WATCH", "z"], ["ZADD", "z", "2", "m"], ["MULTI"], ["PING"], ["EXEC"],
    ["SADD", "s", "a"], ["SADD", "d", "x"], ["WATCH", "d"], ["SINTERSTORE", "d", "s", "nokey"], ["MULTI"], ["PING"], ["EXEC"], ["EXISTS", "d"],
    ["SET", "t", "v", "EX", "100"], ["WATCH", "t"], ["GETEX", "t", "PERSIST"], ["MULTI"], ["PING"], ["EXEC"],
  ],
  "strings changed in place are raw, whatever their length": [
    ["SET", "a", "x"], ["OBJECT", "ENCODING", "a"], ["APPEND", "a", "y"], ["OBJECT", "ENCODING", "a"], ["APPEND", "new", "12"], ["OBJECT", "ENCODING", "new"],
    ["SETRANGE", "r", "2", "ab"], ["OBJECT", "ENCODING", "r"], ["SET", "i", "12345"], ["OBJECT", "ENCODING", "i"], ["INCR", "i"], ["OBJECT", "ENCODING", "i"],
    ["SETRANGE", "i", "0", "9"], ["OBJECT", "ENCODING", "i"], ["SET", "big", "x".repeat(45)], ["OBJECT", "ENCODING", "big"], ["SET", "e", "x".repeat(44)], ["OBJECT", "ENCODING", "e"],
  ],
  "a watched key that was not touched lets EXEC run": [["SET", "w", "1"], ["WATCH", "w", "other"], ["SET", "x", "9"], ["MULTI"], ["INCR", "w"], ["EXEC"]],
  "EXEC unwatches: the next transaction is not affected": [["WATCH", "w"], ["SET", "w", "1"], ["MULTI"], ["EXEC"], ["MULTI"], ["GET", "w"], ["EXEC"]],
  "FLUSHALL touches watched keys that existed": [["SET", "w", "1"], ["WATCH", "w"], ["FLUSHALL"], ["MULTI"], ["PING"], ["EXEC"]],
  "FLUSHDB does not touch a watched key that did not exist": [["WATCH", "nope"], ["FLUSHDB"], ["MULTI"], ["PING"], ["EXEC"]],
  "a watched key past its TTL aborts EXEC": [["SET", "w", "1", "PX", "100"], ["WATCH", "w"], ["DEBUG", "SLEEP", "0.2"], ["MULTI"], ["PING"], ["EXEC"]],
  "SELECT and zset commands inside a transaction": [["MULTI"], ["SELECT", "1"], ["ZADD", "z", "1", "a", "2", "b"], ["ZRANGE", "z", "0", "-1", "WITHSCORES"], ["SELECT", "0"], ["EXEC"], ["EXISTS", "z"]],
  "MULTI with arguments is an arity error outside a transaction": [["MULTI", "x"], ["EXEC", "x"], ["WATCH"]],
};

const servers = serverPair();

describe.skipIf(!haveRedisServer)("transactions against redis-server", () => {
  for (const [name, script] of Object.entries(SCRIPTS)) {
    for (const proto of [2, 3]) {
      test(`${name} (RESP${proto})`, async () => {
        const a = await RawClient.connect(servers.real.port);
        const b = await RawClient.connect(servers.ours.port);
        try {
          for (const c of [a, b]) await c.call("FLUSHALL"), proto === 3 && (await c.call("HELLO", "3"));
          const lines: string[] = [];
          for (const argv of script) {
            if (argv[0] === "DEBUG") {
              await Bun.sleep(200);
              continue;
            }
            const [ra, rb] = await Promise.all([a.call(...argv), b.call(...argv)]);
            lines.push(`${argv.join(" ")} → ${JSON.stringify(ra)}${ra === rb ? "" : ` ours ${JSON.stringify(rb)}`}`);
          }
          expect(lines.filter((l) => l.includes(" ours ")).join("\n")).toBe("");
        } finally {
          a.close();
          b.close();
        }
      });
    }
  }

  test("a write by another client to a watched key aborts EXEC, on both servers", async () => {
    for (const port of [servers.real.port, servers.ours.port]) {
      const c1 = await RawClient.connect(port);
      const c2 = await RawClient.connect(port);
      try {
        await c1.call("SET", "shared", "1");
        expect(await c1.call("WATCH", "shared")).toBe("+OK\r\n");
        expect(await c2.call("INCR", "shared")).toBe(":2\r\n");
        expect(await c1.call("MULTI")).toBe("+OK\r\n");
        expect(await c1.call("SET", "shared", "100")).toBe("+QUEUED\r\n");
        expect(await c1.call("EXEC")).toBe("*-1\r\n");
        expect(await c1.call("GET", "shared")).toBe("$1\r\n2\r\n");
      } finally {
        c1.close();
        c2.close();
      }
    }
  });
});
