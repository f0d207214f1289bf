/**
 * Log levels and formats, and the parsing that turns flags and environment
 * values into them.
 */

/** Severity threshold: records below the logger's level are dropped; "silent" drops everything. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** Output format: one JSON object per line, or a readable line for people. */
export type LogFormat = "json" | "pretty";

/** Every level, least severe first. */
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];

/** Every format. */
export const LOG_FORMATS: readonly LogFormat[] = ["json", "pretty"];

/** An invalid logger option, such as an unknown level in `GOKIT_LOG_LEVEL`. */
export class LogOptionError extends RangeError {
  /** Stable error code. */
  readonly code = "ERR_LOG_OPTION";
  override name = "LogOptionError";
}

/** Orders severities; "silent" outranks every record. */
export const SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

const or = (names: readonly string[]) => `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;

/** Parses a level name (case-insensitive); `source` names where it came from, for the error. */
export function parseLevel(value: string, source?: string): LogLevel {
  const v = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(v)) return v as LogLevel;
  const from = source ? ` in ${source}` : "";
  throw new LogOptionError(`log: invalid level ${JSON.stringify(value)}${from} (want ${or(LOG_LEVELS)})`);
}

/** Parses a format name (case-insensitive). */
export function parseFormat(value: string, source?: string): LogFormat {
  const v = value.trim().toLowerCase();
  if ((LOG_FORMATS as readonly string[]).includes(v)) return v as LogFormat;
  const from = source ? ` in ${source}` : "";
  throw new LogOptionError(`log: invalid format ${JSON.stringify(value)}${from} (want ${or(LOG_FORMATS)})`);
}
