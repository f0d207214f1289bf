/**
 * status --ignored (git's traditional and matching modes) against real git: ignored files,
 * directories a rule matches, untracked directories holding only ignored
 * files (collapsed), ignored files inside directories that also hold
 * untracked ones, tracked directories, negated rules, -uall listing each
 * file, -uno showing none (refused with matching), matching's uncollapsed
 * list, short, porcelain and long formats, from the top and from a subdirectory.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("status --ignored against real git", () => {
  test("lists what git lists", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("printf '*.log\\nbuild/\\n!keep.log\\ntmp*\\n' > .gitignore && mkdir -p src/gen && echo t > src/main && echo t > tracked");
    await t.both(["add", "-A"]);
    await t.both(["commit", "-qm", "one"]);
    t.sh(
      [
        "echo x > a.log && echo k > keep.log && mkdir -p build/sub && echo o > build/o && echo p > build/sub/p",
        "mkdir mixed && echo u > mixed/u && echo l > mixed/l.log && mkdir -p mixed/deep && echo l > mixed/deep/z.log",
        "mkdir onlyign && echo l > onlyign/x.log && mkdir -p d/e && echo l > d/e/y.log && mkdir empty",
        "echo n > new && echo g > src/gen/out.log && echo t > src/tmpfile && mkdir src/tmpdir && echo q > src/tmpdir/q",
      ].join(" && "),
    );
    for (const sub of ["", "src"]) {
      for (const opts of [["--ignored", "-s"], ["--ignored", "-s", "-uall"], ["--ignored"], ["--porcelain", "--ignored"], ["--ignored", "-uno"], ["--ignored=no", "-s"], ["--ignored=traditional", "--porcelain", "-uall"],
        ["--ignored=matching", "-s"], ["--ignored=matching", "-uall", "--porcelain"], ["--ignored=matching"], ["--ignored=matching", "-uno"], ["--ignored=bogus"]]) {
        const args = ["status", ...opts];
        const r = await t.both(args, sub);
        expect({ sub, args, ...r.ours }).toEqual({ sub, args, ...r.real });
      }
    }
  });
});
