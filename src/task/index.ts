/**
 * @module
 * The task manager behind `gokit task`: tasks in one pretty-printed JSON file
 * (`~/.tasks.json` by default), safe to share between concurrent processes
 * (a lock file with stale-lock recovery, atomic replacement), with a bounded
 * undo journal, a stat-validated cache of the pending tasks for fast `list`,
 * filters and sorting, and human or JSON output.
 *
 * Nothing here reads the environment or the terminal: the caller passes the
 * file path, the clock and the palette.
 *
 * @example
 * const store = new TaskStore("/home/me/.tasks.json", { now: () => new Date() });
 * const { value: task } = await store.update("add", (doc) =>
 *   addTask(doc, { title: "Learn Go", priority: "high", due: null }, new Date()));
 */

export { isPriority, PRIORITIES, isoSeconds, type Priority, type Status, type Task, type TaskDocument } from "./task.ts";
export { TaskDocumentError, decodeDocument, encodeDocument, parseDocument } from "./document.ts";
export { JsonSyntaxError, readJson } from "./read-json.ts";
export { DATE_FORMS, dayOf, formatLongDay, formatShortDay, isoDay, localDay, parseDate, type DateParse, type ParseDateOptions } from "./due-date.ts";
export {
  TaskNotFoundError,
  addTask,
  deleteTasks,
  editTask,
  getTasks,
  normalizeTags,
  normalizeTitle,
  setStatus,
  type NewTask,
  type StatusChange,
  type TaskPatch,
} from "./operations.ts";
export { SORT_KEYS, matches, selectTasks, type SortKey, type TaskFilter } from "./query.ts";
export { MAX_FILE_BYTES, TaskFileError, TaskStore, UndoError, type PendingTasks, type TaskStoreOptions, type UpdateResult } from "./store.ts";
export { cachePath } from "./pending-cache.ts";
export { JOURNAL_LIMIT, type JournalEntry, type TaskChange } from "./undo-journal.ts";
export { LockTimeoutError, acquireLock, processAlive, type FileLock, type FileLockOptions } from "./file-lock.ts";
export { writeFileAtomic } from "./atomic-write.ts";
export { DEFAULT_TASKS_FILE, resolveTasksPath, type PathBase } from "./tasks-path.ts";
export {
  addedLine,
  completedLine,
  deletedLine,
  isOverdue,
  reopenedLine,
  summary,
  taskDetails,
  taskTable,
  undoneLine,
  updatedLine,
  type FormatOptions,
} from "./format.ts";
