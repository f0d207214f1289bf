import { describe, expect, test } from "bun:test";
import { JsonParseError, tokenize, tokens, type TokenType } from "../../src/json/index.ts";

const brief = (input: string | Uint8Array) => tokenize(input).map((t) => [t.type, t.raw, t.line, t.column, t.offset]);

describe("tokenize", () => {
  test("splits the issue's example into typed tokens ending with EOF", () => {
    expect(brief('{"x": 1}')).toEqual([
      ["LEFT_BRACE", "{", 1, 1, 0],
      ["STRING", '"x"', 1, 2, 1],
      ["COLON", ":", 1, 5, 4],
      ["NUMBER", "1", 1, 7, 6],
      ["RIGHT_BRACE", "}", 1, 8, 7],
      ["EOF", "", 1, 9, 8],
    ]);
  });

  test.each([
    ["{", "LEFT_BRACE", "{"],
    ["}", "RIGHT_BRACE", "}"],
    ["[", "LEFT_BRACKET", "["],
    ["]", "RIGHT_BRACKET", "]"],
    [":", "COLON", ":"],
    [",", "COMMA", ","],
    ['"a\\nb"', "STRING", "a\nb"],
    ["-1.5e3", "NUMBER", -1500],
    ["true", "TRUE", true],
    ["false", "FALSE", false],
    ["null", "NULL", null],
  ] as [string, TokenType, unknown][])("reads %p as a %s token with its decoded value", (input, type, value) => {
    const [first, eof] = tokenize(input);
    expect(first!.type).toBe(type);
    expect(first!.value).toEqual(value as never);
    expect(first!.raw).toBe(input);
    expect(eof!.type).toBe("EOF");
  });

  test("knows token syntax only, not grammar", () => {
    expect(tokenize("] [1 2 : ,").map((t) => t.type)).toEqual([
      "RIGHT_BRACKET",
      "LEFT_BRACKET",
      "NUMBER",
      "NUMBER",
      "COLON",
      "COMMA",
      "EOF",
    ]);
  });

  test.each([
    ["LF", '[\n  "a",\n  2]', [[1, 1], [2, 3], [2, 6], [3, 3], [3, 4], [3, 5]]],
    ["CRLF", '[\r\n  "a",\r\n  2]', [[1, 1], [2, 3], [2, 6], [3, 3], [3, 4], [3, 5]]],
    ["CR alone", '[\r"a",\r2]', [[1, 1], [2, 1], [2, 4], [3, 1], [3, 2], [3, 3]]],
    ["two-byte UTF-8", '["é", 1]', [[1, 1], [1, 2], [1, 5], [1, 7], [1, 8], [1, 9]]],
    ["three-byte UTF-8", '["東京", 1]', [[1, 1], [1, 2], [1, 6], [1, 8], [1, 9], [1, 10]]],
    ["surrogate pairs", '["😀😀", 1]', [[1, 1], [1, 2], [1, 6], [1, 8], [1, 9], [1, 10]]],
    ["a tab", '[\t"a", 1]', [[1, 1], [1, 3], [1, 6], [1, 8], [1, 9], [1, 10]]],
  ] as [string, string, [number, number][]][])("counts lines and code-point columns after %s", (_, input, want) => {
    const got = tokenize(input).map((t) => [t.line, t.column]);
    expect(got).toEqual(want);
    expect(tokenize(new TextEncoder().encode(input)).map((t) => [t.line, t.column])).toEqual(want);
  });

  test("reports offsets in UTF-16 code units of the decoded text", () => {
    expect(tokenize('["😀", "é"]').map((t) => t.offset)).toEqual([0, 1, 5, 7, 10, 11]);
  });

  test("keeps big integers exact with { bigint: true }", () => {
    expect(tokenize("12345678901234567890", { bigint: true })[0]!.value).toBe(12345678901234567890n);
    expect(tokenize("12345678901234567890")[0]!.value).toBe(12345678901234567000);
  });

  test.each([
    ["[1, @]", "Parse error at line 1, column 5: unexpected character '@', expected value or punctuation"],
    ["[tru]", "Parse error at line 1, column 2: unexpected token 'tru', expected value or punctuation"],
    ['"abc', `Parse error at line 1, column 5: unexpected end of input, expected '"'`],
    ["[\n 01]", "Parse error at line 2, column 2: leading zeros are not allowed in numbers"],
    ["\ufeff[]", "Parse error at line 1, column 1: byte-order mark is not allowed (RFC 8259 §8.1)"],
  ])("rejects %p with a positioned JsonParseError", (input, headline) => {
    let error: unknown;
    try {
      tokenize(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonParseError);
    expect((error as JsonParseError).headline).toBe(headline);
  });
});

describe("tokens", () => {
  test("yields tokens lazily, before any error further on", () => {
    const it = tokens('[1, 2, "unterminated');
    expect(it.next().value).toMatchObject({ type: "LEFT_BRACKET" });
    expect(it.next().value).toMatchObject({ type: "NUMBER", value: 1 });
    expect(it.next().value).toMatchObject({ type: "COMMA" });
    expect(it.next().value).toMatchObject({ type: "NUMBER", value: 2 });
    expect(it.next().value).toMatchObject({ type: "COMMA" });
    expect(() => it.next()).toThrow(JsonParseError);
  });

  test("does no work for tokens never asked for", () => {
    const huge = "[" + "1,".repeat(1_000_000) + "1]";
    let n = 0;
    for (const t of tokens(huge)) {
      if (++n === 3) {
        expect(t.type).toBe("COMMA");
        break;
      }
    }
    expect(n).toBe(3);
  });
});
