/**
 * The sequencer's files (git's sequencer.c): .git/sequencer/todo (one
 * "pick <abbrev> <subject>" line per commit still to do, the current one
 * first), head (HEAD when the sequence started), abort-safety (HEAD after
 * its last step) and opts (its options as a config file).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { parseConfig, setConfigValue } from "../config.ts";
import { GitError } from "../errors.ts";
import type { Repository } from "../repo.ts";
import { abbrev, expandPrefix } from "../revision.ts";

/** The path of the sequencer's directory, or of one of its files. */
export const seqPath = (repo: Repository, name = "") => repo.path(name ? `sequencer/${name}` : "sequencer");

/** What the sequencer is doing. */
export type Action = "cherry-pick" | "revert";

/** The options a sequence keeps in .git/sequencer/opts (replay_opts). */
export interface ReplayOptions {
  action: Action;
  noCommit?: boolean;
  /** --edit / --no-edit; undefined: git's default (a revert edits when stdin is a terminal). */
  edit?: boolean;
  allowEmpty?: boolean;
  keepRedundant?: boolean;
  recordOrigin?: boolean;
  allowFF?: boolean;
  mainline?: number;
}

/** One line of the todo list: the command, the commit, and the line as written. */
export interface TodoItem {
  command: Action;
  oid: string;
  line: string;
}

/** A commit's message as find_commit_subject leaves it (leading blank lines skipped) and its first line. */
export function messageOf(repo: Repository, oid: string): { body: string; subject: string } {
  const body = repo.commit(oid).message.replace(/^([ \t\r]*\n)+/, "");
  const nl = body.indexOf("\n");
  return { body, subject: nl < 0 ? body : body.slice(0, nl) };
}

/** update_abort_safety_file: HEAD after each pick of a sequence, for --abort and --skip to notice a moved HEAD. */
export function updateAbortSafety(repo: Repository): void {
  if (!existsSync(seqPath(repo))) return;
  writeFileSync(seqPath(repo, "abort-safety"), `${repo.head() ?? ""}\n`);
}

/** The todo lines of a new sequence ("pick <abbrev> <subject>"). */
export function todoFor(repo: Repository, oids: string[], action: Action): TodoItem[] {
  const command = action === "revert" ? "revert" : "pick";
  return oids.map((oid) => ({ command: action, oid, line: `${command} ${abbrev(repo, oid)} ${messageOf(repo, oid).subject}\n` }));
}

/** Writes the remaining todo (save_todo). */
export function saveTodo(repo: Repository, items: TodoItem[]): void {
  const path = seqPath(repo, "todo");
  writeFileSync(`${path}.lock`, items.map((i) => i.line).join(""));
  // The lock file's rename is git's commit_lock_file.
  renameSync(`${path}.lock`, path);
}

/** The sequence's options as git records them (save_opts: a config file). */
export function saveOpts(repo: Repository, opts: ReplayOptions): void {
  const file = seqPath(repo, "opts");
  const set = (key: string, value: string) => setConfigValue(file, `options.${key}`, value);
  if (opts.noCommit) set("no-commit", "true");
  if (opts.edit !== undefined) set("edit", opts.edit ? "true" : "false");
  if (opts.allowEmpty) set("allow-empty", "true");
  if (opts.keepRedundant) set("keep-redundant-commits", "true");
  if (opts.recordOrigin) set("record-origin", "true");
  if (opts.allowFF) set("allow-ff", "true");
  if (opts.mainline) set("mainline", String(opts.mainline));
}

/** read_populate_opts: the options of the sequence in progress; those gokit does not implement are refused. */
export function readOpts(repo: Repository, action: Action): ReplayOptions {
  const opts: ReplayOptions = { action };
  let text: string;
  try {
    text = readFileSync(seqPath(repo, "opts"), "utf8");
  } catch {
    return opts;
  }
  const bool = (v: string) => !["false", "no", "off", "0"].includes(v.toLowerCase());
  for (const [key, value] of parseConfig(text)) {
    if (key === "options.no-commit") opts.noCommit = bool(value);
    else if (key === "options.edit") opts.edit = bool(value);
    else if (key === "options.allow-empty") opts.allowEmpty = bool(value);
    else if (key === "options.keep-redundant-commits") opts.keepRedundant = bool(value);
    else if (key === "options.record-origin") opts.recordOrigin = bool(value);
    else if (key === "options.allow-ff") opts.allowFF = bool(value);
    else if (key === "options.mainline") opts.mainline = Number(value);
    else throw new GitError(`fatal: gokit git ${action} does not support the sequence option ${key.slice(8)}`, 128);
  }
  return opts;
}

/** sequencer_get_last_command: the action of the todo's first line, if a sequence is in progress. */
export function lastCommand(repo: Repository): Action | undefined {
  let todo: string;
  try {
    todo = readFileSync(seqPath(repo, "todo"), "utf8");
  } catch {
    return undefined;
  }
  const m = /^[ \t\r\n]*(pick|p|revert)[ \t]/.exec(todo);
  return m ? (m[1] === "revert" ? "revert" : "cherry-pick") : undefined;
}

/** read_populate_todo: the todo's commands, each commit resolved, or what is wrong (a command of the other action is). */
export function readTodo(repo: Repository, action: Action): TodoItem[] | string {
  const text = readFileSync(seqPath(repo, "todo"), "utf8");
  const items: TodoItem[] = [];
  for (const line of text.split(/(?<=\n)/)) {
    const t = line.replace(/^[ \t]+/, "");
    if (t.trim() === "" || t.startsWith("#")) continue;
    const m = /^(pick|p|revert)[ \t]+(\S+)/.exec(t);
    const oid = m && (/^[0-9a-f]{4,40}$/.test(m[2]!) ? expandPrefix(repo, m[2]!) : undefined);
    if (!m || !oid) return `invalid line ${items.length + 1}: ${line.replace(/\n$/, "")}`;
    items.push({ command: m[1] === "revert" ? "revert" : "cherry-pick", oid, line });
  }
  if (items.length === 0) return "no commits parsed.";
  for (const i of items) {
    if (i.command !== action) return action === "cherry-pick" ? "cannot cherry-pick during a revert." : "cannot revert during a cherry-pick.";
  }
  return items;
}

/** rollback_is_safe: HEAD is where the sequence's last step left it. */
export function rollbackIsSafe(repo: Repository): boolean {
  let expected = "";
  try {
    expected = readFileSync(seqPath(repo, "abort-safety"), "utf8").trim();
  } catch {}
  return expected === (repo.head() ?? "");
}
