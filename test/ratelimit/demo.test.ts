import { describe, expect, test } from "bun:test";
import { FakeClock } from "../../src/runtime/index.ts";
import { palette } from "../../src/term/index.ts";
import { type Algorithm, formatStep, runDemo } from "../../src/ratelimit/index.ts";
import { runGokit } from "../support/cli.ts";

const example = [
  "Request 1: ✓ Allowed (tokens: 4)",
  "Request 2: ✓ Allowed (tokens: 3)",
  "Request 3: ✓ Allowed (tokens: 2)",
  "Request 4: ✓ Allowed (tokens: 1)",
  "Request 5: ✓ Allowed (tokens: 0)",
  "Request 6: ✗ Denied (waiting 100ms)",
  "Request 7: ✓ Allowed (tokens: 0)",
  "Request 8: ✗ Denied (waiting 100ms)",
];

/** The lines of the five allowed requests every algorithm starts with at burst 5. */
const burst = (label: string, values: number[]) => values.map((v, i) => `Request ${i + 1}: ✓ Allowed (${label}: ${v})`);

const cases: { algorithm: Algorithm; lines: string[] }[] = [
  { algorithm: "token-bucket", lines: example },
  {
    algorithm: "leaky-bucket",
    lines: [...burst("queue", [1, 2, 3, 4, 5]), "Request 6: ✗ Denied (waiting 100ms)", "Request 7: ✓ Allowed (queue: 5)", "Request 8: ✗ Denied (waiting 100ms)"],
  },
  {
    algorithm: "fixed-window",
    lines: [...burst("remaining", [4, 3, 2, 1, 0]), "Request 6: ✗ Denied (waiting 500ms)", "Request 7: ✓ Allowed (remaining: 4)", "Request 8: ✓ Allowed (remaining: 3)"],
  },
  {
    algorithm: "sliding-log",
    lines: [...burst("remaining", [4, 3, 2, 1, 0]), "Request 6: ✗ Denied (waiting 500ms)", "Request 7: ✓ Allowed (remaining: 4)", "Request 8: ✓ Allowed (remaining: 3)"],
  },
  {
    algorithm: "sliding-window",
    lines: [...burst("remaining", [4, 3, 2, 1, 0]), "Request 6: ✗ Denied (waiting 600ms)", "Request 7: ✓ Allowed (remaining: 0)", "Request 8: ✗ Denied (waiting 100ms)"],
  },
];

describe("runDemo", () => {
  for (const { algorithm, lines } of cases) {
    test(`${algorithm}: rate 10, burst 5, 8 requests on a fake clock`, async () => {
      const got: string[] = [];
      const clock = new FakeClock(1_700_000_000_000);
      await runDemo({ algorithm, rate: 10, burst: 5, requests: 8, clock }, (s) => void got.push(formatStep(s)));
      expect(got).toEqual(lines);
    });
  }

  test("waits the retry time after a refusal and the interval after an allowed request", async () => {
    const steps = await runDemo({ algorithm: "token-bucket", rate: 10, burst: 2, requests: 5, intervalMs: 50, clock: new FakeClock() });
    expect(steps.map((s) => [s.at, s.allowed, s.retryAfter])).toEqual([
      [0, true, 0],
      [50, true, 0],
      [100, true, 0], // 0.5 tokens left at 50 ms, 1.0 at 100 ms
      [150, false, 50], // 0.5 tokens: 50 ms short of one
      [200, true, 0],
    ]);
  });

  test("colours the mark green or red when the palette is on", () => {
    const p = palette(true);
    const ok = { algorithm: "token-bucket", request: 1, allowed: true, gauge: { label: "tokens", value: 4 }, retryAfter: 0, at: 0 } as const;
    expect(formatStep(ok, p)).toBe("Request 1: \x1b[32m✓ Allowed\x1b[39m (tokens: 4)");
    expect(formatStep({ ...ok, allowed: false, retryAfter: 100 }, p)).toBe("Request 1: \x1b[31m✗ Denied\x1b[39m (waiting 100ms)");
  });

  test("stops when its signal aborts", async () => {
    const ac = new AbortController();
    const p = runDemo({ algorithm: "token-bucket", rate: 1, burst: 1, requests: 5, clock: new FakeClock(), signal: ac.signal }, (s) => {
      if (s.request === 2) ac.abort(new Error("interrupted"));
    });
    await expect(p).rejects.toThrow("interrupted");
  });
});

describe("gokit ratelimit demo", () => {
  test("prints the issue's example exactly", async () => {
    const r = await runGokit(["ratelimit", "demo", "--algorithm", "token-bucket", "--rate", "10", "--burst", "5", "--requests", "8", "--fake-clock"]);
    expect(r).toEqual({ code: 0, stdout: example.join("\n") + "\n", stderr: "" });
  });

  test("--algorithm all runs each algorithm under a heading", async () => {
    const r = await runGokit(["ratelimit", "demo", "--algorithm", "all", "--requests", "2", "--fake-clock"]);
    expect(r.code).toBe(0);
    const headings = r.stdout.split("\n").filter((l) => l !== "" && !l.startsWith("Request"));
    expect(headings).toEqual([
      "Token bucket (token-bucket): rate 10/s, burst 5",
      "Sliding window (counter) (sliding-window): rate 10/s, burst 5",
      "Sliding window (log) (sliding-log): rate 10/s, burst 5",
      "Leaky bucket (leaky-bucket): rate 10/s, burst 5",
      "Fixed window (fixed-window): rate 10/s, burst 5",
    ]);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("Request")).length).toBe(10);
  });

  test("--json prints the decisions", async () => {
    const r = await runGokit(["ratelimit", "demo", "--burst", "1", "--requests", "2", "--json", "--fake-clock"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { algorithm: "token-bucket", request: 1, allowed: true, gauge: { label: "tokens", value: 0 }, retryAfter: 0, at: 0 },
      { algorithm: "token-bucket", request: 2, allowed: false, gauge: { label: "tokens", value: 0 }, retryAfter: 100, at: 0 },
    ]);
  });

  test("the real clock shows the same decisions", async () => {
    const r = await runGokit(["ratelimit", "demo", "--burst", "2", "--requests", "3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Request 1: ✓ Allowed \(tokens: 1\)\nRequest 2: ✓ Allowed \(tokens: 0\)\nRequest 3: ✗ Denied \(waiting \d+ms\)\n$/);
  });

  test.each([
    [["--algorithm", "token_bucket"], 'invalid --algorithm "token_bucket": want token-bucket, sliding-window, sliding-log, leaky-bucket, fixed-window or all'],
    [["--rate", "0"], 'invalid --rate "0": want a number > 0 and ≤ 1000000000'],
    [["--burst", "2.5"], 'invalid --burst "2.5": want an integer > 0 and ≤ 1000000'],
    [["--requests", "many"], 'invalid --requests "many": want an integer > 0 and ≤ 1000000'],
    [["--interval", "-5"], 'invalid --interval "-5": want a number ≥ 0 and ≤ 3600000'],
  ])("refuses %p with exit 2", async (flags, message) => {
    const r = await runGokit(["ratelimit", "demo", ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`gokit ratelimit: ${message}\n`);
  });
});
