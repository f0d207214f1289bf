/**
 * Keys with a TTL, kept apart from the keyspace so a key without one costs
 * nothing here: absolute expiry per key plus a dense array for O(1) random
 * sampling (Redis samples its expires dict the same way in activeExpireCycle).
 */

/** Keys with a TTL, sampleable at random in O(1): a dense array plus positions. */
export class ExpireIndex {
  keys: string[] = [];
  pos = new Map<string, number>();
  at = new Map<string, number>();

  /** Sets or moves the expiry of `key` (absolute ms). */
  set(key: string, ms: number): void {
    if (!this.pos.has(key)) {
      this.pos.set(key, this.keys.length);
      this.keys.push(key);
    }
    this.at.set(key, ms);
  }

  /** Removes the TTL of `key`; true when it had one. */
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

  /** Forgets every TTL. */
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

/** Options for the active expire cycle; the defaults are Redis's. */
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

/**
 * Redis's activeExpireCycle for one database: sample `keysPerLoop` keys with
 * a TTL, delete the expired ones through `remove`, and repeat while more than
 * `acceptableStale`% of a sample had expired and the time budget lasts.
 */
export function expireCycle(index: ExpireIndex, now: number, remove: (key: string) => void, options: ExpireCycleOptions = {}): ExpireCycleStats {
  const per = options.keysPerLoop ?? 20;
  const stale = options.acceptableStale ?? 25;
  const elapsed = options.elapsed ?? (() => performance.now());
  const random = options.random ?? Math.random;
  const deadline = elapsed() + (options.budgetMs ?? 25);
  const stats: ExpireCycleStats = { sampled: 0, expired: 0, rounds: 0 };
  for (;;) {
    const n = index.keys.length;
    if (n === 0) break;
    stats.rounds++;
    const sample = Math.min(per, n);
    let expired = 0;
    for (let i = 0; i < sample && index.keys.length > 0; i++) {
      const keys = index.keys;
      const k = keys[Math.floor(random() * keys.length)]!;
      stats.sampled++;
      if (index.at.get(k)! <= now) {
        remove(k);
        expired++;
      }
    }
    stats.expired += expired;
    if (expired * 100 <= sample * stale || elapsed() > deadline) break;
  }
  return stats;
}
