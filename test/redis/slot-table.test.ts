import { describe, expect, test } from "bun:test";
import { hashBytes, hashKey, SlotTable } from "../../src/redis/slot-table.ts";
import { prng } from "../support/prng.ts";

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("SlotTable", () => {
  test("hashKey of a latin1 string equals hashBytes of its bytes, for every byte value", () => {
    const all = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    expect(hashKey(all)).toBe(hashBytes(bytes(all), 0, 256));
    expect(hashKey("")).toBe(hashBytes(new Uint8Array(0), 0, 0));
  });

  test("keys added as the table grows leave no stale entries once removed", () => {
    const table = new SlotTable();
    const slots = Array.from({ length: 5000 }, (_, i) => table.add(`key:${i}`));
    slots.forEach((slot) => table.remove(slot));
    expect(table.size).toBe(0);
    for (let i = 0; i < 5000; i++) {
      const b = bytes(`key:${i}`);
      expect(table.findBytes(b, 0, b.length)).toBe(-1);
      expect(table.find(`key:${i}`)).toBe(-1);
    }
  });

  test("random adds, removes and compactions agree with a Map, looked up by string and by bytes", () => {
    const random = prng(11);
    const table = new SlotTable();
    const model = new Map<string, number>();
    const moved: [number, number][] = [];
    for (let step = 0; step < 40_000; step++) {
      // Few distinct short keys, so probe chains collide and wrap around the table.
      const key = `k${Math.floor(random() * 3000)}`;
      const r = random();
      if (r < 0.55) {
        if (!model.has(key)) model.set(key, table.add(key));
      } else if (r < 0.95) {
        const slot = model.get(key);
        if (slot !== undefined) table.remove(slot), model.delete(key);
      } else if (table.length > 2 * table.size) {
        moved.length = 0;
        table.compact((from, to) => moved.push([from, to]));
        for (const [k, slot] of model) {
          const m = moved.find(([from]) => from === slot);
          if (m) model.set(k, m[1]);
        }
      }
      if (step % 97 === 0) {
        expect(table.size).toBe(model.size);
        for (let i = 0; i < 3000; i += 7) {
          const k = `k${i}`;
          const want = model.get(k) ?? -1;
          expect(table.find(k)).toBe(want);
          const b = bytes(`xx${k}yy`);
          expect(table.findBytes(b, 2, b.length - 2)).toBe(want);
        }
      }
    }
    for (const [k, slot] of model) expect(table.keys[slot]).toBe(k);
  });
});
