/**
 * The connection cap (ServerOptions.maxConnections). At the cap a new
 * connection is admitted only if idle ones can be closed to make room, as
 * nginx reuses keep-alive connections when worker_connections run short
 * (ngx_drain_connections, 32 at a time); otherwise it is closed at once,
 * before a byte is read, as nginx closes what it cannot take: no request has
 * been read, so the client knows none was processed and may retry, and a
 * refusal costs no response when the cap is hit by a flood.
 */
import type { Connection } from "./connection.ts";
import type { ResolvedOptions } from "./options.ts";

/** Idle connections closed per reclaim, at most (nginx's 32), fewer under a small cap: later arrivals are admitted without another scan. */
const MAX_BATCH = 32;
/** After a scan that found nothing idle, arrivals are refused without scanning for this long (clock ms). */
const RESCAN_MS = 10;
/** Refusals are reported through onError at most this often (clock ms). */
const REPORT_MS = 10_000;

/** Admission at the cap for one server's set of connections. */
export class ConnectionCap {
  /** Connections closed unanswered at the cap. */
  refused = 0;
  /** Idle connections closed to make room. */
  reclaimed = 0;
  readonly #conns: Set<Connection>;
  readonly #opts: ResolvedOptions;
  readonly #batch: number;
  #noIdleUntil = Number.NEGATIVE_INFINITY;
  #reportedAt = Number.NEGATIVE_INFINITY;

  constructor(conns: Set<Connection>, opts: ResolvedOptions) {
    this.#conns = conns;
    this.#opts = opts;
    this.#batch = Math.max(1, Math.min(MAX_BATCH, opts.maxConnections >> 6));
  }

  /** Called with the set at the cap: true once room is made, false when the new connection must be refused. */
  admit(): boolean {
    const now = this.#opts.clock.now();
    if (now >= this.#noIdleUntil && this.#reclaim() > 0) return true;
    this.refused++;
    if (now - this.#reportedAt >= REPORT_MS) {
      this.#reportedAt = now;
      this.#opts.onError?.(new Error(`http: ${this.#conns.size} connections open, none idle (max ${this.#opts.maxConnections}): refusing new ones`), "accept");
    }
    return false;
  }

  /**
   * Closes a batch of idle connections, those whose deadline comes first
   * (they would be closed soonest anyway), and drops them from the set at
   * once. Returns how many it closed.
   */
  #reclaim(): number {
    let idle: Connection[] = [];
    for (const conn of this.#conns) if (conn.reclaimable) idle.push(conn);
    if (idle.length === 0) {
      this.#noIdleUntil = this.#opts.clock.now() + RESCAN_MS;
      return 0;
    }
    if (idle.length > this.#batch) idle = idle.sort((a, b) => a.deadline - b.deadline).slice(0, this.#batch);
    for (const conn of idle) {
      this.#conns.delete(conn);
      conn.closeGracefully();
    }
    this.reclaimed += idle.length;
    return idle.length;
  }
}
