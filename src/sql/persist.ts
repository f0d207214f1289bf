/**
 * Durability: an atomic snapshot file (write temp, fsync, rename, fsync directory) plus a write-ahead log of
 * committed statements beside it (`<path>-wal`). Each commit appends one JSON line with a sequence number and
 * fsyncs before the statement reports success, so committed changes survive kill -9; a torn last line is
 * ignored on replay. Snapshots record the last sequence they contain, so replay skips records already applied.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, ftruncateSync, fstatSync } from "node:fs";
import { dirname } from "node:path";
import type { SqlValue } from "./values.ts";

/** A committed unit: SQL statements and/or bulk-loaded rows, in order. */
export type WalOp = { sql: string } | { table: string; rows: SqlValue[][] };

/** Snapshot content. */
export interface Snapshot { seq: number; schema: string[]; data: Record<string, SqlValue[][]> }

function replacer(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? { $b: v.toString() } : v;
}
function reviver(_k: string, v: unknown): unknown {
  return v && typeof v === "object" && "$b" in (v as object) ? BigInt((v as { $b: string }).$b) : v;
}

/** The files of one database. */
export class Store {
  private walFd: number;
  seq = 0;
  walBytes = 0;

  constructor(readonly path: string) {
    this.walFd = openSync(path + "-wal", "a+");
  }

  /** Reads the snapshot (if any) and the committed WAL records after it. */
  load(): { snap: Snapshot | undefined; ops: WalOp[][] } {
    let snap: Snapshot | undefined;
    if (existsSync(this.path)) {
      const text = readFileSync(this.path, "utf8");
      if (text.length) snap = JSON.parse(text, reviver) as Snapshot;
    }
    this.seq = snap?.seq ?? 0;
    const ops: WalOp[][] = [];
    const wal = readFileSync(this.path + "-wal", "utf8");
    let good = 0;
    for (let pos = 0; pos < wal.length;) {
      const nl = wal.indexOf("\n", pos);
      if (nl < 0) break;
      let rec: { seq: number; ops: WalOp[] };
      try { rec = JSON.parse(wal.slice(pos, nl), reviver); } catch { break; }
      pos = nl + 1;
      good = pos;
      if (rec.seq <= this.seq) continue;
      this.seq = rec.seq;
      ops.push(rec.ops);
    }
    if (good < Buffer.byteLength(wal)) {
      // drop a torn tail so later appends start on a clean line
      ftruncateSync(this.walFd, Buffer.byteLength(wal.slice(0, good)));
      fsyncSync(this.walFd);
    }
    this.walBytes = fstatSync(this.walFd).size;
    return { snap, ops };
  }

  /** Appends one committed unit and fsyncs it. */
  append(ops: WalOp[]): void {
    const line = JSON.stringify({ seq: ++this.seq, ops }, replacer) + "\n";
    const buf = Buffer.from(line);
    writeSync(this.walFd, buf);
    fsyncSync(this.walFd);
    this.walBytes += buf.length;
  }

  /** Writes a snapshot atomically, then empties the WAL. */
  checkpoint(schema: string[], data: Record<string, SqlValue[][]>): void {
    const tmp = this.path + ".tmp";
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, JSON.stringify({ seq: this.seq, schema, data } satisfies Snapshot, replacer));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    try { const d = openSync(dirname(this.path), "r"); fsyncSync(d); closeSync(d); } catch { /* directories cannot be fsynced everywhere */ }
    ftruncateSync(this.walFd, 0);
    fsyncSync(this.walFd);
    this.walBytes = 0;
  }

  close(): void {
    closeSync(this.walFd);
  }
}
