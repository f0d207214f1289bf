/**
 * sqlite3-style dot-commands for `gokit sqlsh`: .tables, .schema, .import,
 * .mode, .headers, .timer, .read, .help, .quit/.exit. Arguments split on
 * blanks; '…' and "…" quote an argument with blanks in it.
 */
import { readFileSync } from "node:fs";
import type { SqlValue } from "../src/sql/index.ts";
import { CsvError, convertField, inferTypes, parseCsv, quoteIdent } from "./sqlsh-csv.ts";
import { MODES, formatNameColumns, type Mode } from "./sqlsh-format.ts";
import type { Shell } from "./sqlsh-shell.ts";

/** The `.help` text. */
export const DOT_HELP = [
  ".headers on|off          Show column names in csv and tsv modes (default on)",
  ".help                    Show this message",
  ".import FILE TABLE       Import CSV data from FILE into TABLE (the first row names the",
  "                         columns; a missing TABLE is created with INT/REAL/TEXT columns)",
  ".mode MODE               Output mode: table, csv, tsv, json or line",
  ".quit, .exit             Leave sqlsh (so do the words exit and quit)",
  ".read FILE               Run the SQL and dot-commands in FILE",
  ".schema [TABLE]          Show the CREATE statements (of TABLE and its indexes)",
  ".tables                  List the tables and views",
  ".timer on|off            Print the run time of each statement",
  "",
  "SQL statements end with ';' and may span lines.",
].join("\n");

/** Splits a dot-command line into words, honouring '…' and "…" quotes. */
export function dotWords(line: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

/** Reads a file named in a dot-command, or returns the one-line reason it could not be read. */
function readText(file: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(file, "utf8") };
  } catch (e) {
    return { error: `cannot open "${file}": ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}` };
  }
}

async function fail(shell: Shell, message: string): Promise<false> {
  await shell.io.err(`Error: ${message}`);
  return false;
}

function onOff(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === "on" || v === "yes" || v === "true" || v === "1") return true;
  if (v === "off" || v === "no" || v === "false" || v === "0") return false;
  return undefined;
}

/** Runs one dot-command; false after an error. */
export async function runDotCommand(shell: Shell, line: string): Promise<boolean> {
  const [name = "", ...args] = dotWords(line);
  const usage = (text: string) => fail(shell, `usage: ${text}`);
  switch (name) {
    case ".quit":
    case ".exit":
      shell.quit = true;
      return true;
    case ".help":
      await shell.io.out(DOT_HELP);
      return true;
    case ".tables": {
      const names = [...shell.db.tables(), ...shell.db.views()].sort();
      const text = formatNameColumns(names);
      if (text !== "") await shell.io.out(text);
      return true;
    }
    case ".schema": {
      if (args.length > 1) return usage(".schema [TABLE]");
      const statements = shell.db.schema(args[0]);
      if (statements.length > 0) await shell.io.out(statements.map((s) => (s.endsWith(";") ? s : `${s};`)).join("\n"));
      return true;
    }
    case ".mode": {
      const mode = args[0]?.toLowerCase();
      if (mode === undefined) {
        await shell.io.out(`current output mode: ${shell.format.mode}`);
        return true;
      }
      if (!(MODES as readonly string[]).includes(mode) || args.length > 1) return usage(`.mode ${MODES.join("|")}`);
      shell.format.mode = mode as Mode;
      return true;
    }
    case ".headers":
    case ".header": {
      const v = onOff(args[0]);
      if (v === undefined || args.length > 1) return usage(".headers on|off");
      shell.format.headers = v;
      return true;
    }
    case ".timer": {
      const v = onOff(args[0]);
      if (v === undefined || args.length > 1) return usage(".timer on|off");
      shell.timer = v;
      return true;
    }
    case ".read": {
      if (args.length !== 1) return usage(".read FILE");
      const file = readText(args[0]!);
      return "error" in file ? fail(shell, file.error) : shell.runScript(file.text);
    }
    case ".import":
      if (args.length !== 2) return usage(".import FILE TABLE");
      return importCsv(shell, args[0]!, args[1]!);
    default:
      return fail(shell, `unknown command or invalid arguments:  "${name.slice(1)}". Enter ".help" for help`);
  }
}

/** `.import FILE TABLE`: the header row names the columns; a missing table is created with inferred types. */
async function importCsv(shell: Shell, file: string, table: string): Promise<boolean> {
  const read = readText(file);
  if ("error" in read) return fail(shell, read.error);
  let records;
  try {
    records = parseCsv(read.text);
  } catch (e) {
    if (e instanceof CsvError) return fail(shell, `${file}:${e.line}: ${e.message}`);
    throw e;
  }
  const header = records.shift();
  if (header === undefined) return fail(shell, `${file}: empty file`);
  const existing = shell.db.tables().find((t) => t.toLowerCase() === table.toLowerCase());
  let width = header.fields.length;
  try {
    if (existing !== undefined) {
      width = shell.db.query(`SELECT * FROM ${quoteIdent(existing)} LIMIT 0`).columns.length;
    }
    for (const r of records) {
      if (r.fields.length !== width) return fail(shell, `${file}:${r.line}: expected ${width} columns but found ${r.fields.length}`);
    }
    let rows: SqlValue[][];
    if (existing === undefined) {
      if (header.fields.some((f) => f.trim() === "")) return fail(shell, `${file}:${header.line}: empty column name in the header row`);
      const types = inferTypes(records, width);
      const columns = header.fields.map((f, i) => `${quoteIdent(f.trim())} ${types[i]}`).join(", ");
      shell.db.exec(`CREATE TABLE ${quoteIdent(table)} (${columns});`);
      rows = records.map((r) => r.fields.map((f, i) => convertField(f, types[i]!)));
    } else {
      rows = records.map((r) => r.fields); // the table's column affinities type the text, as in sqlite3
    }
    const n = shell.db.insertRows(existing ?? table, rows);
    if (shell.interactive) await shell.io.out(`Imported ${n} ${n === 1 ? "row" : "rows"} into '${existing ?? table}'.`);
    return true;
  } catch (e) {
    await shell.error(e);
    return false;
  }
}
