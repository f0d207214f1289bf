/** ioredis, the most used Node.js Redis client, against our server: every data type, expiry, pipelines, transactions, pub/sub and binary values. */
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import Redis from "ioredis";
import { RedisServer } from "../../src/redis/index.ts";

let server: RedisServer;
let redis: Redis;
const extra: Redis[] = [];

/** A client that fails fast instead of reconnecting, so a server bug surfaces as an error, not a hang. */
function connect(): Redis {
  return new Redis({ host: "127.0.0.1", port: server.port, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
}

/** A second connection, closed after the test. */
async function another(): Promise<Redis> {
  const c = connect();
  extra.push(c);
  await c.connect();
  return c;
}

beforeAll(async () => {
  server = await RedisServer.listen({ config: { port: 0 } });
});
afterAll(async () => {
  await server.shutdown();
});
beforeEach(async () => {
  redis = connect();
  await redis.connect();
  await redis.flushall();
});
afterEach(async () => {
  for (const c of [redis, ...extra.splice(0)]) await c.quit();
});

test("ioredis connects (INFO ready check) and runs string commands", async () => {
  expect(redis.status).toBe("ready");
  expect(await redis.ping()).toBe("PONG");
  expect(await redis.set("greeting", "hello")).toBe("OK");
  expect(await redis.get("greeting")).toBe("hello");
  expect(await redis.get("missing")).toBeNull();
  expect(await redis.append("greeting", " world")).toBe(11);
  expect(await redis.strlen("greeting")).toBe(11);
  expect(await redis.getrange("greeting", 0, 4)).toBe("hello");
  expect(await redis.set("greeting", "x", "NX")).toBeNull();
  expect(await redis.incr("n")).toBe(1);
  expect(await redis.incrby("n", 41)).toBe(42);
  expect(await redis.decr("n")).toBe(41);
  expect(await redis.incrbyfloat("f", "1.5")).toBe("1.5");
  expect(await redis.mset({ a: "1", b: "2" })).toBe("OK");
  expect(await redis.mget("a", "b", "nope")).toEqual(["1", "2", null]);
  expect(await redis.exists("a", "b", "nope")).toBe(2);
  expect(await redis.del("a", "b")).toBe(2);
  expect(await redis.type("greeting")).toBe("string");
  await expect(redis.incr("greeting")).rejects.toThrow("ERR value is not an integer or out of range");
});

test("ioredis runs hash commands, including object-style HSET and HGETALL", async () => {
  expect(await redis.hset("user:1", { name: "Ada", born: "1815" })).toBe(2);
  expect(await redis.hset("user:1", "lang", "Analytical Engine")).toBe(1);
  expect(await redis.hget("user:1", "name")).toBe("Ada");
  expect(await redis.hgetall("user:1")).toEqual({ name: "Ada", born: "1815", lang: "Analytical Engine" });
  expect(await redis.hgetall("nobody")).toEqual({});
  expect(await redis.hmget("user:1", "name", "nope")).toEqual(["Ada", null]);
  expect(await redis.hincrby("user:1", "born", 1)).toBe(1816);
  expect(await redis.hexists("user:1", "lang")).toBe(1);
  expect(await redis.hdel("user:1", "lang", "nope")).toBe(1);
  expect(await redis.hlen("user:1")).toBe(2);
  expect((await redis.hkeys("user:1")).sort()).toEqual(["born", "name"]);
  await expect(redis.lpush("user:1", "x")).rejects.toThrow("WRONGTYPE Operation against a key holding the wrong kind of value");
});

test("ioredis runs list commands", async () => {
  expect(await redis.rpush("q", "a", "b", "c")).toBe(3);
  expect(await redis.lpush("q", "z")).toBe(4);
  expect(await redis.lrange("q", 0, -1)).toEqual(["z", "a", "b", "c"]);
  expect(await redis.llen("q")).toBe(4);
  expect(await redis.lindex("q", -1)).toBe("c");
  expect(await redis.lpop("q")).toBe("z");
  expect(await redis.rpop("q", 2)).toEqual(["c", "b"]);
  expect(await redis.lset("q", 0, "A")).toBe("OK");
  expect(await redis.lrange("q", 0, -1)).toEqual(["A"]);
  expect(await redis.lpop("q")).toBe("A");
  expect(await redis.exists("q")).toBe(0);
  expect(await redis.lpop("q")).toBeNull();
});

test("ioredis runs set commands", async () => {
  expect(await redis.sadd("s", "3", "1", "2", "2")).toBe(3);
  expect(await redis.scard("s")).toBe(3);
  expect(await redis.sismember("s", "2")).toBe(1);
  expect(await redis.smismember("s", "1", "9")).toEqual([1, 0]);
  expect((await redis.smembers("s")).sort()).toEqual(["1", "2", "3"]);
  await redis.sadd("t", "3", "4");
  expect(await redis.sinter("s", "t")).toEqual(["3"]);
  expect((await redis.sunion("s", "t")).sort()).toEqual(["1", "2", "3", "4"]);
  expect((await redis.sdiff("s", "t")).sort()).toEqual(["1", "2"]);
  expect(await redis.srem("s", "1", "9")).toBe(1);
  expect(await redis.type("s")).toBe("set");
});

test("ioredis runs sorted-set commands with scores", async () => {
  expect(await redis.zadd("board", 10, "ada", 30, "grace", 20, "alan")).toBe(3);
  expect(await redis.zrange("board", "0", "-1")).toEqual(["ada", "alan", "grace"]);
  expect(await redis.zrange("board", "0", "-1", "WITHSCORES")).toEqual(["ada", "10", "alan", "20", "grace", "30"]);
  expect(await redis.zrevrange("board", 0, 0)).toEqual(["grace"]);
  expect(await redis.zscore("board", "alan")).toBe("20");
  expect(await redis.zincrby("board", 15, "ada")).toBe("25");
  expect(await redis.zrank("board", "ada")).toBe(1);
  expect(await redis.zrangebyscore("board", "(20", "+inf")).toEqual(["ada", "grace"]);
  expect(await redis.zcount("board", "-inf", 25)).toBe(2);
  expect(await redis.zrem("board", "alan")).toBe(1);
  expect(await redis.zcard("board")).toBe(2);
  expect(await redis.zscore("board", "alan")).toBeNull();
  expect(await redis.type("board")).toBe("zset");
});

test("ioredis sees expiry: TTL, PTTL, PERSIST, SET EX, and a deadline in the past deleting the key", async () => {
  await redis.set("session", "s", "EX", 100);
  expect(await redis.ttl("session")).toBe(100);
  const pttl = await redis.pttl("session");
  expect(pttl).toBeGreaterThan(99_000);
  expect(pttl).toBeLessThanOrEqual(100_000);
  expect(await redis.persist("session")).toBe(1);
  expect(await redis.ttl("session")).toBe(-1);
  expect(await redis.ttl("nope")).toBe(-2);
  expect(await redis.expire("session", 50)).toBe(1);
  expect(await redis.ttl("session")).toBe(50);
  expect(await redis.pexpireat("session", Date.now() - 1000)).toBe(1);
  expect(await redis.exists("session")).toBe(0);
  expect(await redis.get("session")).toBeNull();
  await redis.set("gone", "v", "PX", 100_000);
  expect(await redis.getex("gone", "PERSIST")).toBe("v");
  expect(await redis.ttl("gone")).toBe(-1);
});

test("ioredis pipeline() sends a batch and gets every reply in order, errors in place", async () => {
  const results = await redis
    .pipeline()
    .set("p", "1")
    .incr("p")
    .get("p")
    .lpush("p", "x") // WRONGTYPE, reported in its own slot
    .rpush("list", "a", "b")
    .lrange("list", 0, -1)
    .exec();
  expect(results).not.toBeNull();
  const [set, incr, get, wrong, rpush, lrange] = results!;
  expect(set).toEqual([null, "OK"]);
  expect(incr).toEqual([null, 2]);
  expect(get).toEqual([null, "2"]);
  expect(wrong![0]).toBeInstanceOf(Error);
  expect((wrong![0] as Error).message).toContain("WRONGTYPE");
  expect(rpush).toEqual([null, 2]);
  expect(lrange).toEqual([null, ["a", "b"]]);

  // A large pipeline: replies arrive in order across many TCP reads.
  const p = redis.pipeline();
  for (let i = 0; i < 5000; i++) p.set(`k:${i}`, String(i));
  for (let i = 0; i < 5000; i++) p.get(`k:${i}`);
  const big = (await p.exec())!;
  expect(big).toHaveLength(10_000);
  expect(big.slice(5000).map(([err, v]) => (err ? err.message : v))).toEqual(Array.from({ length: 5000 }, (_, i) => String(i)));
});

test("ioredis multi()/exec() runs a transaction atomically, and WATCH aborts it after another client writes", async () => {
  const results = await redis.multi().set("t", "1").incr("t").incr("t").get("t").exec();
  expect(results).toEqual([
    [null, "OK"],
    [null, 2],
    [null, 3],
    [null, "3"],
  ]);

  // A runtime error inside EXEC fails only its own command.
  const mixed = (await redis.multi().set("m", "a").incr("m").get("m").exec())!;
  expect(mixed[0]).toEqual([null, "OK"]);
  expect((mixed[1]![0] as Error).message).toContain("ERR value is not an integer");
  expect(mixed[2]).toEqual([null, "a"]);

  // WATCH + a write from another connection → EXEC returns null.
  const other = await another();
  expect(await redis.watch("balance")).toBe("OK");
  await other.set("balance", "100");
  expect(await redis.multi().set("balance", "0").exec()).toBeNull();
  expect(await redis.get("balance")).toBe("100");

  // WATCH with no interference → EXEC commits.
  await redis.watch("balance");
  expect(await redis.multi().incrby("balance", 5).exec()).toEqual([[null, 105]]);
});

test("ioredis pub/sub: a subscriber connection receives PUBLISH and pattern messages from another connection", async () => {
  const sub = await another();
  const messages: [string, string][] = [];
  const pmessages: [string, string, string][] = [];
  let gotAll!: () => void;
  const allArrived = new Promise<void>((resolve) => (gotAll = resolve));
  const check = () => {
    if (messages.length === 2 && pmessages.length === 1) gotAll();
  };
  sub.on("message", (channel: string, message: string) => {
    messages.push([channel, message]);
    check();
  });
  sub.on("pmessage", (pattern: string, channel: string, message: string) => {
    pmessages.push([pattern, channel, message]);
    check();
  });
  expect(await sub.subscribe("news", "sport")).toBe(2);
  expect(await sub.psubscribe("weather.*")).toBe(3);

  expect(await redis.publish("news", "hello")).toBe(1);
  expect(await redis.publish("sport", "goal")).toBe(1);
  expect(await redis.publish("weather.oslo", "snow")).toBe(1);
  expect(await redis.publish("nobody", "x")).toBe(0);
  expect(await redis.pubsub("NUMSUB", "news", "nobody")).toEqual(["news", 1, "nobody", 0]);
  await allArrived;
  expect(messages).toEqual([
    ["news", "hello"],
    ["sport", "goal"],
  ]);
  expect(pmessages).toEqual([["weather.*", "weather.oslo", "snow"]]);

  // After unsubscribing everything the connection runs ordinary commands again. (Channels are
  // named: ioredis's promise for a bare UNSUBSCRIBE never settles while a pattern remains, on real Redis too.)
  expect(await sub.unsubscribe("news", "sport")).toBe(1);
  expect(await sub.punsubscribe("weather.*")).toBe(0);
  expect(await redis.publish("news", "late")).toBe(0);
  expect(await sub.set("after", "sub")).toBe("OK");
  expect(messages).toHaveLength(2);
});

test("ioredis round-trips a binary value (every byte 0-255, invalid UTF-8, CRLF) as a Buffer", async () => {
  const bytes = Buffer.alloc(1024 + 256);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
  bytes.set([0x0d, 0x0a, 0xff, 0xfe, 0x00, 0xc3], 0);
  const key = Buffer.from([0x6b, 0x00, 0xff, 0x0d, 0x0a]);
  expect(await redis.set(key, bytes)).toBe("OK");
  const back = await redis.getBuffer(key);
  expect(back).not.toBeNull();
  expect(Buffer.compare(back!, bytes)).toBe(0);
  expect(await redis.strlen(key)).toBe(bytes.length);

  await redis.hset("bin:h", Buffer.from([0xff, 0x00]), bytes.subarray(0, 300));
  expect(Buffer.compare((await redis.hgetBuffer("bin:h", Buffer.from([0xff, 0x00])))!, bytes.subarray(0, 300))).toBe(0);
  await redis.rpush("bin:l", bytes.subarray(0, 10), Buffer.alloc(0));
  const list = await redis.lrangeBuffer("bin:l", 0, -1);
  expect(list.map((b) => b.toString("hex"))).toEqual([bytes.subarray(0, 10).toString("hex"), ""]);

  // Binary pub/sub payloads arrive intact on messageBuffer.
  const sub = await another();
  const arrived = new Promise<Buffer>((resolve) => sub.on("messageBuffer", (_channel: Buffer, message: Buffer) => resolve(message)));
  await sub.subscribe("bin");
  expect(await redis.publish("bin", bytes)).toBe(1);
  expect(Buffer.compare(await arrived, bytes)).toBe(0);
});
