/**
 * What the keyspace remembers of each key's accesses, one float per slot:
 * the LRU clock (ms of the last access, strictly increasing within a
 * millisecond so ties break by order) or, under an LFU policy, Redis's LFU
 * field (lfu.ts) in the same cell — as Redis shares robj.lru between them.
 * Switching policies at runtime leaves old cells to adjust, as in Redis.
 */
import type { Clock } from "../runtime/index.ts";
import { lfuCounter, lfuField, lfuTouch, type LfuSettings } from "./lfu.ts";

/** How accesses are recorded, shared by the server's databases. */
export interface AccessTracking extends LfuSettings {
  lfu: boolean;
  random: () => number;
}

const INITIAL = 16;

/** Per-slot access records. */
export class AccessClock {
  #cells = new Float64Array(INITIAL);
  #lastMs = 0;
  #seq = 0;

  constructor(
    readonly clock: Clock,
    readonly tracking: AccessTracking,
  ) {}

  /** An access to `slot` (lookupKey's updateLFU or LRU clock). */
  touch(slot: number): void {
    const now = this.clock.now();
    if (this.tracking.lfu) {
      this.#cells[slot] = lfuTouch(this.#cells[slot]!, now, this.tracking, this.tracking.random);
      return;
    }
    if (now === this.#lastMs) this.#seq = Math.min(this.#seq + 1, 4095);
    else (this.#lastMs = now), (this.#seq = 0);
    this.#cells[slot] = now + this.#seq / 4096;
  }

  /** A key created at `slot`: an access under LRU; LFU_INIT_VAL under LFU (creation is not an access there). */
  created(slot: number): void {
    if (slot >= this.#cells.length) {
      const cells = new Float64Array(Math.max(slot + 1, Math.ceil(this.#cells.length * 1.5)));
      cells.set(this.#cells);
      this.#cells = cells;
    }
    if (this.tracking.lfu) this.#cells[slot] = lfuField(this.clock.now());
    else this.touch(slot);
  }

  /** The last access of `slot` in ms (LRU). */
  lastAccess(slot: number): number {
    return this.#cells[slot]!;
  }

  /** Sets the last access of `slot` (RESTORE … IDLETIME); ignored under LFU. */
  setLastAccess(slot: number, ms: number): void {
    if (!this.tracking.lfu) this.#cells[slot] = ms;
  }

  /** The LFU counter of `slot` after decay (OBJECT FREQ, eviction). */
  frequency(slot: number): number {
    return lfuCounter(this.#cells[slot]!, this.clock.now(), this.tracking);
  }

  /** Sets the LFU counter of `slot` (RESTORE … FREQ); ignored under LRU. */
  setFrequency(slot: number, counter: number): void {
    if (this.tracking.lfu) this.#cells[slot] = lfuField(this.clock.now(), counter);
  }

  /** The raw cell, to carry it over a replacement that is not an access. */
  cell(slot: number): number {
    return this.#cells[slot]!;
  }

  /** Restores a raw cell (or moves one: compaction). */
  setCell(slot: number, v: number): void {
    this.#cells[slot] = v;
  }

  /** Forgets every slot. */
  clear(): void {
    this.#cells = new Float64Array(INITIAL);
  }
}
