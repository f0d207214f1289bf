/**
 * A list value: a Deque of elements in stored form, short ones (≤ 6 bytes)
 * packed into numbers (packed-string.ts) like the keyspace's strings. A
 * million-element list of small values is then an array of numbers the
 * garbage collector need not trace, not a million Uint8Array objects. Reads
 * hand out bytes (fresh arrays for packed elements); `storedAt` lets a reply
 * copy an element out without one.
 */
import { Deque } from "./deque.ts";
import { pack, packedLength, unpack, type StoredString } from "./packed-string.ts";

const bytesOf = (v: StoredString | undefined): Uint8Array | undefined => (typeof v === "number" ? unpack(v) : v);

/** A Redis list: O(1) push and pop at both ends, O(1) indexing. */
export class ByteList implements Iterable<Uint8Array> {
  readonly #d = new Deque<StoredString>();

  constructor(items: Iterable<Uint8Array> = []) {
    for (const it of items) this.pushBack(it);
  }

  /** Number of elements. */
  get length(): number {
    return this.#d.length;
  }

  /** Appends at the tail (`v` must not be mutated afterwards). */
  pushBack(v: Uint8Array): void {
    this.#d.pushBack(pack(v));
  }

  /** Prepends at the head (`v` must not be mutated afterwards). */
  pushFront(v: Uint8Array): void {
    this.#d.pushFront(pack(v));
  }

  /** Appends (`tail`) or prepends an element already in stored form (the fast path packs straight from the read buffer). */
  pushStored(v: StoredString, tail: boolean): void {
    tail ? this.#d.pushBack(v) : this.#d.pushFront(v);
  }

  /** Removes and returns the head; undefined when empty. */
  popFront(): Uint8Array | undefined {
    return bytesOf(this.#d.popFront());
  }

  /** Removes and returns the tail; undefined when empty. */
  popBack(): Uint8Array | undefined {
    return bytesOf(this.#d.popBack());
  }

  /** The element at index `i` (0 = head), or undefined when out of range. */
  at(i: number): Uint8Array | undefined {
    return bytesOf(this.#d.at(i));
  }

  /** The element at `i` in stored form (a packed number or bytes). */
  storedAt(i: number): StoredString | undefined {
    return this.#d.at(i);
  }

  /** The length in bytes of the element at `i` (which must be in range). */
  lengthAt(i: number): number {
    const v = this.#d.at(i)!;
    return typeof v === "number" ? packedLength(v) : v.length;
  }

  /** Replaces the element at `i` (which must be in range). */
  set(i: number, v: Uint8Array): void {
    this.#d.set(i, pack(v));
  }

  /** Elements from `start` to `end` inclusive, as an array. */
  slice(start: number, end: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = start; i <= end; i++) out.push(this.at(i)!);
    return out;
  }

  /** Replaces the contents with `items`. */
  reset(items: Uint8Array[]): void {
    this.#d.reset(items.map(pack));
  }

  *[Symbol.iterator](): Iterator<Uint8Array> {
    for (let i = 0; i < this.#d.length; i++) yield this.at(i)!;
  }
}
