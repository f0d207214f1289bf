/**
 * git stash against real git: push (staged, unstaged and untracked changes,
 * -m, -q, -k, -u, pathspecs, save), list, show (--stat, -p, config), apply
 * and pop (clean, --index, conflicts, local changes in the way, untracked
 * files in the way), drop (the reflog rewritten, the ref deleted with the
 * last entry), clear, branch, create and store, and the messages and exit
 * codes of each refusal; after every step real git reads our repository:
 * the stash ids, its reflog, `git stash list`, `git status` and `git fsck --strict`.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { prng } from "../support/prng.ts";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";
import { normalize } from "./replay.ts";

/** A step: git arguments, a shell edit made in both work trees, git arguments in a subdirectory, or what gokit refuses. */
type Step = string[] | { sh: string } | { sub: string; args: string[] } | { refused: string[] };

const BASE = "git init -q . && printf '1\\n2\\n3\\n4\\n5\\n' > f && echo g > g && mkdir d && echo c > d/c && git add . && git commit -qm 'first commit' && printf 'x\\n' > .gitignore && git add .gitignore && git commit -qm 'second commit'";

function reflog(dir: string): string {
  try {
    return readFileSync(`${dir}/.git/logs/refs/stash`, "utf8");
  } catch {
    return "(none)";
  }
}

/** Runs the steps on both sides and compares each step's output and the repositories real git then reads. */
async function run(steps: Step[], init = BASE): Promise<void> {
  using t = new Twin();
  t.sh(init);
  for (const [k, step] of steps.entries()) {
    if ("sh" in step) {
      t.sh(step.sh);
      continue;
    }
    if ("refused" in step) {
      const r = await t.both(step.refused);
      const said = r.ours.stderr.startsWith(`fatal: gokit git stash ${step.refused[1]} does not support `);
      expect({ args: step.refused, code: r.ours.code, said }).toEqual({ args: step.refused, code: 128, said: true });
      continue;
    }
    const args = Array.isArray(step) ? step : step.args;
    const r = await t.both(args, Array.isArray(step) ? "" : step.sub);
    const name = `${k}: ${args.join(" ")}`;
    expect({ step: name, ...normalize(r.ours, t.ours) }).toEqual({ step: name, ...normalize(r.real, t.real) });
    for (const check of [["stash", "list"], ["status", "--porcelain"], ["rev-parse", "--verify", "-q", "stash"], ["ls-files", "-s"]]) {
      expect({ step: name, check, out: t.gitOnOurs(check) }).toEqual({ step: name, check, out: t.realGit(check) });
    }
    expect({ step: name, reflog: reflog(t.ours) }).toEqual({ step: name, reflog: reflog(t.real) });
    const fsck = t.gitOnOurs(["fsck", "--strict", "--no-dangling"]);
    const problems = fsck.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("notice:"));
    expect({ step: name, fsck: fsck.code, problems }).toEqual({ step: name, fsck: 0, problems: [] });
  }
}

const CASES: { name: string; steps: Step[]; init?: string }[] = [
  {
    name: "push with nothing to save, then staged, unstaged and new files; list, show, pop",
    steps: [
      ["stash"],
      ["stash", "list"],
      ["stash", "show"],
      { sh: "echo 6 >> f && echo h > h && git add h && echo g2 > g && git add g && echo g3 > g && echo u > u" },
      ["stash"],
      ["stash", "list"],
      ["stash", "show"],
      ["stash", "show", "-p"],
      ["stash", "show", "--name-status", "0"],
      ["stash", "pop"],
      ["stash", "list"],
    ],
  },
  {
    name: "several entries: messages, stash@{n} forms, apply, drop in the middle and the last one",
    steps: [
      { sh: "echo 6 >> f" },
      ["stash", "-q"],
      { sh: "echo g2 > g && rm d/c" },
      ["stash", "push", "-m", "second  one\nwith lines"],
      { sh: "echo h > h && git add h" },
      ["stash", "save", "saved", "words"],
      ["stash", "list"],
      ["stash", "show", "1"],
      ["stash", "show", "stash@{2}"],
      ["stash", "apply", "stash@{1}"],
      ["stash", "drop", "1"],
      ["stash", "list"],
      ["stash", "drop", "5"],
      ["stash", "drop", "stash@{7}"],
      ["stash", "drop", "HEAD"],
      ["stash", "drop", "nosuch"],
      ["stash", "drop", "a", "b"],
      ["stash", "drop", "-q"],
      ["stash", "drop"],
      ["stash", "list"],
      ["stash", "drop"],
      ["stash", "pop"],
      ["stash", "apply"],
      ["stash", "show"],
    ],
  },
  {
    name: "apply --index restores the staged changes; pop drops refs/stash@{0}",
    steps: [
      { sh: "echo 6 >> f && git add f && echo 7 >> f && echo n > new && git add new" },
      ["stash"],
      ["stash", "apply", "--index"],
      { sh: "git reset -q --hard && rm -f new" },
      ["stash", "pop", "--index", "-q"],
      ["stash", "list"],
    ],
  },
  {
    name: "--keep-index keeps the index in index and work tree",
    steps: [
      { sh: "echo 6 >> f && git add f && echo 7 >> f && echo g2 > g && git rm -q --cached d/c" },
      ["stash", "--keep-index"],
      ["stash", "show", "-p"],
      { sh: "git reset -q --hard" },
      ["stash", "pop"],
    ],
  },
  {
    name: "-u stashes and removes untracked files, pop restores them; an untracked file in the way",
    steps: [
      { sh: "echo 6 >> f && echo u > u && mkdir -p nd/e && echo v > nd/e/v && echo ig > x" },
      ["stash", "-u"],
      ["stash", "show"],
      { sh: "echo u2 > u" },
      ["stash", "apply"],
      { sh: "git checkout -q f && rm u && rm -r nd" },
      ["stash", "pop"],
      ["stash", "list"],
    ],
  },
  {
    name: "pathspecs: only the matching paths are stashed and reset, an unmatched one is an error",
    steps: [
      { sh: "echo 6 >> f && echo g2 > g && git add g && echo c2 > d/c && echo n > new && git add new && echo u > u" },
      ["stash", "push", "--", "f", "nomatch"],
      { sub: "d", args: ["stash", "push", "nomatch2"] },
      ["stash", "push", "-m", "ps", "--", "f", "new", "d"],
      ["stash", "show", "-p"],
      ["stash", "push", "-u", "u"],
      ["stash", "list"],
      { sh: "git reset -q --hard" },
      ["stash", "pop", "1"],
      ["stash", "pop"],
    ],
  },
  {
    name: "conflicts: the stash is kept, the conflict is staged, --index says the index was not unstashed",
    steps: [
      { sh: "printf '1\\n2\\n3\\n4\\nS\\n' > f" },
      ["stash"],
      { sh: "printf '1\\n2\\n3\\n4\\nH\\n' > f && git commit -qam third" },
      ["stash", "pop"],
      ["stash", "list"],
      ["stash", "pop"],
      ["stash"],
      { sh: "git reset -q --hard" },
      ["stash", "apply", "--index"],
      { sh: "git reset -q --hard && printf 'D\\n' > f" },
      ["stash", "pop"],
      { sh: "git checkout -q f && printf '1\\n2\\nX\\n4\\n5\\n' > f && git commit -qam fourth" },
      ["stash", "apply"],
      { sh: "git reset -q --hard" },
      ["-c", "merge.conflictStyle=diff3", "stash", "apply"],
    ],
  },
  {
    name: "branch: a new branch at the stash's HEAD with the stash applied and dropped",
    steps: [
      { sh: "echo 6 >> f && git add f && echo g2 > g" },
      ["stash"],
      { sh: "echo 7 >> f && git commit -qam third" },
      ["stash", "branch"],
      ["stash", "branch", "side"],
      ["stash", "list"],
      ["stash", "branch", "x", "nosuch"],
    ],
  },
  {
    name: "clear, create, store and the refusals of the subcommands",
    steps: [
      ["stash", "clear"],
      { sh: "echo 6 >> f" },
      ["stash", "create"],
      ["stash", "create", "a", "message"],
      ["stash"],
      { sh: "echo 7 >> f" },
      ["stash", "-m", "two"],
      { sh: "echo 8 >> f" },
      ["stash", "push", "-m", ""],
      ["stash", "clear", "x"],
      ["stash", "clear"],
      ["stash", "list"],
      ["stash", "show", "stash@{0}"],
      ["stash", "apply", "0"],
      ["stash", "drop", "stash@{1}"],
      ["stash", "store"],
      ["stash", "store", "nosuch"],
      ["stash", "frob"],
      ["stash", "-q", "frob"],
      ["stash", "--frob"],
      ["stash", "push", "--frob"],
      ["stash", "drop", "--frob"],
      ["stash", "apply", "-x"],
      ["stash", "show", "--frob"],
      ["stash", "-h"],
      ["stash", "-q", "-h"],
      ["stash", "push", "-h"],
      ["stash", "list", "-h"],
      ["stash", "show", "-h"],
      ["stash", "pop", "-h"],
      ["stash", "-m"],
    ],
  },
  {
    name: "detached HEAD and a subdirectory: labels and status paths",
    steps: [
      { sh: "git checkout -q --detach HEAD~1 && echo 6 >> f && echo c2 > d/c" },
      { sub: "d", args: ["stash"] },
      ["stash", "list"],
      { sub: "d", args: ["stash", "apply"] },
    ],
  },
  {
    name: "deletions, mode changes, symlinks and type changes are stashed and restored",
    steps: [
      { sh: "ln -s f link && git add link && git commit -qm links && rm g && chmod +x f && rm link && echo notlink > link && git rm -q --cached d/c" },
      ["stash"],
      ["stash", "show", "--stat"],
      { refused: ["stash", "show", "--summary"] },
      ["stash", "apply"],
      { sh: "git reset -q --hard" },
      ["stash", "pop", "--index"],
    ],
  },
  {
    name: "--keep-index and -u with pathspecs; a stashed new file meets an untracked one",
    steps: [
      { sh: "echo 6 >> f && git add f && echo 7 >> f && echo g2 > g && git add g && echo u > u && echo w > w" },
      ["stash", "push", "-k", "--", "f"],
      ["stash", "push", "-u", "-m", "untracked u", "u", "g"],
      ["stash", "list"],
      ["stash", "show", "-p", "stash@{1}"],
      { sh: "echo other > u" },
      ["stash", "pop"],
      { sh: "rm u" },
      ["stash", "pop"],
      { sh: "echo n > n && git add n && git stash -q && echo mine > n" },
      ["stash", "apply"],
      ["stash", "drop", "-q"],
    ],
  },
  {
    name: "drop and pop refuse what is not a stash entry; apply takes any stash-like commit",
    steps: [
      { sh: "echo 6 >> f && git stash -q && git tag kept stash && git stash drop -q" },
      ["stash", "list"],
      ["stash", "show", "kept"],
      ["stash", "drop", "kept"],
      ["stash", "pop", "kept"],
      ["stash", "apply", "-q", "kept"],
      ["stash", "show", "-p", "--stat", "kept"],
      { refused: ["stash", "show", "--word-diff", "kept"] },
      { refused: ["stash", "show", "-u"] },
      { refused: ["stash", "list", "--oneline"] },
      { refused: ["stash", "push", "--patch"] },
      { refused: ["stash", "push", "-S"] },
      { refused: ["stash", "push", "-u", "--all"] },
    ],
  },
  {
    name: "-a stashes ignored files too, and a pathspec limits it",
    steps: [
      { sh: "echo ig > x && mkdir -p ign && echo x > ign/x && echo u > u" },
      ["stash", "-u"],
      ["stash", "show", "-p"],
      ["stash", "pop", "-q"],
      ["stash", "push", "-a", "--", "ign"],
      ["stash", "push", "--all", "-m", "everything"],
      ["stash", "list"],
      ["stash", "pop"],
      ["stash", "pop"],
    ],
  },
  {
    name: "renames merge through ort; stash.showPatch and stash.showStat; branch onto an existing name",
    steps: [
      { sh: "git mv f f2 && echo g2 > g" },
      ["stash"],
      { sh: "printf '0\n1\n2\n3\n4\n5\n' > f && git commit -qam third" },
      ["stash", "apply"],
      { sh: "git reset -q --hard" },
      ["-c", "stash.showPatch=true", "-c", "stash.showStat=false", "stash", "show"],
      ["-c", "stash.showStat=false", "stash", "show"],
      ["stash", "branch", "master"],
      ["stash", "list"],
    ],
  },
  {
    name: "a packed refs/stash is dropped, popped and cleared",
    steps: [
      { sh: "echo 6 >> f && git stash -q && echo 7 >> f && git stash -q && echo 8 >> f && git stash -q && git pack-refs --all" },
      ["stash", "drop", "stash@{1}"],
      ["stash", "pop"],
      ["stash", "list"],
      ["show-ref"],
      ["stash", "clear"],
      ["show-ref"],
    ],
  },
  {
    name: "apply --index onto a changed index: hunks placed at an offset, hunks that do not apply, paths already there",
    init: `${BASE} && seq 1 20 > long && git add long && git commit -qm long`,
    steps: [
      { sh: "sed -i 's/^15$/fifteen/' long && echo n > n && git add long n && echo more >> long" },
      ["stash"],
      { sh: "sed -i 's/^2$/two/' long && git commit -qam 'top changed'" },
      ["stash", "apply", "--index"],
      ["stash", "show", "-p"],
      { sh: "git reset -q --hard && rm -f n && sed -i 's/^16$/sixteen/' long && git commit -qam 'near changed'" },
      ["stash", "apply", "--index"],
      { sh: "git reset -q --hard && echo other > n && git add n" },
      ["stash", "pop", "--index"],
      { sh: "git reset -q --hard && rm -f n && echo s > s && git add s" },
      ["stash", "pop", "--index"],
      ["stash", "list"],
    ],
  },
  {
    name: "an unborn branch: nothing to stash yet",
    init: "git init -q . && echo a > a && git add a",
    steps: [["stash"], ["stash", "-q"], ["stash", "list"]],
  },
];

/** Seeded sequences of edits (changes, new files, staging, deletions) and stash commands, conflicts included. */
function randomSteps(seed: number, count: number): Step[] {
  const random = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const files = ["f", "g", "d/c", "d/e", "n"];
  const edits: (() => Step)[] = [
    () => ({ sh: `mkdir -p d && echo ${Math.floor(random() * 100)} >> ${pick(files)}` }),
    () => ({ sh: `printf '1\\n2\\n${pick(["A", "B", "C"])}\\n4\\n5\\n' > f` }),
    () => ({ sh: `mkdir -p d && echo ${Math.floor(random() * 100)} > ${pick(files)} && git add -A` }),
    () => ({ sh: `git add ${pick(["f", "g", "."])} 2>/dev/null; true` }),
    () => ({ sh: `rm -f ${pick(files)}` }),
    () => ({ sh: "git commit -qam step --allow-empty" }),
    () => ({ sh: "git reset -q --hard" }),
  ];
  const commands: string[][] = [
    ["stash"],
    ["stash", "-u"],
    ["stash", "-k"],
    ["stash", "push", "-m", "part", "--", "f", "d"],
    ["stash", "pop"],
    ["stash", "pop"],
    ["stash", "apply"],
    ["stash", "drop"],
    ["stash", "pop", "1"],
    ["stash", "list"],
    ["stash", "show", "-p", "1"],
    ["stash", "apply", "--index"],
    ["stash", "pop", "--index", "-q"],
    ["stash", "push", "-u", "--", "d", "n"],
    ["stash", "-k", "-u"],
  ];
  const out: Step[] = [];
  for (let k = 0; k < count; k++) {
    if (random() >= 0.5) {
      out.push(pick(commands));
      continue;
    }
    // Edited files get a time of their own (the same on both sides): a same-size rewrite in the second the
    // index was written would otherwise be racy, seen or not by git depending on when each side wrote its index.
    const edit = pick(edits)() as { sh: string };
    out.push({ sh: `${edit.sh} && for x in ${files.join(" ")}; do if [ -f $x ]; then touch -d @${1_800_000_000 + k} $x; fi; done` });
  }
  return out;
}

describe.if(haveCommand("git"))("git stash against real git", () => {
  for (const c of CASES) test(c.name, () => run(c.steps, c.init), 60_000);
  for (const seed of Array.from({ length: 12 }, (_, k) => k + 1)) test(`a seeded sequence of edits and stash commands (seed ${seed})`, () => run(randomSteps(seed, 40)), 120_000);
});
