import { describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { acquireLock } from "../../src/task/file-lock.ts";
import { addTask, deleteTasks, editTask, setStatus } from "../../src/task/operations.ts";
import { JOURNAL_LIMIT } from "../../src/task/undo-journal.ts";
import { TaskFileError, TaskStore, UndoError } from "../../src/task/store.ts";
import { TaskNotFoundError } from "../../src/task/operations.ts";
import { tempDir } from "../support/cli.ts";

const now = new Date("2025-01-10T14:30:00Z");

function open(dir: { path: string }, options = {}) {
  return new TaskStore(`${dir.path}/tasks.json`, { now: () => now, ...options });
}

async function add(store: TaskStore, title: string) {
  return (await store.update("add", (doc) => addTask(doc, { title, priority: "medium", due: null }, now))).value;
}

const titles = async (store: TaskStore) => (await store.read()).tasks.map((t) => `${t.id}:${t.title}:${t.status}`);

describe("TaskStore", () => {
  test("reads a missing file as an empty list", async () => {
    using dir = tempDir();
    expect(await open(dir).read()).toEqual({ nextId: 1, tasks: [] });
  });

  test("assigns increasing ids and writes pretty-printed JSON", async () => {
    using dir = tempDir();
    const store = open(dir);
    expect((await add(store, "one")).id).toBe(1);
    expect((await add(store, "two")).id).toBe(2);
    const text = readFileSync(store.path, "utf8");
    expect(text).toStartWith('{\n  "nextId": 3,\n  "tasks": [\n    {\n      "id": 1,\n      "title": "one",');
    expect(existsSync(`${store.path}.lock`)).toBe(false);
  });

  test("never reuses an id, even after deleting the highest one", async () => {
    using dir = tempDir();
    const store = open(dir);
    await add(store, "one");
    await add(store, "two");
    await store.update("delete", (doc) => deleteTasks(doc, [2]));
    expect((await add(store, "three")).id).toBe(3);
  });

  test("serialises concurrent updates from one process", async () => {
    using dir = tempDir();
    const store = open(dir);
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => add(store, `t${i}`).then((t) => t.id)));
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await store.read()).tasks).toHaveLength(20);
  });

  test("writes nothing when an update changes nothing", async () => {
    using dir = tempDir();
    const store = open(dir);
    await add(store, "one");
    await store.update("complete", (doc) => setStatus(doc, [1], "complete", now));
    const before = readFileSync(store.path, "utf8");
    const journal = readFileSync(`${store.path}.undo`, "utf8");
    const r = await store.update("complete", (doc) => setStatus(doc, [1], "complete", now));
    expect(r.changes).toEqual([]);
    expect(r.value[0]!.changed).toBe(false);
    expect(readFileSync(store.path, "utf8")).toBe(before);
    expect(readFileSync(`${store.path}.undo`, "utf8")).toBe(journal);
  });

  test("changes nothing when one of several ids is missing", async () => {
    using dir = tempDir();
    const store = open(dir);
    await add(store, "one");
    const err = await store.update("complete", (doc) => setStatus(doc, [1, 7], "complete", now)).catch((e) => e);
    expect(err).toBeInstanceOf(TaskNotFoundError);
    expect(err.message).toBe("no task with id 7");
    expect(await titles(store)).toEqual(["1:one:pending"]);
  });

  test("never overwrites a corrupted file and reports line and column", async () => {
    using dir = tempDir();
    const store = open(dir);
    const bad = '{\n  "tasks": [\n    {"id": 1, }\n  ]\n}\n';
    writeFileSync(store.path, bad);
    const err = await add(store, "x").catch((e) => e);
    expect(err).toBeInstanceOf(TaskFileError);
    expect(err.message).toBe(`cannot read "${store.path}": line 3, column 15: unexpected '}'`);
    expect(readFileSync(store.path, "utf8")).toBe(bad);
    expect(existsSync(`${store.path}.lock`)).toBe(false);
  });

  test("reports a badly shaped task by its index", async () => {
    using dir = tempDir();
    const store = open(dir);
    writeFileSync(store.path, '{"tasks":[{"title":"no id","priority":"low","status":"pending"}]}');
    await expect(store.read()).rejects.toThrow(`cannot read "${store.path}": tasks[0]: missing "id"`);
  });

  test("refuses a file over the size limit", async () => {
    using dir = tempDir();
    const store = open(dir, { maxBytes: 1024 });
    writeFileSync(store.path, `{"tasks":[]${" ".repeat(2048)}}`);
    await expect(store.read()).rejects.toThrow(`cannot read "${store.path}": file is 2.0 KiB, over the 1 KiB limit`);
  });

  test("explains a missing directory", async () => {
    using dir = tempDir();
    const store = new TaskStore(`${dir.path}/nope/tasks.json`);
    await expect(add(store, "x")).rejects.toThrow(`cannot write "${dir.path}/nope/tasks.json": directory "${dir.path}/nope" does not exist`);
  });
});

describe("TaskStore.undo", () => {
  test("reverts add, complete, edit and delete, newest first", async () => {
    using dir = tempDir();
    const store = open(dir);
    await add(store, "one");
    await add(store, "two");
    await store.update("complete", (doc) => setStatus(doc, [1], "complete", now));
    await store.update("edit", (doc) => editTask(doc, 2, { title: "TWO" }));
    await store.update("delete", (doc) => deleteTasks(doc, [1]));
    expect(await titles(store)).toEqual(["2:TWO:pending"]);

    expect((await store.undo()).value.op).toBe("delete");
    expect(await titles(store)).toEqual(["1:one:complete", "2:TWO:pending"]); // back in id order
    expect((await store.undo()).value.op).toBe("edit");
    expect(await titles(store)).toEqual(["1:one:complete", "2:two:pending"]);
    expect((await store.undo()).value.op).toBe("complete");
    expect(await titles(store)).toEqual(["1:one:pending", "2:two:pending"]);
    expect((await store.undo()).value.op).toBe("add");
    expect(await titles(store)).toEqual(["1:one:pending"]);
  });

  test("does not roll back nextId, so undone ids stay unused", async () => {
    using dir = tempDir();
    const store = open(dir);
    await add(store, "one");
    await store.undo();
    expect((await add(store, "again")).id).toBe(2);
  });

  test("says so when there is nothing to undo", async () => {
    using dir = tempDir();
    const err = await open(dir).undo().catch((e) => e);
    expect(err).toBeInstanceOf(UndoError);
    expect(err.message).toBe("nothing to undo");
  });

  test("refuses when a task was changed since, and keeps the journal", async () => {
    using dir = tempDir();
    const store = open(dir);
    await add(store, "one");
    writeFileSync(store.path, readFileSync(store.path, "utf8").replace('"one"', '"edited by hand"'));
    await expect(store.undo()).rejects.toThrow("cannot undo add: task #1 has changed since");
    writeFileSync(store.path, readFileSync(store.path, "utf8").replace('"edited by hand"', '"one"'));
    await store.undo();
    expect(await titles(store)).toEqual([]);
  });

  test(`keeps only the last ${JOURNAL_LIMIT} changes`, async () => {
    using dir = tempDir();
    const store = open(dir);
    for (let i = 0; i < JOURNAL_LIMIT + 5; i++) await add(store, `t${i}`);
    for (let i = 0; i < JOURNAL_LIMIT; i++) await store.undo();
    expect(await titles(store)).toEqual(["1:t0:pending", "2:t1:pending", "3:t2:pending", "4:t3:pending", "5:t4:pending"]);
    await expect(store.undo()).rejects.toThrow("nothing to undo");
  });

  test("a damaged journal does not block changes, but cannot be undone", async () => {
    using dir = tempDir();
    const store = open(dir);
    writeFileSync(`${store.path}.undo`, "{garbage");
    await add(store, "one");
    await store.undo(); // the journal was started afresh
    writeFileSync(`${store.path}.undo`, "{garbage");
    await expect(store.undo()).rejects.toThrow(`cannot undo: the undo journal "${store.path}.undo" is damaged`);
  });
});

/** Waits until the file system's clock has passed the last change of `path`, so that a cache written now is not racy. */
async function settle(path: string): Promise<void> {
  const s = statSync(path);
  const probe = `${path}.probe`;
  for (;;) {
    writeFileSync(probe, "");
    const clock = statSync(probe).ctimeMs;
    rmSync(probe);
    if (clock - Math.max(s.mtimeMs, s.ctimeMs) > 0.001) return;
    await Bun.sleep(1);
  }
}

/** The pending tasks as a full read sees them. */
const pendingOf = async (store: TaskStore) => (await store.read()).tasks.filter((t) => t.status === "pending");

/** A store with tasks 1–4 (1 and 3 complete) and a current cache: the next readPending is answered from it. */
async function cached(dir: { path: string }) {
  const store = open(dir);
  for (const title of ["one", "two", "three", "four"]) await add(store, title);
  await store.update("complete", (doc) => setStatus(doc, [1, 3], "complete", now));
  await settle(store.path);
  await store.readPending(); // rebuilds the cache unless the write's own cache is already trusted
  expect((await store.readPending()).fromCache).toBe(true);
  return store;
}

describe("TaskStore.readPending", () => {
  test("answers from the cache with exactly the tasks of a full read", async () => {
    using dir = tempDir();
    const store = await cached(dir);
    const r = await store.readPending();
    expect(r.fromCache).toBe(true);
    expect(JSON.stringify(r.tasks)).toBe(JSON.stringify(await pendingOf(store)));
    expect(r.tasks.map((t) => t.id)).toEqual([2, 4]);
  });

  test("reads a missing file as no tasks and writes no cache", async () => {
    using dir = tempDir();
    const store = open(dir);
    expect(await store.readPending()).toEqual({ tasks: [], fromCache: false });
    expect(existsSync(`${store.path}.cache`)).toBe(false);
  });

  test("sees a same-size hand edit even when the old mtime is restored (ctime still changes)", async () => {
    using dir = tempDir();
    const store = open(dir);
    await add(store, "one");
    await add(store, "two");
    const whole = new Date("2025-01-10T14:30:00Z"); // whole seconds, so utimes can restore it exactly
    utimesSync(store.path, whole, whole);
    await settle(store.path);
    await store.readPending();
    expect((await store.readPending()).fromCache).toBe(true);
    const before = statSync(store.path);

    writeFileSync(store.path, readFileSync(store.path, "utf8").replace('"two"', '"TWO"')); // in place: same inode
    utimesSync(store.path, whole, whole);
    const after = statSync(store.path);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(after.ctimeMs).not.toBe(before.ctimeMs);

    const r = await store.readPending();
    expect(r.fromCache).toBe(false);
    expect(r.tasks.map((t) => t.title)).toEqual(["one", "TWO"]);
  });

  test("ignores a cache whose tasks file was replaced by another file (new inode)", async () => {
    using dir = tempDir();
    const store = await cached(dir);
    const { mtime } = statSync(store.path);
    copyFileSync(store.path, `${dir.path}/copy.json`);
    writeFileSync(`${dir.path}/copy.json`, readFileSync(store.path, "utf8").replace('"four"', '"FOUR"'));
    utimesSync(`${dir.path}/copy.json`, mtime, mtime);
    renameSync(`${dir.path}/copy.json`, store.path);
    const r = await store.readPending();
    expect(r.fromCache).toBe(false);
    expect(r.tasks.map((t) => t.title)).toEqual(["two", "FOUR"]);
  });

  test("ignores a damaged cache and rebuilds it", async () => {
    using dir = tempDir();
    const store = await cached(dir);
    writeFileSync(`${store.path}.cache`, "{garbage");
    const r = await store.readPending();
    expect(r).toEqual({ tasks: await pendingOf(store), fromCache: false });
    expect(await store.readPending()).toEqual({ tasks: await pendingOf(store), fromCache: true });
  });

  test("never writes the cache while another process holds the lock, and never waits for it", async () => {
    using dir = tempDir();
    const store = await cached(dir);
    rmSync(`${store.path}.cache`);
    using _lock = await acquireLock(`${store.path}.lock`, { isAlive: () => true });
    const r = await store.readPending();
    expect(r).toEqual({ tasks: await pendingOf(store), fromCache: false });
    expect(existsSync(`${store.path}.cache`)).toBe(false);
  });

  test("works where the cache cannot be written", async () => {
    using dir = tempDir();
    const store = await cached(dir);
    rmSync(`${store.path}.cache`);
    mkdirSync(`${store.path}.cache`); // fails for root too, unlike a read-only directory
    expect(await store.readPending()).toEqual({ tasks: await pendingOf(store), fromCache: false });
    expect(await add(store, "five")).toMatchObject({ id: 5 });
    expect((await store.readPending()).tasks.map((t) => t.id)).toEqual([2, 4, 5]);
  });

  test("every write and undo leaves a cache of the file it wrote", async () => {
    using dir = tempDir();
    const store = await cached(dir);
    const cacheOf = () => {
      const c = JSON.parse(readFileSync(`${store.path}.cache`, "utf8"));
      const s = statSync(store.path);
      expect({ size: c.size, ino: c.ino, ctimeMs: c.ctimeMs }).toEqual({ size: s.size, ino: s.ino, ctimeMs: s.ctimeMs });
      return c.pending.map((t: { id: number }) => t.id);
    };
    await store.update("complete", (doc) => setStatus(doc, [2], "complete", now));
    expect(cacheOf()).toEqual([4]);
    await store.undo();
    expect(cacheOf()).toEqual([2, 4]);
    await store.update("delete", (doc) => deleteTasks(doc, [4]));
    expect(cacheOf()).toEqual([2]);
    await settle(store.path);
    await store.readPending();
    expect(await store.readPending()).toEqual({ tasks: await pendingOf(store), fromCache: true });
  });
});
