/**
 * @module
 * Structured, levelled logging for gokit's CLIs and daemons: JSON lines
 * (`{"time","level","component","msg",…}`) for machines and systemd,
 * readable lines on a TTY. The only module that imports consola.
 *
 * @example
 * import { createLogger } from "../log/index.ts";
 * const log = createLogger({ component: "httpd", stream: process.stderr });
 * log.info("listening", { addr: "127.0.0.1:8080" });
 * log.child({ conn: 7 }).warn("slow client", { ms: 1200 });
 */

export { BatchedWriter } from "./batched-writer.ts";
export { createLogger, type Logger, type LoggerOptions, type LogStream } from "./logger.ts";
export { LOG_LEVELS, LOG_FORMATS, LogOptionError, parseLevel, parseFormat, type LogLevel, type LogFormat } from "./level.ts";
export type { Fields, LogRecord } from "./record.ts";
