/**
 * The persistence layer (Redis's aof.c + rdb.c + serverCron's save rules):
 * loads the AOF (when appendonly is on) or else the RDB at start, logs every
 * write to the AOF, runs `save` rules, SAVE/BGSAVE/BGREWRITEAOF/DEBUG
 * RELOAD/SHUTDOWN. Background work runs on a snapshot across event-loop turns.
 */
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadAofInto, type AofLoadReport } from "./aof-load.ts";
import { AofWriter } from "./aof.ts";
import { rewriteAof } from "./aof-rewrite.ts";
import type { CommandTable } from "./dispatch.ts";
import { insertEntries, readRdb } from "./rdb-reader.ts";
import { saveRdbBackground, saveRdbSync } from "./rdb-writer.ts";
import { takeSnapshot } from "./snapshot.ts";
import type { Persistence, ServerState } from "./state.ts";

/** The logging persistence does (a subset of src/log's Logger). */
export interface PersistenceLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** What was loaded at start. */
export type LoadReport =
  | { source: "none" }
  | ({ source: "aof"; path: string } & AofLoadReport)
  | { source: "rdb"; path: string; keys: number };

/** A data file could not be loaded: the server must not start (exit 1). */
export class RedisLoadError extends Error {
  readonly code = "ERR_REDIS_LOAD";
  override name = "RedisLoadError";
}

/** Options for {@link DiskPersistence}. */
export interface DiskPersistenceOptions {
  table: CommandTable;
  log?: PersistenceLog;
  /** Called once SHUTDOWN has saved: the server stops. */
  onShutdown?: () => void;
  /** Bytes written per event-loop turn by BGSAVE and BGREWRITEAOF (default 1 MB). */
  chunkBytes?: number;
}

/** AOF + RDB on the local file system, under config.dir. */
export class DiskPersistence implements Persistence {
  #aof: AofWriter | undefined;
  #timer: unknown;
  #bgsave: Promise<void> | undefined;
  #rewrite: Promise<void> | undefined;
  #abort = new AbortController();
  #lastBgsaveOk = true;
  #lastRewriteOk = true;
  #closed = false;
  #shutdownDone = false;

  constructor(
    readonly state: ServerState,
    readonly options: DiskPersistenceOptions,
  ) {}

  /** The AOF path: appendfilename under dir. */
  get aofPath(): string {
    return resolve(this.state.config.dir, this.state.config.appendfilename);
  }

  /** The RDB path: dbfilename under dir. */
  get rdbPath(): string {
    return resolve(this.state.config.dir, this.state.config.dbfilename);
  }

  /** The open AOF writer, when appendonly is on. */
  get aof(): AofWriter | undefined {
    return this.#aof;
  }

  /** Loads the AOF when appendonly is on (even if an RDB exists, as Redis does), else the RDB; throws RedisLoadError on corruption. */
  load(): LoadReport {
    const { config } = this.state;
    if (config.appendonly) {
      if (!existsSync(this.aofPath)) return { source: "none" };
      const report = loadAofInto(this.state, this.options.table, readFileSync(this.aofPath), this.aofPath);
      if (report.truncatedAt !== undefined) {
        this.options.log?.warn("short read while loading the AOF file: truncating the AOF at the last complete command", {
          path: this.aofPath,
          offset: report.truncatedAt,
          size: statSync(this.aofPath).size,
        });
        truncateSync(this.aofPath, report.truncatedAt);
      }
      return { source: "aof", path: this.aofPath, ...report };
    }
    if (!existsSync(this.rdbPath)) return { source: "none" };
    return { source: "rdb", path: this.rdbPath, keys: this.loadRdb() };
  }

  /** Replaces the databases with the RDB's contents; returns the key count. */
  loadRdb(): number {
    let parsed: ReturnType<typeof readRdb>;
    try {
      parsed = readRdb(readFileSync(this.rdbPath));
    } catch (e) {
      const offset = (e as { offset?: number }).offset;
      throw new RedisLoadError(`load rdb "${this.rdbPath}"${offset !== undefined ? ` at offset ${offset}` : ""}: ${(e as Error).message}`, { cause: e });
    }
    for (const db of this.state.dbs) db.clear();
    let n: number;
    try {
      n = insertEntries(this.state.dbs, parsed.entries, { now: this.state.clock.now(), skipExpired: true });
    } catch (e) {
      throw new RedisLoadError(`load rdb "${this.rdbPath}": ${(e as Error).message}`, { cause: e });
    }
    this.state.dirty = 0;
    return n;
  }

  /** Opens the AOF for appending and starts the save-rules timer; call after load. */
  start(selectedDb = -1): void {
    if (this.state.config.appendonly) {
      this.#aof = AofWriter.open(this.aofPath, selectedDb, this.#aofOptions());
    }
    this.#cron();
  }

  #aofOptions() {
    return {
      fsync: () => this.state.config.appendfsync,
      clock: this.state.clock,
      onError: (e: Error) => this.options.log?.warn("error writing to the AOF", { error: e.message }),
    };
  }

  #cron(): void {
    this.#timer = this.state.clock.setTimeout(() => {
      if (this.#closed) return;
      const now = this.state.clock.now();
      const due = this.state.config.save.some(([secs, changes]) => this.state.dirty >= changes && now / 1000 - this.state.lastSave >= secs);
      if (due && !this.#bgsave) this.bgsave();
      this.#cron();
    }, 1000);
    (this.#timer as { unref?: () => void })?.unref?.();
  }

  setAppendonly(on: boolean): string | undefined {
    if (on === (this.#aof !== undefined)) return undefined;
    if (this.#rewrite) return "Background append only file rewriting in progress";
    try {
      if (on) {
        // startAppendOnly: a fresh file that a rewrite of the current data replaces, followed by every write since.
        writeFileSync(this.aofPath, "");
        this.#aof = AofWriter.open(this.aofPath, -1, this.#aofOptions());
        this.rewriteAof();
      } else {
        const aof = this.#aof!;
        this.#aof = undefined;
        aof.close();
      }
    } catch (e) {
      return (e as Error).message;
    }
    return undefined;
  }

  get logging(): boolean {
    return this.#aof !== undefined;
  }

  feed(db: number, argv: Uint8Array[]): void {
    this.#aof?.feed(db, argv);
  }

  /** Writes (and under `always` fsyncs) the AOF; call before sending the replies of a turn. */
  beforeReply(): void {
    this.#aof?.flush();
  }

  writeError(): string | undefined {
    return this.#aof?.error?.message;
  }

  rewriteAof(): { ok: string } | { err: string } {
    if (this.#rewrite) return { err: "ERR Background append only file rewriting already in progress" };
    const snapshot = takeSnapshot(this.state);
    this.#aof?.startRewriteBuffer();
    const started = this.state.clock.now();
    this.#rewrite = rewriteAof(snapshot, this.#aof, this.aofPath, { signal: this.#abort.signal, ...(this.options.chunkBytes ? { chunkBytes: this.options.chunkBytes } : {}) })
      .then((size) => {
        this.#lastRewriteOk = true;
        this.options.log?.info("background AOF rewrite finished successfully", { path: this.aofPath, bytes: size, ms: this.state.clock.now() - started });
      })
      .catch((e: Error) => {
        this.#lastRewriteOk = false;
        if (!this.#closed) this.options.log?.warn("background AOF rewrite failed", { error: e.message });
      })
      .finally(() => (this.#rewrite = undefined));
    return { ok: "Background append only file rewriting started" };
  }

  /** Resolves when any background save or rewrite has finished. */
  async idle(): Promise<void> {
    await Promise.all([this.#bgsave, this.#rewrite]);
  }

  save(): string | undefined {
    if (this.#bgsave) return "ERR Background save already in progress";
    try {
      saveRdbSync(takeSnapshot(this.state), this.rdbPath, this.#rdbOptions());
    } catch (e) {
      this.options.log?.warn("error saving the DB on disk", { error: (e as Error).message });
      return "ERR";
    }
    this.state.dirty = 0;
    this.state.lastSave = Math.floor(this.state.clock.now() / 1000);
    return undefined;
  }

  bgsave(): { ok: string } | { err: string } {
    if (this.#bgsave) return { err: "ERR Background save already in progress" };
    const dirtyBefore = this.state.dirty;
    const snapshot = takeSnapshot(this.state);
    this.#bgsave = saveRdbBackground(snapshot, this.rdbPath, this.#rdbOptions())
      .then(() => {
        this.#lastBgsaveOk = true;
        this.state.dirty -= dirtyBefore;
        this.state.lastSave = Math.floor(this.state.clock.now() / 1000);
        this.options.log?.info("background saving terminated with success", { path: this.rdbPath });
      })
      .catch((e: Error) => {
        this.#lastBgsaveOk = false;
        this.options.log?.warn("background saving error", { error: e.message });
      })
      .finally(() => (this.#bgsave = undefined));
    return { ok: "Background saving started" };
  }

  #rdbOptions() {
    return { now: Math.floor(this.state.clock.now() / 1000), usedMem: process.memoryUsage().heapUsed, ...(this.options.chunkBytes ? { chunkBytes: this.options.chunkBytes } : {}) };
  }

  reload(): string | undefined {
    const err = this.save();
    if (err) return err;
    try {
      this.loadRdb();
    } catch (e) {
      return `ERR Error trying to load the RDB dump: ${(e as Error).message}`;
    }
    return undefined;
  }

  shutdown(mode: "save" | "nosave" | "default"): string | undefined {
    try {
      this.#aof?.flush();
      this.#aof?.fsync();
    } catch (e) {
      return `ERR Errors trying to SHUTDOWN. Check logs.`;
    }
    if (mode === "save" || (mode === "default" && this.state.config.save.length > 0)) {
      if (this.save() !== undefined) return "ERR Errors trying to SHUTDOWN. Check logs.";
    }
    this.#shutdownDone = true;
    this.options.onShutdown?.();
    return undefined;
  }

  info(): [string, string | number][] {
    return [
      ["loading", 0],
      ["rdb_changes_since_last_save", this.state.dirty],
      ["rdb_bgsave_in_progress", this.#bgsave ? 1 : 0],
      ["rdb_last_save_time", this.state.lastSave],
      ["rdb_last_bgsave_status", this.#lastBgsaveOk ? "ok" : "err"],
      ["aof_enabled", this.#aof ? 1 : 0],
      ["aof_rewrite_in_progress", this.#rewrite ? 1 : 0],
      ["aof_last_bgrewrite_status", this.#lastRewriteOk ? "ok" : "err"],
      ["aof_last_write_status", this.#aof?.error ? "err" : "ok"],
    ];
  }

  /**
   * Stops timers, abandons a running rewrite, flushes, fsyncs and closes the
   * AOF; with save rules configured it also saves the RDB, as Redis does on
   * SIGTERM (prepareForShutdown), unless SHUTDOWN already decided.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.state.clock.clearTimeout(this.#timer);
    this.#abort.abort();
    await this.idle();
    try {
      if (!this.#shutdownDone && this.state.config.save.length > 0) {
        const err = this.save();
        if (err) this.options.log?.warn("error saving the DB on shutdown", { path: this.rdbPath });
        else this.options.log?.info("DB saved on disk", { path: this.rdbPath });
      }
    } finally {
      this.#aof?.close();
    }
  }
}
