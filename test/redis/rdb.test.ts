/** RDB: CRC64, listpack/intset encodings, golden bytes, round trips and interop with real Redis 7.0 both ways. */
import { describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc64 } from "../../src/redis/crc64.ts";
import { decodeIntset, encodeIntset } from "../../src/redis/intset.ts";
import { decodeListpack, encodeListpack } from "../../src/redis/listpack.ts";
import { lzfDecompress } from "../../src/redis/lzf.ts";
import { readRdb } from "../../src/redis/rdb-reader.ts";
import { encodeRdb, RdbBuffer, writeValue } from "../../src/redis/rdb-writer.ts";
import type { SnapValue } from "../../src/redis/snapshot.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { dump, haveCheckRdb, load, persistentServer, run, tempDir } from "./persist-harness.ts";
import { haveRedisServer, startRealRedis } from "./real-redis.ts";
import { RawClient } from "./resp-client.ts";

const b = (s: string) => Buffer.from(s, "latin1");
const hex = (u: Uint8Array) => Buffer.from(u).toString("hex");

test("crc64 matches Redis's crc64.c test vector", () => {
  expect(crc64(b("123456789"))).toBe(0xe9c6d914c4b8d9can);
  expect(crc64(new Uint8Array(0))).toBe(0n);
});

describe("listpack", () => {
  test("encodes strings and integers the way lpAppend does", () => {
    // total 12, count 2; "a": 6-bit str 0x81 'a' backlen 2; "7": 7-bit uint 0x07 backlen 1; EOF.
    expect(hex(encodeListpack([b("a"), b("7")]))).toBe("0c00000002008161020701ff");
    // -1: 13-bit int 0xdf 0xff; 300: 13-bit 0xc1 0x2c; 70000: 24-bit 0xf2 LE.
    expect(hex(encodeListpack([b("-1"), b("300"), b("70000")]))).toBe("120000000300dfff02c12c02f2701101" + "04ff");
  });

  test("round-trips every encoding width", () => {
    const items = ["", "a", "0", "127", "128", "-4096", "4095", "-32768", "32767", "8388607", "-8388608", "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808", "01", "1.5", "x".repeat(63), "y".repeat(64), "z".repeat(4095), "w".repeat(4096), "v".repeat(20000)];
    expect(decodeListpack(encodeListpack(items.map(b))).map((x) => Buffer.from(x).toString("latin1"))).toEqual(items);
  });
});

test("intset picks the narrowest width and sorts", () => {
  expect(hex(encodeIntset([3n, 1n, -2n]))).toBe("0200000003000000feff01000300");
  expect(decodeIntset(encodeIntset([70000n, 1n]))).toEqual(["1", "70000"]);
  expect(decodeIntset(encodeIntset([5000000000n, -1n]))).toEqual(["-1", "5000000000"]);
});

test("lzf decompresses literal runs and back references", () => {
  // "aaaaaaaaaa": literal 'a' (ctrl 0), then a back reference of length 9 at distance 1 (ctrl (7<<5)|0, extra len 0, offset 0).
  expect(Buffer.from(lzfDecompress(Uint8Array.of(0x00, 0x61, 0xe0, 0x00, 0x00), 10)).toString()).toBe("aaaaaaaaaa");
});

test("a small RDB file is byte-for-byte what Redis 7.0 writes", () => {
  const file = encodeRdb([{ index: 0, expires: 1, entries: [{ key: "k", value: { type: "string", value: b("v") }, expireAt: 1_700_000_000_000 }] }], { now: 0, usedMem: 0 });
  const body =
    hex(b("REDIS0010")) +
    "fa" + "09" + hex(b("redis-ver")) + "06" + hex(b("7.0.15")) +
    "fa" + "0a" + hex(b("redis-bits")) + "c040" +
    "fa" + "05" + hex(b("ctime")) + "c000" +
    "fa" + "08" + hex(b("used-mem")) + "c000" +
    "fa" + "08" + hex(b("aof-base")) + "c000" +
    "fe00" + "fb0101" +
    "fc" + "0068e5cf8b010000" + "00" + "016b" + "0176" +
    "ff";
  expect(hex(file.subarray(0, -8))).toBe(body);
  expect(hex(file.subarray(-8))).toBe(Buffer.from(new BigUint64Array([crc64(file.subarray(0, -8))]).buffer).toString("hex"));
  const back = readRdb(file);
  expect(back.entries).toEqual([{ db: 0, key: "k", value: b("v") as never, expireAt: 1_700_000_000_000 }]);
  expect(back.aux.get("redis-ver")).toBe("7.0.15");
});

test("readRdb refuses a bad checksum and a truncated file with offsets", () => {
  const file = encodeRdb([{ index: 0, expires: 0, entries: [{ key: "k", value: { type: "string", value: b("v") }, expireAt: undefined }] }], { now: 0 });
  const bad = file.slice();
  bad[bad.length - 1]! ^= 1;
  expect(() => readRdb(bad)).toThrow(/wrong RDB checksum/);
  expect(() => readRdb(file.subarray(0, 60))).toThrow(/unexpected end of file/);
  expect(() => readRdb(b("NOTREDIS0010"))).toThrow(/not an RDB file/);
});

describe("persistent server", () => {
  test("SAVE, restart: every type and TTL comes back from dump.rdb; LASTSAVE moves", async () => {
    using dir = tempDir();
    const clock = new FakeClock(1_700_000_000_000);
    let before: Record<string, unknown>;
    {
      await using s = await persistentServer({ dir: dir.path }, clock);
      await load(s.c);
      before = await dump(s.c);
      clock.advance(5000);
      expect(await s.c.call("SAVE")).toBe("+OK\r\n");
      expect(await s.c.call("LASTSAVE")).toBe(`:${1_700_000_005}\r\n`);
      expect(await s.c.call("INFO", "persistence")).toContain("rdb_changes_since_last_save:0\r\n");
    }
    await using s = await persistentServer({ dir: dir.path }, clock);
    expect(s.server.loaded).toEqual({ source: "rdb", path: join(dir.path, "dump.rdb"), keys: 19 });
    expect(await dump(s.c)).toEqual(before);
    expect(await s.c.call("DEBUG", "RELOAD")).toBe("+OK\r\n");
    expect(await dump(s.c)).toEqual(before);
  });

  test("BGSAVE runs in the background; save rules fire on the clock", async () => {
    using dir = tempDir();
    const clock = new FakeClock(1_700_000_000_000);
    await using s = await persistentServer({ dir: dir.path, save: [[10, 2]] }, clock, 64);
    await load(s.c);
    expect(await s.c.call("BGSAVE")).toBe("+Background saving started\r\n");
    expect(await s.c.call("BGSAVE")).toBe("-ERR Background save already in progress\r\n");
    expect(await s.c.call("SAVE")).toBe("-ERR Background save already in progress\r\n");
    await s.server.persistence!.idle();
    expect(readRdb(readFileSync(join(dir.path, "dump.rdb"))).entries.length).toBe(19);
    writeFileSync(join(dir.path, "dump.rdb"), "");
    await s.c.call("SET", "one", "1");
    clock.advance(10_000);
    expect(s.server.persistence!.info()).toContainEqual(["rdb_bgsave_in_progress", 0]);
    await s.c.call("SET", "two", "2");
    clock.advance(1000);
    expect(s.server.persistence!.info()).toContainEqual(["rdb_bgsave_in_progress", 1]);
    await s.server.persistence!.idle();
    expect(readRdb(readFileSync(join(dir.path, "dump.rdb"))).entries.length).toBe(21);
  });

  test("with appendonly on the AOF is loaded and dump.rdb ignored, as Redis does", async () => {
    using dir = tempDir();
    {
      await using s = await persistentServer({ dir: dir.path });
      await s.c.call("SET", "from", "rdb");
      await s.c.call("SAVE");
    }
    await using s = await persistentServer({ dir: dir.path, appendonly: true });
    expect(s.server.loaded.source).toBe("none");
    expect(await s.c.call("GET", "from")).toBe("$-1\r\n");
  });
});

describe.skipIf(!haveRedisServer)("interop with redis-server 7.0", () => {
  test("DUMP payloads of real Redis match our value encodings byte for byte", async () => {
    await using real = await startRealRedis(["--rdbcompression", "no"]);
    const c = await RawClient.connect(real.port);
    const cases: [string[], SnapValue][] = [
      [["SET", "s", "hello"], { type: "string", value: b("hello") }],
      [["SET", "s", "12345"], { type: "string", value: b("12345") }],
      [["SET", "s", "-70000"], { type: "string", value: b("-70000") }],
      [["RPUSH", "l", "a", "1", "-300", "70000", "b".repeat(100), "9223372036854775807"], { type: "list", items: ["a", "1", "-300", "70000", "b".repeat(100), "9223372036854775807"].map(b) }],
      [["HSET", "h", "f1", "v1", "n", "42"], { type: "hash", entries: [["f1", b("v1")], ["n", b("42")]] }],
      [["SADD", "i", "3", "1", "-2"], { type: "set", members: ["3", "1", "-2"] }],
      [["SADD", "i", "1", "100000", "5000000000"], { type: "set", members: ["1", "100000", "5000000000"] }],
      [["ZADD", "z", "1.5", "a", "2", "b", "-inf", "c", "0.1", "d", "1e17", "e"], { type: "zset", entries: [["c", -Infinity], ["d", 0.1], ["a", 1.5], ["b", 2], ["e", 1e17]].map(([member, score]) => ({ member: member as string, score: score as number })) }],
      [["ZADD", "z", ...Array.from({ length: 130 }, (_, i) => [String(i / 7), `m${i}`]).flat()], { type: "zset", entries: Array.from({ length: 130 }, (_, i) => ({ member: `m${i}`, score: i / 7 })) }],
    ];
    for (const [argv, value] of cases) {
      await c.call("DEL", argv[1]!);
      await c.call(...argv);
      const reply = b((await c.call("DUMP", argv[1]!)).replace(/^\$\d+\r\n/, "").slice(0, -2));
      const ours = new RdbBuffer({ compression: false });
      writeValue(ours, value);
      expect(hex(ours.take())).toBe(hex(reply.subarray(0, -10)));
    }
    c.close();
  });

  test.skipIf(!haveCheckRdb)("a dump.rdb written by gokit loads in redis-server with identical data and passes redis-check-rdb", async () => {
    using dir = tempDir();
    let ours: Record<string, unknown>;
    {
      await using s = await persistentServer({ dir: dir.path });
      await load(s.c);
      ours = await dump(s.c);
      expect(await s.c.call("SAVE")).toBe("+OK\r\n");
    }
    const check = await run(["redis-check-rdb", join(dir.path, "dump.rdb")]);
    expect(check.out).toContain("RDB looks OK!");
    expect(check.code).toBe(0);
    await using real = await startRealRedis(["--dir", dir.path, "--dbfilename", "dump.rdb"]);
    const c = await RawClient.connect(real.port);
    expect(await dump(c)).toEqual(ours);
    expect(await c.call("OBJECT", "ENCODING", "ints")).toBe("$6\r\nintset\r\n");
    expect(await c.call("OBJECT", "ENCODING", "hash")).toBe("$8\r\nlistpack\r\n");
    expect(await c.call("OBJECT", "ENCODING", "list")).toBe("$9\r\nquicklist\r\n");
    expect(await c.call("OBJECT", "ENCODING", "zset")).toBe("$8\r\nlistpack\r\n");
    expect(await c.call("OBJECT", "ENCODING", "bigzset")).toBe("$8\r\nskiplist\r\n");
    c.close();
  });

  test("a dump.rdb written by redis-server (listpack, intset, quicklist, hashtable, LZF) loads in gokit with identical data", async () => {
    using dir = tempDir();
    using mine = tempDir();
    let theirs: Record<string, unknown>;
    {
      await using real = await startRealRedis(["--dir", dir.path, "--dbfilename", "dump.rdb"]);
      const c = await RawClient.connect(real.port);
      await load(c);
      await c.call("RPUSH", "huge", ...Array.from({ length: 2000 }, (_, i) => `element-${i}-${"q".repeat(i % 50)}`));
      await c.call("SADD", "bigset", ...Array.from({ length: 600 }, (_, i) => String(i * 7)));
      expect(await c.call("OBJECT", "ENCODING", "bigset")).toBe("$9\r\nhashtable\r\n");
      await c.call("HSET", "hugehash", ...Array.from({ length: 600 }, (_, i) => [`field-${i}`, "z".repeat(i % 90)]).flat());
      expect(await c.call("OBJECT", "ENCODING", "hugehash")).toBe("$9\r\nhashtable\r\n");
      expect(await c.call("OBJECT", "ENCODING", "bigzset")).toBe("$8\r\nskiplist\r\n");
      theirs = await dump(c);
      expect(await c.call("SAVE")).toBe("+OK\r\n");
      c.close();
      expect(existsSync(join(dir.path, "dump.rdb"))).toBe(true);
      copyFileSync(join(dir.path, "dump.rdb"), join(mine.path, "dump.rdb"));
    }
    await using s = await persistentServer({ dir: mine.path });
    expect(s.server.loaded).toMatchObject({ source: "rdb", keys: 22 });
    expect(await dump(s.c)).toEqual(theirs);
  });
});
