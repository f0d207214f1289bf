/**
 * OBJECT ENCODING's one-way conversions and the SCAN family's paging,
 * against a real redis-server: containers convert to hashtable/skiplist
 * when a write exceeds Redis 7.0's thresholds and never convert back (DUMP
 * then writes the dict/skiplist type, byte for byte as Redis does); a big
 * collection is scanned page by page, every member exactly once.
 */
import { describe, expect, test } from "bun:test";
import { harness } from "./harness.ts";
import { haveRedisServer, serverPair } from "./real-redis.ts";
import { parseReply, RawClient, type Reply } from "./resp-client.ts";

const long = "x".repeat(65);
const servers = serverPair();

const SCRIPT: string[][] = [
  ["HSET", "h", "a", "1"], ["OBJECT", "ENCODING", "h"], ["HSET", "h", "big", long], ["OBJECT", "ENCODING", "h"], ["HDEL", "h", "big"], ["OBJECT", "ENCODING", "h"], ["DUMP", "h"],
  ["SADD", "s", "1", "2"], ["OBJECT", "ENCODING", "s"], ["SADD", "s", "x"], ["OBJECT", "ENCODING", "s"], ["SREM", "s", "x", "2"], ["OBJECT", "ENCODING", "s"], ["DUMP", "s"],
  ["ZADD", "z", "1", "a"], ["OBJECT", "ENCODING", "z"], ["ZADD", "z", "2", long], ["OBJECT", "ENCODING", "z"], ["ZREM", "z", long], ["OBJECT", "ENCODING", "z"], ["DUMP", "z"],
  ["SADD", "n", ...Array.from({ length: 513 }, (_, i) => String(i))], ["OBJECT", "ENCODING", "n"], ["SREM", "n", ...Array.from({ length: 512 }, (_, i) => String(i))], ["OBJECT", "ENCODING", "n"],
  ["HSET", "e", "f", long], ["DEL", "e"], ["HSET", "e", "f", "v"], ["OBJECT", "ENCODING", "e"],
  ["COPY", "h", "h2"], ["OBJECT", "ENCODING", "h2"], ["DUMP", "h2"], ["RESTORE", "h3", "0", "\u0000"], ["RPUSH", "l", "a"], ["OBJECT", "ENCODING", "l"],
  ["SSCAN", "s", "0"], ["HSCAN", "h", "0"], ["ZSCAN", "z", "0"],
];

/** Every member a full SSCAN/HSCAN/ZSCAN walk returns, and how many calls it took. */
async function walk(c: RawClient, cmd: string, key: string, count: number): Promise<{ seen: string[]; calls: number }> {
  const seen: string[] = [];
  let cursor = "0";
  let calls = 0;
  do {
    const [r] = parseReply(Buffer.from(await c.call(cmd, key, cursor, "COUNT", String(count)), "latin1")) as [Reply[], number];
    cursor = String(r[0]).slice(1);
    const items = r[1] as string[];
    for (let i = 0; i < items.length; i += cmd === "SSCAN" ? 1 : 2) seen.push(items[i]!.slice(1));
    calls++;
  } while (cursor !== "0");
  return { seen, calls };
}

describe.skipIf(!haveRedisServer)("encodings and paged scans against redis-server", () => {
  test("conversions are one-way and match Redis's, and DUMP writes the converted type", async () => {
    const replies: string[][] = [];
    for (const port of [servers.real.port, servers.ours.port]) {
      const c = await RawClient.connect(port);
      await c.call("FLUSHALL");
      const got: string[] = [];
      for (const argv of SCRIPT) got.push(`${argv.slice(0, 3).join(" ")} → ${await c.call(...argv)}`);
      replies.push(got);
      c.close();
    }
    expect(replies[1]).toEqual(replies[0]!);
  });

  test("a big set, hash and zset are scanned page by page: every member exactly once, even with deletions mid-scan", async () => {
    for (const port of [servers.real.port, servers.ours.port]) {
      const c = await RawClient.connect(port);
      await c.call("FLUSHALL");
      const members = Array.from({ length: 1000 }, (_, i) => `m${i}`);
      await c.call("SADD", "s", ...members);
      await c.call("HSET", "h", ...members.flatMap((m) => [m, "v"]));
      await c.call("ZADD", "z", ...members.flatMap((m, i) => [String(i), m]));
      for (const cmd of ["SSCAN", "HSCAN", "ZSCAN"]) {
        const { seen, calls } = await walk(c, cmd, cmd[0] === "S" ? "s" : cmd[0] === "H" ? "h" : "z", 10);
        expect(calls).toBeGreaterThan(50);
        expect(seen.length).toBe(1000);
        expect(new Set(seen)).toEqual(new Set(members));
      }
      // Members present for the whole scan are returned though others are deleted under it.
      let cursor = "0";
      const seen = new Set<string>();
      let round = 0;
      do {
        const [r] = parseReply(Buffer.from(await c.call("SSCAN", "s", cursor, "COUNT", "20"), "latin1")) as [Reply[], number];
        cursor = String(r[0]).slice(1);
        for (const m of r[1] as string[]) seen.add(m.slice(1));
        if (++round === 5) await c.call("SREM", "s", ...members.filter((_, i) => i % 2 === 1));
      } while (cursor !== "0");
      for (const m of members.filter((_, i) => i % 2 === 0)) expect(seen.has(m)).toBe(true);
      c.close();
    }
  });
});

test("a kept scan iterator resumes in O(COUNT); an unknown cursor restarts and skips", () => {
  const { run } = harness();
  run("SADD", "s", ...Array.from({ length: 600 }, (_, i) => `m${i}`));
  const first = run("SSCAN", "s", "0", "COUNT", "100");
  expect(first).toStartWith("*2\r\n$3\r\n100\r\n*100\r\n$2\r\nm0\r\n");
  // Another client's copy of the cursor (no kept iterator left for it) still continues at the same place.
  expect(run("SSCAN", "s", "100", "COUNT", "1")).toBe("*2\r\n$3\r\n101\r\n*1\r\n$4\r\nm100\r\n");
  expect(run("SSCAN", "s", "100", "COUNT", "1")).toBe("*2\r\n$3\r\n101\r\n*1\r\n$4\r\nm100\r\n");
  expect(run("SSCAN", "s", "599", "COUNT", "5")).toBe("*2\r\n$1\r\n0\r\n*1\r\n$4\r\nm599\r\n");
});
