import { describe, expect, test } from "bun:test";
import { RWMutex, SyncError, WaitGroup } from "../../src/runtime/index.ts";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Tracks whether a promise has settled. */
function track<T>(p: Promise<T>): { p: Promise<T>; done: () => boolean } {
  let done = false;
  void p.then(() => (done = true));
  return { p, done: () => done };
}

describe("RWMutex", () => {
  test("admits many readers at once", async () => {
    const rw = new RWMutex();
    const guards = await Promise.all([rw.rlock(), rw.rlock(), rw.rlock()]);
    expect(rw.readers).toBe(3);
    for (const g of guards) g.unlock();
    expect(rw.readers).toBe(0);
  });

  test("a writer excludes readers and other writers", async () => {
    const rw = new RWMutex();
    const w = await rw.lock();
    expect(rw.tryRLock()).toBeUndefined();
    expect(rw.tryLock()).toBeUndefined();
    w.unlock();
    expect(rw.tryLock()).toBeDefined();
  });

  test("a waiting writer blocks new readers, so readers cannot starve it", async () => {
    const rw = new RWMutex();
    const r1 = await rw.rlock();
    const writer = track(rw.lock());
    const r2 = track(rw.rlock());
    await settle();
    expect(writer.done()).toBe(false);
    expect(r2.done()).toBe(false);
    r1.unlock();
    const w = await writer.p;
    await settle();
    expect(r2.done()).toBe(false);
    w.unlock();
    (await r2.p).unlock();
  });

  test("readers queued behind a writer go before the next writer, so writers cannot starve them", async () => {
    const rw = new RWMutex();
    const w1 = await rw.lock();
    const readers = [track(rw.rlock()), track(rw.rlock())];
    const w2 = track(rw.lock());
    w1.unlock();
    const guards = await Promise.all(readers.map((r) => r.p));
    expect(rw.readers).toBe(2);
    expect(w2.done()).toBe(false);
    for (const g of guards) g.unlock();
    (await w2.p).unlock();
  });

  test("a writer gets in within one round under a continuous stream of overlapping readers", async () => {
    const rw = new RWMutex();
    let stop = false;
    let readsAfterWriterQueued = -1;
    const wg = new WaitGroup();
    for (let i = 0; i < 8; i++) {
      wg.go(async () => {
        while (!stop) {
          using _ = await rw.rlock();
          if (readsAfterWriterQueued >= 0) readsAfterWriterQueued++;
          await settle();
        }
      });
    }
    await settle();
    readsAfterWriterQueued = 0;
    const g = await rw.lock();
    const reads = readsAfterWriterQueued;
    stop = true;
    g.unlock();
    await wg.wait();
    expect(reads).toBe(0);
  });

  test("an aborted writer lets the readers queued behind it in", async () => {
    const rw = new RWMutex();
    const r1 = await rw.rlock();
    const ctrl = new AbortController();
    const writer = rw.lock({ signal: ctrl.signal }).catch((e: unknown) => e);
    const r2 = track(rw.rlock());
    ctrl.abort(new Error("gave up"));
    expect(((await writer) as Error).message).toBe("gave up");
    (await r2.p).unlock();
    r1.unlock();
    expect(rw.readers).toBe(0);
  });

  test("unlocking what is not held throws SyncError", () => {
    const rw = new RWMutex();
    expect(() => rw.unlock()).toThrow(SyncError);
    expect(() => rw.runlock()).toThrow("sync: RUnlock of unlocked RWMutex");
  });
});
