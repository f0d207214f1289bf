/**
 * Parse benchmark for src/json, anchored on the engine's built-in JSON.parse
 * measured in the same run. Goal: the geometric mean of (gokit time ÷
 * JSON.parse time) over canada, citm_catalog, twitter and a generated 50 MB
 * document ≤ 1.5; and the streaming parser scans a generated 1 GB file with
 * peak RSS ≤ 150 MB. Also reports tokenize throughput (tokens/s).
 *
 *   bun bench/json.ts [--rounds 40] [--stream-mb 1024] [--skip-stream]
 *
 * Both parsers get the same string; each round times JSON.parse then parse,
 * so drift in machine load affects them alike; the best round of each counts.
 * Results are checked deep-equal first. The stream scan runs in a subprocess
 * (`--stream-child FILE`), which reports its own peak RSS; the file lives in
 * a temporary directory that is removed afterwards.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { testdata } from "../test/support/testdata.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse, parseStream, statsVisitor, tokenize } from "../src/json/index.ts";
import { renderTable } from "../src/term/table.ts";
import { prng } from "../test/support/prng.ts";

const PARSE_GOAL = 1.5;
const RSS_GOAL_MB = 150;
const data = testdata("json/bench");

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "40" },
    "stream-mb": { type: "string", default: "1024" },
    "skip-stream": { type: "boolean", default: false },
    "stream-child": { type: "string" },
  },
});


const WORDS = ["alpha", "beta", "gamma", "delta", "ops", "infra", "db", "cache", "edge", "api", "auth", "billing", "search", "queue", "café", "naïve", "東京", "データ", "😀"];

/**
 * Records of the kind APIs and logs emit: ids, uuids, names, emails, flags,
 * floats, counters, tag arrays, a nested address with coordinates, ISO times,
 * nulls, and now and then a string with escapes. Compact, comma-separated.
 */
function records(rnd: () => number, firstId: number, bytes: number): { text: string; next: number } {
  const pick = <T,>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(rnd() * 16)]).join("");
  const parts: string[] = [];
  let size = 0;
  let id = firstId;
  for (; size < bytes; id++) {
    const rec = {
      id,
      uuid: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      name: `${pick(WORDS)} ${pick(WORDS)}`,
      email: `user${id}@example.com`,
      active: rnd() < 0.7,
      score: Math.round(rnd() * 1e6) / 1e3,
      balance: (rnd() - 0.5) * 1e4,
      visits: Math.floor(rnd() * 1e5),
      tags: Array.from({ length: Math.floor(rnd() * 5) }, () => pick(WORDS)),
      address: { street: `${Math.floor(rnd() * 999)} ${pick(WORDS)} St.`, city: pick(WORDS), zip: String(10000 + Math.floor(rnd() * 89999)), geo: [rnd() * 180 - 90, rnd() * 360 - 180] },
      created: new Date(1.6e12 + Math.floor(rnd() * 1e11)).toISOString(),
      parent: rnd() < 0.5 ? null : id - 1,
      note: rnd() < 0.1 ? 'line one\nline "two"\t\\ end' : "",
    };
    const s = JSON.stringify(rec);
    parts.push(s);
    size += s.length + 1;
  }
  return { text: parts.join(","), next: id };
}

function generated(bytes: number): string {
  return "[" + records(prng(42), 1, bytes).text + "]";
}

/** Writes a `mb`-megabyte array of records to `path` in bounded memory (64 distinct ~1 MB blocks in random order). */
async function writeBig(path: string, mb: number): Promise<number> {
  const rnd = prng(7);
  const blocks: Uint8Array[] = [];
  for (let b = 0, id = 1; b < 64; b++) {
    const r = records(rnd, id, 1 << 20);
    blocks.push(new TextEncoder().encode(r.text));
    id = r.next;
  }
  const writer = Bun.file(path).writer({ highWaterMark: 4 << 20 });
  let written = 0;
  writer.write("[");
  for (let first = true; written < mb * 1e6; first = false) {
    if (!first) writer.write(",");
    const block = blocks[Math.floor(rnd() * blocks.length)]!;
    writer.write(block);
    written += block.length + 1;
    if (written % (64 << 20) < block.length) await writer.flush();
  }
  writer.write("]");
  await writer.end();
  return statSync(path).size;
}

/**
 * This process's peak resident set in MB. Linux's VmHWM belongs to the current
 * program image; getrusage's maxRSS would include the parent's RSS at fork.
 */
function peakRssMB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}

/** The child side of the stream measurement: scan `path` and report counts, time and peak RSS. */
async function streamChild(path: string): Promise<void> {
  const { visitor, stats } = statsVisitor();
  const started = performance.now();
  await parseStream(Bun.file(path).stream(), visitor);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ seconds, peakRssMB: peakRssMB(), stats }) + "\n");
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

async function main(): Promise<void> {
  const rounds = Number(values.rounds);
  const docs: [string, () => Promise<string> | string][] = [];
  for (const name of ["canada", "citm_catalog", "twitter"]) docs.push([`${name}.json`, () => Bun.file(join(data, `${name}.json`)).text()]);
  docs.push(["generated 50 MB", () => generated(50e6)]);

  const rows: string[][] = [];
  const logs: number[] = [];
  for (const [name, load] of docs) {
    const text = await load();
    Bun.gc(true);
    const mine = parse(text);
    if (!Bun.deepEquals(mine, JSON.parse(text), true)) throw new Error(`${name}: parse and JSON.parse disagree`);
    const n = text.length > 10e6 ? Math.max(4, Math.round(rounds / 5)) : rounds;
    let anchor = Infinity;
    let ours = Infinity;
    for (let r = 0; r < n; r++) {
      let t = performance.now();
      JSON.parse(text);
      anchor = Math.min(anchor, performance.now() - t);
      t = performance.now();
      parse(text);
      ours = Math.min(ours, performance.now() - t);
    }
    const bytes = Buffer.byteLength(text);
    const ratio = ours / anchor;
    logs.push(Math.log(ratio));
    rows.push([name, fmt(bytes / 1e6, 1), fmt(bytes / 1e3 / anchor), fmt(bytes / 1e3 / ours), ratio.toFixed(2)]);
  }
  const mean = (xs: number[]) => Math.exp(xs.reduce((a, b) => a + b, 0) / xs.length);
  const geomean = mean(logs);
  rows.push(["geometric mean", "", "", "", geomean.toFixed(2)]);
  rows.push(["  of the 3 files", "", "", "", mean(logs.slice(0, 3)).toFixed(2)]);
  console.log(`parse, best of ${rounds} alternating rounds (${Bun.version}, ${process.platform}/${process.arch})`);
  console.log(
    renderTable(
      [
        { header: "Document" },
        { header: "MB", align: "right" },
        { header: "JSON.parse MB/s", align: "right" },
        { header: "gokit MB/s", align: "right" },
        { header: "Ratio (gokit/JSON.parse)", align: "right" },
      ],
      rows,
    ),
  );
  console.log(`goal: geometric-mean ratio ≤ ${PARSE_GOAL}: ${geomean <= PARSE_GOAL ? "met" : "NOT met"} (${geomean.toFixed(2)})\n`);

  const tokenRows: string[][] = [];
  for (const [name, load] of docs.slice(0, 3)) {
    const text = await load();
    let best = Infinity;
    let count = 0;
    for (let r = 0; r < Math.max(3, rounds / 4); r++) {
      const t = performance.now();
      count = tokenize(text).length;
      best = Math.min(best, performance.now() - t);
    }
    tokenRows.push([name, fmt(count), fmt(count / best / 1e3, 1)]);
  }
  console.log("tokenize (eager, with line/column per token)");
  console.log(renderTable([{ header: "Document" }, { header: "Tokens", align: "right" }, { header: "M tokens/s", align: "right" }], tokenRows) + "\n");

  if (values["skip-stream"]) return;
  const mb = Number(values["stream-mb"]);
  const dir = mkdtempSync(join(tmpdir(), "gokit-json-bench-"));
  try {
    const file = join(dir, "big.json");
    const size = await writeBig(file, mb);
    const child = Bun.spawnSync([process.execPath, import.meta.path, "--stream-child", file], { stdout: "pipe", stderr: "pipe" });
    if (child.exitCode !== 0) throw new Error(`stream child failed: ${child.stderr.toString()}`);
    const r = JSON.parse(child.stdout.toString()) as { seconds: number; peakRssMB: number; stats: Record<string, number> };
    console.log(`stream: ${fmt(size / 1e9, 2)} GB scanned in ${r.seconds.toFixed(1)} s (${fmt(size / 1e6 / r.seconds)} MB/s), ${fmt(r.stats.objects!)} objects, ${fmt(r.stats.keys!)} keys`);
    console.log(`goal: peak RSS ≤ ${RSS_GOAL_MB} MB: ${r.peakRssMB <= RSS_GOAL_MB ? "met" : "NOT met"} (${r.peakRssMB.toFixed(0)} MB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values["stream-child"]) await streamChild(values["stream-child"]);
else await main();
