/**
 * Rate-limiter benchmark for src/ratelimit: decisions per second of `allow`
 * spread over 1,000 and over 1,000,000 distinct keys, and memory per key
 * (heap growth after `Bun.gc(true)` ÷ keys, key strings excluded), for each
 * algorithm at rate 100/s, burst 10 on the real clock. The issue names no
 * external anchor for this one, so only our figures are printed.
 *
 *   bun bench/ratelimit.ts [--seconds 1]
 *
 * Each algorithm runs in a fresh child process (`--child NAME`), so JIT and
 * heap state never leak between them. Throughput counts after one warm-up
 * pass; the 1,000,000-key run uses maxKeys 1,000,000 (the cap is not hit),
 * and on the real clock a key revisited after its bucket refilled has been
 * dropped as idle and is re-created: the realistic many-clients path. Memory is
 * measured on a frozen FakeClock, so all 1,000,000 states are live.
 */
import { heapStats } from "bun:jsc";
import { parseArgs } from "node:util";
import { ALGORITHMS, type Algorithm, createLimiter, type RateLimiter } from "../src/ratelimit/index.ts";
import { type Clock, FakeClock, realClock } from "../src/runtime/index.ts";
import { renderTable } from "../src/term/table.ts";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "1" }, child: { type: "string" } } });
const SECONDS = Number(values.seconds);

interface Result {
  algorithm: Algorithm;
  small: number;
  large: number;
  bytesPerKey: number;
}

function keys(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
}

function limiterFor(algorithm: Algorithm, clock: Clock = realClock): RateLimiter {
  return createLimiter({ algorithm, rate: 100, burst: 10, maxKeys: 1_000_000, clock });
}

/** allow() calls per second over `ks`, cycling through the keys for about SECONDS. */
function throughput(limiter: RateLimiter, ks: string[]): number {
  for (const k of ks) limiter.allow(k); // warm-up: every key has state
  let calls = 0;
  const start = performance.now();
  const until = start + SECONDS * 1000;
  let now = start;
  while (now < until) {
    for (let i = 0; i < ks.length && i < 100_000; i++) limiter.allow(ks[(calls + i) % ks.length]!);
    calls += Math.min(ks.length, 100_000);
    now = performance.now();
  }
  return calls / ((now - start) / 1000);
}

function heap(): number {
  Bun.gc(true);
  return heapStats().heapSize;
}

function child(algorithm: Algorithm): Result {
  const large = keys(1_000_000);
  const before = heap();
  // Frozen time: no key is idle again, so all 1,000,000 states are live when measured.
  let limiter: RateLimiter | undefined = limiterFor(algorithm, new FakeClock());
  for (const k of large) limiter.allow(k);
  const after = heap();
  if (limiter.size !== large.length) throw new Error(`bench: ${algorithm} kept ${limiter.size} keys, want ${large.length}`);
  const bytesPerKey = (after - before) / large.length;
  limiter = undefined;
  const largeRate = throughput(limiterFor(algorithm), large);
  const smallRate = throughput(limiterFor(algorithm), keys(1000));
  return { algorithm, small: smallRate, large: largeRate, bytesPerKey };
}

async function main(): Promise<void> {
  if (values.child !== undefined) {
    console.log(JSON.stringify(child(values.child as Algorithm)));
    return;
  }
  const results: Result[] = [];
  for (const algorithm of ALGORITHMS) {
    const p = Bun.spawn([process.execPath, import.meta.path, "--child", algorithm, "--seconds", String(SECONDS)], { stderr: "inherit" });
    const out = await new Response(p.stdout).text();
    if ((await p.exited) !== 0) throw new Error(`bench: child ${algorithm} failed`);
    results.push(JSON.parse(out) as Result);
  }
  const m = (n: number) => `${(n / 1e6).toFixed(2)} M/s`;
  console.log(`Rate limiters: allow() decisions/s and memory per key (rate 100/s, burst 10; ${process.platform}/${process.arch}, Bun ${Bun.version})`);
  console.log(
    renderTable(
      [
        { header: "Algorithm" },
        { header: "1,000 keys", align: "right" },
        { header: "1,000,000 keys", align: "right" },
        { header: "Bytes/key", align: "right" },
      ],
      results.map((r) => [r.algorithm, m(r.small), m(r.large), r.bytesPerKey.toFixed(0)]),
    ),
  );
}

await main();
