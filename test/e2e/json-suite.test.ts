/**
 * JSONTestSuite (nst/JSONTestSuite, test_parsing/) through the CLI: every y_
 * file accepted, every n_ file rejected, i_ files either way, and never a
 * crash, hang or stack overflow. One process per class checks all its files
 * (`gokit json --check FILE…` names each invalid file on stderr).
 */
import { describe, expect, test } from "bun:test";
import { testdata } from "../support/testdata.ts";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { runGokit } from "../support/cli.ts";

const suite = testdata("json/JSONTestSuite/test_parsing");
const files = readdirSync(suite).filter((f) => f.endsWith(".json")).sort();
const byClass = (prefix: string) => files.filter((f) => f.startsWith(prefix)).map((f) => resolve(suite, f));

/** Runs --check over `paths`; returns the exit code and the set of files reported invalid. */
async function check(paths: string[]): Promise<{ code: number; rejected: Set<string>; stray: string[] }> {
  const r = await runGokit(["json", "--check", ...paths], { timeoutMs: 60_000 });
  const rejected = new Set<string>();
  const stray: string[] = [];
  for (const line of r.stderr.split("\n")) {
    if (line === "") continue;
    const path = paths.find((p) => line.startsWith(`${p}: Parse error at line `));
    if (path) rejected.add(path);
    else stray.push(line);
  }
  return { code: r.code, rejected, stray };
}

describe("JSONTestSuite test_parsing", () => {
  test("has all 318 files", () => {
    expect(files).toHaveLength(318);
  });

  test("accepts every y_ file", async () => {
    const y = byClass("y_");
    expect(y).toHaveLength(95);
    const r = await check(y);
    expect({ code: r.code, rejected: [...r.rejected], stray: r.stray }).toEqual({ code: 0, rejected: [], stray: [] });
  });

  test("rejects every n_ file with a positioned parse error", async () => {
    const n = byClass("n_");
    expect(n).toHaveLength(188);
    const r = await check(n);
    expect({ code: r.code, accepted: n.filter((p) => !r.rejected.has(p)), stray: r.stray }).toEqual({ code: 1, accepted: [], stray: [] });
  });

  test("accepts or rejects each i_ file cleanly", async () => {
    const i = byClass("i_");
    expect(i).toHaveLength(35);
    const r = await check(i);
    expect(r.stray).toEqual([]);
    expect([0, 1]).toContain(r.code);
  });

  test.each(["n_structure_100000_opening_arrays.json", "n_structure_open_array_object.json", "i_string_UTF-16LE_with_BOM.json", "y_string_accepted_surrogate_pair.json"])(
    "exits 0 or 1 for %s on its own",
    async (name) => {
      const r = await runGokit(["json", "--check", resolve(suite, name)]);
      expect(r.code).toBe(name.startsWith("y_") ? 0 : 1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(name.startsWith("y_") ? /^$/ : /^Parse error at line \d+, column \d+: [^\n]+\n$/);
    },
  );
});
