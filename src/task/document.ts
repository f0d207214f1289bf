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
 * Date.parse or code over the characters: it runs for every task on every
 * start, in code too cold to be optimised, where the engine's compiled
 * matcher is several times faster than either.
 */
const ISO_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Reports whether `s` is an ISO 8601 date or time as stored in tasks files. */
export function isIsoTime(s: string): boolean {
  return ISO_TIME.test(s);
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

function isTime(v: unknown): boolean {
  return typeof v === "string" && isIsoTime(v);
}

/** Why a task failed decodeDocument's checks: the same checks, in order, and the message for the first that fails. */
function taskError(v: unknown, index: number): TaskDocumentError {
  if (!isObject(v)) return new TaskDocumentError(`tasks[${index}]: want an object, got ${kind(v)}`);
  const { id, title, priority, due, status, created, completed, tags } = v;
  if (id === undefined) return bad(index, id, `missing "id"`);
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 1) {
    return new TaskDocumentError(`tasks[${index}]: "id" must be a positive integer, got ${kind(id)}`);
  }
  if (typeof title !== "string" || title === "" || (title.charCodeAt(0) <= 32 && title.trim() === "")) {
    return bad(index, id, `"title" must be a non-empty string`);
  }
  if (priority !== "medium" && priority !== "high" && priority !== "low") {
    return bad(index, id, `"priority" must be "low", "medium" or "high", got ${kind(priority)}`);
  }
  if (status !== "pending" && status !== "complete") return bad(index, id, `"status" must be "pending" or "complete", got ${kind(status)}`);
  if (due !== undefined && due !== null && !isTime(due)) return bad(index, id, `"due" must be an ISO 8601 date or null, got ${kind(due)}`);
  if (created !== undefined && !isTime(created)) return bad(index, id, `"created" must be an ISO 8601 time, got ${kind(created)}`);
  if (completed !== undefined && !isTime(completed)) return bad(index, id, `"completed" must be an ISO 8601 time, got ${kind(completed)}`);
  return bad(index, id, `"tags" must be an array of strings`);
}

function isStringArray(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return false;
  return true;
}

/**
 * Checks that `value` (parsed JSON) is a tasks document and returns it, typed.
 * Ids must be unique; a missing or too small `nextId` is raised past the largest id.
 */
export function decodeDocument(value: unknown): TaskDocument {
  if (!isObject(value)) throw new TaskDocumentError(`want an object with a "tasks" array, got ${kind(value)}`);
  const tasks = value.tasks;
  if (!Array.isArray(tasks)) throw new TaskDocumentError(`missing "tasks" array`);
  let maxId = 0;
  let ascending = true; // the usual case: ids in increasing order cannot repeat, so no set is needed
  // This loop runs for every task on every start, in code too cold to be optimised: one
  // straight-line test per task that reads each field once and builds nothing. taskError
  // repeats exactly these checks, in order, to say which one failed.
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i];
    if (typeof task !== "object" || task === null) throw taskError(task, i);
    const { id, title, priority, status, due, created, completed, tags } = task;
    if (
      typeof id !== "number" || id < 1 || ((id | 0) !== id && !Number.isSafeInteger(id)) || // arrays fail here: no "id"
      typeof title !== "string" || title === "" || (title.charCodeAt(0) <= 32 && title.trim() === "") ||
      (priority !== "medium" && priority !== "high" && priority !== "low") ||
      (status !== "pending" && status !== "complete") ||
      (due !== null && due !== undefined && !(typeof due === "string" && ISO_TIME.test(due))) ||
      (created !== undefined && !(typeof created === "string" && ISO_TIME.test(created))) ||
      (completed !== undefined && !(typeof completed === "string" && ISO_TIME.test(completed))) ||
      (tags !== undefined && !isStringArray(tags))
    ) {
      throw taskError(task, i);
    }
    if (due === undefined) task.due = null;
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
