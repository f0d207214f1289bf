import { describe, expect, test } from "bun:test";
import { Channel, ChannelClosedError, go, gosched, InvalidArgumentError, onRecv, onSend, PREEMPT_EVERY, select, WaitGroup } from "../../src/runtime/index.ts";
import { RUN_AFTER } from "../../src/runtime/channel.ts";
import { PREEMPT_SLICE_MS, setSliceClock } from "../../src/runtime/sched.ts";

/** Lets every ready continuation run: one full turn of the event loop. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** An AbortSignal that counts its live abort listeners. */
function spiedSignal(): { ctrl: AbortController; signal: AbortSignal; listeners: () => number } {
  const ctrl = new AbortController();
  const signal = ctrl.signal;
  const live = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((...a: Parameters<typeof add>) => {
    live.add(a[1]);
    add(...a);
  }) as typeof add;
  signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
    live.delete(a[1]);
    remove(...a);
  }) as typeof remove;
  return { ctrl, signal, listeners: () => live.size };
}

const kinds = [
  { name: "an unbuffered", capacity: 0 },
  { name: "a buffered", capacity: 3 },
] as const;

describe.each(kinds)("$name channel", ({ capacity }) => {
  const make = <T>(): Channel<T> => new Channel<T>(capacity);

  test("reports its capacity and buffered length", async () => {
    const ch = make<number>();
    expect(ch.cap).toBe(capacity);
    expect(ch.len).toBe(0);
    if (capacity > 0) {
      await ch.send(1);
      expect(ch.len).toBe(1);
    }
  });

  test("delivers values in the order they were sent", async () => {
    const ch = make<number>();
    go(async () => {
      for (let i = 0; i < 100; i++) await ch.send(i);
      ch.close();
    });
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    expect(got).toEqual([...Array(100).keys()]);
  });

  test("carries undefined and null as ordinary values", async () => {
    const ch = make<undefined | null | number>();
    go(async () => {
      for (const v of [undefined, null, 0, undefined]) await ch.send(v);
      ch.close();
    });
    const got: unknown[] = [];
    for (let r = await ch.recv(); r.ok; r = await ch.recv()) got.push(r.value);
    expect(got).toEqual([undefined, null, 0, undefined]);
  });

  test("recv drains buffered values before reporting closed", async () => {
    const ch = make<string>();
    const sent = ["a", "b", "c"].slice(0, capacity);
    for (const v of sent) await ch.send(v);
    ch.close();
    for (const v of sent) expect(await ch.recv()).toEqual({ ok: true, value: v });
    expect(await ch.recv()).toEqual({ ok: false });
    expect(await ch.recv()).toEqual({ ok: false });
  });

  test("close wakes every parked receiver with ok=false", async () => {
    const ch = make<number>();
    const parked = Array.from({ length: 5 }, () => ch.recv());
    await settle();
    ch.close();
    expect(await Promise.all(parked)).toEqual(Array(5).fill({ ok: false }));
  });

  test("a send on a closed channel rejects with ChannelClosedError", async () => {
    const ch = make<number>();
    ch.close();
    const err = await ch.send(1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelClosedError);
    expect((err as ChannelClosedError).code).toBe("ERR_CHANNEL_CLOSED");
    expect((err as Error).message).toBe("send on closed channel");
    expect(() => ch.trySend(1)).toThrow(ChannelClosedError);
  });

  test("closing twice throws", () => {
    const ch = make<number>();
    ch.close();
    expect(() => ch.close()).toThrow("close of closed channel");
  });

  test("a parked send rejects when the channel is closed", async () => {
    const ch = make<number>();
    for (let i = 0; i < capacity; i++) await ch.send(i);
    const parked = ch.send(99).catch((e: unknown) => e);
    await settle();
    ch.close();
    expect(await parked).toBeInstanceOf(ChannelClosedError);
    for (let i = 0; i < capacity; i++) expect(await ch.recv()).toEqual({ ok: true, value: i });
    expect(await ch.recv()).toEqual({ ok: false });
  });

  test("tryRecv returns undefined when a receive would block", () => {
    const ch = make<number>();
    expect(ch.tryRecv()).toBeUndefined();
    ch.close();
    expect(ch.tryRecv()).toEqual({ ok: false });
  });

  test("trySend returns false when a send would block", () => {
    const ch = make<number>();
    for (let i = 0; i < capacity; i++) expect(ch.trySend(i)).toBe(true);
    expect(ch.trySend(-1)).toBe(false);
    expect(ch.len).toBe(capacity);
  });

  test("trySend hands a value straight to a parked receiver", async () => {
    const ch = make<number>();
    const r = ch.recv();
    expect(ch.trySend(7)).toBe(true);
    expect(await r).toEqual({ ok: true, value: 7 });
  });

  test("aborting a pending recv withdraws it, so the next value goes to the next receiver", async () => {
    const ch = make<number>();
    const { ctrl, signal, listeners } = spiedSignal();
    const aborted = ch.recv({ signal }).catch((e: unknown) => e);
    const next = ch.recv();
    expect(listeners()).toBe(1);
    ctrl.abort(new Error("gave up"));
    expect(((await aborted) as Error).message).toBe("gave up");
    expect(listeners()).toBe(0);
    await ch.send(5);
    expect(await next).toEqual({ ok: true, value: 5 });
  });

  test("aborting a pending send withdraws its value", async () => {
    const ch = make<number>();
    for (let i = 0; i < capacity; i++) await ch.send(i);
    const { ctrl, signal, listeners } = spiedSignal();
    const aborted = ch.send(99, { signal }).catch((e: unknown) => e);
    ctrl.abort(new Error("gave up"));
    expect(((await aborted) as Error).message).toBe("gave up");
    expect(listeners()).toBe(0);
    for (let i = 0; i < capacity; i++) expect(ch.tryRecv()).toEqual({ ok: true, value: i });
    expect(ch.tryRecv()).toBeUndefined();
  });

  test("a settled send or recv removes its abort listener", async () => {
    const ch = make<number>();
    const { signal, listeners } = spiedSignal();
    const r = ch.recv({ signal });
    await ch.send(1, { signal });
    expect(await r).toEqual({ ok: true, value: 1 });
    for (let i = 0; i < capacity; i++) await ch.send(i);
    const s = ch.send(2, { signal });
    expect(listeners()).toBe(1);
    await ch.recv();
    await s;
    expect(listeners()).toBe(0);
  });

  test("an already aborted signal rejects without touching the channel", async () => {
    const ch = make<number>();
    const signal = AbortSignal.abort(new Error("early"));
    expect(((await ch.send(1, { signal }).catch((e: unknown) => e)) as Error).message).toBe("early");
    expect(((await ch.recv({ signal }).catch((e: unknown) => e)) as Error).message).toBe("early");
    expect(ch.len).toBe(0);
  });

  test("for await ends when the channel is closed", async () => {
    const ch = make<number>();
    go(async () => {
      await ch.send(1);
      await ch.send(2);
      ch.close();
    });
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    expect(got).toEqual([1, 2]);
  });

  // Beyond RUN_AFTER queued receives, plain receives park in a shared run (recv-run.ts).
  const many = RUN_AFTER * 3;

  test("serves a long queue of parked receivers first in, first out", async () => {
    const ch = make<number>();
    const parked = Array.from({ length: many }, () => ch.recv());
    await settle();
    for (let i = 0; i < many; i++) await ch.send(i);
    expect(await Promise.all(parked)).toEqual([...Array(many).keys()].map((value) => ({ ok: true, value })));
    expect(ch.len).toBe(0);
  });

  test("values sent to a long queue in one tick reach their receivers in order", async () => {
    const ch = make<number>();
    const parked = Array.from({ length: many }, () => ch.recv());
    for (let i = 0; i < many; i++) expect(ch.trySend(i)).toBe(true);
    expect(ch.trySend(-1)).toBe(capacity > 0);
    expect(await Promise.all(parked)).toEqual([...Array(many).keys()].map((value) => ({ ok: true, value })));
  });

  test("close under a long queue: receivers given a value keep it, the rest see ok=false", async () => {
    const ch = make<number>();
    const parked = Array.from({ length: many }, () => ch.recv());
    const given = RUN_AFTER + 10;
    for (let i = 0; i < given; i++) ch.trySend(i);
    ch.close();
    const got = await Promise.all(parked);
    expect(got.slice(0, given)).toEqual([...Array(given).keys()].map((value) => ({ ok: true, value })));
    expect(got.slice(given)).toEqual(Array(many - given).fill({ ok: false }));
    expect(await ch.recv()).toEqual({ ok: false });
  });

  test("a long queue mixing plain, abortable and select receivers stays first in, first out", async () => {
    const ch = make<number>();
    const order: string[] = [];
    const track = (name: string) => (r: { ok: boolean; value?: unknown }) => order.push(`${name}:${r.ok ? r.value : "closed"}`);
    const ctrl = new AbortController();
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < many; i++) all.push(ch.recv().then(track(`p${i}`)));
    all.push(ch.recv({ signal: ctrl.signal }).then(track("aborted"), () => order.push("aborted:rejected")));
    all.push(ch.recv({ signal: new AbortController().signal }).then(track("signal")));
    all.push(select([onRecv(ch, (r) => track("select")(r))]));
    for (let i = 0; i < many; i++) all.push(ch.recv().then(track(`q${i}`)));
    ctrl.abort(new Error("gave up"));
    const total = 2 * many + 2;
    for (let i = 0; i < total - 10; i++) await ch.send(i);
    ch.close();
    await Promise.all(all);
    const expected = [
      ...Array.from({ length: many }, (_, i) => `p${i}:${i}`),
      `signal:${many}`,
      `select:${many + 1}`,
      ...Array.from({ length: many }, (_, i) => (many + 2 + i < total - 10 ? `q${i}:${many + 2 + i}` : `q${i}:closed`)),
    ];
    expect(order.filter((o) => !o.startsWith("aborted")).sort()).toEqual([...expected].sort());
    expect(order).toContain("aborted:rejected");
    // Values were handed out in queue order.
    const byValue = order.filter((o) => /:\d+$/.test(o)).sort((a, b) => Number(a.split(":")[1]) - Number(b.split(":")[1]));
    expect(byValue.map((o) => o.split(":")[0])).toEqual(expected.filter((o) => !o.endsWith("closed")).map((o) => o.split(":")[0]));
  });

  test("a send case of a select sees a long queue of parked receivers as ready", async () => {
    const ch = make<number>();
    const parked = Array.from({ length: many }, () => ch.recv());
    for (let i = 0; i < many; i++) expect(await select([onSend(ch, i, () => "sent")], { default: () => "blocked" })).toBe("sent");
    expect(await select([onSend(ch, -1, () => "sent")], { default: () => "blocked" })).toBe(capacity > 0 ? "sent" : "blocked");
    expect(await Promise.all(parked)).toEqual([...Array(many).keys()].map((value) => ({ ok: true, value })));
  });

  test("loses no wake-up under 100,000 concurrent senders and receivers", async () => {
    const n = 100_000;
    const ch = make<number>();
    const seen = new Uint8Array(n);
    const wg = new WaitGroup();
    for (let i = 0; i < n; i++) {
      wg.go(async () => {
        const r = await ch.recv();
        if (r.ok) seen[r.value]!++;
      });
      wg.go(() => ch.send(i));
    }
    await wg.wait();
    expect(seen.every((c) => c === 1)).toBe(true);
    expect(ch.len).toBe(0);
  });

  test("aborted waiters do not accumulate in its queues", async () => {
    const ch = make<number>();
    for (let i = 0; i < 1000; i++) {
      const ctrl = new AbortController();
      const r = ch.recv({ signal: ctrl.signal }).catch(() => undefined);
      ctrl.abort();
      await r;
    }
    const r = ch.recv();
    await ch.send(1);
    expect(await r).toEqual({ ok: true, value: 1 });
  });
});

describe("an unbuffered channel", () => {
  test("blocks a send until a receiver takes the value", async () => {
    const ch = new Channel<number>();
    let sent = false;
    const p = ch.send(1).then(() => (sent = true));
    await settle();
    expect(sent).toBe(false);
    expect(await ch.recv()).toEqual({ ok: true, value: 1 });
    await p;
    expect(sent).toBe(true);
  });

  test("blocks a recv until a sender arrives", async () => {
    const ch = new Channel<number>();
    let got: unknown;
    const p = ch.recv().then((r) => (got = r));
    await settle();
    expect(got).toBeUndefined();
    await ch.send(3);
    await p;
    expect(got).toEqual({ ok: true, value: 3 });
  });

  test("serves parked senders first in, first out", async () => {
    const ch = new Channel<number>();
    for (let i = 0; i < 5; i++) void ch.send(i);
    for (let i = 0; i < 5; i++) expect(await ch.recv()).toEqual({ ok: true, value: i });
  });
});

describe("a buffered channel", () => {
  test("completes sends without a receiver until the buffer is full", async () => {
    const ch = new Channel<number>(2);
    await ch.send(1);
    await ch.send(2);
    let third = false;
    const p = ch.send(3).then(() => (third = true));
    await settle();
    expect(third).toBe(false);
    expect(ch.len).toBe(2);
    expect(await ch.recv()).toEqual({ ok: true, value: 1 });
    await p;
    expect(ch.len).toBe(2);
    expect([ch.tryRecv(), ch.tryRecv()]).toEqual([
      { ok: true, value: 2 },
      { ok: true, value: 3 },
    ]);
  });

  test.each([-1, 1.5, Number.NaN])("rejects capacity %p with InvalidArgumentError", (cap) => {
    expect(() => new Channel(cap)).toThrow(InvalidArgumentError);
    expect(() => new Channel(cap)).toThrow(`channel: invalid capacity ${cap}`);
  });
});

describe("preemption", () => {
  test("gosched lets queued macrotasks run before it resolves", async () => {
    let fired = false;
    setImmediate(() => (fired = true));
    await gosched();
    expect(fired).toBe(true);
  });

  test("a long chain of synchronous hand-offs lets macrotasks run", async () => {
    let fired = false;
    setImmediate(() => (fired = true));
    const ping = new Channel<number>();
    const pong = new Channel<number>();
    go(async () => {
      for await (const v of ping) await pong.send(v);
    });
    let n = 0;
    while (!fired && n < 1_000 * PREEMPT_EVERY) {
      await ping.send(n++);
      await pong.recv();
    }
    ping.close();
    expect(fired).toBe(true);
  });

  test("the chain yields once its time slice has run out, and not before", async () => {
    let now = 0;
    const prev = setSliceClock(() => now);
    try {
      let fired = false;
      setImmediate(() => (fired = true));
      const ch = new Channel<number>(1);
      let firedAt = -1;
      for (let i = 0; i < 100 * PREEMPT_EVERY && firedAt < 0; i++) {
        await ch.send(i);
        await ch.recv();
        now += 0.001; // 1 µs per round trip of two hand-offs
        if (fired) firedAt = now;
      }
      expect(firedAt).toBeGreaterThanOrEqual(PREEMPT_SLICE_MS);
      // The slice is checked every PREEMPT_EVERY hand-offs, i.e. every PREEMPT_EVERY / 2 round trips.
      expect(firedAt).toBeLessThanOrEqual(PREEMPT_SLICE_MS + ((PREEMPT_EVERY / 2) * 0.001) + 0.01);
    } finally {
      setSliceClock(prev);
    }
  });

  test("timers fire during a chain of non-blocking hand-offs", async () => {
    let fired = false;
    setTimeout(() => (fired = true), 0);
    const ch = new Channel<number>(16);
    go(async () => {
      for (let i = 0; !fired; i++) ch.trySend(i) || (await ch.send(i));
      ch.close();
    });
    let n = 0;
    for await (const _ of ch) n++;
    expect(fired).toBe(true);
    expect(n).toBeGreaterThan(0);
  });
});
