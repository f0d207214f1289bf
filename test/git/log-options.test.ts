/**
 * git log's --name-only, --name-status (renames as R<score>) and the date
 * limits --since/--after/--until/--before (absolute dates, @timestamps and
 * "<n> <unit> ago") against real git, on a history real git made with
 * commit dates a day apart.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("log options against real git", () => {
  test("changed paths and date limits list what git lists", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    // Five commits a day apart (2023-11-10 … 2023-11-14), made by real git on both sides.
    const steps = ["seq 1 30 > f && mkdir d && seq 40 70 > d/a", "sed -i s/^3$/three/ f && echo b > d/b", "git mv d/a d/a2", "git rm -q d/b && ln -s f link", "rm link && echo file > link && sed -i s/^20$/twenty/ f"];
    steps.forEach((script, k) => {
      const when = `${1_699_574_400 + k * 86_400} +0100`;
      t.sh(`${script} && git add -A && GIT_AUTHOR_DATE='${when}' GIT_COMMITTER_DATE='${when}' git commit -qm 'step ${k}'`);
    });
    const cases = [
      ["--name-only"], ["--name-status"], ["--name-only", "--oneline"], ["--name-status", "--format=%s"], ["--name-status", "-2"],
      ["--since=2023-11-12T00:00:00"], ["--after=2023-11-12T12:00:00+01:00"], ["--until=2023-11-11T23:00:00"], ["--before=@1699700000"],
      ["--since=2023-11-11T00:00:00", "--until=2023-11-13T00:00:00"], ["--since", "10.years.ago"], ["--until=2.days.ago"], ["--since=now"],
    ];
    for (const opts of cases) {
      const args = ["log", ...opts];
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });

  test("a date log cannot read is an error naming it", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("echo a > a");
    await t.both(["add", "a"]);
    await t.both(["commit", "-qm", "one"]);
    const r = await t.both(["log", "--since=not a date"]);
    expect(r.ours).toEqual({ code: 128, stdout: "", stderr: "fatal: invalid date 'not a date' for --since\n" });
  });

  test("rev-list walks as log does, ids or a count, and wants a revision", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("echo a > a && git add a && git commit -qm one && git tag v1 && git checkout -qb side && echo s > s && git add s && git commit -qm side && git checkout -q master && echo b >> a && git commit -qam two && git merge -q --no-ff side -m merge");
    for (const args of [
      ["rev-list"], ["rev-list", "HEAD"], ["rev-list", "--count", "HEAD"], ["rev-list", "v1..HEAD"], ["rev-list", "--count", "v1..side"], ["rev-list", "--reverse", "HEAD"],
      ["rev-list", "--first-parent", "HEAD"], ["rev-list", "--max-count=2", "HEAD"], ["rev-list", "--no-merges", "--count", "HEAD"], ["rev-list", "--all"], ["rev-list", "HEAD", "--", "s"], ["rev-list", "nosuch"],
    ]) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });

  test("-S<string> shows the commits (and only the files) whose count of the string changed; -p with --stat shows both", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("seq 1 20 > f && echo 'alpha beta' > g && git add -A && git commit -qm one && sed -i s/^3$/needle/ f && echo other > h && git add -A && git commit -qm two");
    t.sh("git mv f f2 && git commit -qm moved && sed -i 's/needle/NEEDLE/' f2 && echo 'needle needle' >> g && git commit -qam three && git checkout -qb side HEAD~2 && echo needle > s && git add s && git commit -qm side && git checkout -q master && git merge -q side -m merge");
    for (const args of [
      ["log", "-S", "needle", "--oneline"], ["log", "-Sneedle", "--name-status"], ["log", "-S", "needle", "-p", "--oneline"], ["log", "-S", "needle", "--stat", "-p"], ["log", "-S", "NEEDLE"],
      ["log", "-S", "nomatch"], ["log", "-S", "needle", "--all", "--format=%s"], ["log", "-p", "--stat"], ["log", "-p", "--stat", "--oneline"], ["log", "-p", "--stat", "--format=%s"], ["show", "--stat", "-p", "HEAD~1"],
    ]) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });

  test("-G<regex>, --pickaxe-regex, and --grep/--author as git's basic or extended regexes (-E, -F, -i, --all-match, --invert-grep)", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("seq 1 20 > f && printf 'abc\\0needle\\n' > bin && git add -A && git commit -qm 'one: x|y' -m 'Body line foo'");
    t.sh("sed -i 's/^3$/needle 3/' f && printf 'abc\\0other\\n' > bin && git commit -qam 'two (paren)' && sed -i 's/^needle 3$/needle three/' f && git commit -qam 'three: word_1'");
    t.sh("git mv f f2 && git commit -qm 'moved f' && echo 'Needle' >> f2 && GIT_AUTHOR_NAME='Other Person' git commit -qam 'four: tail.'");
    for (const args of [
      ["-Gneedle", "--name-status"], ["-G", "need+le [0-9]"], ["-Gneedle", "--text", "--oneline"], ["-Gneedle", "-i", "--format=%s"], ["-Sneedle", "--oneline"], ["-Sneedle", "--text", "--oneline"],
      ["-S", "needle [a-z]+", "--pickaxe-regex", "--oneline"], ["-Gneedle", "-Sneedle"], ["-G(", "--oneline"], ["-G)", "--oneline"], ["-Gneedle", "-p", "--oneline"],
      ["--grep=x|y", "--oneline"], ["--grep=x\\|zz", "--oneline"], ["-E", "--grep=x|zz", "--oneline"], ["-F", "--grep=x|y", "--oneline"], ["--grep=(paren)", "--oneline"],
      ["-E", "--grep=\\(paren\\)", "--oneline"], ["--grep=^Body", "--oneline"], ["--grep=tail\\.$", "--oneline"], ["-i", "--grep=BODY", "--oneline"], ["--grep=[[:digit:]]", "--oneline"],
      ["--grep=\\<word", "--oneline"], ["--grep=one", "--grep=foo", "--all-match", "--oneline"], ["--grep=one", "--grep=two", "--all-match", "--oneline"], ["--grep=o", "--invert-grep", "--oneline"],
      ["--author=^Other", "--oneline"], ["--author=person", "-i", "--oneline"], ["--author=Other", "--grep=four", "--oneline"], ["-E", "--grep=*a"], ["--grep=a\\{1"], ["--grep=[[:nope:]]"],
    ]) {
      const r = await t.both(["log", ...args]);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });
});
