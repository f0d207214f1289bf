/**
 * git merge's --squash, --no-commit, -s <strategy> and -X ours|theirs
 * against real git: on a clean merge, a conflicting one and a fast-forward,
 * what the merge prints and exits with, the index, work tree and the state
 * files it leaves (MERGE_HEAD, MERGE_MSG, MERGE_MODE, SQUASH_MSG, AUTO_MERGE),
 * then what `git commit` makes of them.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { same, sameState, setup } from "./merge-harness.ts";
import { Twin } from "./support.ts";

const STATE_FILES = ["MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "SQUASH_MSG", "AUTO_MERGE"];

/** The merge state files of a repository, with their contents. */
function stateFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of STATE_FILES) if (existsSync(`${dir}/.git/${f}`)) out[f] = readFileSync(`${dir}/.git/${f}`, "utf8");
  return out;
}

const histories = {
  clean: { ours: "sed -i s/^2$/two-a/ f", theirs: "sed -i s/^9$/nine/ f; echo h > h" },
  conflicting: { ours: "sed -i s/^2$/two-a/ f", theirs: "sed -i s/^2$/two-b/ f; echo h > h" },
  "fast-forward": { ours: "", theirs: "echo h > h" },
} as const;

const OPTIONS = [["--squash"], ["--no-commit"], ["--no-commit", "--no-ff"], ["-s", "ours"], ["-s", "recursive"], ["-X", "ours"], ["-X", "theirs"], ["--squash", "-q"], ["-X", "theirs", "--no-commit"]];

describe.if(haveCommand("git"))("merge options against real git", () => {
  for (const [kind, h] of Object.entries(histories)) {
    for (const opts of OPTIONS) {
      test(`${opts.join(" ")} on a ${kind} merge, then commit`, async () => {
        using t = new Twin();
        setup(t, ["init", "-q"]);
        t.sh("seq 1 10 > f; echo g > g");
        setup(t, ["add", "-A"]);
        setup(t, ["commit", "-qm", "base"]);
        setup(t, ["checkout", "-qb", "theirs"]);
        t.sh(h.theirs);
        setup(t, ["add", "-A"]);
        setup(t, ["commit", "-qm", "theirs one"]);
        t.sh("echo t2 > t2");
        setup(t, ["add", "-A"]);
        setup(t, ["commit", "-qm", "theirs two"]);
        setup(t, ["checkout", "-q", "master"]);
        if (h.ours) {
          t.sh(h.ours);
          setup(t, ["commit", "-qam", "ours"]);
        }
        const label = `${opts.join(" ")} (${kind})`;
        await same(t, ["merge", ...opts, "theirs"], label);
        sameState(t, label);
        expect({ label, state: stateFiles(t.ours) }).toEqual({ label, state: stateFiles(t.real) });
        setup(t, ["add", "-A"]);
        const c = await t.both(["commit", "-q", "--allow-empty", "-m", "done"]);
        expect({ label, code: c.ours.code }).toEqual({ label, code: c.real.code });
        for (const args of [["log", "--format=%s %P %T"], ["status", "--porcelain"]]) {
          expect({ label, args, out: t.gitOnOurs(args).stdout }).toEqual({ label, args, out: t.realGit(args).stdout });
        }
        expect({ label, state: stateFiles(t.ours) }).toEqual({ label, state: stateFiles(t.real) });
      });
    }
  }

  test("refusals: an unknown strategy or strategy option, --squash with --no-ff or --commit", async () => {
    using t = new Twin();
    setup(t, ["init", "-q"]);
    t.sh("echo a > a");
    setup(t, ["add", "-A"]);
    setup(t, ["commit", "-qm", "base"]);
    setup(t, ["branch", "other"]);
    for (const opts of [["-s", "bogus"], ["-X", "bogus"], ["--squash", "--no-ff"], ["--squash", "--commit"]]) await same(t, ["merge", ...opts, "other"], opts.join(" "));
  });
});
