/**
 * What people see: the task table, one-line confirmations ("✓ Added task #1:
 * …") and the detail view of `show`. Colour comes from the caller's palette,
 * so the same code serves terminals, pipes and NO_COLOR.
 */

import type { Palette } from "../term/color.ts";
import type { Column } from "../term/table.ts";
import { dayOf, formatLongDay, formatShortDay } from "./due-date.ts";
import type { Task } from "./task.ts";
import type { TaskChange } from "./undo-journal.ts";

/** How to render: the local calendar day (for "overdue"), the palette and an optional width limit. */
export interface FormatOptions {
  /** Today as UTC-midnight milliseconds (see localDay). */
  today: number;
  palette: Palette;
  /** Total width limit for tables, e.g. the terminal's columns. */
  maxWidth?: number;
}

/** Reports whether a task is pending and due before today. */
export function isOverdue(task: Task, today: number): boolean {
  return task.status === "pending" && task.due !== null && dayOf(task.due) < today;
}

/**
 * Renders tasks as the box table of `gokit task list`; a Tags column appears when any task has tags.
 * The table renderer is loaded on first use, so commands that print no table never pay for it.
 */
export async function taskTable(tasks: readonly Task[], options: FormatOptions): Promise<string> {
  const { renderTable } = await import("../term/table.ts");
  const p = options.palette;
  const withTags = tasks.some((t) => t.tags !== undefined && t.tags.length > 0);
  const columns: Column[] = [
    { header: "ID" },
    // 23 columns keep short lists steady; in a narrow terminal the title gives way first.
    { header: "Task", minWidth: options.maxWidth === undefined ? 23 : 12 },
    { header: "Priority" },
    { header: "Due" },
    { header: "Status", minWidth: 8 },
  ];
  if (withTags) columns.push({ header: "Tags" });
  // Many tasks share a due date: parse and format each distinct one once.
  const dueCells = new Map<string, { day: number; text: string }>();
  const priorityCells = { high: p.red("HIGH"), medium: p.yellow("MEDIUM"), low: p.dim("LOW") };
  const statusCells = { pending: "pending", complete: p.green("complete") };
  const rows = tasks.map((t) => {
    let due = "-";
    if (t.due !== null) {
      let cell = dueCells.get(t.due);
      if (cell === undefined) {
        const day = dayOf(t.due);
        cell = { day, text: formatLongDay(day) };
        dueCells.set(t.due, cell);
      }
      due = t.status === "pending" && cell.day < options.today ? p.red(`${cell.text} (overdue)`) : cell.text;
    }
    const row = [String(t.id), t.title, priorityCells[t.priority], due, statusCells[t.status]];
    if (withTags) row.push((t.tags ?? []).join(", "));
    return row;
  });
  return renderTable(columns, rows, options.maxWidth === undefined ? {} : { maxTotalWidth: options.maxWidth });
}

/** The parenthesised summary of a task: "high priority, due Jan 15, tags go, books". */
export function summary(task: Task, today: number): string {
  const parts = [`${task.priority} priority`];
  if (task.due !== null) parts.push(`due ${formatShortDay(dayOf(task.due), today)}`);
  if (task.tags && task.tags.length > 0) parts.push(`tags ${task.tags.join(", ")}`);
  return parts.join(", ");
}

function check(p: Palette): string {
  return p.green("✓");
}

/** "✓ Added task #1: "Learn Go concurrency" (high priority, due Jan 15)". */
export function addedLine(task: Task, options: FormatOptions): string {
  return `${check(options.palette)} Added task #${task.id}: "${task.title}" (${summary(task, options.today)})`;
}

/** "✓ Updated task #1: "…" (…)". */
export function updatedLine(task: Task, options: FormatOptions): string {
  return `${check(options.palette)} Updated task #${task.id}: "${task.title}" (${summary(task, options.today)})`;
}

/** "✓ Marked task #1 as complete", or a plain note when it already was. */
export function completedLine(task: Task, changed: boolean, options: FormatOptions): string {
  return changed ? `${check(options.palette)} Marked task #${task.id} as complete` : `Task #${task.id} is already complete`;
}

/** "✓ Reopened task #1", or a plain note when it was pending. */
export function reopenedLine(task: Task, changed: boolean, options: FormatOptions): string {
  return changed ? `${check(options.palette)} Reopened task #${task.id}` : `Task #${task.id} is already pending`;
}

/** "✓ Deleted task #1: "…"". */
export function deletedLine(task: Task, options: FormatOptions): string {
  return `${check(options.palette)} Deleted task #${task.id}: "${task.title}"`;
}

/** "✓ Undid complete of task #1" / "✓ Undid delete of tasks #2, #3". */
export function undoneLine(op: string, changes: readonly TaskChange[], options: FormatOptions): string {
  const ids = changes.map((c) => `#${c.id}`).join(", ");
  return `${check(options.palette)} Undid ${op} of task${changes.length === 1 ? "" : "s"} ${ids}`;
}

function when(iso: string): string {
  const t = new Date(iso);
  const hh = String(t.getUTCHours()).padStart(2, "0");
  const mm = String(t.getUTCMinutes()).padStart(2, "0");
  return `${formatLongDay(dayOf(iso))} ${hh}:${mm} UTC`;
}

/** The detail view of `show`: title line, then aligned fields. */
export function taskDetails(task: Task, options: FormatOptions): string {
  const p = options.palette;
  let due = "-";
  if (task.due !== null) {
    due = formatLongDay(dayOf(task.due));
    if (isOverdue(task, options.today)) due = p.red(`${due} (overdue)`);
  }
  const fields: [string, string][] = [
    ["Priority", task.priority],
    ["Due", due],
    ["Status", task.status],
  ];
  if (task.tags && task.tags.length > 0) fields.push(["Tags", task.tags.join(", ")]);
  if (task.created) fields.push(["Created", when(task.created)]);
  if (task.completed) fields.push(["Completed", when(task.completed)]);
  const width = Math.max(...fields.map(([k]) => k.length)) + 1;
  return [p.bold(`Task #${task.id}: ${task.title}`), ...fields.map(([k, v]) => `  ${`${k}:`.padEnd(width)} ${v}`)].join("\n");
}
