/**
 * Listing branches and tags against real git: patterns (wildmatch, with
 * character classes), branch --merged / --no-merged / --contains (with or
 * without a commit, attached or as the next argument), --no-contains and
 * --points-at, -v with a filter, tag -n<num> (the tag's own message, else
 * the tagged commit's), and tag's own history filters and their errors.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("branch and tag listings against real git", () => {
  test("patterns, history filters and tag lines list what git lists", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("echo a > a");
    await t.both(["add", "a"]);
    await t.both(["commit", "-qm", "first commit", "-m", "with a body"]);
    await t.both(["tag", "v1"]);
    await t.both(["tag", "-a", "v1.1", "-m", "annotated tag\n\nsecond paragraph"]);
    await t.both(["branch", "old"]);
    t.sh("echo b >> a");
    await t.both(["commit", "-qam", "second"]);
    await t.both(["checkout", "-qb", "side"]);
    t.sh("echo c >> a");
    await t.both(["commit", "-qam", "side work"]);
    await t.both(["tag", "a-rather-long-tag-name"]);
    await t.both(["checkout", "-q", "master"]);
    await t.both(["branch", "sub/topic"]);
    const cases = [
      ["branch", "--list", "s*"], ["branch", "-l", "[os]*"], ["branch", "--list", "sub/*"], ["branch", "--merged"], ["branch", "--merged", "side"],
      ["branch", "--merged=old"], ["branch", "--no-merged"], ["branch", "--contains", "old"], ["branch", "--contains"], ["branch", "-v", "--no-merged"],
      ["tag", "-n"], ["tag", "-n3"], ["tag", "-l", "v1*"], ["tag", "-l", "v1.[0-9]"], ["tag", "-n", "-l", "*long*"],
      ["branch", "--no-contains", "side"], ["branch", "--points-at", "HEAD"], ["branch", "--contains", "nosuch"], ["branch", "--merged", "v1", "--contains"],
      ["tag", "--contains", "v1"], ["tag", "--contains"], ["tag", "--no-contains", "side"], ["tag", "--merged", "master"], ["tag", "--no-merged"], ["tag", "--points-at", "v1"],
      ["tag", "--points-at", "HEAD~1"], ["tag", "-l", "v*", "--contains", "v1"], ["tag", "--contains", "v1", "-l", "v*"], ["tag", "--contains", "v1", "--contains", "side"],
      ["tag", "--contains", "nosuch"], ["tag", "--points-at", "nosuch"], ["tag", "--contains", "HEAD^{tree}"], ["tag", "-n", "--contains", "side"], ["tag", "--contains", "v1", "-a", "x"],
    ];
    for (const args of cases) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });
});
