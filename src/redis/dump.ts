/**
 * DUMP and RESTORE (cluster.c): a payload is one value in RDB encoding
 * (type byte + rdbSaveObject), the 2-byte little-endian RDB version (10) and
 * a CRC64 of everything before it, little-endian. Strings are written
 * without LZF compression, so values whose RDB strings exceed 20 bytes and
 * compress are valid but not byte-identical to redis-server's payloads.
 */
import { cmd, E, latin1, parseIntArg, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { Crc64 } from "./crc64.ts";
import type { RValue } from "./keyspace.ts";
import { OP, RDB_VERSION } from "./rdb-format.ts";
import { readRdb } from "./rdb-reader.ts";
import { RdbBuffer, writeValue } from "./rdb-writer.ts";
import { snapValue } from "./snapshot.ts";

/** The DUMP payload of a value. */
export function dumpPayload(v: RValue): Uint8Array {
  const out = new RdbBuffer();
  writeValue(out, snapValue(v));
  out.raw([RDB_VERSION & 0xff, (RDB_VERSION >> 8) & 0xff]);
  const body = out.take();
  const crc = new Crc64().update(body).bytesLE();
  const payload = new Uint8Array(body.length + 8);
  payload.set(body);
  payload.set(crc, body.length);
  return payload;
}

/** rdbSavedObjectLen: the RDB encoding's length without the type byte (DEBUG OBJECT's serializedlength). */
export function serializedLength(v: RValue): number {
  const out = new RdbBuffer();
  writeValue(out, snapValue(v));
  return out.length - 1;
}

/** verifyDumpPayload: a footer with a version we read and a matching CRC64. */
function verify(p: Uint8Array): boolean {
  if (p.length < 10) return false;
  const version = p[p.length - 10]! | (p[p.length - 9]! << 8);
  if (version > RDB_VERSION) return false;
  const crc = new Crc64().update(p.subarray(0, p.length - 8)).bytesLE();
  return crc.every((b, i) => b === p[p.length - 8 + i]);
}

/** Decodes a verified payload's value by framing it as a one-key RDB file (checksum 0 = unchecked); null when malformed. */
function decode(p: Uint8Array): RValue | null {
  const head = new TextEncoder().encode(`REDIS${String(RDB_VERSION).padStart(4, "0")}`);
  const body = p.subarray(0, p.length - 10);
  if (body.length < 1) return null;
  const file = new Uint8Array(head.length + 2 + 1 + 2 + (body.length - 1) + 9);
  let o = 0;
  file.set(head, o), (o += head.length);
  file.set([OP.SELECTDB, 0, body[0]!, 1, 0x6b], o), (o += 5);
  file.set(body.subarray(1), o), (o += body.length - 1);
  file[o] = OP.EOF;
  try {
    const { entries, end } = readRdb(file);
    return entries.length === 1 && end === file.length ? entries[0]!.value : null;
  } catch {
    return null;
  }
}

function dump({ db, argv, out }: CommandContext): void {
  const v = db.get(latin1(argv[1]!));
  v === undefined ? out.nullBulk() : out.bulk(dumpPayload(v));
}

function restore(ctx: CommandContext): void {
  const { argv, out, db, server } = ctx;
  let replace = false;
  let absttl = false;
  let idle = -1;
  let freq = -1;
  for (let j = 4; j < argv.length; j++) {
    const opt = upper(argv[j]!);
    const more = argv.length - j - 1;
    if (opt === "REPLACE") replace = true;
    else if (opt === "ABSTTL") absttl = true;
    else if (opt === "IDLETIME" && more >= 1 && freq === -1) {
      const n = parseIntArg(argv[++j]!);
      if (n === null) return out.error(E.notInt);
      if (n < 0) return out.error("ERR Invalid IDLETIME value, must be >= 0");
      idle = n;
    } else if (opt === "FREQ" && more >= 1 && idle === -1) {
      const n = parseIntArg(argv[++j]!);
      if (n === null) return out.error(E.notInt);
      if (n < 0 || n > 255) return out.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
      freq = n;
    } else return out.error(E.syntax);
  }
  const key = latin1(argv[1]!);
  if (!replace && db.has(key)) return out.error("BUSYKEY Target key name already exists.");
  let ttl = parseIntArg(argv[2]!);
  if (ttl === null) return out.error(E.notInt);
  if (ttl < 0) return out.error("ERR Invalid TTL value, must be >= 0");
  const payload = argv[3]!;
  if (!verify(payload)) return out.error("ERR DUMP payload version or checksum are wrong");
  const value = decode(payload);
  if (value === null) return out.error("ERR Bad data format");
  const deleted = replace && db.delete(key);
  const now = server.clock.now();
  if (ttl && !absttl) ttl += now;
  const DEL = Uint8Array.of(0x44, 0x45, 0x4c);
  if (ttl && ttl <= now && !db.loading) {
    // checkAlreadyExpired: nothing is stored; a replaced key is logged as deleted.
    server.propagateAs = deleted ? [[DEL, argv[1]!]] : [];
    return out.simple("OK");
  }
  db.set(key, value);
  if (ttl) db.setExpire(key, ttl);
  // objectSetLRUOrLFU: FREQ counts under an LFU policy, IDLETIME under an LRU one.
  if (idle >= 0) db.setLastAccess(key, now - idle * 1000);
  if (freq >= 0) db.setFrequency(key, freq);
  // Logged with an absolute TTL, so a replay does not extend it.
  const enc = (s: string) => new TextEncoder().encode(s);
  server.propagateAs = [ttl ? [enc("RESTORE"), argv[1]!, enc(String(ttl)), payload, enc("ABSTTL"), ...(replace ? [enc("REPLACE")] : [])] : argv];
  out.simple("OK");
}

/** DUMP and RESTORE. */
export const dumpCommands: CommandSpec[] = [
  cmd("dump", 2, dump, { group: "generic", keys: [1, 1, 1], flags: ["readonly"], since: "2.6.0" }),
  cmd("restore", -4, restore, { group: "generic", keys: [1, 1, 1], flags: ["write", "denyoom"], since: "2.6.0" }),
];
