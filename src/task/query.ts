/**
 * Selecting and ordering tasks for `list`: filters combine with AND, and
 * every sort breaks ties by id so the order is always the same.
 */

import { dayOf } from "./due-date.ts";
import type { Priority, Task } from "./task.ts";

/** Which tasks to show. Empty or absent fields do not filter. */
export interface TaskFilter {
  /** Default "pending". */
  status?: "pending" | "complete" | "all";
  /** Any of these priorities. */
  priorities?: readonly Priority[];
  /** All of these tags. */
  tags?: readonly string[];
  /** Due strictly before this calendar day (UTC-midnight milliseconds); tasks without a due date are excluded. */
  dueBefore?: number;
  /** Case-insensitive substring of the title or a tag. */
  search?: string;
}

/** Orders for `list --sort`. */
export type SortKey = "id" | "due" | "priority" | "created";

/** The sort keys, for help and validation. */
export const SORT_KEYS: readonly SortKey[] = ["id", "due", "priority", "created"];

const RANK: Record<Priority, number> = { high: 0, medium: 1, low: 2 };

/** Reports whether `task` passes `filter`. */
export function matches(task: Task, filter: TaskFilter): boolean {
  const status = filter.status ?? "pending";
  if (status !== "all" && task.status !== status) return false;
  if (filter.priorities && filter.priorities.length > 0 && !filter.priorities.includes(task.priority)) return false;
  if (filter.tags && filter.tags.length > 0) {
    const tags = task.tags ?? [];
    if (!filter.tags.every((t) => tags.includes(t))) return false;
  }
  if (filter.dueBefore !== undefined && (task.due === null || dayOf(task.due) >= filter.dueBefore)) return false;
  if (filter.search) {
    const needle = filter.search.toLowerCase();
    if (!task.title.toLowerCase().includes(needle) && !(task.tags ?? []).some((t) => t.toLowerCase().includes(needle))) {
      return false;
    }
  }
  return true;
}

function compare(key: SortKey): (a: Task, b: Task) => number {
  switch (key) {
    case "id":
      return (a, b) => a.id - b.id;
    case "priority":
      return (a, b) => RANK[a.priority] - RANK[b.priority] || a.id - b.id;
    case "created":
      // Tasks without a created time sort first, as the oldest.
      return (a, b) => (a.created ? Date.parse(a.created) : 0) - (b.created ? Date.parse(b.created) : 0) || a.id - b.id;
    case "due":
      // Soonest first; tasks without a due date last.
      return (a, b) => {
        const da = a.due === null ? Infinity : Date.parse(a.due);
        const db = b.due === null ? Infinity : Date.parse(b.due);
        return da === db ? a.id - b.id : da < db ? -1 : 1;
      };
  }
}

function inIdOrder(tasks: readonly Task[]): boolean {
  for (let i = 1; i < tasks.length; i++) if (tasks[i - 1]!.id > tasks[i]!.id) return false;
  return true;
}

/** The tasks that pass `filter`, ordered by `sort` (default id). */
export function selectTasks(tasks: readonly Task[], filter: TaskFilter, sort: SortKey = "id"): Task[] {
  const selected = tasks.filter((t) => matches(t, filter));
  // Files are kept in id order, so the default sort is usually a no-op: check in O(n) before sorting.
  return sort === "id" && inIdOrder(selected) ? selected : selected.sort(compare(sort));
}
