/** The values `parse` returns and `stringify` accepts. */

/** A JSON value: objects are plain objects, integers beyond 2^53 are `bigint` with `{ bigint: true }`. */
export type JsonValue = string | number | bigint | boolean | null | JsonArray | JsonObject;

/** A JSON array. */
export type JsonArray = JsonValue[];

/** A JSON object (a plain object; `__proto__` and `constructor` are ordinary own keys). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A scalar JSON value (what a streaming visitor's `value` receives). */
export type JsonScalar = string | number | bigint | boolean | null;

/** Options shared by `parse`, `tokenize` and the streaming parser. */
export interface ParseOptions {
  /** Integers beyond ±(2^53 − 1) become exact `bigint`s instead of rounded numbers. Default false. */
  bigint?: boolean;
  /** Deepest nesting of arrays and objects accepted; deeper input fails with `ERR_JSON_DEPTH`. Default 10,000. */
  maxDepth?: number;
  /** `"last"` keeps the last of repeated keys (default); `"error"` rejects them with `ERR_JSON_DUPLICATE_KEY`. */
  duplicateKeys?: "last" | "error";
}

/** The events of a streaming parse; each may return a promise to pause the parser until it settles. */
export interface JsonVisitor {
  startObject?(): void | Promise<void>;
  endObject?(): void | Promise<void>;
  startArray?(): void | Promise<void>;
  endArray?(): void | Promise<void>;
  /** An object key; the value's events follow. */
  key?(key: string): void | Promise<void>;
  /** A string, number, boolean or null (an array element, a member's value, or the whole document). */
  value?(value: JsonScalar): void | Promise<void>;
}

/** Options for streaming; duplicate keys are not tracked (that would need memory per object). */
export interface StreamOptions {
  /** Integers beyond ±(2^53 − 1) as exact `bigint`s. */
  bigint?: boolean;
  /** Deepest nesting accepted (default 10,000). */
  maxDepth?: number;
}

/** The default for `ParseOptions.maxDepth`. */
export const DEFAULT_MAX_DEPTH = 10_000;
