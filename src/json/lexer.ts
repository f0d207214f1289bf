/**
 * The lexer: JSON text → tokens with positions, eagerly (`tokenize`) or
 * lazily (`tokens`). It knows token syntax only; grammar (what may follow
 * what) is the parser's business, so `[1 2]` lexes fine.
 */
import { parseErrorAt } from "./errors.ts";
import { PositionTracker } from "./position.ts";
import { cursor, readNumber, readString } from "./scan-text.ts";
import type { JsonScalar } from "./types.ts";
import { checkText, decodeUtf8 } from "./utf8.ts";

/** The kinds of token. */
export type TokenType =
  | "LEFT_BRACE"
  | "RIGHT_BRACE"
  | "LEFT_BRACKET"
  | "RIGHT_BRACKET"
  | "COLON"
  | "COMMA"
  | "STRING"
  | "NUMBER"
  | "TRUE"
  | "FALSE"
  | "NULL"
  | "EOF";

/** A token: its decoded value, its source text and where it starts. */
export interface Token {
  type: TokenType;
  /** Strings decoded, numbers as numbers (bigint past 2^53 with `{ bigint: true }`), punctuation as its character; null for NULL and EOF. */
  value: JsonScalar;
  /** The token's source text (`"a\n"` for a string, empty for EOF). */
  raw: string;
  /** Offset in the decoded text (UTF-16 code units). */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in code points. */
  column: number;
}

/** Options for the lexer. */
export interface TokenizeOptions {
  /** Integers beyond ±(2^53 − 1) as exact `bigint`s. */
  bigint?: boolean;
}

const PUNCT: Record<number, TokenType> = {
  123: "LEFT_BRACE",
  125: "RIGHT_BRACE",
  91: "LEFT_BRACKET",
  93: "RIGHT_BRACKET",
  58: "COLON",
  44: "COMMA",
};

const LITERALS: [string, TokenType, JsonScalar][] = [
  ["true", "TRUE", true],
  ["false", "FALSE", false],
  ["null", "NULL", null],
];

/**
 * Lazily yields the tokens of `input`, ending with EOF; throws `JsonParseError` at the first bad token.
 * @example for (const t of tokens('{"x": 1}')) console.log(t.type, t.raw)
 */
export function* tokens(input: string | Uint8Array, options: TokenizeOptions = {}): Generator<Token, void, undefined> {
  const text = typeof input === "string" ? checkText(input) : decodeUtf8(input);
  const bigint = options.bigint === true;
  const pos = new PositionTracker();
  const n = text.length;
  let scanned = 0;
  let i = 0;
  for (;;) {
    let c = text.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
    pos.scan(text, scanned, i);
    scanned = i;
    const { line, column } = pos;
    if (i >= n) {
      yield { type: "EOF", value: null, raw: "", offset: i, line, column };
      return;
    }
    const start = i;
    const punct = PUNCT[c];
    let type: TokenType;
    let value: JsonScalar;
    if (punct !== undefined) {
      type = punct;
      value = text[i++]!;
    } else if (c === 34) {
      type = "STRING";
      value = readString(text, i + 1);
      i = cursor.end;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      type = "NUMBER";
      value = readNumber(text, i, bigint);
      i = cursor.end;
    } else {
      const literal = c === 116 ? LITERALS[0]! : c === 102 ? LITERALS[1]! : c === 110 ? LITERALS[2]! : undefined;
      if (literal === undefined || !text.startsWith(literal[0], i)) throw parseErrorAt(text, i, "value or punctuation");
      type = literal[1];
      value = literal[2];
      i += literal[0].length;
    }
    yield { type, value, raw: text.slice(start, i), offset: start, line, column };
  }
}

/**
 * Splits `input` into tokens, ending with EOF; throws `JsonParseError` at the first bad token.
 * @example tokenize("[1]").map((t) => t.type) // → ["LEFT_BRACKET", "NUMBER", "RIGHT_BRACKET", "EOF"]
 */
export function tokenize(input: string | Uint8Array, options: TokenizeOptions = {}): Token[] {
  return [...tokens(input, options)];
}
