/** One request/response exchange on a connection: limits, the handler, error mapping, body draining, access log. */
import { HttpProtocolError, type RequestHead } from "../wire/http1/index.ts";
import type { Connection } from "./connection.ts";
import { ServerRequest } from "./request.ts";
import { ServerResponse } from "./response.ts";

/** Unread body bytes the server reads and drops to keep a connection alive, at most. */
const DISCARD_LIMIT = 256 * 1024;

/** Runs the handler for `head`; resolves once the response is written and the body is consumed or the connection condemned. */
export async function runExchange(conn: Connection, head: RequestHead, headBytes: number): Promise<void> {
  const opts = conn.host.opts;
  const started = opts.clock.now();
  if (head.framing.kind === "length" && head.framing.length > opts.maxBodyBytes) {
    // Refused before the handler runs and before any 100 (Continue): RFC 9110 §15.5.14.
    return conn.protocolError(
      new HttpProtocolError("ERR_HTTP_BODY_TOO_LARGE", `http: request body larger than ${opts.maxBodyBytes} bytes`),
      head.method,
      head.target,
    );
  }
  if (!head.keepAlive) conn.mustClose = true;
  const req = new ServerRequest(conn, head, headBytes);
  const res = new ServerResponse(conn, req);
  try {
    await opts.handler(req, res);
  } catch (e) {
    if (conn.isClosed) return;
    const status = e instanceof HttpProtocolError ? e.status : 500;
    if (status === 500) opts.onError?.(e, `${head.method} ${head.target}`);
    if (res.headersSent) {
      conn.mustClose = true; // the body is cut short: only closing tells the client
    } else {
      for (const name of ["content-length", "content-type", "transfer-encoding", "etag", "last-modified", "content-range"]) res.removeHeader(name);
      res.status = status;
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      await res.end(status === 500 ? "internal server error\n" : `${(e as Error).message}\n`).catch(() => {});
    }
  }
  if (conn.isClosed) return;
  if (!res.finished) await res.end().catch(() => {});
  if (!conn.mustClose && !req.bodyComplete && !(await req.discard(DISCARD_LIMIT))) conn.mustClose = true;
  opts.onAccess?.({
    time: started,
    remoteAddress: conn.socket.remoteAddress,
    remotePort: conn.socket.remotePort,
    method: head.method,
    target: head.target,
    status: res.status,
    bytes: res.bytesSent,
    durationMs: opts.clock.now() - started,
  });
}
