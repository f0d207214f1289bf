/**
 * One Redis database. Keys (latin1 strings, binary-safe) map to slots in a
 * SlotTable (slot-table.ts); parallel per-slot arrays hold the value and the
 * access record (access-clock.ts: LRU clock or LFU counter), so a plain
 * string key costs its key string, a few typed-array cells and one array
 * cell — no Map entry, no wrapper object. Short strings and integers are
 * numbers (packed-string.ts); sizes for maxmemory are kept by a SizeLedger
 * (size-ledger.ts). Slots follow insertion
 * order (SCAN walks them; deleted slots are compacted away once they
 * outnumber live ones, scan-cursor.ts re-maps cursors). TTLs live only in the
 * ExpireIndex. Expiry is passive on every lookup and active in `expireCycle`.
 */
import type { Clock } from "../runtime/index.ts";
import { ExpireIndex, expireCycle, type ExpireCycleOptions, type ExpireCycleStats } from "./expire-index.ts";
import { isRaw } from "./encoding.ts";
import { AccessClock, type AccessTracking } from "./access-clock.ts";
import { pack, unpack, type StoredString } from "./packed-string.ts";
import { ScanCursors } from "./scan-cursor.ts";
import { SizeLedger, type Stored } from "./size-ledger.ts";
import { SlotTable } from "./slot-table.ts";
import type { RValue } from "./value-types.ts";

export type { AccessTracking } from "./access-clock.ts";
export type { ExpireCycleOptions, ExpireCycleStats } from "./expire-index.ts";
export { typeName, type RHash, type RList, type RSet, type RValue } from "./value-types.ts";


/** A database: values and TTLs, read through passive expiry. */
export class Keyspace {
  readonly #slots = new SlotTable();
  #vals: (Stored | undefined)[] = [];
  /** Per slot: the LRU clock or the LFU counter (access-clock.ts). */
  readonly #access: AccessClock;
  /** Estimated bytes of each container key (memory.ts's model); a string's is computed from its lengths. */
  readonly #sizes = new SizeLedger();
  readonly #cursors = new ScanCursors();
  readonly expires = new ExpireIndex();
  /** Keys removed by expiry, passive or active (INFO's expired_keys). */
  expiredKeys = 0;
  /** While loading a persistence file nothing expires and past TTLs are kept (Redis's keyIsExpired and checkAlreadyExpired under server.loading). */
  loading = false;
  /** Called for every key removed by expiry, passive or active: the AOF logs a DEL (Redis's deleteExpiredKeyAndPropagate). */
  onExpire: ((key: string) => void) | undefined;

  constructor(
    readonly clock: Clock,
    tracking: AccessTracking = { lfu: false, logFactor: 10, decayTime: 1, random: Math.random },
  ) {
    this.#access = new AccessClock(clock, tracking);
  }

  /** Dataset bytes by the memory model. */
  get usedMemory(): number {
    return this.#sizes.used;
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

  /** Re-estimates `key` after its value changed in place (a no-op when missing or a string: strings are replaced, never mutated). */
  resize(key: string): void {
    const s = this.#slots.find(key);
    if (s >= 0) this.#sizes.changed(key, this.#vals[s]!);
  }

  /** The estimated bytes of `key` (MEMORY USAGE), or undefined when missing. */
  sizeOf(key: string): number | undefined {
    if (this.peek(key) === undefined) return undefined;
    return this.#sizes.sizeOf(key, this.#vals[this.#slots.find(key)]!);
  }

  #touch(s: number): void {
    this.#access.touch(s);
  }

  /** When `key` was last accessed (ms since the epoch), for LRU and OBJECT IDLETIME. */
  lastAccess(key: string): number {
    const s = this.#slots.find(key);
    return s < 0 ? 0 : this.#access.lastAccess(s);
  }

  /** Sets the access time of `key` (RESTORE … IDLETIME); ignored under an LFU policy. */
  setLastAccess(key: string, ms: number): void {
    const s = this.#slots.find(key);
    if (s >= 0) this.#access.setLastAccess(s, ms);
  }

  /** The LFU counter of `key` after decay (OBJECT FREQ, LFU eviction); 0 when missing. */
  frequency(key: string): number {
    const s = this.#slots.find(key);
    return s < 0 ? 0 : this.#access.frequency(s);
  }

  /** Sets the LFU counter of `key` (RESTORE … FREQ); ignored under an LRU policy. */
  setFrequency(key: string, counter: number): void {
    const s = this.#slots.find(key);
    if (s >= 0) this.#access.setFrequency(s, counter);
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
    this.#sizes.stored(key, v, old);
    this.#vals[slot] = v;
    if (!keepTtl && this.expires.keys.length > 0) this.expires.delete(key);
  }

  /** `resize` for a slot from `lookupBytes`. */
  resizeAt(slot: number): void {
    this.#sizes.changed(this.#slots.keys[slot]!, this.#vals[slot]!);
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
      this.#vals.push(v);
      this.#access.created(s);
      this.#sizes.stored(key, v, undefined);
    } else {
      this.#sizes.stored(key, v, this.#vals[s]!);
      this.#vals[s] = v;
      this.#touch(s);
    }
    if (!keepTtl && this.expires.keys.length > 0) this.expires.delete(key);
  }

  /** Replaces the value of an existing key without touching its TTL. */
  replace(key: string, v: RValue): void {
    const s = this.#slots.find(key);
    if (s < 0) return this.set(key, v, true);
    if (v instanceof Uint8Array) return this.setStringAt(s, isRaw(v) ? v : pack(v));
    const cell = this.#access.cell(s);
    this.setStored(key, v, true);
    this.#access.setCell(s, cell);
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
    this.#sizes.removed(key, this.#vals[s]!);
    this.#slots.remove(s);
    this.#vals[s] = undefined;
    if (this.expires.keys.length > 0) this.expires.delete(key);
    if (this.#slots.length > 64 && this.#slots.length > 2 * this.#slots.size) this.#compact();
  }

  /** Drops deleted slots, renumbering the live ones in order; SCAN cursors are re-mapped (scan-cursor.ts). */
  #compact(): void {
    const removed = this.#slots.compact((from, to) => {
      this.#vals[to] = this.#vals[from];
      this.#access.setCell(to, this.#access.cell(from));
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
    this.#access.clear();
    this.#sizes.clear();
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
