/** The allocation-free decimal → double conversion must agree with Number() bit for bit. */
import { describe, expect, test } from "bun:test";
import { exactQuotient } from "../../src/json/number-fast.ts";
import { parse } from "../../src/json/index.ts";
import { prng } from "../support/prng.ts";


/** exactQuotient for a digit string (≤ 19 significant digits) over 10^k, or NaN when it defers. */
function viaFast(digits: string, k: number): number {
  const head = digits.slice(0, 15);
  const tail = digits.slice(15);
  return exactQuotient(Number(head), tail.length, tail ? Number(tail) : 0, k);
}

/** The exact decimal expansion of the midpoint between a double and the next one up. */
function midpoint(x: number): { digits: string; exp10: number } {
  const f = new Float64Array([x]);
  const bits = new BigUint64Array(f.buffer)[0]!;
  const e = Number((bits >> 52n) & 0x7ffn);
  const m = (bits & ((1n << 52n) - 1n)) | (e === 0 ? 0n : 1n << 52n);
  const e2 = (e === 0 ? -1074 : e - 1075) - 1;
  const n = 2n * m + 1n;
  if (e2 >= 0) return { digits: (n << BigInt(e2)).toString(), exp10: 0 };
  return { digits: (n * 5n ** BigInt(-e2)).toString(), exp10: e2 };
}

describe("exactQuotient", () => {
  test.each([1, 2, 3])("agrees with Number() on 50,000 random decimals of up to 19 digits (seed %i)", (seed) => {
    const rnd = prng(seed);
    for (let i = 0; i < 50_000; i++) {
      const len = 16 + Math.floor(rnd() * 4);
      let digits = String(1 + Math.floor(rnd() * 9));
      while (digits.length < len) digits += Math.floor(rnd() * 10);
      const k = Math.floor(rnd() * 23);
      const fast = viaFast(digits, k);
      if (!Number.isNaN(fast) && fast !== Number(`${digits}e-${k}`)) expect({ digits, k, fast }).toEqual({ digits, k, fast: Number(`${digits}e-${k}`) });
    }
  });

  test("agrees with Number() or defers next to halfway points, where rounding is hardest", () => {
    const rnd = prng(7);
    let deferred = 0;
    for (let i = 0; i < 20_000; i++) {
      const { digits, exp10 } = midpoint((1 + rnd()) * 2 ** (Math.floor(rnd() * 120) - 60));
      for (const len of [17, 18, 19]) {
        if (digits.length < len) continue;
        const k = -(exp10 + digits.length - len);
        if (k < 0 || k > 22) continue;
        const base = BigInt(digits.slice(0, len));
        for (const d of [-1n, 0n, 1n]) {
          const s = String(base + d);
          const fast = viaFast(s, k);
          if (Number.isNaN(fast)) deferred++;
          else if (fast !== Number(`${s}e-${k}`)) expect({ s, k, fast }).toEqual({ s, k, fast: Number(`${s}e-${k}`) });
        }
      }
    }
    expect(deferred).toBeGreaterThan(0);
  });

  test("is what parse uses, so parse matches Number() on long decimals", () => {
    for (const text of ["-65.613616999999977", "43.420273000000009", "9007199254740993", "0.1000000000000000055511151231257827", "1844674407370955161.5"]) {
      expect(parse(text)).toBe(Number(text));
    }
  });
});
