/**
 * Runtime benchmark: gokit's channels, tasks and WaitGroup side by side with
 * the same programs in Go (bench/go/runtime/main.go).
 *
 *   bun bench/runtime.ts            full run: 3 trials per figure, medians
 *   bun bench/runtime.ts --trials 1
 *   bun bench/runtime.ts --only buffered-await,blocked-chan   (program names)
 *
 * Every figure comes from a fresh child process (`--child NAME`), so JIT and
 * heap state never leak between benchmarks and peak RSS is clean; gokit and
 * Go trials alternate so both see the same machine load. Channel throughput
 * is measured after warm-up runs (steady state); task spawn and memory are
 * measured cold. The Go anchor is built with `go build` (default GOMAXPROCS)
 * and skipped when go is absent.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Channel, go, WaitGroup } from "../src/runtime/index.ts";

const MESSAGES = 2_000_000;
const TASKS = 1_000_000;
/** Discarded runs before a throughput figure, so the JIT has reached its top tier. */
const WARMUP_RUNS = 2;

interface Figure {
  name: string;
  value: number;
  unit: string;
}

// ─── child programs ─────────────────────────────────────────────────────────

/** Unbuffered ping-pong; every send counts as one message. */
async function unbuffered(n: number, fast: boolean): Promise<number> {
  const ping = new Channel<number>();
  const pong = new Channel<number>();
  if (fast) {
    go(async () => {
      for (;;) {
        const r = ping.tryRecv() ?? (await ping.recv());
        if (!r.ok) return;
        pong.trySend(r.value) || (await pong.send(r.value));
      }
    }, "pong");
  } else {
    go(async () => {
      for await (const v of ping) await pong.send(v);
    }, "pong");
  }
  const start = performance.now();
  if (fast) {
    for (let i = 0; i < n; i++) {
      ping.trySend(i) || (await ping.send(i));
      pong.tryRecv() ?? (await pong.recv());
    }
  } else {
    for (let i = 0; i < n; i++) {
      await ping.send(i);
      await pong.recv();
    }
  }
  const elapsed = performance.now() - start;
  ping.close();
  return (2 * n) / (elapsed / 1000);
}

/** One producer, one consumer, capacity 128. */
async function buffered(n: number, fast: boolean): Promise<number> {
  const ch = new Channel<number>(128);
  const start = performance.now();
  go(async () => {
    if (fast) for (let i = 0; i < n; i++) ch.trySend(i) || (await ch.send(i));
    else for (let i = 0; i < n; i++) await ch.send(i);
    ch.close();
  }, "producer");
  let sum = 0;
  if (fast) {
    for (;;) {
      const r = ch.tryRecv() ?? (await ch.recv());
      if (!r.ok) break;
      sum += r.value;
    }
  } else {
    for await (const v of ch) sum += v;
  }
  const elapsed = performance.now() - start;
  if (sum !== (n * (n - 1)) / 2) throw new Error("buffered: lost messages");
  return n / (elapsed / 1000);
}

/** One producer, one consumer over capacity 128, consumer awaiting `ch.recv()` on every message. */
async function bufferedRecv(n: number): Promise<number> {
  const ch = new Channel<number>(128);
  const start = performance.now();
  go(async () => {
    for (let i = 0; i < n; i++) await ch.send(i);
    ch.close();
  }, "producer");
  let sum = 0;
  for (;;) {
    const r = await ch.recv();
    if (!r.ok) break;
    sum += r.value;
  }
  const elapsed = performance.now() - start;
  if (sum !== (n * (n - 1)) / 2) throw new Error("buffered: lost messages");
  return n / (elapsed / 1000);
}

/**
 * The floor of any await-per-operation channel: two tasks that each `await` a
 * plain value once per message (JavaScript resumes an awaiting task one
 * microtask later even when nothing is pending), plus the one object a receive
 * must return, and no channel at all.
 */
async function awaitFloor(n: number): Promise<number> {
  let produced = 0;
  const start = performance.now();
  go(async () => {
    for (let i = 0; i < n; i++) {
      await undefined;
      produced++;
    }
  }, "producer");
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = await { ok: true, value: i };
    sum += r.value;
  }
  const elapsed = performance.now() - start;
  if (sum !== (n * (n - 1)) / 2 || produced < n - 1) throw new Error("floor: miscounted");
  return n / (elapsed / 1000);
}

/** Starts n tasks that each signal a WaitGroup and waits for all; milliseconds. */
async function spawn(n: number, yieldOnce: boolean): Promise<number> {
  const start = performance.now();
  const wg = new WaitGroup();
  const signal = yieldOnce
    ? async () => {
        await null;
        wg.done();
      }
    : async () => {
        wg.done();
      };
  for (let i = 0; i < n; i++) {
    wg.add(1);
    go(signal);
  }
  await wg.wait();
  return performance.now() - start;
}

/** Parks n tasks on a channel receive or a WaitGroup; peak RSS in MB once all are parked. */
async function blocked(n: number, onChannel: boolean): Promise<number> {
  const ch = new Channel<void>();
  const gate = new WaitGroup();
  gate.add(1);
  const parkRecv = async () => {
    await ch.recv();
  };
  const parkWait = async () => {
    await gate.wait();
  };
  // go() runs each task up to its first await, so all are parked after the loop.
  for (let i = 0; i < n; i++) go(onChannel ? parkRecv : parkWait);
  const peak = peakRSS();
  ch.close();
  gate.done();
  return peak;
}

/** VmHWM (peak resident set) from /proc/self/status, in MB. */
function peakRSS(): number {
  const m = /VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 1048576;
}

/** A throughput figure after warm-up runs of the same size. */
async function steady(name: string, run: () => Promise<number>): Promise<Figure> {
  for (let i = 0; i < WARMUP_RUNS; i++) await run();
  return { name, value: await run(), unit: "msgs/s" };
}

const programs: Record<string, () => Promise<Figure>> = {
  "unbuffered-await": () => steady("unbuffered-await", () => unbuffered(MESSAGES, false)),
  "unbuffered-fast": () => steady("unbuffered-fast", () => unbuffered(MESSAGES, true)),
  "buffered-await": () => steady("buffered-await", () => buffered(MESSAGES, false)),
  "buffered-fast": () => steady("buffered-fast", () => buffered(MESSAGES, true)),
  "buffered-recv": () => steady("buffered-recv", () => bufferedRecv(MESSAGES)),
  "await-floor": () => steady("await-floor", () => awaitFloor(MESSAGES)),
  // Task figures are cold: one run in a fresh process, heap growth included.
  spawn: async () => ({ name: "spawn", value: await spawn(TASKS, false), unit: "ms" }),
  "spawn-yield": async () => ({ name: "spawn-yield", value: await spawn(TASKS, true), unit: "ms" }),
  "blocked-wg": async () => ({ name: "blocked-wg", value: await blocked(TASKS, false), unit: "MB" }),
  "blocked-chan": async () => ({ name: "blocked-chan", value: await blocked(TASKS, true), unit: "MB" }),
};

// ─── parent: run, compare, print ────────────────────────────────────────────

interface Row {
  label: string;
  ours: string;
  anchor: string;
  kind: "throughput" | "time" | "memory";
  goal: number;
  goalText: string;
}

const ROWS: Row[] = [
  { label: "unbuffered ping-pong, await each op", ours: "unbuffered-await", anchor: "unbuffered", kind: "throughput", goal: 1.5, goalText: "≥ 1.5× Go" },
  { label: "unbuffered ping-pong, trySend/tryRecv first", ours: "unbuffered-fast", anchor: "unbuffered", kind: "throughput", goal: 1.5, goalText: "≥ 1.5× Go" },
  { label: "buffered (cap 128), await send / for await", ours: "buffered-await", anchor: "buffered", kind: "throughput", goal: 1, goalText: "≥ 1× Go" },
  { label: "buffered (cap 128), await send / await recv", ours: "buffered-recv", anchor: "buffered", kind: "throughput", goal: 1, goalText: "≥ 1× Go" },
  { label: "floor: 2 awaits + 1 object per msg, no channel", ours: "await-floor", anchor: "buffered", kind: "throughput", goal: 1, goalText: "(reference)" },
  { label: "buffered (cap 128), trySend/tryRecv first", ours: "buffered-fast", anchor: "buffered", kind: "throughput", goal: 1, goalText: "≥ 1× Go" },
  { label: "spawn + wait 1M tasks", ours: "spawn", anchor: "spawn", kind: "time", goal: 3, goalText: "≥ 3× faster" },
  { label: "spawn + wait 1M tasks, each awaits once", ours: "spawn-yield", anchor: "spawn", kind: "time", goal: 3, goalText: "≥ 3× faster" },
  { label: "peak RSS, 1M tasks parked on WaitGroup", ours: "blocked-wg", anchor: "blocked-wg", kind: "memory", goal: 300, goalText: "≤ 300 MB" },
  { label: "peak RSS, 1M tasks parked on Channel.recv", ours: "blocked-chan", anchor: "blocked-chan", kind: "memory", goal: 300, goalText: "≤ 300 MB" },
];

async function runChild(cmd: string[]): Promise<Figure> {
  const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "inherit" });
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  if (code !== 0) throw new Error(`bench: ${cmd.join(" ")}: exit status ${code}`);
  const line = out.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as Figure;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmt(value: number | undefined, unit: string): string {
  if (value === undefined) return "—";
  if (unit === "msgs/s") return `${(value / 1e6).toFixed(2)} M msgs/s`;
  if (unit === "ms") return `${value.toFixed(0)} ms`;
  return `${value.toFixed(0)} MB`;
}

function boxTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (l: string, m: string, r: string): string => l + widths.map((w) => "─".repeat(w + 2)).join(m) + r;
  const row = (cells: string[]): string => "│" + cells.map((c, i) => ` ${c.padEnd(widths[i]!)} `).join("│") + "│";
  return [line("┌", "┬", "┐"), row(head), line("├", "┼", "┤"), ...rows.map(row), line("└", "┴", "┘")].join("\n");
}

async function buildGo(): Promise<string | undefined> {
  if (Bun.which("go") === null) return undefined;
  const root = join(import.meta.dir, "..");
  const out = join(root, ".bench-tmp", "runtime-go");
  const proc = Bun.spawn(["go", "build", "-o", out, "."], { cwd: join(import.meta.dir, "go", "runtime"), stderr: "inherit" });
  if ((await proc.exited) !== 0) throw new Error("bench: go build failed");
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const child = args.indexOf("--child");
  if (child >= 0) {
    const program = programs[args[child + 1] ?? ""];
    if (!program) throw new Error(`bench: unknown program "${args[child + 1]}"`);
    console.log(JSON.stringify(await program()));
    return;
  }
  const t = args.indexOf("--trials");
  const trials = t >= 0 ? Number(args[t + 1]) : 3;
  const oi = args.indexOf("--only");
  const only = oi >= 0 ? new Set(args[oi + 1]!.split(",")) : undefined;
  const rows = only === undefined ? ROWS : ROWS.filter((r) => only.has(r.ours));

  const goBin = await buildGo();
  if (goBin === undefined) console.log("go not installed — skipping Go comparison");
  const self = [process.execPath, import.meta.path, "--child"];
  const ours = new Map<string, number[]>();
  const anchor = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, key: string, f: Figure): void => void (m.get(key) ?? m.set(key, []).get(key)!).push(f.value);

  // Each row gets its own Go trials, alternated with its own, so both see the same load.
  for (const row of rows) {
    const n = row.kind === "memory" ? 1 : trials;
    for (let i = 0; i < n; i++) {
      push(ours, row.label, await runChild([...self, row.ours]));
      if (goBin !== undefined) push(anchor, row.label, await runChild([goBin, "-only", row.anchor]));
    }
  }

  const table = rows.map((row) => {
    const o = median(ours.get(row.label)!);
    const a = anchor.has(row.label) ? median(anchor.get(row.label)!) : undefined;
    const unit = row.kind === "throughput" ? "msgs/s" : row.kind === "time" ? "ms" : "MB";
    let ratio = "—";
    let met = "—";
    if (a !== undefined) {
      const r = row.kind === "throughput" ? o / a : a / o;
      ratio = row.kind === "throughput" ? `${r.toFixed(2)}×` : row.kind === "time" ? `${r.toFixed(1)}× faster` : `${r.toFixed(1)}× less`;
      if (row.kind !== "memory") met = r >= row.goal ? "yes" : "no";
    }
    if (row.kind === "memory") met = o <= row.goal ? "yes" : "no";
    if (row.goalText === "(reference)") met = "—";
    return [row.label, fmt(o, unit), fmt(a, unit), ratio, row.goalText, met];
  });
  console.log(boxTable(["benchmark", "gokit", "Go", "ratio", "goal", "met"], table));
  console.log(`median of ${trials} trials (memory: 1); ${MESSAGES.toLocaleString("en")} messages, ${TASKS.toLocaleString("en")} tasks`);
}

await main();
