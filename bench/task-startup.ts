/**
 * Start-up benchmark for `gokit task list` on a 10,000-task file, anchored on
 * a compiled Bun hello-world measured in the same run. Goal: gokit's median
 * wall time ≤ 2.5× the anchor's.
 *
 *   bun bench/task-startup.ts [--runs 30] [--warmup 5]
 *
 * Builds dist/gokit the way the Makefile does when it is missing or older than
 * the sources, compiles the anchor into a temporary directory, and alternates
 * runs of both so drift in machine load affects them alike.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderTable } from "../src/term/table.ts";

const GOAL = 2.5;
const TASKS = 10_000;
const root = resolve(import.meta.dir, "..");
const bun = process.execPath;

const { values } = parseArgs({ options: { runs: { type: "string", default: "30" }, warmup: { type: "string", default: "5" } } });
const runs = Number(values.runs);
const warmup = Number(values.warmup);

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function build(entry: string, outfile: string): void {
  const r = Bun.spawnSync([bun, "build", "--compile", "--splitting", "--minify", "--sourcemap=none", entry, "--outfile", outfile], { cwd: root, stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`bun build ${entry}: ${r.stderr.toString().trim()}`);
}

/** A deterministic tasks file: half pending, due dates on most, tags on some, a mix of title lengths. */
async function writeTasks(path: string): Promise<number> {
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const words = ["review", "Learning Go", "chapter", "fix", "flaky", "test", "write", "notes", "on", "channels", "call", "the", "bank", "plan", "sprint", "refactor", "parser", "read", "RFC 9112"];
  const priorities = ["low", "medium", "high"] as const;
  const start = Date.UTC(2023, 0, 1);
  const tasks = [];
  let pending = 0;
  for (let id = 1; id <= TASKS; id++) {
    const created = start + id * 3_600_000 + Math.floor(random() * 3_600_000);
    const title = Array.from({ length: 2 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join(" ");
    const due = random() < 0.7 ? new Date(created + Math.floor(random() * 60) * 86_400_000).toISOString().slice(0, 10) + "T00:00:00Z" : null;
    const done = random() < 0.5;
    if (!done) pending++;
    const task: Record<string, unknown> = {
      id,
      title: `${title[0]!.toUpperCase()}${title.slice(1)}`,
      priority: priorities[Math.floor(random() * 3)],
      due,
      status: done ? "complete" : "pending",
      created: new Date(created).toISOString().replace(/\.\d{3}Z$/, "Z"),
    };
    if (done) task.completed = new Date(created + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    if (random() < 0.1) task.tags = ["go"];
    tasks.push(task);
  }
  await Bun.write(path, JSON.stringify({ nextId: TASKS + 1, tasks }, null, 2) + "\n");
  return pending;
}

function timeRun(argv: string[]): number {
  const t0 = performance.now();
  const r = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  const elapsed = performance.now() - t0;
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${r.exitCode}: ${r.stderr.toString().trim()}`);
  return elapsed;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.ceil(i)]! - s[lo]!) * (i - lo);
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

const gokit = join(root, "dist/gokit");
let binaryTime = 0;
try {
  binaryTime = statSync(gokit).mtimeMs;
} catch {
  // missing: build it
}
if (binaryTime < Math.max(newestSource(join(root, "cmd")), newestSource(join(root, "src")))) {
  console.log("building dist/gokit …");
  build("cmd/gokit.ts", gokit);
}

const tmp = mkdtempSync(join(tmpdir(), "gokit-bench-"));
try {
  await Bun.write(join(tmp, "hello.ts"), 'console.log("hello, world");\n');
  build(join(tmp, "hello.ts"), join(tmp, "hello"));
  const file = join(tmp, "tasks.json");
  const pending = await writeTasks(file);

  const cases = [
    { name: "hello-world (compiled Bun)", argv: [join(tmp, "hello")] },
    { name: `gokit task list (${pending} of ${TASKS} rows)`, argv: [gokit, "task", "list", "--file", file] },
    { name: "gokit task list, no match (info)", argv: [gokit, "task", "list", "no such task", "--file", file] },
  ];
  const rows = Bun.spawnSync(cases[1]!.argv, { stdout: "pipe", env: { ...process.env, NO_COLOR: "1" } }).stdout.toString().split("\n").length - 5;
  if (rows !== pending) throw new Error(`gokit task list printed ${rows} rows, want ${pending}`);

  const samples = cases.map(() => [] as number[]);
  for (let i = 0; i < warmup + runs; i++) {
    cases.forEach((c, j) => {
      const t = timeRun(c.argv);
      if (i >= warmup) samples[j]!.push(t);
    });
  }
  const medians = samples.map((s) => quantile(s, 0.5));
  const ratio = medians[1]! / medians[0]!;
  const table = renderTable(
    [{ header: "Program" }, { header: "Median", align: "right" }, { header: "p90", align: "right" }, { header: "vs hello", align: "right" }],
    cases.map((c, j) => [c.name, ms(medians[j]!), ms(quantile(samples[j]!, 0.9)), `${(medians[j]! / medians[0]!).toFixed(2)}×`]),
  );
  console.log(`gokit task start-up: ${runs} alternating runs each after ${warmup} warm-up, ${TASKS.toLocaleString("en")}-task file (${(statSync(file).size / 1e6).toFixed(1)} MB), Bun ${Bun.version}`);
  console.log(table);
  console.log(`ratio ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×): ${ratio <= GOAL ? "met" : "not met"}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
