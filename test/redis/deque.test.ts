import { expect, test } from "bun:test";
import { Deque } from "../../src/redis/deque.ts";
import { prng } from "../support/prng.ts";

test("Deque matches an array model across 20,000 random operations, through many ring wrap-arounds", () => {
  const r = prng(42);
  const d = new Deque<number>();
  const model: number[] = [];
  for (let step = 0; step < 20_000; step++) {
    const op = Math.floor(r() * 6);
    if (op === 0) d.pushFront(step), model.unshift(step);
    else if (op === 1) d.pushBack(step), model.push(step);
    else if (op === 2) expect(d.popFront()).toBe(model.shift());
    else if (op === 3) expect(d.popBack()).toBe(model.pop());
    else if (op === 4 && model.length > 0) {
      const i = Math.floor(r() * model.length);
      d.set(i, -step);
      model[i] = -step;
    } else {
      const i = Math.floor(r() * (model.length + 2)) - 1;
      expect(d.at(i)).toBe(model[i]);
    }
    expect(d.length).toBe(model.length);
  }
  expect([...d]).toEqual(model);
  d.reset([1, 2, 3]);
  expect(d.slice(1, 2)).toEqual([2, 3]);
});
