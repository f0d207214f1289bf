/**
 * One Redis database. Keys (latin1 strings, binary-safe) map to a slot
 * number; parallel per-slot arrays hold the key, the value, the LRU clock and
 * the memory estimate, so a plain string key costs one Map entry, its key
 * string and a few array cells — no wrapper object per key. Slots are
 * appended in insertion order (SCAN walks them; deleted slots are compacted
 * away once they outnumber live ones). Strings of ≤ 6 bytes are packed into
 * numbers (packed-string.ts). TTLs live only in the ExpireIndex. Expiry is
 * passive on every lookup and active in `expireCycle`.
 */
import type { Clock } from "../runtime/index.ts";
import { ExpireIndex, expireCycle, type ExpireCycleOptions, type ExpireCycleStats } from "./expire-index.ts";
import { entrySize, stringEntrySize } from "./memory.ts";
import { pack, packedLength, unpack, type StoredString } from "./packed-string.ts";
import { ScanCursors } from "./scan-cursor.ts";
import type { RValue } from "./value-types.ts";

export type { ExpireCycleOptions, ExpireCycleStats } from "./expire-index.ts";
export { typeName, type RHash, type RList, type RSet, type RValue } from "./value-types.ts";

/** A value as stored in a slot: strings may be packed numbers. */
type Stored = StoredString | Exclude<RValue, Uint8Array>;

const INITIAL = 16;

/** A database: values and TTLs, read through passive expiry. */
export class Keyspace {
  /** key → slot. */
  readonly #slot = new Map<string, number>();
  #keys: (string | undefined)[] = [];
  #vals: (Stored | undefined)[] = [];
  /** Last access per slot in ms, strictly increasing within a millisecond (the LRU clock). */
  #lru = new Float64Array(INITIAL);
  /** Estimated bytes per slot (memory.ts's model). */
  #size = new Float64Array(INITIAL);
  readonly #cursors = new ScanCursors();
  readonly expires = new ExpireIndex();
  #used = 0;
  #lastMs = 0;
  #seq = 0;
  /** Keys removed by expiry, passive or active (INFO's expired_keys). */
  expiredKeys = 0;
  /** While loading a persistence file nothing expires and past TTLs are kept (Redis's keyIsExpired and checkAlreadyExpired under server.loading). */
  loading = false;
  /** Called for every key removed by expiry, passive or active: the AOF logs a DEL (Redis's deleteExpiredKeyAndPropagate). */
  onExpire: ((key: string) => void) | undefined;

  constructor(readonly clock: Clock) {}

  /** Dataset bytes by the memory model. */
  get usedMemory(): number {
    return this.#used;
  }

  /** Keys stored, counting any past their TTL not yet reclaimed (DBSIZE). */
  get size(): number {
    return this.#slot.size;
  }

  /** Whether `key` is stored, without passive expiry or an access (dict lookups such as Redis's dbFind). */
  contains(key: string): boolean {
    return this.#slot.has(key);
  }

  /** Every stored key and its value, in slot order, without expiring anything (snapshots). */
  *entries(): IterableIterator<[string, RValue]> {
    for (let i = 0; i < this.#keys.length; i++) {
      const k = this.#keys[i];
      if (k !== undefined) yield [k, materialize(this.#vals[i]!)];
    }
  }

  /** Re-estimates `key` after its value changed in place (a no-op when missing). */
  resize(key: string): void {
    const s = this.#slot.get(key);
    if (s !== undefined) this.#resizeSlot(s, key);
  }

  #resizeSlot(s: number, key: string): void {
    const v = this.#vals[s]!;
    const n = typeof v === "number" ? stringEntrySize(key.length, packedLength(v)) : entrySize(key, v);
    this.#used += n - this.#size[s]!;
    this.#size[s] = n;
  }

  /** The estimated bytes of `key` (MEMORY USAGE), or undefined when missing. */
  sizeOf(key: string): number | undefined {
    if (this.peek(key) === undefined) return undefined;
    return this.#size[this.#slot.get(key)!];
  }

  #touch(s: number): void {
    const now = this.clock.now();
    if (now === this.#lastMs) this.#seq = Math.min(this.#seq + 1, 4095);
    else (this.#lastMs = now), (this.#seq = 0);
    this.#lru[s] = now + this.#seq / 4096;
  }

  /** When `key` was last accessed (ms since the epoch), for LRU and OBJECT IDLETIME. */
  lastAccess(key: string): number {
    const s = this.#slot.get(key);
    return s === undefined ? 0 : this.#lru[s]!;
  }

  /** Sets the access time of `key` (RESTORE … IDLETIME). */
  setLastAccess(key: string, ms: number): void {
    const s = this.#slot.get(key);
    if (s !== undefined) this.#lru[s] = ms;
  }

  /** The value at `key` without updating its access time (OBJECT's NOTOUCH lookups). */
  peek(key: string): RValue | undefined {
    const s = this.#slot.get(key);
    if (s === undefined || this.#expireIfNeeded(key)) return undefined;
    return materialize(this.#vals[s]!);
  }

  #expireIfNeeded(key: string): boolean {
    if (this.expires.keys.length === 0) return false;
    const at = this.expires.at.get(key);
    if (at === undefined || at > this.clock.now() || this.loading) return false;
    this.#expired(key);
    return true;
  }

  #expired(key: string): void {
    this.#remove(key);
    this.expiredKeys++;
    this.onExpire?.(key);
  }

  /** The value at `key`, or undefined (expiring it first when its TTL has passed). */
  get(key: string): RValue | undefined {
    const s = this.#slot.get(key);
    if (s === undefined || this.#expireIfNeeded(key)) return undefined;
    this.#touch(s);
    return materialize(this.#vals[s]!);
  }

  /**
   * The stored form of the string at `key` for replies that copy it out
   * (GET's fast path): a packed number or bytes; null when the key holds
   * another type; undefined when missing.
   */
  getStored(key: string): StoredString | null | undefined {
    const s = this.#slot.get(key);
    if (s === undefined || this.#expireIfNeeded(key)) return undefined;
    this.#touch(s);
    const v = this.#vals[s]!;
    return typeof v === "number" || v instanceof Uint8Array ? v : null;
  }

  /** Whether `key` exists (after passive expiry). */
  has(key: string): boolean {
    const s = this.#slot.get(key);
    if (s === undefined || this.#expireIfNeeded(key)) return false;
    this.#touch(s);
    return true;
  }

  /** Stores a value; `keepTtl` keeps an existing TTL, otherwise it is cleared (like SET). Stored strings must not be mutated afterwards. */
  set(key: string, v: RValue, keepTtl = false): void {
    this.setStored(key, v instanceof Uint8Array ? pack(v) : v, keepTtl);
  }

  /** `set` for a value already in stored form (a packed string from packed-string.ts). */
  setStored(key: string, v: Stored, keepTtl = false): void {
    let s = this.#slot.get(key);
    if (s === undefined) {
      s = this.#keys.length;
      if (s === this.#lru.length) this.#grow();
      this.#slot.set(key, s);
      this.#keys.push(key);
      this.#vals.push(v);
      this.#size[s] = 0;
    } else {
      this.#vals[s] = v;
    }
    this.#resizeSlot(s, key);
    this.#touch(s);
    if (!keepTtl && this.expires.keys.length > 0) this.expires.delete(key);
  }

  #grow(): void {
    const cap = Math.ceil(this.#lru.length * 1.5);
    const lru = new Float64Array(cap);
    lru.set(this.#lru);
    this.#lru = lru;
    const size = new Float64Array(cap);
    size.set(this.#size);
    this.#size = size;
  }

  /** Replaces the value of an existing key without touching its TTL. */
  replace(key: string, v: RValue): void {
    const s = this.#slot.get(key);
    if (s === undefined) return this.set(key, v, true);
    this.#vals[s] = v instanceof Uint8Array ? pack(v) : v;
    this.#resizeSlot(s, key);
  }

  /** Deletes a key; true when it existed. */
  delete(key: string): boolean {
    if (!this.has(key)) return false;
    this.#remove(key);
    return true;
  }

  #remove(key: string): void {
    const s = this.#slot.get(key);
    if (s === undefined) return;
    this.#slot.delete(key);
    this.#keys[s] = undefined;
    this.#vals[s] = undefined;
    this.#used -= this.#size[s]!;
    if (this.expires.keys.length > 0) this.expires.delete(key);
    if (this.#keys.length > 64 && this.#keys.length > 2 * this.#slot.size) this.#compact();
  }

  /** Drops deleted slots, renumbering the live ones in order; SCAN cursors are re-mapped (scan-cursor.ts). */
  #compact(): void {
    const n = this.#keys.length;
    const removed = new Float64Array(n - this.#slot.size);
    let r = 0;
    let w = 0;
    for (let i = 0; i < n; i++) {
      const k = this.#keys[i];
      if (k === undefined) {
        removed[r++] = i;
        continue;
      }
      if (w !== i) {
        this.#keys[w] = k;
        this.#vals[w] = this.#vals[i];
        this.#lru[w] = this.#lru[i]!;
        this.#size[w] = this.#size[i]!;
        this.#slot.set(k, w);
      }
      w++;
    }
    this.#keys.length = w;
    this.#vals.length = w;
    this.#cursors.compacted(removed);
  }

  /** Absolute expiry in ms since the epoch, or undefined when the key has none. */
  expireAt(key: string): number | undefined {
    return this.expires.keys.length === 0 ? undefined : this.expires.at.get(key);
  }

  /** Sets an absolute expiry; a time not in the future deletes the key (EXPIRE's checkAlreadyExpired) unless `keepIfPast`. */
  setExpire(key: string, atMs: number, options: { keepIfPast?: boolean } = {}): void {
    if (atMs <= this.clock.now() && !options.keepIfPast && !this.loading) {
      this.#remove(key);
      return;
    }
    this.expires.set(key, atMs);
  }

  /** Removes a TTL; true when there was one. */
  persist(key: string): boolean {
    return this.expires.delete(key);
  }

  /** Empties the database. */
  clear(): void {
    this.#slot.clear();
    this.#keys = [];
    this.#vals = [];
    this.#lru = new Float64Array(INITIAL);
    this.#size = new Float64Array(INITIAL);
    this.#used = 0;
    this.expires.clear();
  }

  /** Every live key (expiring lapsed keys on the way). */
  keys(): string[] {
    const out: string[] = [];
    for (const k of this.#keys.filter((k) => k !== undefined)) if (!this.#expireIfNeeded(k)) out.push(k);
    return out;
  }

  /** A random live key, or undefined when empty (deleted slots are at most half, so retries are few). */
  randomKey(random: () => number = Math.random): string | undefined {
    for (let tries = 0; this.#slot.size > 0 && tries < 100; tries++) {
      const k = this.#keys[Math.floor(random() * this.#keys.length)];
      if (k !== undefined && !this.#expireIfNeeded(k)) return k;
    }
    return this.keys()[0];
  }

  /**
   * Up to `count` slots (live or deleted both count, like Redis's buckets)
   * from `cursor` on: their live keys and the cursor to continue from (0 when
   * done). A key present for a whole scan is returned at least once.
   */
  scan(cursor: number, count: number): { keys: string[]; next: number } {
    const from = cursor === 0 ? 0 : this.#cursors.decode(cursor);
    const keys: string[] = [];
    const n = this.#keys.length;
    let i = from;
    for (; i < n && i - from < count; i++) {
      const k = this.#keys[i];
      if (k !== undefined) keys.push(k);
    }
    return { keys, next: i < n ? this.#cursors.encode(i) : 0 };
  }

  /** Redis's activeExpireCycle for this database (expire-index.ts). */
  expireCycle(options: ExpireCycleOptions = {}): ExpireCycleStats {
    return expireCycle(this.expires, this.clock.now(), (k) => this.#expired(k), options);
  }
}

function materialize(v: Stored): RValue {
  return typeof v === "number" ? unpack(v) : v;
}
