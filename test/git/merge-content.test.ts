/**
 * ort's handle_content_merge where a merge meets two versions of one file:
 * "Auto-merging" only when both sides changed its text (a mode change on one
 * side and a text change on the other merge silently), and rename/rename to
 * two names merging the three versions under the base's name, the result at
 * both new names (markers one longer, no content conflict of its own; a
 * binary file keeps each side's own). Each case merged, aborted, merged
 * again and concluded against real git.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { mergeCases, same, sameState, setup, type MergeCase } from "./merge-harness.ts";
import { realGit, Twin } from "./support.ts";

const cases: MergeCase[] = [
  { name: "a mode change on one side, a text change on the other", base: "seq 1 10 > f", a: "chmod +x f", b: "echo more >> f" },
  { name: "the same text change on both sides and a mode change on one", base: "seq 1 10 > f", a: "chmod +x f; echo more >> f", b: "echo more >> f" },
  { name: "a file renamed to two names, its text changed apart on each side", base: "seq 1 30 > a", a: "git mv a b; sed -i s/^3$/three/ b", b: "git mv a c; sed -i s/^20$/twenty/ c" },
  { name: "a file renamed to two names, its text changed on one side", base: "seq 1 30 > a", a: "git mv a b", b: "git mv a c; sed -i s/^20$/twenty/ c" },
  { name: "a file renamed to two names, its text conflicting", base: "seq 1 30 > a", a: "git mv a b; sed -i s/^3$/three/ b", b: "git mv a c; sed -i s/^3$/THREE/ c" },
  { name: "the same with diff3 markers", base: "seq 1 30 > a", a: "git mv a b; sed -i s/^3$/three/ b", b: "git mv a c; sed -i s/^3$/THREE/ c", setup: [["config", "merge.conflictStyle", "diff3"]] },
  { name: "a file renamed to two names, changed apart, the other side having a file at one of them (an add/add there)", base: "seq 1 30 > a", a: "git mv a b; sed -i s/^3$/three/ b", b: "git mv a c; sed -i s/^20$/twenty/ c; echo theirs-b > b" },
  { name: "the same with files in the way at both names", base: "seq 1 30 > a", a: "git mv a b; sed -i s/^3$/three/ b; echo ours-c > c", b: "git mv a c; sed -i s/^20$/twenty/ c; echo theirs-b > b" },
  { name: "a binary file renamed to two names, changed on both sides", base: "printf '\\000\\001bin' > a", a: "git mv a b; printf '\\000\\002' >> b", b: "git mv a c; printf '\\000\\003' >> c" },
];

describe.if(haveCommand("git"))("content merges against real git", () => {
  mergeCases(cases);

  // Criss-cross histories: the merge bases' own merge (ort's call_depth 1) writes markers two longer into the virtual base.
  for (const [name, a1, b1] of [
    ["conflicting text", "sed -i s/^2$/two-a/ f", "sed -i s/^2$/two-b/ f"],
    ["a rename/rename with conflicting text", "git mv f g; sed -i s/^2$/two-a/ g", "git mv f h; sed -i s/^2$/two-b/ h"],
  ] as const) {
    test(`a criss-cross merge whose merge bases hold ${name}`, async () => {
      using t = new Twin();
      setup(t, ["init", "-q"]);
      t.sh("seq 1 20 > f");
      setup(t, ["add", "-A"]);
      setup(t, ["commit", "-qm", "base"]);
      setup(t, ["checkout", "-qb", "B"]);
      t.sh(b1);
      setup(t, ["add", "-A"]);
      setup(t, ["commit", "-qm", "B1"]);
      setup(t, ["checkout", "-q", "master"]);
      t.sh(a1);
      setup(t, ["add", "-A"]);
      setup(t, ["commit", "-qm", "A1"]);
      setup(t, ["branch", "A1"]);
      // Each side merges the other's first commit (real git), committing whatever the conflicts left.
      for (const [branch, other] of [["B", "A1"], ["master", "B~0"]] as const) {
        setup(t, ["checkout", "-q", branch]);
        for (const dir of [t.real, t.ours]) realGit(dir, t.env, ["merge", "-q", other === "B~0" ? "B~1" : other]);
        setup(t, ["add", "-A"]);
        setup(t, ["commit", "-qm", `merge into ${branch}`]);
      }
      setup(t, ["checkout", "-q", "B"]);
      t.sh("echo b2 > i");
      setup(t, ["add", "-A"]);
      setup(t, ["commit", "-qm", "B2"]);
      setup(t, ["checkout", "-q", "master"]);
      t.sh("echo a2 > h2");
      setup(t, ["add", "-A"]);
      setup(t, ["commit", "-qm", "A2"]);
      await same(t, ["merge", "--no-stat", "B"], name);
      sameState(t, name);
      expect(t.realGit(["ls-files", "-u"]).stdout).not.toBe("");
    });
  }
});
