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
});
