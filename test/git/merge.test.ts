/**
 * Merges of generated histories: for seeded random edits on two branches,
 * gokit git's merge leaves the same files, index stages, status and `git diff`
 * (the dense combined diff of conflicts) as the real git's ort merge.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { prng } from "../support/prng.ts";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

function edit(lines: string[], rand: () => number, tag: string): string[] {
  const out = [...lines];
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * out.length);
    const kind = rand();
    if (kind < 0.4) out[at] = `${tag} changed ${at}`;
    else if (kind < 0.7) out.splice(at, 0, `${tag} inserted ${e}`, `${tag} more ${e}`);
    else out.splice(at, 1 + Math.floor(rand() * 2));
  }
  return out;
}

describe.if(haveCommand("git"))("merge against real git on generated histories", () => {
  test("conflicted and clean merges: same files, stages, status and combined diff", async () => {
    const rand = prng(20261128);
    for (let round = 0; round < 8; round++) {
      using t = new Twin();
      const base = Array.from({ length: 20 + Math.floor(rand() * 20) }, (_, k) => (k % 7 === 3 ? "" : `line ${k}${k % 5 === 0 ? " {" : ""}`));
      const ours = edit(base, rand, "ours");
      const theirs = edit(base, rand, "theirs");
      const write = (lines: string[]) => lines.join("\n") + "\n";
      const steps: (string | string[])[] = [["init", "-q"], ["add", "f.txt"], ["commit", "-qm", "base"], ["checkout", "-qb", "side"]];
      let k = 0;
      for (const step of steps) {
        if (k++ === 1) for (const dir of [t.real, t.ours]) writeFileSync(`${dir}/f.txt`, write(base));
        await t.both(step as string[]);
      }
      for (const dir of [t.real, t.ours]) writeFileSync(`${dir}/f.txt`, write(theirs));
      await t.both(["commit", "-qam", "theirs"]);
      await t.both(["checkout", "-q", "master"]);
      for (const dir of [t.real, t.ours]) writeFileSync(`${dir}/f.txt`, write(ours));
      await t.both(["commit", "-qam", "ours"]);
      for (const args of [["merge", "side"], ["ls-files", "-s"], ["status", "--porcelain"], ["diff"]]) {
        const r = await t.both(args);
        expect({ round, args, ...r.ours }).toEqual({ round, args, ...r.real });
      }
      expect(readFileSync(`${t.ours}/f.txt`, "utf8")).toBe(readFileSync(`${t.real}/f.txt`, "utf8"));
    }
  }, 60_000);
});
