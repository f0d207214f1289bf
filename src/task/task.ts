/**
 * The task record as stored in the tasks file, and its value sets.
 */

/** How urgent a task is. */
export type Priority = "low" | "medium" | "high";

/** Whether a task is still to do. */
export type Status = "pending" | "complete";

/** Priorities from least to most urgent. */
export const PRIORITIES: readonly Priority[] = ["low", "medium", "high"];

/** One task. Dates are ISO 8601 strings in UTC; `due` is a UTC midnight. Unknown fields are kept on rewrite. */
export interface Task {
  id: number;
  title: string;
  priority: Priority;
  due: string | null;
  status: Status;
  created?: string;
  completed?: string;
  tags?: string[];
  [extra: string]: unknown;
}

/** The whole tasks file: the tasks in id order and the next id to hand out (ids are never reused). */
export interface TaskDocument {
  nextId: number;
  tasks: Task[];
  [extra: string]: unknown;
}

/** Reports whether `s` names a priority. */
export function isPriority(s: string): s is Priority {
  return s === "low" || s === "medium" || s === "high";
}

/** An empty document: what a missing tasks file holds. */
export function emptyDocument(): TaskDocument {
  return { nextId: 1, tasks: [] };
}

/** Formats an instant as an ISO 8601 UTC timestamp with second precision, e.g. "2025-01-10T14:30:00Z". */
export function isoSeconds(t: Date): string {
  return t.toISOString().replace(/\.\d{3}Z$/, "Z");
}
