import { describe, expect, test } from "bun:test";
import { Semaphore, SyncError, WaitGroup } from "../../src/runtime/index.ts";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function track<T>(p: Promise<T>): { p: Promise<T>; done: () => boolean } {
  let done = false;
  void p.then(() => (done = true));
  return { p, done: () => done };
}

describe("Semaphore", () => {
  test.each([
    { size: 10, held: [3, 3, 3], next: 1, fits: true },
    { size: 10, held: [3, 3, 3], next: 2, fits: false },
    { size: 5, held: [5], next: 1, fits: false },
    { size: 5, held: [], next: 5, fits: true },
  ])("of size $size holding $held can take $next more: $fits", ({ size, held, next, fits }) => {
    const sem = new Semaphore(size);
    for (const n of held) expect(sem.tryAcquire(n)).toBe(true);
    expect(sem.tryAcquire(next)).toBe(fits);
  });

  test("never holds more than its size under concurrency", async () => {
    const sem = new Semaphore(10);
    let held = 0;
    let peak = 0;
    const wg = new WaitGroup();
    for (let i = 0; i < 60; i++) {
      const n = (i % 4) + 1;
      wg.go(async () => {
        using _ = await sem.acquire(n);
        held += n;
        peak = Math.max(peak, held);
        await settle();
        held -= n;
      });
    }
    await wg.wait();
    expect(peak).toBeLessThanOrEqual(10);
    expect(sem.held).toBe(0);
  });

  test("serves waiters first in, first out: a large request is not overtaken", async () => {
    const sem = new Semaphore(10);
    const big = await sem.acquire(6);
    const five = track(sem.acquire(5));
    const one = track(sem.acquire(1));
    await settle();
    expect(five.done()).toBe(false);
    expect(one.done()).toBe(false);
    expect(sem.tryAcquire(1)).toBe(false);
    big.unlock();
    await Promise.all([five.p, one.p]);
    expect(sem.held).toBe(6);
  });

  test("an aborted head waiter lets smaller waiters behind it proceed", async () => {
    const sem = new Semaphore(4);
    await sem.acquire(3);
    const ctrl = new AbortController();
    const head = sem.acquire(4, { signal: ctrl.signal }).catch((e: unknown) => e);
    const small = track(sem.acquire(1));
    await settle();
    expect(small.done()).toBe(false);
    ctrl.abort(new Error("gave up"));
    expect(((await head) as Error).message).toBe("gave up");
    await small.p;
    expect(sem.held).toBe(4);
  });

  test("rejects a request larger than its size", async () => {
    const sem = new Semaphore(2);
    expect(await sem.acquire(3).catch((e: unknown) => e)).toBeInstanceOf(RangeError);
  });

  test("releasing more than is held throws SyncError", () => {
    const sem = new Semaphore(2);
    sem.tryAcquire(1);
    expect(() => sem.release(2)).toThrow(SyncError);
    expect(() => sem.release(2)).toThrow("semaphore: released more than held");
  });
});
