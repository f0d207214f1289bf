/**
 * Responses known in full before the request arrives (a cached small file):
 * a handler may carry a synchronous {@link FastPath} that the connection asks
 * first, so such a request is answered inside the data callback — no request,
 * response, context or Promise objects — with one write of head and body.
 * The handler itself still answers everything the fast path declines.
 */
import { statusLine, type RequestHead } from "../wire/http1/index.ts";
import type { Handler } from "./options.ts";

/** A 200 response whose fields and body are fixed; the server adds Date, Server and, when closing, Connection. */
export class FixedResponse {
  /** Field lines after the status line, each ending in CRLF, Content-Length included; checked values only. */
  readonly fields: string;
  readonly body: Uint8Array;
  /** The last wire form: head (for `date` and `server`) and body in one buffer, never mutated once built. */
  #wire: Uint8Array | null = null;
  #headLength = 0;
  #date = "";
  #server = "";

  constructor(fields: string, body: Uint8Array) {
    this.fields = fields;
    this.body = body;
  }

  /**
   * The bytes to send: head and (unless `headOnly`) body. The keep-alive form
   * is rebuilt when the date changes (once a second at most) and shared by
   * every request until then; the closing form is built each time.
   */
  wire(date: string, server: string, close: boolean, headOnly: boolean): Uint8Array {
    if (close) return compose(this.fields, date, server, "Connection: close\r\n", headOnly ? undefined : this.body);
    if (this.#wire === null || this.#date !== date || this.#server !== server) {
      this.#wire = compose(this.fields, date, server, "", this.body);
      this.#headLength = this.#wire.length - this.body.length;
      this.#date = date;
      this.#server = server;
    }
    return headOnly ? this.#wire.subarray(0, this.#headLength) : this.#wire;
  }

  /** Body bytes a request gets (none for HEAD), for the access log. */
  bytesFor(method: string): number {
    return method === "HEAD" ? 0 : this.body.length;
  }
}

function compose(fields: string, date: string, server: string, extra: string, body: Uint8Array | undefined): Uint8Array {
  const head = `${statusLine(200)}${fields}Date: ${date}\r\nServer: ${server}\r\n${extra}\r\n`;
  const out = Buffer.allocUnsafeSlow(head.length + (body?.length ?? 0));
  const n = out.write(head, 0, "latin1");
  if (body !== undefined) out.set(body, n);
  return out;
}

/**
 * Answers a bodiless HTTP/1.1 request synchronously, or declines with
 * undefined. It must answer exactly as its handler would, and only when no
 * middleware, hook or I/O would have run.
 */
export type FastPath = (head: RequestHead) => FixedResponse | undefined;

const FAST = Symbol("gokit.http.fastPath");

/** `handler`, carrying `fast` for the server to try first. */
export function withFastPath(handler: Handler, fast: FastPath): Handler {
  return Object.assign(handler, { [FAST]: fast });
}

/** The fast path `handler` carries, if any. */
export function fastPathOf(handler: Handler): FastPath | undefined {
  return (handler as Handler & { [FAST]?: FastPath })[FAST];
}
