/**
 * .mailmap against real git: every line form (name for an email, email for
 * an email, both, matched on name and email, case-insensitive), applied by
 * log and show (Author:, %aN/%aE/%cN/%cE, --author) unless --no-use-mailmap
 * or log.mailmap=false, always by shortlog (also on stdin), mailmap.file and
 * mailmap.blob, and check-mailmap.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { runGokit } from "../support/cli.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("mailmap against real git", () => {
  test("maps names and emails as git does", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    const people = [["Joe", "joe@old"], ["joe", "JOE@old"], ["Jane Doe", "jane@x"], ["jd", "jane@x"], ["Bob", "bob@x"], ["Other", "bob@x"], ["Zed", "zed@x"], ["Ann", "ann@x"]];
    for (const [i, [name, mail]] of people.entries()) {
      Object.assign(t.env, { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: mail, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: mail });
      t.sh(`echo ${i} >> f`);
      await t.both(["add", "f"]);
      await t.both(["commit", "-qm", `by ${name}`]);
    }
    t.sh("printf '# comment\\nJoe Proper <joe@new.example> <joe@old>\\n<jane@new> <jane@x>\\nRobert <bob@x> Bob <bob@x>\\n   Zed Z.   <zed@x>\\n' > .mailmap");
    t.sh("printf 'Annie <ann@x>\\n' > ../extra-map");
    const cases = [
      ["log"], ["log", "--format=%an|%aN|%ae|%aE|%cn|%cN|%cE"], ["log", "--no-use-mailmap", "-2"], ["log", "--author=Proper", "--oneline"], ["log", "--author=Bob", "--oneline"],
      ["-c", "log.mailmap=false", "log", "-3"], ["-c", "log.mailmap=false", "log", "--use-mailmap", "-3"], ["shortlog", "-sne", "HEAD"], ["shortlog", "HEAD"], ["show", "-s"],
      ["show", "-s", "--format=%aN <%aE>", "HEAD~3"], ["-c", "mailmap.file=../extra-map", "shortlog", "-se", "HEAD"],
      ["check-mailmap", "Joe <JOE@OLD>", "<jane@x>", "Bob <bob@x>", "x <none@y>"], ["check-mailmap", "bogus"], ["check-mailmap"],
    ];
    for (const args of cases) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
    // mailmap.blob: a map committed to the repository.
    await t.both(["add", ".mailmap"]);
    await t.both(["commit", "-qm", "map"]);
    t.sh("rm .mailmap");
    for (const args of [["log", "-3", "--format=%aN"], ["-c", "mailmap.blob=HEAD:.mailmap", "log", "--format=%aN <%aE>"]]) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
    // shortlog maps what it reads on stdin too.
    t.sh("git show HEAD:.mailmap > .mailmap");
    const text = t.realGit(["log", "--no-use-mailmap"]).stdout;
    const real = Bun.spawnSync(["git", "shortlog", "-se"], { cwd: t.real, env: t.env, stdin: new Blob([text]) });
    const ours = await runGokit(["git", "shortlog", "-se"], { cwd: t.ours, env: t.env, stdin: text });
    expect(ours.stdout).toBe(real.stdout.toString());
  });
});
