#!/usr/bin/env bun
/**
 * `gokit redis server` against redis-server (no persistence), alternated in
 * one run. Throughput: redis-benchmark -c 50 on set, get, incr, lpush, rpop,
 * hset, sadd and lrange_100, without pipelining (-n 200,000) and with -P 16
 * (-n 2,000,000); ops/s and p99 latency per test for both servers, the ratio,
 * and the geometric mean ratio per level. Goals: ≥ 0.9× redis at -P 1,
 * ≥ 0.6× at -P 16. Memory: a fresh server of each kind loads exactly
 * 1,000,000 distinct keys (`SET key:%012d xxx`, a RESP stream through
 * `redis-cli --pipe`); bytes/key = (peak RSS, VmHWM − RSS before loading) /
 * keys. Goal: gokit ≤ 2× redis-server.
 *
 *   bun bench/redis.ts [--rounds 1] [--scale 1] [--only memory|throughput]
 *
 * `--rounds` repeats each throughput run (medians are reported); `--scale`
 * multiplies every -n (e.g. 0.1 for a quick look). Builds dist/gokit with
 * `make dist/gokit` first.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderTable } from "../src/term/table.ts";
import { freePort, waitPort } from "./support.ts";

const root = resolve(import.meta.dir, "..");
const TESTS = "set,get,incr,lpush,rpop,hset,sadd,lrange_100";
const KEYS = 1_000_000;
const LEVELS = [
  { pipeline: 1, requests: 200_000, goal: 0.9 },
  { pipeline: 16, requests: 2_000_000, goal: 0.6 },
] as const;
const MEMORY_GOAL = 2;

const { values } = parseArgs({ options: { rounds: { type: "string", default: "1" }, scale: { type: "string", default: "1" }, only: { type: "string", default: "" } } });
const rounds = Number(values.rounds);
const scale = Number(values.scale);
/** "memory" or "throughput" runs one half; empty runs both. */
const only = values.only;

function have(bin: string): boolean {
  return Bun.which(bin) !== null;
}



/** A kB figure from /proc/PID/status, e.g. VmRSS or VmHWM. */
function procKB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`bench: no ${field} for pid ${pid}`);
  return Number(m[1]);
}

interface Server {
  name: "redis" | "gokit";
  port: number;
  pid: number;
  stop(): Promise<void>;
}

async function startServer(name: Server["name"], work: string): Promise<Server> {
  const port = freePort();
  const argv =
    name === "gokit"
      ? [join(root, "dist/gokit"), "redis", "server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", work]
      : ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", work];
  const proc = Bun.spawn(argv, { cwd: work, stdout: "ignore", stderr: "ignore", stdin: "ignore", env: { ...process.env, NO_COLOR: "1" } });
  await waitPort(port, proc);
  return {
    name,
    port,
    pid: proc.pid,
    stop: async () => {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}

/** One redis-benchmark test's figures. */
interface Result {
  rps: number;
  p99ms: number;
}

/** Parses one CSV field list: `"a","b",…`. */
function csvFields(line: string): string[] {
  return [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
}

/** Runs redis-benchmark --csv against a server; test name (SET, LRANGE_100, …) → figures. */
async function benchmark(server: Server, pipeline: number, requests: number): Promise<Map<string, Result>> {
  const argv = ["redis-benchmark", "-h", "127.0.0.1", "-p", String(server.port), "-t", TESTS, "-n", String(requests), "-c", "50", "-P", String(pipeline), "-q", "--csv"];
  const proc = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`bench: ${argv.join(" ")}: exit status ${code}: ${err.trim()}`);
  const lines = out.trim().split("\n");
  const head = csvFields(lines[0] ?? "");
  const rpsAt = head.indexOf("rps");
  const p99At = head.indexOf("p99_latency_ms");
  if (rpsAt < 0) throw new Error(`bench: unexpected redis-benchmark CSV header: ${lines[0]}`);
  const results = new Map<string, Result>();
  for (const line of lines.slice(1)) {
    const f = csvFields(line);
    const test = f[0] ?? "";
    if (test.includes("needed to benchmark")) continue; // the LPUSH that fills the list for LRANGE
    results.set(test.replace(/ \(.*\)$/, ""), { rps: Number(f[rpsAt]), p99ms: p99At >= 0 ? Number(f[p99At]) : NaN });
  }
  if (err.trim() !== "") console.log(`bench: ${server.name}: redis-benchmark: ${err.trim().split("\n").slice(0, 3).join("; ")}`);
  return results;
}

/** Writes exactly `n` distinct `SET key:%012d xxx` commands as RESP to `path`. */
async function writeLoad(path: string, n: number): Promise<void> {
  const writer = Bun.file(path).writer();
  let chunk = "";
  for (let i = 0; i < n; i++) {
    chunk += `*3\r\n$3\r\nSET\r\n$16\r\nkey:${String(i).padStart(12, "0")}\r\n$3\r\nxxx\r\n`;
    if (chunk.length > 1 << 20) {
      writer.write(chunk);
      chunk = "";
    }
  }
  writer.write(chunk);
  await writer.end();
}

async function redisCli(port: number, args: string[]): Promise<string> {
  const proc = Bun.spawn(["redis-cli", "-h", "127.0.0.1", "-p", String(port), ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  if (code !== 0) throw new Error(`bench: redis-cli ${args.join(" ")}: exit status ${code}`);
  return out.trim();
}

/** Memory figures for one fresh server after loading the keys. */
interface Memory {
  beforeKB: number;
  peakKB: number;
  afterKB: number;
  keys: number;
  seconds: number;
}

async function memory(name: Server["name"], work: string, load: string): Promise<Memory> {
  const server = await startServer(name, work);
  try {
    await redisCli(server.port, ["PING"]);
    const beforeKB = procKB(server.pid, "VmRSS");
    const start = performance.now();
    const proc = Bun.spawn(["redis-cli", "-h", "127.0.0.1", "-p", String(server.port), "--pipe"], { stdin: Bun.file(load), stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    const seconds = (performance.now() - start) / 1000;
    const m = /errors: (\d+), replies: (\d+)/.exec(out + err);
    if (code !== 0 || !m || m[1] !== "0" || Number(m[2]) !== KEYS) throw new Error(`bench: ${name}: redis-cli --pipe: exit status ${code}: ${(out + err).trim()}`);
    const peakKB = procKB(server.pid, "VmHWM");
    const afterKB = procKB(server.pid, "VmRSS");
    const keys = Number(await redisCli(server.port, ["DBSIZE"]));
    if (keys !== KEYS) throw new Error(`bench: ${name}: DBSIZE ${keys} after loading ${KEYS} keys`);
    return { beforeKB, peakKB, afterKB, keys, seconds };
  } finally {
    await server.stop();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const geomean = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "—");
const ms = (n: number): string => (Number.isFinite(n) ? n.toFixed(3) : "—");
const ratio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "—");

async function main(): Promise<void> {
  for (const bin of ["redis-server", "redis-benchmark", "redis-cli", "make"]) {
    if (!have(bin)) throw new Error(`bench: ${bin} not found (apt-get install redis-server redis-tools)`);
  }
  // The Makefile is the one definition of how dist/gokit is built.
  console.log("bench: make dist/gokit");
  const made = Bun.spawnSync(["make", "--no-print-directory", "dist/gokit"], { cwd: root, stdout: "pipe", stderr: "pipe" });
  if (made.exitCode !== 0) throw new Error(`bench: make dist/gokit: ${(made.stderr.toString() + made.stdout.toString()).trim()}`);

  const work = mkdtempSync(join(tmpdir(), "gokit-bench-redis-"));
  const began = performance.now();
  try {
    // ─── throughput: one server of each kind, alternated per run ───
    const servers = only === "memory" ? [] : [await startServer("redis", work), await startServer("gokit", work)];
    const figures = new Map<string, Result[]>(); // `${server} ${pipeline} ${test}` → runs
    let tests: string[] = [];
    try {
      for (const level of only === "memory" ? [] : LEVELS) {
        const n = Math.max(1000, Math.round(level.requests * scale));
        for (let round = 0; round < rounds; round++) {
          for (const server of servers) {
            const t0 = performance.now();
            console.log(`bench: redis-benchmark -P ${level.pipeline} -n ${n.toLocaleString("en-US")} against ${server.name} (round ${round + 1}/${rounds})…`);
            const results = await benchmark(server, level.pipeline, n);
            if (tests.length === 0) tests = [...results.keys()];
            for (const [test, r] of results) (figures.get(`${server.name} ${level.pipeline} ${test}`) ?? figures.set(`${server.name} ${level.pipeline} ${test}`, []).get(`${server.name} ${level.pipeline} ${test}`)!).push(r);
            console.log(`bench:   done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
          }
        }
      }
    } finally {
      for (const s of servers) await s.stop();
    }

    const pick = (server: string, pipeline: number, test: string): Result => {
      const runs = figures.get(`${server} ${pipeline} ${test}`) ?? [];
      return runs.length === 0 ? { rps: NaN, p99ms: NaN } : { rps: median(runs.map((r) => r.rps)), p99ms: median(runs.map((r) => r.p99ms)) };
    };
    const rows: string[][] = [];
    const summary: string[][] = [];
    for (const level of only === "memory" ? [] : LEVELS) {
      const ratios: number[] = [];
      for (const test of tests) {
        const r = pick("redis", level.pipeline, test);
        const g = pick("gokit", level.pipeline, test);
        const q = g.rps / r.rps;
        if (Number.isFinite(q)) ratios.push(q);
        rows.push([test, `-P ${level.pipeline}`, int(r.rps), int(g.rps), ratio(q), ms(r.p99ms), ms(g.p99ms), ratio(g.p99ms / r.p99ms)]);
      }
      const gm = ratios.length === tests.length && ratios.length > 0 ? geomean(ratios) : NaN;
      summary.push([`geometric mean ops/s ratio, -P ${level.pipeline}`, ratio(gm), `≥ ${level.goal}×`, Number.isFinite(gm) && gm >= level.goal ? "yes" : "no"]);
    }

    // ─── memory: a fresh server of each kind loads 1,000,000 keys ───
    const mem: Partial<Record<Server["name"], Memory>> = {};
    if (only !== "throughput") {
      const load = join(work, "load.resp");
      console.log(`bench: writing ${KEYS.toLocaleString("en-US")} SET commands (RESP) for redis-cli --pipe…`);
      await writeLoad(load, KEYS);
      for (const name of ["redis", "gokit"] as const) {
        console.log(`bench: loading ${KEYS.toLocaleString("en-US")} keys into a fresh ${name}…`);
        mem[name] = await memory(name, work, load);
        console.log(`bench:   done in ${mem[name]!.seconds.toFixed(1)} s`);
      }
    }
    const perKey = (m: Memory): number => ((m.peakKB - m.beforeKB) * 1024) / m.keys;
    const memRows = mem.gokit === undefined ? [] : (["redis", "gokit"] as const).map((name) => {
      const m = mem[name]!;
      return [name, (m.beforeKB / 1024).toFixed(1), (m.peakKB / 1024).toFixed(1), (m.afterKB / 1024).toFixed(1), perKey(m).toFixed(1), m.seconds.toFixed(1)];
    });
    if (mem.gokit !== undefined) {
      const memRatio = perKey(mem.gokit) / perKey(mem.redis!);
      summary.push([`bytes/key (peak RSS), ${KEYS.toLocaleString("en-US")} keys`, ratio(memRatio), `≤ ${MEMORY_GOAL}×`, memRatio <= MEMORY_GOAL ? "yes" : "no"]);
    }

    const right = { align: "right" } as const;
    console.log();
    if (rows.length > 0) {
      console.log(`redis-benchmark -c 50 -t ${TESTS}, ${rounds === 1 ? "one run" : `median of ${rounds} runs`} per server, alternated; ${navigator.hardwareConcurrency} cores; redis-server ${/v=(\S+)/.exec(Bun.spawnSync(["redis-server", "--version"]).stdout.toString())?.[1] ?? "?"}`);
      console.log(
        renderTable(
          [{ header: "test" }, { header: "pipeline" }, { header: "redis ops/s", ...right }, { header: "gokit ops/s", ...right }, { header: "ratio", ...right }, { header: "redis p99 ms", ...right }, { header: "gokit p99 ms", ...right }, { header: "p99 ratio", ...right }],
          rows,
        ),
      );
    }
    if (memRows.length > 0) {
      console.log(`memory: ${KEYS.toLocaleString("en-US")} × SET key:%012d xxx via redis-cli --pipe into a fresh server; bytes/key = (VmHWM − VmRSS before) / keys`);
      console.log(
        renderTable([{ header: "server" }, { header: "RSS before MB", ...right }, { header: "peak RSS MB", ...right }, { header: "RSS after MB", ...right }, { header: "bytes/key", ...right }, { header: "load s", ...right }], memRows),
      );
    }
    console.log(renderTable([{ header: "goal" }, { header: "gokit / redis", ...right }, { header: "target" }, { header: "met" }], summary));
    console.log(`total ${((performance.now() - began) / 1000).toFixed(0)} s`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
