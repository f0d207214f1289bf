/**
 * BGREWRITEAOF without fork (Redis's rewriteAppendOnlyFileBackground): take a
 * snapshot, write it as the shortest commands that rebuild it into a temp
 * file a chunk per event-loop turn, while the writer keeps a copy of every
 * write fed meanwhile (aof_rewrite_buf). Then, in one synchronous step, append
 * that copy, fsync, rename over the AOF and switch the writer to the new file:
 * no write is lost and clients are never blocked by the encoding.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { bytes } from "./command.ts";
import { type AofWriter, CommandBuffer, encodeMultibulk, writeAll } from "./aof.ts";
import { formatStoredScore } from "./zset.ts";
import { type SnapDb, type SnapEntry, yieldTurn } from "./snapshot.ts";

/** AOF_REWRITE_ITEMS_PER_CMD: list, hash and set values are written 64 items per command. */
const ITEMS_PER_CMD = 64;
/** Bytes encoded per event-loop turn. */
const CHUNK = 1 << 20;

const b = (s: string) => bytes(s);

/** The commands that recreate one key (rewriteListObject, rewriteHashObject, rewriteSetObject, rewriteSortedSetObject). */
export function rewriteEntry(e: SnapEntry): Uint8Array[][] {
  const key = b(e.key);
  const cmds: Uint8Array[][] = [];
  const v = e.value;
  const batch = <T>(items: T[], name: string, args: (x: T) => Uint8Array[]) => {
    for (let i = 0; i < items.length; i += ITEMS_PER_CMD) cmds.push([b(name), key, ...items.slice(i, i + ITEMS_PER_CMD).flatMap(args)]);
  };
  if (v.type === "string") cmds.push([b("SET"), key, v.value]);
  else if (v.type === "list") batch(v.items, "RPUSH", (x) => [x]);
  else if (v.type === "hash") batch(v.entries, "HMSET", ([f, x]) => [b(f), x]);
  else if (v.type === "zset") batch(v.entries, "ZADD", (e) => [b(formatStoredScore(e.score)), b(e.member)]);
  else batch(v.members, "SADD", (m) => [b(m)]);
  if (e.expireAt !== undefined) cmds.push([b("PEXPIREAT"), key, b(String(e.expireAt))]);
  return cmds;
}

/** Options for {@link rewriteAof}. */
export interface RewriteOptions {
  /** Stops the rewrite early (server shutting down); the temp file is removed. */
  signal?: AbortSignal;
  /** Bytes encoded per event-loop turn (default 1 MB). */
  chunkBytes?: number;
}

/** Writes `snapshot` plus everything fed to `writer` meanwhile into a new file at `path`, then switches the writer to it (no writer: the AOF is off, just write the file). Returns the new size. */
export async function rewriteAof(snapshot: SnapDb[], writer: AofWriter | undefined, path: string, options: RewriteOptions = {}): Promise<number> {
  const tmp = join(dirname(path), `temp-rewriteaof-bg-${process.pid}.aof`);
  const fd = openSync(tmp, "w", 0o644);
  let size = 0;
  try {
    const out = new CommandBuffer(-1);
    for (const db of snapshot) {
      for (const e of db.entries) {
        for (const argv of rewriteEntry(e)) out.push(db.index, encodeMultibulk(argv));
        if (out.size >= (options.chunkBytes ?? CHUNK)) {
          size += out.size;
          writeAll(fd, out.take());
          await yieldTurn();
          if (options.signal?.aborted) throw new Error("rewrite aborted");
        }
      }
    }
    // From here to the switch everything is synchronous: no command runs in between.
    const missed = writer?.takeRewriteBuffer() ?? new CommandBuffer(-1);
    if (out.size > 0) {
      size += out.size;
      writeAll(fd, out.take());
    }
    let selected = out.selected;
    if (missed.size > 0) {
      size += missed.size;
      selected = missed.selected;
      writeAll(fd, missed.take());
    }
    fsyncSync(fd);
    renameSync(tmp, path);
    fsyncDir(dirname(path));
    if (writer) writer.switchTo(fd, selected);
    else closeSync(fd);
    return size;
  } catch (e) {
    writer?.takeRewriteBuffer();
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** fsyncs a directory so a rename in it is durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
