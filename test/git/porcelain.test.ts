/**
 * Differential tests: each step runs in twin repositories, one driven by
 * real git and one by gokit git; outputs, exit codes and object ids must be
 * byte-identical, and real `git fsck --strict` must find nothing wrong in
 * ours after every step.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { Twin, type Out } from "./support.ts";

/** A shell snippet (run in both trees), git arguments, or git arguments run from a subdirectory. */
type Step = string | string[] | { cwd: string; args: string[] };

function normalize(o: Out, dir: string): Out {
  return { code: o.code, stdout: o.stdout.replaceAll(dir, "<dir>"), stderr: o.stderr.replaceAll(dir, "<dir>") };
}

async function replay(steps: Step[], env: Record<string, string> = {}): Promise<void> {
  using t = new Twin();
  Object.assign(t.env, env);
  for (const step of steps) {
    if (typeof step === "string") {
      t.sh(step);
      continue;
    }
    const args = Array.isArray(step) ? step : step.args;
    const r = Array.isArray(step) ? await t.both(step) : await t.both(step.args, step.cwd);
    expect({ step: args.join(" "), ...normalize(r.ours, t.ours) }).toEqual({ step: args.join(" "), ...normalize(r.real, t.real) });
    // Real git checks what we wrote: nothing but notices (an unborn HEAD) from fsck --strict.
    if (!existsSync(`${t.ours}/.git`)) continue;
    const fsck = t.gitOnOurs(["fsck", "--strict", "--no-dangling"]);
    const problems = (fsck.stdout + fsck.stderr).split("\n").filter((l) => l !== "" && !l.startsWith("notice: "));
    expect({ step: args.join(" "), problems, code: fsck.code }).toEqual({ step: args.join(" "), problems: [], code: 0 });
  }
  // Same refs, same objects reachable: the histories are identical.
  const refs = await t.both(["show-ref"]);
  expect(refs.ours.stdout).toBe(refs.real.stdout);
}

describe.if(haveCommand("git"))("gokit git against real git", () => {
  test("init, add, commit, status in every state, diff and log give git's bytes and ids", async () => {
    await replay([
      ["init"],
      "echo 'Hello, World!' > hello.txt; mkdir -p src/a; echo one > src/a/x.txt; echo two > src/b.txt; echo ign > junk.log; echo '*.log' > .gitignore; mkdir untr; echo u > untr/f; mkdir empty",
      ["status"],
      ["status", "--porcelain"],
      ["add", "hello.txt", "src"],
      ["status"],
      ["status", "-s"],
      ["commit", "-m", "Initial commit"],
      ["status"],
      ["commit", "-m", "nothing staged"],
      "echo more >> hello.txt; rm src/b.txt; echo n > new.txt; chmod +x src/a/x.txt",
      ["status"],
      ["status", "--porcelain"],
      ["diff"],
      ["add", "new.txt"],
      "echo again >> new.txt",
      ["status", "--porcelain"],
      ["status"],
      ["add", "-A"],
      ["status"],
      ["diff", "--cached"],
      ["commit", "-m", "second", "-m", "with a body"],
      ["log"],
      ["log", "--oneline", "-n", "1"],
      ["log", "--format=%H %h %T %P %s %an %ae %ad %cn %ce %cd"],
      ["rm", "--cached", "new.txt"],
      ["status", "--porcelain"],
      ["rm", "hello.txt"],
      ["status"],
      ["commit", "-m", "remove"],
      ["commit", "--amend", "-m", "remove, amended"],
      ["log", "--oneline"],
      ["ls-files", "-s"],
      ["cat-file", "-p", "HEAD"],
      ["cat-file", "-p", "HEAD^{tree}"],
      ["cat-file", "-t", "HEAD~1"],
      ["cat-file", "-s", "HEAD~1:src/a/x.txt"],
      ["hash-object", "-w", "new.txt"],
    ]);
  }, 60_000);

  test("branches, checkout, merges (fast-forward, three-way, --graph), tags and reset match git", async () => {
    await replay([
      ["init", "-q"],
      "printf 'a\\nb\\nc\\nd\\ne\\n' > f.txt; echo x > g.txt",
      ["add", "."],
      ["commit", "-m", "base"],
      ["branch", "feature"],
      ["branch"],
      ["checkout", "feature"],
      "printf 'a\\nB\\nc\\nd\\ne\\n' > f.txt; echo new > h.txt",
      ["add", "."],
      ["commit", "-m", "feature work"],
      ["checkout", "master"],
      ["merge", "feature"],
      ["checkout", "-b", "other", "HEAD~1"],
      "printf 'a\\nb\\nc\\nd\\nE\\n' > f.txt",
      ["commit", "-am", "other work"],
      ["checkout", "master"],
      ["merge", "other"],
      ["log", "--graph", "--oneline"],
      ["log", "--graph"],
      ["show", "HEAD~1"],
      ["rev-parse", "HEAD~2", "HEAD^2", "HEAD^1"],
      ["tag", "v1"],
      ["tag", "-a", "v2", "-m", "annotated"],
      ["tag"],
      ["show-ref"],
      ["cat-file", "-p", "v2"],
      ["checkout", "HEAD~1"],
      ["status"],
      ["branch"],
      ["switch", "master"],
      ["reset", "--hard", "HEAD~1"],
      ["status"],
      ["branch", "-d", "other"],
      ["branch", "-D", "other"],
      ["reset", "--soft", "HEAD~1"],
      ["status", "--porcelain"],
      ["reset"],
      ["status", "--porcelain"],
    ]);
  }, 60_000);

  test("a conflicting merge leaves git's markers and stages, and commit concludes it", async () => {
    await replay([
      ["init", "-q"],
      "printf 'one\\ntwo\\nthree\\n' > f.txt",
      ["add", "f.txt"],
      ["commit", "-m", "base"],
      ["checkout", "-b", "feature"],
      "printf 'one\\nTWO feature\\nthree\\n' > f.txt",
      ["commit", "-am", "feature"],
      ["checkout", "master"],
      "printf 'one\\nTWO master\\nthree\\n' > f.txt",
      ["commit", "-am", "master"],
      ["merge", "feature"],
      "cat f.txt",
      ["status"],
      ["status", "--porcelain"],
      ["ls-files", "-s"],
      ["commit", "-m", "x"],
      ["merge", "--abort"],
      ["status", "--porcelain"],
      ["merge", "feature"],
      "echo resolved > f.txt",
      ["add", "f.txt"],
      ["status"],
      ["commit", "-m", "Merge feature"],
      ["log", "--oneline", "--graph"],
      ["merge", "--abort"],
    ]);
  }, 60_000);

  test("checkout refuses to overwrite local changes and errors use git's words", async () => {
    await replay([
      ["init", "-q"],
      ["log"],
      "echo a > f.txt",
      ["add", "f.txt"],
      ["commit", "-m", "one"],
      ["checkout", "-b", "b2"],
      "echo b > f.txt",
      ["commit", "-am", "two"],
      ["checkout", "master"],
      "echo local > f.txt",
      ["checkout", "b2"],
      ["checkout", "f.txt"],
      ["status", "--porcelain"],
      ["rev-parse", "nope"],
      ["cat-file", "-p", "nope"],
      ["branch", "b2"],
      ["branch", "-d", "zzz"],
      ["add", "missing.txt"],
      ["checkout", "nope"],
      ["merge", "b2"],
    ]);
  }, 60_000);

  test("ignore rules, quoted names, subdirectories, renames, symlinks and modes match git", async () => {
    await replay([
      ["init", "-q"],
      "mkdir -p a/b/c logs build docs/x q/deep; echo 1 > a/b/c/f.txt; echo 2 > a/g.txt; echo l > logs/x.log; echo b > build/out.o; printf '*.log\\nbuild/\\n!keep.log\\n/top.txt\\n**/deep/*.tmp\\nd?c[s]/x/*.md\\n' > .gitignore; echo k > keep.log; echo t > top.txt; echo t2 > a/top.txt; echo z > q/deep/z.tmp; echo m > docs/x/r.md; echo o > docs/x/r.txt; echo s > 'sp ace.txt'; echo u > 'ünï.txt'; echo ex > .git/info/exclude; echo e > ex",
      ["status"],
      ["status", "--porcelain"],
      ["status", "-s"],
      ["add", "."],
      ["status", "--porcelain"],
      ["commit", "-q", "-m", "c1"],
      "echo x >> a/g.txt; mkdir -p a/new/deeper; echo n > a/new/deeper/n.txt; echo nn > a/b/nn.txt",
      { cwd: "a", args: ["status"] },
      { cwd: "a", args: ["status", "-s"] },
      { cwd: "a/b", args: ["status", "--porcelain"] },
      "mv a/g.txt a/renamed.txt",
      ["add", "-A"],
      ["status"],
      ["status", "--porcelain"],
      ["commit", "-m", "renamed"],
      ["show"],
      "ln -s a/renamed.txt link; chmod +x top.txt",
      ["add", "link"],
      ["status", "--porcelain"],
      ["commit", "-m", "link"],
      ["show", "--stat"],
      ["add", "top.txt"],
      ["add", "logs/x.log"],
      ["add", "-f", "logs/x.log"],
      ["status", "--porcelain"],
      ["diff", "HEAD"],
      ["commit", "-m", "mode"],
      ["log", "--format=%an <%ae> %ad%n%cn %cd%n%T%n%P", "-2"],
      ["log", "-3", "--oneline"],
      ["log", "--format=%h %s", "-n2"],
    ]);
  }, 60_000);

  test("modify/delete and add/add conflicts, binary files, abort, amend, tags and plumbing flags match git", async () => {
    await replay([
      ["init", "-q"],
      "printf 'a\\nb\\nc\\n' > m.txt; printf 'keep\\n' > k.txt; printf 'del\\n' > d.txt; printf 'x\\0y' > bin.dat; : > empty",
      ["add", "."],
      ["commit", "-m", "base"],
      ["checkout", "-b", "side"],
      "printf 'side\\n' >> d.txt; rm k.txt; printf 'both\\n' > both.txt; printf 'x\\0z' > bin.dat",
      ["add", "-A"],
      ["commit", "-m", "side changes"],
      ["show"],
      ["checkout", "master"],
      "rm d.txt; printf 'k2\\n' >> k.txt; printf 'other\\n' > both.txt; printf 'a\\nB\\nc\\n' > m.txt",
      ["add", "-A"],
      ["commit", "-m", "master changes"],
      ["merge", "side"],
      ["status"],
      ["status", "--porcelain"],
      ["ls-files", "-s"],
      ["merge", "--abort"],
      ["status", "--porcelain"],
      "echo dirty >> m.txt",
      ["merge", "side"],
      ["checkout", "m.txt"],
      ["checkout", "side", "--", "both.txt"],
      ["status", "--porcelain"],
      ["reset", "--hard"],
      ["commit", "--amend", "-m", "amended master"],
      ["tag", "-a", "v1", "-m", "release one"],
      ["show", "v1"],
      ["cat-file", "-p", "v1"],
      ["log", "--oneline", "--all"],
      ["rev-parse", "--short", "HEAD"],
      ["rev-parse", "--abbrev-ref", "HEAD"],
      ["rev-parse", "--verify", "HEAD"],
      ["branch", "-v"],
      ["show-ref", "--tags"],
      ["show-ref", "-d"],
      ["checkout", "-b", "x"],
      ["checkout", "-b", "x"],
      ["switch", "master"],
      ["switch", "-c", "y"],
      ["switch", "nope"],
      ["switch", "master"],
      ["branch", "-d", "x"],
      ["branch", "-d", "side"],
      ["merge", "side", "-m", "custom msg"],
      ["log", "--graph", "--oneline", "--all"],
      ["reset", "HEAD~1"],
      ["status"],
      ["diff", "--name-only"],
      ["rm", "m.txt"],
      ["rm", "-r", "nonexist"],
      ["commit", "-m", ""],
    ]);
  }, 60_000);

  test("--graph draws git's lanes for nested merges, collapsing lanes and criss-crossing branches", async () => {
    let n = 0;
    const commit = (msg: string): Step[] => [`echo ${msg} > f${n++}.txt`, ["add", "."], ["commit", "-q", "-m", msg]];
    await replay([
      ["init", "-q"],
      ...commit("base"),
      ["branch", "a"],
      ["branch", "b"],
      ["branch", "c"],
      ...commit("m1"),
      ["checkout", "-q", "a"],
      ...commit("a1"),
      ...commit("a2"),
      ["checkout", "-q", "b"],
      ...commit("b1"),
      ["checkout", "-q", "c"],
      ...commit("c1"),
      ["checkout", "-q", "master"],
      ["merge", "-q", "a"],
      ["merge", "-q", "b"],
      ...commit("m2"),
      ["merge", "-q", "c"],
      ["log", "--graph", "--oneline"],
      ["log", "--graph", "--format=%s"],
      ["checkout", "-q", "a"],
      ...commit("a3"),
      ["merge", "-q", "master"],
      ["log", "--graph", "--oneline", "--all"],
      ["log", "--graph"],
    ]);
  }, 60_000);

  test("three-way merges resolve and mark conflicts in the same regions as git's ort (histogram, zealous; diff3 style too)", async () => {
    await replay([
      ["init", "-q"],
      "seq 1 30 > n.txt; printf 'x\\n' > other.txt",
      ["add", "."],
      ["commit", "-qm", "base"],
      ["checkout", "-qb", "f"],
      "sed -i 's/^5$/five-f/; s/^6$/six-f/; s/^20$/twenty-f/; s/^28$/}/' n.txt; echo f >> other.txt",
      ["commit", "-qam", "f"],
      ["checkout", "-q", "master"],
      "sed -i 's/^5$/five-m/; s/^21$/twentyone-m/; s/^27$/}/; s/^29$/z/' n.txt",
      ["commit", "-qam", "m"],
      ["merge", "f"],
      "cat n.txt >&2",
      ["ls-files", "-s"],
      ["diff"],
      ["merge", "--abort"],
      "git config merge.conflictStyle diff3",
      ["merge", "f"],
      ["status", "--porcelain"],
      ["diff"],
    ]);
  }, 60_000);

  test("reflogs record commits, checkouts, resets and merges like git's, and detached HEAD is described from them", async () => {
    await replay([
      ["init", "-q"],
      "echo a > a",
      ["add", "a"],
      ["commit", "-qm", "one"],
      "echo b > a",
      ["commit", "-qam", "two"],
      ["tag", "v1", "HEAD~1"],
      ["checkout", "v1"],
      ["status"],
      ["branch"],
      "echo c > c",
      ["add", "c"],
      ["commit", "-qm", "three"],
      ["status"],
      ["branch"],
      ["checkout", "-q", "master"],
      ["checkout", "HEAD~1"],
      ["status"],
      ["switch", "-q", "master"],
      ["checkout", "-b", "nb", "HEAD~1"],
      ["checkout", "-q", "master"],
      ["reset", "--hard", "HEAD~1"],
      ["merge", "nb"],
      "cut -f2 .git/logs/HEAD .git/logs/refs/heads/nb .git/logs/refs/heads/master",
    ]);
  }, 60_000);

  test("path checkouts and resets, untracked modes, checkout -, --ff-only/--no-ff, tags and formats match git", async () => {
    await replay([
      ["init", "-q"],
      "mkdir -p d/e; echo 1 > d/e/f; echo 2 > d/g; echo 3 > top",
      ["add", "."],
      ["commit", "-qm", "c1"],
      ["rm", "-r", "d"],
      ["status", "--porcelain"],
      ["reset", "-q", "--hard"],
      "echo x >> top; echo y >> d/g",
      ["checkout", "--", "."],
      ["status", "--porcelain"],
      "echo x >> top",
      ["add", "top"],
      ["reset", "--", "top"],
      ["status", "-s"],
      ["commit", "-a", "-m", "c2"],
      ["status", "-uno"],
      "mkdir u; echo u > u/a; echo u > u/b",
      ["status", "-uall"],
      ["status", "--untracked-files=all", "--porcelain"],
      ["cat-file", "-p", "HEAD:d"],
      ["cat-file", "blob", "HEAD:top"],
      ["show", "HEAD:top"],
      ["show", "HEAD:d"],
      ["tag", "v1"],
      ["tag", "v2"],
      ["tag", "-l", "v*"],
      ["tag", "-d", "v2"],
      ["branch", "-m", "renamed"],
      ["branch"],
      ["branch", "-m", "renamed", "master"],
      ["checkout", "-b", "f"],
      "echo f > ff",
      ["add", "ff"],
      ["commit", "-qm", "f1"],
      ["checkout", "-"],
      ["checkout", "-"],
      ["switch", "-"],
      ["merge", "--ff-only", "f"],
      ["reset", "-q", "--hard", "HEAD~1"],
      ["merge", "--no-ff", "f"],
      ["log", "--oneline", "--graph"],
      ["log", "-1", "--format=%H%n%T%n%P%n%s%n%b%n%an%n%ae%n%ad%n%cn%n%ce%n%cd"],
      ["log", "--format=%h %ai %ci", "-2"],
      ["log", "--date=iso", "-1"],
      ["log", "-2", "--pretty=format:%s"],
      ["rev-parse", "HEAD^{tree}", "HEAD^1", "HEAD~1"],
      ["show-ref", "v1"],
      ["show-ref", "--verify", "refs/heads/master"],
      ["show-ref", "--verify", "refs/heads/nope"],
    ]);
  }, 60_000);

  test("show and log -p/--stat of ordinary and merge commits (combined diff of a resolved conflict) match git", async () => {
    await replay([
      ["init", "-q"],
      "seq 1 12 > n.txt; echo a > a.txt",
      ["add", "."],
      ["commit", "-qm", "base"],
      ["checkout", "-qb", "f"],
      "sed -i 's/^3$/three-f/' n.txt; echo f >> a.txt",
      ["commit", "-qam", "f"],
      ["checkout", "-q", "master"],
      "sed -i 's/^3$/three-m/; s/^10$/ten-m/' n.txt",
      ["commit", "-qam", "m"],
      ["merge", "f"],
      "printf '1\\n2\\nthree-both\\n4\\n5\\n6\\n7\\n8\\n9\\nten-m\\n11\\n12\\n' > n.txt",
      ["add", "n.txt"],
      ["commit", "-qm", "resolved"],
      ["show"],
      ["show", "--oneline"],
      ["show", "--stat"],
      ["show", "--oneline", "HEAD~1"],
      ["log", "-p", "-3"],
      ["log", "--oneline", "-p"],
      ["log", "--stat", "-2"],
    ]);
  }, 60_000);

  test("tags, peeled names, plumbing errors, subdirectory commands and detaching match git", async () => {
    await replay([
      ["init", "-q"],
      "mkdir -p d/e; echo 1 > a; echo 2 > d/c; echo 3 > d/e/f",
      ["add", "."],
      ["commit", "-qm", "c1"],
      ["tag", "-a", "v1", "-m", "one\n\nbody"],
      ["tag", "v1"],
      ["tag", "-f", "v1"],
      ["tag", "bad..name"],
      ["tag", "-d", "nope"],
      ["show", "v1"],
      ["show", "v1^{tree}"],
      ["cat-file", "-t", "v1^{}"],
      ["cat-file", "-e", "0000000000000000000000000000000000000000"],
      ["cat-file", "-e", "zzz"],
      ["cat-file", "commit", "HEAD"],
      ["cat-file", "blob", "HEAD"],
      ["rev-parse", "v1", "v1^{commit}", "HEAD^{tree}", "HEAD:d/c", "@"],
      ["rev-parse", "HEAD~5"],
      ["rev-parse", "--verify", "nope"],
      ["rev-parse", "--verify", "-q", "nope"],
      ["branch", "HEAD"],
      ["branch", "x", "nope"],
      ["branch", "x", "v1"],
      ["branch", "-D", "x"],
      { cwd: "d", args: ["ls-files"] },
      { cwd: "d", args: ["ls-files", "-s"] },
      { cwd: "d/e", args: ["status", "-s"] },
      { cwd: "d", args: ["rev-parse", "--show-prefix"] },
      ["hash-object", "a", "d/c"],
      ["log", "--format=%s%n%b", "-1"],
      ["show-ref", "-d", "--tags"],
      ["show-ref", "--hash", "--heads"],
      ["checkout", "v1"],
      ["checkout", "-b", "from-tag"],
      ["branch"],
      ["switch", "--detach", "master"],
      ["status"],
    ]);
  }, 60_000);

  test("config reads and writes the repository's and the global file like git, and branch -d drops the branch's section", async () => {
    await replay([
      ["init", "-q"],
      ["config", "user.name", "Some One"],
      ["config", "user.name"],
      ["config", "--get", "user.name"],
      ["config", "user.email"],
      ["config", "core.bare"],
      ["config", "--bool", "core.filemode"],
      ["config", "branch.feat.description", 'my "quoted" # desc'],
      ["config", "branch.feat.description"],
      ["config", "--list"],
      ["config", "--unset", "user.name"],
      ["config", "--unset", "user.name"],
      ["config", "nosection"],
      ["config", "--global", "alias.st", "status"],
      ["config", "--global", "--list"],
      "echo a > a",
      ["add", "a"],
      ["commit", "-qm", "x"],
      ["branch", "feat"],
      ["branch", "-d", "feat"],
      "cat .git/config",
    ]);
  }, 60_000);

  test("log limited to paths follows git's default history simplification through merges", async () => {
    let n = 0;
    const edit = (f: string): Step[] => [`mkdir -p $(dirname ${f}); echo ${n++} >> ${f}`, ["add", "."], ["commit", "-qm", `edit ${f} ${n}`]];
    await replay([
      ["init", "-q"],
      ...edit("a.txt"),
      ...edit("d/b.txt"),
      ...edit("a.txt"),
      ["checkout", "-qb", "side"],
      ...edit("d/b.txt"),
      ...edit("c.txt"),
      ["checkout", "-q", "master"],
      ...edit("a.txt"),
      ["merge", "-q", "side"],
      ...edit("d/x.txt"),
      ["log", "--oneline", "--", "a.txt"],
      ["log", "--oneline", "d"],
      ["log", "--oneline", "--", "d/b.txt", "c.txt"],
      ["log", "--oneline", "c.txt"],
      ["log", "--format=%s", "-n", "2", "--", "a.txt"],
      ["log", "--oneline", "side", "--", "a.txt"],
      ["log", "--oneline", "--", "nope"],
    ]);
  }, 60_000);

  test("commit without -m runs the configured editor on the message (amend and merge messages too) as git does", async () => {
    await replay(
      [
        ["init", "-q"],
        "echo a > a",
        ["add", "a"],
        ["commit"],
        ["commit", "--amend"],
        ["commit", "--amend", "--no-edit"],
        ["log", "--format=%s|%b"],
        ["checkout", "-qb", "f"],
        "echo f >> a",
        ["commit", "-qam", "f"],
        ["checkout", "-q", "master"],
        "echo m >> a",
        ["commit", "-qam", "m"],
        ["merge", "f"],
        "echo r > a",
        ["add", "a"],
        ["commit"],
        ["log", "-1", "--format=%B"],
      ],
      { GIT_EDITOR: "sed -i -e '1s/^$/edited by editor/' -e 's/^Merge/Merged/'" },
    );
  }, 60_000);

  test("merges follow renames made on either side, as ort does", async () => {
    await replay([
      ["init", "-q"],
      "seq 1 20 > a.txt; seq 30 50 > c.txt; echo x > keep",
      ["add", "."],
      ["commit", "-qm", "base"],
      ["checkout", "-qb", "f"],
      "git mv a.txt b.txt; sed -i 's/^15$/fifteen/' b.txt; git mv c.txt d.txt",
      ["commit", "-qam", "rename"],
      ["checkout", "-q", "master"],
      "sed -i 's/^5$/five/' a.txt; sed -i 's/^40$/forty-m/' c.txt",
      ["commit", "-qam", "edit"],
      ["merge", "f"],
      ["status", "--porcelain"],
      ["ls-files", "-s"],
      "cat b.txt d.txt; ls",
      ["reset", "-q", "--hard", "HEAD~1"],
      ["checkout", "-q", "f"],
      ["merge", "master"],
      ["ls-files", "-s"],
      "ls",
    ]);
  }, 60_000);

  test("a file replaced by a directory, a symlink replaced by a file and mode changes survive add, checkout, merge and diff", async () => {
    await replay([
      ["init", "-q"],
      "echo f > x; echo k > keep; ln -s keep link",
      ["add", "."],
      ["commit", "-qm", "file x"],
      ["checkout", "-qb", "dir"],
      "rm x; mkdir x; echo y > x/y; rm link; echo notlink > link; chmod +x keep",
      ["status"],
      ["status", "--porcelain"],
      ["add", "-A"],
      ["commit", "-qm", "dir x"],
      ["show", "--stat"],
      ["checkout", "master"],
      "ls -la x link keep | cut -c1-10,42-",
      ["status", "--porcelain"],
      ["checkout", "dir"],
      "ls -la x link keep | cut -c1-10,42-",
      ["checkout", "master"],
      ["merge", "dir"],
      ["diff", "HEAD~1", "HEAD"],
    ]);
  }, 60_000);

  test("log --decorate / %d / %D and status -b show refs and branches as git does", async () => {
    await replay([
      ["init", "-q"],
      ["status", "-sb"],
      ["status", "--porcelain", "-b"],
      "echo a > a",
      ["add", "a"],
      ["commit", "-qm", "one"],
      "echo b > a",
      ["commit", "-qam", "two"],
      ["branch", "aa"],
      ["branch", "zz", "HEAD~1"],
      ["tag", "v1"],
      ["tag", "-a", "v2", "-m", "ann", "HEAD~1"],
      ["log", "--oneline", "--decorate"],
      ["log", "--decorate"],
      ["log", "--format=%h%d|%D"],
      ["log", "--oneline", "--decorate", "--graph", "--all"],
      ["status", "-sb"],
      ["checkout", "-q", "HEAD~1"],
      ["log", "--oneline", "--decorate", "--all"],
      ["status", "-s", "--branch"],
    ]);
  }, 60_000);

  test("commands run from a subdirectory use git's relative pathspecs and paths, diff --stat included", async () => {
    await replay([
      ["init", "-q"],
      "mkdir -p s/t; echo a > s/a; echo b > s/t/b; echo c > c",
      { cwd: "s", args: ["add", "."] },
      { cwd: "s", args: ["status"] },
      { cwd: "s", args: ["status", "-s"] },
      { cwd: "s/t", args: ["commit", "-m", "sub"] },
      "echo x >> s/a; echo y >> c",
      { cwd: "s", args: ["diff"] },
      { cwd: "s", args: ["diff", "--stat"] },
      { cwd: "s", args: ["add", "../c"] },
      { cwd: "s", args: ["diff", "--cached"] },
      { cwd: "s", args: ["diff", "--cached", "--stat"] },
      { cwd: "s", args: ["log", "--oneline"] },
      { cwd: "s/t", args: ["rm", "--cached", "b"] },
      { cwd: "s", args: ["status"] },
      { cwd: "s", args: ["checkout", "--", "a"] },
      { cwd: "s", args: ["reset", "-q"] },
      { cwd: "s", args: ["status", "--porcelain"] },
      { cwd: "s", args: ["ls-files"] },
      { cwd: "s", args: ["add", "-A"] },
      { cwd: "s", args: ["commit", "-qm", "all"] },
      { cwd: "s", args: ["show", "--stat"] },
    ]);
  }, 60_000);

  test("init variants (directory, --bare, -b, bad names) and bare repositories behave as in git", async () => {
    await replay([
      ["init", "-q", "sub"],
      ["init", "--bare", "b.git"],
      ["init", "-b", "main", "m"],
      ["init", "m"],
      ["init", "-b", "bad..name", "x"],
      "ls -a sub/.git b.git m/.git | sort; cat m/.git/HEAD b.git/config",
      ["-C", "m", "status"],
      ["-C", "b.git", "log"],
      ["-C", "b.git", "status"],
      ["-C", "b.git", "rev-parse", "--git-dir"],
    ]);
  }, 60_000);

  test("untracked files in the way stop checkout and fast-forward whatever they hold; -f overrides", async () => {
    await replay([
      ["init", "-q"],
      "echo a > a",
      ["add", "a"],
      ["commit", "-qm", "one"],
      ["checkout", "-qb", "b"],
      "echo u > u; mkdir d; echo x > d/x",
      ["add", "."],
      ["commit", "-qm", "u"],
      ["checkout", "-q", "master"],
      "echo different > u",
      ["checkout", "b"],
      ["merge", "b"],
      "echo u > u",
      ["checkout", "b"],
      ["checkout", "master"],
      "mkdir -p d; echo other > d/x",
      ["checkout", "b"],
      "rm -rf d u",
      ["checkout", "b"],
      ["checkout", "master"],
      "echo z > a",
      ["checkout", "-f", "b"],
      ["status", "--porcelain"],
    ]);
  }, 60_000);

  test("a file renamed on one side and deleted on the other is ort's rename/delete conflict", async () => {
    await replay([
      ["init", "-q"],
      "seq 1 10 > n.txt; echo k > k",
      ["add", "."],
      ["commit", "-qm", "base"],
      ["checkout", "-qb", "side"],
      "git mv n.txt m.txt",
      ["commit", "-qm", "mv"],
      ["checkout", "-q", "master"],
      "git rm -q n.txt",
      ["commit", "-qm", "del"],
      ["merge", "side"],
      ["ls-files", "-s"],
      ["status"],
      "ls",
      ["merge", "--abort"],
      ["checkout", "-q", "side"],
      ["merge", "master"],
      ["ls-files", "-s"],
      ["status", "--porcelain"],
      "ls",
    ]);
  }, 60_000);

  test("a file renamed to different names on both sides is ort's rename/rename conflict", async () => {
    await replay([
      ["init", "-q"],
      "seq 1 10 > n.txt; echo k > k",
      ["add", "."],
      ["commit", "-qm", "base"],
      ["checkout", "-qb", "side"],
      "git mv n.txt s.txt",
      ["commit", "-qm", "mv"],
      ["checkout", "-q", "master"],
      "git mv n.txt m.txt",
      ["commit", "-qm", "mv2"],
      ["merge", "side"],
      ["ls-files", "-s"],
      ["status"],
      "ls; cat .git/MERGE_MSG",
      ["diff"],
      ["merge", "--abort"],
      ["status", "--porcelain"],
      "ls",
    ]);
  }, 60_000);

  test("diffstats scale graphs, shorten long names and show binary sizes like diff.c's show_stats", async () => {
    await replay([
      ["init", "-q"],
      "echo a > a",
      ["add", "a"],
      ["commit", "-qm", "base"],
      ["checkout", "-qb", "f"],
      "mkdir -p very/long/directory/name/for/testing/the/stat/width; seq 1 300 > very/long/directory/name/for/testing/the/stat/width/file-with-a-long-name.txt; seq 1 7 > small.txt; seq 1 40 > mid.txt; printf 'x\\0y' > bin.dat",
      ["add", "."],
      ["commit", "-qm", "big"],
      ["checkout", "-q", "master"],
      ["merge", "f"],
      "seq 1 150 | sed 's/^/changed /' > mid.txt; seq 1 3 > small.txt",
      ["commit", "-qam", "edit"],
      ["show", "--stat"],
      ["diff", "--stat", "HEAD~2"],
      ["log", "--stat", "-1"],
    ]);
  }, 60_000);

  test("commit <paths> commits only those paths (git's --only), keeping the rest staged", async () => {
    await replay([
      ["init", "-q"],
      "echo a > a; echo b > b; mkdir d; echo c > d/c",
      ["add", "."],
      ["commit", "-qm", "base"],
      "echo a2 >> a; echo b2 >> b; echo c2 >> d/c; echo n > new",
      ["add", "b"],
      ["commit", "-m", "only a", "a"],
      ["status", "--porcelain"],
      ["commit", "-m", "dir", "--", "d"],
      ["status", "--porcelain"],
      ["commit", "-m", "x", "new"],
      ["commit", "-m", "x", "nope"],
      ["commit", "-am", "x", "a"],
      "rm a",
      ["commit", "-m", "del a", "a"],
      ["status", "--porcelain"],
      ["log", "--stat", "-3", "--format=%s"],
      ["show", "--format=%h %s", "HEAD~1"],
      ["commit", "-m", "nothing", "d"],
    ]);
  }, 60_000);

  test("log filters (--first-parent, --reverse, --merges, --no-merges, --grep, --author) and -c settings match git", async () => {
    let n = 0;
    const edit = (f: string): Step[] => [`echo ${n++} >> ${f}`, ["add", "."], ["-c", "user.name=Some Body", "commit", "-qm", `fix ${f} ${n}`]];
    await replay([
      ["init", "-q"],
      ...edit("a"),
      ...edit("b"),
      ["checkout", "-qb", "s"],
      ...edit("s1"),
      ...edit("s2"),
      ["checkout", "-q", "master"],
      ...edit("a"),
      ["merge", "-q", "s"],
      ...edit("b"),
      ["log", "--oneline", "--first-parent"],
      ["log", "--oneline", "--reverse"],
      ["log", "--oneline", "--reverse", "-n", "2"],
      ["log", "--oneline", "--merges"],
      ["log", "--oneline", "--no-merges"],
      ["log", "--oneline", "--grep=s1"],
      ["log", "--oneline", "--grep", "fix a"],
      ["log", "--oneline", "--author=Thor"],
      ["log", "--oneline", "--author=nobody"],
      ["log", "--graph", "--oneline", "--first-parent"],
      ["-c", "core.abbrev=10", "log", "--oneline", "-1"],
    ]);
  }, 60_000);
});
