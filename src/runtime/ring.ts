/**
 * A growable FIFO ring buffer. It counts its own length, so `undefined` and
 * `null` are ordinary elements. Invariants: the backing array's size is a power
 * of two; slots outside [head, head+length) hold `undefined` so nothing popped
 * stays reachable.
 */
export class Ring<T> {
  #items: (T | undefined)[];
  #mask: number;
  #head = 0;
  #length = 0;

  constructor(capacity = 4) {
    let size = 4;
    while (size < capacity) size *= 2;
    this.#items = new Array<T | undefined>(size);
    this.#mask = size - 1;
  }

  /** Number of elements held. */
  get length(): number {
    return this.#length;
  }

  /** Appends `v` at the tail. */
  push(v: T): void {
    if (this.#length > this.#mask) this.#grow();
    this.#items[(this.#head + this.#length) & this.#mask] = v;
    this.#length++;
  }

  /** Removes and returns the head; the ring must not be empty. */
  shift(): T {
    const i = this.#head;
    const v = this.#items[i] as T;
    this.#items[i] = undefined;
    this.#head = (i + 1) & this.#mask;
    this.#length--;
    return v;
  }

  /** Returns the head without removing it; the ring must not be empty. */
  peek(): T {
    return this.#items[this.#head] as T;
  }

  /** Returns the i-th element from the head; 0 <= i < length. */
  at(i: number): T {
    return this.#items[(this.#head + i) & this.#mask] as T;
  }

  /** Replaces the tail element; the ring must not be empty. */
  replaceLast(v: T): void {
    this.#items[(this.#head + this.#length - 1) & this.#mask] = v;
  }

  /** Keeps only the elements for which `keep` returns true, preserving order. */
  retain(keep: (v: T) => boolean): void {
    const n = this.#length;
    let w = 0;
    for (let r = 0; r < n; r++) {
      const v = this.at(r);
      if (keep(v)) this.#items[(this.#head + w++) & this.#mask] = v;
    }
    for (let i = w; i < n; i++) this.#items[(this.#head + i) & this.#mask] = undefined;
    this.#length = w;
  }

  #grow(): void {
    const old = this.#items;
    const size = old.length;
    const next = new Array<T | undefined>(size * 2);
    for (let i = 0; i < size; i++) next[i] = old[(this.#head + i) & this.#mask];
    this.#items = next;
    this.#head = 0;
    this.#mask = size * 2 - 1;
  }
}
