import { describe, expect, test } from "bun:test";
import { selectTasks, type TaskFilter, type SortKey } from "../../src/task/query.ts";
import type { Task } from "../../src/task/task.ts";

const t = (id: number, over: Partial<Task> = {}): Task => ({
  id,
  title: `Task ${id}`,
  priority: "medium",
  due: null,
  status: "pending",
  created: `2025-01-0${id}T00:00:00Z`,
  ...over,
});

const tasks: Task[] = [
  t(1, { title: "Learn Go concurrency", priority: "high", due: "2025-01-15T00:00:00Z", tags: ["go"] }),
  t(2, { title: "Read Learning Go book", due: "2025-01-12T00:00:00Z", tags: ["go", "books"] }),
  t(3, { title: "Water plants", priority: "low", status: "complete", created: "2025-01-09T00:00:00Z" }),
  t(4, { title: "File taxes", priority: "high", due: "2025-01-12T00:00:00Z", created: "2025-01-01T00:00:00Z" }),
  t(5, { title: "Call mum", priority: "low" }),
];

const ids = (filter: TaskFilter, sort?: SortKey) => selectTasks(tasks, filter, sort).map((x) => x.id);

describe("selectTasks filters", () => {
  const cases: [string, TaskFilter, number[]][] = [
    ["pending tasks by default", {}, [1, 2, 4, 5]],
    ["complete tasks for status complete", { status: "complete" }, [3]],
    ["every task for status all", { status: "all" }, [1, 2, 3, 4, 5]],
    ["any of the given priorities", { priorities: ["high", "low"] }, [1, 4, 5]],
    ["tasks carrying all the given tags", { tags: ["go", "books"] }, [2]],
    ["tasks due strictly before a day, never undated ones", { dueBefore: Date.UTC(2025, 0, 15) }, [2, 4]],
    ["a case-insensitive title search", { search: "GO" }, [1, 2]],
    ["a search that also matches tags", { search: "book" }, [2]],
    ["filters combined with AND", { status: "all", priorities: ["high"], dueBefore: Date.UTC(2025, 0, 13) }, [4]],
    ["nothing when nothing matches", { search: "zzz" }, []],
  ];
  for (const [name, filter, want] of cases) {
    test(`keeps ${name}`, () => {
      expect(ids(filter)).toEqual(want);
    });
  }
});

describe("selectTasks sorts", () => {
  const cases: [SortKey, number[]][] = [
    ["id", [1, 2, 3, 4, 5]],
    ["due", [2, 4, 1, 3, 5]], // soonest first, ties by id, undated last
    ["priority", [1, 4, 2, 3, 5]], // high, medium, low; ties by id
    ["created", [1, 4, 2, 5, 3]], // oldest first, ties by id
  ];
  for (const [sort, want] of cases) {
    test(`by ${sort}`, () => {
      expect(ids({ status: "all" }, sort)).toEqual(want);
    });
  }

  test("does not reorder its input", () => {
    const before = tasks.map((x) => x.id);
    selectTasks(tasks, { status: "all" }, "due");
    expect(tasks.map((x) => x.id)).toEqual(before);
  });
});
