/**
 * CONFIG against a real redis-server: every Redis 7.0 parameter name is
 * there with Redis's default (those that depend on how the server was
 * started aside), old names answer as aliases, and CONFIG SET stores,
 * normalises and refuses values as Redis does.
 */
import { describe, expect, test } from "bun:test";
import { haveRedisServer, serverPair } from "./real-redis.ts";
import { parseReply, RawClient, type Reply } from "./resp-client.ts";

const servers = serverPair();

/** CONFIG GET's reply as name → value. */
async function configGet(c: RawClient, pattern: string): Promise<Map<string, string>> {
  const [r] = parseReply(Buffer.from(await c.call("CONFIG", "GET", pattern), "latin1")) as [Reply[], number];
  const m = new Map<string, string>();
  for (let i = 0; i < r.length; i += 2) m.set(String(r[i]).slice(1), String(r[i + 1]).slice(1));
  return m;
}

/** Set by how each server was started (port, directory, persistence flags), not by Redis's defaults. */
const STARTUP = new Set(["port", "dir", "save", "appendonly", "bind", "logfile", "pidfile", "daemonize", "supervised", "unixsocket", "enable-debug-command", "protected-mode"]);

describe.skipIf(!haveRedisServer)("CONFIG against redis-server", () => {
  test("CONFIG GET * lists the same parameters, with Redis's defaults", async () => {
    const [a, b] = await Promise.all([RawClient.connect(servers.real.port), RawClient.connect(servers.ours.port)]);
    const [real, ours] = await Promise.all([configGet(a, "*"), configGet(b, "*")]);
    expect([...ours.keys()].sort()).toEqual([...real.keys()].sort());
    const differing = [...real].filter(([k, v]) => !STARTUP.has(k) && ours.get(k) !== v).map(([k, v]) => `${k}: redis ${v} ours ${ours.get(k)}`);
    expect(differing).toEqual([]);
    a.close();
    b.close();
  });

  test("CONFIG SET stores and normalises values, aliases follow, bad values are refused like Redis", async () => {
    const script: string[][] = [
      ["CONFIG", "SET", "hash-max-listpack-entries", "100"], ["CONFIG", "GET", "hash-max-ziplist-entries"], ["CONFIG", "SET", "slave-read-only", "NO"], ["CONFIG", "GET", "replica-read-only"],
      ["CONFIG", "SET", "hz", "x"], ["CONFIG", "SET", "activerehashing", "maybe"], ["CONFIG", "SET", "daemonize", "yes"], ["CONFIG", "SET", "auto-aof-rewrite-min-size", "1mb"],
      ["CONFIG", "GET", "auto-aof-rewrite-min-size"], ["CONFIG", "SET", "notify-keyspace-events", ""], ["CONFIG", "GET", "timeout"], ["CONFIG", "SET", "timeout", "30"], ["CONFIG", "GET", "timeout"],
      ["CONFIG", "SET", "nosuch", "1"], ["CONFIG", "GET", "lua-time-limit"], ["CONFIG", "SET", "hash-max-listpack-entries", "512"], ["CONFIG", "SET", "timeout", "0"], ["CONFIG", "SET", "replica-read-only", "yes"],
    ];
    const out: string[][] = [];
    for (const port of [servers.real.port, servers.ours.port]) {
      const c = await RawClient.connect(port);
      const got: string[] = [];
      for (const argv of script) got.push(`${argv.join(" ")} → ${await c.call(...argv)}`);
      out.push(got);
      c.close();
    }
    expect(out[1]).toEqual(out[0]!);
  });
});
