/**
 * Seeded random work-tree histories: files and directories created, edited,
 * deleted, made executable, renamed, ignored; random `add`, `rm --cached`,
 * `commit -a`, `reset`, `checkout -- path`. After every step gokit git's
 * status (long, short and porcelain), diff and diff --cached, and every
 * command's output (commit summaries with renames), must be real git's.
 */
import { describe, expect, test } from "bun:test";
import { prng } from "../support/prng.ts";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("status against real git on random work-tree histories", () => {
  test("every step shows the same status as git", async () => {
    const rand = prng(60);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
    using t = new Twin();
    await t.both(["init", "-q"]);
    t.sh("printf '*.log\\nbuild/\\n' > .gitignore");
    const names = ["a.txt", "b.txt", "d/c.txt", "d/e/f.txt", "g/h.txt", "x.log", "build/o.bin", "sp ace.txt", "d/e/g.log"];
    for (let step = 0; step < 60; step++) {
      const f = pick(names);
      const dir = f.includes("/") ? f.slice(0, f.lastIndexOf("/")) : ".";
      const r = rand();
      let script: string | undefined;
      let args: string[] | undefined;
      if (r < 0.3) script = `mkdir -p '${dir}' && echo ${step} >> '${f}'`;
      else if (r < 0.38) script = `rm -f '${f}'`;
      else if (r < 0.43) script = `test -f '${f}' && chmod +x '${f}' || true`;
      else if (r < 0.45) script = `test -f '${f}' && mv '${f}' '${f}.moved' || true`;
      else if (r < 0.47) script = `rm -rf '${f}' && mkdir -p '${f}' && echo ${step} > '${f}/inner' || true`;
      else if (r < 0.62) args = ["add", pick([f, dir, ".", "-A"])];
      else if (r < 0.68) args = ["rm", "--cached", "-q", "--ignore-unmatch", f].filter((a) => a !== "--ignore-unmatch");
      else if (r < 0.78) args = ["commit", "-am", `step ${step}`];
      else if (r < 0.84) args = ["commit", "-m", `step ${step}`];
      else if (r < 0.9) args = ["reset", "-q"];
      else args = ["checkout", "--", f];
      if (script) t.sh(script);
      if (args) {
        const res = await t.both(args);
        expect({ step, args, code: res.ours.code, out: res.ours.stdout }).toEqual({ step, args, code: res.real.code, out: res.real.stdout });
      }
      for (const view of [["status"], ["status", "--porcelain"], ["status", "-s", "-uall"], ["diff"], ["diff", "--cached"]]) {
        const res = await t.both(view);
        expect({ step, view, ...res.ours }).toEqual({ step, view, ...res.real });
      }
    }
  }, 60_000);
});
