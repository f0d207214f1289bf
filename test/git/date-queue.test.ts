/** DateQueue against a plain sorted list doing git's commit_list_insert_by_date, over long random walks. */
import { expect, test } from "bun:test";
import { DateQueue } from "../../src/git/date-queue.ts";

/** git's rule, spelled out: a new entry goes after every queued one that is not older than it. */
function referenceInsert(list: [string, number][], oid: string, time: number): void {
  let k = 0;
  while (k < list.length && list[k]![1] >= time) k++;
  list.splice(k, 0, [oid, time]);
}

test("DateQueue keeps git's date order (ties first in, first out) through thousands of inserts and shifts", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const shape of ["linear", "branchy"] as const) {
    const times = new Map<string, number>();
    let lookups = 0;
    const queue = new DateQueue((oid) => {
      lookups++;
      return times.get(oid)!;
    });
    const reference: [string, number][] = [];
    let n = 0;
    const add = () => {
      const oid = `c${n++}`;
      // Few distinct dates, so ties are common.
      times.set(oid, Math.floor(random() * 20));
      queue.insert(oid);
      referenceInsert(reference, oid, times.get(oid)!);
    };
    add();
    const taken: string[] = [];
    const expected: string[] = [];
    // Over 3,000 shifts: the queue drops taken entries (at 1,024 and more) several times.
    while (n < 3500) {
      taken.push(queue.shift()!);
      expected.push(reference.shift()![0]);
      expect(queue.length).toBe(reference.length);
      // A linear walk queues one parent per commit; a branchy one up to three.
      const parents = shape === "linear" ? 1 : Math.floor(random() * 3) + (reference.length === 0 ? 1 : 0);
      for (let p = 0; p < parents; p++) add();
    }
    while (queue.length) {
      taken.push(queue.shift()!);
      expected.push(reference.shift()![0]);
    }
    expect(queue.shift()).toBeUndefined();
    expect(taken).toEqual(expected);
    // A linear history never compares dates.
    if (shape === "linear") expect(lookups).toBe(0);
  }
});
