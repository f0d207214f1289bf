/**
 * @module
 * A sans-I/O HTTP/1.1 codec (RFC 9112): an incremental request-head parser
 * that copes with any split of bytes across reads, strict body framing (no
 * request smuggling), the chunked decoder and encoder, and a response head
 * serializer into a reused buffer. Bytes in, messages out; no sockets.
 *
 * @example
 * import { RequestHeadParser } from "../wire/http1/index.ts";
 * const parser = new RequestHeadParser({ maxHeaderBytes: 16384 });
 * const r = parser.parse(bytes, 0, bytes.length);
 * if (r.kind === "head") console.log(r.head.method, r.head.path, r.size);
 */
export { RequestHeadParser, type HeadResult, type RequestHead, type RequestHeadLimits } from "./request-head.ts";
export { requestFraming, type BodyFraming } from "./framing.ts";
export { ChunkedDecoder, type ChunkedLimits, type ChunkedResult } from "./chunked-decoder.ts";
export { encodeChunk, LAST_CHUNK } from "./chunked-encoder.ts";
export { ResponseHeadWriter, STATUS_TEXT, statusLine } from "./response-head.ts";
export { FieldList } from "./fields.ts";
export { HttpProtocolError, type HttpProtocolErrorCode } from "./errors.ts";
export { isFieldValue, isToken } from "./chars.ts";
