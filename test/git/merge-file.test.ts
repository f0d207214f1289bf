import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MergeFileOptions, mergeFile } from "../../src/git/merge-file.ts";
import { prng } from "../support/prng.ts";
import { haveCommand } from "../support/require.ts";
import { gitEnv } from "./support.ts";

const enc = new TextEncoder();
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/** Lines from a small vocabulary (so both sides often touch the same lines), some without letters. */
function lines(rnd: () => number, n: number, vocab: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rnd() * vocab);
    const r = rnd();
    out.push(r < 0.1 ? "" : r < 0.2 ? "}" : r < 0.25 ? "--" : `line ${k}`);
  }
  return out;
}

function mutate(rnd: () => number, base: string[], edits: number, vocab: number): string[] {
  const out = base.slice();
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const len = 1 + Math.floor(rnd() * 3);
    const r = rnd();
    if (r < 0.3) out.splice(at, len);
    else if (r < 0.6) out.splice(at, 0, ...lines(rnd, len, vocab));
    else out.splice(at, len, ...lines(rnd, len, vocab));
  }
  return out;
}

function text(ls: string[], rnd: () => number, nl: string): Uint8Array {
  if (ls.length === 0) return new Uint8Array(0);
  return enc.encode(ls.join(nl) + (rnd() < 0.15 ? "" : nl));
}

type Case = { base: Uint8Array; ours: Uint8Array; theirs: Uint8Array };

function cases(seed: number, n: number): Case[] {
  const rnd = prng(seed);
  const out: Case[] = [];
  for (let i = 0; i < n; i++) {
    const vocab = 3 + Math.floor(rnd() * 20);
    const base = lines(rnd, Math.floor(rnd() * 40), vocab);
    const ours = mutate(rnd, base, Math.floor(rnd() * 5), vocab);
    // Sometimes theirs repeats some of our edits, so identical changes must merge cleanly.
    const theirs = rnd() < 0.2 ? mutate(rnd, ours, 1, vocab) : mutate(rnd, base, Math.floor(rnd() * 5), vocab);
    const nl = rnd() < 0.1 ? "\r\n" : "\n";
    out.push({ base: text(base, rnd, nl), ours: text(ours, rnd, nl), theirs: text(theirs, rnd, nl) });
  }
  return out;
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "gokit-merge-file-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `git merge-file -p` on one case: the merged bytes and the exit status (the number of conflicts). */
function gitMerge(c: Case, flags: string[]): { text: string; conflicts: number } {
  writeFileSync(join(dir, "ours"), c.ours);
  writeFileSync(join(dir, "base"), c.base);
  writeFileSync(join(dir, "theirs"), c.theirs);
  const r = Bun.spawnSync(["git", "merge-file", "-p", ...flags, "-L", "ours", "-L", "base", "-L", "theirs", "ours", "base", "theirs"], { cwd: dir, env: gitEnv(dir) });
  if (r.exitCode < 0 || r.exitCode > 127) throw new Error(`git merge-file failed: ${r.stderr.toString()}`);
  return { text: latin1(r.stdout), conflicts: r.exitCode };
}

const labels: MergeFileOptions = { oursLabel: "ours", theirsLabel: "theirs", baseLabel: "base" };

describe.skipIf(!haveCommand("git"))("mergeFile", () => {
  const styles: [string, string[], Partial<MergeFileOptions>][] = [
    ["the default style", [], {}],
    ["--diff3", ["--diff3"], { style: "diff3" }],
    ["--zdiff3", ["--zdiff3"], { style: "zdiff3" }],
    ["--union", ["--union"], { favor: "union" }],
    ["--marker-size 10", ["--marker-size", "10"], { markerSize: 10 }],
  ];
  styles.forEach(([name, flags, opts], n) => {
    test(`equals git merge-file -p ${name} and its conflict count over random three-way cases`, () => {
      let conflicted = 0;
      let clean = 0;
      for (const [i, c] of cases(100 + n, n === 0 ? 250 : 60).entries()) {
        const want = gitMerge(c, flags);
        const got = mergeFile(c.base, c.ours, c.theirs, { ...labels, ...opts });
        expect({ i, text: latin1(got.text), conflicts: got.conflicts }).toEqual({ i, ...want });
        // Counted without favour, so --union is known to have resolved real conflicts.
        if (mergeFile(c.base, c.ours, c.theirs, labels).conflicts > 0) conflicted++;
        else clean++;
      }
      expect(conflicted).toBeGreaterThan(5);
      expect(clean).toBeGreaterThan(5);
    });
  });

  test("with level zealous and histogram diff equals the files a real git merge leaves, conflicted or not", () => {
    const repo = join(dir, "repo");
    mkdirSync(repo);
    const env = gitEnv(dir);
    const git = (...args: string[]) => {
      const r = Bun.spawnSync(["git", ...args], { cwd: repo, env });
      if (r.exitCode !== 0 && args[0] !== "merge") throw new Error(`git ${args[0]}: ${r.stderr.toString()}`);
      return r.stdout.toString();
    };
    // Only modifications (never empty files, so no adds or deletes) and every case in its own file: one merge checks them all.
    const all = cases(300, 120).filter((c) => c.base.length && c.ours.length && c.theirs.length);
    const write = (side: keyof Case) => all.forEach((c, i) => writeFileSync(join(repo, `f${i}`), c[side]));
    git("init", "-q", "-b", "main");
    write("base");
    git("add", ".");
    git("commit", "-q", "-m", "base");
    git("checkout", "-q", "-b", "theirs");
    write("theirs");
    git("commit", "-q", "-a", "-m", "theirs", "--allow-empty");
    git("checkout", "-q", "main");
    write("ours");
    git("commit", "-q", "-a", "-m", "ours", "--allow-empty");
    git("merge", "-q", "--no-edit", "theirs");
    const unmerged = new Set(git("diff", "--name-only", "--diff-filter=U").split("\n").filter(Boolean));
    let conflicted = 0;
    all.forEach((c, i) => {
      const got = mergeFile(c.base, c.ours, c.theirs, { oursLabel: "HEAD", theirsLabel: "theirs", level: "zealous", algorithm: "histogram" });
      const want = latin1(readFileSync(join(repo, `f${i}`)));
      expect({ i, text: latin1(got.text), conflicted: got.conflicts > 0 }).toEqual({ i, text: want, conflicted: unmerged.has(`f${i}`) });
      if (got.conflicts > 0) conflicted++;
    });
    expect(conflicted).toBeGreaterThan(5);
  });

  test("merges identical changes on both sides cleanly", () => {
    const base = enc.encode("a\nb\nc\n");
    const both = enc.encode("a\nB\nc\n");
    expect(mergeFile(base, both, both, labels)).toEqual({ text: both, conflicts: 0 });
  });

  test("marks a conflict with the labels", () => {
    const r = mergeFile(enc.encode("a\nb\nc\n"), enc.encode("a\nX\nc\n"), enc.encode("a\nY\nc\n"), { oursLabel: "HEAD", theirsLabel: "feature" });
    expect(new TextDecoder().decode(r.text)).toBe("a\n<<<<<<< HEAD\nX\n=======\nY\n>>>>>>> feature\nc\n");
    expect(r.conflicts).toBe(1);
  });
});
