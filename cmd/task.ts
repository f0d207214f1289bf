/**
 * `gokit task`: a task manager on a JSON file. Flags and help are static; the
 * library (src/task) is imported inside `run`, so `gokit --help` never loads it.
 *
 * Environment: GOKIT_TASKS_FILE (default file), GOKIT_NOW (an ISO 8601 time
 * used as "now", for reproducible scripts and tests), TZ (the local zone for
 * "today" and "overdue"), NO_COLOR.
 */
import type { ArgsDef } from "citty";
import { flagGiven, flagValues } from "./args.ts";
import { defineCommand, type RunContext } from "./cli.ts";
import type { Priority, SortKey, TaskPatch } from "../src/task/index.ts";
import { UsageError, print, printErr, printJson, stdoutColumns, stdoutPalette } from "./io.ts";

type Lib = typeof import("../src/task/index.ts");
type Zone = import("../src/tz/index.ts").Zone;

const common = {
  file: { type: "string", valueHint: "PATH", description: "Tasks file (default ~/.tasks.json, or $GOKIT_TASKS_FILE)" },
  json: { type: "boolean", description: "Print JSON for scripts" },
} as const satisfies ArgsDef;

const listFlags = {
  status: { type: "string", valueHint: "pending|completed|all", description: "Show tasks with this status (default pending)" },
  priority: { type: "string", valueHint: "low|medium|high", description: "Only these priorities (repeatable, or comma-separated)" },
  tag: { type: "string", valueHint: "TAG", description: "Only tasks with this tag (repeatable)" },
  "due-before": { type: "string", valueHint: "DATE", description: "Only tasks due before DATE" },
  search: { type: "string", valueHint: "TEXT", description: "Only tasks whose title or tags contain TEXT" },
  sort: { type: "string", valueHint: "id|due|priority|created", description: "Order (default id)" },
  ...common,
} as const satisfies ArgsDef;

const listArgs = {
  text: { type: "positional", required: false, description: "Only tasks whose title or tags contain TEXT" },
  ...listFlags,
} as const satisfies ArgsDef;

const idsArg = { type: "positional", required: false, description: "Task ids" } as const;

/** Everything a subcommand needs, built from flags and the environment. */
interface Env {
  lib: Lib;
  now: Date;
  store: InstanceType<Lib["TaskStore"]>;
  /** The local time zone, read from its zone file rather than through the engine's slow-to-start ICU. */
  zone: Zone;
  json: boolean;
}

async function setup(args: { file?: string; json?: boolean; [flag: string]: unknown }): Promise<Env> {
  const [lib, tz] = await Promise.all([import("../src/task/index.ts"), import("../src/tz/index.ts")]);
  const fixed = process.env.GOKIT_NOW;
  const now = fixed ? new Date(fixed) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`invalid GOKIT_NOW "${fixed}": want an ISO 8601 time`);
  const home = process.env.HOME || (await import("node:os")).homedir();
  const path = lib.resolveTasksPath(args.file ?? process.env.GOKIT_TASKS_FILE, { home, cwd: process.cwd() });
  const store = new lib.TaskStore(path, { now: fixed ? () => now : () => new Date() });
  return { lib, now, store, zone: tz.localZone({ tz: process.env.TZ }), json: args.json === true };
}

async function formatOptions(env: Env) {
  return { today: env.lib.localDay(env.now, env.zone), palette: await stdoutPalette(), maxWidth: await stdoutColumns() };
}

function priorityOf(lib: Lib, value: string): Priority {
  const p = value.trim().toLowerCase();
  if (!lib.isPriority(p)) throw new UsageError(`invalid priority "${value}": want low, medium or high`);
  return p;
}

function dayOf(env: Env, value: string, what: string): number {
  const r = env.lib.parseDate(value, env.now, { zone: env.zone });
  if (!r.ok) throw new UsageError(`invalid ${what} "${value}": want ${env.lib.DATE_FORMS}`);
  return r.day;
}

function idsOf(positionals: string[], { one = false } = {}): number[] {
  if (positionals.length === 0) throw new UsageError("missing task id");
  if (one && positionals.length > 1) throw new UsageError(`want one task id, got ${positionals.length}`);
  const ids = positionals.map((s) => {
    const m = /^#?(\d{1,15})$/.exec(s.trim());
    const id = m ? Number(m[1]) : 0;
    if (id < 1) throw new UsageError(`invalid task id "${s}"`);
    return id;
  });
  return [...new Set(ids)];
}

async function warn(warning: string | undefined): Promise<void> {
  if (warning) return printErr(`gokit task: warning: ${warning}`);
}

async function list({ args, rawArgs }: RunContext): Promise<void> {
  const env = await setup(args);
  const statuses = { pending: "pending", completed: "complete", complete: "complete", all: "all" } as const;
  const status = (args.status ?? "pending").toLowerCase() as keyof typeof statuses;
  if (!Object.hasOwn(statuses, status)) throw new UsageError(`invalid status "${args.status}": want pending, completed or all`);
  const sort = (args.sort ?? "id").toLowerCase() as SortKey;
  if (!env.lib.SORT_KEYS.includes(sort)) throw new UsageError(`invalid sort "${args.sort}": want id, due, priority or created`);
  const priorities = flagValues(rawArgs, "priority", listFlags).flatMap((v) => v.split(",")).map((v) => priorityOf(env.lib, v));
  const search = [args._.join(" "), args.search ?? ""].filter((s) => s.trim() !== "").join(" ");
  const filter = {
    status: statuses[status],
    priorities,
    tags: env.lib.normalizeTags(flagValues(rawArgs, "tag", listFlags)),
    dueBefore: args["due-before"] === undefined ? undefined : dayOf(env, args["due-before"], "--due-before date"),
    search: search.trim(),
  };
  // Pending tasks, whatever the other filters, come from the pending-task cache when it is current.
  const all = filter.status === "pending" ? (await env.store.readPending()).tasks : (await env.store.read()).tasks;
  const tasks = env.lib.selectTasks(all, filter, sort);
  if (env.json) return printJson(tasks);
  if (tasks.length === 0) return print("No tasks.");
  await print(await env.lib.taskTable(tasks, await formatOptions(env)));
}

const addFlags = {
  title: { type: "positional", required: false, description: "What to do (all remaining words)" },
  priority: { type: "string", valueHint: "low|medium|high", description: "Priority (default medium)" },
  due: { type: "string", valueHint: "DATE", description: "Due date: YYYY-MM-DD, today, tomorrow, +3d, +2w or a weekday" },
  tag: { type: "string", valueHint: "TAG", description: "Tag the task (repeatable, or comma-separated)" },
  ...common,
} as const satisfies ArgsDef;

const editFlags = {
  id: { ...idsArg, description: "Task id" },
  title: { type: "string", valueHint: "TEXT", description: "New title" },
  priority: { ...addFlags.priority, description: "New priority" },
  due: { ...addFlags.due, description: "New due date" },
  "no-due": { type: "boolean", description: "Remove the due date" },
  tag: { type: "string", valueHint: "TAG", description: "Replace the tags (repeatable, or comma-separated)" },
  "no-tag": { type: "boolean", description: "Remove all tags" },
  ...common,
} as const satisfies ArgsDef;

function ids(name: string, description: string, run: (env: Env, ids: number[]) => Promise<void>) {
  return defineCommand({
    meta: { name, description },
    args: { ids: idsArg, ...common },
    run: async ({ args }) => run(await setup(args), idsOf(args._)),
  });
}

async function changeStatus(env: Env, list: number[], status: "complete" | "pending"): Promise<void> {
  const op = status === "complete" ? "complete" : "reopen";
  const r = await env.store.update(op, (doc) => env.lib.setStatus(doc, list, status, env.now));
  await warn(r.warning);
  if (env.json) return printJson(r.value.map((c) => c.task));
  const o = await formatOptions(env);
  const line = status === "complete" ? env.lib.completedLine : env.lib.reopenedLine;
  await print(r.value.map((c) => line(c.task, c.changed, o)).join("\n"));
}

export default defineCommand({
  meta: {
    name: "task",
    description: "Manage tasks in a JSON file; with no command, list pending tasks ($GOKIT_NOW=ISO-TIME fixes the clock)",
  },
  args: listFlags,
  default: "list",
  subCommands: {
    add: defineCommand({
      meta: { name: "add", description: "Add a task" },
      args: addFlags,
      run: async ({ args, rawArgs }) => {
        const env = await setup(args);
        const title = env.lib.normalizeTitle(args._.join(" "));
        if (title === "") throw new UsageError("missing task title (gokit task add TITLE [--priority P] [--due DATE])");
        const priority = args.priority === undefined ? "medium" : priorityOf(env.lib, args.priority);
        const due = args.due === undefined ? null : env.lib.isoDay(dayOf(env, args.due, "due date"));
        const tags = env.lib.normalizeTags(flagValues(rawArgs, "tag", addFlags));
        const r = await env.store.update("add", (doc) => env.lib.addTask(doc, { title, priority, due, tags }, env.now));
        await warn(r.warning);
        if (env.json) return printJson(r.value);
        await print(env.lib.addedLine(r.value, await formatOptions(env)));
      },
    }),
    list: defineCommand({
      meta: { name: "list", description: "List tasks (pending by default) as a table" },
      args: listArgs,
      run: list,
    }),
    show: defineCommand({
      meta: { name: "show", description: "Show one task in detail" },
      args: { id: { ...idsArg, description: "Task id" }, ...common },
      run: async ({ args }) => {
        const env = await setup(args);
        const [id] = idsOf(args._, { one: true });
        const [task] = env.lib.getTasks(await env.store.read(), [id!]);
        if (env.json) return printJson(task);
        await print(env.lib.taskDetails(task!, await formatOptions(env)));
      },
    }),
    complete: ids("complete", "Mark tasks as complete", (env, list) => changeStatus(env, list, "complete")),
    reopen: ids("reopen", "Mark completed tasks as pending again", (env, list) => changeStatus(env, list, "pending")),
    edit: defineCommand({
      meta: { name: "edit", description: "Change a task's title, priority, due date or tags" },
      args: editFlags,
      run: async ({ args, rawArgs }) => {
        const env = await setup(args);
        const [id] = idsOf(args._, { one: true });
        const has = (flag: string) => flagGiven(rawArgs, flag);
        const patch: TaskPatch = {};
        if (args.title !== undefined) {
          patch.title = env.lib.normalizeTitle(args.title);
          if (patch.title === "") throw new UsageError("--title must not be empty");
        }
        if (args.priority !== undefined) patch.priority = priorityOf(env.lib, args.priority);
        const due = flagValues(rawArgs, "due", editFlags).at(-1); // citty turns --due X --no-due into due=false
        if (has("no-due") && due !== undefined) throw new UsageError("--due and --no-due conflict");
        if (has("no-due")) patch.due = null;
        else if (due !== undefined) patch.due = env.lib.isoDay(dayOf(env, due, "due date"));
        const tags = flagValues(rawArgs, "tag", editFlags);
        if (has("no-tag") && tags.length > 0) throw new UsageError("--tag and --no-tag conflict");
        if (has("no-tag")) patch.tags = [];
        else if (tags.length > 0) patch.tags = env.lib.normalizeTags(tags);
        if (Object.keys(patch).length === 0) throw new UsageError("nothing to change: give --title, --priority, --due, --no-due, --tag or --no-tag");
        const r = await env.store.update("edit", (doc) => env.lib.editTask(doc, id!, patch));
        await warn(r.warning);
        if (env.json) return printJson(r.value);
        await print(env.lib.updatedLine(r.value, await formatOptions(env)));
      },
    }),
    delete: ids("delete", "Delete tasks (undo brings them back)", async (env, list) => {
      const r = await env.store.update("delete", (doc) => env.lib.deleteTasks(doc, list));
      await warn(r.warning);
      if (env.json) return printJson(r.value);
      const o = await formatOptions(env);
      await print(r.value.map((t) => env.lib.deletedLine(t, o)).join("\n"));
    }),
    undo: defineCommand({
      meta: { name: "undo", description: "Revert the last change (up to 20 back)" },
      args: common,
      run: async ({ args }) => {
        const env = await setup(args);
        const r = await env.store.undo();
        await warn(r.warning);
        if (env.json) {
          const restored = r.changes.flatMap((c) => (c.after ? [c.after] : []));
          const removed = r.changes.flatMap((c) => (c.after ? [] : [c.id]));
          return printJson({ undid: r.value.op, tasks: restored, removed });
        }
        await print(env.lib.undoneLine(r.value.op, r.changes, await formatOptions(env)));
      },
    }),
  },
});
