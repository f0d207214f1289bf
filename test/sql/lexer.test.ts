import { describe, expect, test } from "bun:test";
import { isComplete } from "../../src/sql/index.ts";
import { tokenize } from "../../src/sql/lexer.ts";

describe("isComplete tells whether text ends with a whole statement, like sqlite3_complete", () => {
  const cases: [string, boolean][] = [
    ["SELECT 1;", true],
    ["SELECT 1", false],
    ["SELECT 1;  \n", true],
    ["SELECT ';'", false],
    ["SELECT ';';", true],
    ['SELECT "a;b"', false],
    ["SELECT 1; -- trailing comment", true],
    ["SELECT 1 -- ;", false],
    ["SELECT /* ; */ 1", false],
    ["SELECT 1 /* unterminated ;", false],
    ["SELECT 'it''s';", true],
    ["", false],
  ];
  for (const [text, want] of cases) test(`${JSON.stringify(text)} → ${want}`, () => expect(isComplete(text)).toBe(want));
});

describe("the tokenizer", () => {
  test("keeps positions, quoted identifiers and doubled quotes", () => {
    const toks = tokenize("SELECT \"a b\", [c], `d`, 'it''s'\n  FROM t");
    expect(toks.map((t) => [t.kind, t.text])).toEqual([
      ["id", "SELECT"], ["qid", "a b"], ["op", ","], ["qid", "c"], ["op", ","], ["qid", "d"], ["op", ","], ["str", "it's"], ["id", "FROM"], ["id", "t"], ["eof", ""],
    ]);
    expect(toks[8]).toMatchObject({ line: 2, col: 3 });
  });
  test("reads integers, reals, exponents and hex", () => {
    expect(tokenize("1 2.5 .5 1e3 0x1F").slice(0, 5).map((t) => [t.kind, t.text])).toEqual([["int", "1"], ["real", "2.5"], ["real", ".5"], ["real", "1e3"], ["int", "0x1F"]]);
  });
  test("rejects an unterminated string with SQLite's message", () => {
    expect(() => tokenize("SELECT 'abc")).toThrow(`unrecognized token: "'abc"`);
  });
});
