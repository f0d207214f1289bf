import { describe, expect, test } from "bun:test";
import { formatPointer, getPointer, JsonPointerError, parse, parsePointer, type JsonValue } from "../../src/json/index.ts";

// The example document of RFC 6901 §5.
const rfc = parse(`{
  "foo": ["bar", "baz"],
  "": 0,
  "a/b": 1,
  "c%d": 2,
  "e^f": 3,
  "g|h": 4,
  "i\\\\j": 5,
  "k\\"l": 6,
  " ": 7,
  "m~n": 8
}`);

describe("getPointer", () => {
  test.each([
    ["", rfc],
    ["/foo", ["bar", "baz"]],
    ["/foo/0", "bar"],
    ["/", 0],
    ["/a~1b", 1],
    ["/c%d", 2],
    ["/e^f", 3],
    ["/g|h", 4],
    ["/i\\j", 5],
    ['/k"l', 6],
    ["/ ", 7],
    ["/m~0n", 8],
  ] as [string, JsonValue][])("resolves the RFC 6901 example %p", (pointer, want) => {
    expect(getPointer(rfc, pointer)).toEqual({ found: true, value: want });
  });

  test.each([
    ["/nope", "", 'no key "nope"'],
    ["/foo/2", "/foo", "index 2 is out of range (length 2)"],
    ["/foo/-", "/foo", '"-" names the element after the last one (length 2)'],
    ["/foo/01", "/foo", 'array index "01" is not a non-negative integer without leading zeros'],
    ["/foo/0/x", "/foo/0", "string has no children"],
    ["/toString", "", 'no key "toString"'],
  ])("reports %p as not found at %p: %s", (pointer, at, reason) => {
    expect(getPointer(rfc, pointer)).toEqual({ found: false, at, reason });
  });
});

describe("parsePointer and formatPointer", () => {
  test.each([
    ["", []],
    ["/", [""]],
    ["/a~1b/~0/0", ["a/b", "~", "0"]],
    ["/~01", ["~1"]],
  ] as [string, string[]][])("%p has the tokens %p and formats back", (pointer, tokens) => {
    expect(parsePointer(pointer)).toEqual(tokens);
    expect(formatPointer(tokens)).toBe(pointer);
  });

  test.each(["a", "/a~2", "/~"])("rejects the malformed pointer %p", (pointer) => {
    expect(() => parsePointer(pointer)).toThrow(JsonPointerError);
  });
});
