/** Statistics of a document gathered from streaming events, in constant memory. */
import type { JsonScalar } from "./types.ts";
import type { JsonVisitor } from "./stream.ts";

/** Counts of what a document holds. */
export interface JsonStats {
  objects: number;
  arrays: number;
  keys: number;
  strings: number;
  numbers: number;
  booleans: number;
  nulls: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Longest string (key or value), in UTF-16 code units. */
  longestString: number;
}

/**
 * A visitor that counts, and the counts it fills in.
 * @example const { visitor, stats } = statsVisitor(); await parseStream(src, visitor); stats.objects
 */
export function statsVisitor(): { visitor: JsonVisitor; stats: JsonStats } {
  const stats: JsonStats = { objects: 0, arrays: 0, keys: 0, strings: 0, numbers: 0, booleans: 0, nulls: 0, maxDepth: 0, longestString: 0 };
  let depth = 0;
  const open = () => {
    if (++depth > stats.maxDepth) stats.maxDepth = depth;
  };
  const visitor: JsonVisitor = {
    startObject() {
      stats.objects++;
      open();
    },
    startArray() {
      stats.arrays++;
      open();
    },
    endObject() {
      depth--;
    },
    endArray() {
      depth--;
    },
    key(k: string) {
      stats.keys++;
      if (k.length > stats.longestString) stats.longestString = k.length;
    },
    value(v: JsonScalar) {
      switch (typeof v) {
        case "string":
          stats.strings++;
          if (v.length > stats.longestString) stats.longestString = v.length;
          break;
        case "number":
        case "bigint":
          stats.numbers++;
          break;
        case "boolean":
          stats.booleans++;
          break;
        default:
          stats.nulls++;
      }
    },
  };
  return { visitor, stats };
}
