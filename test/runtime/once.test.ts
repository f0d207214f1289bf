import { describe, expect, test } from "bun:test";
import { Channel, Once } from "../../src/runtime/index.ts";

describe("Once", () => {
  test("runs its function once under concurrency, and every caller waits for it", async () => {
    const once = new Once();
    const gate = new Channel<void>();
    let runs = 0;
    let finished = false;
    const init = async (): Promise<void> => {
      runs++;
      await gate.recv();
      finished = true;
    };
    const callers = Array.from({ length: 100 }, () => once.do(init).then(() => finished));
    gate.close();
    expect(await Promise.all(callers)).toEqual(Array(100).fill(true));
    await once.do(init);
    expect(runs).toBe(1);
    expect(once.done).toBe(true);
  });

  test("a failed run is not retried, and every caller sees its error", async () => {
    const once = new Once();
    let runs = 0;
    const fail = (): never => {
      runs++;
      throw new Error("init failed");
    };
    const errs = await Promise.all([once.do(fail), once.do(fail)].map((p) => p.catch((e: Error) => e.message)));
    expect(errs).toEqual(["init failed", "init failed"]);
    expect(runs).toBe(1);
  });

  test("runs a synchronous function before do returns", () => {
    const once = new Once();
    let ran = false;
    void once.do(() => (ran = true));
    expect(ran).toBe(true);
  });
});
