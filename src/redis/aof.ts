/**
 * The append-only file writer (Redis's aof.c feedAppendOnlyFile and
 * flushAppendOnlyFile): write commands are encoded as RESP multibulk, with a
 * SELECT whenever the database changes, buffered during an event-loop turn and
 * written with write(2) before any reply of that turn is sent. appendfsync
 * `always` fsyncs before the replies too (an acknowledgment never precedes
 * durability), `everysec` fsyncs once a second on the Clock, `no` leaves it to
 * the OS. Explicit fds (openSync/writeSync/fsyncSync): durability over style.
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import type { Clock } from "../runtime/index.ts";

/** appendfsync. */
export type FsyncPolicy = "always" | "everysec" | "no";

/** Options for {@link AofWriter.open}. */
export interface AofWriterOptions {
  /** The policy in force, read at every flush (CONFIG SET appendfsync changes it live). */
  fsync: () => FsyncPolicy;
  clock: Clock;
  /** Called when a background (everysec) fsync fails. */
  onError?: (e: Error) => void;
}

const CRLF = 0x0d0a;

/** Encodes argv as a RESP multibulk request, as Redis writes it to the AOF (catAppendOnlyGenericCommand). */
export function encodeMultibulk(argv: Uint8Array[]): Uint8Array {
  const heads = argv.map((a) => `$${a.length}\r\n`);
  const first = `*${argv.length}\r\n`;
  let size = first.length;
  for (let i = 0; i < argv.length; i++) size += heads[i]!.length + argv[i]!.length + 2;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let p = ascii(out, 0, first);
  for (let i = 0; i < argv.length; i++) {
    p = ascii(out, p, heads[i]!);
    out.set(argv[i]!, p);
    p += argv[i]!.length;
    view.setUint16(p, CRLF);
    p += 2;
  }
  return out;
}

function ascii(out: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) out[p++] = s.charCodeAt(i);
  return p;
}

const selectCmd = (db: number) => encodeMultibulk([Buffer.from("SELECT"), Buffer.from(String(db))]);

/** A growable list of encoded commands and the database they leave selected. */
export class CommandBuffer {
  chunks: Uint8Array[] = [];
  size = 0;
  constructor(public selected = -1) {}

  /** Appends one command for database `db`, preceded by SELECT when the database changes. */
  push(db: number, cmd: Uint8Array): void {
    if (db !== this.selected) {
      const sel = selectCmd(db);
      this.chunks.push(sel);
      this.size += sel.length;
      this.selected = db;
    }
    this.chunks.push(cmd);
    this.size += cmd.length;
  }

  /** Hands over the bytes as one array and empties the buffer (the selected database is kept). */
  take(): Uint8Array {
    const out = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    return out;
  }
}

/** Writes every byte of `data` to `fd` (writeSync may write less than asked). */
export function writeAll(fd: number, data: Uint8Array): void {
  for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
}

/** An open AOF: feed commands, flush before replying, close on shutdown. */
export class AofWriter {
  #fd: number;
  #pending: CommandBuffer;
  #rewrite: CommandBuffer | undefined;
  #timer: unknown;
  #closed = false;
  #dirtySinceFsync = false;
  /** fsyncs done so far (INFO, tests). */
  fsyncs = 0;
  /** The error that stopped writes, if any (Redis answers writes with MISCONF then). */
  error: Error | undefined;

  private constructor(fd: number, selected: number, readonly options: AofWriterOptions) {
    this.#fd = fd;
    this.#pending = new CommandBuffer(selected);
    this.#schedule();
  }

  /** Opens (creating) `path` for appending; `selected` is the database the file's tail leaves selected (-1 = none). */
  static open(path: string, selected: number, options: AofWriterOptions): AofWriter {
    return new AofWriter(openSync(path, "a", 0o644), selected, options);
  }

  /** Buffers one command for database `db`; a running rewrite gets a copy (aof_rewrite_buf). */
  feed(db: number, argv: Uint8Array[]): void {
    // After a write error writes are refused (MISCONF), so nothing new should arrive; drop what does (expiry DELs).
    if (this.error) return;
    const cmd = encodeMultibulk(argv);
    this.#pending.push(db, cmd);
    this.#rewrite?.push(db, cmd);
  }

  /** Bytes fed and not yet written. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Writes buffered commands (and fsyncs under `always`); call before sending replies. Throws when the write fails. */
  flush(): void {
    if (this.#pending.size === 0) return;
    if (this.error) throw this.error;
    try {
      writeAll(this.#fd, this.#pending.take());
      this.#dirtySinceFsync = true;
      if (this.options.fsync() === "always") this.fsync();
    } catch (e) {
      this.error = e as Error;
      throw e;
    }
  }

  /** fsync(2) now if anything was written since the last one. */
  fsync(): void {
    if (!this.#dirtySinceFsync) return;
    fsyncSync(this.#fd);
    this.#dirtySinceFsync = false;
    this.fsyncs++;
  }

  #schedule(): void {
    this.#timer = this.options.clock.setTimeout(() => {
      if (this.#closed) return;
      try {
        if (this.options.fsync() === "everysec") {
          this.flush();
          this.fsync();
        }
      } catch (e) {
        this.error ??= e as Error;
        this.options.onError?.(e as Error);
      }
      this.#schedule();
    }, 1000);
    (this.#timer as { unref?: () => void })?.unref?.();
  }

  /** Starts collecting a copy of every fed command for a rewrite; the copy starts with no database selected. */
  startRewriteBuffer(): void {
    this.#rewrite = new CommandBuffer(-1);
  }

  /** Stops collecting and returns what a rewrite missed; undefined when none was running. */
  takeRewriteBuffer(): CommandBuffer | undefined {
    const b = this.#rewrite;
    this.#rewrite = undefined;
    return b;
  }

  /** Switches to a new file (already complete and fsynced up to the fed commands), whose tail selects `selected`. */
  switchTo(fd: number, selected: number): void {
    this.flush();
    this.fsync();
    closeSync(this.#fd);
    this.#fd = fd;
    this.#pending.selected = selected;
    this.#dirtySinceFsync = false;
  }

  /** Flushes, fsyncs and closes the file. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.options.clock.clearTimeout(this.#timer);
    try {
      if (!this.error) {
        this.flush();
        this.fsync();
      }
    } finally {
      closeSync(this.#fd);
    }
  }
}
