/**
 * The stat work status's fast path shares with its helper thread
 * (src/git/stat-scan.ts), driven by hand on an index real git wrote: chunks
 * a helper claimed and never finished are taken back, an abandoned scan
 * claims nothing, directory counts are shared without being counted twice,
 * and status with the real helper thread running matches real git.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";
import { CLEAN, GONE, MODIFIED, UNCOUNTED, UNSURE, abandonScan, cacheTreeDirs, dirNames, finishScan, helpScan, layoutOf, newJob, scanChunks, type ScanJob } from "../../src/git/stat-scan.ts";
import { openLibc, type Libc } from "../../src/sys/libc.ts";
import { readExtensions } from "../../src/git/index-file.ts";
import { startStatHelper, statHelper } from "../../src/git/stat-helper.ts";

const sx = openLibc();

/** 1,010 files in 20 directories (four chunks), two hours old. */
function files(root: string): void {
  const old = new Date(Date.now() - 2 * 3600_000);
  for (let d = 0; d < 10; d++) {
    mkdirSync(`${root}/d${d}/sub`, { recursive: true });
    for (let f = 0; f < 100; f++) {
      writeFileSync(`${root}/d${d}/f${f}`, `${d}${f}\n`);
      utimesSync(`${root}/d${d}/f${f}`, old, old);
    }
    writeFileSync(`${root}/d${d}/sub/s`, "s\n");
    utimesSync(`${root}/d${d}/sub/s`, old, old);
  }
}
/** Changes: d1/f5 grows, d2/f7 goes, d3/f9 keeps its size with a new time, d4/f1 becomes a directory. */
const CHANGES = "echo longer-now > d1/f5 && rm d2/f7 && echo 93 > d3/f9 && touch -d '1 hour ago' d3/f9 && rm d4/f1 && mkdir d4/f1";

/** files() committed by real git, then CHANGES. */
function repo(t: Twin): void {
  t.realGit(["init", "-q"]);
  files(t.real);
  t.realGit(["add", "."]);
  t.realGit(["commit", "-qm", "base"]);
  sh(t.real, CHANGES);
}

function sh(cwd: string, script: string): void {
  expect(Bun.spawnSync(["sh", "-c", script], { cwd }).exitCode).toBe(0);
}

function jobFor(dir: string, s: Libc): { job: ScanJob; offsets: Int32Array; tree: Uint8Array } {
  const bytes = readFileSync(`${dir}/.git/index`);
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  const layout = layoutOf(new Uint8Array(shared))!;
  const tree = readExtensions(Buffer.from(shared), new DataView(shared), layout.end).tree!;
  const fd = s.openDir(dir);
  const job = newJob(shared, layout.offsets.length, { workTree: dir, dirfd: fd, filemode: true, indexS: 0, indexNs: 0 });
  return { job, offsets: layout.offsets, tree };
}

const verdicts = (job: ScanJob) => [...new Uint8Array(job.results)];
const pathsOf = (dir: string, job: ScanJob, offsets: Int32Array, verdict: number) => {
  const buf = Buffer.from(job.index);
  return verdicts(job).flatMap((v, n) => (v === verdict ? [buf.toString("utf8", offsets[n]! + 62, buf.indexOf(0, offsets[n]! + 62))] : []));
};

describe.if(haveCommand("git") && sx !== undefined)("status's shared stat scan", () => {
  test("one thread alone gives each entry its verdict", () => {
    using t = new Twin();
    repo(t);
    const { job, offsets } = jobFor(t.real, sx!);
    finishScan(sx!, job, offsets);
    expect(pathsOf(t.real, job, offsets, MODIFIED)).toEqual(["d1/f5"]);
    expect(pathsOf(t.real, job, offsets, GONE)).toEqual(["d2/f7", "d4/f1"]);
    expect(pathsOf(t.real, job, offsets, UNSURE)).toEqual(["d3/f9"]);
    expect(verdicts(job).filter((v) => v === CLEAN)).toHaveLength(1010 - 4);
    sx!.closeDir(job.dirfd);
  });

  test("a chunk the helper claimed and never finished is scanned after the wait", () => {
    using t = new Twin();
    repo(t);
    const alone = jobFor(t.real, sx!);
    finishScan(sx!, alone.job, alone.offsets);
    const { job, offsets } = jobFor(t.real, sx!);
    // A "helper" that claims the first chunk and dies holding it.
    expect(Atomics.add(new Int32Array(job.control), 0, 1)).toBe(0);
    const t0 = performance.now();
    finishScan(sx!, job, offsets, 30);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(verdicts(job)).toEqual(verdicts(alone.job));
    sx!.closeDir(job.dirfd);
    sx!.closeDir(alone.job.dirfd);
  });

  test("an abandoned scan claims nothing more", () => {
    using t = new Twin();
    repo(t);
    const { job, offsets } = jobFor(t.real, sx!);
    abandonScan(job);
    scanChunks(sx!, job, offsets);
    expect(new Int32Array(job.control).slice(1).every((done) => done === 0)).toBe(true);
    expect(helpScan(sx!, job)).toBeUndefined();
    expect(new Int32Array(job.dirCounts).every((c) => c === UNCOUNTED)).toBe(true);
    sx!.closeDir(job.dirfd);
  });

  test("the helper's directory counts are used, and it stops where the main thread has counted", () => {
    using t = new Twin();
    repo(t);
    sh(t.real, "echo u > d9/untracked");
    const { job, offsets, tree } = jobFor(t.real, sx!);
    const dirs = [...cacheTreeDirs(tree, offsets.length)!.entries()];
    expect(dirs.map(([path]) => path).slice(0, 4)).toEqual(["", "d0", "d0/sub", "d1"]);
    // The main thread counts the directory at position 3 first; the helper works back from the last and stops there.
    const [rel3, d3] = dirs[3]!;
    expect(dirNames(sx!, job, d3, `${t.real}/${rel3}`)).toBe(sx!.countNames(`${t.real}/${rel3}`));
    helpScan(sx!, job);
    const counts = new Int32Array(job.dirCounts);
    expect([...counts.slice(0, 3)]).toEqual([UNCOUNTED, UNCOUNTED, UNCOUNTED]);
    for (const [rel, d] of dirs.slice(3)) expect({ rel, n: counts[d.index!] }).toEqual({ rel, n: sx!.countNames(rel === "" ? t.real : `${t.real}/${rel}`) });
    // d9 holds one name more than its tracked files.
    const [, d9] = dirs.find(([rel]) => rel === "d9")!;
    expect(counts[d9.index!]).toBe(d9.count + 1);
    // Entries were all scanned by the "helper" alone.
    expect(verdicts(job).filter((v) => v !== CLEAN)).toHaveLength(4);
    sx!.closeDir(job.dirfd);
  });

  test("status with the helper thread running shows what real git shows", async () => {
    expect(startStatHelper()).toBe(true);
    expect(statHelper()).toBeDefined();
    using t = new Twin();
    await t.both(["init", "-q"]);
    files(t.real);
    files(t.ours);
    await t.both(["add", "."]);
    await t.both(["commit", "-qm", "base"]);
    t.sh(`${CHANGES} && echo u > d9/untracked && mkdir -p newdir && echo n > newdir/x`);
    for (let round = 0; round < 3; round++) {
      for (const view of [["status", "--porcelain"], ["status"], ["status", "-s", "-uall"]]) {
        const r = await t.both(view);
        expect({ round, view, ...r.ours }).toEqual({ round, view, ...r.real });
      }
    }
  }, 60_000);
});

describe.if(sx !== undefined)("statx's whole-file read", () => {
  test("reads a file of exactly the buffer's length, and refuses a shorter or longer one or a missing path", () => {
    using t = new Twin();
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, k) => k % 251));
    writeFileSync(`${t.real}/f`, bytes);
    const shared = Buffer.from(new SharedArrayBuffer(bytes.length));
    expect(sx!.readWhole(`${t.real}/f`, shared)).toBe(true);
    expect(shared.equals(bytes)).toBe(true);
    expect(sx!.readWhole(`${t.real}/f`, Buffer.alloc(bytes.length - 1))).toBe(false);
    expect(sx!.readWhole(`${t.real}/f`, Buffer.alloc(bytes.length + 1))).toBe(false);
    expect(sx!.readWhole(`${t.real}/missing`, Buffer.alloc(1))).toBe(false);
    expect(sx!.readWhole(t.real, Buffer.alloc(1))).toBe(false);
  });
});

describe.if(sx !== undefined)("statx's directory listing", () => {
  test("lists what readdir lists, names with any bytes included", () => {
    using t = new Twin();
    for (const n of [".hidden", "plain", "héllo wörld", "x".repeat(200)]) writeFileSync(`${t.real}/${n}`, "x");
    mkdirSync(`${t.real}/sub`);
    expect(sx!.listNames(t.real)!.sort()).toEqual(readdirSync(t.real).sort());
    expect(sx!.listNames(`${t.real}/missing`)).toBeUndefined();
  });
});
