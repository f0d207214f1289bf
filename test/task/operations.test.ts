import { describe, expect, test } from "bun:test";
import { addTask, deleteTasks, editTask, normalizeTags, normalizeTitle, setStatus, TaskNotFoundError } from "../../src/task/operations.ts";
import { resolveTasksPath } from "../../src/task/tasks-path.ts";
import type { TaskDocument } from "../../src/task/task.ts";

const now = new Date("2025-01-10T14:30:00Z");
const doc = (): TaskDocument => ({ nextId: 1, tasks: [] });

describe("operations", () => {
  test("addTask hands out nextId and stamps the creation time", () => {
    const d = doc();
    const t = addTask(d, { title: "a", priority: "low", due: null, tags: ["x"] }, now);
    expect(t).toEqual({ id: 1, title: "a", priority: "low", due: null, status: "pending", created: "2025-01-10T14:30:00Z", tags: ["x"] });
    expect(d.nextId).toBe(2);
  });

  test("setStatus replaces tasks rather than mutating them, and records the completion time", () => {
    const d = doc();
    const original = addTask(d, { title: "a", priority: "low", due: null }, now);
    const [change] = setStatus(d, [1], "complete", now);
    expect(change).toEqual({ task: { ...original, status: "complete", completed: "2025-01-10T14:30:00Z" }, changed: true });
    expect(original.status).toBe("pending");
    expect(setStatus(d, [1], "pending", now)[0]!.task).toEqual(original);
  });

  test("editTask changes only the given fields; empty tags remove them", () => {
    const d = doc();
    addTask(d, { title: "a", priority: "low", due: "2025-01-15T00:00:00Z", tags: ["x"] }, now);
    const t = editTask(d, 1, { priority: "high", due: null, tags: [] });
    expect(t).toEqual({ id: 1, title: "a", priority: "high", due: null, status: "pending", created: "2025-01-10T14:30:00Z" });
  });

  test("operations on several ids check them all before changing any", () => {
    const d = doc();
    addTask(d, { title: "a", priority: "low", due: null }, now);
    expect(() => deleteTasks(d, [1, 9])).toThrow(new TaskNotFoundError(9));
    expect(() => setStatus(d, [1, 9], "complete", now)).toThrow("no task with id 9");
    expect(d.tasks.map((t) => [t.id, t.status])).toEqual([[1, "pending"]]);
  });

  test("normalizeTitle keeps titles on one line", () => {
    expect(normalizeTitle("  Learn\n Go \t now ")).toBe("Learn Go now");
    expect(normalizeTitle(" \n ")).toBe("");
  });

  test("normalizeTags splits commas, drops '#', blanks and duplicates", () => {
    expect(normalizeTags(["go,#books", " go ", "", "reading"])).toEqual(["go", "books", "reading"]);
  });
});

describe("resolveTasksPath", () => {
  const base = { home: "/home/me", cwd: "/work/dir" };
  const cases: [string | undefined, string][] = [
    [undefined, "/home/me/.tasks.json"],
    ["", "/home/me/.tasks.json"],
    ["~", "/home/me"],
    ["~/notes/tasks.json", "/home/me/notes/tasks.json"],
    ["/tmp/x/tasks.json", "/tmp/x/tasks.json"],
    ["tasks.json", "/work/dir/tasks.json"],
    ["../other/./t.json", "/work/other/t.json"],
    ["~user/t.json", "/work/dir/~user/t.json"], // only the current user's ~ is expanded
  ];
  for (const [input, want] of cases) {
    test(`resolves ${JSON.stringify(input)} to ${want}`, () => {
      expect(resolveTasksPath(input, base)).toBe(want);
    });
  }
});
