/**
 * Commands that copy or move keys between names and databases (db.c):
 * COPY, MOVE, SWAPDB; and OBJECT ENCODING (object.c) with Redis 7.0's
 * encoding names and default thresholds.
 */
import { E, cmd, isHash, isList, isSet, isZSet, latin1, parseBig, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { ByteList } from "./byte-list.ts";
import type { RValue } from "./keyspace.ts";
import { copyEncoding, encodingName } from "./encoding.ts";
import { ZSet } from "./zset.ts";

const SAME = "ERR source and destination objects are the same";
const RANGE = "ERR DB index is out of range";

/** getIntFromObjectOrReply: an int32, or null after replying. */
function int32(ctx: CommandContext, arg: Uint8Array, msg: string = E.notInt): number | null {
  const n = parseBig(arg);
  if (n === null || n > 2147483647n || n < -2147483648n) return ctx.out.error(msg), null;
  return Number(n);
}

/** A deep copy (strings are never mutated in place, so they are shared). */
function dup(v: RValue): RValue {
  if (v instanceof Uint8Array) return v;
  if (isList(v)) return new ByteList(v);
  if (isHash(v)) return new Map(v);
  if (isSet(v)) return new Set(v);
  const z = new ZSet();
  for (const e of v.entries()) z.set(e.member, e.score);
  return z;
}

function copy(ctx: CommandContext): void {
  const { argv, out, server, client } = ctx;
  let replace = false;
  let dbid = client.db;
  for (let j = 3; j < argv.length; j++) {
    const o = upper(argv[j]!);
    if (o === "REPLACE") replace = true;
    else if (o === "DB" && j + 1 < argv.length) {
      const n = int32(ctx, argv[++j]!);
      if (n === null) return;
      if (n < 0 || n >= server.dbs.length) return out.error(RANGE);
      dbid = n;
    } else return out.error(E.syntax);
  }
  const key = latin1(argv[1]!);
  const newkey = latin1(argv[2]!);
  if (dbid === client.db && key === newkey) return out.error(SAME);
  const v = ctx.db.get(key);
  if (v === undefined) return out.integer(0);
  const expire = ctx.db.expireAt(key);
  const dst = server.dbs[dbid]!;
  if (dst.has(newkey)) {
    if (!replace) return out.integer(0);
    dst.delete(newkey);
  }
  ctx.server.signalAs = [[dbid, newkey]];
  const copied = dup(v);
  copyEncoding(v, copied);
  dst.set(newkey, copied);
  if (expire !== undefined) dst.setExpire(newkey, expire, { keepIfPast: true });
  out.integer(1);
}

function move(ctx: CommandContext): void {
  const { argv, out, server, client } = ctx;
  const n = int32(ctx, argv[2]!);
  if (n === null) return;
  if (n < 0 || n >= server.dbs.length) return out.error(RANGE);
  if (n === client.db) return out.error(SAME);
  const key = latin1(argv[1]!);
  const v = ctx.db.get(key);
  if (v === undefined) return out.integer(0);
  const expire = ctx.db.expireAt(key);
  const dst = server.dbs[n]!;
  if (dst.has(key)) return out.integer(0);
  dst.set(key, v);
  if (expire !== undefined) dst.setExpire(key, expire, { keepIfPast: true });
  ctx.db.delete(key);
  server.signalAs = [[client.db, key], [n, key]];
  out.integer(1);
}

function swapdb(ctx: CommandContext): void {
  const a = int32(ctx, ctx.argv[1]!, "ERR invalid first DB index");
  if (a === null) return;
  const b = int32(ctx, ctx.argv[2]!, "ERR invalid second DB index");
  if (b === null) return;
  const n = ctx.server.dbs.length;
  if (a < 0 || a >= n || b < 0 || b >= n) return ctx.out.error(RANGE);
  ctx.server.swapDbs(a, b);
  ctx.out.simple("OK");
}

const objectSubs = new Map<string, CommandSpec>([
  ["encoding", cmd("object|encoding", 3, (ctx) => {
    const v = ctx.db.get(latin1(ctx.argv[2]!));
    v === undefined ? ctx.out.nullBulk() : ctx.out.bulk(encodingName(v));
  }, { group: "generic", keys: [2, 2, 1], flags: ["readonly"], since: "2.2.3" })],
]);

const g = { group: "generic", keys: [1, 1, 1] as [number, number, number] };

/** COPY MOVE SWAPDB OBJECT. */
export const keyMoveCommands: CommandSpec[] = [
  cmd("copy", -3, copy, { ...g, keys: [1, 2, 1], flags: ["write", "denyoom"], since: "6.2.0" }),
  cmd("move", 3, move, { ...g, flags: ["write", "fast"] }),
  cmd("swapdb", 3, swapdb, { ...g, keys: [0, 0, 0], flags: ["write", "fast"], since: "4.0.0" }),
  cmd("object", -2, () => {}, { ...g, keys: [0, 0, 0], since: "2.2.3", subcommands: objectSubs }),
];
