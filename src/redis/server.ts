/**
 * The TCP server on Bun.listen: one RESP decoder and reply writer per
 * connection; every command decoded from a read is executed in order and its
 * replies written with one socket write. Pending output is queued and flushed
 * on drain, and reading pauses while a client is too far behind.
 */
import type { Socket, TCPSocketListener } from "bun";
import { type Clock, realClock } from "../runtime/index.ts";
import { FRAME_COMMAND, FRAME_ERROR, FRAME_INLINE, FRAME_MORE, type ReplyWriter, RequestDecoder } from "../wire/resp/index.ts";
import { fastEligible, runFast } from "./fast-path.ts";
import { buildCommandTable, CommandWriter, execute, type CommandTable } from "./dispatch.ts";
import { DiskPersistence, type LoadReport } from "./persistence.ts";
import { unsubscribeAll } from "./pubsub.ts";
import { unblock } from "./blocking.ts";
import { defaultConfig, REPLY_OFF, REPLY_SKIP, REPLY_SKIP_NEXT, ServerState, type Client, type ServerConfig } from "./state.ts";

/** The logging the server does: a subset of src/log's Logger. */
export interface ServerLog {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** Options for {@link RedisServer.listen}. */
export interface RedisServerOptions {
  config?: Partial<ServerConfig>;
  clock?: Clock;
  log?: ServerLog;
  /** Period of the active expire cycle in ms (default 100: hz 10); 0 disables it. */
  expirePeriodMs?: number;
  /**
   * Use the disk under config.dir: load the AOF (appendonly) or RDB at start,
   * log writes, run save rules, answer SAVE/BGSAVE/BGREWRITEAOF. Off by
   * default, so an in-memory server never touches the working directory.
   */
  persistence?: boolean;
  /** Bytes BGSAVE and BGREWRITEAOF write per event-loop turn (default 1 MB). */
  backgroundChunkBytes?: number;
}

interface Conn {
  client: Client;
  decoder: RequestDecoder;
  out: ReplyWriter;
  queue: Uint8Array[];
  queued: number;
  paused: boolean;
  closing: boolean;
  /** Its input is being executed (a turn is on the stack). */
  busy: boolean;
}

/** The server could not bind its address (in use, not local, …). */
export class RedisListenError extends Error {
  readonly code = "ERR_REDIS_LISTEN";
  override name = "RedisListenError";
}

/** Output queued beyond this pauses reading from the client until it drains. */
const PAUSE_AT = 4 * 1024 * 1024;

/**
 * CLIENT REPLY after a command: drops its reply under OFF or SKIP, then
 * moves SKIP_NEXT to SKIP (Redis's resetClient). A client that blocked keeps
 * its state until it is unblocked: the reply it gets then is dropped too.
 */
function afterReply(client: Client, out: ReplyWriter, mark: number): void {
  if (client.blocked) return;
  if (client.reply & (REPLY_OFF | REPLY_SKIP)) out.truncate(mark);
  resetReplySkip(client);
}

function resetReplySkip(client: Client): void {
  client.reply &= ~REPLY_SKIP;
  if (client.reply & REPLY_SKIP_NEXT) client.reply = (client.reply & ~REPLY_SKIP_NEXT) | REPLY_SKIP;
}

/** A Redis-compatible server listening on TCP. */
export class RedisServer implements AsyncDisposable {
  readonly state: ServerState;
  readonly #table: CommandTable = buildCommandTable();
  #listener: TCPSocketListener<Conn> | undefined;
  #sockets = new Set<Socket<Conn>>();
  #fds = new Set<number>();
  /** Where replies to a client under CLIENT REPLY OFF go. */
  readonly #discard = new CommandWriter();
  /** How many sockets have their input being executed: messages to others wait for the turn's AOF write. */
  #busy = 0;
  /** Sockets with messages written during another socket's turn, flushed after its AOF write. */
  #pending = new Set<Socket<Conn>>();
  #log: ServerLog | undefined;
  #timer: unknown;
  #expirePeriodMs: number;
  #stopped = false;
  #persistence: DiskPersistence | undefined;
  /** What was loaded from disk at start. */
  loaded: LoadReport = { source: "none" };
  #closed = Promise.withResolvers<void>();

  private constructor(options: RedisServerOptions) {
    this.state = new ServerState(defaultConfig(options.config), options.clock ?? realClock);
    this.#log = options.log;
    if (options.log) this.state.log = (msg) => options.log!.warn(msg);
    this.#expirePeriodMs = options.expirePeriodMs ?? 100;
  }

  /** Starts listening on config.bind:config.port (port 0 picks a free one). */
  static async listen(options: RedisServerOptions = {}): Promise<RedisServer> {
    const server = new RedisServer(options);
    if (options.persistence) {
      const p = new DiskPersistence(server.state, { table: server.#table, ...(options.log ? { log: options.log } : {}), onShutdown: () => void server.shutdown(), ...(options.backgroundChunkBytes ? { chunkBytes: options.backgroundChunkBytes } : {}) });
      server.loaded = p.load();
      server.state.persistence = p;
      p.start(server.loaded.source === "aof" ? server.loaded.selected : -1);
      server.#persistence = p;
    }
    try {
      server.#start();
    } catch (e) {
      await server.#persistence?.close();
      throw e;
    }
    return server;
  }

  /** The persistence layer, when enabled. */
  get persistence(): DiskPersistence | undefined {
    return this.#persistence;
  }

  /** Resolves once the server has shut down (SIGTERM via shutdown(), or the SHUTDOWN command). */
  get closed(): Promise<void> {
    return this.#closed.promise;
  }

  /** The bound port. */
  get port(): number {
    return this.#listener!.port;
  }

  /** The bound address. */
  get hostname(): string {
    return this.#listener!.hostname;
  }

  /** Open connections. */
  get connections(): number {
    return this.#sockets.size;
  }

  #start(): void {
    const { config } = this.state;
    try {
      this.#listen(config);
    } catch (e) {
      const code = (e as { code?: string }).code;
      const why = code === "EADDRINUSE" ? "address already in use" : code === "EADDRNOTAVAIL" ? "cannot assign requested address" : (e as Error).message;
      throw new RedisListenError(`listen tcp ${config.bind}:${config.port}: ${why}`, { cause: e });
    }
    this.state.tcpPort = this.#listener!.port;
    this.#scheduleExpire();
  }

  #listen(config: ServerConfig): void {
    this.#listener = Bun.listen<Conn>({
      hostname: config.bind,
      port: config.port,
      socket: {
        open: (socket) => this.#open(socket),
        data: (socket, chunk) => this.#data(socket, chunk),
        drain: (socket) => this.#drain(socket),
        close: (socket) => this.#close(socket),
        error: (socket) => this.#close(socket),
      },
    });
  }

  #scheduleExpire(): void {
    if (this.#expirePeriodMs <= 0 || this.#stopped) return;
    this.#timer = this.state.clock.setTimeout(() => {
      for (const db of this.state.dbs) if (db.expires.keys.length > 0) db.expireCycle({ random: this.state.random });
      this.#scheduleExpire();
    }, this.#expirePeriodMs);
    (this.#timer as { unref?: () => void })?.unref?.();
  }

  #open(socket: Socket<Conn>): void {
    const out = new CommandWriter();
    const deliver = (write: (o: CommandWriter) => void) => {
      if (socket.data.closing) return;
      write(out);
      // During another client's turn (a push serving this blocked client) the reply waits for that turn's AOF write.
      if (this.#busy > 0) this.#pending.add(socket);
      else this.#flush(socket);
    };
    const decoder = new RequestDecoder({ maxBulkLen: this.state.config.protoMaxBulkLen });
    const client = this.state.newClient(`${socket.remoteAddress}:${(socket as { remotePort?: number }).remotePort ?? 0}`, {
      setProto: (p) => (out.proto = p),
      deliver: (write) => {
        // CLIENT REPLY OFF: the work is done (a blocked pop is served), the bytes dropped.
        if (client.reply & (REPLY_OFF | REPLY_SKIP)) return write(this.#discard), this.#discard.clear();
        deliver(write as (o: CommandWriter) => void);
      },
      laddr: `${(socket as { localAddress?: string }).localAddress ?? this.state.config.bind}:${(socket as { localPort?: number }).localPort ?? this.port}`,
      fd: this.#takeFd(),
      kill: () => {
        socket.data.closing = true;
        socket.terminate();
        this.#close(socket);
      },
      connInfo: () => ({
        qbuf: decoder.buffered,
        qbufFree: decoder.buffer.length - decoder.buffered,
        obl: out.length,
        oll: socket.data.queue.length,
        omem: socket.data.queued,
      }),
    });
    socket.data = { client, decoder, out, queue: [], queued: 0, paused: false, closing: false, busy: false };
    // Unblocked (served or timed out): go on with the commands that arrived meanwhile.
    client.resume = () => {
      if (client.reply !== 0) resetReplySkip(client);
      queueMicrotask(() => {
        if (!socket.data.closing && !socket.data.busy) this.#data(socket, new Uint8Array(0));
      });
    };
    this.#sockets.add(socket);
  }

  /** The lowest free fd number from 8 up (CLIENT LIST's fd=). */
  #takeFd(): number {
    let fd = 8;
    while (this.#fds.has(fd)) fd++;
    this.#fds.add(fd);
    return fd;
  }

  #data(socket: Socket<Conn>, chunk: Uint8Array): void {
    if (socket.data.closing) return;
    if (chunk.length > 0) socket.data.client.lastInteraction = this.state.clock.now();
    socket.data.busy = true;
    this.#busy++;
    try {
      this.#turn(socket, chunk);
    } finally {
      socket.data.busy = false;
      this.#busy--;
    }
  }

  #turn(socket: Socket<Conn>, chunk: Uint8Array): void {
    const conn = socket.data;
    const { client, decoder, out } = conn;
    const state = this.state;
    decoder.push(chunk);
    decoder.maxBulkLen = state.config.protoMaxBulkLen;
    while (!client.blocked) {
      decoder.authRequired = !client.authenticated;
      const f = decoder.frame();
      if (f === FRAME_MORE) break;
      if (f === FRAME_ERROR) {
        out.error(`ERR ${decoder.error}`);
        // Redis logs these at verbose level only: a misbehaving client must not flood the log.
        this.#log?.debug("protocol error", { client: client.id, addr: client.addr, error: decoder.error });
        client.closeAfterReply = true;
        break;
      }
      const mark = out.length;
      try {
        if (!(f === FRAME_COMMAND && fastEligible(state, client) && runFast(state, client, decoder, out))) {
          execute(this.#table, state, client, f === FRAME_INLINE ? decoder.inlineArgv : decoder.argv(), out);
        }
      } catch (e) {
        // A bug must cost one reply, not the connection's silence: the client gets an error and goes on.
        out.truncate(mark);
        out.error(`ERR internal error: ${(e as Error).message}`);
        this.#log?.warn("command failed", { client: client.id, error: (e as Error).message, stack: (e as Error).stack });
      }
      if (client.reply !== 0) afterReply(client, out, mark);
      if (client.closeAfterReply) break;
      // A blocked client reads no further commands until it is served or times out.
    }
    const persisted = this.#persist(socket);
    if (this.#pending.size > 0) {
      for (const other of this.#pending) if (other !== socket && !other.data.closing) this.#flush(other);
      this.#pending.clear();
    }
    if (!persisted) return;
    if (!client.closeAfterReply && decoder.buffered > state.config.clientQueryBufferLimit) {
      this.#log?.warn("closing client that reached max query buffer length", { client: client.id, addr: client.addr, qbuf: decoder.buffered });
      conn.closing = true;
      socket.terminate();
      return;
    }
    this.#flush(socket);
  }

  /** Writes the turn's AOF records before any reply goes out; on failure the client gets no acknowledgment and is dropped. */
  #persist(socket: Socket<Conn>): boolean {
    try {
      this.#persistence?.beforeReply();
      return true;
    } catch (e) {
      this.#log?.warn("error writing to the AOF: dropping the client without replies", { error: (e as Error).message });
      socket.data.closing = true;
      socket.data.out.take();
      socket.terminate();
      return false;
    }
  }

  #flush(socket: Socket<Conn>): void {
    const conn = socket.data;
    if (conn.out.length > 0) {
      if (conn.queue.length > 0) {
        const bytes = conn.out.take();
        conn.queue.push(bytes);
        conn.queued += bytes.length;
      } else {
        // Written straight from the reply buffer; only what the socket did not take is copied.
        const len = conn.out.length;
        const n = Math.max(0, socket.write(conn.out.buffer, 0, len));
        if (n < len) {
          conn.queue.push(conn.out.buffer.slice(n, len));
          conn.queued += len - n;
        }
        conn.out.clear();
      }
    }
    if (conn.queued > PAUSE_AT && !conn.paused) {
      conn.paused = true;
      socket.pause();
    }
    if (conn.client.closeAfterReply && conn.queue.length === 0) {
      conn.closing = true;
      socket.end();
    }
  }

  #drain(socket: Socket<Conn>): void {
    const conn = socket.data;
    while (conn.queue.length > 0) {
      const head = conn.queue[0]!;
      const n = Math.max(0, socket.write(head));
      conn.queued -= n;
      if (n < head.length) {
        conn.queue[0] = head.subarray(n);
        return;
      }
      conn.queue.shift();
    }
    if (conn.paused) {
      conn.paused = false;
      socket.resume();
    }
    if (conn.client.closeAfterReply && !conn.closing) {
      conn.closing = true;
      socket.end();
    }
  }

  #close(socket: Socket<Conn>): void {
    if (!this.#sockets.delete(socket)) return;
    this.#fds.delete(socket.data.client.fd);
    this.state.unwatchAll(socket.data.client);
    unblock(this.state, socket.data.client);
    unsubscribeAll(this.state, socket.data.client);
    this.state.clients.delete(socket.data.client.id);
  }

  /** Stops accepting, closes every connection and stops the expire cycle. */
  async shutdown(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.state.clock.clearTimeout(this.#timer);
    this.#listener?.stop(true);
    for (const s of this.#sockets) s.end();
    this.#sockets.clear();
    try {
      await this.#persistence?.close();
    } finally {
      this.#closed.resolve();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }
}
