/** The append-only file: logging, replay, repair of a truncated tail, refusal of corruption, fsync policies, rewrite. */
import { describe, expect, test } from "bun:test";
import { appendFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AofWriter, encodeMultibulk } from "../../src/redis/aof.ts";
import { scanAof } from "../../src/redis/aof-scan.ts";
import { encodeRdb } from "../../src/redis/rdb-writer.ts";
import { RedisServer } from "../../src/redis/index.ts";
import { FakeClock } from "../../src/runtime/index.ts";
import { dump, haveCheckAof, load, persistentServer, run, tempDir } from "./persist-harness.ts";
import { haveRedisServer, startRealRedis } from "./real-redis.ts";
import { RawClient } from "./resp-client.ts";

const cmd = (...a: string[]) => Buffer.from(encodeMultibulk(a.map((x) => Buffer.from(x, "latin1")))).toString("latin1");

describe("AOF", () => {
  test("every type and TTL survives a restart from the AOF alone", async () => {
    using dir = tempDir();
    const config = { dir: dir.path, appendonly: true, appendfsync: "always" as const };
    let before: Record<string, unknown>;
    {
      await using s = await persistentServer(config);
      await load(s.c);
      before = await dump(s.c);
      expect(Object.keys(before).length).toBe(19);
    }
    await using s = await persistentServer(config);
    expect(s.server.loaded).toMatchObject({ source: "aof", truncatedAt: undefined });
    expect(await dump(s.c)).toEqual(before);
  });

  test("transactions, SPOP, served blocking pops and zsets replay to the same data, and redis-server's AOF check accepts the log", async () => {
    using dir = tempDir();
    const config = { dir: dir.path, appendonly: true, appendfsync: "always" as const };
    let before: Record<string, unknown>;
    {
      await using s = await persistentServer(config);
      const waiter = await RawClient.connect(s.server.port);
      waiter.write(Buffer.from(cmd("BLMOVE", "src", "moved", "LEFT", "RIGHT", "0"), "latin1"));
      for (const argv of [["MULTI"], ["SADD", "set", "a", "b", "c", "d"], ["ZADD", "zset", "1.5", "a", "2", "b"], ["ZINCRBY", "zset", "0.25", "a"], ["EXEC"], ["SPOP", "set", "2"], ["SPOP", "set"], ["RPUSH", "src", "x", "y"], ["BLPOP", "src", "0"], ["ZPOPMIN", "zset"], ["ZUNIONSTORE", "u", "2", "zset", "set"]]) {
        expect(await s.c.call(...argv)).not.toStartWith("-");
      }
      expect(Buffer.from((await waiter.reply())!).toString("latin1")).toBe("$1\r\nx\r\n");
      waiter.close();
      before = await dump(s.c);
      expect(Object.keys(before).sort()).toEqual(["0/moved", "0/set", "0/u", "0/zset"]);
      const log = readFileSync(join(dir.path, "appendonly.aof"), "latin1");
      expect(log).toContain(cmd("MULTI") + cmd("SADD", "set", "a", "b", "c", "d"));
      expect(log).toContain(cmd("LMOVE", "src", "moved", "LEFT", "RIGHT") + cmd("LPOP", "src"));
      expect(log).not.toContain("SPOP");
    }
    await using s = await persistentServer(config);
    expect(await dump(s.c)).toEqual(before);
    if (haveCheckAof) expect((await run(["redis-check-aof", join(dir.path, "appendonly.aof")])).code).toBe(0);
  });

  test("relative expiries are logged as absolute times, so a replay does not extend them", async () => {
    using dir = tempDir();
    const clock = new FakeClock(1_700_000_000_000);
    {
      await using s = await persistentServer({ dir: dir.path, appendonly: true }, clock);
      for (const argv of [
        ["SET", "a", "1", "EX", "100", "GET"],
        ["SETEX", "b", "10", "x"],
        ["PSETEX", "c", "500", "y"],
        ["SET", "d", "1"],
        ["EXPIRE", "d", "20"],
        ["PEXPIRE", "d", "3000", "GT"],
        ["GETEX", "a", "PX", "7"],
        ["GETEX", "b", "PERSIST"],
        ["SET", "e", "1", "NX", "PX", "5"],
        ["EXPIRE", "e", "-1"],
        ["SET", "f", "1"],
        ["GETEX", "f", "EXAT", "1"],
        ["GET", "d"],
      ]) await s.c.call(...argv);
    }
    const t = 1_700_000_000_000;
    expect(readFileSync(join(dir.path, "appendonly.aof"), "latin1")).toBe(
      cmd("SELECT", "0") +
        cmd("SET", "a", "1", "PXAT", String(t + 100_000)) +
        cmd("SET", "b", "x", "PXAT", String(t + 10_000)) +
        cmd("SET", "c", "y", "PXAT", String(t + 500)) +
        cmd("SET", "d", "1") +
        cmd("PEXPIREAT", "d", String(t + 20_000)) +
        // PEXPIRE … GT that changed nothing replies 0 and is not logged, as Redis does not propagate it.
        cmd("PEXPIREAT", "a", String(t + 7)) +
        cmd("PERSIST", "b") +
        cmd("SET", "e", "1", "NX", "PXAT", String(t + 5)) +
        cmd("DEL", "e") +
        cmd("SET", "f", "1") +
        cmd("DEL", "f"),
    );
    clock.advance(10);
    await using s = await persistentServer({ dir: dir.path, appendonly: true }, clock);
    expect(await s.c.call("EXISTS", "a", "b", "c", "d", "e")).toBe(":3\r\n");
    expect(await s.c.call("PTTL", "c")).toBe(":490\r\n");
    expect(await s.c.call("PTTL", "b")).toBe(":-1\r\n");
  });

  test("keys that expire are logged as DEL, so a key recreated with another type replays (deleteExpiredKeyAndPropagate)", async () => {
    using dir = tempDir();
    const clock = new FakeClock(1_700_000_000_000);
    {
      await using s = await persistentServer({ dir: dir.path, appendonly: true }, clock);
      await s.c.call("SET", "k", "v", "PX", "100");
      await s.c.call("SET", "a", "v", "PX", "100");
      clock.advance(200);
      await s.c.call("RPUSH", "k", "x");
      s.server.state.dbs[0]!.expireCycle();
      await s.c.call("PING");
    }
    const t = String(1_700_000_000_100);
    expect(readFileSync(join(dir.path, "appendonly.aof"), "latin1")).toBe(
      cmd("SELECT", "0") + cmd("SET", "k", "v", "PXAT", t) + cmd("SET", "a", "v", "PXAT", t) + cmd("DEL", "k") + cmd("RPUSH", "k", "x") + cmd("DEL", "a"),
    );
    await using s = await persistentServer({ dir: dir.path, appendonly: true }, clock);
    expect(await s.c.call("LRANGE", "k", "0", "-1")).toBe("*1\r\n$1\r\nx\r\n");
    expect(await s.c.call("DBSIZE")).toBe(":1\r\n");
  });

  test("failed commands are not logged and SELECT is written only when the database changes", async () => {
    using dir = tempDir();
    {
      await using s = await persistentServer({ dir: dir.path, appendonly: true });
      await s.c.call("SET", "k", "v");
      await s.c.call("INCR", "k");
      await s.c.call("LPUSH", "k", "x");
      await s.c.call("GET", "k");
      await s.c.call("SELECT", "2");
      await s.c.call("SET", "k", "2");
      await s.c.call("SELECT", "2");
      await s.c.call("INCR", "k");
    }
    expect(readFileSync(join(dir.path, "appendonly.aof"), "latin1")).toBe(
      cmd("SELECT", "0") + cmd("SET", "k", "v") + cmd("SELECT", "2") + cmd("SET", "k", "2") + cmd("INCR", "k"),
    );
  });

  test("a restart appends after the replayed tail, selecting the database again only when needed", async () => {
    using dir = tempDir();
    for (const v of ["1", "2"]) {
      await using s = await persistentServer({ dir: dir.path, appendonly: true });
      await s.c.call("SELECT", "5");
      await s.c.call("RPUSH", "l", v);
    }
    expect(readFileSync(join(dir.path, "appendonly.aof"), "latin1")).toBe(cmd("SELECT", "5") + cmd("RPUSH", "l", "1") + cmd("RPUSH", "l", "2"));
  });

  test("a truncated last command is cut off with a warning and loading goes on (aof-load-truncated yes)", async () => {
    using dir = tempDir();
    const path = join(dir.path, "appendonly.aof");
    const good = cmd("SELECT", "0") + cmd("SET", "a", "1") + cmd("INCR", "a");
    for (const cut of [1, 5, 12, cmd("SET", "b", "2").length - 1]) {
      writeFileSync(path, good + cmd("SET", "b", "2").slice(0, cut), "latin1");
      const warnings: unknown[] = [];
      const server = await RedisServer.listen({
        config: { port: 0, dir: dir.path, appendonly: true },
        persistence: true,
        log: { debug() {}, info() {}, warn: (msg, f) => warnings.push({ msg, ...f }) },
      });
      try {
        expect(server.loaded).toMatchObject({ source: "aof", commands: 3, truncatedAt: good.length });
        expect(warnings).toEqual([expect.objectContaining({ offset: good.length })]);
        expect(statSync(path).size).toBe(good.length);
        const c = await RawClient.connect(server.port);
        expect(await c.call("GET", "a")).toBe("$1\r\n2\r\n");
        expect(await c.call("SET", "c", "3")).toBe("+OK\r\n");
        c.close();
      } finally {
        await server.shutdown();
      }
      expect(readFileSync(path, "latin1")).toBe(good + cmd("SET", "c", "3"));
    }
  });

  test("a corrupt command in the middle is refused with its byte offset", async () => {
    using dir = tempDir();
    const path = join(dir.path, "appendonly.aof");
    const head = cmd("SELECT", "0") + cmd("SET", "a", "1");
    writeFileSync(path, head + "*2\r\n$3\r\nGET\r\nX1\r\na\r\n" + cmd("SET", "b", "2"), "latin1");
    const start = () => RedisServer.listen({ config: { port: 0, dir: dir.path, appendonly: true }, persistence: true });
    const offset = head.length + "*2\r\n$3\r\nGET\r\n".length;
    expect(start()).rejects.toThrow(`bad file format reading the append only file "${path}" at offset ${offset}: expected '$', got 'X'`);
    writeFileSync(path, head + cmd("NOSUCHCMD", "x") + cmd("SET", "b", "2"), "latin1");
    expect(start()).rejects.toThrow(`unknown command 'NOSUCHCMD' reading the append only file "${path}" at offset ${head.length}`);
    expect(readFileSync(path, "latin1")).toBe(head + cmd("NOSUCHCMD", "x") + cmd("SET", "b", "2"));
  });

  test("an AOF with an RDB preamble (aof-use-rdb-preamble) loads the snapshot, then the commands after it", async () => {
    using dir = tempDir();
    const rdb = encodeRdb([{ index: 2, expires: 0, entries: [{ key: "base", value: { type: "list", items: [Buffer.from("a")] }, expireAt: undefined }] }], { now: 0 });
    writeFileSync(join(dir.path, "appendonly.aof"), Buffer.concat([rdb, Buffer.from(cmd("SELECT", "2") + cmd("RPUSH", "base", "b"), "latin1")]));
    await using s = await persistentServer({ dir: dir.path, appendonly: true });
    expect(s.server.loaded).toMatchObject({ source: "aof", commands: 2, selected: 2 });
    await s.c.call("SELECT", "2");
    expect(await s.c.call("LRANGE", "base", "0", "-1")).toBe("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  });

  test("scanAof classifies clean, truncated and corrupt input", () => {
    const a = cmd("SET", "k", "v");
    expect(scanAof(Buffer.from(a + a, "latin1"), () => {})).toEqual({ kind: "ok", end: 2 * a.length });
    expect(scanAof(Buffer.from(a + "*3\r\n$3", "latin1"), () => {})).toEqual({ kind: "truncated", end: a.length });
    expect(scanAof(Buffer.from(a + "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nvXX", "latin1"), () => {})).toMatchObject({ kind: "corrupt", offset: a.length + 25 });
    expect(scanAof(Buffer.from("hello", "latin1"), () => {})).toMatchObject({ kind: "corrupt", offset: 0 });
    expect(scanAof(new Uint8Array(0), () => {})).toEqual({ kind: "ok", end: 0 });
  });

  test("appendfsync always fsyncs before the reply; everysec once a second on the clock; no never", async () => {
    using dir = tempDir();
    const clock = new FakeClock(0);
    for (const policy of ["always", "everysec", "no"] as const) {
      const w = AofWriter.open(join(dir.path, `${policy}.aof`), -1, { fsync: () => policy, clock });
      w.feed(0, [Buffer.from("SET"), Buffer.from("k"), Buffer.from("v")]);
      expect(w.pending).toBeGreaterThan(0);
      w.flush();
      expect(w.pending).toBe(0);
      expect(readFileSync(join(dir.path, `${policy}.aof`), "latin1")).toBe(cmd("SELECT", "0") + cmd("SET", "k", "v"));
      expect(w.fsyncs).toBe(policy === "always" ? 1 : 0);
      w.feed(0, [Buffer.from("DEL"), Buffer.from("k")]);
      clock.advance(999);
      expect(w.fsyncs).toBe(policy === "always" ? 1 : 0);
      clock.advance(1);
      // everysec writes what was fed and fsyncs it in the background tick.
      expect(w.fsyncs).toBe(policy === "no" ? 0 : 1);
      if (policy === "everysec") expect(readFileSync(join(dir.path, `${policy}.aof`), "latin1")).toEndWith(cmd("DEL", "k"));
      clock.advance(1000);
      expect(w.fsyncs).toBe(policy === "no" ? 0 : 1);
      w.close();
    }
  });

  test("CONFIG GET/SET reports and changes the persistence parameters", async () => {
    using dir = tempDir();
    await using s = await persistentServer({ dir: dir.path, appendonly: true, save: [[900, 1], [300, 10]] });
    expect(await s.c.call("CONFIG", "GET", "save")).toBe("*2\r\n$4\r\nsave\r\n$12\r\n900 1 300 10\r\n");
    expect(await s.c.call("CONFIG", "GET", "appendonly")).toBe("*2\r\n$10\r\nappendonly\r\n$3\r\nyes\r\n");
    expect(await s.c.call("CONFIG", "GET", "appendfsync")).toBe("*2\r\n$11\r\nappendfsync\r\n$8\r\neverysec\r\n");
    expect(await s.c.call("CONFIG", "SET", "appendfsync", "always")).toBe("+OK\r\n");
    expect(await s.c.call("CONFIG", "SET", "save", "")).toBe("+OK\r\n");
    expect(await s.c.call("CONFIG", "GET", "save")).toBe("*2\r\n$4\r\nsave\r\n$0\r\n\r\n");
    expect(await s.c.call("CONFIG", "SET", "appendfsync", "sometimes")).toBe("-ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: always, everysec, no\r\n");
    expect(await s.c.call("CONFIG", "SET", "dir", join(dir.path, "nope"))).toBe("-ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory\r\n");
    expect(await s.c.call("CONFIG", "SET", "appendonly", "maybe")).toBe("-ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'\r\n");
    const before = s.server.persistence!.aof!.fsyncs;
    await s.c.call("SET", "k", "v");
    expect(s.server.persistence!.aof!.fsyncs).toBe(before + 1);
    expect(await s.c.call("INFO", "persistence")).toContain("aof_enabled:1\r\n");
  });
});

describe("BGREWRITEAOF", () => {
  test("compacts the log without losing writes made while it runs", async () => {
    using dir = tempDir();
    const path = join(dir.path, "appendonly.aof");
    const config = { dir: dir.path, appendonly: true };
    let before: Record<string, unknown>;
    {
      await using s = await persistentServer(config);
      // Enough data that the rewrite spans many event-loop turns.
      for (let i = 0; i < 3000; i++) await s.c.call("SET", `k:${i}`, "w".repeat(1000));
      for (let i = 0; i < 3000; i++) await s.c.call("SET", `k:${i}`, "v".repeat(1000));
      for (let i = 0; i < 200; i++) await s.c.call("INCR", "counter");
      await load(s.c);
      const sizeBefore = statSync(path).size;
      expect(await s.c.call("BGREWRITEAOF")).toBe("+Background append only file rewriting started\r\n");
      expect(await s.c.call("BGREWRITEAOF")).toBe("-ERR Background append only file rewriting already in progress\r\n");
      // Writes racing the rewrite: new keys, changes to snapshotted keys, deletes, another database.
      let during = 0;
      while (s.server.persistence!.info().find(([k]) => k === "aof_rewrite_in_progress")![1] === 1) {
        await s.c.call("INCR", "counter");
        await s.c.call("RPUSH", "list", `during-${during}`);
        await s.c.call("DEL", `k:${during}`);
        await s.c.call("SELECT", "7");
        await s.c.call("SET", `d7:${during}`, "x");
        await s.c.call("SELECT", "0");
        during++;
      }
      expect(during).toBeGreaterThan(0);
      await s.server.persistence!.idle();
      await s.c.call("SET", "after", "1");
      expect(await s.c.call("GET", "counter")).toBe(`$${String(200 + during).length}\r\n${200 + during}\r\n`);
      before = await dump(s.c);
      before.d7 = await s.c.call("SELECT", "7").then(() => s.c.call("DBSIZE"));
      expect(statSync(path).size).toBeLessThan(sizeBefore);
      const head = cmd("SELECT", "0") + cmd("SET", "k:0", "v".repeat(1000));
      expect(readFileSync(path, "latin1").slice(0, head.length)).toBe(head);
    }
    await using s = await persistentServer(config);
    const after = await dump(s.c);
    after.d7 = await s.c.call("SELECT", "7").then(() => s.c.call("DBSIZE"));
    expect(after).toEqual(before);
    await s.c.call("SELECT", "0");
    expect(await s.c.call("GET", "after")).toBe("$1\r\n1\r\n");
  });
});

describe.skipIf(!haveRedisServer)("interop with redis-server 7.0", () => {
  test("redis-server loads gokit's AOF (migrating it as an old-style single file) with identical data", async () => {
    using dir = tempDir();
    let ours: Record<string, unknown>;
    {
      await using s = await persistentServer({ dir: dir.path, appendonly: true });
      await load(s.c);
      await s.c.call("INCR", "int");
      await s.c.call("LPOP", "biglist");
      ours = await dump(s.c);
    }
    await using real = await startRealRedis(["--dir", dir.path, "--appendonly", "yes", "--appendfilename", "appendonly.aof"]);
    const c = await RawClient.connect(real.port);
    expect(await dump(c)).toEqual(ours);
    c.close();
  });
});

describe.skipIf(!haveCheckAof)("redis-check-aof", () => {
  test("accepts gokit's AOF, before and after a rewrite", async () => {
    using dir = tempDir();
    const path = join(dir.path, "appendonly.aof");
    await using s = await persistentServer({ dir: dir.path, appendonly: true, appendfsync: "always" });
    await load(s.c);
    let r = await run(["redis-check-aof", path]);
    expect(r.out).toContain("is valid");
    expect(r.code).toBe(0);
    await s.c.call("BGREWRITEAOF");
    await s.server.persistence!.idle();
    await s.c.call("SET", "x", "y");
    r = await run(["redis-check-aof", path]);
    expect(r.out).toContain("is valid");
    appendFileSync(path, "*2\r\n$3\r\nGET");
    r = await run(["redis-check-aof", path]);
    expect(r.code).not.toBe(0);
  });
});

test("after an AOF write error writes are refused with MISCONF and reads keep working", async () => {
  using dir = tempDir();
  await using s = await persistentServer({ dir: dir.path, appendonly: true, appendfsync: "always" });
  await s.c.call("SET", "k", "v");
  const w = s.server.persistence!.aof!;
  w.error = new Error("ENOSPC: no space left on device, write");
  expect(await s.c.call("SET", "k", "w")).toBe("-MISCONF Errors writing to the AOF file: ENOSPC: no space left on device, write\r\n");
  expect(await s.c.call("GET", "k")).toBe("$1\r\nv\r\n");
  expect(await s.c.call("INFO", "persistence")).toContain("aof_last_write_status:err\r\n");
  w.error = undefined;
});

test("CONFIG SET appendonly yes writes the current data to a fresh AOF and logs from then on; no stops logging", async () => {
  using dir = tempDir();
  const path = join(dir.path, "appendonly.aof");
  writeFileSync(path, "stale");
  {
    await using s = await persistentServer({ dir: dir.path });
    await load(s.c);
    expect(await s.c.call("CONFIG", "SET", "appendonly", "yes")).toBe("+OK\r\n");
    await s.c.call("SET", "during", "1");
    await s.server.persistence!.idle();
    await s.c.call("SET", "after", "2");
    expect(await s.c.call("CONFIG", "GET", "appendonly")).toBe("*2\r\n$10\r\nappendonly\r\n$3\r\nyes\r\n");
  }
  let before: Record<string, unknown>;
  {
    await using s = await persistentServer({ dir: dir.path, appendonly: true });
    expect(await s.c.call("MGET", "during", "after")).toBe("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    before = await dump(s.c);
    expect(Object.keys(before).length).toBe(21);
    expect(await s.c.call("CONFIG", "SET", "appendonly", "no")).toBe("+OK\r\n");
    await s.c.call("SET", "unlogged", "x");
  }
  await using s = await persistentServer({ dir: dir.path, appendonly: true });
  expect(await dump(s.c)).toEqual(before);
});
