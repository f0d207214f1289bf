/**
 * RDB writer (Redis's rdbSaveRio), version 10 as Redis 7.0 writes it: magic
 * `REDIS0010`, AUX fields (redis-ver, redis-bits, ctime, used-mem, aof-base),
 * per database SELECTDB + RESIZEDB, per key an optional EXPIRETIME_MS, the
 * type and the value; then EOF and the CRC64 of everything before it
 * (little-endian). Strings up to 11 bytes that are int32s are int-encoded;
 * others are stored plain (no LZF). Lists are QUICKLIST_2 of packed
 * listpacks, small hashes listpacks, small integer sets intsets,
 * small sorted sets ZSET_LISTPACK and others ZSET_2 (binary doubles).
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeAll } from "./aof.ts";
import { fsyncDir } from "./aof-rewrite.ts";
import { bytes } from "./command.ts";
import { Crc64 } from "./crc64.ts";
import { lzfCompress } from "./lzf.ts";
import { encodeIntset, intsetMembers } from "./intset.ts";
import { encodeListpack, entry } from "./listpack.ts";
import { ENC, LEN, LIMITS, OP, QL, RDB_VERSION, T } from "./rdb-format.ts";
import { type SnapDb, type SnapEntry, type SnapValue, yieldTurn } from "./snapshot.ts";
import { REDIS_VERSION } from "./state.ts";
import { formatStoredScore } from "./zset.ts";
import { parseInt64 } from "../wire/resp/index.ts";

/** A growable byte buffer with RDB's primitive encoders. */
export class RdbBuffer {
  #buf = new Uint8Array(64 * 1024);
  length = 0;
  /** rdbcompression: LZF-compress strings over 20 bytes (default yes, as Redis). */
  readonly compression: boolean;

  constructor(options: { compression?: boolean } = {}) {
    this.compression = options.compression ?? true;
  }

  #reserve(n: number): void {
    if (this.length + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.length));
    this.#buf = next;
  }

  /** Raw bytes. */
  raw(b: Uint8Array | number[]): void {
    this.#reserve(b.length);
    this.#buf.set(b, this.length);
    this.length += b.length;
  }

  /** One byte (a type or opcode). */
  byte(b: number): void {
    this.raw([b]);
  }

  /** rdbSaveLen. */
  len(n: number): void {
    if (n < 1 << 6) this.byte(n);
    else if (n < 1 << 14) this.raw([0x40 | (n >>> 8), n & 0xff]);
    else if (n <= 0xffffffff) this.raw([LEN.BITS32, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
    else {
      const b = new Uint8Array(9);
      b[0] = LEN.BITS64;
      new DataView(b.buffer).setBigUint64(1, BigInt(n));
      this.raw(b);
    }
  }

  /** rdbSaveRawString: int-encoded when it is a canonical int32 of at most 11 bytes (rdbTryIntegerEncoding), LZF-compressed when longer than 20 bytes and compressible (rdbcompression yes), else length + bytes. */
  string(s: Uint8Array): void {
    if (s.length > 0 && s.length <= 11) {
      const n = parseInt64(s, 0, s.length);
      if (typeof n === "number") {
        const enc = 0xc0;
        if (n >= -128 && n <= 127) return this.raw([enc | ENC.INT8, n & 0xff]);
        if (n >= -32768 && n <= 32767) return this.raw([enc | ENC.INT16, n & 0xff, (n >> 8) & 0xff]);
        if (n >= -2147483648 && n <= 2147483647) return this.raw([enc | ENC.INT32, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]);
      }
    }
    // rdbSaveLzfStringObject: over 20 bytes, LZF when it saves at least 4 bytes.
    if (this.compression && s.length > 20) {
      const c = lzfCompress(s, s.length - 4);
      if (c) {
        this.byte(0xc0 | ENC.LZF);
        this.len(c.length);
        this.len(s.length);
        this.raw(c);
        return;
      }
    }
    this.len(s.length);
    this.raw(s);
  }

  /** An 8-byte little-endian millisecond time (rdbSaveMillisecondTime). */
  ms(t: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt(t), true);
    this.raw(b);
  }

  /** Hands over the bytes and empties the buffer. */
  take(): Uint8Array {
    const out = this.#buf.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/** An empty listpack's bytes: 6 header + 1 end. */
const LP_EMPTY = 7;
const fitsListpack = (xs: Uint8Array[]) => xs.every((x) => x.length <= LIMITS.hashValue);

/** The type byte, the key (when given) and the value (rdbSaveObjectType, key, rdbSaveObject). */
export function writeValue(out: RdbBuffer, v: SnapValue, key?: string): void {
  const k = () => key !== undefined && out.string(bytes(key));
  if (v.type === "string") {
    out.byte(T.STRING);
    k();
    out.string(v.value);
  } else if (v.type === "list") {
    out.byte(T.LIST_QUICKLIST_2);
    k();
    // Nodes split as 7.0's quicklist splits tail pushes (list-max-listpack-size -2): an item joins the
    // tail node while its listpack bytes + the item's length + SIZE_ESTIMATE_OVERHEAD (8) stay within 8 KB.
    const nodes: Uint8Array[][] = [];
    let node: Uint8Array[] = [];
    let size = LP_EMPTY;
    for (const item of v.items) {
      if (node.length > 0 && size + item.length + 8 > LIMITS.listNodeBytes) nodes.push(node), (node = []), (size = LP_EMPTY);
      node.push(item);
      size += entry(item).length;
    }
    if (node.length > 0) nodes.push(node);
    out.len(nodes.length);
    for (const n of nodes) {
      out.len(QL.PACKED);
      out.string(encodeListpack(n));
    }
  } else if (v.type === "hash") {
    const flat = v.entries.flatMap(([f, x]) => [bytes(f), x]);
    if (!v.big && v.entries.length <= LIMITS.hashEntries && fitsListpack(flat)) {
      out.byte(T.HASH_LISTPACK);
      k();
      out.string(encodeListpack(flat));
    } else {
      out.byte(T.HASH);
      k();
      out.len(v.entries.length);
      for (const x of flat) out.string(x);
    }
  } else if (v.type === "zset") {
    const members = v.entries.map((e) => bytes(e.member));
    if (!v.big && v.entries.length <= LIMITS.zsetEntries && members.every((m) => m.length <= LIMITS.zsetValue)) {
      // zzlInsertAt: member then score as d2string text (integral scores become listpack integers).
      out.byte(T.ZSET_LISTPACK);
      k();
      out.string(encodeListpack(v.entries.flatMap((e, i) => [members[i]!, bytes(formatStoredScore(e.score))])));
    } else {
      // rdbSaveObject writes the skiplist from the tail so loading inserts at the head.
      out.byte(T.ZSET_2);
      k();
      out.len(v.entries.length);
      for (let i = v.entries.length - 1; i >= 0; i--) {
        out.string(members[i]!);
        const d = new Uint8Array(8);
        new DataView(d.buffer).setFloat64(0, v.entries[i]!.score, true);
        out.raw(d);
      }
    }
  } else {
    const ints = !v.big && v.members.length <= LIMITS.intsetEntries ? intsetMembers(v.members) : null;
    if (ints) {
      out.byte(T.SET_INTSET);
      k();
      out.string(encodeIntset(ints));
    } else {
      out.byte(T.SET);
      k();
      out.len(v.members.length);
      for (const m of v.members) out.string(bytes(m));
    }
  }
}

function aux(out: RdbBuffer, key: string, value: string): void {
  out.byte(OP.AUX);
  out.string(bytes(key));
  out.string(bytes(value));
}

/** One key: optional EXPIRETIME_MS, then type, key and value (rdbSaveKeyValuePair). */
export function writeEntry(out: RdbBuffer, e: SnapEntry): void {
  if (e.expireAt !== undefined) {
    out.byte(OP.EXPIRETIME_MS);
    out.ms(e.expireAt);
  }
  writeValue(out, e.value, e.key);
}

/** Options for {@link rdbChunks}. */
export interface RdbWriteOptions {
  /** ctime AUX field, Unix seconds. */
  now: number;
  /** used-mem AUX field. */
  usedMem?: number;
  /** Bytes per chunk (default 1 MB): BGSAVE yields to the event loop between chunks. */
  chunkBytes?: number;
}

/** The RDB file for a snapshot as chunks of about 1 MB; the last chunk is the CRC64 trailer. */
export function* rdbChunks(snapshot: SnapDb[], options: RdbWriteOptions): Generator<Uint8Array> {
  const out = new RdbBuffer();
  const crc = new Crc64();
  out.raw(bytes(`REDIS${String(RDB_VERSION).padStart(4, "0")}`));
  aux(out, "redis-ver", REDIS_VERSION);
  aux(out, "redis-bits", "64");
  aux(out, "ctime", String(options.now));
  aux(out, "used-mem", String(options.usedMem ?? 0));
  aux(out, "aof-base", "0");
  for (const db of snapshot) {
    out.byte(OP.SELECTDB);
    out.len(db.index);
    out.byte(OP.RESIZEDB);
    out.len(db.entries.length);
    out.len(db.expires);
    for (const e of db.entries) {
      writeEntry(out, e);
      if (out.length >= (options.chunkBytes ?? 1 << 20)) {
        const chunk = out.take();
        crc.update(chunk);
        yield chunk;
      }
    }
  }
  out.byte(OP.EOF);
  const rest = out.take();
  crc.update(rest);
  yield rest;
  yield crc.bytesLE();
}

/** The whole RDB file for a snapshot. */
export function encodeRdb(snapshot: SnapDb[], options: RdbWriteOptions): Uint8Array {
  return Buffer.concat([...rdbChunks(snapshot, options)]);
}

/** Writes chunks to a temp file beside `path`, fsyncs, renames over `path` and fsyncs the directory (rdbSave); returns the size. */
function commit(path: string, write: (fd: number) => number | Promise<number>): number | Promise<number> {
  const tmp = join(dirname(path), `temp-${process.pid}.rdb`);
  const fd = openSync(tmp, "w", 0o644);
  const fail = (e: unknown): never => {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  };
  const finish = (size: number) => {
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
    fsyncDir(dirname(path));
    return size;
  };
  try {
    const r = write(fd);
    return typeof r === "number" ? finish(r) : r.then(finish, fail);
  } catch (e) {
    return fail(e);
  }
}

/** SAVE: writes the snapshot to `path` synchronously. */
export function saveRdbSync(snapshot: SnapDb[], path: string, options: RdbWriteOptions): number {
  return commit(path, (fd) => {
    let size = 0;
    for (const chunk of rdbChunks(snapshot, options)) writeAll(fd, chunk), (size += chunk.length);
    return size;
  }) as number;
}

/** BGSAVE: writes the snapshot to `path` a chunk per event-loop turn. */
export function saveRdbBackground(snapshot: SnapDb[], path: string, options: RdbWriteOptions): Promise<number> {
  return Promise.resolve(
    commit(path, async (fd) => {
      let size = 0;
      for (const chunk of rdbChunks(snapshot, options)) {
        writeAll(fd, chunk);
        size += chunk.length;
        await yieldTurn();
      }
      return size;
    }),
  );
}
