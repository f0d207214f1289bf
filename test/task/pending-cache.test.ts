import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import {
  CACHE_VERSION,
  encodeCache,
  parseCache,
  trustworthy,
  writeCache,
  type FileStamp,
} from "../../src/task/pending-cache.ts";
import type { TaskDocument } from "../../src/task/task.ts";
import { tempDir } from "../support/cli.ts";

const stamp: FileStamp = { size: 1234, mtimeMs: 1736519400123.4567, ctimeMs: 1736519400123.4567, ino: 4242, dev: 64768 };
const later = stamp.ctimeMs + 5;

const doc: TaskDocument = {
  nextId: 4,
  tasks: [
    { id: 1, title: "done", priority: "low", due: null, status: "complete", completed: "2025-01-10T14:30:00Z" },
    { id: 2, title: "Learn Go", priority: "high", due: "2025-01-15T00:00:00Z", status: "pending", tags: ["go"], extra: { kept: true } },
    { id: 3, title: "Read", priority: "medium", due: null, status: "pending", created: "2025-01-10T14:30:00Z" },
  ],
};

describe("parseCache", () => {
  test("returns the pending tasks, unchanged, of the file version it was written for", () => {
    const tasks = parseCache(encodeCache(stamp, later, doc), stamp);
    expect(tasks).toEqual([doc.tasks[1]!, doc.tasks[2]!]);
    expect(JSON.stringify(tasks)).toBe(JSON.stringify([doc.tasks[1], doc.tasks[2]])); // same keys in the same order
  });

  test("holds one header line and one pending task per line", () => {
    const lines = encodeCache(stamp, later, doc).trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(JSON.parse(`${lines[0]}]}`)).toMatchObject({ version: CACHE_VERSION, ...stamp, clockMs: later, nextId: 4, count: 3, pending: [] });
  });

  const changed: [string, Partial<FileStamp>][] = [
    ["size", { size: 1235 }],
    ["mtime", { mtimeMs: stamp.mtimeMs + 0.001 }],
    ["ctime", { ctimeMs: stamp.ctimeMs + 0.001 }],
    ["inode", { ino: 4243 }],
    ["device", { dev: 1 }],
  ];
  for (const [what, change] of changed) {
    test(`is ignored when the file's ${what} differs`, () => {
      expect(parseCache(encodeCache(stamp, later, doc), { ...stamp, ...change })).toBeUndefined();
    });
  }

  const damaged: [string, string][] = [
    ["not JSON", "{garbage"],
    ["truncated", encodeCache(stamp, later, doc).slice(0, 200)],
    ["of another version", encodeCache(stamp, later, doc).replace(`"version":${CACHE_VERSION}`, '"version":999')],
    ["without a clock sample", encodeCache(stamp, later, doc).replace(/"clockMs":[\d.]+,/, "")],
    ["holding a malformed task", encodeCache(stamp, later, doc).replace('"priority":"high"', '"priority":"urgent"')],
    ["holding a completed task", encodeCache(stamp, later, doc).replace('"id":3,"title":"Read","priority":"medium","due":null,"status":"pending"', '"id":3,"title":"Read","priority":"medium","due":null,"status":"complete"')],
    ["holding a duplicate id", encodeCache(stamp, later, doc).replace('"id":3', '"id":2')],
  ];
  for (const [what, text] of damaged) {
    test(`is ignored when ${what}`, () => {
      expect(text).not.toBe(encodeCache(stamp, later, doc));
      expect(parseCache(text, stamp)).toBeUndefined();
    });
  }
});

describe("trustworthy (racy-clean rule)", () => {
  const cases: [string, FileStamp, number, boolean][] = [
    ["a clock sample newer than mtime and ctime", stamp, stamp.ctimeMs + 0.001, true],
    ["a clock sample in the same tick as the change", stamp, stamp.ctimeMs, false],
    ["a clock sample older than the change", stamp, stamp.ctimeMs - 4, false],
    ["an mtime set into the future", { ...stamp, mtimeMs: stamp.ctimeMs + 60_000 }, later, false],
    ["whole-second times (coarse file system), sample 1 s newer", { ...stamp, mtimeMs: 1736519400000, ctimeMs: 1736519400000 }, 1736519401000, false],
    ["whole-second times (coarse file system), sample 2 s newer", { ...stamp, mtimeMs: 1736519400000, ctimeMs: 1736519400000 }, 1736519402000, true],
  ];
  for (const [what, s, clock, want] of cases) {
    test(`${want ? "trusts" : "distrusts"} ${what}`, () => {
      expect(trustworthy(s, clock)).toBe(want);
    });
  }
});

describe("writeCache", () => {
  test("writes atomically with the tasks file's permissions, leaving no temporary file", async () => {
    using dir = tempDir();
    const path = `${dir.path}/tasks.json.cache`;
    expect(await writeCache(path, stamp, doc, { mode: 0o600 })).toBe(true);
    expect(readdirSync(dir.path)).toEqual(["tasks.json.cache"]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const clock = JSON.parse(readFileSync(path, "utf8")).clockMs;
    expect(clock).toBeLessThanOrEqual(statSync(path).ctimeMs); // sampled from the new file itself, before it was written
  });

  test("uses the given clock sample", async () => {
    using dir = tempDir();
    const path = `${dir.path}/tasks.json.cache`;
    await writeCache(path, stamp, doc, { mode: 0o644, clockMs: later });
    expect(parseCache(readFileSync(path, "utf8"), stamp)).toHaveLength(2);
  });

  test("reports failure instead of throwing, and cleans up", async () => {
    using dir = tempDir();
    expect(await writeCache(`${dir.path}/missing/tasks.json.cache`, stamp, doc, { mode: 0o644 })).toBe(false);
    mkdirSync(`${dir.path}/tasks.json.cache`); // a directory where the cache should go: rename fails, even as root
    expect(await writeCache(`${dir.path}/tasks.json.cache`, stamp, doc, { mode: 0o644 })).toBe(false);
    expect(readdirSync(dir.path)).toEqual(["tasks.json.cache"]);
  });
});
