/**
 * Decoding and encoding the tasks file: `{"nextId":3,"tasks":[{"id":1,…}]}`,
 * pretty-printed with a two-space indent so people can read and diff it.
 * Decoding checks the shape of every task and names the first bad one.
 */

import { readJson } from "./read-json.ts";
import type { Task, TaskDocument } from "./task.ts";

/** The tasks file is malformed: bad JSON or a bad shape. The message names the place. */
export class TaskDocumentError extends Error {
  readonly code = "ERR_TASK_DOCUMENT";
  override name = "TaskDocumentError";
}

/**
 * An ISO 8601 date ("2025-01-15") or time in UTC or with an offset
 * ("2025-01-15T00:00:00Z", "2025-01-15T09:30:00.123+02:00"). One regex, not
 * Date.parse: it runs for every task on every start and is several times faster.
 */
const ISO_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Reports whether `s` is an ISO 8601 date or time as stored in tasks files. */
export function isIsoTime(s: string): boolean {
  return ISO_TIME.test(s);
}

/** Validated date strings: many tasks share a due date, so each distinct string is checked once. */
class TimeChecker {
  readonly #ok = new Set<string>();
  check(v: unknown): boolean {
    if (typeof v !== "string") return false;
    if (this.#ok.has(v)) return true;
    if (!isIsoTime(v)) return false;
    this.#ok.add(v);
    return true;
  }
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function bad(index: number, id: unknown, what: string): TaskDocumentError {
  return new TaskDocumentError(`tasks[${index}]${typeof id === "number" ? ` (id ${id})` : ""}: ${what}`);
}

// Messages are built only on failure (no closures, no strings): this runs for every task on every start.
function checkTask(v: unknown, index: number, times: TimeChecker): Task {
  if (!isObject(v)) throw new TaskDocumentError(`tasks[${index}]: want an object, got ${kind(v)}`);
  const { id, title, priority, due, status, created, completed, tags } = v;
  if (id === undefined) throw bad(index, id, `missing "id"`);
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 1) {
    throw new TaskDocumentError(`tasks[${index}]: "id" must be a positive integer, got ${kind(id)}`);
  }
  if (typeof title !== "string" || title === "" || (title.charCodeAt(0) <= 32 && title.trim() === "")) {
    throw bad(index, id, `"title" must be a non-empty string`);
  }
  if (priority !== "medium" && priority !== "high" && priority !== "low") {
    throw bad(index, id, `"priority" must be "low", "medium" or "high", got ${kind(priority)}`);
  }
  if (status !== "pending" && status !== "complete") throw bad(index, id, `"status" must be "pending" or "complete", got ${kind(status)}`);
  if (due !== undefined && due !== null && !times.check(due)) throw bad(index, id, `"due" must be an ISO 8601 date or null, got ${kind(due)}`);
  if (created !== undefined && !times.check(created)) throw bad(index, id, `"created" must be an ISO 8601 time, got ${kind(created)}`);
  if (completed !== undefined && !times.check(completed)) throw bad(index, id, `"completed" must be an ISO 8601 time, got ${kind(completed)}`);
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === "string"))) {
    throw bad(index, id, `"tags" must be an array of strings`);
  }
  if (due === undefined) v.due = null;
  return v as Task;
}

/**
 * Checks that `value` (parsed JSON) is a tasks document and returns it, typed.
 * Ids must be unique; a missing or too small `nextId` is raised past the largest id.
 */
export function decodeDocument(value: unknown): TaskDocument {
  if (!isObject(value)) throw new TaskDocumentError(`want an object with a "tasks" array, got ${kind(value)}`);
  const tasks = value.tasks;
  if (!Array.isArray(tasks)) throw new TaskDocumentError(`missing "tasks" array`);
  const times = new TimeChecker();
  let maxId = 0;
  let ascending = true; // the usual case: ids in increasing order cannot repeat, so no set is needed
  for (let i = 0; i < tasks.length; i++) {
    const { id } = checkTask(tasks[i], i, times);
    if (id > maxId) maxId = id;
    else ascending = false;
  }
  if (!ascending) {
    const seen = new Set<number>();
    for (let i = 0; i < tasks.length; i++) {
      const id = (tasks[i] as Task).id;
      if (seen.has(id)) throw new TaskDocumentError(`tasks[${i}]: duplicate id ${id}`);
      seen.add(id);
    }
  }
  const nextId = value.nextId;
  if (nextId !== undefined && (typeof nextId !== "number" || !Number.isSafeInteger(nextId) || nextId < 1)) {
    throw new TaskDocumentError(`"nextId" must be a positive integer, got ${kind(nextId)}`);
  }
  value.nextId = Math.max(nextId ?? 1, maxId + 1);
  return value as TaskDocument;
}

/** Parses the text of a tasks file. Empty or blank text is an empty document. */
export function parseDocument(text: string): TaskDocument {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return { nextId: 1, tasks: [] };
  let value: unknown;
  try {
    value = readJson(text);
  } catch (e) {
    throw new TaskDocumentError(e instanceof Error ? e.message : String(e), { cause: e });
  }
  return decodeDocument(value);
}

/** Encodes a document for the tasks file: `nextId` first, two-space indent, trailing newline. */
export function encodeDocument(doc: TaskDocument): string {
  const { nextId, tasks, ...rest } = doc;
  return JSON.stringify({ nextId, ...rest, tasks }, null, 2) + "\n";
}
