/**
 * Path-limited diffs in log and show against real git: the pathspec limits
 * the patch, stat and names shown (renames only within it) unless
 * --full-diff; log --follow follows a file across renames (and refuses more
 * than one path); show under a pathspec skips commits with no change there;
 * a merge's header always ends with a blank line, its --stat is against the
 * first parent and its --name-* are combined; --name-* override --stat and -p.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("log and show with paths against real git", () => {
  test("pathspecs, --full-diff, --follow and merges print what git prints", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    // a is edited, renamed to b (and edited again), a new a appears; o changes beside it; a side branch merges with a conflict resolved by hand.
    t.sh("seq 1 50 > a && echo x > o && mkdir d && echo d > d/f && git add -A && git commit -qm one");
    t.sh("sed -i s/^5$/five/ a && echo y >> o && git commit -qam two && git mv a b && git commit -qm three && sed -i s/^9$/nine/ b && git commit -qam four");
    t.sh("git checkout -qb side HEAD~2 && echo side >> o && sed -i s/^20$/S/ a && git commit -qam side && git checkout -q master && echo other >> o && git commit -qam five");
    t.sh("git merge -q side -m merge || true; printf 'x\\ny\\nmerged\\n' > o && git commit -qam merged && seq 100 120 > a && git mv d/f d/g && git add -A && git commit -qm six");
    const cases = [
      ["log", "--follow", "b"], ["log", "--follow", "--oneline", "--name-status", "b"], ["log", "--follow", "-p", "b"], ["log", "--follow", "--stat", "--format=%s", "b"],
      ["log", "--follow", "-1", "--oneline", "b"], ["log", "--follow", "--oneline", "a"], ["log", "--follow", "--oneline", "--", "d/g"], ["log", "--follow", "--name-status", "--oneline", "d/g"],
      ["log", "--follow", "--oneline", "--", "b", "o"], ["log", "--follow", "--first-parent", "--oneline", "-p", "b"], ["log", "--follow", "--author=nobody", "b"],
      ["log", "-p", "--", "o"], ["log", "--stat", "--", "b"], ["log", "--name-status", "--", "d"], ["log", "--full-diff", "--stat", "--", "o"], ["log", "-Sside", "--oneline", "--", "o"],
      ["log", "--name-only", "--stat", "-2"], ["log", "-p", "--name-status", "-2"],
      ["show"], ["show", "--", "o"], ["show", "HEAD", "--", "b"], ["show", "HEAD~1", "--", "o"], ["show", "HEAD~1", "--", "b"], ["show", "--stat", "HEAD~1"], ["show", "--stat", "-p", "HEAD~1"],
      ["show", "--name-status", "HEAD~1"], ["show", "--name-only", "HEAD~1"], ["show", "--oneline", "HEAD~1"], ["show", "--format=%s", "HEAD~1"], ["show", "HEAD~1"], ["show", "--name-status", "HEAD~4"],
      ["show", "--name-only", "--stat"], ["show", "--stat", "HEAD~2", "HEAD", "--", "o"],
    ];
    for (const args of cases) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });
});
