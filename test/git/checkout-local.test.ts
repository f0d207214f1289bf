/**
 * The list of local changes a branch switch prints (git's
 * show_local_changes): edits, deletions, type changes and same-size edits
 * carried across the switch, as real git prints them — through the quick
 * scan when the new index is exactly the target's tree.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, statSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("checkout's list of local changes against real git", () => {
  test("edits, deletions and type changes outside the switched paths are listed as git lists them", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("mkdir -p a b && for f in 1 2 3 4 5; do echo $f > a/$f; echo $f > b/$f; done && ln -s a/1 link && touch -d '1 hour ago' a/* b/*");
    await t.both(["add", "."]);
    await t.both(["commit", "-qm", "base"]);
    await t.both(["checkout", "-qb", "side"]);
    t.sh("echo side > b/5");
    await t.both(["commit", "-qam", "side"]);
    await t.both(["checkout", "-q", "master"]);
    // Local changes to paths the switch does not touch.
    t.sh("echo longer-edit > a/1 && rm a/2 && echo 9 > a/3 && rm link && echo file > link && chmod +x a/4");
    for (const target of ["side", "master", "side"]) {
      const r = await t.both(["checkout", target]);
      expect({ target, ...r.ours }).toEqual({ target, ...r.real });
    }
    const s = await t.both(["status", "--porcelain"]);
    expect(s.ours).toEqual(s.real);
  });

  test("a switch rewrites files as git leaves them: other hard links keep their content, the executable bit follows the entry", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("echo one > linked && echo x > exe && echo y > plain && chmod +x exe");
    await t.both(["add", "."]);
    await t.both(["commit", "-qm", "base"]);
    await t.both(["checkout", "-qb", "side"]);
    t.sh("echo two > linked && chmod -x exe && echo x2 > exe && chmod +x plain && echo y2 > plain");
    await t.both(["commit", "-qam", "side"]);
    await t.both(["checkout", "-q", "master"]);
    // A hard link outside the work tree to a tracked file.
    t.sh("ln linked ../outside-$(basename $PWD)");
    const r = await t.both(["checkout", "-q", "side"]);
    expect(r.ours).toEqual(r.real);
    const mode = (dir: string, f: string) => (statSync(`${dir}/${f}`).mode & 0o777).toString(8);
    for (const f of ["linked", "exe", "plain"]) expect({ f, mode: mode(t.ours, f), text: readFileSync(`${t.ours}/${f}`, "utf8") }).toEqual({ f, mode: mode(t.real, f), text: readFileSync(`${t.real}/${f}`, "utf8") });
    expect(readFileSync(`${t.root}/outside-ours`, "utf8")).toBe(readFileSync(`${t.root}/outside-real`, "utf8"));
    expect(readFileSync(`${t.root}/outside-ours`, "utf8")).toBe("one\n");
    expect(t.gitOnOurs(["status", "--porcelain"]).stdout).toBe("");
  });

  test("a branch created where HEAD is leaves a conflicted index alone (git's only_merge_on_switching_branches); one from a named start point does not", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("echo base > f");
    await t.both(["add", "f"]);
    await t.both(["commit", "-qm", "base"]);
    await t.both(["checkout", "-qb", "side"]);
    t.sh("echo side > f");
    await t.both(["commit", "-qam", "side"]);
    await t.both(["checkout", "-q", "master"]);
    t.sh("echo main > f");
    await t.both(["commit", "-qam", "main"]);
    await t.both(["merge", "side"]);
    t.sh("echo staged > g");
    await t.both(["add", "g"]);
    // Created here: no tree switch, so no list of local changes, and the conflict stays.
    // Exactly `checkout -b <new>` is `switch -c <new>`; with anything more (-q, a start point) checkout switches trees, and fails on the conflict.
    for (const args of [["checkout", "-b", "one"], ["switch", "-c", "two"], ["switch", "-q", "-c", "three"], ["checkout", "-q", "-b", "four"], ["checkout", "-b", "five", "HEAD"], ["switch", "-c", "six", "HEAD"]]) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
      const s = await t.both(["status", "--porcelain"]);
      expect({ args, status: s.ours.stdout }).toEqual({ args, status: s.real.stdout });
    }
  });
});
