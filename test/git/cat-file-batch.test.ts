/**
 * git cat-file --batch and --batch-check against real git, through the
 * gokit binary with names on stdin: ids, refs, <rev>:<path>, tags, a blank
 * line and names that resolve to nothing, the default and custom formats.
 */
import { describe, expect, test } from "bun:test";
import { runGokit } from "../support/cli.ts";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("cat-file --batch against real git", () => {
  test("answers each line of stdin as git does", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("mkdir d && printf 'x\\000binary' > d/bin && echo a > a && git add -A && git commit -qm one && git tag -a v1 -m tag");
    const input = "HEAD\nnosuch\nHEAD:a\nHEAD:d/bin\nv1\n\nHEAD^{tree}\nHEAD:d\n";
    for (const opt of ["--batch-check", "--batch", "--batch-check=%(objectname)", "--batch=%(objecttype) %(objectsize) %(objectname)", "--batch-check=%(bogus)"]) {
      const ours = await runGokit(["git", "cat-file", opt], { cwd: t.ours, env: t.env, stdin: input });
      const real = Bun.spawnSync(["git", "cat-file", opt], { cwd: t.real, env: t.env, stdin: new TextEncoder().encode(input) });
      expect({ opt, code: ours.code, stdout: ours.stdout, stderr: ours.stderr }).toEqual({ opt, code: real.exitCode, stdout: real.stdout.toString(), stderr: real.stderr.toString() });
    }
  });
});
