import { describe, expect, test } from "bun:test";
import { harness } from "./harness.ts";

describe("expiry commands on a fake clock", () => {
  test("TTL counts down in rounded seconds and the key vanishes on time", () => {
    const { run, clock } = harness();
    expect(run("SET", "k", "v", "EX", "10")).toBe("+OK\r\n");
    expect(run("TTL", "k")).toBe(":10\r\n");
    clock.advance(9_400);
    expect(run("PTTL", "k")).toBe(":600\r\n");
    expect(run("TTL", "k")).toBe(":1\r\n");
    clock.advance(600);
    expect(run("GET", "k")).toBe("$-1\r\n");
    expect(run("TTL", "k")).toBe(":-2\r\n");
  });

  test("EXPIRE NX, XX, GT and LT follow Redis (no TTL counts as infinite)", () => {
    const { run } = harness();
    run("SET", "k", "v");
    expect(run("EXPIRE", "k", "100", "XX")).toBe(":0\r\n");
    expect(run("EXPIRE", "k", "100", "GT")).toBe(":0\r\n");
    expect(run("EXPIRE", "k", "100", "LT")).toBe(":1\r\n");
    expect(run("EXPIRE", "k", "50", "NX")).toBe(":0\r\n");
    expect(run("EXPIRE", "k", "200", "GT")).toBe(":1\r\n");
    expect(run("EXPIRE", "k", "300", "LT")).toBe(":0\r\n");
    expect(run("TTL", "k")).toBe(":200\r\n");
    expect(run("PERSIST", "k")).toBe(":1\r\n");
    expect(run("TTL", "k")).toBe(":-1\r\n");
  });

  test("EXPIREAT and EXPIRETIME use absolute times; a past time deletes the key", () => {
    const { run } = harness({}, 1_000_000);
    run("SET", "k", "v");
    expect(run("PEXPIREAT", "k", "5000000")).toBe(":1\r\n");
    expect(run("PEXPIRETIME", "k")).toBe(":5000000\r\n");
    expect(run("EXPIRETIME", "k")).toBe(":5000\r\n");
    expect(run("EXPIREAT", "k", "1")).toBe(":1\r\n");
    expect(run("EXISTS", "k")).toBe(":0\r\n");
  });

  test("SET with a past PXAT leaves the key counted by DBSIZE but unreadable", () => {
    const { run } = harness();
    expect(run("SET", "k", "v", "PXAT", "1")).toBe("+OK\r\n");
    expect(run("DBSIZE")).toBe(":1\r\n");
    expect(run("GET", "k")).toBe("$-1\r\n");
    expect(run("DBSIZE")).toBe(":0\r\n");
  });

  test("invalid expire times name the command", () => {
    const { run } = harness();
    expect(run("SET", "k", "v", "EX", "0")).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(run("SETEX", "k", "-1", "v")).toBe("-ERR invalid expire time in 'setex' command\r\n");
    expect(run("EXPIRE", "k", "9223372036854775807")).toBe("-ERR invalid expire time in 'expire' command\r\n");
  });
});

describe("keyspace commands", () => {
  test("SCAN with COUNT visits every key exactly once, and keys present throughout survive deletions mid-scan", () => {
    const { run } = harness();
    for (let i = 0; i < 50; i++) run("SET", `key:${i}`, "v");
    const seen: string[] = [];
    let cursor = "0";
    let round = 0;
    do {
      const reply = run("SCAN", cursor, "COUNT", "7");
      const lines = reply.split("\r\n");
      cursor = lines[2]!;
      for (let i = 5; i < lines.length - 1; i += 2) seen.push(lines[i]!);
      if (round++ === 2) for (let i = 0; i < 10; i++) run("DEL", `key:${i}`);
    } while (cursor !== "0");
    const survivors = Array.from({ length: 40 }, (_, i) => `key:${i + 10}`);
    for (const k of survivors) expect(seen.filter((s) => s === k).length).toBe(1);
  });

  test("SCAN filters by MATCH and TYPE, and rejects bad cursors and counts", () => {
    const { run } = harness();
    run("SET", "a1", "v");
    run("RPUSH", "a2", "x");
    run("SET", "b1", "v");
    expect(run("SCAN", "0", "MATCH", "a*", "TYPE", "list")).toBe("*2\r\n$1\r\n0\r\n*1\r\n$2\r\na2\r\n");
    expect(run("SCAN", "x")).toBe("-ERR invalid cursor\r\n");
    expect(run("SCAN", "0", "COUNT", "0")).toBe("-ERR syntax error\r\n");
    expect(run("SCAN", "0", "COUNT")).toBe("-ERR syntax error\r\n");
  });

  test("SELECT gives 16 separate databases; FLUSHDB clears one, FLUSHALL all", () => {
    const { run } = harness();
    run("SET", "k", "0");
    expect(run("SELECT", "15")).toBe("+OK\r\n");
    expect(run("GET", "k")).toBe("$-1\r\n");
    run("SET", "k", "15");
    expect(run("SELECT", "16")).toBe("-ERR DB index is out of range\r\n");
    expect(run("FLUSHDB")).toBe("+OK\r\n");
    expect(run("DBSIZE")).toBe(":0\r\n");
    run("SELECT", "0");
    expect(run("GET", "k")).toBe("$1\r\n0\r\n");
    expect(run("FLUSHALL", "SYNC")).toBe("+OK\r\n");
    expect(run("DBSIZE")).toBe(":0\r\n");
    expect(run("FLUSHALL", "NOW")).toBe("-ERR syntax error\r\n");
  });

  test("values and keys are binary-safe", () => {
    const { run } = harness();
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(run("SET", bytes, bytes)).toBe("+OK\r\n");
    const reply = run("GET", bytes);
    expect(Buffer.from(reply, "latin1").subarray(6, 262)).toEqual(Buffer.from(bytes));
    expect(run("KEYS", "*").startsWith("*1\r\n$256\r\n")).toBe(true);
  });

  test("SCAN over 100,000 keys returns each once without rescanning (cursor seeks, not walks)", () => {
    const { state } = harness();
    const db = state.dbs[0]!;
    for (let i = 0; i < 100_000; i++) db.set(`k${i}`, new Uint8Array(0));
    for (let i = 0; i < 100_000; i += 3) db.delete(`k${i}`);
    const seen = new Set<string>();
    let cursor = 0;
    let calls = 0;
    do {
      const r = db.scan(cursor, 100);
      for (const k of r.keys) seen.add(k);
      cursor = r.next;
      calls++;
    } while (cursor !== 0);
    expect(seen.size).toBe(db.size);
    expect(calls).toBeLessThanOrEqual(Math.ceil(100_000 / 100) + 1);
  });

  test("a SCAN cursor stays valid across compactions: keys present throughout are returned once", () => {
    const { state } = harness();
    const db = state.dbs[0]!;
    for (let i = 0; i < 3000; i++) db.set(`k${i}`, new Uint8Array(1));
    const seen: string[] = [];
    let cursor = 0;
    let round = 0;
    do {
      const r = db.scan(cursor, 50);
      seen.push(...r.keys);
      cursor = r.next;
      // Deleting most keys, behind and ahead of the cursor, compacts the slots mid-scan (twice).
      round++;
      if (round === 10) for (let i = 0; i < 3000; i++) if (i % 3 !== 0) db.delete(`k${i}`);
      if (round === 15) for (let i = 0; i < 3000; i += 3) if (i % 2 === 1) db.delete(`k${i}`);
    } while (cursor !== 0);
    const survivors = Array.from({ length: 3000 }, (_, i) => `k${i}`).filter((k) => db.contains(k));
    expect(survivors.length).toBe(500);
    for (const k of survivors) expect(seen.filter((s) => s === k).length).toBe(1);
  });

  test("RANDOMKEY only returns live keys after most keys were deleted", () => {
    const { run, state } = harness();
    for (let i = 0; i < 1000; i++) run("SET", `k${i}`, "v");
    for (let i = 0; i < 1000; i++) if (i % 100 !== 7) run("DEL", `k${i}`);
    for (let i = 0; i < 50; i++) expect(run("RANDOMKEY")).toMatch(/^\$\d+\r\nk\d*7\r\n$/);
    expect(state.dbs[0]!.size).toBe(10);
  });

  test("RANDOMKEY is nil on an empty database and a key otherwise", () => {
    const { run } = harness();
    expect(run("RANDOMKEY")).toBe("$-1\r\n");
    run("SET", "only", "v");
    expect(run("RANDOMKEY")).toBe("$4\r\nonly\r\n");
  });
});

describe("connection and server commands", () => {
  test("requirepass: NOAUTH until AUTH succeeds; WRONGPASS for a bad password", () => {
    const { run } = harness({ requirepass: "secret" });
    expect(run("GET", "k")).toBe("-NOAUTH Authentication required.\r\n");
    expect(run("AUTH", "nope")).toBe("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    expect(run("AUTH", "default", "secret")).toBe("+OK\r\n");
    expect(run("GET", "k")).toBe("$-1\r\n");
  });

  test("AUTH without a configured password is Redis's error", () => {
    const { run } = harness();
    expect(run("AUTH", "x")).toBe(
      "-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n",
    );
  });

  test("HELLO 3 switches replies to RESP3; HELLO 4 is NOPROTO", () => {
    const { run, client } = harness();
    expect(run("HELLO", "4")).toBe("-NOPROTO unsupported protocol version\r\n");
    const hello = run("HELLO", "3", "SETNAME", "me");
    expect(hello).toStartWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n");
    expect(client.name).toBe("me");
    run("HSET", "h", "f", "v");
    expect(run("HGETALL", "h")).toBe("%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
    expect(run("GET", "nope")).toBe("_\r\n");
  });

  test("CLIENT ID, SETNAME and GETNAME; unknown subcommands and arity use Redis's texts", () => {
    const { run, client } = harness();
    expect(run("CLIENT", "ID")).toBe(`:${client.id}\r\n`);
    expect(run("CLIENT", "GETNAME")).toBe("$-1\r\n");
    expect(run("CLIENT", "SETNAME", "worker-1")).toBe("+OK\r\n");
    expect(run("CLIENT", "GETNAME")).toBe("$8\r\nworker-1\r\n");
    expect(run("CLIENT", "SETNAME", "a b")).toBe("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
    expect(run("CLIENT", "NOPE")).toBe("-ERR unknown subcommand 'NOPE'. Try CLIENT HELP.\r\n");
    expect(run("CLIENT", "SETNAME")).toBe("-ERR wrong number of arguments for 'client|setname' command\r\n");
    expect(run("CLIENT")).toBe("-ERR wrong number of arguments for 'client' command\r\n");
  });

  test("COMMAND COUNT, INFO and DOCS come from the command table", () => {
    const { run, table } = harness();
    expect(run("COMMAND", "COUNT")).toBe(`:${table.size}\r\n`);
    expect(run("COMMAND", "INFO", "get")).toStartWith("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n");
    expect(run("COMMAND", "INFO", "nosuch")).toBe("*1\r\n*-1\r\n");
    expect(run("COMMAND", "DOCS", "get")).toContain("$7\r\nsummary\r\n");
    expect(run("COMMAND").startsWith(`*${table.size}\r\n`)).toBe(true);
  });

  test("INFO has the server, clients and keyspace sections with Redis's field names", () => {
    const { run } = harness();
    run("SET", "a", "1");
    run("SET", "b", "1", "EX", "100");
    const info = run("INFO");
    for (const field of ["# Server\r\n", "redis_version:7.0.15\r\n", "tcp_port:", "uptime_in_seconds:", "# Clients\r\n", "connected_clients:1\r\n", "# Keyspace\r\n", "db0:keys=2,expires=1,avg_ttl=0\r\n"]) {
      expect(info).toContain(field);
    }
    expect(run("INFO", "keyspace")).not.toContain("# Server");
  });

  test("unknown commands quote their first arguments like Redis", () => {
    const { run } = harness();
    expect(run("foo", "a", "b")).toBe("-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n");
    expect(run("foo")).toBe("-ERR unknown command 'foo', with args beginning with: \r\n");
  });

  test("QUIT replies OK and marks the client to close", () => {
    const { run, client } = harness();
    expect(run("QUIT")).toBe("+OK\r\n");
    expect(client.closeAfterReply).toBe(true);
  });

  test("TIME reports the clock in seconds and microseconds", () => {
    const { run } = harness({}, 1_700_000_000_123);
    expect(run("TIME")).toBe("*2\r\n$10\r\n1700000000\r\n$6\r\n123000\r\n");
  });
});

describe("CONFIG", () => {
  test("CONFIG GET matches parameter names by glob; CONFIG SET changes the settable ones", () => {
    const { run, state } = harness();
    expect(run("CONFIG", "GET", "save")).toBe("*2\r\n$4\r\nsave\r\n$0\r\n\r\n");
    expect(run("CONFIG", "GET", "appendonly")).toBe("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n");
    expect(run("CONFIG", "GET", "maxmemory-*")).toBe("*8\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n$17\r\nmaxmemory-samples\r\n$1\r\n5\r\n$17\r\nmaxmemory-clients\r\n$1\r\n0\r\n$27\r\nmaxmemory-eviction-tenacity\r\n$2\r\n10\r\n");
    expect(run("CONFIG", "SET", "proto-max-bulk-len", "2mb")).toBe("+OK\r\n");
    expect(state.config.protoMaxBulkLen).toBe(2 * 1024 * 1024);
    expect(run("CONFIG", "SET", "foo", "bar")).toBe("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n");
    expect(run("CONFIG", "GET")).toBe("-ERR wrong number of arguments for 'config|get' command\r\n");
    expect(run("CONFIG", "bar")).toBe("-ERR unknown subcommand 'bar'. Try CONFIG HELP.\r\n");
  });
});

test("every command in the table has a COMMAND DOCS summary", async () => {
  const { SUMMARIES } = await import("../../src/redis/command-summaries.ts");
  const { table } = harness();
  const names = [...table.values()].flatMap((s) => [s.name, ...[...(s.subcommands?.values() ?? [])].map((x) => x.name)]);
  expect(names.filter((n) => !(n in SUMMARIES))).toEqual([]);
});
