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
  return selectTasks([task], filter).length === 1;
}

function hasTags(task: Task, wanted: readonly string[]): boolean {
  const tags = task.tags;
  if (tags === undefined) return false; // wanted is not empty
  for (let i = 0; i < wanted.length; i++) if (!tags.includes(wanted[i]!)) return false;
  return true;
}

function mentions(task: Task, needle: string): boolean {
  if (task.title.toLowerCase().includes(needle)) return true;
  const tags = task.tags;
  if (tags !== undefined) for (let i = 0; i < tags.length; i++) if (tags[i]!.toLowerCase().includes(needle)) return true;
  return false;
}

function inIdOrder(tasks: readonly Task[]): boolean {
  for (let i = 1; i < tasks.length; i++) if (tasks[i - 1]!.id > tasks[i]!.id) return false;
  return true;
}

/**
 * `tasks` ordered by `key`, ties broken by id. Each task's key (a rank or a
 * Date.parse time) is computed once, not once per comparison.
 */
function sortBy(tasks: readonly Task[], key: Exclude<SortKey, "id">): Task[] {
  const keys = new Float64Array(tasks.length);
  const order = new Array<number>(tasks.length);
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    order[i] = i;
    // Tasks without a created time sort first, as the oldest; tasks without a due date last.
    if (key === "priority") keys[i] = RANK[t.priority];
    else if (key === "created") keys[i] = t.created ? Date.parse(t.created) : 0;
    else keys[i] = t.due === null ? Infinity : Date.parse(t.due);
  }
  const byKey =
    key === "due"
      ? (a: number, b: number) => {
          const da = keys[a]!;
          const db = keys[b]!;
          return da === db ? tasks[a]!.id - tasks[b]!.id : da < db ? -1 : 1;
        }
      : (a: number, b: number) => keys[a]! - keys[b]! || tasks[a]!.id - tasks[b]!.id;
  return order.sort(byKey).map((i) => tasks[i]!);
}

/** The tasks that pass `filter`, ordered by `sort` (default id). */
export function selectTasks(tasks: readonly Task[], filter: TaskFilter, sort: SortKey = "id"): Task[] {
  // Everything that does not depend on the task is worked out once; the loop runs for every task on every `list`.
  const status = filter.status ?? "pending";
  const priorities = filter.priorities && filter.priorities.length > 0 ? filter.priorities : undefined;
  const tags = filter.tags && filter.tags.length > 0 ? filter.tags : undefined;
  const dueBefore = filter.dueBefore;
  const needle = filter.search ? filter.search.toLowerCase() : "";
  // Many tasks share a due date: each distinct one is read once, and only when filtering by it.
  const days = dueBefore === undefined ? undefined : new Map<string, number>();
  const selected: Task[] = [];
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    if (status !== "all" && t.status !== status) continue;
    if (priorities !== undefined && !priorities.includes(t.priority)) continue;
    if (tags !== undefined && !hasTags(t, tags)) continue;
    if (days !== undefined) {
      const due = t.due;
      if (due === null) continue;
      let day = days.get(due);
      if (day === undefined) days.set(due, (day = dayOf(due)));
      if (day >= dueBefore!) continue;
    }
    if (needle !== "" && !mentions(t, needle)) continue;
    selected.push(t);
  }
  // Files are kept in id order, so the default sort is usually a no-op: check in O(n) before sorting.
  if (sort === "id") return inIdOrder(selected) ? selected : selected.sort((a, b) => a.id - b.id);
  return sortBy(selected, sort);
}
