/**
 * status with something staged takes the cache tree's shortcut (status-staged.ts):
 * only the directories the index changed in are compared with HEAD. Each kind
 * of staged change — modified, added in a new directory, deleted, renamed,
 * typechanged, a file become a directory and back — gives real git's status,
 * and the shortcut is the path taken.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { openRepository } from "../../src/git/repo.ts";
import { quickChanges } from "../../src/git/status.ts";
import { stagedChanges } from "../../src/git/status-staged.ts";
import { openLibc } from "../../src/sys/index.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("status of staged changes through the cache tree", () => {
  test("matches real git for each kind of staged change", async () => {
    using t = new Twin();
    t.sh("mkdir -p a/b c d && for f in a/1 a/2 a/b/3 a/b/4 c/5 d/6 top; do echo $f > $f; done && echo 'a file' > dfile && ln -s top link");
    await t.both(["init", "-q"]);
    await t.both(["add", "."]);
    await t.both(["commit", "-qm", "base"]);
    const steps: [string, string[][]][] = [
      ["echo more >> a/b/3", [["add", "a/b/3"]]],
      ["mkdir -p n/m && echo new > n/m/7", [["add", "n"]]],
      ["", [["rm", "-q", "c/5"]]],
      ["mv d/6 d/6-renamed", [["add", "-A", "d"]]],
      ["rm link && echo now-a-file > link", [["add", "link"]]],
      ["rm dfile && mkdir dfile && echo inside > dfile/x", [["add", "-A", "dfile"]]],
      ["echo unstaged >> a/1 && echo untracked > a/b/new", []],
      ["", [["rm", "-q", "--cached", "top"]]],
      ["", [["commit", "-qm", "staged all"]]],
      ["rm -rf dfile && echo back > dfile", [["add", "-A", "dfile"]]],
    ];
    for (const [script, commands] of steps) {
      if (script) t.sh(script);
      for (const args of commands) expect((await t.both(args)).ours.code).toBe(0);
      for (const args of [["status", "--porcelain"], ["status"], ["status", "-s", "-uall"]]) {
        const r = await t.both(args);
        expect({ step: script || commands.join(" "), args, out: r.ours.stdout }).toEqual({ step: script || commands.join(" "), args, out: r.real.stdout });
      }
      // The shortcut applies wherever something is staged (libc's statx is the quick scan's).
      const repo = openRepository({ cwd: t.ours, env: t.env });
      const head = repo.commit(repo.head()!).tree;
      const quick = quickChanges(repo, () => head, false);
      if (!openLibc()) continue;
      expect(quick).toBeDefined();
      if (!quick!.scan.isHead) expect({ step: script, staged: stagedChanges(repo, quick!.scan, head) !== undefined, tree: quick!.scan.tree?.length }).toEqual({ step: script, staged: true, tree: expect.any(Number) });
    }
  });
});
