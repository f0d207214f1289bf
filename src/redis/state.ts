/**
 * Server-wide state shared by commands: the databases, configuration, the
 * connected clients and counters for INFO. No I/O happens here.
 */
import type { Clock } from "../runtime/index.ts";
import { type AccessTracking, Keyspace } from "./keyspace.ts";
import type { ReplyWriter } from "../wire/resp/index.ts";
import type { BlockState } from "./blocking.ts";
import type { MaxmemoryPolicy } from "./memory.ts";
import { STORED_DEFAULTS } from "./config-stored.ts";

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
  /** maxmemory in bytes of the memory model (memory.ts); 0 = no limit. */
  maxmemory: number;
  maxmemoryPolicy: MaxmemoryPolicy;
  /** maxmemory-samples: keys sampled per database per eviction. */
  maxmemorySamples: number;
  /** lfu-log-factor: how slowly the LFU counter grows. */
  lfuLogFactor: number;
  /** lfu-decay-time: minutes per decrement of an idle key's LFU counter. */
  lfuDecayTime: number;
  /** Parameters stored and reported back only (config-stored.ts): name → value. */
  stored: Record<string, string>;
}

/** What commands need from the persistence layer (implemented in persistence.ts). */
export interface Persistence {
  /** Whether writes are being logged (the AOF is on): every write must then go through `feed`. */
  readonly logging: boolean;
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
  /** Inside MULTI: the queued commands and whether queueing one failed (CLIENT_DIRTY_EXEC). */
  multi: { queue: Uint8Array[][]; error: boolean } | undefined;
  /** WATCHed keys ("db\0key") with whether each was already expired when watched. */
  watched: Map<string, boolean>;
  /** A watched key was modified (CLIENT_DIRTY_CAS). */
  dirtyCas: boolean;
  /** SUBSCRIBEd channels and PSUBSCRIBEd patterns (latin1). */
  channels: Set<string>;
  patterns: Set<string>;
  /** Running EXEC's queue (CLIENT_DENY_BLOCKING for SUBSCRIBE and blocking pops). */
  inExec: boolean;
  /** Writes an out-of-band message (pub/sub, a blocked pop's reply) to this client's connection. */
  deliver: (write: (out: ReplyWriter) => void) => void;
  /** Waiting in BLPOP/BRPOP/BLMOVE. */
  blocked: BlockState | undefined;
  /** Called when the client stops being blocked: its connection goes on with buffered commands. */
  resume: () => void;
  /** The server's side of the connection (CLIENT LIST's laddr). */
  laddr: string;
  /** A file-descriptor-like number: the lowest free one from 8 up, as Redis's clients get. */
  fd: number;
  /** When the client last sent a command (ms): CLIENT LIST's idle. */
  lastInteraction: number;
  /** CLIENT REPLY state: REPLY_OFF, REPLY_SKIP, REPLY_SKIP_NEXT bits (Redis's CLIENT_REPLY_* flags). */
  reply: number;
  /** Closes the connection now (CLIENT KILL of another client); the client is unregistered at once. */
  kill: () => void;
  /** Connection figures for CLIENT LIST. */
  connInfo: () => ConnInfo;
}

/** CLIENT REPLY OFF: no replies until ON. */
export const REPLY_OFF = 1;
/** CLIENT REPLY SKIP took effect: this command's reply is dropped. */
export const REPLY_SKIP = 2;
/** CLIENT REPLY SKIP was just run: the next command's reply is dropped. */
export const REPLY_SKIP_NEXT = 4;

/** Buffer figures of a connection, in CLIENT LIST's names. */
export interface ConnInfo {
  qbuf: number;
  qbufFree: number;
  obl: number;
  oll: number;
  omem: number;
}

/** What the server knows of a connection when it registers its client. */
export interface ClientOptions {
  setProto?: (proto: 2 | 3) => void;
  deliver?: Client["deliver"];
  laddr?: string;
  fd?: number;
  kill?: () => void;
  connInfo?: () => ConnInfo;
}

/** The watch-table key of `key` in database `db`. */
export const watchKey = (db: number, key: string): string => `${db}\u0000${key}`;

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
  /** Keys removed by maxmemory eviction (INFO's evicted_keys). */
  evictedKeys = 0;
  tcpPort = 0;
  /** Changes since the last successful save (Redis's server.dirty). */
  dirty = 0;
  /** Unix seconds of the last successful save (LASTSAVE). */
  lastSave: number;
  /** The AOF/RDB layer, when the server runs with persistence. */
  persistence: Persistence | undefined;
  /** Set by a non-deterministic write (SPOP) to log these commands instead of itself (Redis's alsoPropagate). */
  propagateAs: Uint8Array[][] | undefined;
  /** Set by a write that changed nothing although its reply does not say so (SET NX that did not set, SMOVE to itself …): not signalled, counted or logged. */
  noop = false;
  /** Set by a write whose changed keys are not its key positions (COPY … DB, MOVE): [db, key] pairs to signal instead. */
  signalAs: [number, string][] | undefined;
  /** Where DEBUG LOG writes (the server's logger at warn level). */
  log: (msg: string) => void = () => {};
  /** A random source in [0, 1): RANDOMKEY, SPOP, SRANDMEMBER, HRANDFIELD, expiry sampling. */
  random: () => number = Math.random;

  constructor(
    readonly config: ServerConfig,
    readonly clock: Clock,
  ) {
    this.tracking = { lfu: false, logFactor: 10, decayTime: 1, random: () => this.random() };
    this.applyConfig();
    this.dbs = Array.from({ length: config.databases }, (_, i) => {
      const db = new Keyspace(clock, this.tracking);
      this.#bindExpire(db, i);
      return db;
    });
    this.startedAt = clock.now();
    this.lastSave = Math.floor(this.startedAt / 1000);
    this.runId = Array.from({ length: 40 }, () => "0123456789abcdef"[Math.floor(Math.random() * 16)]).join("");
  }

  /** Access tracking shared by the databases (LRU clock or LFU counter), following the config. */
  readonly tracking: AccessTracking;

  /** Applies config changes the databases follow (CONFIG SET calls it). */
  applyConfig(): void {
    this.tracking.lfu = this.config.maxmemoryPolicy.endsWith("-lfu");
    this.tracking.logFactor = this.config.lfuLogFactor;
    this.tracking.decayTime = this.config.lfuDecayTime;
  }

  /** The eviction pool (evict.c's EvictionPoolLRU): the best candidates seen, ascending by idle score. */
  readonly evictionPool: { db: number; key: string; idle: number }[] = [];
  /** The database random eviction tries next (round robin). */
  nextEvictDb = 0;

  #bindExpire(db: Keyspace, i: number): void {
    const DEL = Uint8Array.of(0x44, 0x45, 0x4c);
    db.onExpire = (key) => {
      this.touch(i, key);
      this.persistence?.feed(i, [DEL, Buffer.from(key, "latin1")]);
    };
  }

  /** Clients WATCHing each key (watchKey form). */
  readonly watchers = new Map<string, Set<Client>>();

  /** touchWatchedKey: marks every client watching `key` in `db` dirty. */
  touch(db: number, key: string): void {
    const ws = this.watchers.get(watchKey(db, key));
    if (ws) for (const c of ws) c.dirtyCas = true;
  }

  /** touchAllWatchedKeysInDb: marks dirty the watchers of keys that exist in `db` (before a flush or swap). */
  touchExisting(db: number): void {
    for (const [wk, ws] of this.watchers) {
      const sep = wk.indexOf("\u0000");
      if (Number(wk.slice(0, sep)) === db && this.dbs[db]!.has(wk.slice(sep + 1))) for (const c of ws) c.dirtyCas = true;
    }
  }

  /** unwatchAllKeys. */
  unwatchAll(c: Client): void {
    for (const wk of c.watched.keys()) {
      const ws = this.watchers.get(wk);
      ws?.delete(c);
      if (ws?.size === 0) this.watchers.delete(wk);
    }
    c.watched.clear();
    c.dirtyCas = false;
  }

  /** SWAPDB: exchanges two databases (indexes already validated). */
  swapDbs(a: number, b: number): void {
    const da = this.dbs[a]!;
    const db = this.dbs[b]!;
    this.dbs[a] = db;
    this.dbs[b] = da;
    this.#bindExpire(db, a);
    this.#bindExpire(da, b);
  }

  /** Blocked clients per key (watchKey form), in arrival order, and keys written since that have waiters. */
  readonly waiters = new Map<string, Client[]>();
  readonly readyKeys = new Set<string>();
  /** Nesting of `execute` (EXEC runs commands inside a command). */
  depth = 0;

  /** Channel → subscribers and pattern → subscribers (pubsub.c's server.pubsub_channels/patterns). */
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();

  /** Creates and registers a client; `deliver` writes pub/sub messages to its connection. */
  newClient(addr: string, options: ClientOptions = {}): Client {
    const now = this.clock.now();
    const c: Client = {
      id: this.nextClientId++,
      name: "",
      db: 0,
      authenticated: this.config.requirepass === "",
      closeAfterReply: false,
      addr,
      createdAt: now,
      lastCommand: "NULL",
      proto: 2,
      setProto: options.setProto ?? (() => {}),
      multi: undefined,
      watched: new Map(),
      dirtyCas: false,
      channels: new Set(),
      patterns: new Set(),
      inExec: false,
      deliver: options.deliver ?? (() => {}),
      blocked: undefined,
      resume: () => {},
      laddr: options.laddr ?? `${this.config.bind}:${this.tcpPort || this.config.port}`,
      fd: options.fd ?? -1,
      lastInteraction: now,
      reply: 0,
      kill: options.kill ?? (() => this.clients.delete(c.id)),
      connInfo: options.connInfo ?? (() => ({ qbuf: 0, qbufFree: 0, obl: 0, oll: 0, omem: 0 })),
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
    maxmemory: 0,
    maxmemoryPolicy: "noeviction",
    maxmemorySamples: 5,
    lfuLogFactor: 10,
    lfuDecayTime: 1,
    ...overrides,
    stored: { ...STORED_DEFAULTS, ...overrides.stored },
  };
}
