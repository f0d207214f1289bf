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
      expect(r.passed).toBeGreaterThan(0);
    });
    if (name.startsWith("evidence/")) {
      test(`${name} passes completely when also answering to onlyif sqlite`, () => {
        const r = run(file, ["gokit", "sqlite"]);
        expect(r.shown).toEqual([]);
        expect(r.failed).toBe(0);
      });
    }
  }
  test("the select files run every record (none skipped)", () => {
    const counts = ["select1.test", "select2.test", "select3.test"].map((f) => run(join(dir, f), ["gokit"]));
    expect(counts.map((c) => c.passed)).toEqual([1031, 1031, 3351]);
  });
});
