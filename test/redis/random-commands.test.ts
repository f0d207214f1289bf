/** SPOP, SRANDMEMBER and HRANDFIELD: invariants of their random replies, and SPOP logged as the SREM/DEL it performed. */
import { expect, test } from "bun:test";
import type { Persistence } from "../../src/redis/index.ts";
import { prng } from "../support/prng.ts";
import { harness } from "./harness.ts";
import { parseReply } from "./resp-client.ts";

const members = (s: string) => (parseReply(Buffer.from(s, "latin1"))[0] as string[]).map((x) => x.slice(1));

test("SRANDMEMBER: positive counts give distinct members, negative counts may repeat, the set is untouched", () => {
  const { run, state } = harness();
  state.random = prng(7);
  run("SADD", "s", "a", "b", "c", "d");
  for (let i = 0; i < 20; i++) {
    const got = members(run("SRANDMEMBER", "s", "3"));
    expect(new Set(got).size).toBe(3);
    for (const m of got) expect(["a", "b", "c", "d"]).toContain(m);
  }
  expect(members(run("SRANDMEMBER", "s", "10")).sort()).toEqual(["a", "b", "c", "d"]);
  expect(members(run("SRANDMEMBER", "s", "-10"))).toHaveLength(10);
  expect(run("SRANDMEMBER", "nokey", "3")).toBe("*0\r\n");
  expect(run("SRANDMEMBER", "nokey")).toBe("$-1\r\n");
  expect(run("SCARD", "s")).toBe(":4\r\n");
});

test("SPOP removes what it returns and is logged as SREM, or DEL when it empties the set", () => {
  const { run, state } = harness();
  state.random = prng(3);
  const log: string[] = [];
  state.persistence = { feed: (_db: number, argv: Uint8Array[]) => log.push(argv.map((a) => Buffer.from(a).toString("latin1")).join(" ")), writeError: () => undefined } as unknown as Persistence;
  run("SADD", "s", "a", "b", "c", "d", "e");
  const popped = members(run("SPOP", "s", "2"));
  expect(popped).toHaveLength(2);
  expect(log.at(-1)).toBe(`SREM s ${popped.join(" ")}`);
  const one = run("SPOP", "s").split("\r\n")[1]!;
  expect(log.at(-1)).toBe(`SREM s ${one}`);
  const rest = members(run("SMEMBERS", "s"));
  expect([...popped, one, ...rest].sort()).toEqual(["a", "b", "c", "d", "e"]);
  expect(members(run("SPOP", "s", "10")).sort()).toEqual(rest.sort());
  expect(log.at(-1)).toBe("DEL s");
  expect(run("EXISTS", "s")).toBe(":0\r\n");
  expect(run("SPOP", "s", "-1")).toBe("-ERR value is out of range, must be positive\r\n");
});

test("HRANDFIELD: fields (with values) from the hash, pairs in RESP3", () => {
  const { run, state } = harness();
  state.random = prng(5);
  run("HSET", "h", "f1", "v1", "f2", "v2", "f3", "v3");
  const got = members(run("HRANDFIELD", "h", "2", "WITHVALUES"));
  expect(got).toHaveLength(4);
  for (let i = 0; i < 4; i += 2) expect(got[i + 1]).toBe(got[i]!.replace("f", "v"));
  expect(members(run("HRANDFIELD", "h", "-5"))).toHaveLength(5);
  expect(run("HRANDFIELD", "h", "1", "FOO")).toBe("-ERR syntax error\r\n");
  run("HELLO", "3");
  expect(run("HRANDFIELD", "h", "1", "WITHVALUES")).toMatch(/^\*1\r\n\*2\r\n\$2\r\nf(\d)\r\n\$2\r\nv\1\r\n$/);
});
