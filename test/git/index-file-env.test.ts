/**
 * GIT_INDEX_FILE set by the caller (scripts, and hooks run while a commit
 * builds a temporary index): gokit reads and writes that index instead of
 * <git dir>/index, resolving a relative path from the top of the work tree
 * as git does, and real git agrees on every step.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { ourGit, realGit, Twin } from "./support.ts";

describe.if(haveCommand("git"))("GIT_INDEX_FILE", () => {
  test("add, ls-files, status and commit use the caller's index, and .git/index is untouched", async () => {
    using t = new Twin();
    for (const dir of [t.real, t.ours]) {
      expect(realGit(dir, t.env, ["init", "-q"]).code).toBe(0);
      Bun.spawnSync(["mkdir", "-p", `${dir}/sub`]);
      writeFileSync(`${dir}/a`, "a\n");
      writeFileSync(`${dir}/sub/b`, "b\n");
      expect(realGit(dir, t.env, ["add", "."]).code).toBe(0);
      expect(realGit(dir, t.env, ["commit", "-qm", "base"]).code).toBe(0);
      writeFileSync(`${dir}/sub/b`, "b changed\n");
    }
    const before = readFileSync(`${t.ours}/.git/index`);
    const alt = { ...t.env, GIT_INDEX_FILE: ".git/alt-index" };
    const both = async (args: string[], sub = "") => {
      const real = realGit(sub ? `${t.real}/${sub}` : t.real, alt, args);
      const ours = await ourGit(sub ? `${t.ours}/${sub}` : t.ours, alt, args);
      expect({ args, ...ours }).toEqual({ args, ...real });
      return ours;
    };
    // From a subdirectory: the relative name is from the top of the work tree (.git/alt-index), which starts empty.
    await both(["add", "b"], "sub");
    expect((await both(["ls-files", "-s"])).stdout).toMatch(/^100644 [0-9a-f]{40} 0\tsub\/b\n$/);
    await both(["status", "--porcelain"]);
    await both(["diff", "--cached", "--stat"]);
    await both(["commit", "-qm", "from the other index"]);
    expect(await both(["log", "--format=%H %T %s"])).toMatchObject({ code: 0 });
    // The ordinary index is as it was; real git reads the one gokit wrote.
    expect(readFileSync(`${t.ours}/.git/index`)).toEqual(before);
    expect(realGit(t.ours, alt, ["status", "--porcelain"]).stdout).toBe(realGit(t.real, alt, ["status", "--porcelain"]).stdout);
    expect(realGit(t.ours, t.env, ["fsck", "--strict"]).code).toBe(0);
  });
});
