/**
 * git describe against real git: the nearest annotated tag (or any tag with
 * --tags) over a history with a merge, the commit count and abbreviated id,
 * exact matches, --long, --abbrev, --always, --match/--exclude,
 * --candidates, --exact-match, --dirty[=<mark>], and git's messages where
 * nothing describes the commit.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("git describe against real git", () => {
  test("names each commit as git names it", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    const same = async (args: string[]) => {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    };
    t.sh("echo a > a");
    await t.both(["add", "a"]);
    await t.both(["commit", "-qm", "one"]);
    // No tags yet; then only a lightweight one.
    for (const args of [["describe"], ["describe", "--always"], ["describe", "--tags"]]) await same(args);
    await t.both(["tag", "light"]);
    for (const args of [["describe"], ["describe", "--tags"], ["describe", "--tags", "--long"]]) await same(args);
    await t.both(["tag", "-a", "v1.0", "-m", "release one"]);
    t.sh("echo b >> a");
    await t.both(["commit", "-qam", "two"]);
    await t.both(["checkout", "-qb", "side"]);
    t.sh("echo side > s");
    await t.both(["add", "s"]);
    await t.both(["commit", "-qm", "side"]);
    await t.both(["tag", "side-light"]);
    await t.both(["checkout", "-q", "master"]);
    t.sh("echo c >> a");
    await t.both(["commit", "-qam", "three"]);
    await t.both(["merge", "-q", "side", "-m", "merge side"]);
    await t.both(["tag", "-a", "v2.0-rc", "-m", "candidate", "HEAD~1"]);
    for (const args of [
      ["describe"], ["describe", "--tags"], ["describe", "--long"], ["describe", "--abbrev=4"], ["describe", "--abbrev=0"], ["describe", "--always"],
      ["describe", "HEAD~1"], ["describe", "side"], ["describe", "--tags", "side"], ["describe", "--exact-match", "HEAD~1"], ["describe", "--exact-match"],
      ["describe", "--match", "v1*"], ["describe", "--exclude", "v2*"], ["describe", "--tags", "--candidates=1"], ["describe", "HEAD~1", "side"],
    ]) await same(args);
    t.sh("echo dirty >> a");
    for (const args of [["describe", "--dirty"], ["describe", "--dirty=.mod", "--long"]]) await same(args);
  });
});
