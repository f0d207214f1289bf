import { describe, expect, test } from "bun:test";
import {
  background,
  WaitGroup,
  Channel,
  ChannelClosedError,
  FakeClock,
  onDone,
  onRecv,
  onSend,
  onTimeout,
  select,
  withCancel,
} from "../../src/runtime/index.ts";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("select", () => {
  test("chooses each of two always-ready cases 40–60% of 10,000 times", async () => {
    const a = new Channel<number>();
    const b = new Channel<number>();
    a.close();
    b.close();
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) {
      await select([onRecv(a, () => counts.a++), onRecv(b, () => counts.b++)]);
    }
    expect(counts.a).toBeGreaterThanOrEqual(4_000);
    expect(counts.a).toBeLessThanOrEqual(6_000);
    expect(counts.a + counts.b).toBe(10_000);
  });

  test.each([
    { random: 0, chosen: "a" },
    { random: 0.49, chosen: "a" },
    { random: 0.5, chosen: "c" },
    { random: 0.999, chosen: "c" },
  ])("with random() = $random picks ready case $chosen", async ({ random, chosen }) => {
    const [a, b, c] = [new Channel<string>(1), new Channel<string>(1), new Channel<string>(1)];
    await a.send("a");
    await c.send("c");
    const got = await select([onRecv(a, (r) => r), onRecv(b, (r) => r), onRecv(c, (r) => r)], { random: () => random });
    expect(got).toEqual({ ok: true, value: chosen });
  });

  test("runs the default case when nothing is ready", async () => {
    const ch = new Channel<number>();
    expect(await select([onRecv(ch, () => "recv")], { default: () => "default" })).toBe("default");
    expect(ch.tryRecv()).toBeUndefined();
  });

  test("prefers a ready case over the default", async () => {
    const ch = new Channel<number>(1);
    await ch.send(1);
    expect(await select([onRecv(ch, (r) => r)], { default: () => "default" })).toEqual({ ok: true, value: 1 });
  });

  test("sends on a ready send case", async () => {
    const ch = new Channel<number>(1);
    expect(await select([onSend(ch, 9, () => "sent")])).toBe("sent");
    expect(ch.tryRecv()).toEqual({ ok: true, value: 9 });
  });

  test("blocks until the first case becomes ready, and that case wins", async () => {
    const a = new Channel<string>();
    const b = new Channel<string>();
    const out = select([onRecv(a, (r) => ["a", r]), onRecv(b, (r) => ["b", r])]);
    await settle();
    expect(b.trySend("x")).toBe(true);
    expect(await out).toEqual(["b", { ok: true, value: "x" }]);
  });

  test("withdraws losing receive cases, so no value is lost to them", async () => {
    const a = new Channel<number>();
    const b = new Channel<number>();
    const out = select([onRecv(a, () => "a"), onRecv(b, () => "b")]);
    await a.send(1);
    expect(await out).toBe("a");
    expect(b.trySend(2)).toBe(false);
    const pending = b.send(2);
    expect(await b.recv()).toEqual({ ok: true, value: 2 });
    await pending;
  });

  test("a value sent to a losing case in the same tick stays with its sender", async () => {
    const a = new Channel<number>();
    const b = new Channel<number>();
    const sel = select([onRecv(a, (r) => ["a", r]), onRecv(b, (r) => ["b", r])]);
    const sentA = a.send(1);
    let sentB = false;
    const pendingB = b.send(2).then(() => (sentB = true));
    expect(await sel).toEqual(["a", { ok: true, value: 1 }]);
    await sentA;
    await settle();
    expect(sentB).toBe(false);
    expect(b.tryRecv()).toEqual({ ok: true, value: 2 });
    await pendingB;
  });

  test("withdraws a losing send case, so its value is never received", async () => {
    const a = new Channel<number>();
    const out = new Channel<string>();
    const sel = select([onRecv(a, () => "recv"), onSend(out, "never", () => "send")]);
    await settle();
    await a.send(1);
    expect(await sel).toBe("recv");
    expect(out.tryRecv()).toBeUndefined();
  });

  test("a blocked send case completes when a receiver arrives", async () => {
    const out = new Channel<string>();
    const never = new Channel<string>();
    const sel = select([onRecv(never, () => "recv"), onSend(out, "v", () => "sent")]);
    await settle();
    expect(await out.recv()).toEqual({ ok: true, value: "v" });
    expect(await sel).toBe("sent");
    expect(never.trySend("x")).toBe(false);
  });

  test("two blocked selects on opposite ends of a channel meet", async () => {
    const ch = new Channel<number>();
    const other = new Channel<number>();
    const recv = select([onRecv(ch, (r) => r), onRecv(other, () => "other")]);
    const send = select([onSend(ch, 4, () => "sent"), onRecv(other, () => "other")]);
    expect(await send).toBe("sent");
    expect(await recv).toEqual({ ok: true, value: 4 });
    expect(other.trySend(1)).toBe(false);
  });

  test("a receive case sees ok=false when its channel is closed", async () => {
    const ch = new Channel<number>();
    const sel = select([onRecv(ch, (r) => r)]);
    ch.close();
    expect(await sel).toEqual({ ok: false });
  });

  test("rejects with ChannelClosedError when a send case's channel is closed", async () => {
    const ch = new Channel<number>();
    const blocked = select([onSend(ch, 1, () => "sent")]).catch((e: unknown) => e);
    ch.close();
    expect(await blocked).toBeInstanceOf(ChannelClosedError);
    expect(await select([onSend(ch, 1, () => "sent")]).catch((e: unknown) => e)).toBeInstanceOf(ChannelClosedError);
  });

  test("fires the timeout case on the injected clock and only then", async () => {
    const clock = new FakeClock();
    const ch = new Channel<number>();
    let done = false;
    const sel = select([onRecv(ch, () => "recv"), onTimeout(1000, () => "timeout", { clock })]).then((v) => {
      done = true;
      return v;
    });
    clock.advance(999);
    await settle();
    expect(done).toBe(false);
    clock.advance(1);
    expect(await sel).toBe("timeout");
    expect(ch.trySend(1)).toBe(false);
  });

  test("clears the timeout's timer when another case wins", async () => {
    const clock = new FakeClock();
    const ch = new Channel<number>();
    const sel = select([onRecv(ch, () => "recv"), onTimeout(1000, () => "timeout", { clock })]);
    expect(clock.pending).toBe(1);
    await ch.send(1);
    expect(await sel).toBe("recv");
    expect(clock.pending).toBe(0);
  });

  test("onDone fires with the context's error when it is cancelled", async () => {
    const [ctx, cancel] = withCancel(background());
    const ch = new Channel<number>();
    const sel = select([onRecv(ch, () => "recv"), onDone(ctx, (err) => err)]);
    cancel();
    expect(await sel).toBe(ctx.err()!);
  });

  test("aborting a blocked select withdraws every case", async () => {
    const ch = new Channel<number>();
    const out = new Channel<number>();
    const ctrl = new AbortController();
    const clock = new FakeClock();
    const sel = select([onRecv(ch, () => "recv"), onSend(out, 1, () => "sent"), onTimeout(5, () => "t", { clock })], {
      signal: ctrl.signal,
    }).catch((e: unknown) => e);
    ctrl.abort(new Error("stop"));
    expect(((await sel) as Error).message).toBe("stop");
    expect(ch.trySend(1)).toBe(false);
    expect(out.tryRecv()).toBeUndefined();
    expect(clock.pending).toBe(0);
  });

  test("a throwing case handler rejects the select", async () => {
    const ch = new Channel<number>(1);
    await ch.send(1);
    const err = await select([
      onRecv(ch, () => {
        throw new Error("boom");
      }),
    ]).catch((e: unknown) => e);
    expect((err as Error).message).toBe("boom");
  });

  test("loses and duplicates no value when 20,000 blocked selects race over two channels", async () => {
    const n = 10_000;
    const a = new Channel<number>();
    const b = new Channel<number>(7);
    const seen = new Uint8Array(2 * n);
    const wg = new WaitGroup();
    const take = (r: { ok: boolean; value?: number }): void => {
      if (r.ok) seen[r.value!]!++;
    };
    for (let i = 0; i < 2 * n; i++) wg.go(() => select([onRecv(a, take), onRecv(b, take)]));
    for (let i = 0; i < n; i++) {
      wg.go(() => a.send(i));
      wg.go(() => b.send(n + i));
    }
    await wg.wait();
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  test("many selects in a loop leave no registrations behind", async () => {
    const clock = new FakeClock();
    const idle = new Channel<number>();
    for (let i = 0; i < 1000; i++) {
      const sel = select([onRecv(idle, () => "recv"), onTimeout(1, () => "timeout", { clock })]);
      clock.advance(1);
      expect(await sel).toBe("timeout");
    }
    const r = idle.recv();
    expect(idle.trySend(7)).toBe(true);
    expect(await r).toEqual({ ok: true, value: 7 });
  });
});
