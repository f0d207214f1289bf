/**
 * The memory model behind maxmemory, INFO's used_memory and MEMORY USAGE,
 * and eviction (Redis's evict.c, approximated the way Redis approximates it).
 *
 * Model: `used_memory` is the sum over keys of an estimate kept per key in
 * its Keyspace and updated whenever the key is stored, replaced, removed, or
 * named by a successful write command — never process.memoryUsage(). A key
 * costs KEY_OVERHEAD + its length; its value costs:
 * - string: STRING_OVERHEAD + length;
 * - list, hash, set, zset: a container overhead + count × (per-element
 *   overhead + mean element size), the mean taken over the first
 *   SAMPLE elements, as MEMORY USAGE's default SAMPLES 5 does in Redis.
 * The figures are Redis's 64-bit structure sizes rounded (dictEntry 24,
 * robj 16, sds header 3–9, quicklist/skiplist node overheads), so
 * `used_memory` tracks the dataset, not the process (no baseline).
 *
 * Eviction (evict.c): before each command, while used > maxmemory, each
 * database samples `maxmemory-samples` candidates (all keys, or keys with a
 * TTL for volatile-*) with the server's random source into an eviction pool
 * of the 16 best seen so far, and the best of the pool is deleted: longest
 * idle for *-lru, lowest LFU counter for *-lfu, soonest expiry for
 * volatile-ttl; *-random takes a random key, databases in round robin.
 * Deletions are counted in evicted_keys and logged to the AOF as DEL.
 */
import { ByteList } from "./byte-list.ts";
import type { Keyspace, RValue } from "./keyspace.ts";
import type { ServerState } from "./state.ts";
import { ZSet } from "./zset.ts";

/** maxmemory-policy values, in Redis's order (its CONFIG SET error lists them so). */
export const POLICIES = ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"] as const;
/** maxmemory-policy. */
export type MaxmemoryPolicy = (typeof POLICIES)[number];

const KEY_OVERHEAD = 56;
const STRING_OVERHEAD = 16;
const SAMPLE = 5;
const CONTAINER = { list: 48, hash: 64, set: 64, zset: 96 };
const PER_ELEMENT = { list: 12, hash: 32, set: 32, zset: 64 };

/** Mean of `size` over the first SAMPLE items of `it` (MEMORY USAGE's default SAMPLES 5). */
function mean<T>(it: Iterable<T>, size: (x: T) => number): number {
  let n = 0;
  let total = 0;
  for (const x of it) {
    total += size(x);
    if (++n === SAMPLE) break;
  }
  return n === 0 ? 0 : total / n;
}

const memberBytes = (m: string): number => m.length;
const scoredBytes = (m: string): number => m.length + 8;

/** Estimated bytes of a value (without its key). */
export function valueSize(v: RValue): number {
  if (v instanceof Uint8Array) return STRING_OVERHEAD + v.length;
  if (v instanceof ByteList) {
    const n = Math.min(SAMPLE, v.length);
    let total = 0;
    for (let i = 0; i < n; i++) total += v.lengthAt(i);
    return CONTAINER.list + Math.ceil(v.length * (PER_ELEMENT.list + (n === 0 ? 0 : total / n)));
  }
  if (v instanceof ZSet) return CONTAINER.zset + Math.ceil(v.size * (PER_ELEMENT.zset + mean(v.dict.keys(), scoredBytes)));
  if (v instanceof Map) {
    let n = 0;
    let total = 0;
    for (const f of v.keys()) {
      total += f.length + v.get(f)!.length;
      if (++n === SAMPLE) break;
    }
    return CONTAINER.hash + Math.ceil(v.size * (PER_ELEMENT.hash + (n === 0 ? 0 : total / n)));
  }
  return CONTAINER.set + Math.ceil(v.size * (PER_ELEMENT.set + mean(v, memberBytes)));
}

/** Estimated bytes of a string key (key and value lengths in bytes). */
export function stringEntrySize(keyLength: number, valueLength: number): number {
  return KEY_OVERHEAD + keyLength + STRING_OVERHEAD + valueLength;
}

/** Estimated bytes of a key and its value (MEMORY USAGE). */
export function entrySize(key: string, v: RValue): number {
  return KEY_OVERHEAD + key.length + valueSize(v);
}

/** Dataset bytes across every database. */
export function usedMemory(server: ServerState): number {
  let n = 0;
  for (const db of server.dbs) n += db.usedMemory;
  return n;
}

/** EVPOOL_SIZE. */
const POOL_SIZE = 16;

/** The idle score of a key under `policy`: higher is evicted first (LRU idle ms, 255 − LFU counter, or sooner expiry). */
function idleScore(server: ServerState, db: Keyspace, key: string, policy: MaxmemoryPolicy): number {
  if (policy === "volatile-ttl") return -(db.expireAt(key) ?? Infinity);
  if (policy.endsWith("-lfu")) return 255 - db.frequency(key);
  return server.clock.now() - db.lastAccess(key);
}

/** evictionPoolPopulate: samples `maxmemory-samples` keys of database `dbid` into the pool, which keeps the best 16 seen. */
function populate(server: ServerState, dbid: number, policy: MaxmemoryPolicy): void {
  const db = server.dbs[dbid]!;
  const pool = server.evictionPool;
  const ttlKeys = db.expires.keys;
  const volatile = policy.startsWith("volatile-");
  for (let i = 0; i < server.config.maxmemorySamples; i++) {
    const key = volatile ? ttlKeys[Math.floor(server.random() * ttlKeys.length)] : db.randomKey(server.random);
    if (key === undefined || !db.contains(key)) continue;
    const idle = idleScore(server, db, key, policy);
    const old = pool.findIndex((e) => e.db === dbid && e.key === key);
    if (old >= 0) pool.splice(old, 1);
    let k = 0;
    while (k < pool.length && pool[k]!.idle < idle) k++;
    // Worse than every candidate of a full pool: not kept.
    if (k === 0 && pool.length === POOL_SIZE) continue;
    pool.splice(k, 0, { db: dbid, key, idle });
    if (pool.length > POOL_SIZE) pool.shift();
  }
}

/** The key to evict next, or undefined when the policy has nothing to evict. */
function pick(server: ServerState, policy: MaxmemoryPolicy): { db: number; key: string } | undefined {
  const volatile = policy.startsWith("volatile-");
  const count = (db: Keyspace) => (volatile ? db.expires.keys.length : db.size);
  if (policy.endsWith("-random")) {
    // Round robin over the databases, one random key from the first non-empty one.
    for (let i = 0; i < server.dbs.length; i++) {
      const j = (server.nextEvictDb = (server.nextEvictDb + 1) % server.dbs.length);
      const db = server.dbs[j]!;
      if (count(db) === 0) continue;
      const key = volatile ? db.expires.keys[Math.floor(server.random() * db.expires.keys.length)] : db.randomKey(server.random);
      if (key !== undefined) return { db: j, key };
    }
    return undefined;
  }
  let total = 0;
  for (let i = 0; i < server.dbs.length; i++) {
    const n = count(server.dbs[i]!);
    if (n > 0) populate(server, i, policy), (total += n);
  }
  if (total === 0) return undefined;
  // From the best candidate down; entries whose key is gone (ghosts) are dropped on the way.
  const pool = server.evictionPool;
  while (pool.length > 0) {
    const e = pool.pop()!;
    const db = server.dbs[e.db]!;
    if (db.contains(e.key) && (!volatile || db.expireAt(e.key) !== undefined)) return e;
  }
  return undefined;
}

/**
 * performEvictions: evicts until used memory is within maxmemory. False when
 * still over it (noeviction, or nothing left the policy may evict).
 */
export function performEvictions(server: ServerState): boolean {
  const { maxmemory, maxmemoryPolicy: policy } = server.config;
  if (maxmemory === 0) return true;
  const DEL = Uint8Array.of(0x44, 0x45, 0x4c);
  while (usedMemory(server) > maxmemory) {
    if (policy === "noeviction") return false;
    const best = pick(server, policy);
    if (!best) return false;
    server.dbs[best.db]!.delete(best.key);
    server.evictedKeys++;
    server.touch(best.db, best.key);
    server.persistence?.feed(best.db, [DEL, Buffer.from(best.key, "latin1")]);
  }
  return true;
}

/** Redis 7.0's denyoom commands (COMMAND's flags): refused with OOM while over maxmemory. */
export const DENYOOM = new Set(
  ("append bitfield bitop blmove brpoplpush copy decr decrby function|load function|restore geoadd georadius georadiusbymember " +
    "geosearchstore getset hincrby hincrbyfloat hmset hset hsetnx incr incrby incrbyfloat linsert lmove lpush lpushx lset mset " +
    "msetnx pfadd pfdebug pfmerge psetex restore restore-asking rpoplpush rpush rpushx sadd sdiffstore set setbit setex setnx " +
    "setrange sinterstore sort sunionstore xadd xgroup|create xgroup|createconsumer xsetid zadd zdiffstore zincrby zinterstore " +
    "zrangestore zunionstore").split(" "),
);

/** The OOM error (shared.oomerr). */
export const OOM = "OOM command not allowed when used memory > 'maxmemory'.";
