/**
 * Server-wide state shared by commands: the databases, configuration, the
 * connected clients and counters for INFO. No I/O happens here.
 */
import type { Clock } from "../runtime/index.ts";
import { Keyspace } from "./keyspace.ts";

/** The Redis version we report: the one whose replies we match. */
export const REDIS_VERSION = "7.0.15";

/** Settings, in redis.conf's names where they exist. */
export interface ServerConfig {
  port: number;
  bind: string;
  dir: string;
  requirepass: string;
  databases: number;
  /** proto-max-bulk-len */
  protoMaxBulkLen: number;
  /** client-query-buffer-limit */
  clientQueryBufferLimit: number;
  /** appendonly: log every write to the AOF. */
  appendonly: boolean;
  /** appendfilename, relative to dir. */
  appendfilename: string;
  /** appendfsync: when the AOF is fsynced. */
  appendfsync: "always" | "everysec" | "no";
  /** dbfilename, relative to dir. */
  dbfilename: string;
  /** save: [seconds, changes] rules; empty disables snapshots. */
  save: [number, number][];
}

/** What commands need from the persistence layer (implemented in persistence.ts). */
export interface Persistence {
  /** Logs one executed write command (already rewritten for replay) for database `db`. */
  feed(db: number, argv: Uint8Array[]): void;
  /** CONFIG SET appendonly: starts the AOF (with a rewrite of the current data) or stops it; an error message on failure. */
  setAppendonly(on: boolean): string | undefined;
  /** Why writes are refused (the AOF cannot be written), if they are. */
  writeError(): string | undefined;
  /** BGREWRITEAOF: starts a rewrite; the reply text or an error message. */
  rewriteAof(): { ok: string } | { err: string };
  /** SAVE: writes the RDB synchronously; an error message on failure. */
  save(): string | undefined;
  /** BGSAVE: starts a background save; the reply text or an error message. */
  bgsave(): { ok: string } | { err: string };
  /** DEBUG RELOAD: save, empty the databases, load the RDB. */
  reload(): string | undefined;
  /** SHUTDOWN: flush and save (unless `nosave`), then stop the server. */
  shutdown(mode: "save" | "nosave" | "default"): string | undefined;
  /** INFO persistence fields. */
  info(): [string, string | number][];
}

/** One connection as commands see it. */
export interface Client {
  readonly id: number;
  name: string;
  db: number;
  authenticated: boolean;
  /** Close once the pending replies are written (QUIT, protocol errors). */
  closeAfterReply: boolean;
  addr: string;
  readonly createdAt: number;
  lastCommand: string;
  /** Switches the protocol of replies (HELLO). */
  setProto: (proto: 2 | 3) => void;
  proto: 2 | 3;
}

/** Databases, config, clients and counters. */
export class ServerState {
  readonly dbs: Keyspace[];
  readonly clients = new Map<number, Client>();
  readonly startedAt: number;
  readonly runId: string;
  nextClientId = 1;
  totalConnections = 0;
  totalCommands = 0;
  rejectedConnections = 0;
  tcpPort = 0;
  /** Changes since the last successful save (Redis's server.dirty). */
  dirty = 0;
  /** Unix seconds of the last successful save (LASTSAVE). */
  lastSave: number;
  /** The AOF/RDB layer, when the server runs with persistence. */
  persistence: Persistence | undefined;
  /** A random source in [0, 1): RANDOMKEY, expiry sampling. */
  random: () => number = Math.random;

  constructor(
    readonly config: ServerConfig,
    readonly clock: Clock,
  ) {
    const DEL = Uint8Array.of(0x44, 0x45, 0x4c);
    this.dbs = Array.from({ length: config.databases }, (_, i) => {
      const db = new Keyspace(clock);
      db.onExpire = (key) => this.persistence?.feed(i, [DEL, Buffer.from(key, "latin1")]);
      return db;
    });
    this.startedAt = clock.now();
    this.lastSave = Math.floor(this.startedAt / 1000);
    this.runId = Array.from({ length: 40 }, () => "0123456789abcdef"[Math.floor(Math.random() * 16)]).join("");
  }

  /** Creates and registers a client. */
  newClient(addr: string, setProto: (proto: 2 | 3) => void = () => {}): Client {
    const c: Client = {
      id: this.nextClientId++,
      name: "",
      db: 0,
      authenticated: this.config.requirepass === "",
      closeAfterReply: false,
      addr,
      createdAt: this.clock.now(),
      lastCommand: "NULL",
      proto: 2,
      setProto,
    };
    this.clients.set(c.id, c);
    this.totalConnections++;
    return c;
  }

  /** Keys expired so far across databases. */
  get expiredKeys(): number {
    return this.dbs.reduce((n, db) => n + db.expiredKeys, 0);
  }
}

/** Default configuration: Redis's defaults. */
export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 6379,
    bind: "127.0.0.1",
    dir: ".",
    requirepass: "",
    databases: 16,
    protoMaxBulkLen: 512 * 1024 * 1024,
    clientQueryBufferLimit: 1024 * 1024 * 1024,
    appendonly: false,
    appendfilename: "appendonly.aof",
    appendfsync: "everysec",
    dbfilename: "dump.rdb",
    save: [],
    ...overrides,
  };
}
