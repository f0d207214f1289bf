import { describe, expect, test } from "bun:test";
import { after, afterFunc, FakeClock, sleep, Ticker, Timer } from "../../src/runtime/index.ts";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("FakeClock", () => {
  test("fires timers in due order, then creation order, at their due time", () => {
    const clock = new FakeClock(100);
    const fired: [string, number][] = [];
    clock.setTimeout(() => fired.push(["b", clock.now()]), 20);
    clock.setTimeout(() => fired.push(["a", clock.now()]), 10);
    clock.setTimeout(() => fired.push(["c", clock.now()]), 20);
    const cleared = clock.setTimeout(() => fired.push(["x", clock.now()]), 5);
    clock.clearTimeout(cleared);
    expect(clock.pending).toBe(3);
    clock.advance(50);
    expect(fired).toEqual([
      ["a", 110],
      ["b", 120],
      ["c", 120],
    ]);
    expect(clock.now()).toBe(150);
    expect(clock.pending).toBe(0);
  });

  test("fires timers scheduled by timers within the same advance", () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.now()), 10), 10);
    clock.advance(25);
    expect(fired).toEqual([20]);
  });

  test("advanceAsync lets continuations arm the next timer before moving on", async () => {
    const clock = new FakeClock();
    const woke: number[] = [];
    const chain = (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(10, { clock });
        woke.push(clock.now());
      }
    })();
    await clock.advanceAsync(30);
    await chain;
    expect(woke).toEqual([10, 20, 30]);
  });

  test("waitForTimers resolves once the code under test has armed its timers", async () => {
    const clock = new FakeClock();
    const armed = clock.waitForTimers(2);
    void (async () => {
      await settle();
      clock.setTimeout(() => {}, 1);
      clock.setTimeout(() => {}, 1);
    })();
    await armed;
    expect(clock.pending).toBe(2);
  });
});

describe("sleep", () => {
  test("resolves when the clock reaches its end and not before", async () => {
    const clock = new FakeClock();
    let woke = false;
    const s = sleep(1_000, { clock }).then(() => (woke = true));
    clock.advance(999);
    await settle();
    expect(woke).toBe(false);
    clock.advance(1);
    await s;
    expect(woke).toBe(true);
  });

  test("an abort ends it early, clears its timer and removes its listener", async () => {
    const clock = new FakeClock();
    const ctrl = new AbortController();
    const s = sleep(1_000, { clock, signal: ctrl.signal }).catch((e: unknown) => e);
    expect(clock.pending).toBe(1);
    ctrl.abort(new Error("wake up"));
    expect(((await s) as Error).message).toBe("wake up");
    expect(clock.pending).toBe(0);
  });

  test("rejects at once on an already aborted signal", async () => {
    const clock = new FakeClock();
    expect(await sleep(10, { clock, signal: AbortSignal.abort("no") }).catch((e: unknown) => e)).toBe("no");
    expect(clock.pending).toBe(0);
  });
});

describe("Timer", () => {
  test("sends the fire time on its channel", async () => {
    const clock = new FakeClock(5);
    const t = new Timer(10, { clock });
    clock.advance(10);
    expect(await t.c.recv()).toEqual({ ok: true, value: 15 });
  });

  test("stop prevents firing and reports whether it was armed", () => {
    const clock = new FakeClock();
    const t = new Timer(10, { clock });
    expect(t.stop()).toBe(true);
    expect(t.stop()).toBe(false);
    clock.advance(20);
    expect(t.c.tryRecv()).toBeUndefined();
    expect(clock.pending).toBe(0);
  });

  test("reset re-arms from now and discards an unread value", () => {
    const clock = new FakeClock();
    const t = new Timer(10, { clock });
    clock.advance(10);
    expect(t.reset(10)).toBe(false);
    expect(t.c.tryRecv()).toBeUndefined();
    clock.advance(9);
    expect(t.reset(10)).toBe(true);
    clock.advance(9);
    expect(t.c.tryRecv()).toBeUndefined();
    clock.advance(1);
    expect(t.c.tryRecv()).toEqual({ ok: true, value: 29 });
  });

  test("after delivers once on the injected clock", async () => {
    const clock = new FakeClock();
    const c = after(100, { clock });
    clock.advance(100);
    expect(await c.recv()).toEqual({ ok: true, value: 100 });
    clock.advance(1_000);
    expect(c.tryRecv()).toBeUndefined();
  });

  test("afterFunc runs its function as a task unless stopped", async () => {
    const clock = new FakeClock();
    let runs = 0;
    afterFunc(10, () => runs++, { clock });
    afterFunc(10, () => runs++, { clock }).stop();
    clock.advance(10);
    expect(runs).toBe(1);
  });
});

describe("Ticker", () => {
  test("ticks every period without drift", async () => {
    const clock = new FakeClock();
    const t = new Ticker(100, { clock });
    const ticks: number[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(100);
      const r = await t.c.recv();
      if (r.ok) ticks.push(r.value);
    }
    t.stop();
    expect(ticks).toEqual([100, 200, 300]);
    expect(clock.pending).toBe(0);
  });

  test("drops ticks a slow receiver misses instead of queueing them", () => {
    const clock = new FakeClock();
    const t = new Ticker(10, { clock });
    clock.advance(55);
    expect(t.c.len).toBe(1);
    expect(t.c.tryRecv()).toEqual({ ok: true, value: 10 });
    expect(t.c.tryRecv()).toBeUndefined();
    t.stop();
  });

  test("reset changes the period", () => {
    const clock = new FakeClock();
    const t = new Ticker(10, { clock });
    t.reset(50);
    clock.advance(49);
    expect(t.c.tryRecv()).toBeUndefined();
    clock.advance(1);
    expect(t.c.tryRecv()).toEqual({ ok: true, value: 50 });
    t.stop();
  });

  test.each([0, -5, Number.NaN])("rejects period %p", (ms) => {
    expect(() => new Ticker(ms, { clock: new FakeClock() })).toThrow(RangeError);
  });
});
