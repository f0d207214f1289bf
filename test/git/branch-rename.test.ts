/**
 * branch -m/-M and -c/-C against real git: messages and exit codes, the refs,
 * every reflog (moved or copied, with git's "Branch: renamed/copied" entries,
 * HEAD's when the current branch moves) and the branch's config section.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { normalize } from "./replay.ts";
import { Twin } from "./support.ts";

/** Every reflog under .git/logs, by path. */
function reflogs(gitDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(`${gitDir}/logs`, { recursive: true }) as string[]) {
    try {
      out[f] = readFileSync(`${gitDir}/logs/${f}`, "utf8");
    } catch {}
  }
  return out;
}

describe.if(haveCommand("git"))("branch rename and copy against real git", () => {
  test("moves or copies the ref, its reflog and its config as git does", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("echo a > a && git add a && git commit -qm one && git branch feat && git config branch.feat.description desc && git config branch.feat.remote origin && git branch other");
    const steps = [
      ["branch", "-m", "feat", "feat2"], ["branch", "-c", "feat2", "feat3"], ["branch", "-m", "nosuch", "x"], ["branch", "-c", "nosuch", "x"], ["branch", "-m", "feat2", "feat3"],
      ["branch", "-M", "feat2", "feat3"], ["branch", "-M", "other", "master"], ["branch", "-C", "other", "master"], ["branch", "-c", "other", "y", "z"], ["branch", "-m", "other", "a b"],
      ["branch", "-c", "other", "HEAD"], ["branch", "-m"], ["branch", "-c"], ["branch", "-c", "copy-of-current"], ["branch", "-m", "main"], ["branch", "-C", "other", "other"],
      ["branch", "-m", "main", "main"], ["branch", "-M", "main", "trunk"], ["branch", "--copy", "trunk", "nested/dir/name"], ["branch", "-m", "nested/dir/name", "flat"],
      ["checkout", "-q", "--detach"], ["branch", "-m", "z"], ["branch", "-c", "z"], ["branch", "-m", "-c", "a", "b"], ["switch", "-q", "trunk"], ["switch", "--detach"],
    ];
    for (const args of steps) {
      const r = await t.both(args);
      expect({ args, ...normalize(r.ours, t.ours) }).toEqual({ args, ...normalize(r.real, t.real) });
      expect({ args, refs: t.gitOnOurs(["for-each-ref"]).stdout, head: t.gitOnOurs(["symbolic-ref", "-q", "HEAD"]).stdout, config: t.gitOnOurs(["config", "--local", "--list"]).stdout }).toEqual({
        args,
        refs: t.realGit(["for-each-ref"]).stdout,
        head: t.realGit(["symbolic-ref", "-q", "HEAD"]).stdout,
        config: t.realGit(["config", "--local", "--list"]).stdout,
      });
      expect({ args, logs: reflogs(`${t.ours}/.git`) }).toEqual({ args, logs: reflogs(`${t.real}/.git`) });
    }
    expect(t.gitOnOurs(["fsck", "--strict"]).code).toBe(0);
  });

  test("an unborn current branch is renamed by moving HEAD", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    for (const args of [["branch", "-m", "main"], ["branch", "-c", "main", "x"], ["status", "-s", "-b"]]) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });
});
