/**
 * The keyspace's side of the memory model (memory.ts): the estimated bytes
 * of every key and their sum (used_memory). A string's estimate follows from
 * its key and value lengths; a container's is kept per key, re-estimated
 * after each write that changes it in place (which is also when a container
 * may leave its compact encoding: encoding.ts).
 */
import { noteWrite } from "./encoding.ts";
import { entrySize, stringEntrySize } from "./memory.ts";
import { packedLength, type StoredString } from "./packed-string.ts";
import type { RValue } from "./value-types.ts";

/** A value as the keyspace stores it. */
export type Stored = StoredString | Exclude<RValue, Uint8Array>;

const isContainer = (v: Stored): v is Exclude<RValue, Uint8Array> => typeof v === "object" && !(v instanceof Uint8Array);

/** Per-key estimates and their sum. */
export class SizeLedger {
  readonly #containers = new Map<string, number>();
  #used = 0;

  /** The sum of every key's estimate. */
  get used(): number {
    return this.#used;
  }

  /** The estimate of `key` holding `v`. */
  sizeOf(key: string, v: Stored): number {
    if (typeof v === "number") return stringEntrySize(key.length, packedLength(v));
    if (v instanceof Uint8Array) return stringEntrySize(key.length, v.length);
    return this.#containers.get(key) ?? 0;
  }

  /** `key` now holds `v` (new or replacing `old`). */
  stored(key: string, v: Stored, old: Stored | undefined): void {
    if (old !== undefined) this.removed(key, old);
    if (isContainer(v)) return this.changed(key, v);
    this.#used += this.sizeOf(key, v);
  }

  /** A container at `key` changed in place: re-estimated (and its encoding checked). */
  changed(key: string, v: Stored): void {
    if (!isContainer(v)) return;
    noteWrite(v);
    const n = entrySize(key, v);
    this.#used += n - (this.#containers.get(key) ?? 0);
    this.#containers.set(key, n);
  }

  /** `key` holding `v` is gone. */
  removed(key: string, v: Stored): void {
    this.#used -= this.sizeOf(key, v);
    if (isContainer(v)) this.#containers.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.#containers.clear();
    this.#used = 0;
  }
}
