/** Depth, size and number limits: clean errors, never a stack overflow or a silent Infinity. */
import { describe, expect, test } from "bun:test";
import { JsonParseError, JsonStreamParser, parse, stringify, typedTree, type JsonValue } from "../../src/json/index.ts";
import { parseText } from "../../src/json/parse-text.ts";

function errorOf(f: () => unknown): JsonParseError {
  try {
    f();
  } catch (e) {
    if (e instanceof JsonParseError) return e;
    throw e;
  }
  throw new Error("no error");
}

function streamAll(input: string, chunk = 65_536): void {
  const p = new JsonStreamParser({});
  for (let i = 0; i < input.length; i += chunk) p.write(input.slice(i, i + chunk));
  p.end();
}

describe("nesting", () => {
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  const deepObjects = '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000);

  test.each([
    ["parse", () => parse(deep), 10_001],
    ["parse of objects", () => parse(deepObjects), 50_001],
    ["parse of bytes", () => parse(new TextEncoder().encode(deep)), 10_001],
    ["the text parser", () => parseText(deep, 10_000, false, false), 10_001],
    ["the stream parser", () => streamAll(deep), 10_001],
    ["the stream parser on objects", () => streamAll(deepObjects), 50_001],
  ] as [string, () => unknown, number][])("100,000 levels fail cleanly in %s with ERR_JSON_DEPTH", (_, run, column) => {
    const e = errorOf(run);
    expect(e.code).toBe("ERR_JSON_DEPTH");
    expect(e.headline).toBe(`Parse error at line 1, column ${column}: maximum nesting depth 10000 exceeded`);
  });

  test("100,000 levels parse, print and stringify without recursion when maxDepth allows", () => {
    const v = parse(deep, { maxDepth: Infinity });
    let depth = 0;
    for (let x = v; Array.isArray(x) && x.length > 0; x = x[0]!) depth++;
    expect(depth).toBe(99_999);
    expect(stringify(v)).toBe(deep);
    expect(typedTree(parse("[".repeat(10_000) + "]".repeat(10_000), { maxDepth: Infinity })).split("\n")).toHaveLength(19_999);
  });

  test("maxDepth must be a positive integer", () => {
    expect(() => parse("[]", { maxDepth: 0 })).toThrow(RangeError);
    expect(() => parse("[]", { maxDepth: 1.5 })).toThrow(RangeError);
  });
});

describe("large values", () => {
  const hundredMB = 100 * 1024 * 1024;

  test("a 100 MB string parses from a string", () => {
    const v = parse('"' + "a".repeat(hundredMB) + '\\n"') as string;
    expect(v.length).toBe(hundredMB + 1);
    expect(v.endsWith("a\n")).toBe(true);
  });

  test("a 100 MB string parses from bytes", () => {
    const bytes = new Uint8Array(hundredMB + 2).fill(0x62);
    bytes[0] = bytes[bytes.length - 1] = 0x22;
    expect((parse(bytes) as string).length).toBe(hundredMB);
  });

  test("a 100 MB string streams in 64 KiB chunks in linear time", () => {
    let got = 0;
    const p = new JsonStreamParser({ value: (s) => void (got = (s as string).length) });
    const chunk = "x\\t".repeat(65_536 / 3);
    p.write('["');
    for (let n = 0; n < hundredMB; n += chunk.length) p.write(chunk);
    p.write('"]');
    p.end();
    expect(got).toBe((Math.ceil(hundredMB / chunk.length) * chunk.length * 2) / 3);
  });
});

describe("numbers", () => {
  test.each([
    ["-0", -0],
    ["-0.0", -0],
    ["0e10", 0],
    ["1e-400", 0],
    ["-1e-400", -0],
    ["5e-324", 5e-324],
    ["1.7976931348623157e308", Number.MAX_VALUE],
    ["1.7976931348623158e308", Number.MAX_VALUE],
    ["9007199254740993", 9007199254740992],
    ["0.30000000000000004", 0.30000000000000004],
    ["123456789.123456789", 123456789.123456789],
    ["1" + "0".repeat(300), 1e300],
  ] as [string, number][])("reads %s as %p", (text, want) => {
    expect(Object.is(parse(text), want)).toBe(true);
  });

  test.each(["1e400", "-1e400", "1.7976931348623159e308", "1" + "0".repeat(309), "123123e100000"])(
    "rejects %s with ERR_JSON_NUMBER_RANGE instead of returning Infinity",
    (text) => {
      const e = errorOf(() => parse(text));
      expect(e.code).toBe("ERR_JSON_NUMBER_RANGE");
      expect(e.reason).toMatch(/^number .* is out of range$/);
    },
  );

  test("keeps -0 through stringify", () => {
    expect(stringify(parse("[-0, 0]") as JsonValue)).toBe("[-0,0]");
  });
});
