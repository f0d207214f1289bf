/**
 * The cache tree a checkout primes from the target's tree objects
 * (tree.ts cacheTreeOf) is byte for byte the one writeTree builds from the
 * same entries, over random trees whose names sort differently as files and
 * as directories ("a" / "a.b" / "a-b" / "a/"), and real git accepts it.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { haveCommand } from "../support/require.ts";
import { prng } from "../support/prng.ts";
import { Twin } from "./support.ts";
import { openRepository } from "../../src/git/repo.ts";
import { cacheTreeOf, writeTree } from "../../src/git/tree.ts";
import { parseCacheTree, validNodes } from "../../src/git/cache-tree.ts";

const NAMES = ["a", "a.b", "a-b", "a_b", "b", "ab", "A", "z", "é", "a0"];

describe.if(haveCommand("git"))("cache tree primed from tree objects", () => {
  test("equals writeTree's for random trees, and real git finds the index clean and its trees right", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    const rand = prng(20261129);
    for (let round = 0; round < 4; round++) {
      const files = new Set<string>();
      while (files.size < 40) {
        const depth = 1 + Math.floor(rand() * 3);
        const parts = Array.from({ length: depth }, () => NAMES[Math.floor(rand() * NAMES.length)]!);
        const path = parts.join("/");
        // A path cannot be both a file and a directory.
        if ([...files].some((f) => f.startsWith(`${path}/`) || path.startsWith(`${f}/`))) continue;
        files.add(path);
      }
      t.sh("find . -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +");
      for (const dir of [t.real, t.ours]) {
        for (const f of files) {
          mkdirSync(dirname(`${dir}/${f}`), { recursive: true });
          writeFileSync(`${dir}/${f}`, `${round} ${f}\n`);
        }
      }
      await t.both(["add", "-A"]);
      const c = await t.both(["commit", "-qm", `round ${round}`]);
      expect(c.ours.code).toBe(0);
      const repo = openRepository({ cwd: t.ours, env: t.env });
      const tree = repo.commit(repo.head()!).tree;
      const built = writeTree(repo, repo.readIndex().entries, { dryRun: true });
      expect(built.oid).toBe(tree);
      expect(Buffer.from(cacheTreeOf(repo, tree)!).toString("latin1")).toBe(Buffer.from(built.ext).toString("latin1"));
    }
    // A checkout between the rounds' commits primes the cache tree; real git agrees with what it says.
    const r = await t.both(["checkout", "-q", "HEAD~2"]);
    expect(r.ours).toEqual(r.real);
    expect(t.gitOnOurs(["status", "--porcelain"]).stdout).toBe(t.realGit(["status", "--porcelain"]).stdout);
    expect(t.gitOnOurs(["write-tree"]).stdout).toBe(t.gitOnOurs(["rev-parse", "HEAD^{tree}"]).stdout);
    expect(t.gitOnOurs(["fsck", "--strict"]).code).toBe(0);
  });

  test("writeTree takes entries in any order, keeps a repeated path's last entry, skips what the cache tree vouches for, refuses a file that is also a directory", async () => {
    using t = new Twin();
    t.sh("mkdir -p a/sub b && echo 1 > a/x && echo 2 > a/sub/y && echo 3 > b/z && echo 4 > a.txt && echo 5 > c");
    await t.both(["init", "-q"]);
    await t.both(["add", "."]);
    await t.both(["commit", "-qm", "one"]);
    const repo = openRepository({ cwd: t.ours, env: t.env });
    const { entries } = repo.readIndex();
    const built = writeTree(repo, entries, { dryRun: true });
    expect(built.oid).toBe(t.realGit(["rev-parse", "HEAD^{tree}"]).stdout.trim());
    expect(writeTree(repo, [...entries].reverse(), { dryRun: true })).toEqual(built);
    // The cache tree's directories are taken as they are, by their counts: the same tree and extension.
    expect(writeTree(repo, entries, { dryRun: true, reuse: validNodes(parseCacheTree(built.ext)!) })).toEqual(built);
    // A path given twice: the later entry counts, as the index would keep it.
    const other = entries.find((e) => e.path === "c")!.oid;
    const replaced = entries.map((e) => (e.path === "a/x" ? { ...e, oid: other } : e));
    expect(writeTree(repo, [...entries, { ...entries.find((e) => e.path === "a/x")!, oid: other }], { dryRun: true }).oid).toBe(writeTree(repo, replaced, { dryRun: true }).oid);
    // "a/sub" as a file beside the directory a/sub/: git's refusal.
    const both = [...entries, { ...entries.find((e) => e.path === "c")!, path: "a/sub" }];
    expect(() => writeTree(repo, both, { dryRun: true })).toThrow("You have both a/sub and a/sub/y\nfatal: git-write-tree: error building trees");
  });

  test("a mixed reset keeps the entries of directories the cache tree vouches for, and leaves the target's cache tree", async () => {
    using t = new Twin();
    // d/ and e/f/ never change: a reset between the commits keeps their entries through the cache tree.
    t.sh("mkdir -p a/b c d e/f && for f in a/1 a/b/2 c/3 top d/4 e/f/5 e/6; do echo $f > $f; done");
    await t.both(["init", "-q"]);
    await t.both(["add", "."]);
    await t.both(["commit", "-qm", "one"]);
    t.sh("echo more >> c/3 && echo new > a/b/new");
    await t.both(["add", "."]);
    await t.both(["commit", "-qm", "two"]);
    t.sh("echo staged >> top && echo staged >> a/1");
    await t.both(["add", "."]);
    for (const args of [["reset", "HEAD~1"], ["reset", "-q", "ORIG_HEAD"], ["reset", "-q"]]) {
      const r = await t.both(args);
      expect({ args, out: r.ours.stdout, code: r.ours.code }).toEqual({ args, out: r.real.stdout, code: r.real.code });
      for (const st of [["status", "--porcelain"], ["diff", "--cached", "--stat"]]) expect(t.gitOnOurs(st).stdout).toBe(t.realGit(st).stdout);
      const repo = openRepository({ cwd: t.ours, env: t.env });
      const { tree } = repo.readIndex();
      const target = repo.commit(repo.head()!).tree;
      expect(Buffer.from(tree!).toString("latin1")).toBe(Buffer.from(cacheTreeOf(repo, target)!).toString("latin1"));
      expect(t.gitOnOurs(["write-tree"]).stdout.trim()).toBe(target);
    }
  });
});
