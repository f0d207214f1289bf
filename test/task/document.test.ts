import { describe, expect, test } from "bun:test";
import { TaskDocumentError, decodeDocument, encodeDocument, isIsoTime, parseDocument } from "../../src/task/document.ts";

const task = (over: Record<string, unknown> = {}) => ({
  id: 1,
  title: "Learn Go concurrency",
  priority: "high",
  due: "2025-01-15T00:00:00Z",
  status: "pending",
  created: "2025-01-10T14:30:00Z",
  ...over,
});

function decodeError(value: unknown): string {
  try {
    decodeDocument(value);
  } catch (e) {
    expect(e).toBeInstanceOf(TaskDocumentError);
    return (e as Error).message;
  }
  throw new Error("decoded");
}

describe("decodeDocument", () => {
  test("accepts the documented layout and keeps unknown fields", () => {
    const doc = decodeDocument({ tasks: [task({ tags: ["go"], note: "kept" })], owner: "me" });
    expect(doc.tasks[0]).toEqual(task({ tags: ["go"], note: "kept" }) as never);
    expect(doc.owner).toBe("me");
  });

  test("derives nextId from the largest id when it is missing or too small", () => {
    expect(decodeDocument({ tasks: [task({ id: 4 }), task({ id: 2 })] }).nextId).toBe(5);
    expect(decodeDocument({ nextId: 3, tasks: [task({ id: 4 })] }).nextId).toBe(5);
    expect(decodeDocument({ nextId: 9, tasks: [task({ id: 4 })] }).nextId).toBe(9);
    expect(decodeDocument({ tasks: [] }).nextId).toBe(1);
  });

  test("treats a missing due date as none", () => {
    const { due: _, ...noDue } = task();
    expect(decodeDocument({ tasks: [noDue] }).tasks[0]!.due).toBeNull();
  });

  const bad: [string, unknown, string][] = [
    ["a top-level array", [], `want an object with a "tasks" array, got an array`],
    ["a document without tasks", { todo: [] }, `missing "tasks" array`],
    ["a task that is not an object", { tasks: [task(), 7] }, `tasks[1]: want an object, got number 7`],
    ["a task without an id", { tasks: [task(), task({ id: undefined })] }, `tasks[1]: missing "id"`],
    ["a fractional id", { tasks: [task({ id: 1.5 })] }, `tasks[0]: "id" must be a positive integer, got number 1.5`],
    ["a string id", { tasks: [task({ id: "1" })] }, `tasks[0]: "id" must be a positive integer, got string "1"`],
    ["a duplicate id", { tasks: [task({ id: 2 }), task({ id: 1 }), task({ id: 2 })] }, `tasks[2]: duplicate id 2`],
    ["an empty title", { tasks: [task({ title: "  " })] }, `tasks[0] (id 1): "title" must be a non-empty string`],
    ["an unknown priority", { tasks: [task({ priority: "urgent" })] }, `tasks[0] (id 1): "priority" must be "low", "medium" or "high", got string "urgent"`],
    ["an unknown status", { tasks: [task({ status: "done" })] }, `tasks[0] (id 1): "status" must be "pending" or "complete", got string "done"`],
    ["an unparseable due date", { tasks: [task({ due: "next week" })] }, `tasks[0] (id 1): "due" must be an ISO 8601 date or null, got string "next week"`],
    ["an impossible due date", { tasks: [task({ due: "2025-13-45" })] }, `tasks[0] (id 1): "due" must be an ISO 8601 date or null, got string "2025-13-45"`],
    ["a numeric created time", { tasks: [task({ created: 1736519400 })] }, `tasks[0] (id 1): "created" must be an ISO 8601 time, got number 1736519400`],
    ["tags that are not strings", { tasks: [task({ tags: [1] })] }, `tasks[0] (id 1): "tags" must be an array of strings`],
    ["tags that are not an array", { tasks: [task({ tags: "go" })] }, `tasks[0] (id 1): "tags" must be an array of strings`],
    ["a task that is an array", { tasks: [task(), [1]] }, `tasks[1]: want an object, got an array`],
    ["a task that is null", { tasks: [null] }, `tasks[0]: want an object, got null`],
    ["a malformed completed time", { tasks: [task({ completed: "2025-01-11T08:00:00" })] }, `tasks[0] (id 1): "completed" must be an ISO 8601 time, got string "2025-01-11T08:00:00"`],
    ["a negative nextId", { nextId: -1, tasks: [] }, `"nextId" must be a positive integer, got number -1`],
  ];
  for (const [name, value, message] of bad) {
    test(`rejects ${name}, naming the place`, () => {
      expect(decodeError(value)).toBe(message);
    });
  }
});

describe("isIsoTime", () => {
  test("accepts stored dates and times", () => {
    for (const s of ["2025-01-15", "2025-01-15T00:00:00Z", "2025-01-15T09:30Z", "2025-01-15T09:30:00.123Z", "2025-01-15T09:30:00+02:00"]) {
      expect(isIsoTime(s)).toBe(true);
    }
  });

  test("rejects anything else", () => {
    for (const s of ["", "2025-1-15", "2025-00-10", "2025-01-32", "2025-01-15T24:00:00Z", "2025-01-15T00:00:00", "Jan 15 2025", "2025-01-15 00:00:00Z"]) {
      expect(isIsoTime(s)).toBe(false);
    }
  });
});

describe("parseDocument and encodeDocument", () => {
  test("an empty or blank file is an empty document", () => {
    expect(parseDocument("")).toEqual({ nextId: 1, tasks: [] });
    expect(parseDocument(" \n")).toEqual({ nextId: 1, tasks: [] });
  });

  test("a byte order mark is ignored", () => {
    expect(parseDocument('\ufeff{"tasks":[]}').tasks).toEqual([]);
  });

  test("syntax errors carry line and column", () => {
    expect(() => parseDocument('{\n  "tasks": [\n    {"id": 1, }\n  ]\n}')).toThrow("line 3, column 15: unexpected '}'");
  });

  test("encodes with a two-space indent, nextId first and a final newline", () => {
    const text = encodeDocument({ tasks: [task() as never], nextId: 2 });
    expect(text).toBe(
      [
        "{",
        '  "nextId": 2,',
        '  "tasks": [',
        "    {",
        '      "id": 1,',
        '      "title": "Learn Go concurrency",',
        '      "priority": "high",',
        '      "due": "2025-01-15T00:00:00Z",',
        '      "status": "pending",',
        '      "created": "2025-01-10T14:30:00Z"',
        "    }",
        "  ]",
        "}",
        "",
      ].join("\n"),
    );
  });

  test("round-trips a document", () => {
    const doc = decodeDocument({ nextId: 7, tasks: [task({ tags: ["a", "b"], completed: "2025-01-11T08:00:00Z", status: "complete" })] });
    expect(parseDocument(encodeDocument(doc))).toEqual(doc);
  });
});
