/**
 * The logger: levelled, structured, written to one injected stream. consola
 * does level filtering and dispatch; gokit's reporter formats JSON lines or
 * pretty lines. consola's repeat-collapsing is off, so a daemon logging the
 * same line a thousand times writes it a thousand times.
 */

import { createConsola, type ConsolaInstance, type LogObject, type LogType } from "consola/core";
import { colorEnabled, palette } from "../term/color.ts";
import { formatJson } from "./format-json.ts";
import { formatPretty } from "./format-pretty.ts";
import { SEVERITY, parseFormat, parseLevel, type LogFormat, type LogLevel } from "./level.ts";
import { normalizeFields, type Fields, type LogRecord } from "./record.ts";

/** Where log lines go: anything with `write`; `isTTY` picks the default format and colour. */
export interface LogStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Tag for every record, e.g. "httpd". */
  component?: string;
  /** Defaults to json off a TTY or under systemd (`JOURNAL_STREAM`), pretty on a TTY. */
  format?: LogFormat;
  /** Defaults to `GOKIT_LOG_LEVEL`, else "info". */
  level?: LogLevel;
  /** Defaults to `process.stderr`. */
  stream?: LogStream;
  /** Defaults to `process.env`; read for `GOKIT_LOG_LEVEL`, `JOURNAL_STREAM` and colour rules. */
  env?: Record<string, string | undefined>;
  /** Defaults to the system clock. */
  now?: () => Date;
}

/** A levelled, structured logger. Fields may be an Error, logged as `{ error: message }`. */
export interface Logger {
  /** The threshold below which records are dropped. */
  readonly level: LogLevel;
  /** The output format in use. */
  readonly format: LogFormat;
  /** Reports whether a record at `level` would be written, to skip building expensive fields. */
  enabled(level: Exclude<LogLevel, "silent">): boolean;
  /** Logs at debug level. */
  debug(msg: string, fields?: Fields | Error): void;
  /** Logs at info level. */
  info(msg: string, fields?: Fields | Error): void;
  /** Logs at warn level. */
  warn(msg: string, fields?: Fields | Error): void;
  /** Logs at error level. */
  error(msg: string, fields?: Fields | Error): void;
  /** Returns a logger tagged with a sub-component ("httpd" → "httpd:conn") or with fields bound to every record. */
  child(componentOrFields: string | Fields): Logger;
}

// consola numbers: error 0, warn 1, info 3, debug 4; silent is below everything.
const CONSOLA_LEVEL: Record<LogLevel, number> = { debug: 4, info: 3, warn: 1, error: 0, silent: Number.NEGATIVE_INFINITY };

/** The record travels through consola as its only argument. */
type Carrier = LogObject & { args: [LogRecord] };

/** Chooses the format when none is given: JSON for machines (pipes, files, journald), pretty for a TTY. */
function defaultFormat(stream: LogStream, env: Record<string, string | undefined>): LogFormat {
  if (env.JOURNAL_STREAM) return "json";
  return stream.isTTY === true ? "pretty" : "json";
}

/**
 * Creates a logger writing to `options.stream` (stderr by default).
 * @example
 * const log = createLogger({ component: "httpd" });
 * log.info("listening", { addr: "127.0.0.1:8080" });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const stream: LogStream = options.stream ?? process.stderr;
  const envLevel = env.GOKIT_LOG_LEVEL;
  const level =
    options.level !== undefined
      ? parseLevel(options.level)
      : envLevel !== undefined && envLevel !== ""
        ? parseLevel(envLevel, "GOKIT_LOG_LEVEL")
        : "info";
  const format = options.format !== undefined ? parseFormat(options.format) : defaultFormat(stream, env);
  const now = options.now ?? (() => new Date());
  const pal = palette(format === "pretty" && colorEnabled(stream, env));
  const withStack = level === "debug";

  const reporter = {
    log(obj: LogObject) {
      const record = (obj as Carrier).args[0];
      const line = format === "json" ? formatJson(record) : formatPretty(record, pal);
      stream.write(line + "\n");
    },
  };
  const root = createConsola({
    level: CONSOLA_LEVEL[level],
    reporters: [reporter],
    // Repeat-collapsing off: a gap of at least 0 ms never counts as a repeat, and no count exceeds Infinity.
    throttle: 0,
    throttleMin: Number.POSITIVE_INFINITY,
  });

  function make(consola: ConsolaInstance, component: string, bound: Fields): Logger {
    const emit = (type: LogType & LogRecord["level"]) => (msg: string, fields?: Fields | Error) => {
      if (SEVERITY[type] < SEVERITY[level]) return; // skip building the record at all
      const record: LogRecord = { time: now(), level: type, component, msg, fields: normalizeFields(bound, fields, withStack) };
      consola[type]({ args: [record], date: record.time });
    };
    return {
      level,
      format,
      enabled: (l) => SEVERITY[l] >= SEVERITY[level],
      debug: emit("debug"),
      info: emit("info"),
      warn: emit("warn"),
      error: emit("error"),
      child(componentOrFields) {
        if (typeof componentOrFields === "string") {
          return make(consola.withTag(componentOrFields), component ? `${component}:${componentOrFields}` : componentOrFields, bound);
        }
        return make(consola, component, { ...bound, ...componentOrFields });
      },
    };
  }

  const component = options.component ?? "";
  return make(component ? root.withTag(component) : root, component, {});
}
