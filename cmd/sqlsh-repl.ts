/**
 * The two ways sqlsh reads statements from standard input: the interactive
 * REPL on a terminal (banner, `> ` and continuation prompts, line editing,
 * history in ~/.gokit_sqlsh_history) and a plain stream of lines otherwise
 * (no banner or prompt, stop at the first error, as sqlite3 does).
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TtyEditor, writeAll } from "./sqlsh-editor.ts";
import type { Shell } from "./sqlsh-shell.ts";

/** The banner the REPL starts with. */
export const BANNER = 'MiniSQL v1.0\nType "help" for commands, "exit" to quit.';
/** The prompt for a new statement. */
export const PROMPT = "> ";
/** The prompt while a statement continues over more lines. */
export const CONTINUE_PROMPT = "  ";
/** History entries kept in the file. */
const HISTORY_LIMIT = 1000;

/** The history file: $GOKIT_SQLSH_HISTORY, else ~/.gokit_sqlsh_history. */
export function historyPath(): string {
  return process.env.GOKIT_SQLSH_HISTORY || join(process.env.HOME || "/", ".gokit_sqlsh_history");
}

function loadHistory(path: string): string[] {
  let lines: string[];
  try {
    lines = readFileSync(path, "utf8").split("\n").filter((l) => l !== "");
  } catch {
    return [];
  }
  if (lines.length > HISTORY_LIMIT) {
    lines = lines.slice(-HISTORY_LIMIT);
    try {
      writeFileSync(path, lines.join("\n") + "\n");
    } catch {
      // a read-only home keeps the in-memory history only
    }
  }
  return lines;
}

const KEYWORDS = (
  "SELECT FROM WHERE GROUP BY HAVING ORDER LIMIT OFFSET DISTINCT INSERT INTO VALUES UPDATE SET DELETE CREATE TABLE " +
  "INDEX UNIQUE VIEW DROP IF EXISTS NOT NULL PRIMARY KEY DEFAULT JOIN INNER LEFT OUTER CROSS ON USING AND OR IN " +
  "BETWEEN LIKE IS AS ASC DESC NULLS FIRST LAST UNION ALL INTERSECT EXCEPT CASE WHEN THEN ELSE END CAST BEGIN COMMIT " +
  "ROLLBACK EXPLAIN ANALYZE INTEGER REAL TEXT BOOLEAN COUNT SUM AVG MIN MAX GROUP_CONCAT ABS LENGTH UPPER LOWER " +
  "SUBSTR TRIM REPLACE COALESCE IFNULL NULLIF ROUND"
).split(" ");
const DOT_COMMANDS = [".tables", ".schema", ".import", ".mode", ".headers", ".timer", ".read", ".help", ".quit", ".exit"];

/** Tab candidates: dot-commands, keywords, table and view names, and their columns (bare and as table.column). */
function completions(shell: Shell, prefix: string): string[] {
  if (prefix.startsWith(".") && !prefix.slice(1).includes(".")) return DOT_COMMANDS;
  const names = [...shell.db.tables(), ...shell.db.views()];
  const out = [...KEYWORDS, ...names];
  for (const t of names) {
    try {
      for (const c of shell.db.query(`SELECT * FROM "${t.replace(/"/g, '""')}" LIMIT 0`).columns) out.push(c, `${t}.${c}`);
    } catch {
      // a broken view has no columns to offer
    }
  }
  return out;
}

/** Runs the interactive session on the terminal until `exit`, `.quit` or Ctrl-D. */
export async function runRepl(shell: Shell): Promise<void> {
  const path = historyPath();
  const history = loadHistory(path);
  const editor = new TtyEditor(process.stdin, history, () => process.stdout.columns || 80, (prefix) => completions(shell, prefix));
  writeAll(1, BANNER + "\n");
  let entry: string[] = [];
  try {
    while (!shell.quit) {
      const r = await editor.readLine(shell.continuing ? CONTINUE_PROMPT : PROMPT);
      if (r.kind === "eof") break;
      if (r.kind === "interrupt") {
        shell.discard();
        entry = [];
        continue;
      }
      if (r.text.trim() !== "") entry.push(r.text.trim());
      await shell.feedLine(r.text);
      if (!shell.continuing && entry.length > 0) {
        const line = entry.join(" ");
        entry = [];
        if (history.at(-1) !== line) {
          history.push(line);
          try {
            appendFileSync(path, line + "\n");
          } catch {
            // history is a convenience; a read-only home must not stop the session
          }
        }
      }
    }
  } finally {
    editor.close();
  }
}

/** Runs statements from a non-terminal stdin line by line; false after the first error. */
export async function runStream(shell: Shell, input: ReadableStream<Uint8Array>): Promise<boolean> {
  const decoder = new TextDecoder();
  let carry = "";
  let lineNo = 0;
  for await (const chunk of input) {
    carry += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = carry.indexOf("\n"); nl >= 0; nl = carry.indexOf("\n", start)) {
      const line = carry.slice(start, nl);
      start = nl + 1;
      if (!(await shell.feedLine(line.endsWith("\r") ? line.slice(0, -1) : line, ++lineNo))) return false;
      if (shell.quit) return true;
    }
    carry = carry.slice(start);
    await shell.io.flush?.(); // results so far are visible before waiting for more input
  }
  carry += decoder.decode();
  if (carry !== "" && !(await shell.feedLine(carry.replace(/\r$/, ""), ++lineNo))) return false;
  return shell.quit || shell.finish();
}
