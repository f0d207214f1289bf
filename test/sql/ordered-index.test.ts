import { describe, expect, test } from "bun:test";
import { OrderedIndex, type Row } from "../../src/sql/ordered-index.ts";
import { compare } from "../../src/sql/values.ts";

function isSorted(rows: Row[], c: number): boolean {
  for (let i = 1; i < rows.length; i++) if (compare(rows[i - 1]![c]!, rows[i]![c]!) > 0) return false;
  return true;
}

describe("OrderedIndex", () => {
  const cases: { name: string; key: (i: number) => Row[number] }[] = [
    { name: "small non-negative integers (radix path)", key: (i) => (i * 7919) % 1237 },
    { name: "negative and fractional numbers (comparator path)", key: (i) => ((i * 31) % 201) - 100.5 },
    { name: "text mixed with numbers and NULLs", key: (i) => (i % 7 === 0 ? null : i % 3 === 0 ? `k${i % 50}` : i % 97) },
  ];
  for (const c of cases) {
    test(`keeps ${c.name} ordered through inserts, updates and deletes`, () => {
      const rows: Row[] = Array.from({ length: 3000 }, (_, i) => [c.key(i), i]);
      const idx = new OrderedIndex("i", "t", [0], false, undefined);
      idx.rebuild(rows);
      expect(isSorted(idx.sorted(), 0)).toBe(true);
      expect(idx.sorted().length).toBe(3000);
      // update: remove, change the key, add back (as UPDATE does); delete a few; insert new ones
      for (const r of rows.slice(0, 200)) { idx.remove(r); r[0] = c.key(r[1] as number * 13 + 5); idx.add(r); }
      for (const r of rows.slice(200, 300)) idx.remove(r);
      const extra: Row[] = Array.from({ length: 100 }, (_, i) => [c.key(i + 5000), 5000 + i]);
      for (const r of extra) idx.add(r);
      const live = [...rows.slice(0, 200), ...rows.slice(300), ...extra];
      const sorted = idx.sorted();
      expect(sorted.length).toBe(live.length);
      expect(new Set(sorted)).toEqual(new Set(live));
      expect(isSorted(sorted, 0)).toBe(true);
      const probe = live[17]![0]!;
      expect(idx.lookup1(probe).length).toBe(probe === null ? 0 : live.filter((r) => r[0] !== null && compare(r[0]!, probe) === 0).length);
    });
  }
  test("a unique index finds conflicts through its hash and ignores NULLs", () => {
    const idx = new OrderedIndex("u", "t", [0, 1], true, undefined);
    const a: Row = [1, "x"], b: Row = [1, "y"], n1: Row = [null, "x"], n2: Row = [null, "x"];
    for (const r of [a, b, n1]) idx.add(r);
    expect(idx.conflict([1, "x"])).toBe(a);
    expect(idx.conflict(n2)).toBeUndefined();
    idx.remove(a);
    expect(idx.conflict([1, "x"])).toBeUndefined();
    expect(idx.lookup([1]).map((r) => r[1])).toEqual(["y"]);
  });
});
