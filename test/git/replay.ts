/**
 * The differential replay shared by the porcelain and hooks tests: each step
 * runs in twin repositories, one driven by real git and one by gokit git;
 * outputs and exit codes must be byte-identical (the work trees' paths read
 * as "<dir>"), real `git fsck --strict` must find nothing wrong in ours after
 * every step, and the refs must be the same at the end.
 */
import { expect } from "bun:test";
import { existsSync } from "node:fs";
import { Twin, type Out } from "./support.ts";

/** A shell snippet (run in both trees), git arguments, git arguments run from a subdirectory, or real git's view of both repositories. */
export type Step = string | string[] | { cwd: string; args: string[] } | { check: string[] };

/** `o` with the work tree `dir` written "<dir>", and whatever else `more` rewrites. */
export function normalize(o: Out, dir: string, more: (s: string) => string = (s) => s): Out {
  const n = (s: string) => more(s.replaceAll(dir, "<dir>"));
  return { code: o.code, stdout: n(o.stdout), stderr: n(o.stderr) };
}

/** What a test adds to the replay: output rewriting, a check after each step and at the end. */
export interface ReplayOptions {
  more?: (s: string) => string;
  afterStep?: (t: Twin) => void;
  atEnd?: (t: Twin) => void;
}

/** Replays `steps` on twin repositories with `env` added, comparing every step (see the file comment). */
export async function replay(steps: Step[], env: Record<string, string> = {}, options: ReplayOptions = {}): Promise<void> {
  using t = new Twin();
  Object.assign(t.env, env);
  for (const step of steps) {
    if (typeof step === "string") {
      t.sh(step);
      continue;
    }
    if ("check" in step) {
      const real = normalize(t.realGit(step.check), t.real, options.more);
      const ours = normalize(t.gitOnOurs(step.check), t.ours, options.more);
      expect({ check: step.check.join(" "), ...ours }).toEqual({ check: step.check.join(" "), ...real });
      continue;
    }
    const args = Array.isArray(step) ? step : step.args;
    const r = Array.isArray(step) ? await t.both(step) : await t.both(step.args, step.cwd);
    expect({ step: args.join(" "), ...normalize(r.ours, t.ours, options.more) }).toEqual({ step: args.join(" "), ...normalize(r.real, t.real, options.more) });
    options.afterStep?.(t);
    // Real git checks what we wrote: nothing but notices (an unborn HEAD) from fsck --strict.
    if (!existsSync(`${t.ours}/.git`)) continue;
    const fsck = t.gitOnOurs(["fsck", "--strict", "--no-dangling"]);
    const problems = (fsck.stdout + fsck.stderr).split("\n").filter((l) => l !== "" && !l.startsWith("notice: "));
    expect({ step: args.join(" "), problems, code: fsck.code }).toEqual({ step: args.join(" "), problems: [], code: 0 });
  }
  // Same refs, same objects reachable: the histories are identical.
  const refs = await t.both(["show-ref"]);
  expect(refs.ours.stdout).toBe(refs.real.stdout);
  options.atEnd?.(t);
}
