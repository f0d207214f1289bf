/**
 * git mv against real git: a file to a new name, into a directory, a
 * directory to a new place, several sources into a directory, from a
 * subdirectory, -f over a tracked file, -n and -v, -k skipping what cannot
 * move, and each refusal (bad source, untracked, destination exists, a
 * directory into itself, several sources to a non-directory, a missing
 * parent, outside the repository); then status, the index, a commit and
 * fsck agree with git's.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";
import { normalize } from "./replay.ts";

const CASES: { args: string[]; sub?: string }[] = [
  { args: ["a", "x"] },
  { args: ["a", "d"] },
  { args: ["d", "e"] },
  { args: ["a", "b", "d"] },
  { args: ["-f", "a", "b"] },
  { args: ["-n", "a", "z"] },
  { args: ["-v", "b", "z2"] },
  { args: ["-k", "nosuch", "untracked", "a", "d"] },
  { args: ["c", ".."], sub: "d" },
  { args: ["l", "link2"] },
  { args: ["a", "b"] },
  { args: ["nosuch", "y"] },
  { args: ["untracked", "y"] },
  { args: ["d", "d/sub"] },
  { args: ["a", "b", "nosuchdir"] },
  { args: ["a", "nodir/z"] },
  { args: ["a", "../x"] },
  { args: ["a"] },
];

describe.if(haveCommand("git"))("git mv against real git", () => {
  for (const c of CASES) {
    test(`mv ${c.args.join(" ")}${c.sub ? ` (in ${c.sub}/)` : ""}`, async () => {
      using t = new Twin();
      await t.both(["init", "-q"]);
      t.sh("mkdir d && echo a > a && echo b > b && echo c > d/c && ln -s a l && echo u > untracked");
      await t.both(["add", "a", "b", "d", "l"]);
      await t.both(["commit", "-qm", "one"]);
      const r = await t.both(["mv", ...c.args], c.sub);
      expect({ args: c.args, ...normalize(r.ours, t.ours) }).toEqual({ args: c.args, ...normalize(r.real, t.real) });
      for (const args of [["status", "--porcelain"], ["ls-files", "-s"]]) expect({ args, out: t.gitOnOurs(args).stdout }).toEqual({ args, out: t.realGit(args).stdout });
      await t.both(["commit", "-qm", "moved", "--allow-empty"]);
      expect(t.gitOnOurs(["rev-parse", "HEAD^{tree}"]).stdout).toBe(t.realGit(["rev-parse", "HEAD^{tree}"]).stdout);
      expect(t.gitOnOurs(["fsck", "--strict"]).code).toBe(0);
    });
  }
});
