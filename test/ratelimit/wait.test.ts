import { describe, expect, test } from "bun:test";
import { background, Canceled, DeadlineExceeded, FakeClock, withCancel, withTimeout } from "../../src/runtime/index.ts";
import { ALGORITHMS, createLimiter, TokenBucket } from "../../src/ratelimit/index.ts";

/** Lets settled promises' continuations run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("wait", () => {
  test("resolves at once when allowed", async () => {
    const limiter = new TokenBucket({ rate: 10, burst: 1, clock: new FakeClock() });
    await limiter.wait("k");
    expect(limiter.status("k").remaining).toBe(0);
  });

  test("serves waiters in arrival order: a later small request never overtakes an earlier big one", async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucket({ rate: 10, burst: 5, clock });
    limiter.allowN("k", 5);
    const done: string[] = [];
    const big = limiter.waitN("k", 3, background()).then(() => done.push(`big@${clock.now()}`));
    const small = limiter.wait("k", background()).then(() => done.push(`small@${clock.now()}`));
    await clock.advanceAsync(100); // one token: enough for small, but big is first
    expect(done).toEqual([]);
    expect(limiter.allow("k")).toBe(false); // nor does allow() jump the queue
    await clock.advanceAsync(400);
    await Promise.all([big, small]);
    expect(done).toEqual(["big@300", "small@400"]);
    expect(limiter.allow("k")).toBe(true); // queue gone: 1 token left at 500
  });

  test("a cancelled Context rejects with Canceled and lets the next waiter through", async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucket({ rate: 10, burst: 5, clock });
    limiter.allowN("k", 5);
    const [ctx, cancel] = withCancel(background());
    const big = limiter.waitN("k", 5, ctx);
    let smallAt = -1;
    const small = limiter.wait("k").then(() => (smallAt = clock.now()));
    await clock.advanceAsync(150);
    cancel();
    await expect(big).rejects.toBe(Canceled);
    await small;
    expect(smallAt).toBe(150); // served as soon as the head went away; the cancelled request took nothing
    expect(limiter.status("k").remaining).toBe(0);
    expect(clock.pending).toBe(0);
  });

  test("an AbortSignal rejects with its reason; an aborted one rejects at once", async () => {
    const limiter = new TokenBucket({ rate: 1, burst: 1, clock: new FakeClock() });
    limiter.allow("k");
    const ac = new AbortController();
    const p = limiter.wait("k", ac.signal);
    ac.abort(new Error("client went away"));
    await expect(p).rejects.toThrow("client went away");
    await expect(limiter.wait("k", ac.signal)).rejects.toThrow("client went away");
  });

  test("a context deadline on the limiter's clock rejects with DeadlineExceeded", async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucket({ rate: 1, burst: 1, clock });
    limiter.allow("k");
    const [ctx] = withTimeout(background(), 500, { clock });
    const outcome = limiter.wait("k", ctx).then(
      () => "granted",
      (e: unknown) => e,
    );
    await clock.advanceAsync(500);
    expect(await outcome).toBe(DeadlineExceeded);
    clock.advance(500);
    expect(limiter.allow("k")).toBe(true); // the expired waiter consumed nothing
  });

  test("waitN rejects a request above the limit", async () => {
    const limiter = new TokenBucket({ rate: 1, burst: 2, clock: new FakeClock() });
    await expect(limiter.waitN("k", 3)).rejects.toThrow("ratelimit: n 3 exceeds limit 2: it can never be allowed");
  });

  for (const algorithm of ALGORITHMS) {
    test(`${algorithm}: 1,000 concurrent waiters on one key are all served, in order, at the limited rate`, async () => {
      const clock = new FakeClock();
      const limiter = createLimiter({ algorithm, rate: 100, burst: 10, clock });
      const order: number[] = [];
      const all = Array.from({ length: 1000 }, (_, i) => limiter.wait("k").then(() => order.push(i)));
      for (let t = 0; t < 20_000 && order.length < 1000; t += 100) await clock.advanceAsync(100);
      await Promise.all(all);
      expect(order).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      // 10 at once, then 100/s (windows: 10 per 100 ms): ≥ 9.9 s of fake time, never faster. Saturated,
      // the sliding counter admits limit − 1 = 9 per window (see sliding-window.ts): ~11 s.
      expect(clock.now()).toBeGreaterThanOrEqual(9_900);
      expect(clock.now()).toBeLessThanOrEqual(algorithm === "sliding-window" ? 11_500 : 10_100);
      expect(clock.pending).toBe(0);
    });
  }

  test("waiters on many keys proceed independently", async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucket({ rate: 10, burst: 1, clock });
    const served: string[] = [];
    const all: Promise<unknown>[] = [];
    for (let k = 0; k < 100; k++) for (let i = 0; i < 3; i++) all.push(limiter.wait(`k${k}`).then(() => served.push(`k${k}`)));
    expect(served.length).toBe(0);
    await flush();
    expect(served.length).toBe(100); // first per key at once
    await clock.advanceAsync(200);
    await Promise.all(all);
    expect(served.length).toBe(300);
  });
});
