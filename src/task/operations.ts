/**
 * The changes commands make to a document, as plain functions. They replace
 * task objects rather than mutate them, so the store can tell what changed by
 * identity and journal exactly those tasks.
 */

import { isoSeconds, type Priority, type Task, type TaskDocument } from "./task.ts";

/** No task has the requested id. */
export class TaskNotFoundError extends Error {
  readonly code = "ERR_TASK_NOT_FOUND";
  override name = "TaskNotFoundError";
  constructor(readonly id: number) {
    super(`no task with id ${id}`);
  }
}

/** What `add` needs. */
export interface NewTask {
  title: string;
  priority: Priority;
  /** Stored due date ("2025-01-15T00:00:00Z") or null. */
  due: string | null;
  tags?: string[];
}

/** What `edit` may change; absent fields stay as they are, `due: null` removes the due date. */
export interface TaskPatch {
  title?: string;
  priority?: Priority;
  due?: string | null;
  tags?: string[];
}

/** The outcome of completing or reopening one task. */
export interface StatusChange {
  task: Task;
  changed: boolean;
}

/** Collapses runs of whitespace (newlines included) to one space and trims, so titles stay on one line. */
export function normalizeTitle(title: string): string {
  return title.replace(/\s+/g, " ").trim();
}

/** Trims tags, drops a leading "#", splits on commas, removes empties and duplicates. */
export function normalizeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags.flatMap((t) => t.split(","))) {
    const tag = raw.trim().replace(/^#/, "");
    if (tag !== "" && !out.includes(tag)) out.push(tag);
  }
  return out;
}

function indexOf(doc: TaskDocument, id: number): number {
  const tasks = doc.tasks;
  // Tasks are usually in id order: try the likely slot before scanning.
  const guess = Math.min(id - 1, tasks.length - 1);
  if (guess >= 0 && tasks[guess]!.id === id) return guess;
  const i = tasks.findIndex((t) => t.id === id);
  if (i < 0) throw new TaskNotFoundError(id);
  return i;
}

/** Returns the tasks with `ids`, in that order; throws TaskNotFoundError for the first missing one. */
export function getTasks(doc: TaskDocument, ids: readonly number[]): Task[] {
  return ids.map((id) => doc.tasks[indexOf(doc, id)]!);
}

/** Appends a new pending task with the next id (ids are never reused) and returns it. */
export function addTask(doc: TaskDocument, input: NewTask, now: Date): Task {
  const task: Task = {
    id: doc.nextId,
    title: input.title,
    priority: input.priority,
    due: input.due,
    status: "pending",
    created: isoSeconds(now),
  };
  if (input.tags && input.tags.length > 0) task.tags = [...input.tags];
  doc.nextId++;
  doc.tasks.push(task);
  return task;
}

/** Marks tasks complete or pending again; all ids must exist before anything changes. */
export function setStatus(doc: TaskDocument, ids: readonly number[], status: Task["status"], now: Date): StatusChange[] {
  getTasks(doc, ids);
  return ids.map((id) => {
    const i = indexOf(doc, id);
    const old = doc.tasks[i]!;
    if (old.status === status) return { task: old, changed: false };
    const { completed: _, ...rest } = old;
    const task: Task = status === "complete" ? { ...rest, status, completed: isoSeconds(now) } : { ...rest, status };
    doc.tasks[i] = task;
    return { task, changed: true };
  });
}

/** Applies `patch` to one task and returns the new task. */
export function editTask(doc: TaskDocument, id: number, patch: TaskPatch): Task {
  const i = indexOf(doc, id);
  const task: Task = { ...doc.tasks[i]! };
  if (patch.title !== undefined) task.title = patch.title;
  if (patch.priority !== undefined) task.priority = patch.priority;
  if (patch.due !== undefined) task.due = patch.due;
  if (patch.tags !== undefined) {
    if (patch.tags.length > 0) task.tags = [...patch.tags];
    else delete task.tags;
  }
  doc.tasks[i] = task;
  return task;
}

/** Removes tasks and returns them; all ids must exist before anything changes. */
export function deleteTasks(doc: TaskDocument, ids: readonly number[]): Task[] {
  const removed = getTasks(doc, ids);
  const gone = new Set(ids);
  doc.tasks = doc.tasks.filter((t) => !gone.has(t.id));
  return removed;
}

/** Puts `task` back in id order (used by undo), replacing any task with its id. */
export function putTask(doc: TaskDocument, task: Task): void {
  const same = doc.tasks.findIndex((t) => t.id === task.id);
  if (same >= 0) {
    doc.tasks[same] = task;
    return;
  }
  const after = doc.tasks.findIndex((t) => t.id > task.id);
  doc.tasks.splice(after < 0 ? doc.tasks.length : after, 0, task);
}
