/**
 * One Redis database: keys (latin1 strings, binary-safe) to values, plus an
 * index of keys with a TTL that supports O(1) random sampling for the active
 * expire cycle. Expiry is passive on every lookup and active in `expireCycle`.
 */
import type { Clock } from "../runtime/index.ts";
import { Deque } from "./deque.ts";
import { ZSet } from "./zset.ts";
import { entrySize } from "./memory.ts";

/** A list value. */
export type RList = Deque<Uint8Array>;
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
  if (v instanceof Deque) return "list";
  if (v instanceof Map) return "hash";
  return "set";
}

/** Keys with a TTL, sampleable at random in O(1): a dense array plus positions. */
class ExpireIndex {
  keys: string[] = [];
  pos = new Map<string, number>();
  at = new Map<string, number>();

  set(key: string, ms: number): void {
    if (!this.pos.has(key)) {
      this.pos.set(key, this.keys.length);
      this.keys.push(key);
    }
    this.at.set(key, ms);
  }

  delete(key: string): boolean {
    const i = this.pos.get(key);
    if (i === undefined) return false;
    const last = this.keys.pop()!;
    if (last !== key) {
      this.keys[i] = last;
      this.pos.set(last, i);
    }
    this.pos.delete(key);
    this.at.delete(key);
    return true;
  }

  clear(): void {
    this.keys = [];
    this.pos.clear();
    this.at.clear();
  }
}

/** What one active expire cycle did. */
export interface ExpireCycleStats {
  sampled: number;
  expired: number;
  rounds: number;
}

/** Options for {@link Keyspace.expireCycle}; the defaults are Redis's. */
export interface ExpireCycleOptions {
  /** Keys sampled per round (ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP, 20). */
  keysPerLoop?: number;
  /** Another round runs while more than this percentage of the sample expired (25: a quarter of the sample, as in Redis ≤ 5). */
  acceptableStale?: number;
  /** Time budget for the cycle in ms of `elapsed` (25 ms: 25% of a 100 ms tick). */
  budgetMs?: number;
  /** A monotonic timer for the budget (default performance.now). */
  elapsed?: () => number;
  /** Random source in [0, 1) (default Math.random). */
  random?: () => number;
}

/** A database: values and TTLs, read through passive expiry. */
export class Keyspace {
  readonly data = new Map<string, RValue>();
  readonly expires = new ExpireIndex();
  /** Insertion serial per key: SCAN's cursor is the last serial visited. */
  readonly serials = new Map<string, number>();
  #serial = 0;
  /**
   * Keys in serial order with their serials, for O(log n) cursor seeks and O(1)
   * random picks. Deleted keys stay as tombstones (their serial no longer
   * matches) until compaction, when they outnumber the live keys.
   */
  #orderKeys: string[] = [];
  #orderSerials: number[] = [];
  /** Keys removed by expiry, passive or active (INFO's expired_keys). */
  expiredKeys = 0;
  /** While loading a persistence file nothing expires and past TTLs are kept (Redis's keyIsExpired and checkAlreadyExpired under server.loading). */
  loading = false;
  /** Called for every key removed by expiry, passive or active: the AOF logs a DEL (Redis's deleteExpiredKeyAndPropagate). */
  onExpire: ((key: string) => void) | undefined;

  /** Estimated bytes per key (memory.ts's model) and their sum. */
  readonly #sizes = new Map<string, number>();
  #used = 0;
  /** Last access per key in ms, strictly increasing within a millisecond (the LRU clock). */
  readonly #access = new Map<string, number>();
  #lastMs = 0;
  #seq = 0;

  constructor(readonly clock: Clock) {}

  /** Dataset bytes by the memory model. */
  get usedMemory(): number {
    return this.#used;
  }

  /** Re-estimates `key` after its value changed in place (a no-op when missing). */
  resize(key: string): void {
    const v = this.data.get(key);
    if (v === undefined) return;
    const n = entrySize(key, v);
    this.#used += n - (this.#sizes.get(key) ?? 0);
    this.#sizes.set(key, n);
  }

  /** The estimated bytes of `key` (MEMORY USAGE), or undefined when missing. */
  sizeOf(key: string): number | undefined {
    return this.peek(key) === undefined ? undefined : this.#sizes.get(key);
  }

  #touch(key: string): void {
    const now = this.clock.now();
    if (now === this.#lastMs) this.#seq = Math.min(this.#seq + 1, 4095);
    else (this.#lastMs = now), (this.#seq = 0);
    this.#access.set(key, now + this.#seq / 4096);
  }

  /** When `key` was last accessed (ms since the epoch), for LRU and OBJECT IDLETIME. */
  lastAccess(key: string): number {
    return this.#access.get(key) ?? 0;
  }

  /** Sets the access time of `key` (RESTORE … IDLETIME). */
  setLastAccess(key: string, ms: number): void {
    if (this.data.has(key)) this.#access.set(key, ms);
  }

  /** The value at `key` without updating its access time (OBJECT's NOTOUCH lookups). */
  peek(key: string): RValue | undefined {
    const v = this.data.get(key);
    if (v === undefined) return undefined;
    return this.#expireIfNeeded(key) ? undefined : v;
  }

  /** Live keys: those stored minus any past their TTL not yet reclaimed. */
  get size(): number {
    return this.data.size;
  }

  #expireIfNeeded(key: string): boolean {
    const at = this.expires.at.get(key);
    if (at === undefined || at > this.clock.now() || this.loading) return false;
    this.#remove(key);
    this.expiredKeys++;
    this.onExpire?.(key);
    return true;
  }

  /** The value at `key`, or undefined (expiring it first when its TTL has passed). */
  get(key: string): RValue | undefined {
    const v = this.data.get(key);
    if (v === undefined) return undefined;
    if (this.#expireIfNeeded(key)) return undefined;
    this.#touch(key);
    return v;
  }

  /** Whether `key` exists (after passive expiry). */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Stores a value; `keepTtl` keeps an existing TTL, otherwise it is cleared (like SET). */
  set(key: string, v: RValue, keepTtl = false): void {
    if (!this.data.has(key)) {
      const serial = ++this.#serial;
      this.serials.set(key, serial);
      this.#orderKeys.push(key);
      this.#orderSerials.push(serial);
    }
    this.data.set(key, v);
    this.resize(key);
    this.#touch(key);
    if (!keepTtl) this.expires.delete(key);
  }

  /** Replaces the value of an existing key without touching its TTL. */
  replace(key: string, v: RValue): void {
    this.data.set(key, v);
    this.resize(key);
  }

  /** Deletes a key; true when it existed. */
  delete(key: string): boolean {
    if (!this.has(key)) return false;
    this.#remove(key);
    return true;
  }

  #remove(key: string): void {
    this.data.delete(key);
    this.serials.delete(key);
    this.expires.delete(key);
    this.#used -= this.#sizes.get(key) ?? 0;
    this.#sizes.delete(key);
    this.#access.delete(key);
    if (this.#orderKeys.length > 64 && this.#orderKeys.length > 2 * this.data.size) this.#compact();
  }

  #compact(): void {
    const keys: string[] = [];
    const serials: number[] = [];
    for (let i = 0; i < this.#orderKeys.length; i++) {
      const k = this.#orderKeys[i]!;
      if (this.serials.get(k) === this.#orderSerials[i]) keys.push(k), serials.push(this.#orderSerials[i]!);
    }
    this.#orderKeys = keys;
    this.#orderSerials = serials;
  }

  /** Absolute expiry in ms since the epoch, or undefined when the key has none. */
  expireAt(key: string): number | undefined {
    return this.expires.at.get(key);
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
    this.data.clear();
    this.serials.clear();
    this.#sizes.clear();
    this.#access.clear();
    this.#used = 0;
    this.#orderKeys = [];
    this.#orderSerials = [];
    this.expires.clear();
  }

  /** Every live key (expiring lapsed keys on the way). */
  keys(): string[] {
    const out: string[] = [];
    for (const k of [...this.data.keys()]) if (!this.#expireIfNeeded(k)) out.push(k);
    return out;
  }

  /** A random live key, or undefined when empty (tombstones are at most half the order, so retries are few). */
  randomKey(random: () => number = Math.random): string | undefined {
    for (let tries = 0; this.data.size > 0 && tries < 100; tries++) {
      const i = Math.floor(random() * this.#orderKeys.length);
      const k = this.#orderKeys[i]!;
      if (this.serials.get(k) !== this.#orderSerials[i]) continue;
      if (!this.#expireIfNeeded(k)) return k;
    }
    return this.keys()[0];
  }

  /**
   * Up to `count` keys (live or tombstoned slots both count, like Redis's
   * buckets) with serials above `cursor`, and the cursor to continue from
   * (0 when done). A key present for a whole scan is returned at least once.
   */
  scan(cursor: number, count: number): { keys: string[]; next: number } {
    const serials = this.#orderSerials;
    let lo = 0;
    let hi = serials.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (serials[mid]! <= cursor) lo = mid + 1;
      else hi = mid;
    }
    const keys: string[] = [];
    let i = lo;
    for (; i < serials.length && i - lo < count; i++) {
      const k = this.#orderKeys[i]!;
      if (this.serials.get(k) === serials[i]) keys.push(k);
    }
    return { keys, next: i < serials.length ? serials[i - 1]! : 0 };
  }

  /**
   * Redis's activeExpireCycle for one database: sample `keysPerLoop` keys with
   * a TTL, delete the expired ones, and repeat while more than
   * `acceptableStale`% of a sample had expired and the time budget lasts.
   */
  expireCycle(options: ExpireCycleOptions = {}): ExpireCycleStats {
    const per = options.keysPerLoop ?? 20;
    const stale = options.acceptableStale ?? 25;
    const elapsed = options.elapsed ?? (() => performance.now());
    const random = options.random ?? Math.random;
    const deadline = elapsed() + (options.budgetMs ?? 25);
    const stats: ExpireCycleStats = { sampled: 0, expired: 0, rounds: 0 };
    const now = this.clock.now();
    for (;;) {
      const n = this.expires.keys.length;
      if (n === 0) break;
      stats.rounds++;
      const sample = Math.min(per, n);
      let expired = 0;
      for (let i = 0; i < sample && this.expires.keys.length > 0; i++) {
        const keys = this.expires.keys;
        const k = keys[Math.floor(random() * keys.length)]!;
        stats.sampled++;
        if (this.expires.at.get(k)! <= now) {
          this.#remove(k);
          this.expiredKeys++;
          this.onExpire?.(k);
          expired++;
        }
      }
      stats.expired += expired;
      if (expired * 100 <= sample * stale || elapsed() > deadline) break;
    }
    return stats;
  }
}
