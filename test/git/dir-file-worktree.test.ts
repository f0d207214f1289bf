/**
 * A tracked directory replaced by a file of the same name, and a tracked
 * file replaced by a directory, in the work tree: status shows, add -A
 * stages, and checkout moves between such commits as real git does.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("directories and files trading places in the work tree", () => {
  test("status, add -A, commit and checkout match real git", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("mkdir -p d/sub e && echo 1 > d/x && echo 2 > d/sub/y && echo 3 > f && echo 4 > e/z && echo 5 > keep");
    await t.both(["add", "-A"]);
    await t.both(["commit", "-qm", "dirs"]);
    // d becomes a file, f becomes a directory, e/z stays but e gains a file named like a sibling dir.
    t.sh("rm -r d && echo now-a-file > d && rm f && mkdir f && echo inside > f/g");
    for (const view of [["status", "--porcelain"], ["status", "-uall", "--porcelain"], ["status"]]) {
      const r = await t.both(view);
      expect({ view, ...r.ours }).toEqual({ view, ...r.real });
    }
    const add = await t.both(["add", "-A"]);
    expect(add.ours).toEqual(add.real);
    expect(t.gitOnOurs(["ls-files", "-s"]).stdout).toBe(t.realGit(["ls-files", "-s"]).stdout);
    await t.both(["commit", "-qm", "swapped"]);
    expect(t.gitOnOurs(["rev-parse", "HEAD^{tree}"]).stdout).toBe(t.realGit(["rev-parse", "HEAD^{tree}"]).stdout);
    for (const target of ["HEAD~1", "master"]) {
      const r = await t.both(["checkout", "-q", target]);
      expect({ target, ...r.ours }).toEqual({ target, ...r.real });
      expect({ target, status: t.gitOnOurs(["status", "--porcelain", "-uall"]).stdout }).toEqual({ target, status: t.realGit(["status", "--porcelain", "-uall"]).stdout });
      expect(t.gitOnOurs(["ls-files", "-s"]).stdout).toBe(t.realGit(["ls-files", "-s"]).stdout);
    }
  });

  test("diffs and stats list a file and a directory of one name, and x.txt beside x/, in git's order", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("echo 1 > x && echo 1 > x.txt && mkdir -p y z && echo 1 > y/a && echo 1 > y.txt && echo 1 > z/b && echo 1 > z-z");
    await t.both(["add", "-A"]);
    await t.both(["commit", "-qm", "one"]);
    t.sh("rm x && mkdir x && echo 2 > x/a && echo 2 > x.txt && rm -r y && echo 2 > y && echo 2 > y.txt && echo 2 > z/b && echo 2 > z-z");
    await t.both(["add", "-A"]);
    await t.both(["commit", "-qm", "two"]);
    for (const view of [["log", "-p", "-1"], ["log", "--stat", "-1"], ["show", "--stat"], ["diff", "HEAD~1", "HEAD"], ["diff", "HEAD", "HEAD~1", "--stat"]]) {
      const r = await t.both(view);
      expect({ view, ...r.ours }).toEqual({ view, ...r.real });
    }
  });
});
