/**
 * Readable lines for a terminal: `14:32:01.123 INFO  [httpd] listening addr=127.0.0.1:8080`.
 * Time is local wall-clock time; values are logfmt-quoted when they need it.
 * Stacks (present at debug level) follow on indented lines.
 */

import type { Palette } from "../term/color.ts";
import { safeStringify, type LogRecord } from "./record.ts";

const LABEL = { debug: "DEBUG", info: "INFO ", warn: "WARN ", error: "ERROR" } as const;

const two = (n: number) => String(n).padStart(2, "0");

/** Local time of day as `HH:MM:SS.mmm`. */
export function clockTime(d: Date): string {
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

/** Formats one value logfmt-style: bare when unambiguous, JSON-quoted otherwise. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=\\\x00-\x1f\x7f]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null) return "null";
  return safeStringify(value);
}

/** Formats `record` for people, colouring through `pal`, without the trailing newline. */
export function formatPretty(record: LogRecord, pal: Palette): string {
  const color = { debug: pal.dim, info: pal.cyan, warn: pal.yellow, error: pal.red }[record.level];
  let line = `${pal.dim(clockTime(record.time))} ${color(LABEL[record.level])}`;
  if (record.component !== "") line += ` ${pal.bold(`[${record.component}]`)}`;
  line += ` ${record.msg}`;
  const stacks: string[] = [];
  for (const [key, value] of Object.entries(record.fields)) {
    if ((key === "stack" || key.endsWith("_stack")) && typeof value === "string") {
      stacks.push(value);
      continue;
    }
    line += ` ${pal.dim(`${key}=`)}${formatValue(value)}`;
  }
  for (const stack of stacks) line += "\n" + pal.dim(stack.replace(/^/gm, "    "));
  return line;
}
