import { describe, expect, test } from "bun:test";
import { renderTable, type Column } from "../../src/term/table.ts";
import { displayWidth } from "../../src/term/width.ts";
import { issueTable, LEARN_ROW, READ_ROW } from "../support/issue-table.ts";

const taskColumns: Column[] = [
  { header: "ID" },
  { header: "Task", minWidth: 23 },
  { header: "Priority" },
  { header: "Due" },
  { header: "Status", minWidth: 8 },
];

/** Every line of a rendered table must be exactly as wide as its top border. */
function expectAligned(table: string): void {
  const lines = table.split("\n");
  const width = displayWidth(lines[0]!);
  for (const line of lines) expect(displayWidth(line)).toBe(width);
}

describe("renderTable", () => {
  test("reproduces the task list table byte for byte", () => {
    const got = renderTable(taskColumns, [
      ["1", "Learn Go concurrency", "HIGH", "Jan 15 2025", "pending"],
      ["2", "Read Learning Go book", "MEDIUM", "-", "pending"],
    ]);
    expect(got).toBe(
      issueTable(LEARN_ROW, READ_ROW),
    );
  });

  test("renders just the header box when there are no rows", () => {
    expect(renderTable([{ header: "ID" }, { header: "Task" }], [])).toBe(
      ["┌────┬──────┐", "│ ID │ Task │", "└────┴──────┘"].join("\n"),
    );
  });

  test("right-aligns columns that ask for it", () => {
    const got = renderTable([{ header: "Name" }, { header: "Size", align: "right" }], [["a", "7"], ["b", "1024"]]);
    expect(got.split("\n")[3]).toBe("│ a    │    7 │");
  });

  test("renders missing trailing cells empty", () => {
    const got = renderTable([{ header: "A" }, { header: "B" }], [["x"]]);
    expect(got.split("\n")[3]).toBe("│ x │   │");
  });

  test("renders more rows than a function call can take arguments", () => {
    const rows = new Array<string[]>(1_200_000).fill(["x"]);
    const got = renderTable([{ header: "A" }], rows);
    expect(got.length).toBe((rows.length + 4) * "│ x │\n".length - 1);
  });

  test("rejects a row with more cells than columns", () => {
    expect(() => renderTable([{ header: "A" }], [["1", "2"]])).toThrow("table: row 1 has 2 cells, want at most 1");
  });

  const unruly: [string, string][] = [
    ["coloured cells", "\x1b[32mdone\x1b[39m"],
    ["CJK cells", "日本語のタスク"],
    ["emoji cells", "ship it 🚀👍🏽"],
    ["combining marks", "cafe\u0301"],
    ["newlines", "line one\nline two"],
    ["tabs and carriage returns", "a\tb\r\n"],
    ["cursor-moving escapes", "\x1b[2Jclear"],
    ["bidi overrides", "abc\u202edef"],
  ];
  for (const [name, cell] of unruly) {
    test(`keeps the box aligned with ${name}`, () => {
      const got = renderTable([{ header: "Cell" }, { header: "Next" }], [[cell, "x"]]);
      expectAligned(got);
      expect(got.split("\n")).toHaveLength(5);
    });
  }

  test("shows control characters as visible escapes", () => {
    const got = renderTable([{ header: "Cell" }], [["a\nb\tc\x07"]]);
    expect(got).toContain("│ a\\nb\\tc\\x07 │");
  });

  test("keeps colour in cells and closes colour left open", () => {
    const got = renderTable([{ header: "Status" }], [["\x1b[31mfailed"]]);
    expect(got).toContain("│ \x1b[31mfailed\x1b[0m │");
  });

  test("caps a column at maxWidth, truncating with an ellipsis", () => {
    const got = renderTable([{ header: "Task", maxWidth: 8 }], [["Read Learning Go book"]]);
    expect(got.split("\n")[3]).toBe("│ Read Le… │");
  });

  test("shrinks the widest column first to fit maxTotalWidth", () => {
    const columns: Column[] = [{ header: "ID" }, { header: "Task" }, { header: "Note" }];
    const rows = [["1", "a rather long task description", "short note"]];
    const got = renderTable(columns, rows, { maxTotalWidth: 40 });
    const lines = got.split("\n");
    expect(displayWidth(lines[0]!)).toBe(40);
    expect(lines[3]).toBe("│ 1  │ a rather long tas… │ short note │");
    expectAligned(got);
  });

  test("shrinks columns evenly once they are equally wide", () => {
    const got = renderTable([{ header: "A" }, { header: "B" }], [["x".repeat(20), "y".repeat(20)]], { maxTotalWidth: 27 });
    expect(got.split("\n")[3]).toBe("│ xxxxxxxxx… │ yyyyyyyyy… │");
  });

  test("never shrinks a column below its minWidth", () => {
    const got = renderTable([{ header: "A", minWidth: 10 }, { header: "B" }], [["x".repeat(10), "y".repeat(20)]], {
      maxTotalWidth: 10,
    });
    expect(got.split("\n")[3]).toBe("│ xxxxxxxxxx │ yy… │");
  });
});
