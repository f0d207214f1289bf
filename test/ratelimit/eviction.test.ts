import { describe, expect, test } from "bun:test";
import { FakeClock } from "../../src/runtime/index.ts";
import { ALGORITHMS, createLimiter, DEFAULT_MAX_KEYS, TokenBucket } from "../../src/ratelimit/index.ts";

describe("memory stays bounded", () => {
  for (const algorithm of ALGORITHMS) {
    test(`${algorithm}: 1,000,000 distinct keys never hold more than maxKeys states`, () => {
      const clock = new FakeClock();
      const maxKeys = 10_000;
      const limiter = createLimiter({ algorithm, rate: 1, burst: 3, clock, maxKeys });
      let peak = 0;
      let allowed = 0;
      for (let i = 0; i < 1_000_000; i++) {
        if (limiter.allow(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`)) allowed++;
        if ((i & 1023) === 0) peak = Math.max(peak, limiter.size);
      }
      peak = Math.max(peak, limiter.size);
      expect(peak).toBe(maxKeys);
      expect(allowed).toBe(1_000_000);
    });
  }

  test("the default cap is 100,000 keys", () => {
    expect(DEFAULT_MAX_KEYS).toBe(100_000);
  });

  test("keys back to full are dropped as new keys arrive, and sweep() drops the rest", () => {
    const clock = new FakeClock();
    const limiter = new TokenBucket({ rate: 10, burst: 5, clock });
    for (let i = 0; i < 1000; i++) limiter.allow(`old${i}`);
    expect(limiter.size).toBe(1000);
    clock.advance(99); // not yet full again
    limiter.allow("new0");
    expect(limiter.size).toBe(1001);
    clock.advance(1);
    for (let i = 1; i <= 100; i++) limiter.allow(`new${i}`);
    expect(limiter.size).toBe(1001 - 200 + 100); // two idle keys dropped per new key
    expect(limiter.sweep()).toBe(800); // every old key is full again; new0 is 0.01 token short
    expect(limiter.size).toBe(101);
  });

  test("the least recently used key is evicted first", () => {
    const limiter = new TokenBucket({ rate: 1, burst: 5, clock: new FakeClock(), maxKeys: 3 });
    limiter.allow("a");
    limiter.allow("b");
    limiter.allow("c");
    limiter.allow("a");
    limiter.allow("d"); // evicts b
    expect(limiter.size).toBe(3);
    expect(limiter.status("a").remaining).toBe(3);
    expect(limiter.status("b").remaining).toBe(5);
    expect(limiter.status("c").remaining).toBe(4);
  });

  test("a key with waiters is never evicted", async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucket({ rate: 1, burst: 1, clock, maxKeys: 2 });
    limiter.allow("busy");
    const waited = limiter.wait("busy");
    for (let i = 0; i < 10; i++) limiter.allow(`k${i}`);
    expect(limiter.size).toBe(2);
    await clock.advanceAsync(1000);
    await waited;
    // Had its state been evicted, "busy" would be full now instead of just spent.
    expect(limiter.status("busy").remaining).toBe(0);
  });

  test("status and gauge of unknown keys create no state", () => {
    const limiter = new TokenBucket({ rate: 1, burst: 1, clock: new FakeClock() });
    for (let i = 0; i < 100; i++) limiter.status(`k${i}`), limiter.gauge(`k${i}`);
    expect(limiter.size).toBe(0);
  });
});
