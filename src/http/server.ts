/**
 * The HTTP/1.1 server on raw TCP sockets (Bun.listen): accepts connections,
 * sweeps their deadlines on the injected Clock, and shuts down gracefully.
 */
import type { Socket, TCPSocketListener } from "bun";
import { ResponseHeadWriter } from "../wire/http1/index.ts";
import { Connection, type ConnectionHost } from "./connection.ts";
import { ConnectionCap } from "./cap.ts";
import { DateCache } from "./date.ts";
import { fastPathOf, type FastPath } from "./fixed.ts";
import { resolveOptions, type ResolvedOptions, type ServerOptions } from "./options.ts";

/**
 * A listening server. `await using server = await HttpServer.listen({ handler })`
 * closes it at the end of the scope.
 * @example
 * const server = await HttpServer.listen({ handler: async (req, res) => res.end("hi\n"), port: 8080 });
 * await server.shutdown();
 */
export class HttpServer implements ConnectionHost, AsyncDisposable {
  readonly opts: ResolvedOptions;
  readonly heads = new ResponseHeadWriter();
  readonly dates: DateCache;
  readonly fast: FastPath | undefined;
  readonly #conns = new Set<Connection>();
  readonly #cap: ConnectionCap;
  readonly #listener: TCPSocketListener<Connection>;
  #draining = false;
  #stopped = false;
  #sweepHandle: unknown = undefined;
  readonly #tick: number;
  #allClosed: (() => void) | null = null;

  private constructor(opts: ResolvedOptions) {
    this.opts = opts;
    this.dates = new DateCache(opts.clock);
    this.fast = fastPathOf(opts.handler);
    const shortest = Math.min(opts.headerTimeoutMs, opts.idleTimeoutMs, opts.ioTimeoutMs);
    this.#tick = Math.max(5, Math.min(1000, Math.floor(shortest / 4)));
    this.#cap = new ConnectionCap(this.#conns, opts);
    this.#listener = Bun.listen<Connection>({
      hostname: opts.hostname,
      port: opts.port,
      socket: {
        open: (socket: Socket<Connection>) => {
          if (this.#draining) return void socket.terminate();
          // At the cap: room is made by closing idle connections, else this one is closed unanswered (see cap.ts).
          if (this.#conns.size >= opts.maxConnections && !this.#cap.admit()) return void socket.end();
          const conn = new Connection(socket, this);
          socket.data = conn;
          this.#conns.add(conn);
        },
        data: (socket, chunk) => socket.data?.onData(chunk),
        drain: (socket) => socket.data?.onDrain(),
        close: (socket) => socket.data?.onClose(),
        error: (socket, err) => {
          opts.onError?.(err, "socket");
          socket.data?.onClose();
        },
      },
    });
    this.#sweep();
  }

  /** Starts listening; the port is known when this resolves (port 0 picks a free one). */
  static async listen(options: ServerOptions): Promise<HttpServer> {
    return new HttpServer(resolveOptions(options));
  }

  /** The bound port. */
  get port(): number {
    return this.#listener.port;
  }

  /** The bound address. */
  get hostname(): string {
    return this.#listener.hostname;
  }

  /** Open connections. */
  get connections(): number {
    return this.#conns.size;
  }

  /** Connections refused at the cap, and idle ones closed to make room for new ones, since the start. */
  get capped(): { refused: number; reclaimed: number } {
    return { refused: this.#cap.refused, reclaimed: this.#cap.reclaimed };
  }

  /** Connections by what they wait for (idle, head, body, write, linger, busy), for diagnostics and tests. */
  get states(): Record<string, number> {
    const names = ["none", "idle", "head", "body", "write", "linger"];
    const out: Record<string, number> = { none: 0, idle: 0, head: 0, body: 0, write: 0, linger: 0, busy: 0 };
    for (const conn of this.#conns) {
      out[names[conn.wait]!]!++;
      if (conn.busy) out.busy!++;
    }
    return out;
  }

  get draining(): boolean {
    return this.#draining;
  }

  closed(conn: Connection): void {
    this.#conns.delete(conn);
    if (this.#conns.size === 0) this.#allClosed?.();
  }

  /** Checks every connection's deadline, then re-arms itself on the clock. */
  #sweep(): void {
    if (this.#stopped) return;
    const now = this.opts.clock.now();
    for (const conn of this.#conns) if (conn.deadline !== 0 && now >= conn.deadline) conn.expire();
    this.#sweepHandle = this.opts.clock.setTimeout(() => this.#sweep(), this.#tick);
  }

  /**
   * Graceful shutdown: stop accepting, close idle connections, let in-flight
   * exchanges finish (their responses say Connection: close), and cut whatever
   * remains after `shutdownTimeoutMs`.
   */
  async shutdown(): Promise<void> {
    if (!this.#draining) {
      this.#draining = true;
      this.#listener.stop(false);
      for (const conn of this.#conns) if (conn.idle) conn.closeGracefully();
    }
    if (this.#conns.size > 0) {
      const { clock, shutdownTimeoutMs } = this.opts;
      await new Promise<void>((resolve) => {
        const handle = clock.setTimeout(() => {
          for (const conn of this.#conns) conn.terminate();
          resolve();
        }, shutdownTimeoutMs);
        this.#allClosed = () => {
          clock.clearTimeout(handle);
          resolve();
        };
      });
    }
    this.#stop();
  }

  /** Stops at once: every connection is cut. */
  close(): void {
    this.#draining = true;
    this.#listener.stop(true);
    for (const conn of this.#conns) conn.terminate();
    this.#stop();
  }

  #stop(): void {
    this.#stopped = true;
    this.opts.clock.clearTimeout(this.#sweepHandle);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
