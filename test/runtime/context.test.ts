import { describe, expect, test } from "bun:test";
import {
  background,
  Canceled,
  childCount,
  DeadlineExceeded,
  FakeClock,
  fromSignal,
  sleep,
  withCancel,
  withDeadline,
  withTimeout,
  withValue,
} from "../../src/runtime/index.ts";

describe("background", () => {
  test("is never cancelled and has no deadline or values", () => {
    const ctx = background();
    expect(ctx.err()).toBeUndefined();
    expect(ctx.deadline()).toBeUndefined();
    expect(ctx.value("k")).toBeUndefined();
    expect(ctx.signal.aborted).toBe(false);
    expect(ctx.done().tryRecv()).toBeUndefined();
  });
});

describe("withCancel", () => {
  test("cancel closes done, aborts the signal with Canceled and sets err", async () => {
    const [ctx, cancel] = withCancel(background());
    const signal = ctx.signal;
    const done = ctx.done().recv();
    cancel();
    expect(ctx.err()).toBe(Canceled);
    expect(Canceled.code).toBe("ERR_CANCELED");
    expect(Canceled.message).toBe("context canceled");
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(Canceled);
    expect(await done).toEqual({ ok: false });
    expect(ctx.signal.aborted).toBe(true);
  });

  test("a cause given to cancel is reported by cause(), err stays Canceled", () => {
    const [ctx, cancel] = withCancel(background());
    const why = new Error("shutting down");
    cancel(why);
    cancel(new Error("ignored"));
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe(why);
  });

  test("cancelling a parent cancels every descendant, through value contexts", () => {
    const [root, cancel] = withCancel(background());
    const [a] = withCancel(root);
    const [b] = withCancel(withValue(a, "k", 1));
    const [c] = withTimeout(b, 10_000, { clock: new FakeClock() });
    cancel();
    for (const ctx of [a, b, c]) expect(ctx.err()).toBe(Canceled);
  });

  test("cancelling a child leaves the parent live and detaches the child", () => {
    const [parent, cancelParent] = withCancel(background());
    const [, cancelChild] = withCancel(parent);
    const [, cancelOther] = withCancel(withValue(parent, "k", 1));
    expect(childCount(parent)).toBe(2);
    cancelChild();
    cancelOther();
    expect(parent.err()).toBeUndefined();
    expect(childCount(parent)).toBe(0);
    cancelParent();
  });

  test("a child of an already cancelled parent starts cancelled", () => {
    const [parent, cancel] = withCancel(background());
    cancel(new Error("why"));
    const [child] = withCancel(parent);
    expect(child.err()).toBe(Canceled);
    expect(child.cause()).toEqual(new Error("why"));
    expect(childCount(parent)).toBe(0);
  });
});

describe("withTimeout and withDeadline", () => {
  test("the deadline cancels with DeadlineExceeded and frees the timer", () => {
    const clock = new FakeClock(1_000);
    const [ctx] = withTimeout(background(), 500, { clock });
    expect(ctx.deadline()).toBe(1_500);
    expect(clock.pending).toBe(1);
    clock.advance(499);
    expect(ctx.err()).toBeUndefined();
    clock.advance(1);
    expect(ctx.err()).toBe(DeadlineExceeded);
    expect(DeadlineExceeded.message).toBe("context deadline exceeded");
    expect(ctx.signal.reason).toBe(DeadlineExceeded);
    expect(clock.pending).toBe(0);
  });

  test("cancelling early clears the timer", () => {
    const clock = new FakeClock();
    const [parent, cancelParent] = withCancel(background());
    const [ctx, cancel] = withTimeout(parent, 500, { clock });
    const [child] = withTimeout(ctx, 400, { clock });
    expect(clock.pending).toBe(2);
    cancel();
    expect(ctx.err()).toBe(Canceled);
    expect(child.err()).toBe(Canceled);
    expect(clock.pending).toBe(0);
    expect(childCount(parent)).toBe(0);
    cancelParent();
  });

  test("an earlier parent deadline wins and no timer is armed for the child", () => {
    const clock = new FakeClock();
    const [parent] = withTimeout(background(), 100, { clock });
    const [child] = withDeadline(parent, 500, { clock });
    expect(child.deadline()).toBe(100);
    expect(clock.pending).toBe(1);
    clock.advance(100);
    expect(child.err()).toBe(DeadlineExceeded);
  });

  test("a deadline in the past cancels at once", () => {
    const clock = new FakeClock(1_000);
    const [ctx] = withDeadline(background(), new Date(999), { clock });
    expect(ctx.err()).toBe(DeadlineExceeded);
    expect(clock.pending).toBe(0);
  });

  test("sleep with the context ends early with its error", async () => {
    const clock = new FakeClock();
    const [ctx] = withTimeout(background(), 100, { clock });
    const slept = sleep(1_000, { ctx, clock }).catch((e: unknown) => e);
    clock.advance(100);
    expect(await slept).toBe(DeadlineExceeded);
    expect(clock.pending).toBe(0);
  });
});

describe("withValue", () => {
  test("looks values up through the chain, nearest first", () => {
    const user = Symbol("user");
    const a = withValue(background(), user, "ann");
    const [b] = withCancel(a);
    const c = withValue(b, user, "bob");
    expect(a.value(user)).toBe("ann");
    expect(b.value(user)).toBe("ann");
    expect(c.value(user)).toBe("bob");
    expect(c.value(Symbol("user"))).toBeUndefined();
  });
});

describe("fromSignal", () => {
  test("is cancelled when the signal aborts, with the reason as cause", () => {
    const ctrl = new AbortController();
    const ctx = fromSignal(ctrl.signal);
    expect(ctx.err()).toBeUndefined();
    ctrl.abort("bye");
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBe("bye");
  });

  test("maps a TimeoutError abort to DeadlineExceeded", () => {
    const ctrl = new AbortController();
    const ctx = fromSignal(ctrl.signal);
    ctrl.abort(new DOMException("timed out", "TimeoutError"));
    expect(ctx.err()).toBe(DeadlineExceeded);
  });

  test("an already aborted signal gives a cancelled context", () => {
    expect(fromSignal(AbortSignal.abort()).err()).toBe(Canceled);
  });

  test("removes its listener when the parent cancels it", () => {
    const ctrl = new AbortController();
    let listeners = 0;
    const signal = ctrl.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => (listeners++, add(...a))) as typeof add;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => (listeners--, remove(...a))) as typeof remove;
    const [parent, cancel] = withCancel(background());
    const ctx = fromSignal(signal, parent);
    expect(listeners).toBe(1);
    cancel();
    expect(ctx.err()).toBe(Canceled);
    expect(listeners).toBe(0);
  });

  test("its signal cancels fetch-style consumers", async () => {
    const [ctx, cancel] = withCancel(background());
    const consumer = new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)));
    cancel();
    expect(await consumer.catch((e: unknown) => e)).toBe(Canceled);
  });
});

describe("a program using contexts", () => {
  test("exits on its own once its contexts are cancelled or expired", async () => {
    const script = `
      import { background, withCancel, withTimeout, withDeadline, sleep, Ticker, select, onTimeout, onDone } from ${JSON.stringify(`${import.meta.dir}/../../src/runtime/index.ts`)};
      const [root, cancelRoot] = withCancel(background());
      const [a] = withTimeout(root, 60_000);
      const [b, cancelB] = withDeadline(a, Date.now() + 60_000);
      const [c] = withTimeout(b, 5);
      await c.done().recv();
      cancelB();
      await select([onDone(root, () => "root"), onTimeout(60_000, () => "timeout"), onTimeout(1, () => "quick")]);
      const t = new Ticker(60_000); t.stop();
      const ctrl = new AbortController();
      const s = sleep(60_000, { signal: ctrl.signal }).catch(() => {});
      ctrl.abort();
      await s;
      cancelRoot();
      console.log("finished");
    `;
    const started = performance.now();
    const proc = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" });
    const [code, out, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    expect(err).toBe("");
    expect(out).toBe("finished\n");
    expect(code).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
