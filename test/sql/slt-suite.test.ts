import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { runSltFile, type SltFailure } from "../../src/sql/slt.ts";
import { testdata } from "../support/testdata.ts";

const dir = testdata("sqllogictest");
const files = [
  ...readdirSync(dir).filter((f) => f.endsWith(".test")).map((f) => join(dir, f)),
  ...readdirSync(join(dir, "evidence")).filter((f) => f.endsWith(".test")).map((f) => join(dir, "evidence", f)),
];

function run(file: string, engines: string[]) {
  const failures: SltFailure[] = [];
  const r = runSltFile(file, { engines, onFailure: (f) => failures.push(f) });
  return { ...r, shown: failures.slice(0, 5).map((f) => `${f.file}:${f.line}: ${f.message}`) };
}

describe("the sqllogictest corpus", () => {
  test("holds the three select files and the evidence files", () => {
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(expect.arrayContaining(["select1.test", "select2.test", "select3.test", "evidence/in1.test"]));
  });
  for (const file of files) {
    const name = file.slice(dir.length + 1);
    test(`${name} passes completely as gokit`, () => {
      const r = run(file, ["gokit"]);
      expect(r.shown).toEqual([]);
      expect(r.failed).toBe(0);
      // select1-3 run every record (nothing is guarded by onlyif/skipif there)
      const want: Record<string, number> = { "select1.test": 1031, "select2.test": 1031, "select3.test": 3351 };
      if (want[name] !== undefined) expect(r.passed).toBe(want[name]!);
      else expect(r.passed).toBeGreaterThan(0);
    }, 60_000);
    if (name.startsWith("evidence/")) {
      test(`${name} passes completely when also answering to onlyif sqlite`, () => {
        const r = run(file, ["gokit", "sqlite"]);
        expect(r.shown).toEqual([]);
        expect(r.failed).toBe(0);
      }, 60_000);
    }
  }
});
