/**
 * A point-in-time copy of the keyspace for background persistence (our
 * stand-in for Redis's fork): taking it copies references — strings are never
 * mutated in place, containers are copied to arrays — so the slow part,
 * encoding and writing, can run across event-loop turns while clients keep
 * changing the live data.
 */
import { ByteList } from "./byte-list.ts";
import { isConverted } from "./encoding.ts";
import type { RValue } from "./keyspace.ts";
import type { ServerState } from "./state.ts";
import { ZSet, type ZEntry } from "./zset.ts";

/** A value frozen for persistence. */
export type SnapValue =
  | { type: "string"; value: Uint8Array }
  | { type: "list"; items: Uint8Array[] }
  | { type: "hash"; entries: [string, Uint8Array][]; big?: boolean }
  | { type: "set"; members: string[]; big?: boolean }
  | { type: "zset"; entries: ZEntry[]; big?: boolean };

/** One key of a snapshot: name (latin1), value, absolute expiry in ms or undefined. */
export interface SnapEntry {
  key: string;
  value: SnapValue;
  expireAt: number | undefined;
}

/** One database of a snapshot. */
export interface SnapDb {
  index: number;
  entries: SnapEntry[];
  expires: number;
}

/** Copies every live, non-empty database (keys already past their TTL are left out, as Redis's rewrite does). */
export function takeSnapshot(state: ServerState): SnapDb[] {
  const now = state.clock.now();
  const out: SnapDb[] = [];
  state.dbs.forEach((db, index) => {
    if (db.size === 0) return;
    const entries: SnapEntry[] = [];
    let expires = 0;
    for (const [key, v] of db.entries()) {
      const expireAt = db.expireAt(key);
      if (expireAt !== undefined && expireAt <= now) continue;
      if (expireAt !== undefined) expires++;
      entries.push({ key, value: snapValue(v), expireAt });
    }
    if (entries.length > 0) out.push({ index, entries, expires });
  });
  return out;
}

/** Freezes one value (containers copied to arrays). */
export function snapValue(v: RValue): SnapValue {
  if (v instanceof Uint8Array) return { type: "string", value: v };
  if (v instanceof ByteList) return { type: "list", items: [...v] };
  // `big`: converted to hashtable/skiplist (encoding.ts), written as such even when small again.
  const big = isConverted(v);
  if (v instanceof Map) return { type: "hash", entries: [...v], big };
  if (v instanceof ZSet) return { type: "zset", entries: [...v.entries()], big };
  return { type: "set", members: [...v], big };
}

/** Yields to the event loop (a macrotask turn), so clients are served between chunks of background work. */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
