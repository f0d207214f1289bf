/**
 * commit --dry-run (and --short, --porcelain) against real git: the status of
 * what would be committed with -a, paths, --amend and -u modes, exit 1 when
 * nothing would be, the index untouched; status -uno's "Untracked files not
 * listed" and its endings in a repository without commits.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("commit --dry-run against real git", () => {
  test("reports what would be committed, at each stage of a small history", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    const forms = [
      ["--dry-run"], ["--dry-run", "--short"], ["--porcelain"], ["--short"], ["--dry-run", "-a"], ["--dry-run", "-uno"], ["--dry-run", "-uall"], ["--dry-run", "--amend"],
      ["--dry-run", "o"], ["--dry-run", "-a", "--short"], ["--dry-run", "-uxx"], ["--dry-run", "--amend", "-uno"],
    ];
    const check = async (stage: string) => {
      for (const args of [...forms.map((f) => ["commit", ...f]), ["status"], ["status", "-uno"]]) {
        const r = await t.both(args);
        expect({ stage, args, ...r.ours }).toEqual({ stage, args, ...r.real });
      }
      // Nothing was written: the index is what real git reads back as before.
      expect(t.gitOnOurs(["status", "--porcelain"]).stdout).toBe(t.realGit(["status", "--porcelain"]).stdout);
    };
    await check("empty");
    t.sh("echo x > o");
    await check("untracked");
    await t.both(["add", "o"]);
    await check("staged, no commits");
    await t.both(["commit", "-qm", "one"]);
    await check("clean");
    t.sh("echo y >> o && mkdir d && echo z > d/u");
    await check("modified");
    await t.both(["add", "o"]);
    await check("staged");
    t.sh("echo w >> o");
    await check("staged and modified");
    await t.both(["commit", "-qam", "two"]);
    t.sh("rm -r d");
    await check("amendable");
  });
});
