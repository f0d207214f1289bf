/**
 * add keeps the index's cache tree with the changed directories invalidated
 * (as git does) and commit hashes only those again: over seeded random
 * edits, deletions and additions staged by path, by directory or with -A,
 * real git's write-tree on our index (which trusts our cache tree), status
 * (which reads HEAD only outside the directories it vouches for), our
 * commits' trees and git fsck agree with real git's own repository.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { haveCommand } from "../support/require.ts";
import { prng } from "../support/prng.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("the cache tree across add and commit against real git", () => {
  test("random staging keeps write-tree and commit trees equal to git's", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    const rand = prng(424242);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const dirs = ["a", "a/b", "a/b/c", "d", "d/e", "f", ""];
    const files = new Set<string>();
    const write = (path: string, text: string) => {
      for (const root of [t.real, t.ours]) {
        mkdirSync(dirname(`${root}/${path}`), { recursive: true });
        writeFileSync(`${root}/${path}`, text);
      }
    };
    for (let k = 0; k < 30; k++) {
      const path = `${pick(dirs)}/f${k}`.replace(/^\//, "");
      files.add(path);
      write(path, `${k}\n`);
    }
    await t.both(["add", "-A"]);
    await t.both(["commit", "-qm", "base"]);
    for (let round = 0; round < 25; round++) {
      const touched: string[] = [];
      for (let n = 0; n < 1 + Math.floor(rand() * 4); n++) {
        const r = rand();
        if (r < 0.5 && files.size > 0) {
          const path = pick([...files]);
          write(path, `round ${round} ${n}\n`);
          touched.push(path);
        } else if (r < 0.7 && files.size > 5) {
          const path = pick([...files]);
          files.delete(path);
          for (const root of [t.real, t.ours]) rmSync(`${root}/${path}`, { force: true });
          touched.push(path);
        } else {
          const path = `${pick(dirs)}/n${round}-${n}`.replace(/^\//, "");
          files.add(path);
          write(path, `new ${round}\n`);
          touched.push(path);
        }
      }
      const how = rand();
      const args = how < 0.4 ? ["add", "-A"] : how < 0.7 ? ["add", "-A", pick(dirs.filter((d) => d !== "")) ] : ["add", "-A", "--", ...touched];
      if (args[2] && args[2] !== "--" && !existsSync(`${t.ours}/${args[2]}`)) continue;
      const added = await t.both(args);
      expect({ round, args, ...added.ours }).toEqual({ round, args, ...added.real });
      // Real git trusts our cache tree for whatever it still vouches for.
      expect({ round, tree: t.gitOnOurs(["write-tree"]).stdout }).toEqual({ round, tree: t.realGit(["write-tree"]).stdout });
      // status reads HEAD only outside the directories the cache tree vouches for.
      const st = await t.both(["status", "--porcelain"]);
      expect({ round, ...st.ours }).toEqual({ round, ...st.real });
      if (rand() < 0.6) {
        const c = await t.both(["commit", "-qm", `round ${round}`]);
        expect({ round, code: c.ours.code }).toEqual({ round, code: c.real.code });
        expect({ round, tree: t.gitOnOurs(["rev-parse", "HEAD^{tree}"]).stdout }).toEqual({ round, tree: t.realGit(["rev-parse", "HEAD^{tree}"]).stdout });
      }
    }
    expect(t.gitOnOurs(["fsck", "--strict"]).code).toBe(0);
    expect(t.gitOnOurs(["status", "--porcelain"]).stdout).toBe(t.realGit(["status", "--porcelain"]).stdout);
  });
});
