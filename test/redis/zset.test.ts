/** Sorted sets: the ordered structure, %.17g score formatting and the commands' edge cases. */
import { expect, test } from "bun:test";
import { formatDouble, formatStoredScore, parseDouble, ZSet } from "../../src/redis/zset.ts";
import { harness } from "./harness.ts";

test("formatDouble prints like C's %.17g", () => {
  const cases: [number, string][] = [
    [1.1, "1.1000000000000001"], [0.1, "0.10000000000000001"], [1e17, "1e+17"], [1e16, "10000000000000000"],
    [1e-5, "1.0000000000000001e-05"], [0.0001, "0.0001"], [123456789.123, "123456789.123"], [-2.5, "-2.5"],
    [Infinity, "inf"], [-Infinity, "-inf"], [-0, "-0"], [0, "0"], [1.7976931348623157e308, "1.7976931348623157e+308"],
  ];
  for (const [d, s] of cases) expect(formatDouble(d)).toBe(s);
  expect(formatStoredScore(1e17)).toBe("100000000000000000");
  expect(formatStoredScore(5e18)).toBe("5e+18");
});

test("parseDouble accepts what strtod does for scores and refuses nan, spaces and overflow", () => {
  expect(parseDouble("+inf")).toBe(Infinity);
  expect(parseDouble("-Infinity")).toBe(-Infinity);
  expect(parseDouble("1e2")).toBe(100);
  for (const bad of ["nan", " 1", "1e400", "", "abc", "1 "]) expect(parseDouble(bad)).toBeNull();
});

test("ZSet keeps (score, member) order through updates and removals", () => {
  const z = new ZSet();
  for (const [m, s] of [["b", 1], ["a", 1], ["c", 0], ["d", 2]] as const) z.set(m, s);
  expect(z.entries().map((e) => e.member)).toEqual(["c", "a", "b", "d"]);
  z.set("c", 5);
  expect(z.rank("c")).toBe(3);
  expect(z.delete("a")).toBe(true);
  expect(z.entries().map((e) => `${e.member}:${e.score}`)).toEqual(["b:1", "d:2", "c:5"]);
  expect(z.removeAt(0)).toEqual({ member: "b", score: 1 });
  expect(z.size).toBe(2);
});

test("ZADD flags, INCR and the NaN error follow t_zset.c", () => {
  const { run } = harness();
  expect(run("ZADD", "z", "1", "a", "2", "b")).toBe(":2\r\n");
  expect(run("ZADD", "z", "GT", "CH", "0", "a", "3", "b", "1", "c")).toBe(":2\r\n");
  expect(run("ZADD", "z", "XX", "INCR", "1", "nope")).toBe("$-1\r\n");
  expect(run("ZADD", "z", "INCR", "inf", "a")).toBe("$3\r\ninf\r\n");
  expect(run("ZINCRBY", "z", "-inf", "a")).toBe("-ERR resulting score is not a number (NaN)\r\n");
  expect(run("ZADD", "z", "NX", "XX", "1", "a")).toBe("-ERR XX and NX options at the same time are not compatible\r\n");
  expect(run("ZRANGE", "z", "0", "-1", "WITHSCORES")).toBe("*6\r\n$1\r\nc\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\na\r\n$3\r\ninf\r\n");
  expect(run("ZRANGE", "z", "(1", "+inf", "BYSCORE", "LIMIT", "0", "1")).toBe("*1\r\n$1\r\nb\r\n");
  expect(run("ZPOPMIN", "z", "5")).toBe("*6\r\n$1\r\nc\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\na\r\n$3\r\ninf\r\n");
  expect(run("EXISTS", "z")).toBe(":0\r\n");
});

test("RESP3 replies scores as doubles and WITHSCORES as pairs", () => {
  const { run } = harness();
  run("HELLO", "3");
  run("ZADD", "z", "1.5", "a");
  expect(run("ZSCORE", "z", "a")).toBe(",1.5\r\n");
  expect(run("ZRANGE", "z", "0", "-1", "WITHSCORES")).toBe("*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n");
  expect(run("ZPOPMAX", "z")).toBe("*2\r\n$1\r\na\r\n,1.5\r\n");
});

test("the skiplist agrees with a sorted-array model through 20 000 random adds, re-scores and removals", () => {
  const r = (() => {
    let s = 42;
    return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  })();
  const z = new ZSet();
  const model = new Map<string, number>();
  const sorted = () => [...model].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (let i = 0; i < 20_000; i++) {
    const m = `m${Math.floor(r() * 300)}`;
    const op = r();
    if (op < 0.6) {
      const s = Math.floor(r() * 50) / 4;
      z.set(m, s), model.set(m, s);
    } else if (op < 0.85) expect(z.delete(m)).toBe(model.delete(m));
    else if (z.size > 0) {
      const i2 = Math.floor(r() * z.size);
      const e = z.removeAt(i2);
      expect(e.member).toBe(sorted()[i2]![0]);
      model.delete(e.member);
    }
    if (i % 500 === 0) {
      const want = sorted();
      expect(z.entries().map((e) => [e.member, e.score])).toEqual(want);
      for (let k = 0; k < want.length; k += 7) {
        expect(z.rank(want[k]![0])).toBe(k);
        expect(z.at(k).member).toBe(want[k]![0]);
      }
    }
  }
  expect(z.size).toBe(model.size);
});
