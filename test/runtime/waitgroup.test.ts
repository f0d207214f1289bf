import { afterEach, describe, expect, test } from "bun:test";
import { Channel, setPanicHandler, SyncError, WaitGroup, defaultPanicHandler } from "../../src/runtime/index.ts";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

afterEach(() => void setPanicHandler(defaultPanicHandler));

describe("WaitGroup", () => {
  test("wait resolves at once when the counter is zero", async () => {
    await new WaitGroup().wait();
  });

  test("wait resolves only after every done", async () => {
    const wg = new WaitGroup();
    wg.add(3);
    let finished = false;
    const w = wg.wait().then(() => (finished = true));
    wg.done();
    wg.done();
    await settle();
    expect(finished).toBe(false);
    wg.done();
    await w;
    expect(wg.count).toBe(0);
  });

  test("go counts a task until it settles", async () => {
    const wg = new WaitGroup();
    const gate = new Channel<void>();
    let ran = 0;
    for (let i = 0; i < 10; i++) {
      wg.go(async () => {
        await gate.recv();
        ran++;
      });
    }
    expect(wg.count).toBe(10);
    gate.close();
    await wg.wait();
    expect(ran).toBe(10);
  });

  test("go reports a failing task to the panic handler by name and still counts it done", async () => {
    const seen: [string, string][] = [];
    setPanicHandler((e, name) => seen.push([name, (e as Error).message]));
    const wg = new WaitGroup();
    wg.go(async () => {
      throw new Error("async boom");
    }, "fetcher");
    wg.go(function parser() {
      throw new Error("sync boom");
    });
    await wg.wait();
    expect(seen).toEqual([
      ["parser", "sync boom"],
      ["fetcher", "async boom"],
    ]);
  });

  test("a negative counter throws SyncError", () => {
    const wg = new WaitGroup();
    expect(() => wg.done()).toThrow(SyncError);
    expect(() => wg.done()).toThrow("sync: negative WaitGroup counter");
  });

  test("every waiter of a round is released", async () => {
    const wg = new WaitGroup();
    wg.add(1);
    const waiters = Array.from({ length: 100 }, () => wg.wait());
    wg.done();
    await Promise.all(waiters);
  });

  test("a wait that ends normally removes its abort listener", async () => {
    const wg = new WaitGroup();
    wg.add(1);
    const signal = new AbortController().signal;
    let listeners = 0;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => (listeners++, add(...a))) as typeof add;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => (listeners--, remove(...a))) as typeof remove;
    const w = wg.wait({ signal });
    expect(listeners).toBe(1);
    wg.done();
    await w;
    expect(listeners).toBe(0);
  });

  test("aborting wait rejects and detaches, and later waits still work", async () => {
    const wg = new WaitGroup();
    wg.add(1);
    const ctrl = new AbortController();
    const w = wg.wait({ signal: ctrl.signal }).catch((e: unknown) => e);
    ctrl.abort(new Error("bored"));
    expect(((await w) as Error).message).toBe("bored");
    const again = wg.wait();
    wg.done();
    await again;
  });
});
