/**
 * Seeded random histories with branches: commits (some renaming files), checkouts (some refused
 * because of local changes), branch creation and deletion, merges (fast-
 * forward, clean, conflicted then resolved or aborted), resets. Every
 * command's output and exit code, and the resulting graph, must be git's.
 */
import { describe, expect, test } from "bun:test";
import { prng } from "../support/prng.ts";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("branching histories against real git", () => {
  test.each([3, 42, 67, 106, 124, 443, 558])("every command answers as git does (seed %d)", async (seed) => {
    const rand = prng(seed);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
    using t = new Twin();
    const run = async (args: string[], step: number) => {
      const r = await t.both(args);
      const norm = (o: typeof r.real, dir: string) => ({ code: o.code, stdout: o.stdout.replaceAll(dir, "<dir>"), stderr: o.stderr.replaceAll(dir, "<dir>") });
      expect({ step, args, ...norm(r.ours, t.ours) }).toEqual({ step, args, ...norm(r.real, t.real) });
      return r.real;
    };
    await run(["init", "-q"], -1);
    t.sh("seq 1 20 > f.txt; echo x > g.txt");
    await run(["add", "."], -1);
    await run(["commit", "-qm", "root"], -1);
    const branches = ["master"];
    for (let step = 0; step < 40; step++) {
      const r = rand();
      if (r < 0.35) {
        const line = 1 + Math.floor(rand() * 20);
        t.sh(
          pick([
            `sed -i 's/^${line}$/${line} s${step}/' f.txt`,
            `echo ${step} >> g.txt`,
            `echo ${step} > n${step % 4}.txt`,
            // A rename (through real git, in both trees) that later merges must follow.
            `f=$(ls n*.txt 2>/dev/null | head -1); [ -n "$f" ] && git mv "$f" "m${step}.txt" || true`,
          ]),
        );
        await run(["add", "."], step);
        await run(["commit", "-qm", `c${step}`], step);
      } else if (r < 0.45) {
        const name = `b${step}`;
        await run(["branch", name], step);
        branches.push(name);
      } else if (r < 0.6) {
        if (rand() < 0.3) t.sh(`echo local${step} >> g.txt`);
        await run(["checkout", pick(branches)], step);
      } else if (r < 0.8) {
        const res = await run(["merge", pick(branches)], step);
        if (res.code === 1 && res.stdout.includes("Automatic merge failed")) {
          await run(["status"], step);
          await run(["diff"], step);
          if (rand() < 0.5) await run(["merge", "--abort"], step);
          else {
            t.sh("git diff --name-only --diff-filter=U | xargs -r -n1 sh -c 'seq 1 3 > \"$0\"'");
            await run(["add", "-A"], step);
            await run(["commit", "-qm", `merged ${step}`], step);
          }
        }
      } else if (r < 0.87) await run(["reset", "-q", "--hard", pick(["HEAD", "HEAD~1", pick(branches)])], step);
      else if (r < 0.93) await run(["branch", "-d", pick(branches)], step);
      else await run(["status", "--porcelain"], step);
    }
    await run(["log", "--graph", "--oneline", "--all"], 99);
    await run(["status"], 99);
  }, 60_000);
});
