/** What the parsers share: option checking, the duplicate-key check, and the errors for nesting and duplicate keys. */
import { parseErrorAt, quote, type JsonParseError } from "./errors.ts";
import { DEFAULT_MAX_DEPTH, type ParseOptions } from "./types.ts";

/** Resolved parse options. */
export interface ResolvedOptions {
  maxDepth: number;
  bigint: boolean;
  dupError: boolean;
}

/** Validates and fills in defaults. */
export function resolveOptions(options: ParseOptions): ResolvedOptions {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!(maxDepth >= 1) || (maxDepth !== Infinity && !Number.isInteger(maxDepth))) {
    throw new RangeError(`json: maxDepth must be a positive integer, got ${maxDepth}`);
  }
  const dup = options.duplicateKeys ?? "last";
  if (dup !== "last" && dup !== "error") throw new RangeError(`json: duplicateKeys must be "last" or "error", got ${String(dup)}`);
  return { maxDepth, bigint: options.bigint === true, dupError: dup === "error" };
}


/** Whether `o` already has the own key `k`. */
export function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** The error for an object or array opening deeper than `maxDepth`, at text offset `at`. */
export function depthError(text: string, at: number, maxDepth: number): JsonParseError {
  return parseErrorAt(text, at, `nesting depth at most ${maxDepth}`, {
    code: "ERR_JSON_DEPTH",
    reason: `maximum nesting depth ${maxDepth} exceeded`,
  });
}

/** The error for a repeated key under `duplicateKeys: "error"`, at text offset `at`. */
export function duplicateKeyError(text: string, at: number, key: string): JsonParseError {
  const shown = key.length > 40 ? key.slice(0, 40) + "…" : key;
  return parseErrorAt(text, at, "unique key", { code: "ERR_JSON_DUPLICATE_KEY", reason: `duplicate key ${quote(shown)}` });
}
