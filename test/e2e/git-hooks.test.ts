/**
 * `gokit git commit` runs the repository's hooks from the compiled binary:
 * a pre-commit hook's output reaches stderr as it is written, and its failure
 * aborts the commit.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { gokitCommand, runGokit, tempDir } from "../support/cli.ts";
import { haveCommand } from "../support/require.ts";
import { gitEnv, realGit } from "../git/support.ts";

describe.if(haveCommand("git"))("gokit git hooks (binary)", () => {
  test("a pre-commit hook runs, prints to stderr, and aborts the commit when it fails", async () => {
    using dir = tempDir();
    const env = gitEnv(`${dir.path}/home`);
    const cwd = `${dir.path}/proj`;
    mkdirSync(cwd, { recursive: true });
    const git = (...args: string[]) => runGokit(["git", ...args], { cwd, env });
    expect((await git("init", "-q")).code).toBe(0);
    writeFileSync(`${cwd}/a.txt`, "one\n");
    expect((await git("add", "a.txt")).code).toBe(0);
    mkdirSync(`${cwd}/.git/hooks`, { recursive: true });
    const hook = `${cwd}/.git/hooks/pre-commit`;
    writeFileSync(hook, '#!/bin/sh\necho "checking $(git diff --cached --name-only)"\nif grep -q TODO a.txt; then echo "TODO left in a.txt" >&2; exit 1; fi\n');
    chmodSync(hook, 0o755);

    const ok = await git("commit", "-qm", "first");
    expect(ok).toEqual({ code: 0, stdout: "", stderr: "checking a.txt\n" });
    expect(realGit(cwd, env, ["log", "--format=%s"]).stdout).toBe("first\n");

    writeFileSync(`${cwd}/a.txt`, "one\nTODO\n");
    const refused = await git("commit", "-qam", "second");
    expect(refused).toEqual({ code: 1, stdout: "", stderr: "checking a.txt\nTODO left in a.txt\n" });
    // Nothing committed, and -a's staging was rolled back as git does.
    expect(realGit(cwd, env, ["log", "--format=%s"]).stdout).toBe("first\n");
    expect(realGit(cwd, env, ["status", "--porcelain"]).stdout).toBe(" M a.txt\n");

    expect((await git("commit", "-qanm", "second")).code).toBe(0);
    expect(realGit(cwd, env, ["log", "--format=%s"]).stdout).toBe("second\nfirst\n");
    expect(realGit(cwd, env, ["fsck", "--strict"]).code).toBe(0);
  });

  test("a hook's output comes while it runs, not when the command ends", async () => {
    using dir = tempDir();
    const env = gitEnv(`${dir.path}/home`);
    const cwd = `${dir.path}/proj`;
    mkdirSync(`${cwd}/.git/hooks`, { recursive: true });
    expect(realGit(cwd, env, ["init", "-q"]).code).toBe(0);
    writeFileSync(`${cwd}/a.txt`, "one\n");
    expect(realGit(cwd, env, ["add", "a.txt"]).code).toBe(0);
    // The hook says it is checking, then waits (10 s at most) for the test to answer what it read.
    const release = `${dir.path}/release`;
    writeFileSync(`${cwd}/.git/hooks/pre-commit`, `#!/bin/sh\necho checking\nfor i in $(seq 1000); do [ -e '${release}' ] && exit 0; sleep 0.01; done\nexit 1\n`);
    chmodSync(`${cwd}/.git/hooks/pre-commit`, 0o755);
    const proc = Bun.spawn([...gokitCommand(), "git", "commit", "-qm", "first"], { cwd, env: { ...env, NO_COLOR: "1" }, stdout: "pipe", stderr: "pipe" });
    // Answered once the hook's first line has arrived: a command that held the hook's output back would never get the answer.
    let seen = "";
    for await (const chunk of proc.stderr) {
      seen += new TextDecoder().decode(chunk);
      if (seen.includes("\n")) writeFileSync(release, "");
    }
    expect({ code: await proc.exited, stderr: seen }).toEqual({ code: 0, stderr: "checking\n" });
    expect(realGit(cwd, env, ["log", "--format=%s"]).stdout).toBe("first\n");
  }, 30_000);
});
