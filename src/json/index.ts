/**
 * @module
 * A JSON parser written from scratch (RFC 8259, strict): `parse` for values,
 * `tokenize`/`tokens` for the lexer, `JsonStreamParser`/`parseStream` for
 * documents larger than memory, `stringify` to write values back, and JSON
 * Pointer (RFC 6901) lookup.
 *
 * Positions: `offset` is an index into the decoded text (UTF-16 code units);
 * `line` and `column` are 1-based, and columns count Unicode code points, as
 * editors do. Numbers whose magnitude exceeds the largest double (`1e400`) are
 * rejected with `ERR_JSON_NUMBER_RANGE` instead of becoming Infinity; tiny
 * ones round to ±0, and `-0` stays `-0`. A `\uD800` escape without its pair
 * is accepted as the grammar allows and kept as a lone UTF-16 unit; raw input
 * must be valid UTF-8 (or, for strings, well-formed UTF-16), without a BOM.
 *
 * @example
 * import { parse, stringify } from "../src/json/index.ts";
 * const v = parse('{"name": "Go", "year": 2009}');
 * stringify(v, { indent: 2 });
 */
export { parse } from "./parse.ts";
export { tokenize, tokens, type Token, type TokenType, type TokenizeOptions } from "./lexer.ts";
export { JsonStreamParser, type JsonVisitor, type StreamOptions } from "./stream.ts";
export { parseStream, type ChunkSource } from "./parse-stream.ts";
export { quoteJson, stringify, type StringifyOptions } from "./stringify.ts";
export { typedTree, typeName, type TreeStyle } from "./tree.ts";
export { statsVisitor, type JsonStats } from "./stats.ts";
export { formatPointer, getPointer, JsonPointerError, parsePointer, type PointerResult } from "./pointer.ts";
export { JsonParseError, JsonStringifyError, type JsonParseErrorCode } from "./errors.ts";
export { DEFAULT_MAX_DEPTH, type JsonArray, type JsonObject, type JsonScalar, type JsonValue, type ParseOptions } from "./types.ts";
export type { Position } from "./position.ts";
