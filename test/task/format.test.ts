import { describe, expect, test } from "bun:test";
import { palette } from "../../src/term/color.ts";
import {
  addedLine,
  completedLine,
  deletedLine,
  reopenedLine,
  taskDetails,
  taskTable,
  undoneLine,
  updatedLine,
  type FormatOptions,
} from "../../src/task/format.ts";
import type { Task } from "../../src/task/task.ts";
import { issueTable, LEARN_ROW, READ_ROW } from "../support/issue-table.ts";

const plain: FormatOptions = { today: Date.UTC(2025, 0, 10), palette: palette(false) };
const colour: FormatOptions = { ...plain, palette: palette(true) };

const learn: Task = {
  id: 1,
  title: "Learn Go concurrency",
  priority: "high",
  due: "2025-01-15T00:00:00Z",
  status: "pending",
  created: "2025-01-10T14:30:00Z",
};
const read: Task = { id: 2, title: "Read Learning Go book", priority: "medium", due: null, status: "pending", created: "2025-01-10T14:31:00Z" };

describe("taskTable", () => {
  test("renders the table from the issue exactly", async () => {
    expect(await taskTable([learn, read], plain)).toBe(
      issueTable(LEARN_ROW, READ_ROW),
    );
  });

  test("marks pending tasks due before today as overdue, and not completed ones", async () => {
    const late = { ...learn, due: "2025-01-09T00:00:00Z" };
    const done = { ...read, due: "2025-01-09T00:00:00Z", status: "complete" as const };
    const table = await taskTable([late, done], plain);
    expect(table).toContain("│ Jan 9 2025 (overdue) │ pending ");
    expect(table).toContain("│ Jan 9 2025           │ complete ");
  });

  test("a task due today is not overdue", async () => {
    expect(await taskTable([{ ...learn, due: "2025-01-10T00:00:00Z" }], plain)).not.toContain("overdue");
  });

  test("adds a Tags column only when some task has tags", async () => {
    const table = await taskTable([{ ...learn, tags: ["go", "learning"] }, read], plain);
    expect(table.split("\n")[1]).toBe("│ ID │ Task                    │ Priority │ Due         │ Status   │ Tags         │");
    expect(table).toContain("│ go, learning │");
  });

  test("colours overdue dates red and priorities by urgency on a terminal", async () => {
    const table = await taskTable([{ ...learn, due: "2025-01-01T00:00:00Z" }], colour);
    expect(table).toContain("\x1b[31mJan 1 2025 (overdue)\x1b[39m");
    expect(table).toContain("\x1b[31mHIGH\x1b[39m");
  });

  test("fits a width limit by shortening titles first", async () => {
    const long = { ...learn, title: "A very long title that would never fit in a narrow terminal window" };
    const lines = (await taskTable([long], { ...plain, maxWidth: 60 })).split("\n");
    expect(lines.every((l) => [...l].length <= 60)).toBe(true);
    expect(lines[3]).toContain("A very long");
    expect(lines[3]).toContain("…");
    expect(lines[3]).toContain("Jan 15 2025");
  });
});

describe("confirmation lines", () => {
  test("add shows priority and a short due date as in the issue", () => {
    expect(addedLine(learn, plain)).toBe('✓ Added task #1: "Learn Go concurrency" (high priority, due Jan 15)');
    expect(addedLine(read, plain)).toBe('✓ Added task #2: "Read Learning Go book" (medium priority)');
  });

  test("add mentions the year of a due date in another year, and tags", () => {
    expect(addedLine({ ...learn, due: "2026-02-01T00:00:00Z", tags: ["go"] }, plain)).toBe(
      '✓ Added task #1: "Learn Go concurrency" (high priority, due Feb 1 2026, tags go)',
    );
  });

  test("the check mark is green only with colour", () => {
    expect(addedLine(read, colour)).toStartWith("\x1b[32m✓\x1b[39m Added");
  });

  test("complete, reopen, update, delete and undo read as sentences", () => {
    expect(completedLine(learn, true, plain)).toBe("✓ Marked task #1 as complete");
    expect(completedLine(learn, false, plain)).toBe("Task #1 is already complete");
    expect(reopenedLine(learn, true, plain)).toBe("✓ Reopened task #1");
    expect(reopenedLine(learn, false, plain)).toBe("Task #1 is already pending");
    expect(updatedLine(read, plain)).toBe('✓ Updated task #2: "Read Learning Go book" (medium priority)');
    expect(deletedLine(read, plain)).toBe('✓ Deleted task #2: "Read Learning Go book"');
    expect(undoneLine("complete", [{ id: 1, before: learn, after: learn }], plain)).toBe("✓ Undid complete of task #1");
    expect(undoneLine("delete", [{ id: 1, before: null, after: learn }, { id: 2, before: null, after: read }], plain)).toBe(
      "✓ Undid delete of tasks #1, #2",
    );
  });
});

describe("taskDetails", () => {
  test("lists the fields of one task", () => {
    const done: Task = { ...learn, status: "complete", completed: "2025-01-12T09:05:00Z", tags: ["go"] };
    expect(taskDetails(done, plain)).toBe(
      [
        "Task #1: Learn Go concurrency",
        "  Priority:  high",
        "  Due:       Jan 15 2025",
        "  Status:    complete",
        "  Tags:      go",
        "  Created:   Jan 10 2025 14:30 UTC",
        "  Completed: Jan 12 2025 09:05 UTC",
      ].join("\n"),
    );
  });
});
