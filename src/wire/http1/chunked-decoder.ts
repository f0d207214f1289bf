/**
 * The incremental chunked transfer-coding decoder (RFC 9112 §7.1): bytes in,
 * chunk data out, any split of the input accepted. Strict CRLF framing, so it
 * cannot disagree with another parser about where the body ends.
 */
import { badRequest, HttpProtocolError } from "./errors.ts";
import { FIELD_VCHAR, TCHAR } from "./chars.ts";
import { FieldList } from "./fields.ts";

/** Limits of {@link ChunkedDecoder}. */
export interface ChunkedLimits {
  /** Longest chunk-ext per chunk; default 4096. */
  maxExtensionBytes?: number;
  /** Largest trailer section, line breaks included (431 above it); default 8192. */
  maxTrailerBytes?: number;
  /** Most trailer field lines (431 above it); default 100. */
  maxTrailerCount?: number;
}

/** The outcome of {@link ChunkedDecoder.decode}: bytes used and whether the last chunk and trailers are done. */
export type ChunkedResult = { ok: true; consumed: number; done: boolean } | { ok: false; error: HttpProtocolError };

const enum S {
  Size,
  SizeWS,
  Ext,
  SizeLF,
  Data,
  DataCR,
  DataLF,
  TrailerLine,
  TrailerLF,
  Done,
}

const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) HEX[0x41 + c] = HEX[0x61 + c] = 10 + c;
/** 2^52: a chunk size is at most 13 hex digits' worth, so the arithmetic stays exact. */
const MAX_CHUNK = 2 ** 52;

/**
 * Decodes a chunked body. `decode` passes each piece of chunk data to `sink`
 * as a view of the input (copy it to keep it) and reports how many bytes it
 * used; trailer fields collect in `trailers`.
 */
export class ChunkedDecoder {
  /** Trailer fields received after the last chunk (RFC 9112 §7.1.2). */
  readonly trailers = new FieldList();
  readonly #maxExt: number;
  readonly #maxTrailer: number;
  readonly #maxTrailerCount: number;
  #state = S.Size;
  #size = 0;
  #digits = 0;
  #remaining = 0;
  #ext = 0;
  #trailerBytes = 0;
  #line: number[] = [];

  constructor(limits: ChunkedLimits = {}) {
    this.#maxExt = limits.maxExtensionBytes ?? 4096;
    this.#maxTrailer = limits.maxTrailerBytes ?? 8192;
    this.#maxTrailerCount = limits.maxTrailerCount ?? 100;
  }

  /** True once the last chunk and the trailer section have been read. */
  get done(): boolean {
    return this.#state === S.Done;
  }

  /** Consumes bytes of `buf[start, end)`; stops right after the body ends. */
  decode(buf: Uint8Array, start: number, end: number, sink: (data: Uint8Array) => void): ChunkedResult {
    let i = start;
    while (i < end) {
      const c = buf[i]!;
      switch (this.#state) {
        case S.Size: {
          const h = HEX[c]!;
          if (h >= 0) {
            this.#size = this.#size * 16 + h;
            if (++this.#digits > 13 || this.#size > MAX_CHUNK) return fail("http: chunk size too large");
            i++;
            break;
          }
          if (this.#digits === 0) return fail("http: invalid chunk size");
          this.#state = S.SizeWS;
          break;
        }
        case S.SizeWS:
          // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )
          if (c === 0x20 || c === 0x09) i++;
          else if (c === 0x3b) this.#state = S.Ext;
          else if (c === 0x0d) {
            this.#state = S.SizeLF;
            i++;
          } else return fail("http: invalid chunk size line");
          break;
        case S.Ext:
          if (c === 0x0d) {
            this.#state = S.SizeLF;
            i++;
            break;
          }
          if (FIELD_VCHAR[c] !== 1) return fail("http: invalid chunk extension");
          if (++this.#ext > this.#maxExt) return fail("http: chunk extension too long");
          i++;
          break;
        case S.SizeLF:
          if (c !== 0x0a) return fail("http: bare CR in chunk size line");
          i++;
          this.#ext = 0;
          this.#digits = 0;
          if (this.#size === 0) {
            this.#state = S.TrailerLine;
          } else {
            this.#remaining = this.#size;
            this.#size = 0;
            this.#state = S.Data;
          }
          break;
        case S.Data: {
          const n = Math.min(this.#remaining, end - i);
          sink(buf.subarray(i, i + n));
          i += n;
          this.#remaining -= n;
          if (this.#remaining === 0) this.#state = S.DataCR;
          break;
        }
        case S.DataCR:
          if (c !== 0x0d) return fail("http: missing CRLF after chunk data");
          this.#state = S.DataLF;
          i++;
          break;
        case S.DataLF:
          if (c !== 0x0a) return fail("http: missing CRLF after chunk data");
          this.#state = S.Size;
          i++;
          break;
        case S.TrailerLine:
          i++;
          // Field lines count whole, line breaks included, as in the head's limit (the server gives the head's leftover).
          if (this.#line.length > 0 || c !== 0x0d) {
            if (++this.#trailerBytes > this.#maxTrailer) return tooLarge("http: trailer section too large");
          }
          if (c === 0x0d) {
            this.#state = S.TrailerLF;
            break;
          }
          this.#line.push(c);
          break;
        case S.TrailerLF: {
          if (c !== 0x0a) return fail("http: bare CR in trailer section");
          i++;
          if (this.#line.length === 0) {
            this.#state = S.Done;
            return { ok: true, consumed: i - start, done: true };
          }
          if (++this.#trailerBytes > this.#maxTrailer) return tooLarge("http: trailer section too large");
          if (this.trailers.size >= this.#maxTrailerCount) return tooLarge("http: too many trailer fields");
          const err = this.#trailerField();
          if (err) return { ok: false, error: err };
          this.#state = S.TrailerLine;
          break;
        }
        case S.Done:
          return { ok: true, consumed: i - start, done: true };
      }
    }
    return { ok: true, consumed: i - start, done: this.#state === S.Done };
  }

  #trailerField(): HttpProtocolError | undefined {
    const line = this.#line;
    this.#line = [];
    const colon = line.indexOf(0x3a);
    if (colon <= 0) return badRequest("http: malformed trailer field");
    for (let k = 0; k < colon; k++) if (TCHAR[line[k]!] !== 1) return badRequest("http: invalid trailer field name");
    let vs = colon + 1;
    let ve = line.length;
    while (vs < ve && (line[vs] === 0x20 || line[vs] === 0x09)) vs++;
    while (ve > vs && (line[ve - 1] === 0x20 || line[ve - 1] === 0x09)) ve--;
    for (let k = vs; k < ve; k++) if (FIELD_VCHAR[line[k]!] !== 1) return badRequest("http: invalid trailer field value");
    const name = String.fromCharCode(...line.slice(0, colon));
    this.trailers.add(name, String.fromCharCode(...line.slice(vs, ve)));
    return undefined;
  }
}

function tooLarge(message: string): ChunkedResult {
  return { ok: false, error: new HttpProtocolError("ERR_HTTP_HEADERS_TOO_LARGE", message) };
}

function fail(message: string): ChunkedResult {
  return { ok: false, error: badRequest(message) };
}
