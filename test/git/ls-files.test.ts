/**
 * git ls-files' selections against real git: the index (-c, -s), unmerged
 * entries (-u), untracked files (-o, every one or --exclude-standard's,
 * --directory collapsing new directories), deleted (-d) and modified (-m)
 * files, combined in git's order, from the top and from a subdirectory.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("ls-files against real git", () => {
  test("each selection and combination lists what git lists", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("mkdir -p d/e && echo base > c && echo a > d/a && echo b > d/e/b && echo keep > k && printf '*.log\\nbuild/\\n' > .gitignore");
    await t.both(["add", "-A"]);
    await t.both(["commit", "-qm", "one"]);
    await t.both(["checkout", "-qb", "side"]);
    t.sh("echo side > c");
    await t.both(["commit", "-qam", "side"]);
    await t.both(["checkout", "-q", "master"]);
    t.sh("echo main > c");
    await t.both(["commit", "-qam", "main"]);
    await t.both(["merge", "side"]);
    // Untracked (some ignored, some in new directories), deleted and modified files.
    t.sh("echo x > x.log && mkdir -p build new/deep && echo o > build/o && echo n > new/deep/n && echo u > d/u && rm d/e/b && echo more >> d/a");
    const selections = [[], ["-s"], ["-u"], ["-o"], ["-o", "--exclude-standard"], ["-o", "--directory"], ["-o", "--exclude-standard", "--directory"], ["-m"], ["-d"], ["-d", "-m"], ["-c", "-o"], ["-s", "-o", "--exclude-standard"], ["-o", "d"], ["-m", "d"]];
    for (const sub of ["", "d"]) {
      for (const sel of selections) {
        const args = ["ls-files", ...sel];
        const r = await t.both(args, sub);
        expect({ sub, args, ...r.ours }).toEqual({ sub, args, ...r.real });
      }
    }
  });
});
