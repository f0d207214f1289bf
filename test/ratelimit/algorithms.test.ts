import { describe, expect, test } from "bun:test";
import { FakeClock, type Clock } from "../../src/runtime/index.ts";
import { ALGORITHMS, type Algorithm, createLimiter, RateLimitError, TokenBucket } from "../../src/ratelimit/index.ts";

/** A step: advance the clock by `dt` ms, then ask once; "+" allowed, "-" refused. */
type Step = [dt: number, want: "+" | "-"];

const seq = (s: string, dt = 0): Step[] => [...s].map((c) => [dt, c as "+" | "-"]);

// rate 10/s, burst 5: buckets refill one request per 100 ms; windows allow 5 per 500 ms.
const sequences: { algorithm: Algorithm; steps: Step[] }[] = [
  { algorithm: "token-bucket", steps: [...seq("+++++--"), [99, "-"], [1, "+"], [0, "-"], [250, "+"], [0, "+"], [0, "-"], [1000, "+"], ...seq("++++-")] },
  { algorithm: "leaky-bucket", steps: [...seq("+++++--"), [99, "-"], [1, "+"], [0, "-"], [250, "+"], [0, "+"], [0, "-"], [1000, "+"], ...seq("++++-")] },
  { algorithm: "fixed-window", steps: [...seq("+++++-"), [499, "-"], [1, "+"], ...seq("++++-"), [499, "-"], [1, "+"]] },
  // The log frees each slot exactly 500 ms after it was used.
  { algorithm: "sliding-log", steps: [[0, "+"], [100, "+"], [100, "+"], [100, "+"], [100, "+"], [0, "-"], [99, "-"], [1, "+"], [0, "-"], [100, "+"], [0, "-"]] },
  // At 600 ms: prev 5 weighted by 0.8 = 4, so one fits; the next needs prev's weight down to 3 (t = 700).
  { algorithm: "sliding-window", steps: [...seq("+++++-"), [500, "-"], [99, "-"], [1, "+"], [0, "-"], [99, "-"], [1, "+"], [0, "-"]] },
];

describe("allow follows each algorithm's exact sequence", () => {
  for (const { algorithm, steps } of sequences) {
    test(`${algorithm} at rate 10/s, burst 5`, () => {
      const clock = new FakeClock(1_000_000);
      const limiter = createLimiter({ algorithm, rate: 10, burst: 5, clock });
      const got = steps.map(([dt]) => {
        clock.advance(dt);
        return limiter.allow("k") ? "+" : "-";
      });
      expect(got.join("")).toBe(steps.map(([, w]) => w).join(""));
    });
  }
});

describe("every algorithm", () => {
  for (const algorithm of ALGORITHMS) {
    test(`${algorithm}: keys are independent and status starts full`, () => {
      const clock = new FakeClock();
      const limiter = createLimiter({ algorithm, rate: 10, burst: 3, clock });
      expect(limiter.status("a")).toEqual({ limit: 3, remaining: 3, resetIn: 0, retryAfter: 0 });
      expect([1, 2, 3, 4].map(() => limiter.allow("a"))).toEqual([true, true, true, false]);
      expect(limiter.allow("b")).toBe(true);
      const st = limiter.status("a");
      expect(st.remaining).toBe(0);
      expect(st.retryAfter).toBeGreaterThan(0);
      expect(st.resetIn).toBeGreaterThanOrEqual(st.retryAfter);
    });

    test(`${algorithm}: allowN is all or nothing, and n above the limit throws`, () => {
      const limiter = createLimiter({ algorithm, rate: 10, burst: 5, clock: new FakeClock() });
      expect(limiter.allowN("k", 3)).toBe(true);
      expect(limiter.allowN("k", 3)).toBe(false);
      expect(limiter.status("k").remaining).toBe(2);
      expect(limiter.allowN("k", 0)).toBe(true);
      expect(() => limiter.allowN("k", 6)).toThrow('ratelimit: n 6 exceeds limit 5: it can never be allowed');
      expect(() => limiter.allowN("k", 1.5)).toThrow(RateLimitError);
      expect(() => limiter.allowN("k", -1)).toThrow("ratelimit: invalid n -1: want a non-negative integer");
    });

    test(`${algorithm}: waiting retryAfter is always enough, and never more than needed`, () => {
      const clock = new FakeClock();
      const limiter = createLimiter({ algorithm, rate: 7, burst: 4, clock });
      let allowed = 0;
      for (let i = 0; i < 200; i++) {
        const d = limiter.take("k");
        if (d.allowed) {
          allowed++;
          continue;
        }
        clock.advance(d.retryAfter - 0.01);
        expect(limiter.allow("k")).toBe(false);
        clock.advance(0.01);
        expect(limiter.allow("k")).toBe(true);
        allowed++;
      }
      expect(allowed).toBe(200);
    });

    test(`${algorithm}: a clock going backwards grants nothing extra and never a negative wait`, () => {
      let t = 10_000;
      const clock: Clock = { now: () => t, setTimeout: () => 0, clearTimeout: () => {} };
      const limiter = createLimiter({ algorithm, rate: 10, burst: 2, clock });
      expect(limiter.allow("k") && limiter.allow("k")).toBe(true);
      const before = limiter.status("k");
      t -= 60_000; // an hour's NTP step back would be the same
      const after = limiter.status("k");
      expect(after.remaining).toBe(0);
      expect(after.retryAfter).toBe(before.retryAfter);
      expect(after.resetIn).toBe(before.resetIn);
      expect(limiter.allow("k")).toBe(false);
      // Forward time from the new reading counts as usual.
      t += before.retryAfter - 1;
      expect(limiter.allow("k")).toBe(false);
      t += 1;
      expect(limiter.allow("k")).toBe(true);
      expect(limiter.status("k").remaining).toBeLessThan(2);
    });

    test(`${algorithm}: a key back to full reports resetIn 0`, () => {
      const clock = new FakeClock();
      const limiter = createLimiter({ algorithm, rate: 10, burst: 5, clock });
      limiter.allowN("k", 5);
      clock.advance(limiter.status("k").resetIn);
      expect(limiter.status("k")).toEqual({ limit: 5, remaining: 5, resetIn: 0, retryAfter: 0 });
    });
  }
});

describe("token bucket", () => {
  test("refills fractional tokens lazily", () => {
    const clock = new FakeClock();
    const limiter = new TokenBucket({ rate: 3, burst: 2, clock });
    expect(limiter.allowN("k", 2)).toBe(true);
    clock.advance(200); // 0.6 tokens
    expect(limiter.status("k")).toMatchObject({ remaining: 0, retryAfter: expect.closeTo(400 / 3, 6) });
    expect(limiter.allow("k")).toBe(false);
    clock.advance(134); // 1.002 tokens
    expect(limiter.allow("k")).toBe(true);
    expect(limiter.gauge("k")).toEqual({ label: "tokens", value: 0 });
    clock.advance(10_000); // capped at burst
    expect(limiter.status("k").remaining).toBe(2);
  });

  test("take reports the status after the decision", () => {
    const limiter = new TokenBucket({ rate: 10, burst: 5, clock: new FakeClock() });
    expect(limiter.take("k")).toEqual({ allowed: true, limit: 5, remaining: 4, resetIn: 100, retryAfter: 0 });
    limiter.allowN("k", 4);
    expect(limiter.take("k", 2)).toEqual({ allowed: false, limit: 5, remaining: 0, resetIn: 500, retryAfter: 200 });
  });
});

describe("createLimiter", () => {
  test("rejects an unknown algorithm by name", () => {
    expect(() => createLimiter({ algorithm: "token_bucket", rate: 1, burst: 1 })).toThrow(
      'ratelimit: unknown algorithm "token_bucket": want token-bucket, sliding-window, sliding-log, leaky-bucket or fixed-window',
    );
  });

  test.each([
    [{ rate: 0, burst: 1 }, "ratelimit: invalid rate 0: want a positive number"],
    [{ rate: 1, burst: 2.5 }, "ratelimit: invalid burst 2.5: want a positive integer"],
    [{ rate: Number.NaN, burst: 1 }, "ratelimit: invalid rate null: want a positive number"],
    [{ rate: 1, burst: 1, maxKeys: 0 }, "ratelimit: invalid maxKeys 0: want a positive integer"],
    [{ rate: 1, burst: 1, windowMs: -5, algorithm: "fixed-window" }, "ratelimit: invalid windowMs -5: want a positive number"],
  ])("rejects bad options %o", (opts, message) => {
    expect(() => createLimiter({ algorithm: "token-bucket", ...opts })).toThrow(message);
  });

  test("windows default to burst / rate seconds, or take windowMs", () => {
    const clock = new FakeClock();
    const a = createLimiter({ algorithm: "fixed-window", rate: 10, burst: 5, clock });
    const b = createLimiter({ algorithm: "fixed-window", rate: 10, burst: 5, clock, windowMs: 2000 });
    a.allowN("k", 5);
    b.allowN("k", 5);
    expect(a.status("k").resetIn).toBe(500);
    expect(b.status("k").resetIn).toBe(2000);
  });
});
