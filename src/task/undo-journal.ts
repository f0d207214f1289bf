/**
 * The undo journal: a sidecar file (`<tasks file>.undo`) holding the last
 * changes as before/after images of the tasks they touched, newest last, at
 * most `JOURNAL_LIMIT` of them. Images keep entries small however large the
 * tasks file grows. Undo restores the before images, but only while the tasks
 * still match the after images, so a change made elsewhere is never clobbered.
 * `nextId` is never rolled back: ids are not reused, even after an undo.
 */

import { writeFileAtomic } from "./atomic-write.ts";
import type { Task } from "./task.ts";

/** How many changes can be undone. */
export const JOURNAL_LIMIT = 20;

/** One task's state before and after a change; null where it did not exist. */
export interface TaskChange {
  id: number;
  before: Task | null;
  after: Task | null;
}

/** One recorded change: the command that made it, when, and what it touched. */
export interface JournalEntry {
  op: string;
  time: string;
  changes: TaskChange[];
}

/** The undo journal's path for a tasks file. */
export function journalPath(tasksPath: string): string {
  return `${tasksPath}.undo`;
}

/**
 * Reads the journal; a missing file is empty. A damaged journal reads as
 * undefined: it only serves undo, so callers decide whether that is an error.
 */
export async function readJournal(path: string): Promise<JournalEntry[] | undefined> {
  let text: string;
  try {
    text = await Bun.file(path).text();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  try {
    const v = JSON.parse(text) as { entries?: unknown };
    if (!Array.isArray(v.entries)) return undefined;
    for (const e of v.entries as Partial<JournalEntry>[]) {
      if (typeof e?.op !== "string" || !Array.isArray(e.changes)) return undefined;
    }
    return v.entries as JournalEntry[];
  } catch {
    return undefined;
  }
}

/** Writes the journal atomically, keeping only the newest JOURNAL_LIMIT entries. */
export async function writeJournal(path: string, entries: JournalEntry[]): Promise<void> {
  const kept = entries.slice(-JOURNAL_LIMIT);
  await writeFileAtomic(path, `{"version":1,"entries":[\n${kept.map((e) => JSON.stringify(e)).join(",\n")}\n]}\n`);
}

/** Canonical JSON of a task (keys sorted), for comparing images. */
export function canonical(t: Task | null | undefined): string {
  if (!t) return "null";
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(t).sort()) sorted[k] = t[k];
  return JSON.stringify(sorted);
}
