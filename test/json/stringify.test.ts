import { describe, expect, test } from "bun:test";
import { testdata } from "../support/testdata.ts";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { JsonStringifyError, parse, stringify, type JsonValue } from "../../src/json/index.ts";
import { prng } from "../support/prng.ts";

const benchDir = testdata("json/bench");

describe("stringify", () => {
  test.each([
    ["null", null],
    ["true", true],
    ["-0", -0],
    ["1e+21", 1e21],
    ["9.007199254740992e+15", 2 ** 53],
    ["-1e+20", -1e20],
    ["9007199254740991", 2 ** 53 - 1],
    ["0.1", 0.1],
    ["1180591620717411303424", 2n ** 70n],
    ['"\\"\\\\/\\b\\f\\n\\r\\t\\u0001"', '"\\/\b\f\n\r\t\u0001'],
    ['"é😀"', "é😀"],
    ['"\\ud800x\\udc00"', "\ud800x\udc00"],
    ["[]", []],
    ["{}", {}],
    ['{"a":[1,{"b":null}],"":""}', { a: [1, { b: null }], "": "" }],
  ] as [string, JsonValue][])("writes %s", (text, value) => {
    expect(stringify(value)).toBe(text);
  });

  test("indents nested containers and leaves empty ones on one line", () => {
    expect(stringify({ a: [1, {}], b: [] }, { indent: 2 })).toBe('{\n  "a": [\n    1,\n    {}\n  ],\n  "b": []\n}');
    expect(stringify([1], { indent: "\t" })).toBe("[\n\t1\n]");
  });

  test("writes __proto__ as an ordinary key", () => {
    const v = parse('{"__proto__": {"x": 1}}');
    expect(stringify(v)).toBe('{"__proto__":{"x":1}}');
  });

  test("uses toJSON like JSON.stringify does", () => {
    expect(stringify({ when: new Date(0) })).toBe('{"when":"1970-01-01T00:00:00.000Z"}');
  });

  test.each([
    ["undefined", { a: [undefined] }, "ERR_JSON_TYPE", "json: cannot stringify undefined at /a/0: not a JSON value"],
    ["a function", () => 1, "ERR_JSON_TYPE", "json: cannot stringify function at the top level: not a JSON value"],
    ["NaN", [NaN], "ERR_JSON_TYPE", "json: cannot stringify NaN at /0: not a JSON number"],
    ["Infinity", { "a/b": Infinity }, "ERR_JSON_TYPE", "json: cannot stringify Infinity at /a~1b: not a JSON number"],
  ])("refuses %s", (_, value, code, message) => {
    let error: unknown;
    try {
      stringify(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonStringifyError);
    expect(error).toMatchObject({ code, message });
  });

  test("refuses cycles", () => {
    const a: unknown[] = [];
    a.push({ self: a });
    expect(() => stringify(a)).toThrow("json: cannot stringify a cycle at /0/self");
  });

  test("allows the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(stringify([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  test.each(["canada", "citm_catalog"])("writes %s.json exactly as the engine's JSON.stringify would", (name) => {
    const text = readFileSync(resolve(benchDir, `${name}.json`), "utf8");
    expect(stringify(parse(text))).toBe(JSON.stringify(JSON.parse(text)));
  });

  test.each([
    ["numbers", {}],
    ["bigint for big integers", { bigint: true }],
  ] as const)("round-trips twitter.json parsed with %s", (_, options) => {
    const value = parse(readFileSync(resolve(benchDir, "twitter.json")), options);
    expect(parse(stringify(value), options)).toStrictEqual(value);
    expect(parse(stringify(value, { indent: 2 }), options)).toStrictEqual(value);
  });
});


const float64 = new Float64Array(1);
const bits = new Uint32Array(float64.buffer);

function randomValue(rnd: () => number, depth: number): JsonValue {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const kind = depth > 5 ? Math.floor(rnd() * 5) : Math.floor(rnd() * 7);
  switch (kind) {
    case 0:
      return pick([null, true, false]);
    case 1: {
      // Any finite double: random bit patterns cover subnormals, huge and tiny exponents.
      for (;;) {
        bits[0] = (rnd() * 2 ** 32) >>> 0;
        bits[1] = (rnd() * 2 ** 32) >>> 0;
        if (Number.isFinite(float64[0]!)) return float64[0]!;
      }
    }
    case 2:
      return pick([0, -0, 1, -1, 2 ** 53, -(2 ** 53) + 1, Math.floor(rnd() * 1e6), rnd(), (rnd() - 0.5) * 1e10]);
    case 3:
      return (BigInt(Math.floor(rnd() * 2 ** 52)) << BigInt(Math.floor(rnd() * 64))) + 2n ** 53n;
    case 4: {
      const units = ["a", "Z", " ", '"', "\\", "/", "\n", "\u0000", "\u001f", "é", "東", "😀", "\ud800", "\udfff", "\u2028", "\ufeff"];
      return Array.from({ length: Math.floor(rnd() * 12) }, () => pick(units)).join("");
    }
    case 5:
      return Array.from({ length: Math.floor(rnd() * 5) }, () => randomValue(rnd, depth + 1));
    default: {
      const o: Record<string, JsonValue> = {};
      for (let i = Math.floor(rnd() * 5); i > 0; i--) {
        const key = pick(["a", "b", "__proto__", "constructor", "toString", "", "é😀", "0", "10", "k\n"]);
        Object.defineProperty(o, key, { value: randomValue(rnd, depth + 1), writable: true, enumerable: true, configurable: true });
      }
      return o;
    }
  }
}

describe("parse(stringify(x))", () => {
  test.each(Array.from({ length: 20 }, (_, i) => i + 1))("equals x for 250 random values from seed %i", (seed) => {
    const rnd = prng(seed);
    for (let n = 0; n < 250; n++) {
      const x = randomValue(rnd, 0);
      const indent = n % 3 === 0 ? 2 : 0;
      const text = stringify(x, { indent });
      const back = parse(text, { bigint: true });
      if (!Object.is(back, x)) expect({ seed, n, back }).toStrictEqual({ seed, n, back: x });
      expect(parse(new TextEncoder().encode(text), { bigint: true })).toStrictEqual(x);
    }
  });
});
