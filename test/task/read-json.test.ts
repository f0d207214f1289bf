import { describe, expect, test } from "bun:test";
import { JsonSyntaxError, readJson } from "../../src/task/read-json.ts";

function syntaxError(text: string): JsonSyntaxError {
  try {
    readJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
  throw new Error(`parsed: ${text}`);
}

describe("readJson", () => {
  test("parses valid JSON like JSON.parse", () => {
    expect(readJson('{"tasks":[{"id":1,"title":"a\\u00e9\\n"}],"n":-1.5e3}')).toEqual({ tasks: [{ id: 1, title: "aé\n" }], n: -1500 });
  });

  const cases: [string, string, number, number, string][] = [
    ["a trailing comma in an object", '{\n  "tasks": [\n    {"id": 1, }\n  ]\n}', 3, 15, "unexpected '}'"],
    ["a trailing comma in an array", "[1, 2,]", 1, 7, "unexpected ']'"],
    ["a missing comma", '{"a": 1\n "b": 2}', 2, 2, `unexpected string "b", expected ',' or '}'`],
    ["a missing colon", '{"a" 1}', 1, 6, "unexpected number 1, expected ':'"],
    ["an unquoted key", "{a: 1}", 1, 2, "unexpected 'a'"],
    ["a single-quoted string", "['x']", 1, 2, "unexpected character ''', expected value"],
    ["truncated input", '{"tasks": [', 1, 12, "unexpected end of input, expected value"],
    ["empty input", "", 1, 1, "unexpected end of input, expected value"],
    ["an unterminated string", '["abc', 1, 6, `unexpected end of input, expected '"'`],
    ["a raw newline in a string", '["a\nb"]', 1, 4, "unescaped control character U+000A in string"],
    ["a bad escape", '["a\\qb"]', 1, 4, "invalid escape '\\q' in string"],
    ["a leading zero", "[01]", 1, 2, "leading zeros are not allowed in numbers"],
    ["a bare minus", "[-]", 1, 3, "unexpected ']'"],
    ["a misspelt literal", "[tru]", 1, 2, "unexpected 'tru'"],
    ["trailing garbage", '{"a":1} x', 1, 9, "unexpected 'x'"],
    ["two top-level values", "1 2", 1, 3, "unexpected number 2, expected end of input"],
    ["columns counted in characters, not UTF-16 units", '{"t": "😀日本", }', 1, 14, "unexpected '}'"],
    ["CRLF line endings", '{\r\n  "a": 1,\r\n}', 3, 1, "unexpected '}'"],
  ];
  for (const [name, text, line, column, reason] of cases) {
    test(`reports ${name} at line ${line}, column ${column}`, () => {
      const e = syntaxError(text);
      expect({ line: e.line, column: e.column, reason: e.reason }).toEqual({ line, column, reason });
      expect(e.message).toBe(`line ${line}, column ${column}: ${reason}`);
      expect(e.code).toBe("ERR_JSON_SYNTAX");
    });
  }

  test("reports nesting far deeper than the call stack as an error, not a crash", () => {
    const e = syntaxError("[".repeat(200_000));
    expect(e.line).toBe(1);
    expect(e.reason).toContain("10000");
  });
});
