/**
 * A three-way merge never overwrites an untracked file: one where the merge
 * writes a file stops it (exit 2, nothing changed), together with local
 * changes in the way; an ignored file is overwritten, as git does.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("merge and untracked files against real git", () => {
  test("untracked files in the way stop a merge; ignored ones are overwritten", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("echo base > f && echo base > g && echo 'ignored.txt' > .gitignore");
    await t.both(["add", "."]);
    await t.both(["commit", "-qm", "base"]);
    await t.both(["checkout", "-qb", "side"]);
    t.sh("echo new > new.txt && echo side > g && echo from-side > ignored.txt");
    await t.both(["add", "new.txt", "g"]);
    await t.both(["add", "-f", "ignored.txt"]);
    await t.both(["commit", "-qm", "side"]);
    await t.both(["checkout", "-q", "master"]);
    t.sh("echo master > f");
    await t.both(["commit", "-qam", "master"]);
    // An untracked file where the merge adds one, plus a local edit to a path it changes.
    t.sh("echo untracked > new.txt && echo local > g && echo mine > ignored.txt");
    const r = await t.both(["merge", "side", "-m", "merge"]);
    expect(r.ours).toEqual(r.real);
    expect(r.ours.code).toBe(2);
    expect(readFileSync(`${t.ours}/new.txt`, "utf8")).toBe("untracked\n");
    // Without the local edit: still the untracked file.
    t.sh("git checkout -q g");
    const r2 = await t.both(["merge", "side", "-m", "merge"]);
    expect(r2.ours).toEqual(r2.real);
    // Without it too, the merge goes ahead and the ignored file is overwritten.
    t.sh("rm new.txt");
    const r3 = await t.both(["merge", "side", "-m", "merge"]);
    expect(r3.ours).toEqual(r3.real);
    expect(r3.ours.code).toBe(0);
    expect(readFileSync(`${t.ours}/ignored.txt`, "utf8")).toBe(readFileSync(`${t.real}/ignored.txt`, "utf8"));
    expect(t.gitOnOurs(["rev-parse", "HEAD^{tree}"]).stdout).toBe(t.realGit(["rev-parse", "HEAD^{tree}"]).stdout);
  });
});
