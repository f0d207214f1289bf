import { describe, expect, test } from "bun:test";
import { Mutex, SyncError, WaitGroup } from "../../src/runtime/index.ts";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("Mutex", () => {
  test("excludes concurrent critical sections", async () => {
    const mu = new Mutex();
    let inside = 0;
    let maxInside = 0;
    const wg = new WaitGroup();
    for (let i = 0; i < 50; i++) {
      wg.go(async () => {
        using _ = await mu.lock();
        inside++;
        maxInside = Math.max(maxInside, inside);
        await settle();
        inside--;
      });
    }
    await wg.wait();
    expect(maxInside).toBe(1);
    expect(mu.locked).toBe(false);
  });

  test("hands the lock to waiters in arrival order", async () => {
    const mu = new Mutex();
    const first = await mu.lock();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((i) => mu.lock().then((g) => (order.push(i), g.unlock())));
    first.unlock();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
  });

  test("using releases the lock at scope exit", async () => {
    const mu = new Mutex();
    {
      using _ = await mu.lock();
      expect(mu.locked).toBe(true);
    }
    expect(mu.locked).toBe(false);
  });

  test("plain unlock works, and unlocking an unlocked mutex throws SyncError", async () => {
    const mu = new Mutex();
    await mu.lock();
    mu.unlock();
    expect(() => mu.unlock()).toThrow(SyncError);
    expect(() => mu.unlock()).toThrow("sync: unlock of unlocked mutex");
  });

  test("a guard released twice unlocks once", async () => {
    const mu = new Mutex();
    const g = await mu.lock();
    g.unlock();
    g.unlock();
    expect(g.released).toBe(true);
    const h = mu.tryLock();
    expect(h).toBeDefined();
    g[Symbol.dispose]();
    expect(mu.locked).toBe(true);
  });

  test("tryLock fails while the lock is held", async () => {
    const mu = new Mutex();
    const g = mu.tryLock()!;
    expect(mu.tryLock()).toBeUndefined();
    g.unlock();
    expect(mu.tryLock()).toBeDefined();
  });

  test("an aborted lock leaves the queue and removes its listener", async () => {
    const mu = new Mutex();
    const held = await mu.lock();
    const ctrl = new AbortController();
    const aborted = mu.lock({ signal: ctrl.signal }).catch((e: unknown) => e);
    const next = mu.lock();
    ctrl.abort(new Error("timeout"));
    expect(((await aborted) as Error).message).toBe("timeout");
    held.unlock();
    (await next).unlock();
    expect(mu.locked).toBe(false);
  });
});
