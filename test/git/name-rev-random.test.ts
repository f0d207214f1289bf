/**
 * name-rev over seeded random histories against real git: commits with one
 * to three parents and dates that sometimes run backwards (clock skew),
 * branches, remote-tracking refs, lightweight tags, annotated tags of random
 * dates (some of tags, some packed), and every commit named one by one, all
 * at once with --all (git's object-table order), with --tags, --refs and
 * --exclude, and through describe --contains; some histories have a
 * commit-graph (a file or a split chain) holding their older commits.
 */
import { describe, test } from "bun:test";
import { prng } from "../support/prng.ts";
import { haveCommand } from "../support/require.ts";
import { sameAt } from "./dated.ts";
import { realGit, Twin } from "./support.ts";

/** A shell script building the history with git's plumbing (the same objects on both sides). */
function historyScript(seed: number, commits: number): string {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const lines = ["set -e", "git init -q .", "tree=$(git mktree </dev/null)"];
  let date = 1700000000;
  // Some histories have a commit-graph (a file or a split chain) holding their first commits: generations then set the cutoff.
  const graphAt = rand() < 0.6 ? 1 + int(commits - 1) : -1;
  const split = rand() < 0.5 ? " --split" : "";
  for (let i = 0; i < commits; i++) {
    if (i === graphAt) lines.push(`echo $c${i - 1} | git commit-graph write --stdin-commits${split}`);
    // Mostly forward in time, sometimes days back.
    date += rand() < 0.1 ? -200000 - int(100000) : 1000 + int(50000);
    const parents = new Set<number>();
    if (i > 0) {
      parents.add(i - 1 - int(Math.min(i, 3)));
      if (rand() < 0.3) parents.add(int(i));
      if (rand() < 0.05) parents.add(int(i));
    }
    const p = [...parents].map((k) => `-p $c${k}`).join(" ");
    lines.push(`c${i}=$(GIT_AUTHOR_DATE='@${date} +0000' GIT_COMMITTER_DATE='@${date} +0000' git commit-tree $tree ${p} -m c${i})`);
  }
  const pick = () => `$c${int(commits)}`;
  lines.push(`git update-ref refs/heads/master $c${commits - 1}`);
  for (let k = 0; k < 4; k++) lines.push(`git update-ref refs/heads/b${k} ${pick()}`);
  for (let k = 0; k < 3; k++) lines.push(`git update-ref refs/remotes/origin/r${k} ${pick()}`);
  for (let k = 0; k < 4; k++) lines.push(`git tag l${k} ${pick()}`);
  for (let k = 0; k < 5; k++) lines.push(`GIT_COMMITTER_DATE='@${1700000000 + int(3000000)} +0000' git tag -a v${k} -m v${k} ${pick()}`);
  lines.push(`GIT_COMMITTER_DATE='@1690000000 +0000' git tag -a nested -m nested v0`);
  if (rand() < 0.5) lines.push("git pack-refs --all");
  return lines.join("\n");
}

describe.if(haveCommand("git"))("name-rev over random histories against real git", () => {
  test.each([1, 7, 23, 99, 314, 1004, 1010])("names every commit as git does (seed %d)", async (seed) => {
    using t = new Twin();
    t.sh(historyScript(seed, 40));
    const all = realGit(t.real, t.env, ["rev-list", "--all"]).stdout.trim().split("\n");
    const now = 1800000000;
    for (const args of [["--all"], ["--all", "--tags"], ["--all", "--name-only", "--refs=b*", "--refs=v*"], ["--all", "--exclude=refs/tags/*", "--always", "--no-undefined"], ["--all", "--tags", "--name-only"]]) {
      await sameAt(t, now, ["name-rev", ...args]);
    }
    for (let k = 0; k < all.length; k += 8) {
      const some = all.slice(k, k + 8);
      await sameAt(t, now, ["name-rev", ...some]);
      await sameAt(t, now, ["name-rev", "--tags", ...some]);
      // One at a time: the cutoff is that commit's date.
      await sameAt(t, now, ["name-rev", some[0]!]);
      await sameAt(t, now, ["describe", "--contains", "--always", some[1] ?? some[0]!]);
    }
  });
});
