/**
 * Revision forms against real git: the reflog's <ref>@{n}, @{n} and @{-n},
 * the index's :<path> and :<n>:<path>, and the message searches :/<regex>
 * and <rev>^{/<regex>}, with git's errors where they name nothing.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("revision forms against real git", () => {
  test("reflog, index and message forms resolve as git resolves them", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    for (const n of [1, 2, 3]) {
      t.sh(`echo ${n} > f && mkdir -p d && echo ${n} > d/g`);
      await t.both(["add", "."]);
      await t.both(["commit", "-qm", `change number ${n}\n\nbody of ${n}`]);
    }
    await t.both(["checkout", "-q", "-b", "side"]);
    t.sh("echo side > f");
    await t.both(["commit", "-qam", "side work"]);
    await t.both(["checkout", "-q", "master"]);
    await t.both(["merge", "-q", "side"]);
    await t.both(["checkout", "-q", "HEAD~1"]);
    await t.both(["checkout", "-q", "master"]);
    t.sh("echo staged > f");
    await t.both(["add", "f"]);
    const specs = [
      "master@{0}", "master@{1}", "master@{2}", "master@{4}", "master@{9}", "side@{0}", "side@{1}", "side@{2}",
      "@{0}", "@{1}", "HEAD@{2}", "HEAD@{3}", "HEAD@{40}", "@{-1}", "@{-2}", "@{-3}", "@{-9}", "master@{1}~1", "master@{1}^{tree}", "HEAD@{2}:d/g",
      ":f", ":0:f", ":d/g", ":2:f", ":nosuch", ":/change number 2", ":/^body of 1", ":/nomatch", ":/side", "HEAD^{/number 1}", "side^{/^change}", "HEAD~1^{/nomatch}",
    ];
    for (const spec of specs) {
      for (const args of [["rev-parse", spec], ["rev-parse", "--verify", "-q", spec], ["rev-parse", "--short", spec]]) {
        const r = await t.both(args);
        expect({ args, code: r.ours.code, stdout: r.ours.stdout, stderr: r.ours.stderr.split("\n")[0] }).toEqual({ args, code: r.real.code, stdout: r.real.stdout, stderr: r.real.stderr.split("\n")[0] });
      }
    }
    for (const args of [["cat-file", "-p", ":f"], ["show", ":f"], ["show", "HEAD@{1}:f"], ["log", "--oneline", "master@{2}"], ["diff", "master@{1}", "master", "--stat"]]) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
    // A path form that names nothing: git says why (not in the index, at another stage, only on disk, not in that tree).
    t.sh("echo untracked > u");
    for (const spec of [":2:f", ":nosuch", ":u", "HEAD:nosuch", "HEAD:u", "master@{1}:nosuch", "nosuch:f", ":/nomatch"]) {
      for (const args of [["rev-parse", spec], ["show", spec], ["cat-file", "-p", spec]]) {
        const r = await t.both(args);
        expect({ args, code: r.ours.code, stdout: r.ours.stdout, stderr: r.ours.stderr.split("\n")[0] }).toEqual({ args, code: r.real.code, stdout: r.real.stdout, stderr: r.real.stderr.split("\n")[0] });
      }
    }
  });
});
