import { describe, expect, test } from "bun:test";
import { LFU_INIT_VAL, lfuCounter, lfuField, lfuTouch } from "../../src/redis/lfu.ts";
import { prng } from "../support/prng.ts";
import { haveRedisServer, serverPair } from "./real-redis.ts";
import { RawClient } from "./resp-client.ts";

const settings = { logFactor: 10, decayTime: 1 };

describe("the LFU counter", () => {
  test("grows logarithmically: about 18 after 1,000 hits and 255 only after ~a million at lfu-log-factor 10 (Redis's table)", () => {
    const random = prng(1);
    let field = lfuField(0);
    const at: Record<number, number> = {};
    for (let hits = 1; hits <= 1_000_000; hits++) {
      field = lfuTouch(field, 0, settings, random);
      if (hits === 100 || hits === 1000 || hits === 100_000) at[hits] = lfuCounter(field, 0, settings);
    }
    expect(at[100]).toBeGreaterThanOrEqual(8);
    expect(at[100]).toBeLessThanOrEqual(13);
    expect(at[1000]).toBeGreaterThanOrEqual(15);
    expect(at[1000]).toBeLessThanOrEqual(21);
    expect(at[100_000]).toBeGreaterThanOrEqual(125);
    expect(at[100_000]).toBeLessThanOrEqual(160);
    expect(lfuCounter(field, 0, settings)).toBeGreaterThanOrEqual(250);
  });

  test("decays by one per lfu-decay-time minutes idle, never below 0; decay time 0 never decays", () => {
    const field = lfuField(0, 20);
    expect(lfuCounter(field, 3 * 60_000, settings)).toBe(17);
    expect(lfuCounter(field, 10 * 60_000, { logFactor: 10, decayTime: 5 })).toBe(18);
    expect(lfuCounter(field, 60 * 60_000, settings)).toBe(0);
    expect(lfuCounter(field, 60 * 60_000, { logFactor: 10, decayTime: 0 })).toBe(20);
    expect(lfuCounter(lfuField(0), 0, settings)).toBe(LFU_INIT_VAL);
  });
});

const servers = serverPair();

describe.skipIf(!haveRedisServer)("LFU against redis-server", () => {
  test("OBJECT FREQ/IDLETIME per policy, the first deterministic increments, RESTORE FREQ and the LFU settings", async () => {
    const script: string[][] = [
      ["SET", "k", "v"], ["OBJECT", "FREQ", "k"], ["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"], ["SET", "n", "v"], ["OBJECT", "FREQ", "n"],
      ["GET", "n"], ["OBJECT", "FREQ", "n"], ["OBJECT", "IDLETIME", "n"], ["OBJECT", "FREQ", "missing"], ["DUMP", "n"], ["RESTORE", "r", "0", "__DUMP__", "FREQ", "100"],
      ["OBJECT", "FREQ", "r"], ["RESTORE", "r", "0", "__DUMP__", "REPLACE", "FREQ", "256"], ["CONFIG", "SET", "lfu-log-factor", "20"], ["CONFIG", "GET", "lfu-log-factor"], ["CONFIG", "GET", "lfu-decay-time"],
      ["CONFIG", "SET", "lfu-decay-time", "-1"], ["CONFIG", "SET", "maxmemory-policy", "volatile-lfu"], ["CONFIG", "SET", "maxmemory-policy", "bogus"],
      ["CONFIG", "SET", "maxmemory-policy", "noeviction"], ["CONFIG", "SET", "lfu-log-factor", "10"], ["OBJECT", "FREQ", "n"],
    ];
    const out: string[][] = [];
    for (const port of [servers.real.port, servers.ours.port]) {
      const c = await RawClient.connect(port);
      await c.call("FLUSHALL");
      let dump = "";
      const got: string[] = [];
      for (const argv of script) {
        const reply = await c.call(...argv.map((a) => (a === "__DUMP__" ? dump : a)));
        if (argv[0] === "DUMP") dump = reply.split("\r\n").slice(1, -1).join("\r\n");
        else got.push(`${argv.join(" ")} → ${reply}`);
      }
      out.push(got);
      c.close();
    }
    expect(out[1]).toEqual(out[0]!);
  });
});
