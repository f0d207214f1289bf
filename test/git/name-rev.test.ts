/**
 * git name-rev and git describe --contains against real git: a history with
 * merges (names through second parents, "~n^k"), branches, remote-tracking
 * refs made with update-ref, lightweight and annotated tags of different
 * dates (the older tag wins, tags win over branches), --tags, --refs and
 * --exclude (with shortened names when a pattern matches a tail),
 * --name-only, --no-undefined, --always, --all (in git's object-table
 * order), --annotate-stdin, objects that are not commits, names that resolve to nothing, the
 * date cutoff (generations with a commit-graph), and describe --contains with --all, --match, --exclude and
 * --always and its errors.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { sameAt } from "./dated.ts";
import { runGokit } from "../support/cli.ts";
import { realGit, Twin } from "./support.ts";

const at = sameAt;

/** A history with two merges, tags of several kinds and dates, branches and remote-tracking refs. */
async function history(t: Twin): Promise<void> {
  let time = 1700000000;
  const run = (args: string[]) => at(t, (time += 3600), args);
  await run(["init", "-q"]);
  const commit = async (msg: string) => {
    t.sh(`echo ${msg} >> f`);
    await run(["add", "f"]);
    await run(["commit", "-qm", msg]);
  };
  await commit("one");
  await commit("two");
  await run(["tag", "-a", "v1.0", "-m", "one oh"]);
  await commit("three");
  await run(["checkout", "-qb", "side"]);
  await commit("s1");
  await commit("s2");
  await run(["tag", "side-light"]);
  await commit("s3");
  await run(["checkout", "-q", "master"]);
  await commit("four");
  await run(["merge", "-q", "--no-ff", "side", "-m", "merge side"]);
  await commit("five");
  await run(["checkout", "-qb", "topic", "HEAD~2"]);
  await commit("t1");
  await commit("t2");
  await run(["checkout", "-q", "master"]);
  await run(["merge", "-q", "--no-ff", "topic", "-m", "merge topic"]);
  await commit("six");
  await run(["tag", "-a", "v2.0", "-m", "two oh"]);
  // An older-dated annotated tag further up: older tags win even when farther.
  await at(t, 1600000000, ["tag", "-a", "old", "-m", "old tag", "HEAD~1"]);
  await commit("seven");
  await run(["tag", "light"]);
  await run(["update-ref", "refs/remotes/origin/master", "HEAD~2"]);
  await run(["update-ref", "refs/remotes/origin/topic", "topic~1"]);
  await run(["tag", "tree-tag", "HEAD^{tree}"]);
  await run(["tag", "-a", "blob-tag", "-m", "a blob", "HEAD:f"]);
  await run(["branch", "later"]);
  await commit("eight");
}

describe.if(haveCommand("git"))("git name-rev against real git", () => {
  test("names commits, tags and other objects as git does", async () => {
    using t = new Twin();
    await history(t);
    const revs = ["HEAD", "HEAD~1", "HEAD~2", "HEAD~3", "HEAD~3^2", "HEAD~3^2~1", "HEAD~4^2~2", "HEAD~5", "HEAD~6", "HEAD~7", "side", "side~1", "topic~1", "v1.0", "old"];
    const cases = [
      ["name-rev", ...revs],
      ["name-rev", "--tags", ...revs],
      ["name-rev", "--name-only", ...revs],
      ["name-rev", "--tags", "--name-only", ...revs],
      ["name-rev", "--refs=refs/heads/*", ...revs],
      ["name-rev", "--refs=side*", "--refs=v*", ...revs],
      ["name-rev", "--refs", "origin/*", ...revs],
      ["name-rev", "--exclude=v*", "--exclude", "refs/tags/old", ...revs],
      ["name-rev", "--tags", "--exclude=*", "HEAD"],
      ["name-rev", "--no-undefined", "--tags", "HEAD~1"],
      ["name-rev", "--no-undefined", "--tags", "HEAD"],
      ["name-rev", "--always", "--tags", "--refs=nomatch", "HEAD", "HEAD~2"],
      ["name-rev", "--no-undefined", "--always", "--refs=nomatch", "HEAD"],
      ["name-rev", "nosuch", "HEAD", "0000000000000000000000000000000000000001", "HEAD^{tree}", "tree-tag", "blob-tag", "HEAD:f"],
      ["name-rev", "--peel-tag", "v2.0", "tree-tag", "HEAD"],
      ["name-rev"],
      ["name-rev", "--all"],
      ["name-rev", "--all", "--tags"],
      ["name-rev", "--all", "--name-only", "--refs=side"],
      ["name-rev", "--all", "--no-undefined", "--always", "--tags"],
      ["name-rev", "--all", "HEAD"],
    ];
    for (const args of cases) await at(t, 1800000000, args);
    // --annotate-stdin (and the deprecated --stdin) name the object ids in the text read, through the binary.
    const ids = (rev: string) => realGit(t.real, t.env, ["rev-parse", rev]).stdout.trim();
    const text = [
      `merged ${ids("HEAD~3")} and ${ids("HEAD~4^2~1")}, tree ${ids("tree-tag")}, blob ${ids("HEAD:f")}`,
      `long ${ids("HEAD")}0 upper ${ids("HEAD").toUpperCase()} short ${ids("HEAD").slice(0, 12)} none ${"0".repeat(40)}\r`,
      `${ids("side")}${ids("v1.0")} tag ${ids("v1.0")}`,
      `last ${ids("side~1")} line without newline`,
    ].join("\n");
    for (const args of [["--annotate-stdin"], ["--annotate-stdin", "--name-only"], ["--stdin", "--tags"], ["--annotate-stdin", "HEAD"]]) {
      const real = Bun.spawnSync(["git", "name-rev", ...args], { cwd: t.real, env: t.env, stdin: new Blob([text]) });
      const ours = await runGokit(["git", "name-rev", ...args], { cwd: t.ours, env: t.env, stdin: text });
      expect({ args, ...ours }).toEqual({ args, code: real.exitCode, stdout: real.stdout.toString(), stderr: real.stderr.toString() });
    }
  });

  test("describe --contains names the first tag that contains the commit", async () => {
    using t = new Twin();
    await history(t);
    const cases = [
      ["describe", "--contains"], ["describe", "--contains", "HEAD~2"], ["describe", "--contains", "HEAD~4^2", "HEAD~6", "side~2"],
      ["describe", "--contains", "--all", "HEAD~2", "side"], ["describe", "--contains", "--match", "v*", "HEAD~6"], ["describe", "--contains", "--exclude", "old", "HEAD~3"],
      ["describe", "--contains", "--always", "HEAD"], ["describe", "--contains", "nosuch", "HEAD~1"], ["describe", "--contains", "--long", "--abbrev=0"],
      ["describe", "--contains", "--dirty"], ["describe", "--contains", "HEAD^{tree}"], ["describe", "--contains", "v1.0"], ["describe", "--contains", "--tags", "HEAD~7"],
    ];
    for (const args of cases) await at(t, 1800000000, args);
  });

  test("the date cutoff: commits far older than the one asked about are not walked", async () => {
    using t = new Twin();
    await at(t, 1700000000, ["init", "-q"]);
    t.sh("echo a > a");
    await at(t, 1700000000, ["add", "a"]);
    await at(t, 1700000000, ["commit", "-qm", "old"]);
    await at(t, 1700000000, ["branch", "old"]);
    t.sh("echo b >> a");
    // Clock skew: a child dated days before its parent.
    await at(t, 1600000000, ["commit", "-qam", "skewed"]);
    await at(t, 1700000000, ["tag", "-a", "t", "-m", "t"]);
    const cases = [["name-rev", "HEAD", "HEAD~1"], ["name-rev", "HEAD~1"], ["name-rev", "--tags", "HEAD~1"], ["describe", "--contains", "HEAD~1"]];
    for (const args of cases) await at(t, 1800000000, args);
    // With a commit-graph, generation numbers replace the dates (corrected commit dates, or topological levels without them).
    t.sh("git commit-graph write --reachable");
    for (const args of cases) await at(t, 1800000000, args);
    t.sh("git -c commitGraph.generationVersion=1 commit-graph write --reachable");
    for (const args of cases) await at(t, 1800000000, args);
    t.sh("git commit-graph write --reachable --split=replace");
    for (const args of [...cases, ["-c", "core.commitGraph=false", "name-rev", "HEAD~1"]]) await at(t, 1800000000, args);
  });
});
