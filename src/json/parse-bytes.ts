/**
 * The value parser over UTF-8 bytes: RFC 8259 text → JsonValue. Typed-array
 * reads are much cheaper than charCodeAt, so inputs that fit the scratch
 * buffer are scanned as bytes. The lexer is inlined (no token objects) and
 * containers live on an explicit stack, so depth is bounded by `maxDepth`,
 * never by the call stack. Strings are sliced from the decoded text: `delta`
 * counts the bytes beyond one per UTF-16 unit seen so far, so a text index is
 * the byte index minus `delta` (non-ASCII can only occur inside strings).
 */
import { depthError, duplicateKeyError, hasOwn } from "./build.ts";
import { parseErrorAt, type JsonParseError } from "./errors.ts";
import { exactQuotient, POW10 } from "./number-fast.ts";
import { controlError, escapeError, numberValue, scanNumber } from "./scan-text.ts";
import { STORE_SITES, storeMember } from "./store.ts";
import type { JsonArray, JsonObject, JsonValue } from "./types.ts";

/**
 * Parses `n` bytes of `b` (valid UTF-8 followed by a 0 sentinel, which every scan stops at)
 * whose decoded text is `source`.
 */
export function parseBytes(b: Uint8Array, n: number, source: string, maxDepth: number, bigint: boolean, dupError: boolean): JsonValue {
  text = source;
  delta = 0;
  nBytes = n;
  try {
    return run(b, n, maxDepth, bigint, dupError);
  } finally {
    text = "";
    keyCache.fill("");
    keyLength.fill(0);
  }
}

// Per-parse state shared with the readers (module-level, so a reader returns a value and leaves its end in `end`).
let text = "";
let delta = 0;
let end = 0;
let nBytes = 0;

// Bytes beyond one per UTF-16 unit: continuation bytes add one, 4-byte leads (two units) take one back.
const DELTA = new Int8Array(256);
for (let c = 0x80; c < 0xc0; c++) DELTA[c] = 1;
for (let c = 0xf0; c < 0xf8; c++) DELTA[c] = -1;
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) HEX[65 + c] = HEX[97 + c] = 10 + c;
const ESCAPES: string[] = [];
ESCAPES[34] = '"';
ESCAPES[92] = "\\";
ESCAPES[47] = "/";
ESCAPES[98] = "\b";
ESCAPES[102] = "\f";
ESCAPES[110] = "\n";
ESCAPES[114] = "\r";
ESCAPES[116] = "\t";

function fail(at: number, expected: string): JsonParseError {
  return parseErrorAt(text, at - delta, expected);
}

/** Reads a string body starting at byte `start` (after the quote). */
function readString(b: Uint8Array, start: number): string {
  const from = start - delta;
  let j = start;
  for (;;) {
    let c = b[j]!;
    while (c !== 34 && c !== 92 && c >= 32 && c < 128) c = b[++j]!;
    if (c === 34) {
      end = j + 1;
      return text.slice(from, j - delta);
    }
    if (c < 128) return readEscaped(b, from, j);
    // A multi-byte sequence (the bytes are valid UTF-8): 2 and 3 bytes make one UTF-16 unit, 4 make two.
    do {
      if (c < 0xe0) {
        j += 2;
        delta += 1;
      } else {
        j += c < 0xf0 ? 3 : 4;
        delta += 2;
      }
      c = b[j]!;
    } while (c >= 128);
  }
}

function readEscaped(b: Uint8Array, from: number, j: number): string {
  // Escapes are ASCII in the raw text too, so they leave delta alone; `run` is a text index.
  let out = "";
  let run = from;
  for (;;) {
    const c = b[j]!;
    if (c === 34) {
      end = j + 1;
      return out + text.slice(run, j - delta);
    }
    if (c === 92) {
      const at = j - delta;
      const e = b[j + 1]!;
      const simple = ESCAPES[e];
      let decoded: string;
      if (simple !== undefined) {
        decoded = simple;
        j += 2;
      } else if (e === 117) {
        const u = (HEX[b[j + 2]!]! << 12) | (HEX[b[j + 3]!]! << 8) | (HEX[b[j + 4]!]! << 4) | HEX[b[j + 5]!]!;
        if (u < 0) throw escapeError(text, at);
        // One UTF-16 unit per escape: pairs combine in the string, lone surrogates stay (RFC 8259 §7, §8.2).
        decoded = String.fromCharCode(u);
        j += 6;
      } else {
        throw escapeError(text, at);
      }
      out += text.slice(run, at) + decoded;
      run = j - delta;
    } else if (c >= 128) {
      delta += DELTA[c]!;
      j++;
    } else if (c < 32) {
      if (j >= nBytes) throw parseErrorAt(text, text.length, "'\"'");
      throw controlError(text, j - delta);
    } else {
      j++;
    }
  }
}

/** Reads the number at byte `start`; fast paths build the value from the digits, the rest goes through `Number()`. */
function readNumber(b: Uint8Array, start: number, bigint: boolean): number | bigint {
  let j = start;
  let c = b[j]!;
  if (c === 45) c = b[++j]!;
  const intStart = j;
  // The first 15 digit positions accumulate exactly into m, up to 4 more into m2.
  let m = 0;
  if (c === 48) {
    c = b[++j]!;
    if (c >= 48 && c <= 57) return slowNumber(start, bigint);
  } else if (c >= 49 && c <= 57) {
    do {
      m = m * 10 + (c - 48);
      c = b[++j]!;
    } while (c >= 48 && c <= 57);
  } else {
    throw fail(j, "digit");
  }
  const intDigits = j - intStart;
  if (c === 46) {
    if (intDigits > 15) return slowNumber(start, bigint);
    c = b[++j]!;
    const fracStart = j;
    const limit = fracStart + 15 - intDigits;
    while (c >= 48 && c <= 57 && j < limit) {
      m = m * 10 + (c - 48);
      c = b[++j]!;
    }
    const mid = j;
    let m2 = 0;
    while (c >= 48 && c <= 57) {
      m2 = m2 * 10 + (c - 48);
      c = b[++j]!;
    }
    if (j === fracStart) throw fail(j, "digit");
    if (c === 101 || c === 69) return slowNumber(start, bigint);
    const d2 = j - mid;
    const k = j - fracStart;
    let v: number;
    if (d2 === 0) v = m / POW10[k]!;
    else if (d2 > 4 || k > 22 || (v = exactQuotient(m, d2, m2, k)) !== v) return slowNumber(start, bigint);
    end = j;
    return start === intStart ? v : -v;
  }
  if (c === 101 || c === 69) return slowNumber(start, bigint);
  if (intDigits > 15) {
    if (bigint || intDigits > 19) return slowNumber(start, bigint);
    m = 0;
    let t = intStart;
    for (; t < intStart + 15; t++) m = m * 10 + (b[t]! - 48);
    let m2 = 0;
    for (; t < j; t++) m2 = m2 * 10 + (b[t]! - 48);
    const v = exactQuotient(m, intDigits - 15, m2, 0);
    if (v !== v) return slowNumber(start, bigint);
    m = v;
  }
  end = j;
  return start === intStart ? m : -m;
}

function slowNumber(start: number, bigint: boolean): number | bigint {
  const at = start - delta;
  const scanned = scanNumber(text, at);
  end = scanned.end + delta;
  return numberValue(text, at, scanned.end, scanned.integer, bigint);
}

// Object keys repeat: a cache keyed by a hash of the bytes returns the same string instance for
// equal keys, which the engine has already made a property name. Cleared after each parse, so
// no document's text outlives its parse through the cache.
const KEY_CACHE_SIZE = 2048;
const KEY_MAX = 24;
const keyCache: string[] = new Array<string>(KEY_CACHE_SIZE).fill("");
const keyBytes = new Uint8Array(KEY_CACHE_SIZE * KEY_MAX);
const keyLength = new Uint8Array(KEY_CACHE_SIZE);

/** The store site for the key `readKey` returned last. */
let keySlot = 0;

function readKey(b: Uint8Array, start: number): string {
  let j = start;
  let h = 0;
  let c = b[j]!;
  while (c !== 34 && c !== 92 && c >= 32 && c < 128) {
    h = (Math.imul(h, 31) + c) | 0;
    c = b[++j]!;
  }
  const len = j - start;
  if (c !== 34 || len > KEY_MAX) {
    keySlot = len & (STORE_SITES - 1);
    return readString(b, start);
  }
  end = j + 1;
  const idx = (h ^ (h >>> 11)) & (KEY_CACHE_SIZE - 1);
  keySlot = idx & (STORE_SITES - 1);
  const base = idx * KEY_MAX;
  if (keyLength[idx] === len) {
    let t = 0;
    while (t < len && keyBytes[base + t] === b[start + t]) t++;
    if (t === len) return keyCache[idx]!;
  }
  const key = text.slice(start - delta, j - delta);
  keyCache[idx] = key;
  keyLength[idx] = len;
  keyBytes.set(b.subarray(start, j), base);
  return key;
}

function run(b: Uint8Array, n: number, maxDepth: number, bigint: boolean, dupError: boolean): JsonValue {
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
    c = b[i]!;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i]!;
    if (c === 34) {
      value = readString(b, i + 1);
      i = end;
    } else if (c === 123 || c === 91) {
      const open = i;
      const close = c + 2;
      c = b[++i]!;
      while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i]!;
      if (c === close) {
        i++;
        value = c === 125 ? {} : [];
      } else {
        if (depth >= maxDepth) throw depthError(text, open - delta, maxDepth);
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
        if (c !== 34) throw fail(i, "string or '}'");
        key = readKey(b, i + 1);
        slot = keySlot;
        if (dupError && hasOwn(container, key)) throw duplicateKeyError(text, i - delta, key);
        i = end;
        c = b[i]!;
        while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i]!;
        if (c !== 58) throw fail(i, "':'");
        i++;
        continue;
      }
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      value = readNumber(b, i, bigint);
      i = end;
    } else if (c === 116 && b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101) {
      value = true;
      i += 4;
    } else if (c === 102 && b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101) {
      value = false;
      i += 5;
    } else if (c === 110 && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108) {
      value = null;
      i += 4;
    } else {
      throw fail(i, "value");
    }
    for (;;) {
      c = b[i]!;
      while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i]!;
      if (depth === 0) {
        if (i < n) throw fail(i, "end of input");
        return value;
      }
      if (isArray) {
        if (container !== null) (container as JsonArray).push(value);
        else container = typeof value === "number" ? [value] : [value];
        if (c === 44) {
          i++;
          break;
        }
        if (c !== 93) throw fail(i, "',' or ']'");
      } else {
        storeMember(container as JsonObject, key, value, slot);
        if (c === 44) {
          c = b[++i]!;
          while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i]!;
          if (c !== 34) throw fail(i, "string");
          key = readKey(b, i + 1);
        slot = keySlot;
          if (dupError && hasOwn(container!, key)) throw duplicateKeyError(text, i - delta, key);
          i = end;
          c = b[i]!;
          while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i]!;
          if (c !== 58) throw fail(i, "':'");
          i++;
          break;
        }
        if (c !== 125) throw fail(i, "',' or '}'");
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
