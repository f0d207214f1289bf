/**
 * git cherry-pick and git revert against real git: clean picks (the
 * original author and its date kept, a rename followed), ranges oldest
 * first, -n, -x, -m on a merge, --ff, empty picks, conflicts then
 * --continue / --skip / --abort / --quit, `git commit` concluding a pick,
 * reverts of a commit and of a merge, and the refusals; the outputs, exit
 * codes, commit ids, status and the sequencer's files must be git's, and
 * real git must be able to continue a sequence gokit stopped.
 */
import { describe, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { replay, type Step } from "./replay.ts";

/** master: a (three lines) and r; side: b added (an older author date), a changed, c added, r renamed to r2 and changed. master then changes a's middle line. */
const HISTORY: Step[] = [
  ["init", "-q"],
  "printf '1\\n2\\n3\\n' > a && printf 'r1\\nr2\\nr3\\nr4\\nr5\\nr6\\n' > r && git add a r && git commit -qm one",
  "git checkout -qb side && echo b > b && git add b && GIT_AUTHOR_DATE='@1600000000 +0200' git commit -qm 'add b'",
  "printf '1\\nX\\n3\\n' > a && git commit -qam 'change a' -m 'with a body'",
  "echo c > c && git add c && git commit -qm 'add c'",
  "git mv r r2 && echo r7 >> r2 && git commit -qam 'move r'",
  "git checkout -q master && printf '1\\nY\\n3\\n' > a && git commit -qam 'master a'",
];

/** After each step: HEAD, status and the sequencer's files the same on both sides. */
const STATE: Step[] = [
  { check: ["rev-parse", "HEAD"] },
  { check: ["status", "--porcelain"] },
  { check: ["ls-files", "-s"] },
  { check: ["log", "--format=%H %an <%ae> %ad %cn %cd%n%B", "-3"] },
];

/** The state files git leaves between steps (each printed, or "-" when absent). */
const FILES = "for f in CHERRY_PICK_HEAD REVERT_HEAD MERGE_MSG sequencer/todo sequencer/head sequencer/abort-safety sequencer/opts; do echo \"== $f\"; cat .git/$f 2>/dev/null || echo -; done";

const CASES: Record<string, Step[]> = {
  "a clean pick keeps the author and says its date; a second one follows a rename": [
    ["cherry-pick", "side~3"],
    ...STATE,
    FILES,
    ["cherry-pick", "side"],
    ...STATE,
    { check: ["reflog", "-3"] },
  ],
  "a range is picked oldest first; -x records the origin": [
    ["cherry-pick", "-x", "side~4..side~3"],
    ["cherry-pick", "side~2..side"],
    ...STATE,
    { check: ["log", "--format=%B", "-4"] },
    FILES,
  ],
  "a conflict stops a range; --continue (by real git and by gokit) concludes it and goes on": [
    ["cherry-pick", "side~4..side"],
    ...STATE,
    FILES,
    "cat a",
    ["status"],
    ["cherry-pick", "--continue"],
    "printf '1\\nZ\\n3\\n' > a && git add a",
    ["status"],
    ["cherry-pick", "--continue"],
    ...STATE,
    FILES,
    { check: ["reflog", "-5"] },
  ],
  "real git continues what gokit stopped": [
    ["cherry-pick", "side~4..side"],
    "printf '1\\nZ\\n3\\n' > a && git add a && git cherry-pick --continue >/dev/null 2>&1",
    ...STATE,
    FILES,
  ],
  "--abort goes back to where the range started; --quit forgets the sequence": [
    ["cherry-pick", "side~4..side"],
    ["cherry-pick", "--abort"],
    ...STATE,
    FILES,
    ["cherry-pick", "side~4..side"],
    ["cherry-pick", "side"],
    ["cherry-pick", "--quit"],
    ...STATE,
    FILES,
    ["cherry-pick", "--abort"],
  ],
  "--skip drops the conflicted pick and goes on": [
    ["cherry-pick", "side~4..side~1"],
    ["cherry-pick", "--skip"],
    ...STATE,
    FILES,
    ["cherry-pick", "--skip"],
  ],
  "a single conflicted pick: the state, git commit concluding it with the original author, then --abort has nothing to do": [
    ["cherry-pick", "side~2"],
    FILES,
    ["status"],
    ["cherry-pick", "--skip", "x"],
    "printf '1\\nZ\\n3\\n' > a && git add a",
    ["commit", "--no-edit"],
    ...STATE,
    FILES,
    { check: ["reflog", "-1"] },
    ["cherry-pick", "--abort"],
    ["cherry-pick", "--continue"],
  ],
  "a pick that becomes empty, and one resolved to nothing": [
    ["cherry-pick", "side~3"],
    ["cherry-pick", "side~3"],
    FILES,
    ["cherry-pick", "--skip"],
    ["cherry-pick", "side~2"],
    "printf '1\\nY\\n3\\n' > a && git add a",
    ["cherry-pick", "--continue"],
    ["cherry-pick", "--abort"],
    ...STATE,
  ],
  "-n applies picks to the index only": [
    ["cherry-pick", "-n", "side~3", "side~1"],
    ...STATE,
    FILES,
    ["commit", "-qm", "both"],
    ...STATE,
  ],
  "--ff fast-forwards when HEAD is the parent; --allow-empty keeps an empty commit": [
    ["checkout", "-q", "side~4"],
    ["cherry-pick", "--ff", "side~3"],
    ...STATE,
    { check: ["reflog", "-1"] },
    "git commit -q --allow-empty -m empty",
    ["checkout", "-q", "master"],
    ["cherry-pick", "HEAD@{1}"],
    ["cherry-pick", "--abort"],
    ["cherry-pick", "--allow-empty", "HEAD@{2}"],
    ...STATE,
  ],
  "a merge needs -m; -m 1 picks its change": [
    "git checkout -q -b m side~3 && git merge -q --no-ff -m 'merge side' side~1 && git checkout -q master",
    ["cherry-pick", "m"],
    ["cherry-pick", "-m", "3", "m"],
    ["cherry-pick", "-m", "1", "m"],
    ...STATE,
    ["revert", "--no-edit", "m"],
    ["revert", "--no-edit", "-m", "1", "m"],
    ...STATE,
    { check: ["log", "--format=%B", "-1"] },
  ],
  "revert: a clean one, a conflicted one concluded with --continue, -n, and a range": [
    ["revert", "--no-edit", "HEAD"],
    ...STATE,
    { check: ["log", "--format=%B", "-1"] },
    { check: ["reflog", "-1"] },
    ["cherry-pick", "side~3", "side~1"],
    ["revert", "--no-edit", "HEAD~1..HEAD"],
    "echo changed > b && git commit -qam 'change b'",
    ["revert", "--no-edit", "HEAD~3"],
    FILES,
    ["status"],
    "echo resolved > b && git add b",
    ["revert", "--continue"],
    ...STATE,
    ["revert", "-n", "HEAD~1"],
    FILES,
    ...STATE,
    ["revert", "--abort"],
    ...STATE,
  ],
  "refusals: local changes, unmerged files, a sequence in progress, bad arguments": [
    "echo dirty >> a",
    ["cherry-pick", "side~2"],
    "git checkout a && echo staged > b && git add b",
    ["cherry-pick", "side~3"],
    "git reset -q && rm b && echo untracked > c",
    ["cherry-pick", "side~1"],
    "rm c",
    ["cherry-pick", "side~2"],
    ["cherry-pick", "side~1"],
    ["cherry-pick", "--abort"],
    ["cherry-pick", "side~4..side"],
    ["cherry-pick", "side~1..side"],
    ["revert", "--continue"],
    ["revert", "--skip"],
    ["cherry-pick", "--abort"],
    ["cherry-pick"],
    ["cherry-pick", "nosuch"],
    ["cherry-pick", "HEAD^{tree}"],
    ["cherry-pick", "master..master"],
    ["cherry-pick", "--continue", "x"],
    ["cherry-pick", "--continue", "--abort"],
    ["cherry-pick", "--abort", "-n"],
    ["cherry-pick", "--ff", "-x", "side"],
    ["cherry-pick", "-m", "0", "side"],
    ["cherry-pick", "--frobnicate", "side"],
    ["cherry-pick", "--cont"],
    ["cherry-pick", "--continue"],
    ["cherry-pick", "--skip"],
    ["revert", "--abort"],
    ["cherry-pick", "--quit"],
  ],
};

describe.if(haveCommand("git"))("git cherry-pick and revert against real git", () => {
  for (const [name, steps] of Object.entries(CASES)) {
    test(name, async () => {
      await replay([...HISTORY, ...steps], { GIT_EDITOR: "true" });
    });
  }
});
