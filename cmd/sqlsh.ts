/**
 * `gokit sqlsh [FILE]`: a sqlite3-like shell over src/sql. On a terminal it
 * is a REPL (banner, prompts, line editing, history); with `-c SQL` it runs
 * that text once; otherwise it runs the statements read from stdin. Output is
 * a box table (default), csv, tsv, json or line. Non-interactive runs stop at
 * the first error with exit status 1, like sqlite3 -bail.
 *
 * `gokit sqlsh slt FILE...` runs sqllogictest files through src/sql/slt.ts.
 *
 * Environment: GOKIT_SQLSH_HISTORY (history file, default ~/.gokit_sqlsh_history), NO_COLOR.
 */
import type { ArgsDef } from "citty";
import { defineCommand } from "./cli.ts";
import { UsageError, print, printErr, stdoutColumns } from "./io.ts";

const shellArgs = {
  file: { type: "positional", required: false, valueHint: "FILE", description: 'Database file, created when missing (default ":memory:", nothing is saved)' },
  command: { type: "string", alias: "c", valueHint: "SQL", description: "Run SQL (statements and dot-commands) and exit" },
  format: { type: "enum", options: ["table", "csv", "tsv", "json", "line"], valueHint: "MODE", description: "Output mode: table, csv, tsv, json or line (default table)" },
  json: { type: "boolean", description: "Same as --format json" },
  headers: { type: "boolean", default: true, description: "Header row in csv and tsv output (--no-headers to drop it)" },
} as const satisfies ArgsDef;

const sltArgs = {
  files: { type: "positional", required: false, valueHint: "FILE...", description: "sqllogictest files (statement/query records, hash-threshold, skipif/onlyif gokit)" },
} as const satisfies ArgsDef;

export default defineCommand({
  meta: {
    name: "sqlsh",
    description: [
      "SQL shell over gokit's SQL engine, like sqlite3: a REPL on a terminal (statements end with ';', line editing,",
      "Tab completion, history in ~/.gokit_sqlsh_history), -c SQL for one shot, or statements from stdin without",
      "banner or prompt.",
      "Scripts (-c, stdin, .read) stop at the first error with exit status 1.",
      "Dot-commands: .tables, .schema [TABLE], .import FILE.csv TABLE, .mode MODE, .headers on|off, .timer on|off,",
      ".read FILE, .help, .quit",
    ].join("\n"),
  },
  args: shellArgs,
  subCommands: {
    slt: defineCommand({
      meta: { name: "slt", description: "Run sqllogictest files; print each failure with file:line and a passed/failed count (exit 1 if any failed)" },
      args: sltArgs,
      run: async ({ args }) => {
        const files = args._ as string[];
        if (files.length === 0) throw new UsageError("missing FILE: want one or more sqllogictest files");
        const { runSltFile } = await import("../src/sql/slt.ts");
        const { existsSync } = await import("node:fs");
        let passed = 0;
        let failed = 0;
        let skipped = 0;
        let broken = false;
        for (const file of files) {
          if (!existsSync(file)) {
            await printErr(`gokit sqlsh slt: open "${file}": no such file`);
            broken = true;
            continue;
          }
          const out: string[] = [];
          const r = runSltFile(file, { onFailure: (f) => void out.push(`${f.file}:${f.line}: ${f.message}`) });
          if (out.length > 0) await print(out.join("\n"));
          passed += r.passed;
          failed += r.failed;
          skipped += r.skipped;
        }
        if (skipped > 0) await print(`${skipped} skipped (skipif/onlyif)`);
        await print(`${passed} passed, ${failed} failed`);
        if (failed > 0 || broken) process.exitCode = 1;
      },
    }),
  },
  run: async ({ args }) => {
    if (args._.length > 1) throw new UsageError(`want at most one database FILE, got ${args._.length}`);
    const mode = args.json ? "json" : ((args.format as string | undefined) ?? "table");
    if (args.json && args.format !== undefined && args.format !== "json") throw new UsageError(`--json conflicts with --format ${args.format}`);
    const [lib, { Shell, bufferedIO }, { isatty }] = await Promise.all([import("../src/sql/index.ts"), import("./sqlsh-shell.ts"), import("node:tty")]);
    const interactive = args.command === undefined && isatty(0);
    const db = new lib.Database(args.file ?? ":memory:");
    const { writeAll } = await import("./sqlsh-editor.ts");
    const io: import("./sqlsh-shell.ts").ShellIO = interactive
      ? { out: async (s: string) => writeAll(1, s + "\n"), err: async (s: string) => writeAll(2, s + "\n") }
      : bufferedIO(print, printErr);
    const shell = new Shell({
      lib,
      db,
      io,
      interactive,
      format: { mode: mode as never, headers: args.headers !== false, maxWidth: await stdoutColumns() },
    });
    let ok = true;
    try {
      if (args.command !== undefined) {
        ok = await shell.runScript(args.command);
      } else if (interactive) {
        const { runRepl } = await import("./sqlsh-repl.ts");
        await runRepl(shell);
      } else {
        const { runStream } = await import("./sqlsh-repl.ts");
        ok = await runStream(shell, Bun.stdin.stream());
      }
    } finally {
      await io.flush?.();
      db.close();
    }
    if (!ok) process.exitCode = 1;
  },
});
