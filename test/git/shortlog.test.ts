/**
 * git shortlog against real git: commits by three authors (one under two
 * addresses) and two committers, grouped and sorted as git does, with -s, -n,
 * -e, -c/--group, ranges, paths and log's limits; `git log | git shortlog`
 * through the binary, inside and outside a repository; unknown options and
 * git's usage.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { runGokit } from "../support/cli.ts";
import { realGit, Twin } from "./support.ts";

describe.if(haveCommand("git"))("git shortlog against real git", () => {
  test("groups commits as git does", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    const people = [
      ["Zed", "zed@example.com", "C O Mitter"],
      ["amy", "amy@example.com", "C O Mitter"],
      ["Bob", "bob@example.com", "Other Committer"],
      ["Zed", "zed@work.example", "C O Mitter"],
      ["Bob", "bob@example.com", "C O Mitter"],
      ["Zed", "zed@example.com", "Other Committer"],
    ];
    for (const [i, [name, mail, committer]] of people.entries()) {
      Object.assign(t.env, { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: mail, GIT_COMMITTER_NAME: committer, GIT_AUTHOR_DATE: `@${1700000000 + i * 60} +0000` });
      t.sh(`echo ${i} > ${i % 2 ? "a" : "b"}`);
      await t.both(["add", "."]);
      await t.both(["commit", "-qm", `change ${i} by ${name}`, "-m", "body line"]);
    }
    for (const args of [
      ["HEAD"], ["-s", "HEAD"], ["-n", "HEAD"], ["-sn", "HEAD"], ["-e", "HEAD"], ["-sne", "HEAD"], ["-c", "HEAD"], ["--committer", "-s", "HEAD"],
      ["--group=committer", "HEAD"], ["--group", "author", "-s", "HEAD"], ["HEAD~3..HEAD"], ["-s", "HEAD", "--", "a"], ["-2", "HEAD"],
      ["--author=Zed", "-s", "HEAD"], ["--all", "-s"], ["-x", "HEAD"], ["--bogus", "HEAD"], ["-h"],
    ]) {
      const r = await t.both(["shortlog", ...args]);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
    // With no revision and stdin not a terminal, git reads `git log` output from stdin.
    for (const format of [[], ["--pretty=short"]]) {
      const text = realGit(t.real, t.env, ["log", ...format]).stdout;
      for (const opts of [[], ["-sn"], ["-e"]]) {
        const real = Bun.spawnSync(["git", "shortlog", ...opts], { cwd: t.real, env: t.env, stdin: new Blob([text]) });
        const ours = await runGokit(["git", "shortlog", ...opts], { cwd: t.ours, env: t.env, stdin: text });
        expect({ opts, format, out: ours.stdout, code: ours.code }).toEqual({ opts, format, out: real.stdout.toString(), code: 0 });
      }
    }
    // Outside a repository it reads stdin, and refuses revisions.
    const outside = `${t.root}/outside`;
    Bun.spawnSync(["mkdir", outside]);
    const text = realGit(t.real, t.env, ["log"]).stdout;
    for (const args of [["-s"], ["HEAD"], ["--all"]]) {
      const real = Bun.spawnSync(["git", "shortlog", ...args], { cwd: outside, env: t.env, stdin: new Blob([text]) });
      const ours = await runGokit(["git", "shortlog", ...args], { cwd: outside, env: t.env, stdin: text });
      expect({ args, out: ours.stdout, err: ours.stderr, code: ours.code }).toEqual({ args, out: real.stdout.toString(), err: real.stderr.toString(), code: real.exitCode });
    }
  });
});
