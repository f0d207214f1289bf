/**
 * JSON lines: `{"time","level","component","msg",…fields}`, one object per
 * line, the shape journald, Loki and `jq` expect.
 */

import { safeStringify, type LogRecord } from "./record.ts";

/** Formats `record` as one JSON object, without the trailing newline. */
export function formatJson(record: LogRecord): string {
  let line = `{"time":"${record.time.toISOString()}","level":"${record.level}"`;
  if (record.component !== "") line += `,"component":${JSON.stringify(record.component)}`;
  line += `,"msg":${JSON.stringify(record.msg)}`;
  const fields = record.fields;
  let rest = "";
  for (const key in fields) {
    const v = fields[key];
    const t = typeof v;
    // Hot path (access logs): primitives serialise on their own; anything else goes through safeStringify.
    if (t !== "string" && t !== "number" && t !== "boolean" && v !== null) return safeStringify({ ...headOf(record), ...fields });
    rest += `,${JSON.stringify(key)}:${JSON.stringify(v)}`;
  }
  return `${line}${rest}}`;
}

function headOf(record: LogRecord): Record<string, unknown> {
  const head: Record<string, unknown> = { time: record.time.toISOString(), level: record.level };
  if (record.component !== "") head.component = record.component;
  head.msg = record.msg;
  return head;
}
