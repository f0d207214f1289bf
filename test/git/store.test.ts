/**
 * The object store seam: one conformance suite for the loose and the packed
 * implementation, fed by repositories real git wrote (the packed one after
 * `git gc --aggressive`, so deltas and delta chains are exercised).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { LooseStore } from "../../src/git/store-loose.ts";
import { PackStore, applyDelta } from "../../src/git/store-pack.ts";
import type { ObjectStore } from "../../src/git/store.ts";
import { haveCommand } from "../support/require.ts";
import { gitEnv, realGit } from "./support.ts";

let root = "";
const truth = new Map<string, { type: string; data: Buffer }>();

function git(cwd: string, ...args: string[]) {
  const r = realGit(cwd, gitEnv(`${root}/home`), args);
  if (r.code !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const hasGit = haveCommand("git");

beforeAll(() => {
  if (!hasGit) return;
  root = mkdtempSync(resolve(tmpdir(), "gokit-git-store-"));
  const loose = `${root}/loose`;
  git(root, "init", "-q", loose);
  // Similar versions of one large file give git something to deltify.
  let text = "";
  for (let i = 0; i < 400; i++) text += `line ${i} ${"x".repeat(i % 37)}\n`;
  for (let v = 0; v < 12; v++) {
    text = text.replace(`line ${v * 7} `, `line ${v * 7} changed in v${v} `) + `appended ${v}\n`;
    Bun.write(`${loose}/big.txt`, text);
    Bun.write(`${loose}/v${v % 3}.txt`, `version ${v}\n`);
    git(loose, "add", ".");
    git(loose, "commit", "-q", "-m", `v${v}`);
  }
  git(loose, "tag", "-a", "t1", "-m", "a tag");
  cpSync(loose, `${root}/packed`, { recursive: true });
  git(`${root}/packed`, "gc", "--aggressive", "-q");
  for (const line of git(loose, "cat-file", "--batch-all-objects", "--batch-check").trim().split("\n")) {
    const [oid, type] = line.split(" ") as [string, string];
    const raw = Bun.spawnSync(["git", "cat-file", type, oid], { cwd: loose, env: gitEnv(`${root}/home`) }).stdout;
    truth.set(oid, { type, data: Buffer.from(raw) });
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const stores: [string, () => ObjectStore][] = [
  ["LooseStore", () => new LooseStore(`${root}/loose/.git/objects`)],
  ["PackStore", () => new PackStore(`${root}/packed/.git/objects/pack`)],
];

describe.if(hasGit).each(stores)("%s (object store conformance)", (_name, make) => {
  test("reads every object real git wrote with the same type and bytes", () => {
    const store = make();
    expect(truth.size).toBeGreaterThan(30);
    for (const [oid, want] of truth) {
      const got = store.read(oid);
      expect(got?.type).toBe(want.type as never);
      const bytes = Buffer.from(got!.data);
      expect(bytes.toString("latin1")).toBe(want.data.toString("latin1"));
    }
  });

  test("has() and read() say absent for an id it does not hold", () => {
    const store = make();
    const missing = "0123456789abcdef0123456789abcdef01234567";
    expect(store.has(missing)).toBe(false);
    expect(store.read(missing)).toBeUndefined();
    expect(store.has([...truth.keys()][0]!)).toBe(true);
  });

  test("findPrefix() finds an object by its first digits", () => {
    const store = make();
    const oid = [...truth.keys()][3]!;
    expect(store.findPrefix(oid.slice(0, 6))).toContain(oid);
  });
});

test.if(hasGit)("the packed repository really holds deltas (so the chains above were resolved)", () => {
  const pack = readdirSync(`${root}/packed/.git/objects/pack`).find((n) => n.endsWith(".pack"))!;
  const verify = git(`${root}/packed`, "verify-pack", "-v", `.git/objects/pack/${pack}`);
  expect(verify).toMatch(/chain length = [2-9]/);
});

test.if(hasGit)("applyDelta copies and inserts as gitformat-pack describes, and rejects a wrong base size", () => {
  const base = new TextEncoder().encode("hello world");
  // Source size 11, result size 11; copy 6 bytes from offset 0 ("hello "), insert "there".
  const delta = new Uint8Array([11, 11, 0x90, 6, 5, ...new TextEncoder().encode("there")]);
  expect(new TextDecoder().decode(applyDelta(base, delta))).toBe("hello there");
  expect(() => applyDelta(base, new Uint8Array([3, 1, 1, 65]))).toThrow("delta base size mismatch");
});
