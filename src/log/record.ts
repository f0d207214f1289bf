/**
 * A log record and the normalisation of its fields: errors become their
 * message (plus stack when asked), and values JSON cannot hold become strings.
 */

import type { LogLevel } from "./level.ts";

/** Structured key/value pairs attached to a record. */
export type Fields = Record<string, unknown>;

/** One log event, ready to format. */
export interface LogRecord {
  time: Date;
  level: Exclude<LogLevel, "silent">;
  component: string;
  msg: string;
  fields: Fields;
}

/** Keys every JSON line starts with; a field with one of these names is written as `fields.<name>`. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["time", "level", "component", "msg"]);

/**
 * Merges `bound` and `fields` (later wins), replacing each Error with its
 * message and, when `withStack`, adding its stack beside it: under `stack`
 * for the key `error`, `<key>_stack` otherwise. Undefined values are dropped.
 */
export function normalizeFields(bound: Fields, fields: Fields | Error | undefined, withStack: boolean): Fields {
  const input: Fields = fields instanceof Error ? { ...bound, error: fields } : { ...bound, ...fields };
  const out: Fields = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const name = RESERVED_KEYS.has(key) ? `fields.${key}` : key;
    if (value instanceof Error) {
      out[name] = value.message;
      if (withStack && value.stack) out[name === "error" ? "stack" : `${name}_stack`] = value.stack;
    } else {
      out[name] = value;
    }
  }
  return out;
}

function jsonReplacer(seen?: WeakSet<object>) {
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Error) return value.message;
    if (value instanceof Map) return Object.fromEntries(value);
    if (value instanceof Set) return [...value];
    if (seen && typeof value === "object" && value !== null) {
      if (seen.has(value)) return "[circular]";
      seen.add(value);
    }
    return value;
  };
}

/** JSON.stringify that never throws: bigints become strings, cycles become "[circular]". */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, jsonReplacer()) ?? "null";
  } catch {
    // Only a cycle (or a throwing toJSON) gets here; the seen-set also marks shared references, which is acceptable.
    try {
      return JSON.stringify(value, jsonReplacer(new WeakSet())) ?? "null";
    } catch (err) {
      return JSON.stringify(`[unserializable: ${err instanceof Error ? err.message : String(err)}]`);
    }
  }
}
