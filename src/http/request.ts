/** The server's HttpRequest: the parsed head plus a body read straight from the connection's buffer. */
import type { HeaderReader, HttpRequest } from "../router/index.ts";
import { ChunkedDecoder, FieldList, HttpProtocolError, type RequestHead } from "../wire/http1/index.ts";
import type { Connection } from "./connection.ts";

const CONTINUE = new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n");
const NO_BODY = new Uint8Array(0);
/** The trailers of a request that has none (yet): never added to. */
const NO_TRAILERS: HeaderReader = new FieldList();

/** A request on a {@link Connection}; its body can be read once. */
export class ServerRequest implements HttpRequest {
  readonly method: string;
  readonly target: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly version: "1.0" | "1.1";
  readonly headers: HeaderReader;
  readonly head: RequestHead;
  readonly #conn: Connection;
  /** Bytes of the request head, which the trailer section shares the header limit with. */
  readonly #headBytes: number;
  /** Body bytes still to come (length framing). */
  #remaining: number;
  #decoder: ChunkedDecoder | null = null;
  #started = false;
  #complete: boolean;
  /** True once the interim 100 (Continue) went out, or cannot any more. */
  continued = false;
  /** Set by the response once its head is sent, so no 100 follows a final status. */
  finalSent = false;

  constructor(conn: Connection, head: RequestHead, headBytes = 0) {
    this.#conn = conn;
    this.head = head;
    this.#headBytes = headBytes;
    this.method = head.method;
    this.target = head.target;
    this.path = head.path;
    this.rawQuery = head.rawQuery;
    this.version = head.version;
    this.headers = head.headers;
    this.#remaining = head.framing.kind === "length" ? head.framing.length : 0;
    this.#complete = head.framing.kind === "none";
  }

  get remoteAddress(): string {
    return this.#conn.socket.remoteAddress;
  }

  get remotePort(): number {
    return this.#conn.socket.remotePort;
  }

  get signal(): AbortSignal {
    return (this.#conn.abort ??= new AbortController()).signal;
  }

  /** True when the whole body has been read. */
  get bodyComplete(): boolean {
    return this.#complete;
  }

  /**
   * Trailer fields of a chunked body (RFC 9112 §7.1.2), kept apart from the
   * header fields (RFC 9110 §6.5.1: never merged into them); empty until the
   * whole body has been read, and for bodies that are not chunked.
   */
  get trailers(): HeaderReader {
    const d = this.#decoder;
    return d !== null && d.done ? d.trailers : NO_TRAILERS;
  }

  /** True when reading of the body began. */
  get bodyStarted(): boolean {
    return this.#started;
  }

  async body(): Promise<Uint8Array> {
    if (this.head.framing.kind === "length" && !this.#started) {
      const out = new Uint8Array(this.head.framing.length);
      let at = 0;
      for await (const chunk of this.#read(false)) {
        out.set(chunk, at);
        at += chunk.length;
      }
      return out;
    }
    const parts: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of this.#read(true)) {
      parts.push(chunk);
      total += chunk.length;
    }
    if (parts.length === 1) return parts[0]!;
    if (parts.length === 0) return NO_BODY;
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  bodyStream(): AsyncIterable<Uint8Array> {
    return this.#read(true);
  }

  /** Reads and drops the rest of the body so the next request can be parsed; false when it cannot (then the connection closes). */
  async discard(limit: number): Promise<boolean> {
    if (this.#complete) return true;
    // RFC 9110 §10.1.1: without our 100 (Continue) the client may never send the body.
    if (this.head.expectContinue && !this.continued) return false;
    if (this.head.framing.kind === "length" && this.#remaining > limit) return false;
    try {
      for await (const _ of this.#read(false, true)) {
        // dropped
      }
      return this.#complete;
    } catch {
      return false;
    }
  }

  async *#read(copy: boolean, discard = false): AsyncGenerator<Uint8Array> {
    if (this.#started && !discard) throw new Error("http: request body already read");
    this.#started = true;
    if (this.#complete) return;
    const conn = this.#conn;
    // A slow-body client gets bodyTimeoutMs in all, however it paces its bytes.
    const until = conn.host.opts.clock.now() + conn.host.opts.bodyTimeoutMs;
    if (this.head.expectContinue && !this.continued && !discard) {
      this.continued = true;
      if (!this.finalSent) conn.send(CONTINUE);
    }
    try {
      if (this.head.framing.kind === "length") {
        while (this.#remaining > 0) {
          if (conn.available === 0) await conn.waitData(until);
          const n = Math.min(conn.available, this.#remaining);
          const view = conn.buf.subarray(conn.start, conn.start + n);
          conn.start += n;
          this.#remaining -= n;
          if (!discard) yield copy ? view.slice() : view;
        }
        this.#complete = true;
        return;
      }
      const opts = conn.host.opts;
      // The trailer section counts toward the head's limits: head and trailers together stay within 431's bounds.
      const decoder = (this.#decoder ??= new ChunkedDecoder({
        maxTrailerBytes: Math.max(0, opts.maxHeaderBytes - this.#headBytes),
        maxTrailerCount: Math.max(0, opts.maxHeaderCount - this.head.headers.size),
      }));
      const max = opts.maxBodyBytes;
      let total = 0;
      const pending: Uint8Array[] = [];
      const sink = (d: Uint8Array) => {
        total += d.length;
        if (!discard) pending.push(d.slice());
      };
      for (;;) {
        if (conn.available === 0) await conn.waitData(until);
        const r = decoder.decode(conn.buf, conn.start, conn.end, sink);
        if (!r.ok) throw r.error;
        conn.start += r.consumed;
        if (total > max) throw new HttpProtocolError("ERR_HTTP_BODY_TOO_LARGE", `http: request body larger than ${max} bytes`);
        while (pending.length > 0) yield pending.shift()!;
        if (r.done) {
          this.#complete = true;
          return;
        }
      }
    } catch (e) {
      // The body's end is unknown: this connection can carry no further request.
      conn.mustClose = true;
      throw e;
    }
  }
}
