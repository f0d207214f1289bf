import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { gokitCommand, runGokit, tempDir, type RunResult } from "../support/cli.ts";
import { issueTable } from "../support/issue-table.ts";

// A fixed clock and zone make dates, "overdue" and created times reproducible.
const env = { GOKIT_NOW: "2025-01-10T14:30:00Z", TZ: "UTC", GOKIT_TASKS_FILE: undefined };

/** Runs `gokit task …args --file <dir>/tasks.json` with HOME in the temp dir. */
function task(dir: { path: string }, ...args: string[]): Promise<RunResult> {
  return runGokit(["task", ...args, "--file", `${dir.path}/tasks.json`], { env: { ...env, HOME: dir.path } });
}

function ok(r: RunResult): string {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
  return r.stdout;
}

const table = (...rows: string[]) => issueTable(...rows) + "\n";

describe("gokit task", () => {
  test("the session from the issue prints exactly the documented output", async () => {
    using dir = tempDir();
    expect(ok(await task(dir, "add", "Learn Go concurrency", "--priority", "high", "--due", "2025-01-15"))).toBe(
      '✓ Added task #1: "Learn Go concurrency" (high priority, due Jan 15)\n',
    );
    expect(ok(await task(dir, "add", "Read Learning Go book", "--priority", "medium"))).toBe(
      '✓ Added task #2: "Read Learning Go book" (medium priority)\n',
    );
    expect(ok(await task(dir, "list"))).toBe(
      table(
        "│ 1  │ Learn Go concurrency    │ HIGH     │ Jan 15 2025 │ pending  │",
        "│ 2  │ Read Learning Go book   │ MEDIUM   │ -           │ pending  │",
      ),
    );
    expect(ok(await task(dir, "complete", "1"))).toBe("✓ Marked task #1 as complete\n");
    expect(ok(await task(dir, "list", "--status", "completed"))).toBe(
      table("│ 1  │ Learn Go concurrency    │ HIGH     │ Jan 15 2025 │ complete │"),
    );
  });

  test("stores the documented layout, pretty-printed", async () => {
    using dir = tempDir();
    ok(await task(dir, "add", "Learn Go concurrency", "--priority", "high", "--due", "2025-01-15"));
    ok(await task(dir, "complete", "1"));
    const doc = JSON.parse(readFileSync(`${dir.path}/tasks.json`, "utf8"));
    expect(doc).toEqual({
      nextId: 2,
      tasks: [
        {
          id: 1,
          title: "Learn Go concurrency",
          priority: "high",
          due: "2025-01-15T00:00:00Z",
          status: "complete",
          created: "2025-01-10T14:30:00Z",
          completed: "2025-01-10T14:30:00Z",
        },
      ],
    });
    expect(readFileSync(`${dir.path}/tasks.json`, "utf8")).toContain('\n  "tasks": [\n    {\n      "id": 1,');
  });

  test("an empty list says so, and prints [] with --json", async () => {
    using dir = tempDir();
    expect(ok(await task(dir, "list"))).toBe("No tasks.\n");
    expect(JSON.parse(ok(await task(dir, "list", "--json")))).toEqual([]);
  });

  test("with no subcommand lists pending tasks", async () => {
    using dir = tempDir();
    ok(await task(dir, "add", "Learn Go concurrency"));
    expect(ok(await task(dir))).toContain("│ 1  │ Learn Go concurrency    │ MEDIUM   │ -   │ pending  │");
  });

  test("--json output of every command parses and carries the affected tasks", async () => {
    using dir = tempDir();
    const added = JSON.parse(ok(await task(dir, "add", "Learn Go", "--tag", "go", "--tag", "books,reading", "--json")));
    expect(added).toMatchObject({ id: 1, title: "Learn Go", priority: "medium", due: null, status: "pending", tags: ["go", "books", "reading"] });
    ok(await task(dir, "add", "Second"));
    expect(JSON.parse(ok(await task(dir, "list", "--json"))).map((t: { id: number }) => t.id)).toEqual([1, 2]);
    expect(JSON.parse(ok(await task(dir, "show", "1", "--json")))).toEqual(added);
    const done = JSON.parse(ok(await task(dir, "complete", "1", "2", "--json")));
    expect(done.map((t: { status: string }) => t.status)).toEqual(["complete", "complete"]);
    expect(JSON.parse(ok(await task(dir, "reopen", "2", "--json")))[0]).toMatchObject({ id: 2, status: "pending" });
    expect(JSON.parse(ok(await task(dir, "edit", "2", "--priority", "low", "--json")))).toMatchObject({ id: 2, priority: "low" });
    expect(JSON.parse(ok(await task(dir, "delete", "2", "--json")))).toMatchObject([{ id: 2, title: "Second" }]);
    expect(JSON.parse(ok(await task(dir, "undo", "--json")))).toMatchObject({ undid: "delete", tasks: [{ id: 2 }], removed: [] });
  });

  test("filters by priority, tag, due date and text, and sorts by due date", async () => {
    using dir = tempDir();
    ok(await task(dir, "add", "File taxes", "--priority", "high", "--due", "2025-01-20"));
    ok(await task(dir, "add", "Learn Go", "--tag", "go", "--due", "tomorrow"));
    ok(await task(dir, "add", "Water plants", "--priority", "low"));
    const ids = async (...args: string[]) => JSON.parse(ok(await task(dir, "list", "--json", ...args))).map((t: { id: number }) => t.id);
    expect(await ids("--priority", "high")).toEqual([1]);
    expect(await ids("--priority", "high,low")).toEqual([1, 3]);
    expect(await ids("--tag", "go")).toEqual([2]);
    expect(await ids("--due-before", "2025-01-15")).toEqual([2]);
    expect(await ids("plants")).toEqual([3]);
    expect(await ids("--search", "GO")).toEqual([2]);
    expect(await ids("--sort", "due")).toEqual([2, 1, 3]);
    expect(await ids("--sort", "priority")).toEqual([1, 2, 3]);
  });

  test("marks overdue pending tasks in the due column", async () => {
    using dir = tempDir();
    ok(await task(dir, "add", "Pay rent", "--due", "2025-01-05"));
    expect(ok(await task(dir, "list"))).toContain("│ Jan 5 2025 (overdue) │ pending  │");
  });

  test("accepts relative due dates", async () => {
    using dir = tempDir();
    expect(ok(await task(dir, "add", "a", "--due", "+3d"))).toBe('✓ Added task #1: "a" (medium priority, due Jan 13)\n');
    expect(ok(await task(dir, "add", "b", "--due", "monday"))).toBe('✓ Added task #2: "b" (medium priority, due Jan 13)\n');
    expect(ok(await task(dir, "add", "c", "--due", "+2w"))).toBe('✓ Added task #3: "c" (medium priority, due Jan 24)\n');
  });

  test("edit changes fields, removes the due date with --no-due, and undo reverts it", async () => {
    using dir = tempDir();
    ok(await task(dir, "add", "Learn Go", "--due", "2025-01-15"));
    expect(ok(await task(dir, "edit", "1", "--title", "Learn Go well", "--priority", "high", "--no-due"))).toBe(
      '✓ Updated task #1: "Learn Go well" (high priority)\n',
    );
    expect(ok(await task(dir, "undo"))).toBe("✓ Undid edit of task #1\n");
    expect(JSON.parse(ok(await task(dir, "show", "1", "--json")))).toMatchObject({ title: "Learn Go", due: "2025-01-15T00:00:00Z" });
  });

  test("delete then undo brings the task back; ids are never reused", async () => {
    using dir = tempDir();
    ok(await task(dir, "add", "one"));
    ok(await task(dir, "add", "two"));
    expect(ok(await task(dir, "delete", "2"))).toBe('✓ Deleted task #2: "two"\n');
    expect(ok(await task(dir, "add", "three"))).toStartWith("✓ Added task #3:");
    ok(await task(dir, "undo"));
    expect(ok(await task(dir, "undo"))).toBe("✓ Undid delete of task #2\n");
    expect(JSON.parse(ok(await task(dir, "list", "--json"))).map((t: { id: number }) => t.id)).toEqual([1, 2]);
  });

  test("show prints one task in detail", async () => {
    using dir = tempDir();
    ok(await task(dir, "add", "Learn Go", "--priority", "high", "--due", "2025-01-15"));
    expect(ok(await task(dir, "show", "#1"))).toBe(
      "Task #1: Learn Go\n  Priority: high\n  Due:      Jan 15 2025\n  Status:   pending\n  Created:  Jan 10 2025 14:30 UTC\n",
    );
  });

  test("reads ~/.tasks.json by default and GOKIT_TASKS_FILE when set", async () => {
    using dir = tempDir();
    const home = { ...env, HOME: dir.path };
    expect((await runGokit(["task", "add", "at home"], { env: home })).code).toBe(0);
    expect(JSON.parse(readFileSync(`${dir.path}/.tasks.json`, "utf8")).tasks[0].title).toBe("at home");
    expect((await runGokit(["task", "add", "elsewhere"], { env: { ...home, GOKIT_TASKS_FILE: "~/other.json" } })).code).toBe(0);
    expect(existsSync(`${dir.path}/other.json`)).toBe(true);
    const r = await runGokit(["task", "list", "--json", "--file", "~/other.json"], { env: home });
    expect(JSON.parse(r.stdout)[0].title).toBe("elsewhere");
  });
});

describe("gokit task errors", () => {
  const usage: [string, string[], string][] = [
    ["an impossible due date", ["add", "x", "--due", "2025-13-45"], `invalid due date "2025-13-45": want YYYY-MM-DD, today, tomorrow, +Nd or a weekday`],
    ["an unknown priority", ["add", "x", "--priority", "urgent"], `invalid priority "urgent": want low, medium or high`],
    ["a missing title", ["add"], "missing task title (gokit task add TITLE [--priority P] [--due DATE])"],
    ["a bad task id", ["complete", "abc"], `invalid task id "abc"`],
    ["a missing task id", ["delete"], "missing task id"],
    ["an unknown status", ["list", "--status", "done"], `invalid status "done": want pending, completed or all`],
    ["an unknown sort", ["list", "--sort", "size"], `invalid sort "size": want id, due, priority or created`],
    ["a bad --due-before date", ["list", "--due-before", "soon"], `invalid --due-before date "soon": want YYYY-MM-DD, today, tomorrow, +Nd or a weekday`],
    ["an edit that changes nothing", ["edit", "1"], "nothing to change: give --title, --priority, --due, --no-due, --tag or --no-tag"],
    ["--due with --no-due", ["edit", "1", "--due", "today", "--no-due"], "--due and --no-due conflict"],
  ];
  for (const [name, args, message] of usage) {
    test(`${name} is a usage error (exit 2) naming the problem`, async () => {
      using dir = tempDir();
      const r = await task(dir, ...args);
      expect(r).toEqual({ code: 2, stdout: "", stderr: `gokit task: ${message}\n` });
      expect(existsSync(`${dir.path}/tasks.json`)).toBe(false);
    });
  }

  test("an unknown id exits 1 with 'no task with id'", async () => {
    using dir = tempDir();
    ok(await task(dir, "add", "one"));
    for (const cmd of ["complete", "reopen", "delete", "show"]) {
      expect(await task(dir, cmd, "7")).toEqual({ code: 1, stdout: "", stderr: "gokit task: no task with id 7\n" });
    }
  });

  test("an unreadable GOKIT_NOW is a usage error", async () => {
    using dir = tempDir();
    const r = await runGokit(["task", "list", "--file", `${dir.path}/t.json`], { env: { ...env, GOKIT_NOW: "soon" } });
    expect(r).toEqual({ code: 2, stdout: "", stderr: `gokit task: invalid GOKIT_NOW "soon": want an ISO 8601 time\n` });
  });

  test("undo with nothing to undo exits 1", async () => {
    using dir = tempDir();
    expect(await task(dir, "undo")).toEqual({ code: 1, stdout: "", stderr: "gokit task: nothing to undo\n" });
  });

  test("a corrupted file is reported with line and column and left byte for byte unchanged", async () => {
    using dir = tempDir();
    const path = `${dir.path}/tasks.json`;
    const bad = '{\n  "tasks": [\n    {"id": 1, }\n  ]\n}\n';
    writeFileSync(path, bad);
    const r = await task(dir, "add", "x");
    expect(r).toEqual({ code: 1, stdout: "", stderr: `gokit task: cannot read "${path}": line 3, column 15: unexpected '}'\n` });
    expect(readFileSync(path, "utf8")).toBe(bad);
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect((await task(dir, "list")).code).toBe(1);
  });

  test("a task without an id is reported by its index", async () => {
    using dir = tempDir();
    writeFileSync(`${dir.path}/tasks.json`, '{"tasks":[{"title":"x","priority":"low","status":"pending"}]}');
    expect((await task(dir, "list")).stderr).toBe(`gokit task: cannot read "${dir.path}/tasks.json": tasks[0]: missing "id"\n`);
  });

  test("a path through a regular file is a one-line error", async () => {
    using dir = tempDir();
    writeFileSync(`${dir.path}/plain`, "");
    const r = await runGokit(["task", "add", "x", "--file", `${dir.path}/plain/tasks.json`], { env });
    expect(r).toEqual({ code: 1, stdout: "", stderr: `gokit task: cannot write "${dir.path}/plain/tasks.json": not a directory\n` });
  });

  // Root ignores file permissions, so as root the command runs as nobody (needs setpriv from util-linux).
  const root = process.getuid?.() === 0;
  test.skipIf(root && !Bun.which("setpriv"))("an unwritable directory or read-only file is a one-line error and nothing changes", async () => {
    using dir = tempDir();
    chmodSync(dir.path, 0o777);
    const ro = `${dir.path}/ro`;
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const file = `${dir.path}/tasks.json`;
    writeFileSync(file, '{"tasks":[]}\n');
    chmodSync(file, 0o444);
    const asUser = root ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
    const run = (path: string) =>
      Bun.spawn([...asUser, ...gokitCommand(), "task", "add", "x", "--file", path], {
        env: { ...process.env, ...env, NO_COLOR: "1", HOME: dir.path },
        stdout: "pipe",
        stderr: "pipe",
      });
    for (const path of [`${ro}/tasks.json`, file]) {
      const proc = run(path);
      const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
      expect({ code, stderr }).toEqual({ code: 1, stderr: `gokit task: cannot write "${path}": permission denied\n` });
    }
    expect(readFileSync(file, "utf8")).toBe('{"tasks":[]}\n');
  });
});

/** Waits until the file system's clock has passed the last change of `path`, so that a cache written now is trusted. */
async function settle(path: string): Promise<void> {
  const s = statSync(path);
  for (;;) {
    writeFileSync(`${path}.probe`, "");
    const clock = statSync(`${path}.probe`).ctimeMs;
    rmSync(`${path}.probe`);
    if (clock - Math.max(s.mtimeMs, s.ctimeMs) > 0.001) return;
    await Bun.sleep(1);
  }
}

/** A tasks file as people leave them: completed and pending, tags, odd titles, a missing due, fields we do not know. */
function writeMixedTasks(path: string): void {
  const tasks = Array.from({ length: 60 }, (_, i) => {
    const id = i + 1;
    const t: Record<string, unknown> = {
      id,
      title: ["Learn Go", "Fix the ✓ parser", "日本語のタスク", "Call \"the\" bank", "Water plants"][i % 5] + ` ${id}`,
      priority: ["low", "medium", "high"][i % 3],
      due: i % 4 === 0 ? null : `2025-01-${String((i % 28) + 1).padStart(2, "0")}T00:00:00Z`,
      status: i % 3 === 0 ? "complete" : "pending",
      created: `2025-01-01T${String(i % 24).padStart(2, "0")}:00:00Z`,
    };
    if (i % 7 === 0) delete t.due;
    if (i % 5 === 1) t.tags = ["go", "books"];
    if (i % 11 === 0) t.estimate = { hours: 1.5, exact: false };
    return t;
  });
  writeFileSync(path, JSON.stringify({ nextId: 61, owner: "me", tasks }, null, 2) + "\n");
}

describe("gokit task list and the pending-task cache", () => {
  const variants = [[], ["--json"], ["--sort", "due"], ["--sort", "priority", "--json"], ["--priority", "high,low"], ["--tag", "go"], ["go"], ["--due-before", "2025-01-10"], ["no such task"]];

  test("prints byte for byte the same from the cache as from the whole file", async () => {
    using dir = tempDir();
    const file = `${dir.path}/tasks.json`;
    writeMixedTasks(file);
    await settle(file);
    for (const args of variants) {
      rmSync(`${file}.cache`, { force: true });
      const full = ok(await task(dir, "list", ...args));
      expect(existsSync(`${file}.cache`)).toBe(true);
      expect(ok(await task(dir, "list", ...args))).toBe(full);
    }
    // The same tasks as a full listing, filtered by status.
    const all = JSON.parse(ok(await task(dir, "list", "--status", "all", "--json")));
    expect(ok(await task(dir, "list", "--json"))).toBe(JSON.stringify(all.filter((t: { status: string }) => t.status === "pending"), null, 2) + "\n");
  });

  test("answers from the cache while it matches the file, and from the file once it changes", async () => {
    using dir = tempDir();
    const file = `${dir.path}/tasks.json`;
    writeMixedTasks(file);
    await settle(file);
    ok(await task(dir, "list"));
    // A cache that still vouches for the file is believed: proof that list reads it.
    writeFileSync(`${file}.cache`, readFileSync(`${file}.cache`, "utf8").replace('"Fix the ✓ parser 2"', '"from the cache 2"'));
    expect(ok(await task(dir, "list", "--json"))).toContain('"from the cache 2"');
    ok(await task(dir, "edit", "5", "--priority", "high")); // any write replaces the file and the cache
    const after = ok(await task(dir, "list", "--json"));
    expect(after).toContain('"Fix the ✓ parser 2"');
    expect(after).not.toContain("from the cache");
  });

  test("complete, undo and list agree", async () => {
    using dir = tempDir();
    ok(await task(dir, "add", "one"));
    ok(await task(dir, "add", "two"));
    const ids = async () => JSON.parse(ok(await task(dir, "list", "--json"))).map((t: { id: number }) => t.id);
    expect(await ids()).toEqual([1, 2]);
    ok(await task(dir, "complete", "1"));
    expect(await ids()).toEqual([2]);
    ok(await task(dir, "undo"));
    expect(await ids()).toEqual([1, 2]);
    await settle(`${dir.path}/tasks.json`);
    expect(await ids()).toEqual([1, 2]);
    expect(await ids()).toEqual([1, 2]);
  });

  const root = process.getuid?.() === 0;
  test.skipIf(root && !Bun.which("setpriv"))("works in a read-only directory, without a cache", async () => {
    using dir = tempDir();
    chmodSync(dir.path, 0o755);
    const ro = `${dir.path}/ro`;
    mkdirSync(ro);
    writeMixedTasks(`${ro}/tasks.json`);
    chmodSync(ro, 0o555);
    const asUser = root ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
    const list = async () => {
      const proc = Bun.spawn([...asUser, ...gokitCommand(), "task", "list", "--file", `${ro}/tasks.json`], {
        env: { ...process.env, ...env, NO_COLOR: "1", HOME: dir.path },
        stdout: "pipe",
        stderr: "pipe",
      });
      const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
      return { stdout, stderr, code };
    };
    const r = await list();
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toContain("│ 2  │ Fix the ✓ parser 2");
    expect(await list()).toEqual(r);
    expect(existsSync(`${ro}/tasks.json.cache`)).toBe(false);
    expect(existsSync(`${ro}/tasks.json.lock`)).toBe(false);
  });
});

describe.skipIf(!existsSync("/usr/share/zoneinfo/Pacific/Chatham"))("gokit task in other time zones", () => {
  const at = (dir: { path: string }, tz: string, now: string, ...args: string[]) =>
    runGokit(["task", ...args, "--file", `${dir.path}/tasks.json`], { env: { ...env, TZ: tz, GOKIT_NOW: now, HOME: dir.path } });

  test("today is the local calendar day of $TZ", async () => {
    using dir = tempDir();
    // 11:30 UTC on Jan 10 is 01:15 on Jan 11 in Chatham (UTC+13:45 in summer); 03:00 UTC is 22:00 on Jan 9 in New York.
    expect(ok(await at(dir, "Pacific/Chatham", "2025-01-10T11:30:00Z", "add", "a", "--due", "today"))).toContain("due Jan 11)");
    expect(ok(await at(dir, ":America/New_York", "2025-01-10T03:00:00Z", "add", "b", "--due", "today"))).toContain("due Jan 9)");
    expect(ok(await at(dir, "UTC", "2025-01-10T03:00:00Z", "add", "c", "--due", "today"))).toContain("due Jan 10)");
    // On Jan 10 in New York, a task due Jan 9 is overdue; in UTC at 03:00 Jan 10 too; in Chatham's Jan 10 … not yet Jan 11's.
    const list = ok(await at(dir, "America/New_York", "2025-01-10T16:00:00Z", "list"));
    expect(list).toContain("Jan 9 2025 (overdue)");
    expect(list).not.toContain("Jan 11 2025 (overdue)");
  });
});
