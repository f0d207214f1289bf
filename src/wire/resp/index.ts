/**
 * @module
 * RESP, the Redis serialization protocol, sans I/O: an incremental request
 * decoder (multibulk and inline, any split, pipelining, Redis's limits and
 * error texts) and a reply encoder for RESP2 and RESP3.
 *
 * @example
 * import { ReplyWriter, RequestDecoder } from "../wire/resp/index.ts";
 * const dec = new RequestDecoder();
 * dec.push(new TextEncoder().encode("*1\r\n$4\r\nPING\r\n"));
 * const r = dec.next(); // { kind: "command", argv: [bytes "PING"] }
 * const out = new ReplyWriter();
 * out.simple("PONG"); // out.take() → "+PONG\r\n"
 */

export { type DecodeResult, type DecoderOptions, FRAME_COMMAND, FRAME_ERROR, FRAME_INLINE, FRAME_MORE, parseInt64, RequestDecoder } from "./decoder.ts";
export { type Latin1, ReplyWriter } from "./encoder.ts";
export { splitInlineArgs } from "./inline.ts";
