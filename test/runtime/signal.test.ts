import { describe, expect, test } from "bun:test";
import { background, Canceled, notifyContext, SignalError, type SignalProcess } from "../../src/runtime/index.ts";

/** A process double that records handlers and exit codes. */
function fakeProcess(): SignalProcess & { emit(sig: string): void; count(): number; exits: number[] } {
  const handlers = new Map<string, Set<() => void>>();
  const exits: number[] = [];
  return {
    exits,
    on(sig, fn) {
      (handlers.get(sig) ?? handlers.set(sig, new Set()).get(sig)!).add(fn);
    },
    off(sig, fn) {
      handlers.get(sig)?.delete(fn);
    },
    exit(code) {
      exits.push(code);
    },
    emit(sig) {
      for (const fn of handlers.get(sig) ?? []) fn();
    },
    count() {
      let n = 0;
      for (const s of handlers.values()) n += s.size;
      return n;
    },
  };
}

describe("notifyContext", () => {
  test.each([
    { sig: "SIGINT", code: 130 },
    { sig: "SIGTERM", code: 143 },
  ])("the first $sig cancels the context, a second exits with $code", ({ sig, code }) => {
    const proc = fakeProcess();
    const [ctx, stop] = notifyContext(background(), undefined, { process: proc });
    expect(proc.count()).toBe(2);
    proc.emit(sig);
    expect(ctx.err()).toBe(Canceled);
    expect(ctx.cause()).toBeInstanceOf(SignalError);
    expect((ctx.cause() as SignalError).signal).toBe(sig);
    expect((ctx.cause() as SignalError).message).toBe(`signal: received ${sig}`);
    expect(proc.exits).toEqual([]);
    proc.emit(sig);
    expect(proc.exits).toEqual([code]);
    stop();
  });

  test("stop removes the handlers and cancels the context", () => {
    const proc = fakeProcess();
    const [ctx, stop] = notifyContext(background(), ["SIGHUP"], { process: proc });
    expect(proc.count()).toBe(1);
    stop();
    stop();
    expect(proc.count()).toBe(0);
    expect(ctx.err()).toBe(Canceled);
    proc.emit("SIGHUP");
    expect(proc.exits).toEqual([]);
  });

  test("ignores signals it was not asked for", () => {
    const proc = fakeProcess();
    const [ctx, stop] = notifyContext(background(), ["SIGTERM"], { process: proc });
    proc.emit("SIGINT");
    expect(ctx.err()).toBeUndefined();
    stop();
  });
});
