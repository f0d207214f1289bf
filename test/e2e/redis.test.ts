/** `gokit redis server` as a user runs it: the binary, real redis-cli, real signals. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { runGokit } from "../support/cli.ts";
import { haveRedisCli } from "../redis/real-redis.ts";
import { RawClient } from "../redis/resp-client.ts";
import { startGokitRedis, type RunningRedis } from "../redis/gokit-process.ts";



const start = (args: string[] = []) => startGokitRedis(["--port", "0", ...args]);

async function cli(port: number, args: string[], stdin?: string): Promise<{ code: number; out: string }> {
  const p = Bun.spawn(["redis-cli", "-p", String(port), ...args], {
    stdin: stdin === undefined ? "ignore" : new Blob([stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(p.stdout).arrayBuffer(), new Response(p.stderr).text(), p.exited]);
  return { code, out: Buffer.from(out).toString("latin1") + err };
}

let server: RunningRedis;
beforeAll(async () => {
  server = await start();
});
afterAll(() => {
  server?.proc.kill("SIGKILL");
});

test("gokit redis server prints the startup banner with the bound port", () => {
  expect(server.banner).toBe(`MiniRedis server starting...\n  Port: ${server.port}\nReady to accept connections\n`);
});

describe.skipIf(!haveRedisCli)("gokit redis server with redis-cli", () => {
  const table: [string[], string][] = [
    [["SETEX", "session:abc", "3600", "active"], "OK\n"],
    [["GET", "session:abc"], "active\n"],
    [["TTL", "session:abc"], "3600\n"],
    [["SET", "counter", "10"], "OK\n"],
    [["INCRBY", "counter", "5"], "15\n"],
    [["INCRBYFLOAT", "counter", "0.1"], "15.1\n"],
    [["APPEND", "greeting", "h\xe9llo"], "6\n"],
    [["GETRANGE", "greeting", "0", "1"], "h\xc3\n"],
    [["RPUSH", "queue", "a", "b", "c"], "3\n"],
    [["LRANGE", "queue", "0", "-1"], "a\nb\nc\n"],
    [["HSET", "user:1", "name", "ada", "age", "36"], "2\n"],
    [["HGETALL", "user:1"], "name\nada\nage\n36\n"],
    [["SADD", "tags", "x", "y"], "2\n"],
    [["SCARD", "tags"], "2\n"],
    [["TYPE", "queue"], "list\n"],
    [["GET", "queue"], "WRONGTYPE Operation against a key holding the wrong kind of value\n\n"],
    [["GET"], "ERR wrong number of arguments for 'get' command\n\n"],
    [["INCR", "session:abc"], "ERR value is not an integer or out of range\n\n"],
    [["SET", "k", "v", "BOGUS"], "ERR syntax error\n\n"],
    [["foo", "a", "b"], "ERR unknown command 'foo', with args beginning with: 'a' 'b' \n\n"],
    [["PING"], "PONG\n"],
    [["ECHO", "hi there"], "hi there\n"],
  ];
  for (const [args, want] of table) {
    test(`redis-cli ${args.join(" ")}`, async () => {
      const r = await cli(server.port, args);
      expect(r.out).toBe(want);
    });
  }

  test("redis-cli --pipe mass-inserts and reports no errors", async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `SET pipe:${i} ${i}\r\n`).join("");
    const r = await cli(server.port, ["--pipe"], lines);
    expect(r.code).toBe(0);
    expect(r.out).toContain("errors: 0, replies: 5000");
    expect((await cli(server.port, ["GET", "pipe:4999"])).out).toBe("4999\n");
  });

  test("redis-cli -3 speaks RESP3 and sees maps", async () => {
    const r = await cli(server.port, ["-3", "--no-raw", "HGETALL", "user:1"]);
    expect(r.out).toBe("1# \"name\" => \"ada\"\n2# \"age\" => \"36\"\n");
  });

  test("redis-cli sees INFO keyspace and DBSIZE", async () => {
    expect((await cli(server.port, ["INFO", "keyspace"])).out).toMatch(/^# Keyspace\r\ndb0:keys=\d+,expires=1,avg_ttl=0\r\n$/);
    expect(Number((await cli(server.port, ["DBSIZE"])).out)).toBeGreaterThan(5000);
  });

  test("redis-benchmark runs its standard commands against it without errors", async () => {
    const p = Bun.spawn(["redis-benchmark", "-p", String(server.port), "-q", "-n", "2000", "-c", "4", "-P", "8", "-t", "ping,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,mset"], {
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    expect(code).toBe(0);
    expect(err).toBe("");
    for (const name of ["PING_INLINE", "SET", "GET", "INCR", "LPUSH", "RPOP", "SADD", "HSET", "MSET (10 keys)"]) {
      expect(out).toMatch(new RegExp(`${name.replace(/[()]/g, "\\$&")}: [\\d.]+ requests per second`));
    }
  }, 60_000);
});

describe.skipIf(!haveRedisCli)("gokit redis server --requirepass", () => {
  test("redis-cli needs -a; the wrong password is WRONGPASS", async () => {
    const s = await start(["--requirepass", "s3cret"]);
    try {
      expect((await cli(s.port, ["GET", "k"])).out).toBe("NOAUTH Authentication required.\n\n");
      expect((await cli(s.port, ["--no-auth-warning", "-a", "s3cret", "SET", "k", "v"])).out).toBe("OK\n");
      expect((await cli(s.port, ["--no-auth-warning", "-a", "nope", "GET", "k"])).out).toContain("WRONGPASS");
    } finally {
      s.proc.kill("SIGKILL");
    }
  });
});

test("gokit redis server answers a byte-by-byte client and closes on a protocol error", async () => {
  const c = await RawClient.connect(server.port);
  for (const b of Buffer.from("*1\r\n$4\r\nPING\r\n")) c.write(Uint8Array.of(b));
  expect(Buffer.from((await c.reply())!).toString()).toBe("+PONG\r\n");
  c.write("*1\r\n$-5\r\n");
  expect(await c.closedWith()).toBe("-ERR Protocol error: invalid bulk length\r\n");
});

test("gokit redis server disconnects a client past --client-query-buffer-limit and keeps serving others", async () => {
  const s = await start(["--client-query-buffer-limit", "64kb", "--proto-max-bulk-len", "1mb"]);
  try {
    const ok = await RawClient.connect(s.port);
    const big = await RawClient.connect(s.port);
    big.write("*2\r\n$4\r\nECHO\r\n$1000000\r\n");
    big.write(Buffer.alloc(70_000, "z"));
    expect(await big.closedWith()).toBe("");
    expect(await ok.call("PING")).toBe("+PONG\r\n");
    const tooLong = await RawClient.connect(s.port);
    tooLong.write("*1\r\n$1048577\r\n");
    expect(await tooLong.closedWith()).toBe("-ERR Protocol error: invalid bulk length\r\n");
    ok.close();
  } finally {
    s.proc.kill("SIGKILL");
  }
});

test("gokit redis server exits 0 on SIGTERM and logs JSON lines off a TTY", async () => {
  const s = await start();
  s.proc.kill("SIGTERM");
  expect(await s.proc.exited).toBe(0);
  const lines = (await s.stderr()).trim().split("\n").map((l) => JSON.parse(l));
  expect(lines[0]).toMatchObject({ level: "info", component: "redis", msg: "ready", addr: `127.0.0.1:${s.port}` });
  expect(lines.at(-1).msg).toBe("stopped");
});

test("gokit redis server rejects unknown flags and bad values with exit 2", async () => {
  const unknown = await runGokit(["redis", "server", "--appendonlyy", "yes"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("unknown flag --appendonlyy");
  const badPort = await runGokit(["redis", "server", "--port", "70000"]);
  expect(badPort.code).toBe(2);
  expect(badPort.stderr).toContain(`invalid --port "70000"`);
});
