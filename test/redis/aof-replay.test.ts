/**
 * Seeded random write loads on a FakeClock, with short TTLs lapsing between
 * commands: after a restart from the AOF, after BGREWRITEAOF and after an RDB
 * round trip, the keyspace (values and exact expiry times) is the same.
 */
import { expect, test } from "bun:test";
import { takeSnapshot } from "../../src/redis/snapshot.ts";
import type { RedisServer } from "../../src/redis/index.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { prng } from "../support/prng.ts";
import { persistentServer, tempDir } from "./persist-harness.ts";

const KEYS = ["a", "b", "c", "n", "l", "h", "s", "z", "y"];

function gen(r: () => number): string[] {
  const k = () => KEYS[Math.floor(r() * KEYS.length)]!;
  const v = () => ["1", "-2", "x", "yy", "300", "70000", ""][Math.floor(r() * 7)]!;
  const ms = () => String(20 + Math.floor(r() * 400));
  const all: (() => string[])[] = [
    () => ["SET", k(), v()],
    () => ["SET", k(), v(), "PX", ms()],
    () => ["SET", k(), v(), "EX", "1", "NX"],
    () => ["SET", k(), v(), "XX", "KEEPTTL"],
    () => ["SETEX", k(), "1", v()],
    () => ["PSETEX", k(), ms(), v()],
    () => ["GETEX", k(), "PX", ms()],
    () => ["GETEX", k(), "PERSIST"],
    () => ["EXPIRE", k(), "1"],
    () => ["PEXPIRE", k(), ms(), "GT"],
    () => ["PEXPIREAT", k(), "1"],
    () => ["PERSIST", k()],
    () => ["INCR", k()],
    () => ["INCRBYFLOAT", k(), "1.5"],
    () => ["APPEND", k(), v()],
    () => ["SETRANGE", k(), "2", "zz"],
    () => ["DEL", k()],
    () => ["RENAME", k(), k()],
    () => ["RPUSH", k(), v(), v()],
    () => ["LPUSH", k(), v()],
    () => ["LPOP", k()],
    () => ["LSET", k(), "0", v()],
    () => ["LTRIM", k(), "0", "2"],
    () => ["LREM", k(), "0", v()],
    () => ["HSET", k(), v(), v()],
    () => ["HDEL", k(), v()],
    () => ["HINCRBY", k(), "f", "3"],
    () => ["HINCRBYFLOAT", k(), "f", "0.25"],
    () => ["SADD", k(), v(), v()],
    () => ["SREM", k(), v()],
    () => ["ZADD", k(), "1.5", v(), "-3", v()],
    () => ["ZADD", k(), "INCR", "0.1", v()],
    () => ["ZINCRBY", k(), "2", v()],
    () => ["ZREM", k(), v()],
    () => ["ZPOPMIN", k()],
    () => ["ZPOPMAX", k(), "2"],
    () => ["ZUNIONSTORE", k(), "2", k(), k(), "WEIGHTS", "2", "1"],
    () => ["ZINTERSTORE", k(), "2", k(), k(), "AGGREGATE", "MAX"],
    () => ["ZRANGESTORE", k(), k(), "(0", "+inf", "BYSCORE"],
    () => ["GET", k()],
    () => ["SELECT", String(Math.floor(r() * 3))],
    () => ["FLUSHDB"],
  ];
  const i = Math.floor(r() * all.length);
  return i === all.length - 1 && r() > 0.1 ? ["SET", k(), v()] : all[i]!();
}

/** Bytes as latin1 text, sets sorted: a comparable form of a value. */
function norm(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString("latin1");
  if (Array.isArray(v)) return v.map(norm);
  if (v && typeof v === "object") {
    const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]));
    if (o.type === "set") (o.members as string[]).sort();
    return o;
  }
  return v;
}

/** Live keys with values and exact expiry times, sorted, per database. */
function state(server: RedisServer): unknown {
  return takeSnapshot(server.state).map((db) => ({
    db: db.index,
    entries: db.entries
      .map((e) => ({ ...e, value: norm(e.value) }))
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
  }));
}

for (const seed of [1, 2, 3, 4, 5, 6]) {
  test(`random write load ${seed}: AOF replay, BGREWRITEAOF and RDB reproduce the keyspace exactly`, async () => {
    using dir = tempDir();
    const clock = new FakeClock(1_700_000_000_000);
    const r = prng(seed);
    const config = { dir: dir.path, appendonly: true };
    let want: unknown;
    {
      await using s = await persistentServer(config, clock);
      for (let i = 0; i < 500; i++) {
        await s.c.call(...gen(r));
        clock.advance(Math.floor(r() * 60));
        if (i % 97 === 0) for (const db of s.server.state.dbs) db.expireCycle({ random: r });
      }
      want = state(s.server);
    }
    {
      await using s = await persistentServer(config, clock);
      expect(state(s.server)).toEqual(want);
      expect(await s.c.call("BGREWRITEAOF")).toStartWith("+");
      await s.server.persistence!.idle();
      expect(await s.c.call("SAVE")).toBe("+OK\r\n");
    }
    {
      await using s = await persistentServer(config, clock);
      expect(state(s.server)).toEqual(want);
    }
    await using s = await persistentServer({ dir: dir.path }, clock);
    expect(s.server.loaded.source).toBe("rdb");
    expect(state(s.server)).toEqual(want);
  });
}
