/**
 * The keyspace's index: key → slot, an open-addressing hash table (linear
 * probing, backward-shift deletion, load ≤ 3/4) over typed arrays, in place
 * of a JS Map (~50 bytes an entry there, ~14 here). Slots are handed out in
 * insertion order and never reused until `compact`; a slot's key string is
 * the only per-key object. Lookups work from a string or straight from a byte
 * range of a read buffer (the fast path looks keys up without building them).
 * Keys hash with FNV-1a over their latin1 code units, so both agree.
 */

const EMPTY = 0;
const MIN_TABLE = 16;

/** FNV-1a of a latin1 string. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** FNV-1a of `buf[start, end)`: equal to `hashKey` of its latin1 string. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h | 0;
}

function sameBytes(key: string, buf: Uint8Array, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}

/** key ↔ slot. */
export class SlotTable {
  /** slot → key; undefined once deleted (until compaction). */
  keys: (string | undefined)[] = [];
  /** slot → hash of its key. */
  #hashes = new Int32Array(MIN_TABLE);
  /** Hash table of slot + 1 (0 = empty). */
  #table = new Int32Array(MIN_TABLE);
  #live = 0;

  /** Live keys. */
  get size(): number {
    return this.#live;
  }

  /** Slots handed out (live and deleted): the next slot number. */
  get length(): number {
    return this.keys.length;
  }

  /** The slot of `key`, or -1. */
  find(key: string): number {
    const mask = this.#table.length - 1;
    const h = hashKey(key);
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.#table[i]!;
      if (e === EMPTY) return -1;
      if (this.#hashes[e - 1] === h && this.keys[e - 1] === key) return e - 1;
    }
  }

  /** The slot of the key spelled by `buf[start, end)`, or -1. */
  findBytes(buf: Uint8Array, start: number, end: number): number {
    const mask = this.#table.length - 1;
    const h = hashBytes(buf, start, end);
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.#table[i]!;
      if (e === EMPTY) return -1;
      if (this.#hashes[e - 1] === h && sameBytes(this.keys[e - 1]!, buf, start, end)) return e - 1;
    }
  }

  /** Adds a key known to be absent; returns its new slot (always `length` before the call). */
  add(key: string): number {
    const slot = this.keys.length;
    if (slot === this.#hashes.length) {
      const next = new Int32Array(Math.ceil(slot * 1.5));
      next.set(this.#hashes);
      this.#hashes = next;
    }
    // Grow first: a rehash places every slot with a key, so the new one must not have its key yet.
    if ((this.#live + 1) * 4 > this.#table.length * 3) this.#rehash(this.#table.length * 2);
    this.keys.push(key);
    const h = hashKey(key);
    this.#hashes[slot] = h;
    this.#place(slot, h);
    this.#live++;
    return slot;
  }

  #place(slot: number, h: number): void {
    const mask = this.#table.length - 1;
    let i = h & mask;
    while (this.#table[i] !== EMPTY) i = (i + 1) & mask;
    this.#table[i] = slot + 1;
  }

  #rehash(size: number): void {
    this.#table = new Int32Array(size);
    for (let s = 0; s < this.keys.length; s++) if (this.keys[s] !== undefined) this.#place(s, this.#hashes[s]!);
  }

  /** Removes the key at `slot` (backward-shift deletion: no tombstones in the table). */
  remove(slot: number): void {
    const table = this.#table;
    const mask = table.length - 1;
    let i = this.#hashes[slot]! & mask;
    while (table[i] !== slot + 1) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; table[j] !== EMPTY; j = (j + 1) & mask) {
      const home = this.#hashes[table[j]! - 1]! & mask;
      // Move j back to i unless its home lies cyclically in (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        table[i] = table[j]!;
        i = j;
      }
    }
    table[i] = EMPTY;
    this.keys[slot] = undefined;
    this.#live--;
  }

  /**
   * Drops deleted slots, renumbering live ones in order; `move(from, to)` is
   * called for each live slot that moves so parallel arrays follow. Returns
   * the removed slot numbers, ascending.
   */
  compact(move: (from: number, to: number) => void): Float64Array {
    const n = this.keys.length;
    const removed = new Float64Array(n - this.#live);
    let r = 0;
    let w = 0;
    for (let i = 0; i < n; i++) {
      const k = this.keys[i];
      if (k === undefined) {
        removed[r++] = i;
        continue;
      }
      if (w !== i) {
        this.keys[w] = k;
        this.#hashes[w] = this.#hashes[i]!;
        move(i, w);
      }
      w++;
    }
    this.keys.length = w;
    let size = MIN_TABLE;
    while (size * 3 < w * 4 * 2) size *= 2;
    this.#rehash(size);
    return removed;
  }

  /** Forgets every key. */
  clear(): void {
    this.keys = [];
    this.#hashes = new Int32Array(MIN_TABLE);
    this.#table = new Int32Array(MIN_TABLE);
    this.#live = 0;
  }
}
