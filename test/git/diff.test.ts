import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type UnifiedDiffOptions, diffLines, isBinary, unifiedDiff, unifiedDiffBytes } from "../../src/git/diff.ts";
import { prng } from "../support/prng.ts";
import { haveCommand } from "../support/require.ts";
import { gitEnv } from "./support.ts";

const enc = new TextEncoder();
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/** Random text with many repeated, indented, blank and function-like lines, so every xdiff path is exercised. */
function randomLines(rnd: () => number, n: number, vocab: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rnd() * vocab);
    const r = rnd();
    if (r < 0.1) out.push("");
    else if (r < 0.2) out.push(`func${k}() {`);
    else if (r < 0.3) out.push("}");
    else if (r < 0.45) out.push(`\t${"  ".repeat(k % 4)}stmt ${k};`);
    else if (r < 0.5) out.push(`$var${k} = ${k}`);
    else if (r < 0.55) out.push(`   `);
    else out.push(`${" ".repeat(k % 9)}line ${k}`);
  }
  return out;
}

function mutate(rnd: () => number, lines: string[], edits: number, vocab: number): string[] {
  const out = lines.slice();
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const len = 1 + Math.floor(rnd() * 4);
    const r = rnd();
    if (r < 0.35) out.splice(at, len);
    else if (r < 0.7) out.splice(at, 0, ...randomLines(rnd, len, vocab));
    else out.splice(at, len, ...randomLines(rnd, len, vocab));
  }
  return out;
}

function join_(lines: string[], rnd: () => number, crlf: boolean): string {
  const nl = crlf ? "\r\n" : "\n";
  if (lines.length === 0) return "";
  const body = lines.join(nl);
  return rnd() < 0.2 ? body : body + nl;
}

type Pair = { a: Uint8Array; b: Uint8Array };

function makePairs(seed: number): Pair[] {
  const rnd = prng(seed);
  const pairs: Pair[] = [];
  for (let i = 0; i < 160; i++) {
    const vocab = 2 + Math.floor(rnd() * 40);
    const n = Math.floor(rnd() * (i % 10 === 0 ? 400 : 40));
    const base = randomLines(rnd, n, vocab);
    const other = mutate(rnd, base, Math.floor(rnd() * 8), vocab);
    const crlf = rnd() < 0.1;
    pairs.push({ a: enc.encode(join_(base, rnd, crlf)), b: enc.encode(join_(other, rnd, crlf)) });
  }
  // Large, very different files: the cost heuristics of xdl_split kick in.
  for (let i = 0; i < 3; i++) {
    const a = randomLines(rnd, 3000, 30);
    const b = i === 0 ? randomLines(rnd, 3000, 30) : mutate(rnd, a, 600, 30);
    pairs.push({ a: enc.encode(a.join("\n") + "\n"), b: enc.encode(b.join("\n") + "\n") });
  }
  return pairs;
}

const fixed: [string, string][] = [
  ["", ""],
  ["", "a\n"],
  ["a\n", ""],
  ["a", "a\n"],
  ["a\n", "a"],
  ["a", "b"],
  ["a\nb\nc", "a\nB\nc"],
  ["x\r\ny\r\n", "x\ny\n"],
  ["  \n\t\n", " \n\t\n"],
  ["\n\n\n", "\n\n"],
  ["int main() {\n\treturn 0;\n}\n", "int main() {\n\treturn 1;\n}\n"],
  [`${"f".repeat(120)}\n1\n2\n3\n4\n5\n`, `${"f".repeat(120)}\n1\n2\n3\n4\nX\n`],
  [`héllo wörld ${"é".repeat(60)}\n1\n2\n3\n4\n`, `héllo wörld ${"é".repeat(60)}\n1\n2\n3\n5\n`],
  ["a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\nk\nl\nm\n"],
  ["a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n", "a\nB\nc\nd\ne\nf\ng\nJ\ni\nj\nk\nl\nm\n"],
  ["if (x) {\n  foo();\n}\n\nif (y) {\n  bar();\n}\n", "if (x) {\n  foo();\n}\n\nif (z) {\n  baz();\n}\n\nif (y) {\n  bar();\n}\n"],
];

/** Runs one `git diff --no-index` over two directories of numbered files and returns each file's hunks. */
let runs = 0;
function gitHunks(dir: string, pairs: Pair[], context: number, flags: string[] = []): Map<number, string> {
  const run = runs++;
  const a = join(dir, `a${run}`);
  const b = join(dir, `b${run}`);
  mkdirSync(a);
  mkdirSync(b);
  pairs.forEach((p, i) => {
    writeFileSync(join(a, String(i)), p.a);
    writeFileSync(join(b, String(i)), p.b);
  });
  const r = Bun.spawnSync(["git", "diff", "--no-index", "--no-color", ...flags, `-U${context}`, `a${run}`, `b${run}`], { cwd: dir, env: gitEnv(dir) });
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`git diff failed: ${r.stderr.toString()}`);
  const out = latin1(r.stdout);
  const hunks = new Map<number, string>();
  for (const part of out.split(/^diff --git /m).slice(1)) {
    const name = /^a\/a\d+\/(\d+) /.exec(part);
    const plus = part.indexOf("\n+++ ");
    if (!name || plus < 0) throw new Error(`unexpected git diff output: ${part.slice(0, 200)}`);
    hunks.set(Number(name[1]), part.slice(part.indexOf("\n", plus + 1) + 1));
  }
  return hunks;
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "gokit-diff-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!haveCommand("git"))("unifiedDiff", () => {
  test("prints the same hunks as git diff for hand-picked edge cases", () => {
    const pairs = fixed.map(([a, b]) => ({ a: enc.encode(a), b: enc.encode(b) }));
    const want = gitHunks(dir, pairs, 3);
    pairs.forEach((p, i) => {
      expect(latin1(unifiedDiffBytes(p.a, p.b, { oldPath: "a", newPath: "b" }))).toBe(want.get(i) ?? "");
    });
  });

  for (const [seed, context] of [[1, 3], [2, 3], [3, 0], [4, 1], [5, 5]] as const) {
    test(`prints the same hunks as git diff -U${context} for random file pairs (seed ${seed})`, () => {
      const pairs = makePairs(seed);
      const want = gitHunks(dir, pairs, context);
      let differing = 0;
      pairs.forEach((p, i) => {
        const got = latin1(unifiedDiffBytes(p.a, p.b, { oldPath: "a", newPath: "b", context }));
        if (got !== "") differing++;
        expect({ i, hunks: got }).toEqual({ i, hunks: want.get(i) ?? "" });
      });
      expect(differing).toBeGreaterThan(pairs.length / 2);
    });
  }

  const variants: [number, string[], Partial<UnifiedDiffOptions>][] = [
    [6, ["--histogram"], { algorithm: "histogram" }],
    [7, ["--histogram"], { algorithm: "histogram" }],
    [8, ["--minimal"], { minimal: true }],
    [10, ["--patience"], { algorithm: "patience" }],
    [11, ["--patience"], { algorithm: "patience" }],
    [9, ["--no-indent-heuristic"], { indentHeuristic: false }],
  ];
  for (const [seed, flags, opts] of variants) {
    test(`prints the same hunks as git diff ${flags.join(" ")} for random file pairs (seed ${seed})`, () => {
      const pairs = makePairs(seed);
      const want = gitHunks(dir, pairs, 3, flags);
      pairs.forEach((p, i) => {
        const got = latin1(unifiedDiffBytes(p.a, p.b, { oldPath: "a", newPath: "b", ...opts }));
        expect({ i, hunks: got }).toEqual({ i, hunks: want.get(i) ?? "" });
      });
    });
  }

  test("returns the hunks as UTF-8 text", () => {
    const out = unifiedDiff(enc.encode("naïve\n"), enc.encode("naïf\n"), { oldPath: "a", newPath: "b" });
    expect(out).toBe("@@ -1 +1 @@\n-naïve\n+naïf\n");
  });
});

describe("diffLines", () => {
  test("covers both sides with equal, delete and insert runs", () => {
    const rnd = prng(9);
    for (let i = 0; i < 200; i++) {
      const a = randomLines(rnd, Math.floor(rnd() * 30), 6);
      const b = mutate(rnd, a, 3, 6);
      const edits = diffLines(a, b);
      const rebuilt: string[] = [];
      let ai = 0;
      for (const e of edits) {
        if (e.op === "equal") {
          expect(a.slice(e.aIndex, e.aIndex + e.count)).toEqual(b.slice(e.bIndex, e.bIndex + e.count));
          rebuilt.push(...a.slice(e.aIndex, e.aIndex + e.count));
        } else if (e.op === "insert") rebuilt.push(...b.slice(e.bIndex, e.bIndex + e.count));
        if (e.op !== "insert") {
          expect(e.aIndex).toBe(ai);
          ai += e.count;
        }
      }
      expect(ai).toBe(a.length);
      expect(rebuilt).toEqual(b);
    }
  });

  test("is minimal on a small case", () => {
    expect(diffLines(["a", "b", "c"], ["a", "c"])).toEqual([
      { op: "equal", aIndex: 0, bIndex: 0, count: 1 },
      { op: "delete", aIndex: 1, bIndex: 1, count: 1 },
      { op: "equal", aIndex: 2, bIndex: 1, count: 1 },
    ]);
  });
});

describe("isBinary", () => {
  test("finds a NUL only within the first 8000 bytes", () => {
    const data = new Uint8Array(9000).fill(65);
    expect(isBinary(data)).toBe(false);
    data[8500] = 0;
    expect(isBinary(data)).toBe(false);
    data[7999] = 0;
    expect(isBinary(data)).toBe(true);
  });
});
