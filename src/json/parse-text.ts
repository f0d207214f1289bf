/**
 * The value parser over decoded text (charCodeAt), used for inputs too large
 * to copy into the byte parser's scratch buffer. Same grammar, same errors,
 * same values as parse-bytes.ts; the lexer is inlined and containers live on
 * an explicit stack, so depth is bounded by `maxDepth`, never the call stack.
 */
import { depthError, duplicateKeyError, hasOwn } from "./build.ts";
import { parseErrorAt } from "./errors.ts";
import { cursor, readEscapedString, readNumber, readString } from "./scan-text.ts";
import { STORE_SITES, storeMember } from "./store.ts";
import type { JsonArray, JsonObject, JsonValue } from "./types.ts";

// Keys repeat: a small cache keyed by a hash of the characters hands back the same string
// instance for equal keys (which the engine has already made a property name).
const KEY_CACHE_SIZE = 2048;
const KEY_MAX = 24;
const keyCache: string[] = new Array<string>(KEY_CACHE_SIZE).fill("");

/** The store site for the key `readKey` returned last. */
let keySlot = 0;

function readKey(text: string, start: number): string {
  const n = text.length;
  let j = start;
  let h = 0;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 34) {
      cursor.end = j + 1;
      const len = j - start;
      if (len > KEY_MAX) {
        keySlot = len & (STORE_SITES - 1);
        return text.slice(start, j);
      }
      const idx = (h ^ (h >>> 11)) & (KEY_CACHE_SIZE - 1);
      keySlot = idx & (STORE_SITES - 1);
      const cached = keyCache[idx]!;
      if (cached.length === len) {
        let t = 0;
        while (t < len && cached.charCodeAt(t) === text.charCodeAt(start + t)) t++;
        if (t === len) return cached;
      }
      return (keyCache[idx] = text.slice(start, j));
    }
    if (c === 92 || c < 32) break;
    h = (Math.imul(h, 31) + c) | 0;
    j++;
  }
  keySlot = 0;
  return readEscapedString(text, start, j);
}

/** Parses `text` (already checked to be well-formed Unicode). */
export function parseText(text: string, maxDepth: number, bigint: boolean, dupError: boolean): JsonValue {
  try {
    return run(text, maxDepth, bigint, dupError);
  } finally {
    // Cached keys may share the text's storage; drop them so the text can be freed.
    keyCache.fill("");
  }
}

function run(text: string, maxDepth: number, bigint: boolean, dupError: boolean): JsonValue {
  const n = text.length;
  const containers: (JsonArray | JsonObject | null)[] = [];
  const keys: string[] = [];
  const slots: number[] = [];
  const kinds: boolean[] = [];
  let slot = 0;
  let depth = 0;
  let container: JsonArray | JsonObject | null = null;
  let isArray = false;
  let key = "";
  let value: JsonValue = null;
  let i = 0;
  let c = 0;
  for (;;) {
    c = text.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
    if (c === 34) {
      value = readString(text, i + 1);
      i = cursor.end;
    } else if (c === 123 || c === 91) {
      const open = i;
      const close = c + 2;
      c = text.charCodeAt(++i);
      while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
      if (c === close) {
        i++;
        value = c === 125 ? {} : [];
      } else {
        if (depth >= maxDepth) throw depthError(text, open, maxDepth);
        containers[depth] = container;
        keys[depth] = key;
        slots[depth] = slot;
        depth++;
        kinds[depth - 1] = isArray;
        if (close === 93) {
          // Created with its first element, so arrays of numbers and arrays of anything else come from two
          // allocation sites, and the engine can keep number arrays unboxed.
          container = null;
          isArray = true;
          continue;
        }
        container = {};
        isArray = false;
        if (c !== 34) throw parseErrorAt(text, i, "string or '}'");
        key = readKey(text, i + 1);
        slot = keySlot;
        if (dupError && hasOwn(container, key)) throw duplicateKeyError(text, i, key);
        i = cursor.end;
        c = text.charCodeAt(i);
        while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
        if (c !== 58) throw parseErrorAt(text, i, "':'");
        i++;
        continue;
      }
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      value = readNumber(text, i, bigint);
      i = cursor.end;
    } else if (c === 116 && text.charCodeAt(i + 1) === 114 && text.charCodeAt(i + 2) === 117 && text.charCodeAt(i + 3) === 101) {
      value = true;
      i += 4;
    } else if (c === 102 && text.charCodeAt(i + 1) === 97 && text.charCodeAt(i + 2) === 108 && text.charCodeAt(i + 3) === 115 && text.charCodeAt(i + 4) === 101) {
      value = false;
      i += 5;
    } else if (c === 110 && text.charCodeAt(i + 1) === 117 && text.charCodeAt(i + 2) === 108 && text.charCodeAt(i + 3) === 108) {
      value = null;
      i += 4;
    } else {
      throw parseErrorAt(text, i, "value");
    }
    for (;;) {
      c = text.charCodeAt(i);
      while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
      if (depth === 0) {
        if (i < n) throw parseErrorAt(text, i, "end of input");
        return value;
      }
      if (isArray) {
        if (container !== null) (container as JsonArray).push(value);
        else container = typeof value === "number" ? [value] : [value];
        if (c === 44) {
          i++;
          break;
        }
        if (c !== 93) throw parseErrorAt(text, i, "',' or ']'");
      } else {
        storeMember(container as JsonObject, key, value, slot);
        if (c === 44) {
          c = text.charCodeAt(++i);
          while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
          if (c !== 34) throw parseErrorAt(text, i, "string");
          key = readKey(text, i + 1);
        slot = keySlot;
          if (dupError && hasOwn(container!, key)) throw duplicateKeyError(text, i, key);
          i = cursor.end;
          c = text.charCodeAt(i);
          while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
          if (c !== 58) throw parseErrorAt(text, i, "':'");
          i++;
          break;
        }
        if (c !== 125) throw parseErrorAt(text, i, "',' or '}'");
      }
      i++;
      value = container ?? [];
      depth--;
      container = containers[depth]!;
      key = keys[depth]!;
      slot = slots[depth]!;
      isArray = kinds[depth]!;
    }
  }
}
