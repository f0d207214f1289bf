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
 * Eviction: before each command, while used > maxmemory, each database
 * samples `maxmemory-samples` candidates (all keys, or keys with a TTL for
 * volatile-*) with the server's random source and the best candidate of all
 * is deleted: least recently accessed for *-lru, soonest expiry for
 * volatile-ttl, the first sampled for *-random. Deletions are counted in
 * evicted_keys and logged to the AOF as DEL.
 */
import { Deque } from "./deque.ts";
import type { Keyspace, RValue } from "./keyspace.ts";
import type { ServerState } from "./state.ts";
import { ZSet } from "./zset.ts";

/** The policies this server implements (the LFU ones are not). */
export const POLICIES = ["noeviction", "allkeys-lru", "volatile-lru", "allkeys-random", "volatile-random", "volatile-ttl"] as const;
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

const entryBytes = ([f, x]: [string, Uint8Array]): number => f.length + x.length;
const memberBytes = (m: string): number => m.length;
const scoredBytes = (m: string): number => m.length + 8;

/** Estimated bytes of a value (without its key). */
export function valueSize(v: RValue): number {
  if (v instanceof Uint8Array) return STRING_OVERHEAD + v.length;
  if (v instanceof Deque) {
    const n = Math.min(SAMPLE, v.length);
    let total = 0;
    for (let i = 0; i < n; i++) total += v.at(i)!.length;
    return CONTAINER.list + Math.ceil(v.length * (PER_ELEMENT.list + (n === 0 ? 0 : total / n)));
  }
  if (v instanceof ZSet) return CONTAINER.zset + Math.ceil(v.size * (PER_ELEMENT.zset + mean(v.dict.keys(), scoredBytes)));
  if (v instanceof Map) return CONTAINER.hash + Math.ceil(v.size * (PER_ELEMENT.hash + mean(v, entryBytes)));
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

/** One sampled candidate from `db`, or undefined when it has none for the policy. */
function candidate(server: ServerState, db: Keyspace, policy: MaxmemoryPolicy): { key: string; score: number } | undefined {
  const volatile = policy.startsWith("volatile-");
  const ttlKeys = db.expires.keys;
  if (volatile ? ttlKeys.length === 0 : db.size === 0) return undefined;
  let best: { key: string; score: number } | undefined;
  for (let i = 0; i < server.config.maxmemorySamples; i++) {
    const key = volatile ? ttlKeys[Math.floor(server.random() * ttlKeys.length)] : db.randomKey(server.random);
    if (key === undefined || !db.contains(key)) continue;
    // Lower score = evicted first.
    const score = policy === "volatile-ttl" ? db.expireAt(key)! : policy.endsWith("-lru") ? db.lastAccess(key) : 0;
    if (best === undefined || score < best.score) best = { key, score };
    if (policy.endsWith("-random")) break;
  }
  return best;
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
    let best: { key: string; score: number; db: number } | undefined;
    for (let i = 0; i < server.dbs.length; i++) {
      const c = candidate(server, server.dbs[i]!, policy);
      if (c && (best === undefined || c.score < best.score)) best = { ...c, db: i };
    }
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
