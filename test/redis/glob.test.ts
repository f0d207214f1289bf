import { describe, expect, test } from "bun:test";
import { globMatch } from "../../src/redis/index.ts";

// Expected values are Redis's stringmatchlen results (util.c), including its quirks.
const table: [pattern: string, s: string, want: boolean][] = [
  ["*", "", false], // like Redis; KEYS and SCAN treat a lone "*" as match-all before calling it
  ["*", "anything", true],
  ["h?llo", "hello", true],
  ["h?llo", "hllo", false],
  ["h*llo", "heeeello", true],
  ["h[ae]llo", "hallo", true],
  ["h[ae]llo", "hillo", false],
  ["h[^e]llo", "hallo", true],
  ["h[^e]llo", "hello", false],
  ["h[a-b]llo", "hbllo", true],
  ["h[b-a]llo", "hallo", true],
  ["h\\*llo", "h*llo", true],
  ["h\\*llo", "hello", false],
  ["[\\]]", "]", true],
  ["[abc", "a", true],
  ["a*b*c", "axxbyyc", true],
  ["a*b*c", "axxbyy", false],
  ["**a", "bba", true],
  ["a\\", "a\\", true],
  ["*é", "café", true],
  ["user:*:name", "user:42:name", true],
  ["user:*:name", "user:42:age", false],
];

describe("globMatch (stringmatchlen)", () => {
  for (const [p, s, want] of table) {
    test(`${JSON.stringify(p)} ${want ? "matches" : "does not match"} ${JSON.stringify(s)}`, () => {
      expect(globMatch(p, s)).toBe(want);
    });
  }

  test("a pathological pattern finishes quickly (the skipLongerMatches guard)", () => {
    const s = "a".repeat(5000);
    const t0 = performance.now();
    expect(globMatch("a*".repeat(40) + "b", s)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
