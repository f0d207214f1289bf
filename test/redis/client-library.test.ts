/** A real client library — Bun's built-in RedisClient, which speaks RESP3 after HELLO 3 — against our server. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { RedisServer } from "../../src/redis/index.ts";

let server: RedisServer;
let secured: RedisServer;
beforeAll(async () => {
  server = await RedisServer.listen({ config: { port: 0 } });
  secured = await RedisServer.listen({ config: { port: 0, requirepass: "pa55" } });
});
afterAll(async () => {
  await server.shutdown();
  await secured.shutdown();
});

test("Bun's RedisClient runs strings, expiry, hashes, lists and sets, and sees WRONGTYPE as an error", async () => {
  const c = new RedisClient(`redis://127.0.0.1:${server.port}`);
  try {
    await c.set("user:1:name", "Ada");
    expect(await c.get("user:1:name")).toBe("Ada");
    expect(await c.incr("visits")).toBe(1);
    expect(await c.exists("visits")).toBe(true);
    await c.expire("visits", 100);
    expect(await c.ttl("visits")).toBe(100);
    expect(await c.send("HSET", ["h", "f", "v", "g", "w"])).toBe(2);
    expect(await c.send("HGETALL", ["h"])).toEqual({ f: "v", g: "w" });
    expect(await c.send("RPUSH", ["q", "a", "b"])).toBe(2);
    expect(await c.send("LPOP", ["q", "5"])).toEqual(["a", "b"]);
    expect(await c.send("SADD", ["s", "3", "1", "2"])).toBe(3);
    expect(await c.send("SMEMBERS", ["s"])).toEqual(["1", "2", "3"]);
    expect(await c.send("INCRBYFLOAT", ["f", "0.1"])).toBe("0.1");
    await expect(c.send("LPUSH", ["user:1:name", "x"])).rejects.toThrow("WRONGTYPE Operation against a key holding the wrong kind of value");
    expect(await c.send("PING", [])).toBe("PONG");
  } finally {
    c.close();
  }
});

test("Bun's RedisClient authenticates with the password in its URL", async () => {
  const c = new RedisClient(`redis://:pa55@127.0.0.1:${secured.port}`);
  try {
    await c.set("k", "v");
    expect(await c.get("k")).toBe("v");
  } finally {
    c.close();
  }
});
