/**
 * git diff's forms and output options against real git: a commit against
 * the work tree (renames found among them), --cached, the index against the
 * work tree, with -U<n>, the algorithms, --stat, --numstat, --shortstat,
 * --name-only, --name-status, -s and --quiet/--exit-code (exit 1 when
 * something differs); an option gokit does not carry out is refused, not
 * ignored.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("diff options against real git", () => {
  test("each form and output option prints and exits as git does", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("seq 1 40 > f && mkdir d && seq 100 130 > d/a && echo keep > k");
    await t.both(["add", "-A"]);
    await t.both(["commit", "-qm", "one"]);
    t.sh("sed -i 's/^3$/three/; s/^30$/thirty/' f && echo b > d/b");
    await t.both(["add", "-A"]);
    await t.both(["commit", "-qm", "two"]);
    t.sh("git mv d/a d/a2");
    await t.both(["commit", "-qm", "rename"]);
    // Staged and unstaged changes on top.
    t.sh("sed -i 's/^20$/twenty/' f && echo staged > s");
    await t.both(["add", "s"]);
    const forms = [[], ["--cached"], ["HEAD"], ["HEAD~2"], ["HEAD~1"]];
    const outputs = [[], ["-U0"], ["-U1"], ["--unified=5"], ["--histogram"], ["--patience"], ["--minimal"], ["--stat"], ["--numstat"], ["--shortstat"], ["--name-only"], ["--name-status"], ["-s"], ["--quiet"], ["--exit-code"], ["--stat", "--exit-code"], ["-M"]];
    for (const form of forms) {
      for (const output of outputs) {
        const args = ["diff", ...output, ...form];
        const r = await t.both(args);
        expect({ args, ...r.ours }).toEqual({ args, ...r.real });
      }
    }
    // Nothing differs: --quiet and --exit-code exit 0.
    for (const args of [["diff", "--quiet", "HEAD", "HEAD"], ["diff", "--cached", "--exit-code", "HEAD~0"]]) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });

  test("an option that would change the output in a way gokit does not make is refused", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("echo a > a");
    await t.both(["add", "a"]);
    await t.both(["commit", "-qm", "one"]);
    t.sh("echo b >> a");
    for (const opt of ["-R", "--word-diff", "-w", "-M30%"]) {
      const r = await t.both(["diff", opt]);
      expect({ opt, code: r.ours.code, stderr: r.ours.stderr, stdout: r.ours.stdout }).toEqual({ opt, code: 128, stderr: `fatal: gokit git diff does not support ${opt}\n`, stdout: "" });
      expect(r.real.code).toBe(0);
    }
  });
});
