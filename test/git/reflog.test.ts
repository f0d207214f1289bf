/**
 * git reflog against real git: after the same commits, amends, branch
 * switches, merges (fast-forward and not) and resets on both sides, the
 * reflogs gokit wrote read back as git's do (HEAD's and branches', with -n),
 * and the reflog forms (@{n}, @{-n}) resolve alike.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("reflog against real git", () => {
  test("the reflogs gokit writes read as git's", async () => {
    using t = new Twin();
    const steps = [
      ["init", "-q"], ["add", "a"], ["commit", "-qm", "one"], ["commit", "-q", "--amend", "-m", "one again"], ["checkout", "-qb", "topic"],
      ["commit", "-q", "--allow-empty", "-m", "topic work"], ["checkout", "-q", "master"], ["merge", "-q", "topic"], ["checkout", "-q", "-b", "other", "HEAD~1"],
      ["commit", "-q", "--allow-empty", "-m", "other work"], ["checkout", "-q", "master"], ["merge", "-q", "--no-ff", "other", "-m", "merge other"], ["reset", "-q", "--hard", "HEAD~1"], ["branch", "kept"],
    ];
    t.sh("echo a > a");
    for (const args of steps) expect((await t.both(args)).ours.code).toBe(0);
    for (const args of [["reflog"], ["reflog", "show", "master"], ["reflog", "topic"], ["reflog", "-3"], ["reflog", "-n", "2", "other"], ["reflog", "exists", "refs/heads/kept"], ["reflog", "exists", "kept"], ["rev-parse", "@{-1}"], ["rev-parse", "master@{2}"], ["reflog", "show", "nosuch"]]) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });
});
