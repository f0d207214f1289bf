/** How a request body is delimited: RFC 9112 §6.3, strictly, so no two parsers can disagree (no smuggling). */
import { badRequest, HttpProtocolError } from "./errors.ts";
import type { FieldList } from "./fields.ts";

/** No body, a Content-Length body, or a chunked body. */
export type BodyFraming = { kind: "none" } | { kind: "length"; length: number } | { kind: "chunked" };

/** Content-Length values longer than this are rejected outright (beyond 2^53). */
const MAX_LENGTH_DIGITS = 15;

/**
 * The framing of a request with Content-Length and/or Transfer-Encoding lines.
 * Throws (400) on both at once, on a Transfer-Encoding in HTTP/1.0, on
 * conflicting or malformed lengths, on chunked not being the final coding;
 * 501 on codings other than chunked.
 */
export function requestFraming(headers: FieldList, version: "1.0" | "1.1"): BodyFraming {
  const te = headers.getAll("transfer-encoding");
  const cl = headers.getAll("content-length");
  if (te.length > 0) {
    // RFC 9112 §6.1: Transfer-Encoding in a 1.0 message means faulty framing.
    if (version === "1.0") throw badRequest("http: Transfer-Encoding in an HTTP/1.0 request");
    // RFC 9112 §6.3 item 3: both present may be an attempt at request smuggling.
    if (cl.length > 0) throw badRequest("http: both Transfer-Encoding and Content-Length");
    const codings = te.join(",").split(",").map((s) => s.trim().toLowerCase()).filter((s) => s !== "");
    const chunked = codings.filter((c) => c === "chunked").length;
    if (codings[codings.length - 1] !== "chunked" || chunked !== 1) {
      if (chunked === 0 && codings.length > 0) {
        throw new HttpProtocolError("ERR_HTTP_NOT_IMPLEMENTED", `http: unsupported transfer coding "${codings.join(", ")}"`);
      }
      throw badRequest("http: invalid Transfer-Encoding");
    }
    if (codings.length > 1) throw new HttpProtocolError("ERR_HTTP_NOT_IMPLEMENTED", `http: unsupported transfer coding "${codings.join(", ")}"`);
    return { kind: "chunked" };
  }
  // RFC 9110 §8.6: a list of identical values may be taken as one; anything else is invalid.
  let length = -1;
  for (const line of cl) {
    for (const part of line.split(",")) {
      const v = part.trim();
      if (v.length === 0 || v.length > MAX_LENGTH_DIGITS) throw badRequest("http: invalid Content-Length");
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c < 0x30 || c > 0x39) throw badRequest("http: invalid Content-Length");
      }
      const n = Number(v);
      if (length >= 0 && n !== length) throw badRequest("http: conflicting Content-Length values");
      length = n;
    }
  }
  return length > 0 ? { kind: "length", length } : { kind: "none" };
}
