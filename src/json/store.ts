/**
 * Storing a parsed member into its object. A plain `o[key] = value` in one
 * place sees every (shape, key) pair of a document; JavaScriptCore's inline
 * cache for that one store site overflows and every store takes the slow
 * path. Spreading the store over 64 sites, chosen by the key's cache slot,
 * keeps each site's cache small and fast (on citm_catalog and twitter this is
 * 15–20 % of the whole parse). `__proto__` is defined, never assigned, so it
 * stays an ordinary own key and never sets the prototype.
 */
import type { JsonObject, JsonValue } from "./types.ts";

/** How many store sites there are; a slot is a key-cache index masked with STORE_SITES − 1. */
export const STORE_SITES = 64;

/** `o[key] = value` as an own data property, through store site `slot` (0 ≤ slot < STORE_SITES). */
export function storeMember(o: JsonObject, key: string, value: JsonValue, slot: number): void {
  if (key === "__proto__") {
    Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
    return;
  }
  // prettier-ignore
  switch (slot) {
    case 0: o[key] = value; return;
    case 1: o[key] = value; return;
    case 2: o[key] = value; return;
    case 3: o[key] = value; return;
    case 4: o[key] = value; return;
    case 5: o[key] = value; return;
    case 6: o[key] = value; return;
    case 7: o[key] = value; return;
    case 8: o[key] = value; return;
    case 9: o[key] = value; return;
    case 10: o[key] = value; return;
    case 11: o[key] = value; return;
    case 12: o[key] = value; return;
    case 13: o[key] = value; return;
    case 14: o[key] = value; return;
    case 15: o[key] = value; return;
    case 16: o[key] = value; return;
    case 17: o[key] = value; return;
    case 18: o[key] = value; return;
    case 19: o[key] = value; return;
    case 20: o[key] = value; return;
    case 21: o[key] = value; return;
    case 22: o[key] = value; return;
    case 23: o[key] = value; return;
    case 24: o[key] = value; return;
    case 25: o[key] = value; return;
    case 26: o[key] = value; return;
    case 27: o[key] = value; return;
    case 28: o[key] = value; return;
    case 29: o[key] = value; return;
    case 30: o[key] = value; return;
    case 31: o[key] = value; return;
    case 32: o[key] = value; return;
    case 33: o[key] = value; return;
    case 34: o[key] = value; return;
    case 35: o[key] = value; return;
    case 36: o[key] = value; return;
    case 37: o[key] = value; return;
    case 38: o[key] = value; return;
    case 39: o[key] = value; return;
    case 40: o[key] = value; return;
    case 41: o[key] = value; return;
    case 42: o[key] = value; return;
    case 43: o[key] = value; return;
    case 44: o[key] = value; return;
    case 45: o[key] = value; return;
    case 46: o[key] = value; return;
    case 47: o[key] = value; return;
    case 48: o[key] = value; return;
    case 49: o[key] = value; return;
    case 50: o[key] = value; return;
    case 51: o[key] = value; return;
    case 52: o[key] = value; return;
    case 53: o[key] = value; return;
    case 54: o[key] = value; return;
    case 55: o[key] = value; return;
    case 56: o[key] = value; return;
    case 57: o[key] = value; return;
    case 58: o[key] = value; return;
    case 59: o[key] = value; return;
    case 60: o[key] = value; return;
    case 61: o[key] = value; return;
    case 62: o[key] = value; return;
    case 63: o[key] = value; return;
    default: o[key] = value;
  }
}
