import { describe, expect, test } from "bun:test";
import { parse, typedTree, typeName, type JsonValue } from "../../src/json/index.ts";

describe("typedTree", () => {
  test("prints the issue's example", () => {
    const v = parse('{"name": "Go", "year": 2009, "features": ["fast", "simple"]}');
    expect(typeName(v)).toBe("Object");
    expect(typedTree(v)).toBe(
      ["{", '  "name" (String): "Go"', '  "year" (Number): 2009', '  "features" (Array): [', '    (String): "fast"', '    (String): "simple"', "  ]", "}"].join("\n"),
    );
  });

  test.each([
    ['"a\\nb"', "String", '"a\\nb"'],
    ["-0", "Number", "-0"],
    ["12345678901234567890", "Number", "12345678901234567890"],
    ["true", "Boolean", "true"],
    ["null", "Null", "null"],
    ["[]", "Array", "[]"],
    ["{}", "Object", "{}"],
    ['[{}, [], {"a": null}]', "Array", '[\n  (Object): {}\n  (Array): []\n  (Object): {\n    "a" (Null): null\n  }\n]'],
  ])("prints %s as a %s", (text, type, tree) => {
    const v = parse(text, { bigint: true }) as JsonValue;
    expect(typeName(v)).toBe(type);
    expect(typedTree(v)).toBe(tree);
  });

  test("styles keys and type names", () => {
    expect(typedTree({ a: 1 }, { key: (s) => `<${s}>`, type: (s) => s.toUpperCase() })).toBe('{\n  <"a"> (NUMBER): 1\n}');
  });
});
