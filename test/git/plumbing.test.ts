/**
 * git ls-tree and git merge-base against real git over a history with a
 * merge, branches, tags, packed and loose refs: ls-tree's recursion, tree
 * and path filters, output modes, paths relative to a subdirectory, quoting
 * and -z, --abbrev, --format, and its errors; merge-base's bases (criss-cross with
 * several), --all, --octopus, --independent, --is-ancestor, --fork-point
 * and its errors.
 */
import { afterAll, beforeAll, describe, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { plumbingHistory, same } from "./plumbing-fixture.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("git ls-tree against real git", () => {
  let t: Twin;
  beforeAll(() => {
    t = new Twin();
    plumbingHistory(t);
  });
  afterAll(() => t[Symbol.dispose]());

  test("lists a tree's entries: -r, -t, -d, --long, --name-only, --name-status, --object-only, -z, --abbrev", async () => {
    for (const flags of [[], ["-r"], ["-r", "-t"], ["-d"], ["-r", "-d"], ["-t"], ["-l"], ["--long", "-r"], ["--name-only"], ["--name-status", "-r"], ["--object-only", "-r"], ["-z"], ["-r", "-z", "--name-only"], ["--abbrev"], ["--abbrev=5"], ["--abbrev=2"], ["--abbrev=0"], ["--abbrev=99", "-l"], ["--no-abbrev"]]) {
      for (const rev of ["HEAD", "HEAD~1", "side", "v1", "v1-tree", "HEAD^{tree}", "HEAD:d"]) await same(t, ["ls-tree", ...flags, rev]);
    }
  });

  test("paths: exact names, directories with and without a slash, a path inside a directory, names that match nothing", async () => {
    for (const paths of [["a"], ["d"], ["d/"], ["d/e"], ["d/e/"], ["d/e/c"], ["d/b", "a"], ["nosuch"], ["d/nosuch"], ["."], ["./d"], ["d/./e/.."], ["d/*"], ["s"], ["sp ace", "q\"uote", "ü"]]) {
      for (const flags of [[], ["-r"], ["-d"], ["-t"], ["-r", "-t"], ["--name-only"]]) await same(t, ["ls-tree", ...flags, "HEAD", ...paths]);
    }
  });

  test("in a subdirectory paths are relative to it; --full-name and --full-tree", async () => {
    for (const args of [[], ["."], [".."], ["../a"], ["e"], ["e/"], ["../d"], ["../.."], ["-r"], ["-r", ".."], ["--full-name"], ["--full-name", "-r"], ["--full-tree"], ["--full-tree", "-r", "d"], ["-d", ".."], ["--name-only", "-r", ".."]]) {
      await same(t, ["ls-tree", ...args.filter((a) => a.startsWith("-")), "HEAD", ...args.filter((a) => !a.startsWith("-"))], "d");
      await same(t, ["ls-tree", ...args.filter((a) => a.startsWith("-")), "HEAD", ...args.filter((a) => !a.startsWith("-"))], "d/e");
    }
  });

  test("--format: the atoms, literal escapes, the modes' own formats, and git's errors for bad ones", async () => {
    for (const format of [
      "%(objectmode) %(objecttype) %(objectname)%x09%(path)", "%(objectmode) %(objecttype) %(objectname) %(objectsize:padded)%x09%(path)", "%(path)", "%(objectname)",
      "[%(objectsize)|%(objectsize:padded)] %(path) %% %n%x41", "%(objecttype)", "%(foo)", "%q", "%(path", "trailing %",
    ]) {
      for (const flags of [[], ["-r", "-z"], ["-d", "--abbrev=6"], ["-t", "-r"]]) await same(t, ["ls-tree", `--format=${format}`, ...flags, "HEAD"]);
    }
    await same(t, ["ls-tree", "--format=%(path) %(objectname)", "-r", "HEAD", "..", "e"], "d");
  });

  test("errors: no tree-ish, a bad name, a blob, exclusive modes, --format with a mode, a bad --abbrev", async () => {
    for (const args of [[], ["nosuch"], ["HEAD:a"], ["--name-only", "--name-status", "HEAD"], ["-l", "--name-only", "HEAD"], ["--format=%(path)", "--name-only", "HEAD"], ["--abbrev=x", "HEAD"], ["HEAD", "../x"], ["--frobnicate", "HEAD"], ["1234567890".repeat(4)]]) {
      await same(t, ["ls-tree", ...args]);
    }
  });
});

describe.if(haveCommand("git"))("git merge-base against real git", () => {
  let t: Twin;
  beforeAll(() => {
    t = new Twin();
    plumbingHistory(t);
    // A criss-cross: two branches each merging the other's first commit, all at the same date.
    t.sh(`set -e
git checkout -qb b1 light
echo x1 > x1 && git add x1 && git commit -qm x1
git checkout -qb b2 light
echo y1 > y1 && git add y1 && git commit -qm y1
git checkout -q b1 && git merge -q -m m1 b2
git checkout -q b2 && git merge -q -m m2 b1~1
git checkout -q master
`);
  });
  afterAll(() => t[Symbol.dispose]());

  test("bases of two or more commits, --all, --octopus, --independent", async () => {
    for (const args of [
      ["master", "side"], ["side", "master"], ["HEAD~1", "side"], ["b1", "b2"], ["-a", "b1", "b2"], ["--all", "b2", "b1"], ["b1", "b2", "master"], ["-a", "b1", "b2", "master"],
      ["master", "master"], ["v1", "v2"], ["light", "topic"],
      ["--octopus", "b1", "b2", "master"], ["--octopus", "-a", "b1", "b2"], ["--octopus", "b1"], ["--octopus"], ["--octopus", "side", "topic", "HEAD~1"],
      ["--independent", "b1", "b2", "master", "b1~1"], ["--independent", "master", "side", "topic", "master"], ["--independent"], ["--independent", "light"],
    ]) await same(t, ["merge-base", ...args]);
  });

  test("--is-ancestor answers with its exit code", async () => {
    for (const args of [["master~1", "master"], ["master", "master~1"], ["v1", "side"], ["side", "b1"], ["master", "master"]]) await same(t, ["merge-base", "--is-ancestor", ...args]);
  });

  test("--fork-point: where a branch forked from a ref, by the ref's reflog (rewound upstream)", async () => {
    t.sh(`set -e
git checkout -qb up master
for n in 1 2 3; do echo u$n > u$n && git add u$n && git commit -qm u$n; done
git checkout -qb down && echo dn > dn && git add dn && git commit -qm down
git checkout -q up && git reset -q --hard HEAD~2 && echo u4 > u4 && git add u4 && git commit -qm u4
git checkout -q master && git tag amb up
`);
    for (const args of [["up", "down"], ["up"], ["refs/heads/up", "down"], ["heads/up", "down"], ["down", "up"], ["master", "down"], ["side", "down"], ["nosuch", "down"], ["up", "nosuch"], ["up", "HEAD^{tree}"], ["amb", "down"], ["-a", "up", "down"], [], ["a", "b", "c"]]) {
      await same(t, ["merge-base", "--fork-point", ...args]);
    }
    t.sh("git branch amb up");
    await same(t, ["merge-base", "--fork-point", "amb", "down"]);
  });

  test("errors: too few commits, bad names, non-commits, incompatible options", async () => {
    for (const args of [[], ["master"], ["--is-ancestor", "master"], ["--is-ancestor", "a", "b", "c"], ["--is-ancestor", "master", "side", "topic"], ["nosuch", "master"], ["master", "HEAD^{tree}"], ["master", "v1-tree"], ["--is-ancestor", "-a", "master", "side"], ["--independent", "--all", "master"], ["--octopus", "--independent", "master"], ["--frobnicate"], ["1234567890".repeat(4), "master"], ["--is-ancestor", "master", "1234567890".repeat(4)]]) {
      await same(t, ["merge-base", ...args]);
    }
  });
});
