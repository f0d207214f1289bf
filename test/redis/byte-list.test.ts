import { expect, test } from "bun:test";
import { ByteList } from "../../src/redis/byte-list.ts";
import { packRange } from "../../src/redis/packed-string.ts";
import { prng } from "../support/prng.ts";

test("ByteList keeps every element's bytes exactly, packed (≤ 6 bytes) or not, through pushes, pops, set and reset", () => {
  const r = prng(9);
  const elem = () => Uint8Array.from({ length: Math.floor(r() * 10) }, () => (r() < 0.3 ? 0 : Math.floor(r() * 256)));
  const list = new ByteList();
  const model: Uint8Array[] = [];
  for (let step = 0; step < 5000; step++) {
    const op = Math.floor(r() * 6);
    const e = elem();
    if (op === 0) list.pushFront(e), model.unshift(e);
    else if (op === 1) list.pushStored(packRange(e, 0, e.length), true), model.push(e);
    else if (op === 2) expect(list.popFront()).toEqual(model.shift()!);
    else if (op === 3) expect(list.popBack()).toEqual(model.pop()!);
    else if (op === 4 && model.length > 0) {
      const i = Math.floor(r() * model.length);
      list.set(i, e);
      model[i] = e;
      expect(list.lengthAt(i)).toBe(e.length);
    } else if (model.length > 0) {
      const i = Math.floor(r() * model.length);
      expect(list.at(i)).toEqual(model[i]!);
    }
    expect(list.length).toBe(model.length);
  }
  expect([...list]).toEqual(model);
  // Canonical integers pack into the integer form; look-alikes stay bytes; all read back as written.
  const texts = ["1234567", "-1234567", "0012345", "2251799813685247", "2251799813685248", "-0", "+1234567", "12345678901234567890"];
  const ints = new ByteList(texts.map((t) => new TextEncoder().encode(t)));
  expect([...ints].map((b) => new TextDecoder().decode(b))).toEqual(texts);
  expect(texts.map((_, i) => typeof ints.storedAt(i))).toEqual(["number", "number", "object", "number", "object", "number", "object", "object"]);
  expect(texts.map((_, i) => ints.lengthAt(i))).toEqual(texts.map((t) => t.length));
  list.reset([Uint8Array.of(1), new Uint8Array(7)]);
  expect(list.slice(0, 1)).toEqual([Uint8Array.of(1), new Uint8Array(7)]);
  expect(typeof list.storedAt(0)).toBe("number");
  expect(list.storedAt(1)).toBeInstanceOf(Uint8Array);
});
