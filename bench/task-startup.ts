/**
 * Start-up benchmark for `gokit task list` on a 10,000-task file, anchored on
 * a compiled Bun hello-world measured in the same run. Goal: on a realistic
 * long-lived file (9,800 completed, 200 pending, so the table has 200 rows)
 * gokit's median wall time ≤ 2.5× the anchor's. More scenarios are reported
 * for information: 5,000 pending rows, a search matching nothing, and a cold
 * cache (the 200-pending file with its pending-task cache deleted before each
 * run, so every run reads the whole file and writes the cache again).
 *
 *   bun bench/task-startup.ts [--runs 30] [--warmup 5] [--keep] [--compare BINARY]
 *
 * Builds dist/gokit with `make dist/gokit` (the Makefile's recipe, rebuilt only
 * when a source changed), compiles the anchor into a temporary directory, and
 * alternates runs of every program so drift in machine load affects them alike.
 * `--keep` leaves the temporary directory (the task files) in place;
 * `--compare` adds the same scenarios run by another gokit binary, e.g. a
 * build of the previous commit, on copies of the files (each binary keeps its
 * own caches).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderTable } from "../src/term/table.ts";

const GOAL = 2.5;
const TASKS = 10_000;
/** The first task's creation time; one task an hour follows. */
const START = Date.UTC(2024, 0, 1);
const root = resolve(import.meta.dir, "..");
const bun = process.execPath;

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    keep: { type: "boolean", default: false },
    compare: { type: "string" },
  },
});
const runs = Number(values.runs);
const warmup = Number(values.warmup);

function run(argv: string[], what: string): void {
  const r = Bun.spawnSync(argv, { cwd: root, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${what}: ${(r.stderr.toString() + r.stdout.toString()).trim()}`);
}

/**
 * A deterministic 10,000-task file with `pending` tasks still open: due dates
 * on most, tags on some, a mix of title lengths. Open tasks are spread over the
 * file's history, denser towards the end, as in a file kept for years.
 */
async function writeTasks(path: string, pending: number): Promise<void> {
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const open = new Set<number>();
  while (open.size < pending) open.add(TASKS - Math.floor(TASKS * random() ** 2)); // ids 1..TASKS, skewed recent
  const words = ["review", "Learning Go", "chapter", "fix", "flaky", "test", "write", "notes", "on", "channels", "call", "the", "bank", "plan", "sprint", "refactor", "parser", "read", "RFC 9112"];
  const priorities = ["low", "medium", "high"] as const;
  const tasks = [];
  for (let id = 1; id <= TASKS; id++) {
    const created = START + id * 3_600_000 + Math.floor(random() * 3_600_000);
    const title = Array.from({ length: 2 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join(" ");
    const due = random() < 0.7 ? new Date(created + Math.floor(random() * 60) * 86_400_000).toISOString().slice(0, 10) + "T00:00:00Z" : null;
    const done = !open.has(id);
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
}

// "Now" is the end of the files' history, so due dates fall around today as in a list in use.
const env = { ...process.env, NO_COLOR: "1", GOKIT_NOW: new Date(START + (TASKS + 24) * 3_600_000).toISOString() };

/** Times one run of `argv`; `before` runs first, untimed. */
function timeRun(argv: string[], before?: () => void): number {
  before?.();
  const t0 = performance.now();
  const r = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe", env });
  const elapsed = performance.now() - t0;
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${r.exitCode}: ${r.stderr.toString().trim()}`);
  return elapsed;
}

/** The number of table rows `argv` prints (0 for "No tasks."). */
function rowsPrinted(argv: string[]): number {
  const out = Bun.spawnSync(argv, { stdout: "pipe", env }).stdout.toString();
  return out.startsWith("┌") ? out.split("\n").length - 5 : 0;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.ceil(i)]! - s[lo]!) * (i - lo);
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

// The Makefile is the one definition of how dist/gokit is built.
run(["make", "--no-print-directory", "dist/gokit"], "make dist/gokit");
const gokit = join(root, "dist/gokit");

const tmp = mkdtempSync(join(tmpdir(), "gokit-bench-"));
try {
  await Bun.write(join(tmp, "hello.ts"), 'console.log("hello, world");\n');
  run([bun, "build", "--compile", "--splitting", "--minify", "--sourcemap=none", join(tmp, "hello.ts"), "--outfile", join(tmp, "hello")], "bun build hello.ts");
  const primary = join(tmp, "tasks-200-pending.json");
  const half = join(tmp, "tasks-5000-pending.json");
  await writeTasks(primary, 200);
  await writeTasks(half, 5_000);

  // Each binary works on its own copies, so that caches of different formats never meet.
  const scenarios = (bin: string, label: string, dir: string) => {
    mkdirSync(dir);
    const copy = (from: string, name: string) => {
      const to = join(dir, name);
      copyFileSync(from, to);
      return to;
    };
    const [warm, many, cold] = [copy(primary, "warm.json"), copy(half, "many.json"), copy(primary, "cold.json")];
    const uncache = () => rmSync(`${cold}.cache`, { force: true });
    return [
      { name: `${label} task list: 200 pending rows`, argv: [bin, "task", "list", "--file", warm], rows: 200 },
      { name: `${label} task list: 5,000 pending rows`, argv: [bin, "task", "list", "--file", many], rows: 5_000 },
      { name: `${label} task list: no match`, argv: [bin, "task", "list", "no such task", "--file", warm], rows: 0 },
      { name: `${label} task list: 200 rows, cold cache`, argv: [bin, "task", "list", "--file", cold], rows: 200, before: uncache },
    ];
  };
  const cases: { name: string; argv: string[]; rows: number; before?: () => void }[] = [
    { name: "hello-world (compiled Bun)", argv: [join(tmp, "hello")], rows: -1 },
    ...scenarios(gokit, "gokit", join(tmp, "gokit")),
    ...(values.compare === undefined ? [] : scenarios(resolve(values.compare), basename(values.compare), join(tmp, "compare"))),
  ];
  for (const c of cases.slice(1)) {
    c.before?.();
    const rows = rowsPrinted(c.argv);
    if (rows !== c.rows) throw new Error(`${c.argv.join(" ")} printed ${rows} rows, want ${c.rows}`);
  }

  const samples = cases.map(() => [] as number[]);
  for (let i = 0; i < warmup + runs; i++) {
    cases.forEach((c, j) => {
      const t = timeRun(c.argv, c.before);
      if (i >= warmup) samples[j]!.push(t);
    });
  }
  const medians = samples.map((s) => quantile(s, 0.5));
  const ratio = medians[1]! / medians[0]!;
  const table = renderTable(
    [{ header: "Program" }, { header: "Median", align: "right" }, { header: "p90", align: "right" }, { header: "vs hello", align: "right" }],
    cases.map((c, j) => [c.name, ms(medians[j]!), ms(quantile(samples[j]!, 0.9)), `${(medians[j]! / medians[0]!).toFixed(2)}×`]),
  );
  console.log(
    `gokit task start-up: ${runs} alternating runs each after ${warmup} warm-up, ${TASKS.toLocaleString("en")}-task files ` +
      `(${(statSync(primary).size / 1e6).toFixed(1)} MB), Bun ${Bun.version}`,
  );
  console.log(table);
  console.log(
    `goal, gokit task list with 200 pending rows: ${ms(medians[1]!)} vs hello-world ${ms(medians[0]!)} = ${ratio.toFixed(2)}× ` +
      `(≤ ${GOAL}×): ${ratio <= GOAL ? "met" : "not met"}`,
  );
  if (values.keep) console.log(`task files kept in ${tmp}`);
} finally {
  if (!values.keep) rmSync(tmp, { recursive: true, force: true });
}
