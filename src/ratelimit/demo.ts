/**
 * The `gokit ratelimit demo` loop, free of the terminal: sends `requests`
 * requests through one algorithm and reports each decision to a sink as it
 * happens. After a refusal it waits the decision's retryAfter before the next
 * request; on a FakeClock the wait advances the clock instead of sleeping.
 */
import { type Clock, FakeClock, realClock, sleep } from "../runtime/index.ts";
import type { Palette } from "../term/index.ts";
import { type Algorithm, createLimiter } from "./factory.ts";
import { ceilMs } from "./policy.ts";
import type { Gauge } from "./types.ts";

/** Options of {@link runDemo}. */
export interface DemoOptions {
  algorithm: Algorithm;
  /** Requests per second. */
  rate: number;
  burst: number;
  requests: number;
  /** Pause after each allowed request, in ms (default 0). */
  intervalMs?: number;
  /** Defaults to the host's timers with a sub-millisecond `now`; a FakeClock is advanced by the waits. */
  clock?: Clock;
  signal?: AbortSignal;
}

/** One request's outcome. */
export interface DemoStep {
  algorithm: Algorithm;
  request: number;
  allowed: boolean;
  /** The state after the decision, e.g. { label: "tokens", value: 4 }. */
  gauge: Gauge;
  /** Whole ms the demo waits before the next request when refused; 0 when allowed. */
  retryAfter: number;
  /** Milliseconds since the demo started. */
  at: number;
}

/** realClock read through performance.now(), so a request made 0.3 ms later is not counted as 1 ms later. */
const preciseClock: Clock = { ...realClock, now: () => performance.timeOrigin + performance.now() };

/** Runs the demo, calling `onStep` (awaited) after each request; returns every step. */
export async function runDemo(options: DemoOptions, onStep: (step: DemoStep) => void | Promise<void> = () => {}): Promise<DemoStep[]> {
  const clock = options.clock ?? preciseClock;
  const pause = async (ms: number): Promise<void> => {
    if (ms <= 0) return;
    if (clock instanceof FakeClock) clock.advance(ms);
    else await sleep(ms, { clock, signal: options.signal });
  };
  const limiter = createLimiter({ algorithm: options.algorithm, rate: options.rate, burst: options.burst, clock });
  const start = clock.now();
  const steps: DemoStep[] = [];
  for (let i = 1; i <= options.requests; i++) {
    options.signal?.throwIfAborted();
    const d = limiter.take("demo");
    const step: DemoStep = {
      algorithm: options.algorithm,
      request: i,
      allowed: d.allowed,
      gauge: limiter.gauge("demo"),
      retryAfter: d.allowed ? 0 : ceilMs(d.retryAfter),
      at: clock.now() - start,
    };
    steps.push(step);
    await onStep(step);
    if (i < options.requests) await pause(d.allowed ? (options.intervalMs ?? 0) : step.retryAfter);
  }
  return steps;
}

/** "Request 6: ✗ Denied (waiting 100ms)", coloured by `p` when given. */
export function formatStep(step: DemoStep, p?: Palette): string {
  const head = `Request ${step.request}: `;
  if (step.allowed) {
    const mark = "✓ Allowed";
    return `${head}${p ? p.green(mark) : mark} (${step.gauge.label}: ${step.gauge.value})`;
  }
  const mark = "✗ Denied";
  return `${head}${p ? p.red(mark) : mark} (waiting ${step.retryAfter}ms)`;
}

const TITLES: Record<Algorithm, string> = {
  "token-bucket": "Token bucket",
  "sliding-window": "Sliding window (counter)",
  "sliding-log": "Sliding window (log)",
  "leaky-bucket": "Leaky bucket",
  "fixed-window": "Fixed window",
};

/** A heading for one algorithm's run: "Token bucket (token-bucket): rate 10/s, burst 5". */
export function demoHeading(algorithm: Algorithm, rate: number, burst: number): string {
  return `${TITLES[algorithm]} (${algorithm}): rate ${rate}/s, burst ${burst}`;
}
