import { describe, expect, test } from "bun:test";
import { JsonParseError, parse } from "../../src/json/index.ts";

function parseError(input: string | Uint8Array): JsonParseError {
  try {
    parse(input);
  } catch (e) {
    if (e instanceof JsonParseError) return e;
    throw e;
  }
  throw new Error("parse accepted the input");
}

describe("JsonParseError", () => {
  test("reads like the issue, then shows the offending line with a caret under the column", () => {
    const e = parseError('{"broken": }');
    expect(e.message).toBe("Parse error at line 1, column 12: unexpected token '}', expected value\n" + '{"broken": }\n' + "           ^");
    expect(e).toBeInstanceOf(SyntaxError);
    expect(e).toMatchObject({
      name: "JsonParseError",
      code: "ERR_JSON_SYNTAX",
      offset: 11,
      line: 1,
      column: 12,
      found: "token '}'",
      expected: "value",
      headline: "Parse error at line 1, column 12: unexpected token '}', expected value",
      reason: "unexpected token '}', expected value",
    });
  });

  test("shows only the offending line of a multi-line document", () => {
    expect(parseError('{\n  "a": 1,\n  "b": tru\n}').message.split("\n").slice(1)).toEqual(['  "b": tru', "       ^"]);
  });

  test("puts the caret under the column after tabs and wide characters", () => {
    expect(parseError('[\t"東京😀", ?]').message.split("\n").slice(1)).toEqual(['[\t"東京😀", ?]', " \t       ^"]);
  });

  test("windows long lines around the column", () => {
    const e = parseError("[" + "1,".repeat(200) + "x]");
    const [, line, caret] = e.message.split("\n");
    expect(line!.length).toBeLessThan(80);
    expect(line!.startsWith("…")).toBe(true);
    expect(line![caret!.indexOf("^")]).toBe("x");
  });

  test("shows control characters in the snippet as visible symbols", () => {
    expect(parseError('"a\u0001b"').message.split("\n")[1]).toBe('"a\u2401b"');
  });

  test.each([
    ["a string", '"a', "ERR_JSON_SYNTAX"],
    ["a number past the largest double", "1e309", "ERR_JSON_NUMBER_RANGE"],
    ["nesting past maxDepth", "[".repeat(10_001), "ERR_JSON_DEPTH"],
    ["invalid UTF-8", new Uint8Array([0x22, 0xff, 0x22]), "ERR_JSON_ENCODING"],
    ["an unpaired surrogate in string input", '"\ud800"', "ERR_JSON_ENCODING"],
  ] as [string, string | Uint8Array, string][])("has a stable code for %s", (_, input, code) => {
    expect(parseError(input).code).toBe(code as JsonParseError["code"]);
  });

  test("locates invalid UTF-8 by the text decoded before it", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('[\n "é", "'), 0xc0, 0x80, 0x22, 0x5d]);
    expect(parseError(bytes).headline).toBe("Parse error at line 2, column 8: invalid UTF-8: unexpected byte 0xC0");
  });

  test.each([
    ["an overlong encoding", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["a code point past U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["a lone continuation byte", [0x80]],
    ["a truncated sequence", [0xe2, 0x82]],
  ])("rejects %s in raw input", (_, bytes) => {
    expect(parseError(new Uint8Array([0x22, ...bytes, 0x22])).code).toBe("ERR_JSON_ENCODING");
  });
});
