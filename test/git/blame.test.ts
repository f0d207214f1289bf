/**
 * git blame against real git: edits, a rename, a merge with changes from both
 * sides, a resolved conflict, every output option, -L ranges, porcelain
 * formats, the work tree's uncommitted lines, errors; and seeded random
 * histories (two branches editing their own halves of a file, merged again
 * and again) blamed at every commit.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { prng } from "../support/prng.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("git blame against real git", () => {
  test("a history with a rename, a merge and a resolved conflict", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    const step = (script: string, author = "A U Thor", when = 0) =>
      t.sh(`${script} && GIT_AUTHOR_NAME='${author}' GIT_AUTHOR_DATE='@${1700000000 + when} +0100' git commit -qam step`);
    t.sh("seq 1 20 > f && git add f && git commit -qm one");
    step("sed -i 's/^3$/three/; s/^15$/fifteen/' f", "Longer Author Name", 100);
    step("git mv f g && sed -i 's/^7$/seven/' g", "B", 200);
    t.sh("git checkout -qb side && sed -i '1i head line' g && sed -i 's/^10$/ten (side)/' g && git commit -qam side");
    t.sh("git checkout -q master && sed -i '$a tail line' g && sed -i 's/^10$/ten (master)/' g && git commit -qam master");
    t.sh("git merge -q side -m merge || true; sed -i '/^<<<<<<<\\|^=======\\|^>>>>>>>/d; /ten (side)/d' g && git commit -qam resolved");
    step("sed -i 's/^18$/eighteen/; 5d' g", "C", 400);
    const cases = [
      ["g"], ["-s", "g"], ["-e", "g"], ["-l", "g"], ["-t", "g"], ["-n", "g"], ["-f", "g"], ["-b", "g"], ["--root", "g"], ["--abbrev=10", "g"], ["-s", "-n", "-f", "g"],
      ["-L", "2,5", "g"], ["-L", "5,2", "g"], ["-L", "3,+4", "g"], ["-L", "10,-3", "g"], ["-L", "18", "g"], ["-L", "1,2", "-L", "20,21", "g"], ["-L", "50,60", "g"],
      ["--porcelain", "g"], ["--line-porcelain", "-L", "1,6", "g"], ["-p", "HEAD~2", "--", "g"], ["--date=short", "g"], ["--date=iso-strict", "-L", "1,3", "g"], ["--date", "unix", "-L", "1,3", "g"],
      ["HEAD~3", "g"], ["HEAD~4", "--", "f"], ["side", "--", "g"], ["--first-parent", "g"], ["HEAD~5", "--", "g"], ["nosuch"],
    ];
    for (const args of cases) {
      const r = await t.both(["blame", ...args]);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
    // Line-movement detection and whitespace-blind diffs are refused, never ignored.
    for (const option of ["-M", "-C", "-w", "--reverse"]) {
      const r = await t.both(["blame", option, "g"]);
      expect(r.ours).toEqual({ code: 128, stdout: "", stderr: `fatal: gokit git blame does not support ${option}\n` });
    }
    // Uncommitted lines in the work tree (-s: their date is "now").
    t.sh("sed -i 's/^2$/two (uncommitted)/' g && echo appended >> g");
    for (const args of [["-s", "g"], ["-s", "-n", "-L", "1,4", "g"]]) {
      const r = await t.both(["blame", ...args]);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });

  for (const seed of [1, 2, 3]) {
    test(`seeded random history ${seed}: blame at every commit`, async () => {
      using t = new Twin();
      await t.both(["init", "-q"]);
      const rand = prng(seed);
      // Two halves: master edits lines below 50, side lines from 50, so every merge is clean.
      t.sh("seq 1 100 > f && git add f && git commit -qm base && git branch side");
      const edit = (half: number) => {
        const lines: string[] = [];
        for (let k = 0; k < 3; k++) {
          const n = half * 50 + 2 + Math.floor(rand() * 45);
          const kind = rand();
          lines.push(kind < 0.5 ? `s/^${n}$/${n} changed ${Math.floor(rand() * 1000)}/` : kind < 0.75 ? `/^${n}$/a inserted ${Math.floor(rand() * 1000)}` : `/^${n}$/d`);
        }
        return `sed -i ${lines.map((l) => `-e '${l}'`).join(" ")} f`;
      };
      for (let round = 0; round < 4; round++) {
        t.sh(`git checkout -q master && ${edit(0)} && git commit -qam m${round} && git checkout -q side && ${edit(1)} && git commit -qam s${round}`);
        t.sh(`${edit(1)} && git commit -qam s${round}b && git checkout -q master && git merge -q side -m merge${round}`);
      }
      const commits = t.realGit(["rev-list", "HEAD"]).stdout.trim().split("\n");
      for (const c of commits) {
        const r = await t.both(["blame", "-s", "-n", c, "--", "f"]);
        expect({ c, ...r.ours }).toEqual({ c, ...r.real });
      }
      const p = await t.both(["blame", "--porcelain", "f"]);
      expect(p.ours).toEqual(p.real);
    });
  }
});
