/**
 * A double-ended queue on a growable ring buffer: O(1) push and pop at both
 * ends and O(1) indexing, the shape Redis's quicklist gives LPUSH/RPOP/LINDEX.
 * Invariant: items live at (head + i) & mask for i < length; capacity is a power of two.
 */
export class Deque<T> {
  #buf: (T | undefined)[];
  #head = 0;
  #len = 0;

  constructor(items: Iterable<T> = []) {
    this.#buf = new Array(8);
    for (const it of items) this.pushBack(it);
  }

  /** Number of items. */
  get length(): number {
    return this.#len;
  }

  #grow(): void {
    const old = this.#buf;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.#len; i++) next[i] = old[(this.#head + i) & (old.length - 1)];
    this.#buf = next;
    this.#head = 0;
  }

  /** Appends at the tail. */
  pushBack(v: T): void {
    if (this.#len === this.#buf.length) this.#grow();
    this.#buf[(this.#head + this.#len) & (this.#buf.length - 1)] = v;
    this.#len++;
  }

  /** Prepends at the head. */
  pushFront(v: T): void {
    if (this.#len === this.#buf.length) this.#grow();
    this.#head = (this.#head - 1) & (this.#buf.length - 1);
    this.#buf[this.#head] = v;
    this.#len++;
  }

  /** Removes and returns the head; undefined when empty. */
  popFront(): T | undefined {
    if (this.#len === 0) return undefined;
    const v = this.#buf[this.#head];
    this.#buf[this.#head] = undefined;
    this.#head = (this.#head + 1) & (this.#buf.length - 1);
    this.#len--;
    return v;
  }

  /** Removes and returns the tail; undefined when empty. */
  popBack(): T | undefined {
    if (this.#len === 0) return undefined;
    const i = (this.#head + this.#len - 1) & (this.#buf.length - 1);
    const v = this.#buf[i];
    this.#buf[i] = undefined;
    this.#len--;
    return v;
  }

  /** The item at index `i` (0 = head), or undefined when out of range. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.#len) return undefined;
    return this.#buf[(this.#head + i) & (this.#buf.length - 1)];
  }

  /** Replaces the item at `i` (which must be in range). */
  set(i: number, v: T): void {
    this.#buf[(this.#head + i) & (this.#buf.length - 1)] = v;
  }

  /** Items from `start` to `end` inclusive, as an array. */
  slice(start: number, end: number): T[] {
    const out: T[] = [];
    for (let i = start; i <= end; i++) out.push(this.at(i)!);
    return out;
  }

  /** Replaces the contents with `items`. */
  reset(items: T[]): void {
    let cap = 8;
    while (cap < items.length) cap *= 2;
    this.#buf = new Array(cap);
    for (let i = 0; i < items.length; i++) this.#buf[i] = items[i];
    this.#head = 0;
    this.#len = items.length;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.#len; i++) yield this.at(i)!;
  }
}
