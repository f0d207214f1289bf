/**
 * Directory/file conflicts in merges: where one side has a file and the other
 * a directory at the same path, gokit git's merge prints what git's ort
 * prints, leaves the same stages, work tree and `git status`, aborts back to
 * the same state, and concludes to the same tree.
 */
import { describe, expect, test } from "bun:test";
import { prng } from "../support/prng.ts";
import { haveCommand } from "../support/require.ts";
import { check, history, mergeCases, same, sameState, seq, setup, type MergeCase } from "./merge-harness.ts";
import { realGit, Twin } from "./support.ts";

/** Base, then one side's change (a) and the other's (b); each case runs as ours=a/theirs=b and ours=b/theirs=a. */
const cases: MergeCase[] = [
  { name: "file added on one side, directory added on the other", base: "", a: "echo file > x", b: "mkdir x; echo a > x/a" },
  { name: "file kept as in base, replaced by a directory on the other side", base: "echo file > x", a: "", b: "rm x; mkdir x; echo a > x/a" },
  { name: "file modified, replaced by a directory on the other side", base: seq("x"), a: "echo more >> x", b: "rm x; mkdir x; echo a > x/a" },
  { name: "unchanged file replaced by a directory while a modify/delete blocks the trivial directory merge", base: `echo file > x; ${seq("y")}`, a: "echo more >> y", b: "rm x y; mkdir x; echo a > x/a" },
  { name: "unchanged file replaced by a directory while both sides delete a file", base: `echo file > x; ${seq("y")}`, a: "rm y", b: "rm x y; mkdir x; echo a > x/a" },
  {
    name: "unchanged file replaced by a large directory: ort restarts after renames and takes the directory whole",
    base: `echo file > x; ${seq("y")}`,
    a: "echo more >> y",
    b: "rm x y; mkdir x; for i in 1 2 3 4 5 6 7 8 9 10; do echo $i > x/a$i; done",
  },
  {
    name: "unchanged file replaced by a directory of six files (the restart threshold)",
    base: `echo file > x; ${seq("y")}`,
    a: "echo more >> y",
    b: "rm x y; mkdir x; for i in 1 2 3 4 5 6; do echo $i > x/a$i; done",
  },
  { name: "directory emptied on one side, file added at its path on the other", base: "mkdir x; echo a > x/a", a: "rm -r x; echo file > x", b: "" },
  { name: "directory emptied by both sides, a file added at its path on one", base: "mkdir x; echo a > x/a", a: "rm -r x; echo file > x", b: "rm -r x" },
  { name: "file added in a directory whose path the other side turned into a file", base: "mkdir x; echo a > x/a", a: "rm -r x; echo file > x", b: "echo b > x/b" },
  { name: "directory file modified while the other side replaced the directory with a file", base: `mkdir x; ${seq("x/a")}`, a: "rm -r x; echo file > x", b: "echo more >> x/a" },
  { name: "both sides add the same file where the base had a directory", base: "mkdir x; echo a > x/a", a: "rm -r x; echo file > x", b: "rm -r x; echo file > x" },
  { name: "nested: a file becomes a directory two levels deep", base: "mkdir -p d; echo f > d/x", a: "echo g > d/x", b: "rm d/x; mkdir -p d/x/y; echo z > d/x/y/z" },
  { name: "an existing x~HEAD or x~feature makes the moved name take a suffix", base: "echo t > x~HEAD; echo t > x~feature", a: "echo file > x", b: "mkdir x; echo a > x/a" },
  { name: "a symlink added where the other side adds a directory", base: "", a: "ln -s target x", b: "mkdir x; echo a > x/a" },
  { name: "an executable file modified where the other side made a directory", base: `${seq("x")}; chmod +x x`, a: "echo more >> x", b: "rm x; mkdir x; echo a > x/a" },
  { name: "a file and a symlink at one path (distinct types)", base: "", a: "ln -s t x", b: "echo g > x" },
  { name: "a file the other side replaced with a symlink while this side changed it", base: "echo f > x", a: "rm x; ln -s t x", b: "echo g > x" },
  { name: "two symlinks where the base had a file (no distinct types)", base: "echo f > x", a: "rm x; ln -s t x", b: "rm x; ln -s u x" },
  { name: "a file moved into a directory at its own path while the other side made it a symlink", base: "echo 0 > p", a: "rm p; mkdir p; echo 0 > p/z", b: "rm p; ln -s t1 p" },
  { name: "a file renamed under a path the other side added as a file", base: seq("a", 30), a: "mkdir x; git mv a x/a", b: "echo file > x" },
  { name: "a changed file renamed under a path the other side added as a file", base: seq("a", 30), a: "mkdir x; git mv a x/a", b: "echo file > x; echo more >> a" },
  { name: "file and directory conflict beside ordinary changes", base: `${seq("m")}; ${seq("n")}`, a: "echo file > x; echo ours >> m; rm n", b: "mkdir x; echo a > x/a; sed -i 1d m; echo theirs >> n" },
  { name: "a file renamed into the directory that replaces it", base: seq("x", 30), a: "", b: "mv x x.tmp; mkdir x; mv x.tmp x/x" },
  { name: "a modified file renamed into the directory that replaces it", base: seq("x", 30), a: "echo more >> x", b: "mv x x.tmp; mkdir x; mv x.tmp x/x" },
  { name: "a file renamed and changed while the other side made its old path a directory", base: seq("x", 30), a: "git mv x y; echo more >> y", b: "rm x; mkdir x; echo a > x/a" },
  { name: "a file moved into a directory at its own path under different names on each side", base: "echo 0 > p", a: "rm p; mkdir p; echo 0 > p/z", b: "rm p; mkdir p; echo 0 > p/a" },
  { name: "a file moved into a directory at its own path under different names, one colliding with another file", base: "echo 0 > p", a: "rm p; mkdir p; echo 0 > p/z", b: "rm p; mkdir p; echo 0 > p/a; echo 2 > p/z" },
  { name: "a file renamed onto a path the other side made a directory", base: `${seq("r", 30)}; echo k > k`, a: "git mv r x", b: "mkdir x; echo a > x/a" },
];

describe.if(haveCommand("git"))("merge with directory/file conflicts against real git", () => {
  mergeCases(cases);

  test("a criss-cross merge whose merge bases have a directory/file conflict (the virtual base holds x~Temporary merge branch 2)", async () => {
    using t = new Twin();
    setup(t, ["init", "-q"]);
    t.sh("echo keep > keep; seq 1 20 > x; seq 1 20 > y");
    setup(t, ["add", "-A"]);
    setup(t, ["commit", "-qm", "base"]);
    setup(t, ["checkout", "-qb", "B"]);
    t.sh("rm x; mkdir x; echo a > x/a");
    setup(t, ["add", "-A"]);
    setup(t, ["commit", "-qm", "B"]);
    setup(t, ["checkout", "-q", "master"]);
    t.sh("echo more >> x");
    setup(t, ["commit", "-qam", "A"]);
    setup(t, ["branch", "A"]);
    // Both sides merge each other (real git), keeping whatever the conflicts left.
    for (const dir of [t.real, t.ours]) realGit(dir, t.env, ["merge", "B"]);
    setup(t, ["add", "-A"]);
    setup(t, ["commit", "-qm", "A2"]);
    setup(t, ["checkout", "-q", "B"]);
    for (const dir of [t.real, t.ours]) realGit(dir, t.env, ["merge", "A"]);
    setup(t, ["add", "-A"]);
    setup(t, ["commit", "-qm", "B2"]);
    t.sh("echo b2 >> y");
    setup(t, ["commit", "-qam", "B3"]);
    setup(t, ["checkout", "-q", "master"]);
    t.sh("sed -i 1d y");
    setup(t, ["commit", "-qam", "A3"]);
    const said = await same(t, ["merge", "--no-stat", "B"], "criss-cross");
    expect(said).toContain("x~Temporary merge branch 2");
    sameState(t, "criss-cross");
  });

  test("seeded random histories mixing files and directories at the same paths", async () => {
    const rand = prng(20261129);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const names = ["p", "q", "p/a", "q/c", "p/a/b"];
    // Each change makes a path a file, a directory or a symlink, deletes it or edits it.
    const change = (): string => {
      const out: string[] = [];
      for (let k = 0; k < 2; k++) {
        const n = pick(names);
        const v = Math.floor(rand() * 3);
        const op = rand();
        if (op < 0.35) out.push(`rm -rf ${n}; mkdir -p $(dirname ${n}) 2>/dev/null && echo ${v} > ${n} || true`);
        else if (op < 0.7) out.push(`rm -rf ${n}; mkdir -p ${n} 2>/dev/null && echo ${v} > ${n}/z || true`);
        else if (op < 0.78) out.push(`rm -rf ${n}`);
        else if (op < 0.85) out.push(`rm -rf ${n}; mkdir -p $(dirname ${n}) 2>/dev/null && ln -s t${v} ${n} || true`);
        else out.push(`[ -f ${n} ] && echo more >> ${n} || true`);
      }
      return out.join("; ");
    };
    let dirFile = 0;
    for (let round = 0; round < 16; round++) {
      using t = new Twin();
      const base = pick(["echo 0 > p; echo 1 > q", "mkdir p; echo 0 > p/a; echo 1 > q", "mkdir p q; echo 0 > p/a; echo 1 > q/c"]);
      const [ours, theirs] = [change(), change()];
      history(t, base, ours, theirs);
      const said = await check(t, `round ${round}`);
      if (said.includes("CONFLICT (file/directory)")) dirFile++;
    }
    // The generator must reach the case under test.
    expect(dirFile).toBeGreaterThan(0);
  }, 60_000);
});
