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
  /** A random source in [0, 1): RANDOMKEY, expiry sampling. */
  random: () => number = Math.random;

  constructor(
    readonly config: ServerConfig,
    readonly clock: Clock,
  ) {
    this.dbs = Array.from({ length: config.databases }, () => new Keyspace(clock));
    this.startedAt = clock.now();
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
    ...overrides,
  };
}
