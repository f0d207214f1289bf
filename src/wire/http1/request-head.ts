/**
 * The incremental request-head parser (RFC 9112 §2–§3, §5, §6.3): feed it the
 * bytes received so far and it answers "more", a parsed head and how many
 * bytes it used, or the error to answer with. It keeps its scan position, so
 * a head split across any number of reads is examined once.
 */
import { badRequest, HttpProtocolError } from "./errors.ts";
import { FIELD_VCHAR, HOST_CHAR, TARGET_CHAR, TCHAR } from "./chars.ts";
import { FieldList } from "./fields.ts";
import { requestFraming, type BodyFraming } from "./framing.ts";

/** A parsed request head. */
export interface RequestHead {
  method: string;
  /** The request-target as received. */
  target: string;
  /** The path (still percent-encoded); "*" for `OPTIONS *`. */
  path: string;
  /** The query without "?"; "" when none. */
  rawQuery: string;
  version: "1.0" | "1.1";
  headers: FieldList;
  /** How the body is delimited (RFC 9112 §6.3). */
  framing: BodyFraming;
  /** False when the connection must close after this exchange (RFC 9112 §9.3). */
  keepAlive: boolean;
  /** The client waits for "100 Continue" before sending the body (RFC 9110 §10.1.1). */
  expectContinue: boolean;
}

/** Limits of {@link RequestHeadParser}, each answered with its own status. */
export interface RequestHeadLimits {
  /** Longest request-target (414 above it); default 8192. */
  maxTargetLength?: number;
  /** Largest header section, request-line included (431 above it); default 16384. */
  maxHeaderBytes?: number;
  /** Most field lines (431 above it); default 100. */
  maxHeaderCount?: number;
}

/** The outcome of {@link RequestHeadParser.parse}. */
export type HeadResult =
  | { kind: "more" }
  | { kind: "head"; head: RequestHead; size: number }
  | { kind: "error"; error: HttpProtocolError };

const MORE: HeadResult = { kind: "more" };
const NO_BODY: BodyFraming = Object.freeze({ kind: "none" });
const LF = 10;
const CR = 13;
/** Methods this server implements; any other token is 501 (RFC 9110 §9.1). CONNECT needs a tunnel: 501. */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"]);
/** Leading empty lines tolerated before a request-line (RFC 9112 §2.2). */
const MAX_LEADING = 32;

/**
 * Parses request heads incrementally. Call `parse` with the buffered bytes
 * each time more arrive; after a "head" or "error" it is ready for the next
 * request. Accepts bare LF line endings (RFC 9112 §2.2) but never a bare CR.
 */
export class RequestHeadParser {
  readonly #maxTarget: number;
  readonly #maxHeaderBytes: number;
  readonly #maxHeaderCount: number;
  /** Offsets relative to the `start` of the current head. */
  #scan = 0;
  #leading = 0;
  #lineStart = 0;
  #inHead = false;

  constructor(limits: RequestHeadLimits = {}) {
    this.#maxTarget = limits.maxTargetLength ?? 8192;
    this.#maxHeaderBytes = limits.maxHeaderBytes ?? 16384;
    this.#maxHeaderCount = limits.maxHeaderCount ?? 100;
  }

  /** True when part of a head has been seen (bytes other than leading empty lines). */
  get started(): boolean {
    return this.#inHead || this.#scan > this.#leading;
  }

  /** Forgets a partial head. */
  reset(): void {
    this.#scan = 0;
    this.#leading = 0;
    this.#lineStart = 0;
    this.#inHead = false;
  }

  /** Examines `buf[start, end)`, which must begin where the previous call's bytes began. */
  parse(buf: Uint8Array, start: number, end: number): HeadResult {
    const b = end === buf.length ? buf : buf.subarray(0, end);
    let lineStart = start + this.#lineStart;
    let i = start + this.#scan;
    while (i < end) {
      const lf = b.indexOf(LF, i);
      if (lf < 0) break;
      const lineEnd = lf > lineStart && b[lf - 1] === CR ? lf - 1 : lf;
      if (lineEnd === lineStart) {
        if (!this.#inHead) {
          // RFC 9112 §2.2: ignore at least one empty line before the request-line.
          lineStart = i = lf + 1;
          this.#leading = lineStart - start;
          if (this.#leading > MAX_LEADING) return this.#fail(badRequest("http: too many empty lines before request"));
          continue;
        }
        const from = start + this.#leading;
        const size = lf + 1 - start;
        if (lineStart - from > this.#maxHeaderBytes) return this.#fail(tooLarge());
        this.reset();
        try {
          return { kind: "head", head: this.#build(latin1(b, from, lineStart)), size };
        } catch (e) {
          if (e instanceof HttpProtocolError) return { kind: "error", error: e };
          throw e;
        }
      }
      if (!this.#inHead) {
        this.#inHead = true;
        if (lineEnd - lineStart > this.#maxTarget + 32) return this.#fail(uriTooLong());
      }
      lineStart = i = lf + 1;
    }
    const used = end - (start + this.#leading);
    if (!this.#inHead && used > this.#maxTarget + 32) return this.#fail(uriTooLong());
    if (used > this.#maxHeaderBytes + 2) return this.#fail(this.#inHead ? tooLarge() : uriTooLong());
    this.#scan = end - start;
    this.#lineStart = lineStart - start;
    return MORE;
  }

  #fail(error: HttpProtocolError): HeadResult {
    this.reset();
    return { kind: "error", error };
  }

  /** Parses a complete head: lines separated by LF or CRLF, the final empty line excluded. */
  #build(s: string): RequestHead {
    // Lines are handled as [from, end) offsets into `s`, the line break (LF or CRLF) excluded.
    const len = s.length;
    let nl = s.indexOf("\n");
    const le = lineEnd(s, 0, nl < 0 ? len : nl);
    // RFC 9112 §3: request-line = method SP request-target SP HTTP-version, single spaces.
    let sp1 = s.indexOf(" ");
    if (sp1 >= le) sp1 = -1;
    let sp2 = sp1 < 0 ? -1 : s.indexOf(" ", sp1 + 1);
    if (sp2 >= le) sp2 = -1;
    if (sp1 <= 0 || sp2 < 0) throw badRequest("http: malformed request line");
    const method = sp1 === 3 && s.startsWith("GET") ? "GET" : s.slice(0, sp1);
    const target = s.slice(sp1 + 1, sp2);
    if (target.length > this.#maxTarget) throw uriTooLong();
    for (let k = 0; k < method.length; k++) if (TCHAR[method.charCodeAt(k)] !== 1) throw badRequest("http: invalid method");
    if (target.length === 0) throw badRequest("http: empty request target");
    for (let k = 0; k < target.length; k++) if (TARGET_CHAR[target.charCodeAt(k)] !== 1) throw badRequest("http: invalid request target");
    const version = le - sp2 === 9 && s.startsWith("HTTP/1.1", sp2 + 1) ? "1.1" : parseVersion(s.slice(sp2 + 1, le));
    if (!METHODS.has(method)) throw new HttpProtocolError("ERR_HTTP_NOT_IMPLEMENTED", `http: method "${method}" not implemented`);

    // Field lines are kept as offsets; FieldList cuts strings only for the fields asked for.
    const offs: number[] = [];
    let count = 0;
    let hosts = 0;
    let hostFrom = 0;
    let hostTo = 0;
    let hasConnection = false;
    let hasExpect = false;
    let hasFramingField = false;
    while (nl >= 0) {
      const from = nl + 1;
      if (from >= len) break;
      nl = s.indexOf("\n", from);
      const fe = lineEnd(s, from, nl < 0 ? len : nl);
      if (++count > this.#maxHeaderCount) throw tooLarge();
      const c0 = s.charCodeAt(from);
      // RFC 9112 §5.2: obsolete line folding is rejected with 400.
      if (c0 === 0x20 || c0 === 0x09) throw badRequest("http: obsolete line folding");
      const colon = s.indexOf(":", from);
      if (colon <= from || colon >= fe) throw badRequest("http: malformed header line");
      // RFC 9112 §5.1: no whitespace between field name and colon; the name is a token.
      for (let k = from; k < colon; k++) if (TCHAR[s.charCodeAt(k)] !== 1) throw badRequest("http: invalid header name");
      let vs = colon + 1;
      let ve = fe;
      while (vs < ve && isOWS(s.charCodeAt(vs))) vs++;
      while (ve > vs && isOWS(s.charCodeAt(ve - 1))) ve--;
      for (let k = vs; k < ve; k++) if (FIELD_VCHAR[s.charCodeAt(k)] !== 1) throw badRequest("http: invalid header value");
      offs.push(from, colon, vs, ve);
      switch (colon - from) {
        case 4:
          if (nameIs(s, from, "host")) {
            hosts++;
            hostFrom = vs;
            hostTo = ve;
          }
          break;
        case 10:
          if (nameIs(s, from, "connection")) hasConnection = true;
          break;
        case 6:
          if (nameIs(s, from, "expect")) hasExpect = true;
          break;
        case 14:
          if (nameIs(s, from, "content-length")) hasFramingField = true;
          break;
        case 17:
          if (nameIs(s, from, "transfer-encoding")) hasFramingField = true;
          break;
      }
    }
    // RFC 9112 §3.2: a 1.1 request has exactly one Host; more than one is always an error.
    if (hosts > 1 || (hosts === 0 && version === "1.1")) throw badRequest(hosts > 1 ? "http: multiple Host headers" : "http: missing Host header");
    for (let k = hostFrom; k < hostTo; k++) if (HOST_CHAR[s.charCodeAt(k)] !== 1) throw badRequest("http: invalid Host header");
    const headers = FieldList.lazy(s, offs);

    let path = target;
    let rawQuery = "";
    if (target.charCodeAt(0) !== 0x2f || target.includes("?")) ({ path, rawQuery } = splitTarget(method, target));
    const framing: BodyFraming = hasFramingField ? requestFraming(headers, version) : NO_BODY;
    let keepAlive = version === "1.1";
    if (hasConnection) {
      const tokens = headers.get("connection")!.toLowerCase();
      if (hasToken(tokens, "close")) keepAlive = false;
      else if (version === "1.0" && hasToken(tokens, "keep-alive")) keepAlive = true;
    }
    let expectContinue = false;
    if (hasExpect) {
      const expect = headers.get("expect")!.trim().toLowerCase();
      if (expect !== "100-continue") throw new HttpProtocolError("ERR_HTTP_EXPECTATION", `http: unsupported expectation "${expect}"`);
      // RFC 9110 §10.1.1: a 1.0 request's 100-continue expectation is ignored.
      expectContinue = version === "1.1" && framing.kind !== "none";
    }
    return { method, target, path, rawQuery, version, headers, framing, keepAlive, expectContinue };
  }
}

function parseVersion(proto: string): "1.0" | "1.1" {
  if (proto === "HTTP/1.1") return "1.1";
  if (proto === "HTTP/1.0") return "1.0";
  const c = (i: number) => proto.charCodeAt(i);
  const digit = (i: number) => c(i) >= 0x30 && c(i) <= 0x39;
  if (proto.length === 8 && proto.startsWith("HTTP/") && digit(5) && c(6) === 0x2e && digit(7)) {
    // RFC 9110 §2.5: a higher minor version of 1.x is answered as 1.1.
    if (c(5) === 0x31) return "1.1";
    throw new HttpProtocolError("ERR_HTTP_VERSION", `http: unsupported version "${proto}"`);
  }
  throw badRequest("http: malformed HTTP version");
}

/** Origin-form, absolute-form (RFC 9112 §3.2.2) and asterisk-form for OPTIONS. */
function splitTarget(method: string, target: string): { path: string; rawQuery: string } {
  let pathStart = 0;
  if (target.charCodeAt(0) !== 0x2f) {
    if (target === "*" && method === "OPTIONS") return { path: "*", rawQuery: "" };
    const lower = target.slice(0, 8).toLowerCase();
    const skip = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
    if (skip < 0) throw badRequest("http: invalid request target");
    const slash = target.indexOf("/", skip);
    const q = target.indexOf("?", skip);
    if (slash < 0 || (q >= 0 && q < slash)) {
      return { path: "/", rawQuery: q < 0 ? "" : target.slice(q + 1) };
    }
    pathStart = slash;
  }
  const q = target.indexOf("?", pathStart);
  if (q < 0) return { path: pathStart === 0 ? target : target.slice(pathStart), rawQuery: "" };
  return { path: target.slice(pathStart, q), rawQuery: target.slice(q + 1) };
}

function hasToken(list: string, token: string): boolean {
  if (list === token) return true;
  for (const part of list.split(",")) if (part.trim() === token) return true;
  return false;
}

/** True when the `key.length` characters of `s` at `from`, in ASCII lower case, are `key`. */
function nameIs(s: string, from: number, key: string): boolean {
  for (let k = 0; k < key.length; k++) {
    let c = s.charCodeAt(from + k);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== key.charCodeAt(k)) return false;
  }
  return true;
}

function isOWS(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** The end of the line `s[from, lf)` without its CR, if any. */
function lineEnd(s: string, from: number, lf: number): number {
  return lf > from && s.charCodeAt(lf - 1) === 0x0d ? lf - 1 : lf;
}

function latin1(b: Uint8Array, from: number, to: number): string {
  return (Buffer.prototype.latin1Slice as (this: Uint8Array, s: number, e: number) => string).call(b, from, to);
}

function uriTooLong(): HttpProtocolError {
  return new HttpProtocolError("ERR_HTTP_URI_TOO_LONG", "http: request target too long");
}

function tooLarge(): HttpProtocolError {
  return new HttpProtocolError("ERR_HTTP_HEADERS_TOO_LARGE", "http: header section too large");
}
