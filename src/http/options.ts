/** Options of the HTTP server, and their defaults. */
import type { Clock } from "../runtime/index.ts";
import { realClock } from "../runtime/index.ts";
import type { HttpRequest, HttpResponse } from "../router/index.ts";

/** Answers one request; a thrown error becomes a 500 and the connection stays usable. */
export type Handler = (req: HttpRequest, res: HttpResponse) => Promise<void>;

/** One line of the access log. */
export interface AccessEntry {
  /** When the request head was complete (clock ms). */
  time: number;
  remoteAddress: string;
  remotePort: number;
  /** "-" when the request could not be parsed. */
  method: string;
  target: string;
  status: number;
  /** Body bytes sent. */
  bytes: number;
  durationMs: number;
}

/** Options of {@link HttpServer}. */
export interface ServerOptions {
  handler: Handler;
  /** Address to bind; default "127.0.0.1". */
  hostname?: string;
  /** Port; default 0 (any free port). */
  port?: number;
  /** Time source for timeouts and the Date header; default realClock. */
  clock?: Clock;
  /** Time allowed from the first byte of a request head (or from accept) to its end; default 10 s. */
  headerTimeoutMs?: number;
  /** Time a keep-alive connection may sit idle between requests; default 5 s. */
  idleTimeoutMs?: number;
  /** Time allowed between reads of a body, and without write progress; default 30 s. */
  ioTimeoutMs?: number;
  /** Time allowed to receive a whole request body, however it is paced; default 60 s. */
  bodyTimeoutMs?: number;
  /** Grace period of shutdown() before remaining connections are cut; default 10 s. */
  shutdownTimeoutMs?: number;
  /** Largest request body (413 above it); default 8 MiB. */
  maxBodyBytes?: number;
  /** Longest request-target (414); default 8192. */
  maxTargetLength?: number;
  /** Largest header section (431); default 16384. */
  maxHeaderBytes?: number;
  /** Most header lines (431); default 100. */
  maxHeaderCount?: number;
  /**
   * Most open connections; default 16384. At the cap, idle keep-alive
   * connections (and ones that never sent a byte) are closed, least recently
   * active first, to make room; when none is idle the new connection is
   * closed at once, unanswered, as nginx does when worker_connections run out.
   */
  maxConnections?: number;
  /** Value of the Server header; default "gokit". */
  serverName?: string;
  /** Called after every response, including protocol errors. */
  onAccess?: (entry: AccessEntry) => void;
  /** Called with handler errors and unexpected failures. */
  onError?: (err: unknown, where: string) => void;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<Omit<ServerOptions, "onAccess" | "onError">> & Pick<ServerOptions, "onAccess" | "onError">;

/** Fills in the defaults. */
export function resolveOptions(o: ServerOptions): ResolvedOptions {
  return {
    handler: o.handler,
    hostname: o.hostname ?? "127.0.0.1",
    port: o.port ?? 0,
    clock: o.clock ?? realClock,
    headerTimeoutMs: o.headerTimeoutMs ?? 10_000,
    idleTimeoutMs: o.idleTimeoutMs ?? 5_000,
    ioTimeoutMs: o.ioTimeoutMs ?? 30_000,
    bodyTimeoutMs: o.bodyTimeoutMs ?? 60_000,
    shutdownTimeoutMs: o.shutdownTimeoutMs ?? 10_000,
    maxBodyBytes: o.maxBodyBytes ?? 8 * 1024 * 1024,
    maxTargetLength: o.maxTargetLength ?? 8192,
    maxHeaderBytes: o.maxHeaderBytes ?? 16384,
    maxHeaderCount: o.maxHeaderCount ?? 100,
    maxConnections: o.maxConnections ?? 16_384,
    serverName: o.serverName ?? "gokit",
    onAccess: o.onAccess,
    onError: o.onError,
  };
}
