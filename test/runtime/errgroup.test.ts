import { describe, expect, test } from "bun:test";
import { background, Canceled, Channel, Group, onDone, onRecv, select, SyncError } from "../../src/runtime/index.ts";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("Group", () => {
  test("wait returns undefined when every task succeeds", async () => {
    const g = new Group();
    let n = 0;
    for (let i = 0; i < 5; i++) g.go(async () => void n++);
    expect(await g.wait()).toBeUndefined();
    expect(n).toBe(5);
  });

  test("the first error cancels the group's context and is what wait returns", async () => {
    const [g, ctx] = Group.withContext(background());
    const never = new Channel<void>();
    const observed: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      g.go(() => select([onRecv(never, () => "recv"), onDone(ctx, (err) => observed.push(err))]));
    }
    g.go(async () => {
      await settle();
      throw new Error("first");
    });
    g.go(async () => {
      await settle();
      await settle();
      throw new Error("second");
    });
    const err = await g.wait();
    expect(err?.message).toBe("first");
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe(err);
    expect(observed).toEqual([Canceled, Canceled, Canceled]);
  });

  test("wait cancels the context even without errors", async () => {
    const [g, ctx] = Group.withContext(background());
    g.go(() => undefined);
    expect(await g.wait()).toBeUndefined();
    expect(ctx.err()).toBe(Canceled);
  });

  test("runs at most limit tasks at once and starts the rest as slots free", async () => {
    const [g] = Group.withContext(background(), { limit: 3 });
    let running = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 20; i++) {
      void g.go(async () => {
        running++;
        peak = Math.max(peak, running);
        await settle();
        running--;
        done++;
      });
    }
    expect(running).toBe(3);
    expect(await g.wait()).toBeUndefined();
    expect(peak).toBe(3);
    expect(done).toBe(20);
  });

  test("go resolves when the task has started, giving back-pressure", async () => {
    const g = new Group({ limit: 1 });
    const gate = new Channel<void>();
    await g.go(() => gate.recv());
    let started = false;
    const second = g.go(() => void (started = true));
    await settle();
    expect(started).toBe(false);
    gate.close();
    await second;
    expect(started).toBe(true);
    await g.wait();
  });

  test("tryGo refuses when the limit is reached", async () => {
    const g = new Group({ limit: 1 });
    const gate = new Channel<void>();
    expect(g.tryGo(() => gate.recv())).toBe(true);
    expect(g.tryGo(() => undefined)).toBe(false);
    gate.close();
    await g.wait();
    expect(g.tryGo(() => undefined)).toBe(true);
    await g.wait();
  });

  test("changing the limit while tasks run throws SyncError", async () => {
    const g = new Group();
    const gate = new Channel<void>();
    g.go(() => gate.recv());
    expect(() => g.setLimit(2)).toThrow(SyncError);
    gate.close();
    await g.wait();
    g.setLimit(2);
  });

  test("a thrown non-Error becomes an Error with the value as cause", async () => {
    const g = new Group();
    g.go(() => {
      throw "plain string";
    });
    const err = await g.wait();
    expect(err?.message).toBe("plain string");
    expect(err?.cause).toBe("plain string");
  });
});
