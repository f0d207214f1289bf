/**
 * A commit's subject as git derives it (pretty.c format_subject): leading
 * blank lines skipped, the first paragraph's lines joined by spaces, each
 * without trailing whitespace, leading spaces kept — in the commit summary,
 * log --oneline and %s.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { ourGit, realGit, Twin } from "./support.ts";

const MESSAGES = ["   leading spaces", "first line\nsecond line  \n\nbody", "\ttab first\n  indented second\t", "trailing spaces   \n\n  body", "one\r\ntwo\r\n\r\nthree"];

describe.if(haveCommand("git"))("commit subjects against real git", () => {
  test("summary, --oneline and %s agree with git", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    for (const [k, message] of MESSAGES.entries()) {
      t.sh(`echo ${k} > f`);
      await t.both(["add", "f"]);
      writeFileSync(`${t.root}/msg`, message);
      const real = realGit(t.real, t.env, ["commit", "-F", "../msg"]);
      const ours = await ourGit(t.ours, t.env, ["commit", "-F", "../msg"]);
      expect({ message, stdout: ours.stdout.split("\n")[0] }).toEqual({ message, stdout: real.stdout.split("\n")[0] });
    }
    for (const view of [["log", "--oneline"], ["log", "--format=[%s]"]]) {
      const r = await t.both(view);
      expect({ view, ...r.ours }).toEqual({ view, ...r.real });
    }
  });
});
