/**
 * The server's HttpResponse: Content-Length when the whole body is known at
 * end(), chunked (RFC 9112 §7.1) for streamed bodies to 1.1 clients, close-
 * delimited for 1.0 clients; no body bytes for HEAD, 1xx, 204 and 304.
 */
import type { HttpResponse } from "../router/index.ts";
import { encodeChunk, isFieldValue, isToken, LAST_CHUNK } from "../wire/http1/index.ts";
import type { Connection } from "./connection.ts";
import type { ServerRequest } from "./request.ts";

const encoder = new TextEncoder();
/** Bodies up to this size go out in the same write as the head. */
const COALESCE = 16 * 1024;

/** A response on a {@link Connection}. */
export class ServerResponse implements HttpResponse {
  status = 200;
  /** Body bytes sent (for the access log). */
  bytesSent = 0;
  /** Whether the connection stays open after this response (decided when the head is sent). */
  keepAlive: boolean;
  readonly #conn: Connection;
  readonly #req: ServerRequest;
  readonly #names: string[] = [];
  readonly #lower: string[] = [];
  readonly #values: string[] = [];
  #headersSent = false;
  #finished = false;
  #chunked = false;
  #noBody = false;
  /** Declared Content-Length of a streamed body, -1 when none. */
  #declared = -1;

  constructor(conn: Connection, req: ServerRequest) {
    this.#conn = conn;
    this.#req = req;
    this.keepAlive = req.head.keepAlive;
  }

  get headersSent(): boolean {
    return this.#headersSent;
  }

  get finished(): boolean {
    return this.#finished;
  }

  setHeader(name: string, value: string): void {
    this.removeHeader(name);
    this.appendHeader(name, value);
  }

  appendHeader(name: string, value: string): void {
    if (this.#headersSent) throw new Error("http: headers already sent");
    // RFC 9110 §5.5: CR, LF and NUL in a value would split the response.
    if (!isToken(name)) throw new TypeError(`http: invalid header name "${name}"`);
    if (!isFieldValue(value)) throw new TypeError(`http: invalid value for header "${name}"`);
    this.#names.push(name);
    this.#lower.push(name.toLowerCase());
    this.#values.push(value);
  }

  getHeader(name: string): string | undefined {
    const i = this.#lower.indexOf(name.toLowerCase());
    return i < 0 ? undefined : this.#values[i];
  }

  removeHeader(name: string): void {
    const key = name.toLowerCase();
    for (let i = this.#lower.length - 1; i >= 0; i--) {
      if (this.#lower[i] !== key) continue;
      this.#names.splice(i, 1);
      this.#lower.splice(i, 1);
      this.#values.splice(i, 1);
    }
  }

  async write(chunk: Uint8Array | string): Promise<void> {
    if (this.#finished) throw new Error("http: write after end");
    const data = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    if (!this.#headersSent) this.#sendHead(-1, undefined);
    if (data.length > 0) this.#sendBody(data);
    await this.#conn.drained();
  }

  async end(body?: Uint8Array | string): Promise<void> {
    if (this.#finished) return;
    const data = body === undefined ? undefined : typeof body === "string" ? encoder.encode(body) : body;
    this.#finished = true;
    if (!this.#headersSent) {
      this.#sendHead(data?.length ?? 0, data);
    } else {
      if (data !== undefined && data.length > 0) this.#sendBody(data);
      if (this.#chunked && !this.#noBody) this.#conn.send(LAST_CHUNK);
      // A body shorter than its declared length leaves the client waiting: only closing ends it.
      if (this.#declared >= 0 && this.bytesSent !== this.#declared && !this.#noBody) this.#conn.mustClose = true;
    }
    if (!this.keepAlive) this.#conn.mustClose = true;
    if (this.#conn.pending) {
      try {
        await this.#conn.drained();
      } catch {
        // The peer went away; nothing is left to finish.
      }
    }
  }

  #sendBody(data: Uint8Array): void {
    if (this.#noBody) return;
    this.bytesSent += data.length;
    this.#conn.send(this.#chunked ? encodeChunk(data) : data);
  }

  /** Sends the head; `length` is the whole body's size, or -1 when streamed. */
  #sendHead(length: number, body: Uint8Array | undefined): void {
    const conn = this.#conn;
    const req = this.#req;
    const opts = conn.host.opts;
    this.#headersSent = true;
    req.finalSent = true;
    const status = this.status;
    const head = req.method === "HEAD";
    const bodiless = status < 200 || status === 204 || status === 304;
    this.#noBody = head || bodiless;
    const f: string[] = [];
    for (let i = 0; i < this.#names.length; i++) f.push(this.#names[i]!, this.#values[i]!);
    if (this.#lower.indexOf("date") < 0) f.push("Date", conn.host.dates.get());
    if (this.#lower.indexOf("server") < 0) f.push("Server", opts.serverName);
    const declared = this.getHeader("content-length");
    if (declared !== undefined) {
      this.#declared = Number(declared);
    } else if (!bodiless) {
      if (length >= 0) f.push("Content-Length", String(length));
      else if (req.version === "1.1") {
        this.#chunked = true;
        f.push("Transfer-Encoding", "chunked");
      } else this.keepAlive = false; // RFC 9112 §6.3 item 8: a 1.0 client reads until close
    }
    // Unread request body after a final status with Expect pending: the client may not send it (RFC 9110 §10.1.1).
    if (req.head.expectContinue && !req.continued) this.keepAlive = false;
    if (conn.mustClose || conn.host.draining) this.keepAlive = false;
    if (this.#lower.indexOf("connection") >= 0) {
      if (this.getHeader("connection")!.toLowerCase().includes("close")) this.keepAlive = false;
    } else if (!this.keepAlive) f.push("Connection", "close");
    else if (req.version === "1.0") f.push("Connection", "keep-alive");
    const inline = body !== undefined && !this.#noBody && body.length <= COALESCE;
    conn.send(conn.host.heads.write(status, f, inline ? body : undefined), true);
    if (body !== undefined && !this.#noBody) {
      this.bytesSent = body.length;
      if (!inline) conn.send(body);
    }
  }
}
