/**
 * The statement loop shared by every way `gokit sqlsh` reads SQL (the REPL,
 * `-c`, stdin, `.read`): lines gather until they end a complete statement
 * (src/sql isComplete), a line starting with `.` on an empty buffer is a
 * dot-command, and each statement's result is printed in the current mode.
 * Errors print as `Error: …`; the caller decides whether to go on (REPL) or
 * stop with exit status 1 (scripts, like sqlite3 -bail).
 */
import type { Database, SqlError, StatementResult } from "../src/sql/index.ts";
import { runDotCommand } from "./sqlsh-dot.ts";
import { formatRows, type FormatOptions } from "./sqlsh-format.ts";

/** The library as loaded by cmd/sqlsh.ts. */
export type SqlLib = typeof import("../src/sql/index.ts");

/** Where the shell writes: data to `out`, diagnostics to `err` (both add the newline). */
export interface ShellIO {
  out(text: string): Promise<void>;
  err(text: string): Promise<void>;
  /** Writes out anything `out` buffered (before waiting for input, and at the end). */
  flush?(): Promise<void>;
}

/**
 * Output for scripts: stdout text gathered into large writes (a dump of
 * 100,000 INSERTs must not cost 100,000 writes); stderr lines go out at once,
 * after the stdout text before them.
 */
export function bufferedIO(out: (text: string) => Promise<void>, err: (text: string) => Promise<void>): Required<ShellIO> {
  let parts: string[] = [];
  let size = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const text = parts.join("");
    parts = [];
    size = 0;
    await out(text);
  };
  return {
    out: async (text) => {
      parts.push(text, "\n");
      size += text.length + 1;
      if (size >= 1 << 16) await flush();
    },
    err: async (text) => {
      await flush();
      await err(text);
    },
    flush,
  };
}

/** What a shell needs: the library, an open database, output settings and streams. */
export interface ShellOptions {
  lib: SqlLib;
  db: Database;
  format: FormatOptions;
  io: ShellIO;
  /** Interactive sessions accept `help`/`exit` words and print import counts. */
  interactive?: boolean;
}

/** Lines gathered towards one statement, and the source line the first came from. */
interface Pending {
  text: string;
  line: number;
}

/** Splits SQL text at top-level `;` (outside quotes and comments), keeping each piece's start offset. */
export function splitStatements(text: string): { sql: string; offset: number }[] {
  const out: { sql: string; offset: number }[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      for (;;) {
        j = text.indexOf(close, j);
        if (j < 0 || close === "]" || text[j + 1] !== close) break;
        j += 2; // a doubled quote inside the string
      }
      i = j < 0 ? n : j + 1;
    } else if (c === "-" && text[i + 1] === "-") {
      const j = text.indexOf("\n", i);
      i = j < 0 ? n : j + 1;
    } else if (c === "/" && text[i + 1] === "*") {
      const j = text.indexOf("*/", i + 2);
      i = j < 0 ? n : j + 2;
    } else if (c === ";") {
      out.push({ sql: text.slice(start, i + 1), offset: start });
      start = ++i;
    } else {
      i++;
    }
  }
  if (start < n) out.push({ sql: text.slice(start), offset: start });
  return out;
}

/** True when SQL text holds only blanks and comments. */
function blank(sql: string): boolean {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, "").trim().replace(/;/g, "") === "";
}

/** One sqlsh session over an open database. */
export class Shell {
  readonly lib: SqlLib;
  readonly db: Database;
  readonly format: FormatOptions;
  readonly io: ShellIO;
  readonly interactive: boolean;
  timer = false;
  /** Set by `.quit`, `.exit` and `exit`. */
  quit = false;
  private pending: Pending = { text: "", line: 1 };

  constructor(options: ShellOptions) {
    this.lib = options.lib;
    this.db = options.db;
    this.format = options.format;
    this.io = options.io;
    this.interactive = options.interactive ?? false;
  }

  /** True while a statement is incomplete (the REPL shows the continuation prompt). */
  get continuing(): boolean {
    return this.pending.text !== "";
  }

  /** Drops a half-typed statement (Ctrl-C at the prompt). */
  discard(): void {
    this.pending = { text: "", line: 1 };
  }

  /** Feeds one input line (numbered `lineNo` in its source); false after an error. */
  feedLine(line: string, lineNo = 1): Promise<boolean> {
    return this.feed(this.pending, line, lineNo);
  }

  /** Runs what is left in the buffer at end of input (sqlite3 runs a final statement without `;`). */
  finish(): Promise<boolean> {
    const rest = this.pending;
    this.discard();
    return blank(rest.text) ? Promise.resolve(true) : this.runSql(rest.text, rest.line);
  }

  /** Runs a whole script (`.read`, `-c`), stopping at the first error or `.quit`; false after an error. */
  async runScript(text: string): Promise<boolean> {
    const pending: Pending = { text: "", line: 1 };
    const lines = text.split(/\r?\n/);
    if (lines.at(-1) === "") lines.pop();
    for (let i = 0; i < lines.length && !this.quit; i++) {
      if (!(await this.feed(pending, lines[i]!, i + 1))) return false;
    }
    return this.quit || blank(pending.text) || this.runSql(pending.text, pending.line);
  }

  private async feed(pending: Pending, line: string, lineNo: number): Promise<boolean> {
    if (pending.text === "") {
      const word = line.trim().replace(/;$/, "").toLowerCase();
      if (line.trimStart().startsWith(".")) return runDotCommand(this, line.trim());
      if (this.interactive && (word === "exit" || word === "quit")) {
        this.quit = true;
        return true;
      }
      if (this.interactive && word === "help") return runDotCommand(this, ".help");
      if (line.trim() === "") return true;
      pending.line = lineNo;
    }
    pending.text += pending.text === "" ? line : `\n${line}`;
    if (!this.lib.isComplete(pending.text)) return true;
    const { text, line: first } = pending;
    pending.text = "";
    return this.runSql(text, first);
  }

  /**
   * Runs each statement of `text` (whose first line is line `firstLine` of its
   * source) and prints its result; stops at the first error. Error positions
   * are moved from the statement to the input as the user typed it.
   */
  async runSql(text: string, firstLine = 1): Promise<boolean> {
    let line = firstLine;
    let lineStart = 0;
    for (const { sql, offset } of splitStatements(text)) {
      for (let i = text.indexOf("\n", lineStart); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
        line++;
        lineStart = i + 1;
      }
      if (blank(sql)) continue;
      const started = performance.now();
      const cpu = process.cpuUsage();
      let results: StatementResult[];
      try {
        results = this.db.exec(sql);
      } catch (e) {
        if (e instanceof this.lib.SqlError && e.line > 0) {
          if (e.line === 1) e.column += offset - lineStart;
          e.line += line - 1;
        }
        await this.error(e);
        return false;
      }
      for (const r of results) await this.printResult(r);
      if (this.timer) {
        const used = process.cpuUsage(cpu);
        const real = ((performance.now() - started) / 1000).toFixed(3);
        await this.io.out(`Run Time: real ${real} user ${(used.user / 1e6).toFixed(6)} sys ${(used.system / 1e6).toFixed(6)}`);
      }
    }
    return true;
  }

  /** Prints one statement's result in the current mode. */
  async printResult(r: StatementResult): Promise<void> {
    if (r.kind === "plan") {
      if (r.message !== "") await this.io.out(r.message);
      return;
    }
    if (r.kind === "ok") {
      if (r.message !== "" && (this.format.mode === "table" || this.format.mode === "line")) await this.io.out(r.message);
      return;
    }
    const text = formatRows(r.columns, r.rows, this.format);
    if (text !== "") await this.io.out(text);
  }

  /** Reports an error as sqlite3 does: one `Error: …` line on stderr. */
  async error(e: unknown): Promise<void> {
    if (e instanceof this.lib.SqlError) {
      await this.io.err(this.lib.formatSqlError(e as SqlError));
      return;
    }
    if (e instanceof Error && process.env.GOKIT_DEBUG === "1" && e.stack) {
      await this.io.err(`Error: ${e.message}\n${e.stack}`);
      return;
    }
    await this.io.err(`Error: ${e instanceof Error ? e.message : String(e)}`);
  }
}
