import { describe, expect, test } from "bun:test";
import { displayWidth, padEnd, padStart, truncate } from "../../src/term/width.ts";

describe("displayWidth", () => {
  const cases: [string, string, number][] = [
    ["plain ASCII counts one column per character", "hello", 5],
    ["the empty string is zero wide", "", 0],
    ["ANSI colour escapes count zero", "\x1b[31mred\x1b[0m", 3],
    ["OSC 8 hyperlinks count only their text", "\x1b]8;;https://go.dev\x07go\x1b]8;;\x07", 2],
    ["CJK ideographs count two", "日本語", 6],
    ["Hangul syllables count two", "한국", 4],
    ["fullwidth forms count two", "ＡＢ", 4],
    ["combining marks count zero", "e\u0301", 1],
    ["emoji count two", "👍", 2],
    ["emoji with a skin tone modifier count two", "👍🏽", 2],
    ["ZWJ emoji sequences count two", "👨‍👩‍👧", 2],
    ["flags count two", "🇯🇵", 2],
    ["a text symbol with VS16 counts two", "❤️", 2],
    ["box-drawing characters count one", "─│┌", 3],
    ["control characters count zero", "a\tb", 2],
  ];
  for (const [name, input, want] of cases) test(name, () => expect(displayWidth(input)).toBe(want));
});

describe("truncate", () => {
  const cases: [string, string, number, string][] = [
    ["leaves a string that fits unchanged", "hello", 5, "hello"],
    ["cuts a long string and ends it with an ellipsis", "Learning Go", 8, "Learnin…"],
    ["returns just the ellipsis at width one", "hello", 1, "…"],
    ["returns nothing at width zero", "hello", 0, ""],
    ["never splits a wide character", "日本語", 4, "日…"],
    ["keeps combining marks with their base", "e\u0301e\u0301e\u0301", 2, "e\u0301…"],
    ["keeps colour and closes it when cut", "\x1b[31mhello world\x1b[0m", 5, "\x1b[31mhell…\x1b[0m"],
  ];
  for (const [name, input, width, want] of cases) test(name, () => expect(truncate(input, width)).toBe(want));

  test("never returns a string wider than asked", () => {
    for (const s of ["日本語テキスト", "👍🏽👍🏽👍🏽", "abc\u0301def", "\x1b[1mbold\x1b[22m text"]) {
      for (let w = 0; w <= displayWidth(s); w++) expect(displayWidth(truncate(s, w))).toBeLessThanOrEqual(w);
    }
  });
});

describe("padding", () => {
  test("padEnd pads by display width, not string length", () => {
    expect(padEnd("日本", 6)).toBe("日本  ");
    expect(padEnd("\x1b[32mok\x1b[39m", 4)).toBe("\x1b[32mok\x1b[39m  ");
  });

  test("padStart pads on the left by display width", () => {
    expect(padStart("👍", 4)).toBe("  👍");
  });

  test("padding never shortens a string that is already wider", () => {
    expect(padEnd("abcdef", 3)).toBe("abcdef");
    expect(padStart("abcdef", 3)).toBe("abcdef");
  });
});
