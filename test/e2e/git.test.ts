/**
 * `gokit git` as a user runs it (the compiled binary under make test): the
 * issue's session end to end, Git's flags passed through untouched, and real
 * git reading what the binary wrote.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { gokitCommand, runGokit, tempDir } from "../support/cli.ts";
import { haveCommand } from "../support/require.ts";
import { gitEnv, realGit } from "../git/support.ts";

describe.if(haveCommand("git"))("gokit git (binary)", () => {
  test("init, add, commit, branch, checkout and merge as in the issue; real git agrees", async () => {
    using dir = tempDir();
    const env = gitEnv(`${dir.path}/home`);
    const cwd = `${dir.path}/proj`;
    const git = (...args: string[]) => runGokit(["git", ...args], { cwd, env });
    Bun.spawnSync(["mkdir", "-p", cwd]);
    const init = await git("init");
    expect(init.code).toBe(0);
    expect(init.stdout).toBe(`Initialized empty Git repository in ${cwd}/.git/\n`);
    writeFileSync(`${cwd}/hello.txt`, "Hello, World!\n");
    expect((await git("add", "hello.txt")).code).toBe(0);
    const commit = await git("commit", "-m", "Initial commit");
    expect(commit.code).toBe(0);
    const id = realGit(cwd, env, ["rev-parse", "--short", "HEAD"]).stdout.trim();
    expect(commit.stdout).toBe(`[master (root-commit) ${id}] Initial commit\n Author: A U Thor <author@example.com>\n 1 file changed, 1 insertion(+)\n create mode 100644 hello.txt\n`);
    expect(realGit(cwd, env, ["log", "--oneline"]).stdout).toBe(`${id} Initial commit\n`);
    expect((await git("checkout", "-b", "feature")).stderr).toBe("Switched to a new branch 'feature'\n");
    writeFileSync(`${cwd}/hello.txt`, "Hello, World!\nNew feature\n");
    expect((await git("commit", "-am", "Add feature")).code).toBe(0);
    expect((await git("checkout", "master")).stderr).toBe("Switched to branch 'master'\n");
    writeFileSync(`${cwd}/other.txt`, "other\n");
    await git("add", ".");
    await git("commit", "-qm", "master side");
    const merge = await git("merge", "feature");
    expect(merge.code).toBe(0);
    expect(merge.stdout).toStartWith("Merge made by the 'ort' strategy.\n hello.txt | 1 +\n");
    const log = await git("log", "-n1", "--format=%s%n%P");
    expect(log.stdout.split("\n")[0]).toBe("Merge branch 'feature'");
    expect(log.stdout.split("\n")[1]!.split(" ")).toHaveLength(2);
    // Real git: clean status, a consistent repository, and our cache tree is right.
    expect(realGit(cwd, env, ["status", "--porcelain"]).stdout).toBe("");
    expect(realGit(cwd, env, ["fsck", "--strict"]).code).toBe(0);
    expect(realGit(cwd, env, ["write-tree"]).stdout).toBe(realGit(cwd, env, ["rev-parse", "HEAD^{tree}"]).stdout);
  });

  test("status on a large repository starts the stat helper thread inside the binary and agrees with git", async () => {
    using dir = tempDir();
    const env = gitEnv(`${dir.path}/home`);
    const cwd = `${dir.path}/big`;
    // 3,300 paths of about 40 bytes: an index over the 320 KB at which status starts its helper.
    const old = new Date(Date.now() - 3600_000);
    for (let d = 0; d < 30; d++) {
      mkdirSync(`${cwd}/directory-${d}`, { recursive: true });
      for (let f = 0; f < 110; f++) {
        const path = `${cwd}/directory-${d}/a-file-with-a-longer-name-${f}.txt`;
        writeFileSync(path, `${d} ${f}\n`);
        utimesSync(path, old, old);
      }
    }
    for (const args of [["init", "-q"], ["add", "."], ["commit", "-qm", "base"]]) expect(realGit(cwd, env, args).code).toBe(0);
    expect(statSync(`${cwd}/.git/index`).size).toBeGreaterThan(320_000);
    writeFileSync(`${cwd}/directory-3/a-file-with-a-longer-name-7.txt`, "changed\n");
    rmSync(`${cwd}/directory-5/a-file-with-a-longer-name-9.txt`);
    writeFileSync(`${cwd}/directory-8/untracked`, "new\n");
    const r = await runGokit(["git", "status", "--porcelain"], { cwd, env: { ...env, GOKIT_DEBUG: "1" } });
    expect(r.stdout).toBe(realGit(cwd, env, ["status", "--porcelain"]).stdout);
    expect(r.stdout).toBe(" M directory-3/a-file-with-a-longer-name-7.txt\n D directory-5/a-file-with-a-longer-name-9.txt\n?? directory-8/untracked\n");
    expect(r.stderr).toBe("gokit: git stat helper: ready\n");
    expect(r.code).toBe(0);
    // From the parent directory with -C, as git finds the repository.
    const c = await runGokit(["git", "-C", "big", "status", "--porcelain"], { cwd: dir.path, env: { ...env, GOKIT_DEBUG: "1" } });
    expect(c).toEqual(r);
    // (Writing and committing 3,300 files takes seconds on a busy 2-core host.)
  }, 30_000);

  test.if(process.platform === "linux" && process.getuid?.() === 0 && haveCommand("setpriv"))(
    "an unprivileged user reads a packed repository (read-only packs and loose objects) as git does",
    () => {
      using dir = tempDir();
      const env = gitEnv(`${dir.path}/home`);
      const cwd = `${dir.path}/proj`;
      mkdirSync(cwd, { recursive: true });
      for (let k = 0; k < 30; k++) {
        writeFileSync(`${cwd}/f${k % 7}`, `${k}\n`);
        for (const args of k === 0 ? [["init", "-q"], ["add", "."], ["commit", "-qm", `c${k}`]] : [["add", "."], ["commit", "-qm", `c${k}`]]) expect(realGit(cwd, env, args).code).toBe(0);
      }
      expect(realGit(cwd, env, ["gc", "-q"]).code).toBe(0);
      writeFileSync(`${cwd}/f1`, "changed\n");
      Bun.spawnSync(["chmod", "-R", "a+rX", dir.path]);
      Bun.spawnSync(["chown", "-R", "65534:65534", dir.path]);
      const asNobody = (argv: string[]) => {
        const r = Bun.spawnSync(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...argv], { cwd, env: { ...env, NO_COLOR: "1" }, stdout: "pipe", stderr: "pipe" });
        return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
      };
      for (const args of [["log"], ["log", "--oneline", "--graph"], ["status", "--porcelain"], ["cat-file", "-p", "HEAD~3"], ["show", "--stat", "HEAD~5"]]) {
        expect({ args, ...asNobody([...gokitCommand(), "git", ...args]) }).toEqual({ args, ...asNobody(["git", ...args]) });
      }
    },
  );

  test("outside a repository it fails with git's message and exit code 128", async () => {
    using dir = tempDir();
    const r = await runGokit(["git", "status"], { cwd: dir.path, env: { ...gitEnv(`${dir.path}/home`), GIT_CEILING_DIRECTORIES: dir.path } });
    expect(r).toEqual({ code: 128, stdout: "", stderr: "fatal: not a git repository (or any of the parent directories): .git\n" });
  });

  test("an unknown git subcommand is git's error, exit 1", async () => {
    using dir = tempDir();
    const r = await runGokit(["git", "frobnicate"], { cwd: dir.path });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("git: 'frobnicate' is not a git command. See 'git --help'.\n");
  });
});
