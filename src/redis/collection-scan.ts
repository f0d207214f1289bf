/**
 * SSCAN/HSCAN/ZSCAN over a big-encoded collection, page by page. Redis walks
 * its hash table by bucket with a reverse-binary cursor; our collections are
 * insertion-ordered JS Maps and Sets, whose live iterators already give
 * Redis's guarantees (an element present for the whole scan is returned, none
 * twice; elements added meanwhile may or may not be). A cursor is the count
 * of elements consumed; the iterator that produced it is kept (a few per
 * collection, in a WeakMap so they die with it) and resumed in O(COUNT). A
 * cursor with no kept iterator (another client took it, or it was evicted)
 * restarts an iterator and skips that many elements.
 */

/** Iterators kept per collection. */
const KEPT = 8;

/** A kept iterator and the element it already produced (read ahead to know whether the scan is over). */
interface Kept {
  it: Iterator<unknown>;
  ahead: unknown;
}

const kept = new WeakMap<object, Map<number, Kept>>();

/** Up to `count` elements from `cursor` on, and the next cursor (0 when done: the last page says so, as Redis's does). */
export function scanPage<T>(collection: object, iterate: () => Iterator<T>, cursor: number, count: number): { items: T[]; next: number } {
  let byCursor = kept.get(collection);
  const k = byCursor?.get(cursor);
  const items: T[] = [];
  let it: Iterator<T>;
  if (k !== undefined) {
    byCursor!.delete(cursor);
    it = k.it as Iterator<T>;
    items.push(k.ahead as T);
  } else {
    it = iterate();
    for (let i = 0; i < cursor && !it.next().done; i++);
  }
  while (items.length < count) {
    const r = it.next();
    if (r.done) return { items, next: 0 };
    items.push(r.value);
  }
  const ahead = it.next();
  if (ahead.done) return { items, next: 0 };
  const next = cursor + items.length;
  if (!byCursor) kept.set(collection, (byCursor = new Map()));
  if (byCursor.size >= KEPT) byCursor.delete(byCursor.keys().next().value!);
  byCursor.set(next, { it, ahead: ahead.value });
  return { items, next };
}
