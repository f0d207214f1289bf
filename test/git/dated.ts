/**
 * Differential runs at chosen dates: real git and gokit run the same
 * command with the committer (and tagger) date and the author date set, for
 * histories whose refs must differ in age.
 */
import { expect } from "bun:test";
import { ourGit, realGit, type Twin } from "./support.ts";

/** Runs `args` on both sides at `time` (author date `authored`), expecting the same output and exit code. */
export async function sameAt(t: Twin, time: number, args: string[], authored = time): Promise<void> {
  const env = { ...t.env, GIT_AUTHOR_DATE: `@${authored} +0100`, GIT_COMMITTER_DATE: `@${time} +0100` };
  const real = realGit(t.real, env, args);
  const ours = await ourGit(t.ours, env, args);
  expect({ args, ...ours }).toEqual({ args, ...real });
}
