/**
 * OBJECT ENCODING as Redis 7.0 tracks it. A container starts in the compact
 * encoding its content allows (listpack hash or zset, intset set) and is
 * converted to the big one (hashtable, skiplist) by the first write that
 * exceeds a threshold; Redis never converts back, so neither do we: the
 * conversion is remembered per value (a WeakSet, so values carry no extra
 * field). Lists are always quicklists in 7.0. Loading an RDB or RESTORE
 * derives the encoding from content again, as Redis's rdbLoadObject does.
 */
import { LIMITS } from "./rdb-format.ts";
import type { RValue } from "./value-types.ts";
import { ByteList } from "./byte-list.ts";
import { ZSet } from "./zset.ts";

const converted = new WeakSet<object>();
/** Strings modified in place by Redis (APPEND to a key, SETRANGE): "raw" whatever their length, never packed. */
const rawStrings = new WeakSet<Uint8Array>();

/** Marks a string Redis would hold as a raw sds (dbUnshareStringValue, SETRANGE's createObject). */
export function markRaw(b: Uint8Array): Uint8Array {
  rawStrings.add(b);
  return b;
}

/** Whether a string was marked raw. */
export function isRaw(b: Uint8Array): boolean {
  return rawStrings.has(b);
}

/** A canonical int64 in decimal (string2ll): what an intset can hold. */
function isInt64(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n || (s.charCodeAt(i) === 48 && n > i + 1) || (i === 1 && s === "-0")) return false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (n < 19) return true;
  const b = BigInt(s);
  return b <= 9223372036854775807n && b >= -9223372036854775808n;
}

/** Whether the content still fits the compact encoding. */
function fitsCompact(v: RValue): boolean {
  if (v instanceof Map) {
    if (v.size > LIMITS.hashEntries) return false;
    for (const [f, x] of v) if (f.length > LIMITS.hashValue || x.length > LIMITS.hashValue) return false;
    return true;
  }
  if (v instanceof ZSet) {
    if (v.size > LIMITS.zsetEntries) return false;
    for (const m of v.dict.keys()) if (m.length > LIMITS.zsetValue) return false;
    return true;
  }
  if (v instanceof Set) {
    if (v.size > LIMITS.intsetEntries) return false;
    for (const m of v) if (!isInt64(m)) return false;
    return true;
  }
  return true;
}

/** After a write to a container: converts it (for good) when it outgrew its compact encoding. */
export function noteWrite(v: RValue): void {
  if (v instanceof Uint8Array || v instanceof ByteList || converted.has(v)) return;
  if (!fitsCompact(v)) converted.add(v);
}

/** Whether a container is in its big encoding (hashtable/skiplist): SCAN pages it, the RDB writes it as a dict or skiplist. */
export function isConverted(v: RValue): boolean {
  noteWrite(v);
  return typeof v === "object" && !(v instanceof Uint8Array) && converted.has(v);
}

/** Gives `to` the encoding of `from` (COPY and MOVE keep a value's encoding, as dupStringObject and friends do). */
export function copyEncoding(from: RValue, to: RValue): void {
  if (isConverted(from) && typeof to === "object" && !(to instanceof Uint8Array)) converted.add(to);
}

/** OBJECT ENCODING's name for a value. */
export function encodingName(v: RValue): string {
  if (v instanceof Uint8Array) {
    if (rawStrings.has(v)) return "raw";
    if (v.length <= 20 && isInt64(String.fromCharCode(...v))) return "int";
    return v.length <= 44 ? "embstr" : "raw";
  }
  if (v instanceof ByteList) return "quicklist";
  const big = isConverted(v);
  if (v instanceof Map) return big ? "hashtable" : "listpack";
  if (v instanceof ZSet) return big ? "skiplist" : "listpack";
  return big ? "hashtable" : "intset";
}
