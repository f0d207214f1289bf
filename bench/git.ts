#!/usr/bin/env bun
/**
 * `gokit git` against the real git and isomorphic-git, alternated in one run,
 * in temp directories with fixed identities and dates:
 *   1. init + add . + commit of 10,000 small files in 100 directories
 *   2. status --porcelain on that clean tree
 *   3. status --porcelain after rewriting 100 files
 *   4. log of 1,000 commits (a packed repository made by git fast-import)
 *   5. checkout between two branches that differ in 1,000 files
 *   6. grep for a string in 100 of the 10,000 files (gokit and git only: isomorphic-git has no grep)
 * Every tool runs as processes: git and `dist/gokit git …` directly,
 * isomorphic-git as one `bun bench/git/iso-runner.ts` process per command
 * (its start-up counts, like theirs). Each tool works on its own copy of the
 * same repositories, made by real git outside the timing (file times set an
 * hour back and the index refreshed, so no entry is racily clean). Prints the
 * best and the median of --rounds. Goals: gokit ≤ 2× git's time, ≥ 5× faster than isomorphic-git.
 *
 *   bun bench/git.ts [--rounds 3] [--scale 1] [--no-build]
 *
 * `--scale 0.1` shrinks every size for a quick look. Until cmd/git.ts exists
 * the gokit column reads "not available".
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderTable } from "../src/term/table.ts";

const root = resolve(import.meta.dir, "..");
const { values } = parseArgs({ options: { rounds: { type: "string", default: "3" }, scale: { type: "string", default: "1" }, "no-build": { type: "boolean", default: false } } });
const rounds = Number(values.rounds);
const scale = Number(values.scale);
const DIRS = Math.max(1, Math.round(100 * scale));
const FILES_PER_DIR = 100;
const COMMITS = Math.max(2, Math.round(1000 * scale));
const CHANGED = Math.max(1, Math.round(1000 * scale));
const TOUCHED = Math.max(1, Math.round(100 * scale));
const RATIO_GOAL = 2;
const SPEEDUP_GOAL = 5;

type ToolName = "gokit" | "git" | "isomorphic-git";
const TOOLS: ToolName[] = ["gokit", "git", "isomorphic-git"];

const work = mkdtempSync(join(tmpdir(), "gokit-bench-git-"));
const home = join(work, "home");
mkdirSync(home);
const env: Record<string, string> = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: home,
  GIT_CONFIG_NOSYSTEM: "1",
  LC_ALL: "C",
  GIT_AUTHOR_NAME: "Bench Mark",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_AUTHOR_DATE: "1700000000 +0000",
  GIT_COMMITTER_NAME: "Bench Mark",
  GIT_COMMITTER_EMAIL: "bench@example.com",
  GIT_COMMITTER_DATE: "1700000000 +0000",
};
writeFileSync(join(home, ".gitconfig"), "[user]\n\tname = Bench Mark\n\temail = bench@example.com\n[init]\n\tdefaultBranch = master\n[gc]\n\tauto = 0\n");

function run(argv: string[], cwd: string, input?: string): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = Bun.spawnSync(argv, { cwd, env, stdin: input === undefined ? "ignore" : Buffer.from(input), stdout: "pipe", stderr: "pipe" });
  const ms = performance.now() - t0;
  if (r.exitCode !== 0) throw new Error(`${argv.slice(0, 3).join(" ")} … in ${cwd}: exit ${r.exitCode}: ${r.stderr.toString().trim().split("\n")[0]}`);
  return { ms, stdout: r.stdout.toString() };
}

const git = (cwd: string, ...args: string[]) => run(["git", ...args], cwd);

/** The command lines of one logical operation for each tool. */
function commands(tool: ToolName, op: "init" | "add" | "commit" | "status" | "log" | "checkout", dir: string, ref = ""): string[] {
  if (tool === "isomorphic-git") return [process.execPath, join(root, "bench/git/iso-runner.ts"), op, dir, ...(ref ? [ref] : [])];
  const base = tool === "git" ? ["git"] : [join(root, "dist/gokit"), "git"];
  const args: Record<typeof op, string[]> = { init: ["init"], add: ["add", "."], commit: ["commit", "-m", "bench"], status: ["status", "--porcelain"], log: ["log"], checkout: ["checkout", ref] };
  return [...base, ...args[op]];
}

function timeOps(tool: ToolName, dir: string, ops: [Parameters<typeof commands>[1], string?][]): number {
  let ms = 0;
  for (const [op, ref] of ops) ms += run(commands(tool, op, dir, ref), dir).ms;
  return ms;
}

/** Templates made once by real git: the file tree, the big repository with branch "other", the 1,000-commit repository. */
function makeTemplates(): { files: string; big: string; log: string } {
  const files = join(work, "tpl-files");
  for (let d = 0; d < DIRS; d++) {
    const dir = join(files, `dir${String(d).padStart(3, "0")}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_DIR; f++) writeFileSync(join(dir, `file${String(f).padStart(3, "0")}.txt`), `file ${d}/${f}\n${"some content line\n".repeat(1 + (f % 5))}`);
  }
  const big = join(work, "tpl-big");
  cpSync(files, big, { recursive: true });
  git(big, "init", "-q");
  git(big, "add", ".");
  git(big, "commit", "-q", "-m", "base");
  git(big, "checkout", "-q", "-b", "other");
  const every = Math.max(1, Math.floor((DIRS * FILES_PER_DIR) / CHANGED));
  for (let i = 0, n = 0; n < CHANGED && i < DIRS * FILES_PER_DIR; i += every, n++) {
    const d = Math.floor(i / FILES_PER_DIR);
    const f = i % FILES_PER_DIR;
    writeFileSync(join(big, `dir${String(d).padStart(3, "0")}`, `file${String(f).padStart(3, "0")}.txt`), `changed on other ${d}/${f}\n`);
  }
  git(big, "commit", "-q", "-a", "-m", "other");
  git(big, "checkout", "-q", "master");
  const log = join(work, "tpl-log");
  git(work, "init", "-q", log);
  let stream = "";
  for (let i = 1; i <= COMMITS; i++) {
    const msg = `commit number ${i}\n`;
    const data = `version ${i}\n`;
    stream += `commit refs/heads/master\nmark :${i}\ncommitter Bench Mark <bench@example.com> ${1_700_000_000 + i} +0000\ndata ${msg.length}\n${msg}`;
    if (i > 1) stream += `from :${i - 1}\n`;
    stream += `M 100644 inline log.txt\ndata ${data.length}\n${data}\n`;
  }
  run(["git", "fast-import", "--quiet"], log, stream);
  git(log, "reset", "-q", "--hard", "master");
  return { files, big, log };
}

/** Sets the mtime of every work-tree file an hour back, so no index entry is "racily clean" after the refresh. */
function ageFiles(dir: string): void {
  const past = new Date(Date.now() - 3_600_000);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === ".git") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) ageFiles(p);
    else utimesSync(p, past, past);
  }
}

/** A private copy of a template repository whose index matches its copied files (stat data refreshed by git, untimed). */
function copyRepo(template: string, to: string): string {
  cpSync(template, to, { recursive: true });
  ageFiles(to);
  run(["git", "update-index", "-q", "--refresh"], to);
  return to;
}

function gokitAvailable(): string | undefined {
  const committed = Bun.spawnSync(["git", "log", "--oneline", "-1", "--", "cmd/git.ts"], { cwd: root }).stdout.toString().trim();
  if (!committed) return "cmd/git.ts not committed yet";
  if (!values["no-build"]) {
    const b = Bun.spawnSync(["make", "dist/gokit"], { cwd: root, stdout: "ignore", stderr: "pipe" });
    if (b.exitCode !== 0) return `make dist/gokit failed: ${b.stderr.toString().trim().split("\n").pop()}`;
  }
  const probe = mkdtempSync(join(work, "probe-"));
  const r = Bun.spawnSync([join(root, "dist/gokit"), "git", "init"], { cwd: probe, env });
  if (r.exitCode !== 0 || !existsSync(join(probe, ".git", "HEAD"))) return `gokit git init failed: ${r.stderr.toString().trim().split("\n")[0]}`;
  return undefined;
}

const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : Number.NaN;
};

async function main(): Promise<void> {
  const began = performance.now();
  const unavailable = gokitAvailable();
  const tools = TOOLS.filter((t) => t !== "gokit" || unavailable === undefined);
  if (unavailable) console.log(`gokit: not available (${unavailable})`);
  console.log(`preparing: ${DIRS * FILES_PER_DIR} files in ${DIRS} directories, ${COMMITS} commits, ${CHANGED} files differing between branches, ${TOUCHED} touched`);
  const tpl = makeTemplates();
  const ops = ["init + add . + commit", "status (clean)", `status (${TOUCHED} touched)`, `log (${COMMITS} commits)`, `checkout (${CHANGED} files differ)`] as const;
  const times = new Map<string, number[]>();
  const errors = new Map<string, string>();
  const record = (op: string, tool: ToolName, f: () => number) => {
    const key = `${op}|${tool}`;
    if (errors.has(key)) return;
    try {
      times.set(key, [...(times.get(key) ?? []), f()]);
    } catch (e) {
      errors.set(key, (e as Error).message);
    }
  };
  const repos = new Map<ToolName, { big: string; touched: string; log: string; switch: string }>();
  for (const tool of tools) {
    const dir = join(work, tool);
    mkdirSync(dir);
    const touched = copyRepo(tpl.big, join(dir, "touched"));
    for (let i = 0; i < TOUCHED; i++) writeFileSync(join(touched, `dir${String(i % DIRS).padStart(3, "0")}`, `file${String(Math.floor(i / DIRS) * 7 % FILES_PER_DIR).padStart(3, "0")}.txt`), `touched ${i}\n`);
    repos.set(tool, { big: copyRepo(tpl.big, join(dir, "big")), touched, log: copyRepo(tpl.log, join(dir, "log")), switch: copyRepo(tpl.big, join(dir, "switch")) });
  }
  // One untimed, read-only run per tool, so no tool pays for a cold page cache of its own binary or modules.
  for (const tool of tools) run(commands(tool, "log", repos.get(tool)!.log), repos.get(tool)!.log);
  const trees = new Map<ToolName, string>();
  for (let r = 0; r < rounds; r++) {
    // Rotate the order every round so no tool always runs first (cold caches) or last.
    const order = tools.map((_, i) => tools[(i + r) % tools.length]!);
    for (const tool of order) {
      const fresh = join(work, tool, `create-${r}`);
      cpSync(tpl.files, fresh, { recursive: true });
      record(ops[0], tool, () => timeOps(tool, fresh, [["init"], ["add"], ["commit"]]));
      if (!trees.has(tool) && existsSync(join(fresh, ".git"))) {
        try {
          trees.set(tool, git(fresh, "rev-parse", "HEAD^{tree}").stdout.trim());
        } catch {}
      }
      rmSync(fresh, { recursive: true, force: true });
    }
    for (const tool of order) record(ops[1], tool, () => timeOps(tool, repos.get(tool)!.big, [["status"]]));
    for (const tool of order) record(ops[2], tool, () => timeOps(tool, repos.get(tool)!.touched, [["status"]]));
    for (const tool of order) record(ops[3], tool, () => timeOps(tool, repos.get(tool)!.log, [["log"]]));
    for (const tool of order) record(ops[4], tool, () => timeOps(tool, repos.get(tool)!.switch, [["checkout", r % 2 === 0 ? "other" : "master"]]));
    console.log(`round ${r + 1}/${rounds} done (${((performance.now() - began) / 1000).toFixed(0)} s)`);
  }
  const right = { align: "right" } as const;
  // Best of the rounds (the machine is shared, so other load only ever adds time), then the medians.
  const best = (xs: number[]) => Math.min(...xs);
  for (const [label, stat] of [["best of", best], ["median of", median]] as const) {
    const value = (op: string, tool: ToolName) => {
      const xs = times.get(`${op}|${tool}`) ?? [];
      return xs.length ? stat(xs) : Number.NaN;
    };
    const cell = (op: string, tool: ToolName) => {
      if (tool === "gokit" && unavailable) return "not available";
      if (errors.has(`${op}|${tool}`)) return "failed";
      return value(op, tool).toFixed(0);
    };
    const rows = ops.map((op) => {
      const g = value(op, "gokit");
      const ref = value(op, "git");
      const iso = value(op, "isomorphic-git");
      const ok = Number.isFinite(g) && !errors.has(`${op}|gokit`);
      return [
        op,
        cell(op, "gokit"),
        cell(op, "git"),
        cell(op, "isomorphic-git"),
        ok ? `${(g / ref).toFixed(2)}× ${g / ref <= RATIO_GOAL ? "✓" : "✗"}` : "–",
        ok && Number.isFinite(iso) ? `${(iso / g).toFixed(1)}× ${iso / g >= SPEEDUP_GOAL ? "✓" : "✗"}` : "–",
      ];
    });
    console.log(`${label} ${rounds} round(s), ms; every figure includes process start-up (isomorphic-git: one bun process per command)`);
    console.log(
      renderTable(
        [{ header: "operation" }, { header: "gokit ms", ...right }, { header: "git ms", ...right }, { header: "isomorphic-git ms", ...right }, { header: `gokit / git (≤ ${RATIO_GOAL}×)`, ...right }, { header: `speed-up vs iso (≥ ${SPEEDUP_GOAL}×)`, ...right }],
        rows,
      ),
    );
  }
  // git grep on each tool's copy of the 10,000-file tree: a string that 100 files hold.
  const word = `file ${DIRS >> 1}/`;
  const grepMs = new Map<ToolName, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const tool of tools.filter((t) => t !== "isomorphic-git")) {
      const argv = tool === "git" ? ["git", "grep", "-e", word] : [join(root, "dist/gokit"), "git", "grep", "-e", word];
      grepMs.set(tool, [...(grepMs.get(tool) ?? []), run(argv, repos.get(tool)!.big).ms]);
    }
  }
  const grepBest = (tool: ToolName) => Math.min(...(grepMs.get(tool) ?? [Number.NaN]));
  if (!unavailable) {
    const ratio = grepBest("gokit") / grepBest("git");
    console.log(`grep "${word}" (${FILES_PER_DIR} of ${DIRS * FILES_PER_DIR} files), best of ${rounds}: gokit ${grepBest("gokit").toFixed(0)} ms, git ${grepBest("git").toFixed(0)} ms, gokit / git ${ratio.toFixed(2)}× ${ratio <= RATIO_GOAL ? "✓" : "✗"}`);
  }
  const treeIds = [...trees.entries()].map(([t, id]) => `${t} ${id.slice(0, 12)}`).join(", ");
  console.log(`tree of the ${DIRS * FILES_PER_DIR}-file commit: ${treeIds}${new Set(trees.values()).size > 1 ? "  ← DIFFER" : ""}`);
  for (const [key, msg] of errors) console.log(`failed: ${key.replace("|", " / ")}: ${msg}`);
  console.log(`total ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
