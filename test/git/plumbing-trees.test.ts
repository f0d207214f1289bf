/**
 * git write-tree and git commit-tree against real git: the index's tree
 * (after our own `add`s too), --prefix, intent-to-add entries, and the
 * refusals of an index with conflicts or with objects the store lacks;
 * commits of a tree with parents and messages from -m, -F and stdin (the
 * gokit binary), duplicate parents, and the errors for bad trees and
 * parents. Real git's fsck --strict checks every repository we wrote, and
 * its status reads the index write-tree leaves.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { runGokit } from "../support/cli.ts";
import { haveCommand } from "../support/require.ts";
import { plumbingHistory, same } from "./plumbing-fixture.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("git write-tree against real git", () => {
  let t: Twin;
  beforeEach(() => {
    t = new Twin();
    plumbingHistory(t);
  });
  afterEach(() => t[Symbol.dispose]());

  /** write-tree on both sides, then the same status and a clean fsck --strict on ours. */
  async function writeTree(args: string[] = [], sub = ""): Promise<void> {
    await same(t, ["write-tree", ...args], sub);
    expect(t.gitOnOurs(["status", "--porcelain"])).toEqual(t.realGit(["status", "--porcelain"]));
    expect(t.gitOnOurs(["fsck", "--strict"])).toEqual(t.realGit(["fsck", "--strict"]));
  }

  test("writes the index's tree, with what our add staged, and one directory's with --prefix", async () => {
    await writeTree();
    t.sh("echo more >> a && mkdir -p n/m && echo n > n/m/f && echo top > d/top");
    await t.both(["add", "a", "n", "d/top"]);
    await writeTree();
    await writeTree(["extra", "args"], "d");
    for (const prefix of ["--prefix=d/", "--prefix=d", "--prefix=n/m", "--prefix=x", "--prefix=a", "--prefix=d/e/"]) await writeTree([prefix]);
    await t.both(["rm", "-q", "--cached", "d/b"]);
    await writeTree(["--ignore-cache-tree"]);
    await same(t, ["write-tree", "--frobnicate"]);
  });

  test("leaves intent-to-add entries out", async () => {
    t.sh("echo new > new && git add -N new");
    await writeTree();
  });

  test("refuses an index with conflict stages, listing them", async () => {
    t.sh("git checkout -q -b other HEAD~1 && echo other > a && git commit -qam other && git checkout -q master && echo mine > d/b && git commit -qam mine && (git merge -q other >/dev/null 2>&1 || true)");
    await writeTree();
  });

  test("refuses entries whose objects are missing unless --missing-ok", async () => {
    t.sh(`git update-index --add --cacheinfo 100644,${"1234567890".repeat(4)},zz`);
    await same(t, ["write-tree"]);
    await same(t, ["write-tree", "--missing-ok"]);
  });
});

describe.if(haveCommand("git"))("git commit-tree against real git", () => {
  let t: Twin;
  beforeEach(() => {
    t = new Twin();
    plumbingHistory(t);
    t.sh("printf 'from a file\\n\\nwith a body' > msg && mkdir -p sub && printf 'sub file' > sub/m");
  });
  afterEach(() => t[Symbol.dispose]());

  test("commits a tree with parents and messages from -m and -F, in order", async () => {
    for (const args of [
      ["HEAD^{tree}", "-m", "one"], ["-m", "one", "-m", "two", "HEAD^{tree}"], ["-m", "one", "-m", "two\n", "side^{tree}"], ["-p", "HEAD", "-p", "side", "HEAD~1^{tree}", "-m", "merge"], ["-p", "HEAD", "-p", "HEAD", "HEAD^{tree}", "-m", "dup"],
      ["-m", "a", "-F", "msg", "-m", "b", "HEAD^{tree}"], ["-F", "msg", "HEAD^{tree}"], ["-pHEAD", "-mclustered", "HEAD^{tree}"], ["HEAD:d", "-p", "v1^{commit}", "-m", "sub tree"],
    ]) {
      await same(t, ["commit-tree", ...args]);
      expect(t.gitOnOurs(["fsck", "--strict"])).toEqual(t.realGit(["fsck", "--strict"]));
    }
    await same(t, ["commit-tree", "-F", "sub/m", "HEAD^{tree}"], "sub");
  });

  test("errors: no tree, two trees, a commit for a tree, bad parents, a missing file, signing", async () => {
    for (const args of [[], ["-m", "x"], ["HEAD^{tree}", "HEAD^{tree}", "-m", "x"], ["HEAD", "-m", "x"], ["nosuch", "-m", "x"], ["-p", "v1", "HEAD^{tree}", "-m", "x"], ["-p", "nosuch", "HEAD^{tree}", "-m", "x"], ["-p", "HEAD^{tree}", "HEAD^{tree}", "-m", "x"], ["-F", "nofile", "HEAD^{tree}"], ["-p"], ["-p", "1234567890".repeat(4), "HEAD^{tree}", "-m", "x"], ["1234567890".repeat(4), "-m", "x"], ["--frobnicate"], ["-S", "HEAD^{tree}", "-m", "x"]]) {
      const r = await t.both(["commit-tree", ...args]);
      if (args[0] === "-S") expect(r.ours).toEqual({ code: 128, stdout: "", stderr: "fatal: gokit git commit-tree does not support --gpg-sign\n" });
      else expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });

  test("reads the message from stdin when none is given (the gokit binary)", async () => {
    for (const [args, input] of [[["HEAD^{tree}"], "from stdin\n"], [["-p", "HEAD", "HEAD^{tree}"], "no newline"], [["-F", "-", "HEAD^{tree}"], "dash\n"]] as [string[], string][]) {
      const real = Bun.spawnSync(["git", "commit-tree", ...args], { cwd: t.real, env: t.env, stdin: Buffer.from(input), stdout: "pipe", stderr: "pipe" });
      const ours = await runGokit(["git", "commit-tree", ...args], { cwd: t.ours, env: t.env, stdin: input });
      expect({ args, ...ours }).toEqual({ args, code: real.exitCode, stdout: real.stdout.toString(), stderr: real.stderr.toString() });
    }
    expect(t.gitOnOurs(["fsck", "--strict"])).toEqual(t.realGit(["fsck", "--strict"]));
  });
});
