/**
 * Per-key state with bounded memory: a hash map plus an intrusive doubly
 * linked list in recency order (O(1) touch and eviction, no Map re-insertion
 * or iteration from the front, which is slow on maps full of deletions).
 *
 * Invariants: every entry in `#map` is on the list exactly once, least
 * recently used next to the sentinel's `next`; the size never exceeds
 * `maxKeys` plus the number of pinned keys (keys with waiters, whose state must
 * survive). Each new key first drops up to `SWEEP_PER_INSERT` idle keys from
 * the old end, so keys back to full vanish on their own.
 */

/** Idle keys examined from the LRU end each time a key is added. */
const SWEEP_PER_INSERT = 2;
/** Pinned keys skipped, at most, when looking for a key to evict. */
const EVICT_TRIES = 8;

interface Entry<S> {
  key: string;
  state: S;
  prev: Entry<S>;
  next: Entry<S>;
}

/** A bounded LRU map of per-key state. */
export class KeyStore<S> {
  readonly #map = new Map<string, Entry<S>>();
  /** Sentinel: `next` is the least, `prev` the most recently used. */
  readonly #ring: Entry<S>;

  constructor(
    readonly maxKeys: number,
    private readonly isIdle: (s: S, now: number) => boolean,
    private readonly isPinned: (key: string) => boolean,
  ) {
    const ring = { key: "", state: undefined as S } as Entry<S>;
    ring.prev = ring.next = ring;
    this.#ring = ring;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The key's state, without touching its recency. */
  peek(key: string): S | undefined {
    return this.#map.get(key)?.state;
  }

  /** The key's state, created with `create` when absent, as the most recently used. */
  use(key: string, now: number, create: (now: number) => S): S {
    const e = this.#map.get(key);
    if (e !== undefined) {
      if (e.next !== this.#ring) {
        this.#unlink(e);
        this.#append(e);
      }
      return e.state;
    }
    this.#sweepOld(now);
    if (this.#map.size >= this.maxKeys) this.#evict();
    const fresh: Entry<S> = { key, state: create(now), prev: this.#ring, next: this.#ring };
    this.#append(fresh);
    this.#map.set(key, fresh);
    return fresh.state;
  }

  /** Drops every idle, unpinned key; returns how many. */
  sweep(now: number): number {
    let dropped = 0;
    for (let e = this.#ring.next; e !== this.#ring; ) {
      const next = e.next;
      if (this.isIdle(e.state, now) && !this.isPinned(e.key)) {
        this.#remove(e);
        dropped++;
      }
      e = next;
    }
    return dropped;
  }

  #sweepOld(now: number): void {
    for (let i = 0; i < SWEEP_PER_INSERT; i++) {
      const e = this.#ring.next;
      if (e === this.#ring || !this.isIdle(e.state, now)) return;
      if (this.isPinned(e.key)) return;
      this.#remove(e);
    }
  }

  /** Evicts the least recently used unpinned key (its next request starts from full). */
  #evict(): void {
    let e = this.#ring.next;
    for (let i = 0; i < EVICT_TRIES && e !== this.#ring; i++, e = e.next) {
      if (!this.isPinned(e.key)) {
        this.#remove(e);
        return;
      }
    }
  }

  #remove(e: Entry<S>): void {
    this.#unlink(e);
    this.#map.delete(e.key);
  }

  #unlink(e: Entry<S>): void {
    e.prev.next = e.next;
    e.next.prev = e.prev;
  }

  #append(e: Entry<S>): void {
    const last = this.#ring.prev;
    e.prev = last;
    e.next = this.#ring;
    last.next = e;
    this.#ring.prev = e;
  }
}
