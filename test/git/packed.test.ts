/**
 * gokit git on repositories real git packed (`git gc --aggressive`: packs
 * with delta chains and packed-refs), and on broken ones: corrupt objects, a
 * truncated index, missing refs give clear errors, never a wrong answer.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { haveCommand } from "../support/require.ts";
import { hashObject } from "../../src/git/sha1.ts";
import { gitEnv, ourGit, realGit } from "./support.ts";

let root = "";
let env: Record<string, string> = {};
let repo = "";

function git(...args: string[]) {
  const r = realGit(repo, env, args);
  if (r.code !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const hasGit = haveCommand("git");

beforeAll(() => {
  if (!hasGit) return;
  root = mkdtempSync(resolve(tmpdir(), "gokit-git-packed-"));
  env = gitEnv(`${root}/home`);
  repo = `${root}/repo`;
  realGit(root, env, ["init", "-q", repo]);
  let text = "";
  for (let i = 0; i < 300; i++) text += `row ${i}\n`;
  for (let v = 0; v < 8; v++) {
    text = text.replace(`row ${v * 11}\n`, `row ${v * 11} edited ${v}\n`);
    writeFileSync(`${repo}/data.txt`, text);
    writeFileSync(`${repo}/n${v}.txt`, `file ${v}\n`);
    git("add", ".");
    git("commit", "-q", "-m", `commit ${v}`);
    if (v === 3) git("branch", "old");
  }
  git("tag", "-a", "v1", "-m", "tagged", "HEAD~2");
  git("gc", "--aggressive", "-q");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function same(args: string[], dir = repo) {
  const real = realGit(dir, env, args);
  const ours = await ourGit(dir, env, args);
  expect({ args, ...ours }).toEqual({ args, ...real });
}

test.if(hasGit)("log, show-ref, rev-parse and cat-file -p read packed objects and packed-refs like git", async () => {
  expect(readFileSync(`${repo}/.git/packed-refs`, "utf8")).toContain("refs/heads/old");
  await same(["log"]);
  await same(["log", "--oneline", "old"]);
  await same(["show-ref"]);
  await same(["rev-parse", "v1", "v1^{commit}", "old~2", "HEAD:data.txt"]);
  await same(["cat-file", "-p", "HEAD:data.txt"]);
  await same(["cat-file", "-p", "HEAD~5:data.txt"]);
  await same(["cat-file", "-p", "v1"]);
  await same(["cat-file", "-t", "v1"]);
  await same(["show", "HEAD~3"]);
  await same(["status", "--porcelain"]);
});

test.if(hasGit)("checkout of an old commit and back again on a packed repository leaves the tree git expects", async () => {
  const r = await ourGit(repo, env, ["checkout", "old"]);
  expect(r.code).toBe(0);
  expect(realGit(repo, env, ["status", "--porcelain"]).stdout).toBe("");
  expect(readFileSync(`${repo}/data.txt`, "utf8")).toBe(realGit(repo, env, ["show", "old:data.txt"]).stdout);
  const d = await ourGit(repo, env, ["checkout", "HEAD~2"]);
  expect(d.stderr).toContain("HEAD is now at");
  expect(realGit(repo, env, ["status", "--porcelain"]).stdout).toBe("");
  expect((await ourGit(repo, env, ["checkout", "master"])).code).toBe(0);
  expect(realGit(repo, env, ["status"]).stdout).toBe("On branch master\nnothing to commit, working tree clean\n");
  expect(realGit(repo, env, ["fsck", "--strict"]).code).toBe(0);
});

test.if(hasGit)("outside any repository: git's fatal message and exit 128", async () => {
  const dir = mkdtempSync(resolve(tmpdir(), "gokit-git-none-"));
  try {
    const env2 = { ...env, GIT_CEILING_DIRECTORIES: tmpdir() };
    const r = await ourGit(dir, env2, ["status"]);
    expect(r).toEqual({ code: 128, stdout: "", stderr: "fatal: not a git repository (or any of the parent directories): .git\n" });
    expect(realGit(dir, env2, ["status"]).stderr).toBe(r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.if(hasGit)("a corrupt loose object, a truncated index and a missing ref are reported, not misread", async () => {
  const dir = `${root}/broken`;
  cpSync(repo, dir, { recursive: true });
  const blob = realGit(dir, env, ["rev-parse", "HEAD:n0.txt"]).stdout.trim();
  realGit(dir, env, ["repack", "-a", "-d", "-q"]);
  const packed = await ourGit(dir, env, ["cat-file", "-p", blob]);
  expect(packed.stdout).toBe("file 0\n");
  // A fresh loose object, then damage inside its deflate stream.
  writeFileSync(`${dir}/fresh.txt`, "fresh content\n");
  const oid = (await ourGit(dir, env, ["hash-object", "-w", "fresh.txt"])).stdout.trim();
  const path = `${dir}/.git/objects/${oid.slice(0, 2)}/${oid.slice(2)}`;
  chmodSync(path, 0o644);
  const bytes = readFileSync(path);
  bytes[6] = bytes[6]! ^ 0xff;
  writeFileSync(path, bytes);
  const corrupt = await ourGit(dir, env, ["cat-file", "-p", oid]);
  expect(corrupt.code).toBe(128);
  expect(corrupt.stderr).toContain(`loose object ${oid}`);
  expect(corrupt.stderr).toContain("is corrupt");
  expect(corrupt.stdout).toBe("");
  // Damage only in the Adler-32 trailer: the content inflates, but zlib's check fails, as in git.
  writeFileSync(`${dir}/trailer.txt`, "trailer content\n");
  const oid2 = (await ourGit(dir, env, ["hash-object", "-w", "trailer.txt"])).stdout.trim();
  const path2 = `${dir}/.git/objects/${oid2.slice(0, 2)}/${oid2.slice(2)}`;
  chmodSync(path2, 0o644);
  const bytes2 = readFileSync(path2);
  bytes2[bytes2.length - 1] = bytes2[bytes2.length - 1]! ^ 0x01;
  writeFileSync(path2, bytes2);
  const trailer = await ourGit(dir, env, ["cat-file", "-p", oid2]);
  const real = realGit(dir, env, ["cat-file", "-p", oid2]);
  expect({ code: trailer.code, stdout: trailer.stdout, first: trailer.stderr.split("\n").slice(0, 2) }).toEqual({ code: real.code, stdout: "", first: real.stderr.split("\n").slice(0, 2) });

  const size = readFileSync(`${dir}/.git/index`).length;
  truncateSync(`${dir}/.git/index`, size - 30);
  const truncated = await ourGit(dir, env, ["status"]);
  expect(truncated.code).toBe(128);
  expect(truncated.stderr).toMatch(/^error: .*\nfatal: index file corrupt\n$/);

  unlinkSync(`${dir}/.git/index`);
  const missing = await ourGit(dir, env, ["rev-parse", "no-such-branch"]);
  expect(missing).toEqual(realGit(dir, env, ["rev-parse", "no-such-branch"]));
  const log = await ourGit(dir, env, ["log", "no-such-branch"]);
  expect(log).toEqual(realGit(dir, env, ["log", "no-such-branch"]));
});

/** The id real git gives the commit of `dir`'s files (a copy of them, added whole and committed with `message`). */
function realGitCommitOf(dir: string, message: string): string {
  const twin = `${dir}-real`;
  cpSync(dir, twin, { recursive: true });
  rmSync(`${twin}/.git`, { recursive: true, force: true });
  realGit(root, env, ["init", "-q", twin]);
  realGit(twin, env, ["add", "."]);
  realGit(twin, env, ["commit", "-q", "-m", message]);
  return realGit(twin, env, ["rev-parse", "HEAD"]).stdout;
}

test.if(hasGit)("add of many new files writes one pack (and idx) that real git verifies and reads", async () => {
  const dir = `${root}/many`;
  realGit(root, env, ["init", "-q", dir]);
  for (let i = 0; i < 150; i++) writeFileSync(`${dir}/f${i}.txt`, `file number ${i}\n`.repeat(i % 5 + 1));
  expect((await ourGit(dir, env, ["add", "."])).code).toBe(0);
  expect((await ourGit(dir, env, ["commit", "-q", "-m", "many"])).code).toBe(0);
  const packs = readdirSync(`${dir}/.git/objects/pack`);
  expect(packs.filter((n) => n.endsWith(".pack"))).toHaveLength(1);
  const pack = packs.find((n) => n.endsWith(".idx"))!;
  const verify = realGit(dir, env, ["verify-pack", "-v", `.git/objects/pack/${pack}`]);
  expect(verify.code).toBe(0);
  expect(verify.stdout).toContain("non delta: 150 objects");
  expect(realGit(dir, env, ["fsck", "--strict"]).code).toBe(0);
  expect(realGit(dir, env, ["status", "--porcelain"]).stdout).toBe("");
  expect(realGit(dir, env, ["show", "HEAD:f7.txt"]).stdout).toBe("file number 7\n".repeat(3));
  // The same tree as real git computes for the same files.
  expect(realGitCommitOf(dir, "many")).toBe(realGit(dir, env, ["rev-parse", "HEAD"]).stdout);
});

test.if(hasGit)("a commit with more than 100 new trees stores them in one pack, with real git's ids", async () => {
  const dir = `${root}/many-trees`;
  realGit(root, env, ["init", "-q", dir]);
  for (let d = 0; d < 120; d++) {
    mkdirSync(`${dir}/d${d}/sub`, { recursive: true });
    writeFileSync(`${dir}/d${d}/sub/f.txt`, `dir ${d}\n`);
  }
  expect((await ourGit(dir, env, ["add", "."])).code).toBe(0);
  const packsBefore = readdirSync(`${dir}/.git/objects/pack`).filter((n) => n.endsWith(".pack"));
  expect((await ourGit(dir, env, ["commit", "-q", "-m", "trees"])).code).toBe(0);
  const added = readdirSync(`${dir}/.git/objects/pack`).filter((n) => n.endsWith(".pack") && !packsBefore.includes(n));
  expect(added).toHaveLength(1);
  // 120 directories, each with a subdirectory, and the root: 241 trees, none of them loose.
  const verify = realGit(dir, env, ["verify-pack", "-v", `.git/objects/pack/${added[0]!.replace(/\.pack$/, ".idx")}`]);
  expect(verify.code).toBe(0);
  expect(verify.stdout.split("\n").filter((l) => / tree /.test(l))).toHaveLength(241);
  const loose = readdirSync(`${dir}/.git/objects`).filter((n) => /^[0-9a-f]{2}$/.test(n));
  expect(loose).toEqual([expect.any(String)]); // the commit object alone
  expect(realGit(dir, env, ["fsck", "--strict"]).code).toBe(0);
  expect(realGit(dir, env, ["status", "--porcelain"]).stdout).toBe("");
  expect(realGitCommitOf(dir, "trees")).toBe(realGit(dir, env, ["rev-parse", "HEAD"]).stdout);
});

test.if(hasGit)("log --graph of an octopus merge made by real git is git's", async () => {
  const dir = `${root}/octopus`;
  realGit(root, env, ["init", "-q", dir]);
  const g = (...args: string[]) => realGit(dir, env, args);
  writeFileSync(`${dir}/a`, "a\n");
  g("add", "a");
  g("commit", "-qm", "base");
  for (const b of ["x", "y", "z"]) {
    g("checkout", "-qb", b, "master");
    writeFileSync(`${dir}/${b}`, `${b}\n`);
    g("add", b);
    g("commit", "-qm", b);
  }
  g("checkout", "-q", "master");
  g("merge", "-q", "x", "y", "z", "-m", "octopus");
  for (const args of [["log", "--graph", "--oneline"], ["log", "--graph"]]) expect((await ourGit(dir, env, args)).stdout).toBe(g(...args).stdout);
});

test.if(hasGit)("an ambiguous short id lists the candidates and fails like git", async () => {
  const dir = `${root}/ambiguous`;
  realGit(root, env, ["init", "-q", dir]);
  // Find two contents whose ids share four digits, then let real git store both.
  const seen = new Map<string, number>();
  let prefix = "";
  for (let i = 0; !prefix; i++) {
    const oid = hashObject("blob", new TextEncoder().encode(`blob ${i}\n`));
    const other = seen.get(oid.slice(0, 4));
    if (other !== undefined) {
      prefix = oid.slice(0, 4);
      for (const k of [other, i]) Bun.spawnSync(["git", "hash-object", "-w", "--stdin"], { cwd: dir, env, stdin: new TextEncoder().encode(`blob ${k}\n`) });
    }
    seen.set(oid.slice(0, 4), i);
  }
  for (const args of [["rev-parse", prefix], ["cat-file", "-t", prefix]]) expect(await ourGit(dir, env, args)).toEqual(realGit(dir, env, args));
});

test.if(hasGit)("an index git wrote in version 4 (prefix-compressed paths) reads like git's", async () => {
  const dir = `${root}/index-v4`;
  realGit(root, env, ["init", "-q", dir]);
  for (const f of ["dir/sub/file1.txt", "dir/sub/file2.txt", "dir/f1", "dir/f2", "top"]) {
    Bun.spawnSync(["mkdir", "-p", `${dir}/${f.slice(0, f.lastIndexOf("/") + 1) || "."}`]);
    writeFileSync(`${dir}/${f}`, `${f}\n`);
  }
  realGit(dir, env, ["add", "."]);
  realGit(dir, env, ["commit", "-qm", "x"]);
  realGit(dir, env, ["update-index", "--index-version", "4"]);
  expect(readFileSync(`${dir}/.git/index`)[7]).toBe(4);
  for (const args of [["ls-files", "-s"], ["status"], ["status", "--porcelain"]]) expect(await ourGit(dir, env, args)).toEqual(realGit(dir, env, args));
});

test.if(hasGit)("packs whose deltas name their base by id (REF_DELTA) read like git", async () => {
  const dir = `${root}/ref-delta`;
  cpSync(repo, dir, { recursive: true });
  realGit(dir, env, ["-c", "repack.useDeltaBaseOffset=false", "repack", "-a", "-d", "-f", "-q"]);
  const pack = readdirSync(`${dir}/.git/objects/pack`).find((n) => n.endsWith(".idx"))!;
  // verify-pack -v lists deltified objects with their base; with REF_DELTA the pack holds no OFS_DELTA at all.
  const verify = realGit(dir, env, ["verify-pack", "-v", `.git/objects/pack/${pack}`]).stdout;
  expect(verify).toMatch(/chain length = [1-9]/);
  const raw = readFileSync(`${dir}/.git/objects/pack/${pack.replace(".idx", ".pack")}`);
  let refDeltas = 0;
  for (const line of verify.split("\n")) {
    const m = /^[0-9a-f]{40} \w+\s+\d+ \d+ (\d+) \d+ [0-9a-f]{40}$/.exec(line);
    if (m && ((raw[Number(m[1])]! >> 4) & 7) === 7) refDeltas++;
  }
  expect(refDeltas).toBeGreaterThan(0);
  for (const args of [["log", "--oneline"], ["cat-file", "-p", "HEAD~6:data.txt"], ["show", "HEAD~4"]]) expect(await ourGit(dir, env, args)).toEqual(realGit(dir, env, args));
});
