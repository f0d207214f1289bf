/** `gokit redis server` persistence as a user meets it: the binary, real signals, kill -9, config files. */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runGokit } from "../support/cli.ts";
import { tempDir } from "../redis/persist-harness.ts";
import { RawClient } from "../redis/resp-client.ts";
import { encodeMultibulk } from "../../src/redis/aof.ts";
import { startGokitRedis } from "../redis/gokit-process.ts";


const start = startGokitRedis;

const cmd = (...a: string[]) => Buffer.from(encodeMultibulk(a.map((x) => Buffer.from(x)))).toString("latin1");

describe("gokit redis server --aof", () => {
  test("kill -9 during a write load with appendfsync always loses no acknowledged write", async () => {
    using dir = tempDir();
    const args = ["--port", "0", "--dir", dir.path, "--aof", "appendonly.aof", "--appendfsync", "always"];
    const s = await start(args);
    const c = await RawClient.connect(s.port);
    const N = 400;
    let acked = 0;
    for (let i = 0; i < N; i++) {
      expect(await c.call("INCR", "counter")).toBe(`:${i + 1}\r\n`);
      expect(await c.call("SET", `k:${i}`, String(i))).toBe("+OK\r\n");
      acked = i + 1;
    }
    // Writes in flight when the process dies: acknowledged or not, never corrupting what was acknowledged.
    c.write(encodeMultibulk([Buffer.from("INCR"), Buffer.from("counter")]));
    c.write(encodeMultibulk([Buffer.from("SET"), Buffer.from(`k:${N}`), Buffer.from(String(N))]));
    s.proc.kill("SIGKILL");
    expect(await s.proc.exited).not.toBe(0);
    c.close();

    const again = await start(args);
    try {
      expect(again.banner).toMatch(/^ {2}AOF: appendonly\.aof \(loading [\d,]+ commands\)$/m);
      const r = await RawClient.connect(again.port);
      const counter = Number((await r.call("GET", "counter")).split("\r\n")[1]);
      expect(counter).toBeGreaterThanOrEqual(acked);
      expect(counter).toBeLessThanOrEqual(acked + 1);
      for (let i = 0; i < acked; i++) expect(await r.call("GET", `k:${i}`)).toBe(`$${String(i).length}\r\n${i}\r\n`);
      r.close();
    } finally {
      again.proc.kill("SIGKILL");
    }
  }, 30_000);

  test("the banner counts the replayed commands with thousands separators; SIGTERM flushes and exits 0", async () => {
    using dir = tempDir();
    const lines = Array.from({ length: 1233 }, (_, i) => cmd("SET", `k${i}`, "v")).join("");
    writeFileSync(join(dir.path, "redis.aof"), cmd("SELECT", "0") + lines);
    const s = await start(["--port", "0", "--dir", dir.path, "--aof", "./redis.aof"]);
    expect(s.banner).toBe(`MiniRedis server starting...\n  Port: ${s.port}\n  AOF: ./redis.aof (loading 1,234 commands)\nReady to accept connections\n`);
    const c = await RawClient.connect(s.port);
    expect(await c.call("DBSIZE")).toBe(":1233\r\n");
    expect(await c.call("SET", "last", "1")).toBe("+OK\r\n");
    s.proc.kill("SIGTERM");
    expect(await s.proc.exited).toBe(0);
    expect(readFileSync(join(dir.path, "redis.aof"), "latin1")).toEndWith(cmd("SET", "last", "1"));
  });

  test("a corrupt AOF is refused with exit 1 and a one-line error naming the offset", async () => {
    using dir = tempDir();
    writeFileSync(join(dir.path, "appendonly.aof"), cmd("SET", "a", "1") + "garbage" + cmd("SET", "b", "2"));
    const r = await runGokit(["redis", "server", "--port", "0", "--dir", dir.path, "--aof", "appendonly.aof"]);
    expect(r.code).toBe(1);
    const err = r.stderr.trim().split("\n").filter((l) => !l.startsWith("{"));
    expect(err).toEqual([`gokit redis: bad file format reading the append only file "${join(dir.path, "appendonly.aof")}" at offset ${cmd("SET", "a", "1").length}: expected '*', got 'g' (make a backup, then run redis-check-aof --fix)`]);
  });

  test("SHUTDOWN SAVE writes dump.rdb and stops the server with exit 0", async () => {
    using dir = tempDir();
    const s = await start(["--port", "0", "--dir", dir.path]);
    const c = await RawClient.connect(s.port);
    await c.call("RPUSH", "l", "a", "b");
    c.write(cmd("SHUTDOWN", "SAVE"));
    expect(await c.closedWith()).toBe("");
    expect(await s.proc.exited).toBe(0);
    const again = await start(["--port", "0", "--dir", dir.path]);
    expect(again.banner).toContain("  RDB: dump.rdb (loading 1 keys)\n");
    const r = await RawClient.connect(again.port);
    expect(await r.call("LRANGE", "l", "0", "-1")).toBe("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    again.proc.kill("SIGKILL");
  });
});

test("with --save rules, SIGTERM saves dump.rdb before exiting 0 (Redis's prepareForShutdown)", async () => {
  using dir = tempDir();
  const s = await start(["--port", "0", "--dir", dir.path, "--save", "3600 1000"]);
  const c = await RawClient.connect(s.port);
  await c.call("HSET", "h", "f", "v");
  s.proc.kill("SIGTERM");
  expect(await s.proc.exited).toBe(0);
  const again = await start(["--port", "0", "--dir", dir.path, "--save", ""]);
  expect(again.banner).toContain("  RDB: dump.rdb (loading 1 keys)\n");
  again.proc.kill("SIGKILL");
});

describe("gokit redis server redis.conf", () => {
  test("a config file sets port, dir, appendonly and friends; flags override it", async () => {
    using dir = tempDir();
    const conf = join(dir.path, "redis.conf");
    writeFileSync(conf, `# test\nport 1\nbind 127.0.0.1\ndir ${dir.path}\nappendonly yes\nappendfilename "my.aof"\nappendfsync always\ndbfilename snap.rdb\nsave 900 1\nsave 300 10\nrequirepass ""\n`);
    const s = await start([conf, "--port", "0"]);
    try {
      expect(s.banner).toContain("  AOF: my.aof (loading 0 commands)\n");
      const c = await RawClient.connect(s.port);
      expect(await c.call("CONFIG", "GET", "save")).toBe("*2\r\n$4\r\nsave\r\n$12\r\n900 1 300 10\r\n");
      expect(await c.call("CONFIG", "GET", "dbfilename")).toBe("*2\r\n$10\r\ndbfilename\r\n$8\r\nsnap.rdb\r\n");
      expect(await c.call("CONFIG", "GET", "appendfsync")).toBe("*2\r\n$11\r\nappendfsync\r\n$6\r\nalways\r\n");
      await c.call("SET", "k", "v");
      expect(readFileSync(join(dir.path, "my.aof"), "latin1")).toBe(cmd("SELECT", "0") + cmd("SET", "k", "v"));
      c.close();
    } finally {
      s.proc.kill("SIGKILL");
    }
  });

  test("an unknown directive is an error naming file:line", async () => {
    using dir = tempDir();
    const conf = join(dir.path, "redis.conf");
    writeFileSync(conf, "port 0\n\nmaxmemory-bogus 10\n");
    const r = await runGokit(["redis", "server", conf]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`gokit redis: read config ${conf}:3: bad directive or wrong number of arguments: "maxmemory-bogus 10"`);
  });
});
