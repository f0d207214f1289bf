/**
 * One Redis database. Keys (latin1 strings, binary-safe) map to slots in a
 * SlotTable (slot-table.ts); parallel per-slot arrays hold the value and the
 * LRU clock, so a plain string key costs its key string, a few typed-array
 * cells and one array cell — no Map entry, no wrapper object. Strings of ≤ 6
 * bytes are packed into numbers (packed-string.ts). Slots follow insertion
 * order (SCAN walks them; deleted slots are compacted away once they
 * outnumber live ones, scan-cursor.ts re-maps cursors). TTLs live only in the
 * ExpireIndex. Expiry is passive on every lookup and active in `expireCycle`.
 */
import type { Clock } from "../runtime/index.ts";
import { ExpireIndex, expireCycle, type ExpireCycleOptions, type ExpireCycleStats } from "./expire-index.ts";
import { isRaw, noteWrite } from "./encoding.ts";
import { lfuCounter, lfuField, lfuTouch, type LfuSettings } from "./lfu.ts";
import { entrySize, stringEntrySize } from "./memory.ts";
import { pack, packedLength, unpack, type StoredString } from "./packed-string.ts";
import { ScanCursors } from "./scan-cursor.ts";
import { SlotTable } from "./slot-table.ts";
import type { RValue } from "./value-types.ts";

export type { ExpireCycleOptions, ExpireCycleStats } from "./expire-index.ts";
export { typeName, type RHash, type RList, type RSet, type RValue } from "./value-types.ts";

/** A value as stored in a slot: strings may be packed numbers. */
type Stored = StoredString | Exclude<RValue, Uint8Array>;

const INITIAL = 16;

/**
 * How accesses are recorded, shared by the server's databases: an LRU clock
 * (ms) or, under an LFU policy, Redis's LFU field (lfu.ts) in the same slot
 * array. Switching policies at runtime leaves old values to adjust, as in Redis.
 */
export interface AccessTracking extends LfuSettings {
  lfu: boolean;
  random: () => number;
}

/** A database: values and TTLs, read through passive expiry. */
export class Keyspace {
  readonly #slots = new SlotTable();
  #vals: (Stored | undefined)[] = [];
  /** Per slot: last access in ms, strictly increasing within a millisecond (the LRU clock), or the LFU field. */
  #lru = new Float64Array(INITIAL);
  /** Estimated bytes of each container key (memory.ts's model); a string's is computed from its lengths. */
  readonly #containerSize = new Map<string, number>();
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

  constructor(
    readonly clock: Clock,
    readonly tracking: AccessTracking = { lfu: false, logFactor: 10, decayTime: 1, random: Math.random },
  ) {}

  /** Dataset bytes by the memory model. */
  get usedMemory(): number {
    return this.#used;
  }

  /** Keys stored, counting any past their TTL not yet reclaimed (DBSIZE). */
  get size(): number {
    return this.#slots.size;
  }

  /** Whether `key` is stored, without passive expiry or an access (dict lookups such as Redis's dbFind). */
  contains(key: string): boolean {
    return this.#slots.find(key) >= 0;
  }

  /** Every stored key and its value, in slot order, without expiring anything (snapshots). */
  *entries(): IterableIterator<[string, RValue]> {
    const keys = this.#slots.keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k !== undefined) yield [k, materialize(this.#vals[i]!)];
    }
  }

  #storedSize(key: string, v: Stored): number {
    if (typeof v === "number") return stringEntrySize(key.length, packedLength(v));
    if (v instanceof Uint8Array) return stringEntrySize(key.length, v.length);
    return this.#containerSize.get(key) ?? 0;
  }

  /** Re-estimates `key` after its value changed in place (a no-op when missing or a string: strings are replaced, never mutated). */
  resize(key: string): void {
    const s = this.#slots.find(key);
    if (s < 0) return;
    const v = this.#vals[s]!;
    if (typeof v === "number" || v instanceof Uint8Array) return;
    noteWrite(v);
    const n = entrySize(key, v);
    this.#used += n - (this.#containerSize.get(key) ?? 0);
    this.#containerSize.set(key, n);
  }

  /** The estimated bytes of `key` (MEMORY USAGE), or undefined when missing. */
  sizeOf(key: string): number | undefined {
    if (this.peek(key) === undefined) return undefined;
    return this.#storedSize(key, this.#vals[this.#slots.find(key)]!);
  }

  #touch(s: number): void {
    const now = this.clock.now();
    if (this.tracking.lfu) {
      this.#lru[s] = lfuTouch(this.#lru[s]!, now, this.tracking, this.tracking.random);
      return;
    }
    if (now === this.#lastMs) this.#seq = Math.min(this.#seq + 1, 4095);
    else (this.#lastMs = now), (this.#seq = 0);
    this.#lru[s] = now + this.#seq / 4096;
  }

  /** When `key` was last accessed (ms since the epoch), for LRU and OBJECT IDLETIME. */
  lastAccess(key: string): number {
    const s = this.#slots.find(key);
    return s < 0 ? 0 : this.#lru[s]!;
  }

  /** Sets the access time of `key` (RESTORE … IDLETIME); ignored under an LFU policy. */
  setLastAccess(key: string, ms: number): void {
    const s = this.#slots.find(key);
    if (s >= 0 && !this.tracking.lfu) this.#lru[s] = ms;
  }

  /** The LFU counter of `key` after decay (OBJECT FREQ, LFU eviction); 0 when missing. */
  frequency(key: string): number {
    const s = this.#slots.find(key);
    return s < 0 ? 0 : lfuCounter(this.#lru[s]!, this.clock.now(), this.tracking);
  }

  /** Sets the LFU counter of `key` (RESTORE … FREQ); ignored under an LRU policy. */
  setFrequency(key: string, counter: number): void {
    const s = this.#slots.find(key);
    if (s >= 0 && this.tracking.lfu) this.#lru[s] = lfuField(this.clock.now(), counter);
  }

  /** The value at `key` without updating its access time (OBJECT's NOTOUCH lookups). */
  peek(key: string): RValue | undefined {
    const s = this.#slots.find(key);
    if (s < 0 || this.#expireIfNeeded(key)) return undefined;
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
    const s = this.#slots.find(key);
    if (s < 0 || this.#expireIfNeeded(key)) return undefined;
    this.#touch(s);
    return materialize(this.#vals[s]!);
  }

  /**
   * The slot of the key spelled by `buf[start, end)` after passive expiry and
   * an access, or -1 (the fast path's lookup: no key string is built).
   */
  lookupBytes(buf: Uint8Array, start: number, end: number): number {
    const s = this.#slots.findBytes(buf, start, end);
    if (s < 0) return -1;
    if (this.expires.keys.length > 0 && this.#expireIfNeeded(this.#slots.keys[s]!)) return -1;
    this.#touch(s);
    return s;
  }

  /** The stored value of a slot from `lookupBytes` (a packed number for a short string). */
  storedAt(slot: number): Stored {
    return this.#vals[slot]!;
  }

  /** The key of a slot from `lookupBytes`. */
  keyAt(slot: number): string {
    return this.#slots.keys[slot]!;
  }

  /** Stores a string at a slot from `lookupBytes` (whatever it held), keeping its TTL unless `keepTtl` is false (SET). */
  setStringAt(slot: number, v: StoredString, keepTtl = true): void {
    const key = this.#slots.keys[slot]!;
    const old = this.#vals[slot]!;
    this.#used += this.#storedSize(key, v) - this.#storedSize(key, old);
    if (typeof old === "object" && !(old instanceof Uint8Array)) this.#containerSize.delete(key);
    this.#vals[slot] = v;
    if (!keepTtl && this.expires.keys.length > 0) this.expires.delete(key);
  }

  /** `resize` for a slot from `lookupBytes`. */
  resizeAt(slot: number): void {
    this.resize(this.#slots.keys[slot]!);
  }

  /** Whether `key` exists (after passive expiry). */
  has(key: string): boolean {
    const s = this.#slots.find(key);
    if (s < 0 || this.#expireIfNeeded(key)) return false;
    this.#touch(s);
    return true;
  }

  /** Stores a value; `keepTtl` keeps an existing TTL, otherwise it is cleared (like SET). Stored strings must not be mutated afterwards. */
  set(key: string, v: RValue, keepTtl = false): void {
    this.setStored(key, v instanceof Uint8Array && !isRaw(v) ? pack(v) : v, keepTtl);
  }

  /** `set` for a value already in stored form (a packed string from packed-string.ts). */
  setStored(key: string, v: Stored, keepTtl = false): void {
    let s = this.#slots.find(key);
    const isNew = s < 0;
    if (isNew) {
      s = this.#slots.add(key);
      if (s === this.#lru.length) this.#grow();
      this.#vals.push(v);
      // A new key starts at LFU_INIT_VAL (createObject); its creation is not an access.
      if (this.tracking.lfu) this.#lru[s] = lfuField(this.clock.now());
      else this.#touch(s);
    } else {
      const old = this.#vals[s]!;
      this.#used -= this.#storedSize(key, old);
      if (typeof old === "object" && !(old instanceof Uint8Array)) this.#containerSize.delete(key);
      this.#vals[s] = v;
    }
    if (typeof v === "object" && !(v instanceof Uint8Array)) {
      noteWrite(v);
      const n = entrySize(key, v);
      this.#containerSize.set(key, n);
      this.#used += n;
    } else {
      this.#used += this.#storedSize(key, v);
    }
    if (!isNew) this.#touch(s);
    if (!keepTtl && this.expires.keys.length > 0) this.expires.delete(key);
  }

  #grow(): void {
    const lru = new Float64Array(Math.ceil(this.#lru.length * 1.5));
    lru.set(this.#lru);
    this.#lru = lru;
  }

  /** Replaces the value of an existing key without touching its TTL. */
  replace(key: string, v: RValue): void {
    const s = this.#slots.find(key);
    if (s < 0) return this.set(key, v, true);
    if (v instanceof Uint8Array) return this.setStringAt(s, isRaw(v) ? v : pack(v));
    const lru = this.#lru[s]!;
    this.setStored(key, v, true);
    this.#lru[s] = lru;
  }

  /** Deletes a key; true when it existed. */
  delete(key: string): boolean {
    if (!this.has(key)) return false;
    this.#remove(key);
    return true;
  }

  #remove(key: string): void {
    const s = this.#slots.find(key);
    if (s < 0) return;
    this.#used -= this.#storedSize(key, this.#vals[s]!);
    this.#containerSize.delete(key);
    this.#slots.remove(s);
    this.#vals[s] = undefined;
    if (this.expires.keys.length > 0) this.expires.delete(key);
    if (this.#slots.length > 64 && this.#slots.length > 2 * this.#slots.size) this.#compact();
  }

  /** Drops deleted slots, renumbering the live ones in order; SCAN cursors are re-mapped (scan-cursor.ts). */
  #compact(): void {
    const removed = this.#slots.compact((from, to) => {
      this.#vals[to] = this.#vals[from];
      this.#lru[to] = this.#lru[from]!;
    });
    this.#vals.length = this.#slots.length;
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
    this.#slots.clear();
    this.#vals = [];
    this.#lru = new Float64Array(INITIAL);
    this.#containerSize.clear();
    this.#used = 0;
    this.expires.clear();
  }

  /** Every live key (expiring lapsed keys on the way). */
  keys(): string[] {
    const out: string[] = [];
    for (const k of this.#slots.keys.filter((k) => k !== undefined)) if (!this.#expireIfNeeded(k)) out.push(k);
    return out;
  }

  /** A random live key, or undefined when empty (deleted slots are at most half, so retries are few). */
  randomKey(random: () => number = Math.random): string | undefined {
    const keys = this.#slots.keys;
    for (let tries = 0; this.#slots.size > 0 && tries < 100; tries++) {
      const k = keys[Math.floor(random() * keys.length)];
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
    const all = this.#slots.keys;
    const n = all.length;
    let i = from;
    for (; i < n && i - from < count; i++) {
      const k = all[i];
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
