/**
 * The values a key can hold, as commands see them: strings are bytes, the
 * containers are JS collections keyed by latin1 strings (binary-safe).
 */
import { ByteList } from "./byte-list.ts";
import { ZSet } from "./zset.ts";

/** A list value. */
export type RList = ByteList;
/** A hash value: field (latin1) → value. */
export type RHash = Map<string, Uint8Array>;
/** A set value: members as latin1. */
export type RSet = Set<string>;
/** Any value a key holds. */
export type RValue = Uint8Array | RList | RHash | RSet | ZSet;

/** Redis's TYPE name for a value. */
export function typeName(v: RValue): "string" | "list" | "hash" | "set" | "zset" {
  if (v instanceof Uint8Array) return "string";
  if (v instanceof ZSet) return "zset";
  if (v instanceof ByteList) return "list";
  if (v instanceof Map) return "hash";
  return "set";
}
