/**
 * git restore against real git: the work tree from the index, the index from
 * HEAD (--staged), both, or either from --source (no-overlay by default:
 * paths the source lacks go), directories, globs and paths relative to a
 * subdirectory, the errors (no paths, unmatched pathspecs, bad sources,
 * incompatible options), and after a conflicted merge: unmerged paths
 * refused, --ours/--theirs, -m/--conflict, --ignore-unmerged. Each case
 * compares the output and exit code, then what real git sees of our
 * repository (stages, status) and the work tree's files and directories.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { history, setup, workDirs, workFiles } from "./merge-harness.ts";
import { Twin } from "./support.ts";
import { normalize } from "./replay.ts";

/** Two commits, then unstaged, staged and staged-then-changed edits, a deletion, a new staged file and an untracked one. */
function changed(t: Twin): void {
  setup(t, ["init", "-q"]);
  t.sh("mkdir -p d/e sub && echo a > a && echo b > b && echo c > d/c && echo f > d/e/f && echo x > sub/x.txt && echo y > sub/y.txt && echo t > top.txt && ln -s a link && echo run > tool && chmod +x tool");
  setup(t, ["add", "-A"]);
  setup(t, ["commit", "-qm", "one"]);
  t.sh("echo a2 >> a && echo c2 >> d/c && echo g > d/e/g && echo z > sub/z.txt && git rm -q sub/y.txt");
  setup(t, ["add", "-A"]);
  setup(t, ["commit", "-qm", "two"]);
  t.sh("echo wt >> a && echo staged >> b && git add b && echo again >> b && rm d/c && echo more >> d/e/f && git add d/e/f && echo n > d/n && git add d/n && echo u > untracked && echo x2 >> sub/x.txt && chmod -x tool && rm link && ln -s b link && echo q > top.txt");
}

/** A merge of two branches stopped with conflicts: f and g both modified (UU), k modified here and deleted there (UD), new added on both (AA). */
function conflicted(t: Twin): void {
  history(t, "printf '1\\n2\\n3\\n' > f && echo g > g && echo k > k && mkdir dir && echo s > dir/s", "printf '1\\nM\\n3\\n' > f && echo gm > g && echo km > k && echo nm > new", "printf '1\\nS\\n3\\n' > f && echo gs > g && rm k && echo n > new && echo s2 > dir/s");
  t.sh("git merge feature >/dev/null 2>&1 || true");
  expect(t.realGit(["status", "--porcelain"]).stdout).toBe("M  dir/s\nUU f\nUU g\nUD k\nAA new\n");
}

type Case = { args: string[]; sub?: string; config?: string[] };

const CHANGED: Case[] = [
  { args: ["a"] },
  { args: ["b"] },
  { args: ["--staged", "b"] },
  { args: ["-S", "-W", "b"] },
  { args: ["--staged", "--worktree", "a", "b", "d"] },
  { args: ["d"] },
  { args: ["d/c"] },
  { args: ["--staged", "d"] },
  { args: ["--staged", "d/n"] },
  { args: ["-SW", "d/n"] },
  { args: ["--worktree", "--source=HEAD", "d"] },
  { args: ["*.txt"] },
  { args: ["sub/*.txt"] },
  { args: ["."] },
  { args: ["--staged", "."] },
  { args: ["-S", "-W", "."] },
  { args: ["tool", "link"] },
  { args: ["--source=HEAD~1", "a"] },
  { args: ["--source=HEAD~1", "sub"] },
  { args: ["-s", "HEAD~1", "--overlay", "sub"] },
  { args: ["-s", "HEAD~1", "--staged", "sub", "d"] },
  { args: ["-s", "HEAD~1", "-S", "-W", "."] },
  { args: ["-s", "HEAD~1", "--no-overlay", "d/e"] },
  { args: ["--source", "HEAD~1", "--", "d/e/g"] },
  { args: ["--source=HEAD:d", "c"] },
  { args: ["-s", "nosuch", "a"] },
  { args: ["-s", "HEAD:a", "a"] },
  { args: ["nosuch"] },
  { args: ["a", "nosuch", "nosuch2", "nosuch"] },
  { args: ["a", "a"] },
  { args: ["untracked"] },
  { args: [] },
  { args: ["--staged"] },
  { args: ["--no-worktree", "a"] },
  { args: ["--no-staged", "--no-worktree", "a"] },
  { args: ["-q", "a"] },
  { args: ["--ignore-unmerged", "a"] },
  { args: ["--conflict=bad", "a"] },
  { args: ["--staged", "--ours", "a"] },
  { args: ["-S", "-m", "a"] },
  { args: ["--ours", "--merge", "a"] },
  { args: ["--ignore-unmerged", "-m", "a"] },
  { args: ["--ours", "--theirs", "a"] },
  { args: ["--", "-a"] },
  { args: ["c"], sub: "d" },
  { args: ["."], sub: "d" },
  { args: ["../a", "e"], sub: "d" },
  { args: ["--staged", "n"], sub: "d" },
  { args: ["-s", "HEAD~1", "."], sub: "d" },
  { args: ["../nosuch"], sub: "d" },
  { args: ["../../outside"], sub: "d" },
  { args: ["--frobnicate", "a"] },
];

const CONFLICTED: Case[] = [
  { args: ["f"] },
  { args: ["f", "g", "keep"] },
  { args: ["."] },
  { args: ["dir"] },
  { args: ["--ours", "f"] },
  { args: ["--theirs", "f", "g"] },
  { args: ["-3", "."] },
  { args: ["--theirs", "k"] },
  { args: ["--overlay", "--theirs", "k"] },
  { args: ["--ours", "k", "new"] },
  { args: ["-m", "f"] },
  { args: ["--merge", "f", "g", "new"] },
  { args: ["-m", "k"] },
  { args: ["--conflict=diff3", "f"] },
  { args: ["--conflict=zdiff3", "f", "g"] },
  { args: ["-m", "f"], config: ["merge.conflictStyle", "diff3"] },
  { args: ["--ignore-unmerged", "f", "g", "keep"] },
  { args: ["-q", "--ignore-unmerged", "f"] },
  { args: ["--staged", "f"] },
  { args: ["--staged", "k", "new"] },
  { args: ["-S", "-W", "f", "k"] },
  { args: ["-s", "HEAD", "f"] },
  { args: ["-s", "feature", "--ours", "f"] },
  { args: ["-s", "feature", "."] },
];

/** The same outcome on both sides: output, stages, status, work tree. */
async function compare(t: Twin, c: Case): Promise<void> {
  if (c.config) setup(t, ["config", ...c.config]);
  const r = await t.both(["restore", ...c.args], c.sub);
  const label = `restore ${c.args.join(" ")}${c.sub ? ` (in ${c.sub}/)` : ""}`;
  expect({ label, ...normalize(r.ours, t.ours) }).toEqual({ label, ...normalize(r.real, t.real) });
  for (const args of [["ls-files", "-s"], ["ls-files", "--resolve-undo"], ["status", "--porcelain"]]) expect({ label, args, out: t.gitOnOurs(args).stdout }).toEqual({ label, args, out: t.realGit(args).stdout });
  expect({ label, files: workFiles(t.ours), dirs: workDirs(t.ours) }).toEqual({ label, files: workFiles(t.real), dirs: workDirs(t.real) });
}

describe.if(haveCommand("git"))("git restore against real git", () => {
  for (const c of CHANGED) {
    test(`restore ${c.args.join(" ")}${c.sub ? ` (in ${c.sub}/)` : ""} with staged and unstaged changes`, async () => {
      using t = new Twin();
      changed(t);
      await compare(t, c);
    });
  }
  for (const c of CONFLICTED) {
    test(`restore ${c.args.join(" ")}${c.config ? ` with ${c.config.join("=")}` : ""} after a conflicted merge`, async () => {
      using t = new Twin();
      conflicted(t);
      await compare(t, c);
    });
  }

  test("restore -m recreates a conflict that git add resolved (the index's resolve-undo records), and --ours then takes our side again", async () => {
    using t = new Twin();
    conflicted(t);
    setup(t, ["add", "f", "g", "new"]);
    await compare(t, { args: ["-m", "f", "new"] });
    await compare(t, { args: ["--conflict=diff3", "g"] });
    await compare(t, { args: ["--ours", "f", "g"] });
    setup(t, ["add", "k"]);
    await compare(t, { args: ["--merge", "k"] });
  });

  test("an intent-to-add entry keeps its flag when its file is restored, and --staged drops it", async () => {
    using t = new Twin();
    changed(t);
    t.sh("echo ita > ita && git add -N ita && rm d/e/f && mkdir d/e/f && echo in > d/e/f/in");
    await compare(t, { args: ["ita", "d/e/f"] });
    await compare(t, { args: ["--staged", "ita"] });
  });

  test("entries marked skip-worktree are left alone unless --ignore-skip-worktree-bits", async () => {
    using t = new Twin();
    changed(t);
    t.sh("git update-index --skip-worktree d/e/f top.txt && echo sparse > top.txt");
    await compare(t, { args: ["top.txt"] });
    await compare(t, { args: ["d/e"] });
    await compare(t, { args: ["-s", "HEAD~1", "d/e"] });
    await compare(t, { args: ["--ignore-skip-worktree-bits", "top.txt", "d/e"] });
  });

  test("restore --staged on an unborn branch cannot resolve HEAD; restoring the work tree from the index still works", async () => {
    using t = new Twin();
    setup(t, ["init", "-q"]);
    t.sh("echo a > a && git add a && echo b >> a");
    await compare(t, { args: ["--staged", "a"] });
    await compare(t, { args: ["a"] });
  });

  test("a second restore finds nothing to do, and the index keeps its cache tree where nothing changed", async () => {
    using t = new Twin();
    changed(t);
    await compare(t, { args: ["-S", "-W", "d/e"] });
    await compare(t, { args: ["-S", "-W", "d/e"] });
    setup(t, ["commit", "-qm", "three"]);
    expect(t.gitOnOurs(["rev-parse", "HEAD^{tree}"]).stdout).toBe(t.realGit(["rev-parse", "HEAD^{tree}"]).stdout);
    expect(t.gitOnOurs(["fsck", "--strict"]).code).toBe(0);
  });

  test("post-checkout runs with <HEAD> <HEAD> 0 and its status is restore's", async () => {
    using t = new Twin();
    changed(t);
    t.sh(`printf '#!/bin/sh\\necho "hook $*" >&2\\nexit 3\\n' > .git/hooks/post-checkout && chmod +x .git/hooks/post-checkout`);
    await compare(t, { args: ["a"] });
  });

  test("options gokit does not implement are refused", async () => {
    using t = new Twin();
    changed(t);
    for (const [args, option] of [
      [["-p", "a"], "--patch"],
      [["--pathspec-from-file=list"], "--pathspec-from-file"],
      [["--recurse-submodules", "a"], "--recurse-submodules"],
    ] as const) {
      const r = await t.both(["restore", ...args]);
      expect(r.ours).toEqual({ code: 128, stdout: "", stderr: `fatal: gokit git restore does not support ${option}\n` });
    }
  });
});
