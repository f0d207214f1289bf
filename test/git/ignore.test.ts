import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IgnoreMatcher } from "../../src/git/ignore.ts";
import { wildmatch } from "../../src/git/wildmatch.ts";
import { prng } from "../support/prng.ts";
import { haveCommand } from "../support/require.ts";
import { gitEnv } from "./support.ts";

const DIRS = ["d0", "d1", "build", "sub dir", "a"];
const FILES = ["a.txt", "b.log", "foo", "bar", "Foo.c", "x[1]", "#hash", "!bang", "trail ", "é.txt", "b", "abc.tx", "FOO", "Bar.LOG", "D1"];
const RULES = [
  "*.log", "foo", "/foo", "foo/", "d1/", "d1/*.txt", "**/bar", "d0/**", "a/**/b", "!b.log", "?oo", "[ab].txt", "[!a]*.txt",
  "[a-c]*", "\\!bang", "\\#hash", "*.tx[t]", "foo ", "trail\\ ", "d*/", "build", "!build/", "!foo", "x\\[1]", "sub dir/",
  "*.c", "!*.c", "**/d1/**", "/d0/a.txt", "*/b", "a/", "!d0/", "[[:alpha:]]ar", "[[:digit:]]*", "é.txt", "**", "!**/", "*/",
  "d0/*", "!d0/b", "abc.t?", "a*c*", "#comment", "", "   ", "*~", "build/**/foo", "[^b]ar", "a.tx[!t]", "**/a/b", "FOO", "*.LOG", "[A-C]ar", "Build/", "/D0",
];

type Tree = { files: string[]; dirs: string[]; ignores: Map<string, string[]>; exclude: string[]; global: string[] };

function makeTree(seed: number): Tree {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const rules = (n: number) => Array.from({ length: n }, () => pick(RULES));
  const dirs: string[] = [];
  const files: string[] = [];
  const ignores = new Map<string, string[]>();
  const walk = (dir: string, depth: number) => {
    for (const f of FILES) if (rnd() < 0.5) files.push(dir + f);
    if (depth === 0 || rnd() < 0.7) ignores.set(dir, rules(2 + Math.floor(rnd() * 6)));
    if (depth < 3) for (const d of DIRS) if (rnd() < 0.35) {
      dirs.push(dir + d);
      walk(`${dir}${d}/`, depth + 1);
    }
  };
  walk("", 0);
  return { files, dirs, ignores, exclude: rules(Math.floor(rnd() * 3)), global: rules(Math.floor(rnd() * 3)) };
}

let root = "";
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "gokit-ignore-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Builds the tree in a fresh repository and asks `git check-ignore --no-index -v -n` about every path in one process. */
function gitVerdicts(t: Tree, name: string, config: string[] = []): Map<string, string> {
  const wt = join(root, name);
  mkdirSync(wt);
  // Each tree has its own home, whose $XDG_CONFIG_HOME/git/ignore is git's default core.excludesFile.
  const env = gitEnv(join(root, `home-${name}`));
  mkdirSync(join(env.XDG_CONFIG_HOME!, "git"), { recursive: true });
  writeFileSync(join(env.XDG_CONFIG_HOME!, "git", "ignore"), t.global.join("\n"));
  Bun.spawnSync(["git", "init", "-q", wt], { env });
  for (const d of t.dirs) mkdirSync(join(wt, d), { recursive: true });
  for (const f of t.files) writeFileSync(join(wt, f), "x\n");
  for (const [d, rules] of t.ignores) writeFileSync(join(wt, d, ".gitignore"), rules.join("\n") + "\n");
  writeFileSync(join(wt, ".git", "info", "exclude"), t.exclude.join("\r\n"));
  const paths = [...t.dirs, ...t.files];
  const r = Bun.spawnSync(["git", ...config, "check-ignore", "--no-index", "--stdin", "-z", "-v", "-n"], { cwd: wt, env, stdin: Buffer.from(paths.join("\0") + "\0") });
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`git check-ignore failed: ${r.stderr.toString()}`);
  const f = r.stdout.toString("utf8").split("\0");
  const out = new Map<string, string>();
  for (let i = 0; i + 3 < f.length; i += 4) out.set(f[i + 3]!, f[2 + i] === "" ? "" : `${f[i + 1]}:${f[i + 2]}`);
  return out;
}

describe.skipIf(!haveCommand("git"))("IgnoreMatcher", () => {
  for (let seed = 1; seed <= 40; seed++) {
    test(`agrees with git check-ignore on a generated tree with every kind of rule in .gitignore files, info/exclude and the global excludes file (seed ${seed})`, () => {
      const t = makeTree(seed);
      const want = gitVerdicts(t, `t${seed}`);
      const wt = join(root, `t${seed}`);
      const m = IgnoreMatcher.load(wt, join(wt, ".git"), { env: gitEnv(join(root, `home-t${seed}`)) });
      const dirs = new Set(t.dirs);
      const paths = [...t.dirs, ...t.files];
      expect(want.size).toBe(paths.length);
      for (const path of paths) {
        const got = m.match(path, dirs.has(path));
        const verdict = got ? `${got.pattern.line}:${got.pattern.text}` : "";
        expect({ path, verdict }).toEqual({ path, verdict: want.get(path) ?? "missing" });
        expect(m.isIgnored(path, dirs.has(path))).toBe(got !== undefined && !got.pattern.text.startsWith("!"));
      }
    });
  }

  for (let seed = 41; seed <= 50; seed++) {
    test(`agrees with git -c core.ignorecase=true check-ignore when ignoreCase is set (seed ${seed})`, () => {
      const t = makeTree(seed);
      const want = gitVerdicts(t, `t${seed}`, ["-c", "core.ignorecase=true"]);
      const wt = join(root, `t${seed}`);
      const m = IgnoreMatcher.load(wt, join(wt, ".git"), { env: gitEnv(join(root, `home-t${seed}`)), ignoreCase: true });
      const dirs = new Set(t.dirs);
      for (const path of [...t.dirs, ...t.files]) {
        const got = m.match(path, dirs.has(path));
        expect({ path, verdict: got ? `${got.pattern.line}:${got.pattern.text}` : "" }).toEqual({ path, verdict: want.get(path) ?? "missing" });
      }
    });
  }

  for (let seed = 101; seed <= 110; seed++) {
    test(`decides like git check-ignore for random glob patterns and paths (seed ${seed})`, () => {
      const rnd = prng(seed);
      const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
      const PIECES = ["a", "b", "c", "ab", "*", "**", "?", "[ab]", "[!a]", "[a-c]", "[^b]", "\\*", "\\?", "[[:alpha:]]", "[]a]", "[a-]", "/", "/", "\\", "[", "[:", "*/", "/**/", "x"];
      const NAMES = ["a", "b", "c", "ab", "ba", "abc", "x", "a*", "a?b", "[a]", "\\", "bb", "c-d", "]a"];
      // Every pattern has a literal part, so broad ones ("*", "**") do not hide all the others.
      const LITERALS = ["a", "b", "c", "ab", "ba", "x", "c-d"];
      const patterns = Array.from({ length: 60 }, () => {
        const parts = Array.from({ length: Math.floor(rnd() * 3) }, () => pick(PIECES));
        parts.splice(Math.floor(rnd() * (parts.length + 1)), 0, pick(LITERALS));
        return (rnd() < 0.15 ? "!" : "") + parts.join("");
      });
      const paths = [...new Set(Array.from({ length: 400 }, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(NAMES)).join("/")))];
      const wt = join(root, `g${seed}`);
      mkdirSync(wt);
      const env = gitEnv(root);
      Bun.spawnSync(["git", "init", "-q", wt], { env });
      writeFileSync(join(wt, ".gitignore"), patterns.join("\n") + "\n");
      const r = Bun.spawnSync(["git", "check-ignore", "--no-index", "--stdin", "-z", "-v", "-n"], { cwd: wt, env, stdin: Buffer.from(paths.join("\0") + "\0") });
      expect(r.exitCode === 0 || r.exitCode === 1).toBe(true);
      const f = r.stdout.toString("utf8").split("\0");
      const want = new Map<string, string>();
      for (let i = 0; i + 3 < f.length; i += 4) want.set(f[i + 3]!, f[i + 1] === "" ? "" : `${f[i + 1]}:${f[i + 2]}`);
      expect(want.size).toBe(paths.length);
      const m = IgnoreMatcher.load(wt, join(wt, ".git"), { excludesFile: null });
      let decided = 0;
      for (const path of paths) {
        const got = m.match(path, false);
        expect({ path, verdict: got ? `${got.pattern.line}:${got.pattern.text}` : "" }).toEqual({ path, verdict: want.get(path)! });
        if (got) decided++;
      }
      // Both outcomes occur often enough for the comparison to mean something.
      expect(decided).toBeGreaterThan(paths.length / 10);
      expect(decided).toBeLessThan(paths.length);
    });
  }

  test("cannot re-include a file inside an excluded directory", () => {
    const m = IgnoreMatcher.fromText({ "": "build/\n!build/keep.txt\n" });
    expect(m.isIgnored("build", true)).toBe(true);
    expect(m.isIgnored("build/keep.txt", false)).toBe(true);
    const n = IgnoreMatcher.fromText({ "": "build/*\n!build/keep.txt\n" });
    expect(n.isIgnored("build/keep.txt", false)).toBe(false);
    expect(n.isIgnored("build/other.txt", false)).toBe(true);
  });

  test("lets a deeper .gitignore override a shallower one and info/exclude", () => {
    const m = IgnoreMatcher.fromText({ "": "*.log\n!notes.txt\n", "src/": "!debug.log\n" }, ["*.txt"]);
    expect(m.isIgnored("a.log", false)).toBe(true);
    expect(m.isIgnored("src/debug.log", false)).toBe(false);
    expect(m.isIgnored("src/x.log", false)).toBe(true);
    expect(m.isIgnored("notes.txt", false)).toBe(false);
    expect(m.isIgnored("other.txt", false)).toBe(true);
  });
});

describe("wildmatch", () => {
  const cases: [string, string, boolean, boolean][] = [
    // pattern, text, pathname flag, expected (cases from git's t3070-wildmatch)
    ["foo", "foo", true, true],
    ["*", "foo/bar", true, false],
    ["*", "foo/bar", false, true],
    ["**", "foo/bar", true, true],
    ["foo/**/bar", "foo/bar", true, true],
    ["foo/**/bar", "foo/a/b/bar", true, true],
    ["foo/**", "foo/a/b", true, true],
    ["**/foo", "a/b/foo", true, true],
    ["**/foo", "foo", true, true],
    ["foo**bar", "foo/a/bar", true, false],
    ["*/foo", "a/b/foo", true, false],
    ["[a-c]x", "bx", true, true],
    ["[!a-c]x", "bx", true, false],
    ["[^a-c]x", "dx", true, true],
    ["[[:digit:]]", "5", true, true],
    ["[[:bogus:]]", "5", true, false],
    ["[a-]", "-", true, true],
    ["[]]", "]", true, true],
    ["\\*", "*", true, true],
    ["\\*", "a", true, false],
    ["a?c", "a/c", true, false],
    ["a?c", "a/c", false, true],
    ["a[/]c", "a/c", true, false],
    ["*.c", "x.c", true, true],
    ["**/*.c", "a/b/x.c", true, true],
    ["a/**/", "a/b/", true, true],
    ["[[:alpha:]][[:space:]]", "x ", true, true],
    ["*[", "a[", true, false],
  ];
  for (const [p, t, pathname, want] of cases) {
    test(`${JSON.stringify(p)} ${want ? "matches" : "does not match"} ${JSON.stringify(t)}${pathname ? " with WM_PATHNAME" : ""}`, () => {
      expect(wildmatch(p, t, { pathname })).toBe(want);
    });
  }
});
