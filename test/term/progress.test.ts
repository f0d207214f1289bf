import { describe, expect, test } from "bun:test";
import { createProgress, formatDuration, formatRate, type ProgressOptions } from "../../src/term/progress.ts";

/** A stream that records writes, and a clock the test advances by hand. */
function harness(options: Partial<ProgressOptions> & { tty: boolean }) {
  const writes: string[] = [];
  let t = 1_000_000;
  const stream = { write: (s: string) => writes.push(s), isTTY: options.tty };
  const progress = createProgress({ stream, now: () => t, env: { NO_COLOR: "1" }, ...options });
  return {
    writes,
    progress,
    advance(ms: number) {
      t += ms;
    },
  };
}

describe("formatRate", () => {
  const cases: [number, string][] = [
    [0, "0/s"],
    [0.5, "0.5/s"],
    [2, "2/s"],
    [9.5, "9.5/s"],
    [340.4, "340/s"],
    [1200, "1.2k/s"],
    [45_600, "46k/s"],
    [3_400_000, "3.4M/s"],
  ];
  for (const [rate, want] of cases) test(`formats ${rate} per second as ${want}`, () => expect(formatRate(rate)).toBe(want));
});

describe("formatDuration", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [11.2, "11s"],
    [72, "1m12s"],
    [3600 + 5 * 60 + 9, "1h5m"],
  ];
  for (const [seconds, want] of cases) test(`formats ${seconds}s as ${want}`, () => expect(formatDuration(seconds)).toBe(want));
});

describe("createProgress off a TTY", () => {
  test("writes a plain line once per interval with count, percent, rate and ETA", () => {
    const h = harness({ tty: false, total: 5000, label: "fetch" });
    for (let i = 0; i < 12; i++) {
      h.advance(294); // ~340 items/s in ticks of 100
      h.progress.tick(100);
    }
    expect(h.writes).toEqual([]);
    h.advance(5000 - 12 * 294);
    h.progress.set(1700);
    expect(h.writes).toEqual(["fetch: 1700/5000 (34%) 340/s ETA 10s\n"]);
  });

  test("writes no more than one line per interval however often it ticks", () => {
    const h = harness({ tty: false, total: 1_000_000, intervalMs: 1000 });
    for (let i = 0; i < 10_000; i++) {
      h.advance(1);
      h.progress.tick();
    }
    expect(h.writes).toHaveLength(10);
  });

  test("ends with a final line on done", () => {
    const h = harness({ tty: false, total: 10, label: "scan" });
    h.advance(2000);
    h.progress.set(10);
    h.progress.done();
    expect(h.writes).toEqual(["scan: done, 10/10 (100%) in 2s (5/s)\n"]);
  });

  test("uses the message given to done in the final line", () => {
    const h = harness({ tty: false, total: 4 });
    h.advance(1000);
    h.progress.set(3);
    h.progress.done("cancelled");
    expect(h.writes).toEqual(["cancelled, 3/4 (75%) in 1s (3/s)\n"]);
  });

  test("shows count and rate without percent or ETA when the total is unknown", () => {
    const h = harness({ tty: false, label: "rows", intervalMs: 1000 });
    h.advance(1000);
    h.progress.tick(250);
    expect(h.writes).toEqual(["rows: 250 250/s\n"]);
  });

  test("ignores updates after done and a second done", () => {
    const h = harness({ tty: false, total: 2 });
    h.progress.done();
    h.advance(10_000);
    h.progress.tick();
    h.progress.done();
    expect(h.writes).toHaveLength(1);
  });

  test("rejects a negative count", () => {
    const h = harness({ tty: false, total: 2 });
    expect(() => h.progress.set(-1)).toThrow("progress: invalid count -1");
  });

  test("never writes colour", () => {
    const h = harness({ tty: false, total: 2, label: "x", env: { FORCE_COLOR: "1" } });
    h.advance(6000);
    h.progress.tick();
    h.progress.done();
    expect(h.writes.join("")).not.toContain("\x1b[");
  });
});

describe("createProgress on a TTY", () => {
  test("redraws one line in place with a bar, percent, count, rate and ETA", () => {
    const h = harness({ tty: true, total: 100, label: "copy", barWidth: 10 });
    expect(h.writes).toEqual(["\rcopy ░░░░░░░░░░   0% 0/100\x1b[K"]);
    h.advance(2000);
    h.progress.set(40);
    expect(h.writes.at(-1)).toBe("\rcopy ████░░░░░░  40% 40/100 20/s ETA 3s\x1b[K");
  });

  test("throttles redraws to one per redraw interval", () => {
    const h = harness({ tty: true, total: 1000, redrawMs: 100 });
    for (let i = 0; i < 1000; i++) {
      h.advance(1);
      h.progress.tick();
    }
    expect(h.writes).toHaveLength(1 + 10);
  });

  test("shows a spinner instead of a bar when the total is unknown", () => {
    const h = harness({ tty: true, label: "walk" });
    h.advance(1000);
    h.progress.tick(3);
    expect(h.writes.at(-1)).toBe("\rwalk ⠙ 3 3/s\x1b[K");
  });

  test("ends the line on done", () => {
    const h = harness({ tty: true, total: 3, label: "copy", barWidth: 4 });
    h.advance(72_000);
    h.progress.set(3);
    h.progress.done();
    expect(h.writes.at(-1)).toBe("\rcopy: done, 3/3 (100%) in 1m12s (0/s)\x1b[K\n");
  });

  test("keeps the line narrower than the terminal", () => {
    const h = harness({ tty: true, total: 100, label: "a-very-long-label-indeed", columns: 20 });
    h.advance(1000);
    h.progress.tick(10);
    const line = h.writes.at(-1)!.replace(/^\r/, "").replace(/\x1b\[K$/, "");
    expect(line).toHaveLength(19);
    expect(line).toEndWith("…");
  });

  test("colours the bar only when colour is enabled", () => {
    const plain = harness({ tty: true, total: 10, env: { NO_COLOR: "1" } });
    expect(plain.writes[0]).not.toMatch(/\x1b\[[0-9;]*m/);
    const coloured = harness({ tty: true, total: 10, env: {} });
    expect(coloured.writes[0]).toMatch(/\x1b\[[0-9;]*m/);
  });
});
