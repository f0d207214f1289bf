/**
 * JSON lines: `{"time","level","component","msg",…fields}`, one object per
 * line, the shape journald, Loki and `jq` expect.
 */

import { safeStringify, type LogRecord } from "./record.ts";

/** Formats `record` as one JSON object, without the trailing newline. */
export function formatJson(record: LogRecord): string {
  const head: Record<string, unknown> = { time: record.time.toISOString(), level: record.level };
  if (record.component !== "") head.component = record.component;
  head.msg = record.msg;
  return safeStringify({ ...head, ...record.fields });
}
