/**
 * status on a tree big enough for the second stat thread (3,000 tracked
 * files): edits of the same and of another size, deletions, mode and type
 * changes, and untracked files next to tracked ones (including a directory
 * where one file was deleted and another created, so its listing has as many
 * names as before) must show exactly as real git shows them — first with
 * nothing deleted (status counts each directory's files from the cache tree),
 * then with deletions.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("status on 3,000 tracked files against real git", () => {
  test("shows the same changes and untracked files as git", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("for d in $(seq -w 0 29); do mkdir -p d$d/sub; for f in $(seq -w 0 89); do echo \"$d $f\" > d$d/f$f.txt; done; for f in $(seq 0 9); do echo $f > d$d/sub/s$f; done; done; touch -d '2 hours ago' d*/* d*/sub/*");
    for (const args of [["add", "."], ["commit", "-q", "-m", "base"]]) {
      const r = await t.both(args);
      expect(r.ours.code).toBe(r.real.code);
    }
    const views = [["status", "--porcelain"], ["status"], ["status", "-s", "-uall"]];
    for (const view of views) {
      const r = await t.both(view);
      expect({ view, ...r.ours }).toEqual({ view, ...r.real });
    }
    // Only additions and edits: every tracked path is still there.
    t.sh("echo new > d02/new.txt && mkdir -p d04/sub/deeper d06/fresh && echo y > d04/sub/deeper/z && echo t > top-new && echo edited > d08/f08.txt");
    for (const view of views) {
      const r = await t.both(view);
      expect({ stage: "added", view, ...r.ours }).toEqual({ stage: "added", view, ...r.real });
    }
    t.sh(
      [
        "echo changed > d03/f10.txt",
        "echo '03 77' > d03/f77.txt.new && mv d03/f77.txt.new d03/f77.txt && touch -d '1 hour ago' d03/f77.txt",
        "printf '12 45' > d12/f45.txt",
        "rm d05/f01.txt && echo new > d05/other.txt",
        "rm d07/sub/s3",
        "chmod +x d09/f09.txt",
        "rm d11/f11.txt && mkdir d11/f11.txt && echo in > d11/f11.txt/inner",
        "ln -s d00 d13/f13.txt.link && rm d13/f13.txt && ln -s d00 d13/f13.txt",
        "mkdir -p d20/newdir/deep && echo x > d20/newdir/deep/y",
        "echo top > untracked-top",
        "rm -r d25",
      ].join(" && "),
    );
    for (let round = 0; round < 2; round++) {
      for (const view of views) {
        const r = await t.both(view);
        expect({ round, view, ...r.ours }).toEqual({ round, view, ...r.real });
      }
    }
  }, 60_000);

  test("restoring paths from the index keeps the cache tree, as git does (status stays on its fast path)", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("mkdir -p a b && for f in 1 2 3; do echo $f > a/$f; echo $f > b/$f; done");
    await t.both(["add", "."]);
    await t.both(["commit", "-q", "-m", "base"]);
    t.sh("echo changed > a/1 && rm b/2");
    const r = await t.both(["checkout", "--", "."]);
    expect(r.ours).toEqual(r.real);
    const hasTree = (dir: string) => readFileSync(`${dir}/.git/index`).includes("TREE");
    expect({ real: hasTree(t.real), ours: hasTree(t.ours) }).toEqual({ real: true, ours: true });
    expect(t.gitOnOurs(["write-tree"]).stdout).toBe(t.gitOnOurs(["rev-parse", "HEAD^{tree}"]).stdout);
    const s = await t.both(["status", "--porcelain"]);
    expect(s.ours).toEqual(s.real);
  }, 60_000);
});
