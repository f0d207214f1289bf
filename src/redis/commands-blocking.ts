/**
 * Blocking pops and the multi-key pops they share code with (t_list.c,
 * t_zset.c, Redis 7.0): BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP BZPOPMIN
 * BZPOPMAX BZMPOP, and LMPOP ZMPOP. Each pop logs itself for the AOF as
 * Redis propagates it (LPOP/RPOP [count], LMOVE/RPOPLPUSH, ZPOPMIN/ZPOPMAX
 * [count]) and signals WATCH on the keys it changes.
 */
import type { ReplyWriter } from "../wire/resp/index.ts";
import { E, bytes, cmd, isList, isZSet, latin1, parseBig, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { ByteList } from "./byte-list.ts";
import { block, signalReady, timeoutMs, type Serve } from "./blocking.ts";
import type { Client, ServerState } from "./state.ts";
import type { RList } from "./value-types.ts";
import { replyDouble } from "./zset-reply.ts";
import type { ZEntry, ZSet } from "./zset.ts";

type Side = "LEFT" | "RIGHT";

const enc = (s: string | number) => bytes(String(s));

/** After a pop: delete the emptied key or re-estimate it, and signal WATCH. */
function popped(server: ServerState, db: number, key: string, size: number): void {
  const d = server.dbs[db]!;
  if (size === 0) d.delete(key);
  else d.resize(key);
  server.touch(db, key);
}

function popList(server: ServerState, db: number, key: string, from: Side, count: number): Uint8Array[] {
  const list = server.dbs[db]!.get(key) as RList;
  const out: Uint8Array[] = [];
  while (out.length < count && list.length > 0) out.push((from === "LEFT" ? list.popFront() : list.popBack())!);
  popped(server, db, key, list.length);
  return out;
}

function popZSet(server: ServerState, db: number, key: string, max: boolean, count: number): ZEntry[] {
  const z = server.dbs[db]!.get(key) as ZSet;
  const out: ZEntry[] = [];
  while (out.length < count && z.size > 0) out.push(z.removeAt(max ? z.size - 1 : 0));
  popped(server, db, key, z.size);
  return out;
}

/** BLPOP/BRPOP: [key, element]. */
const listPop = (from: Side): Serve => (server, db, key, { out }) => {
  const [v] = popList(server, db, key, from, 1);
  server.persistence?.feed(db, [enc(from === "LEFT" ? "LPOP" : "RPOP"), enc(key)]);
  out.array(2), out.bulk(key), out.bulk(v!);
  return true;
};

/** BLMOVE/BRPOPLPUSH: the element, pushed to the destination (which must be a list or missing). */
const listMove = (dst: string, from: Side, to: Side, as: "LMOVE" | "RPOPLPUSH"): Serve => (server, db, key, { out }) => {
  const d = server.dbs[db]!;
  const target = d.get(dst);
  if (target !== undefined && !isList(target)) return false;
  const [v] = popList(server, db, key, from, 1);
  let list = d.get(dst) as RList | undefined;
  if (list === undefined) d.set(dst, (list = new ByteList()));
  to === "LEFT" ? list.pushFront(v!) : list.pushBack(v!);
  d.resize(dst);
  server.touch(db, dst);
  signalReady(server, db, dst);
  server.persistence?.feed(db, as === "LMOVE" ? [enc("LMOVE"), enc(key), enc(dst), enc(from), enc(to)] : [enc("RPOPLPUSH"), enc(key), enc(dst)]);
  out.bulk(v!);
  return true;
};

/** LMPOP/BLMPOP: [key, [elements]]. */
const listMpop = (from: Side, count: number): Serve => (server, db, key, { out }) => {
  const vs = popList(server, db, key, from, count);
  server.persistence?.feed(db, [enc(from === "LEFT" ? "LPOP" : "RPOP"), enc(key), enc(vs.length)]);
  out.array(2), out.bulk(key), out.array(vs.length);
  for (const v of vs) out.bulk(v);
  return true;
};

/** BZPOPMIN/BZPOPMAX: [key, member, score]. */
const zsetPop = (max: boolean): Serve => (server, db, key, reply) => {
  const [e] = popZSet(server, db, key, max, 1);
  server.persistence?.feed(db, [enc(max ? "ZPOPMAX" : "ZPOPMIN"), enc(key)]);
  reply.out.array(3), reply.out.bulk(key), reply.out.bulk(e!.member);
  replyDouble(reply as CommandContext, e!.score);
  return true;
};

/** ZMPOP/BZMPOP: [key, [[member, score], …]]. */
const zsetMpop = (max: boolean, count: number): Serve => (server, db, key, reply) => {
  const es = popZSet(server, db, key, max, count);
  server.persistence?.feed(db, [enc(max ? "ZPOPMAX" : "ZPOPMIN"), enc(key), enc(es.length)]);
  const { out } = reply;
  out.array(2), out.bulk(key), out.array(es.length);
  for (const e of es) {
    out.array(2), out.bulk(e.member);
    replyDouble(reply as CommandContext, e.score);
  }
  return true;
};

const nullArray = (out: ReplyWriter) => out.nullArray();
const nullBulk = (out: ReplyWriter) => out.nullBulk();

function side(ctx: CommandContext, arg: Uint8Array): Side | null {
  const s = upper(arg);
  if (s === "LEFT" || s === "RIGHT") return s;
  ctx.out.error(E.syntax);
  return null;
}

/** Keys before the trailing timeout, for BLPOP/BRPOP/BZPOPMIN/BZPOPMAX. */
const leadingKeys = (ctx: CommandContext) => ctx.argv.slice(1, -1).map(latin1);

function blockOn(ctx: CommandContext, keys: string[], timeout: Uint8Array, wants: "list" | "zset", serve: Serve, denied: (out: ReplyWriter) => void): void {
  const ms = timeoutMs(ctx, timeout);
  if (ms !== null) block(ctx, keys, ms, wants, serve, denied);
}

/** The parsed tail of LMPOP/ZMPOP and their blocking forms (lmpopGenericCommand, zmpopGenericCommand). */
interface Mpop {
  keys: string[];
  where: string;
  count: number;
}

function parseMpop(ctx: CommandContext, numkeysAt: number, wheres: readonly string[]): Mpop | null {
  const { argv, out } = ctx;
  const n = parseBig(argv[numkeysAt]!);
  if (n === null || n < 1n) return out.error("ERR numkeys should be greater than 0"), null;
  const whereAt = numkeysAt + Number(n) + 1;
  if (whereAt >= argv.length) return out.error(E.syntax), null;
  const where = upper(argv[whereAt]!);
  if (!wheres.includes(where)) return out.error(E.syntax), null;
  let count = -1;
  for (let j = whereAt + 1; j < argv.length; j++) {
    if (count === -1 && upper(argv[j]!) === "COUNT" && j + 1 < argv.length) {
      const c = parseBig(argv[++j]!);
      if (c === null || c < 1n) return out.error("ERR count should be greater than 0"), null;
      count = Number(c);
    } else return out.error(E.syntax), null;
  }
  return { keys: argv.slice(numkeysAt + 1, whereAt).map(latin1), where, count: count === -1 ? 1 : count };
}

/** mpopGenericCommand: the first non-empty key is popped; a null array when none. */
function mpopNow(ctx: CommandContext, keys: string[], is: (v: unknown) => boolean, serve: Serve): void {
  const { server, client, out } = ctx;
  server.propagateAs = [];
  for (const key of keys) {
    const v = ctx.db.get(key);
    if (v === undefined) continue;
    if (!is(v)) return out.error(E.wrongType);
    serve(server, client.db, key, { out, client: client as Client });
    return;
  }
  out.nullArray();
}

const g = { group: "list", keys: [1, -2, 1] as [number, number, number], flags: ["write", "noscript", "blocking"] };
const z = { ...g, group: "sorted_set", since: "5.0.0" };
const movable = (group: string, flags: string[]) => ({ group, keys: [0, 0, 0] as [number, number, number], flags: [...flags, "movablekeys"], since: "7.0.0" });

/** BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP LMPOP BZPOPMIN BZPOPMAX BZMPOP ZMPOP. */
export const blockingCommands: CommandSpec[] = [
  cmd("blpop", -3, (ctx) => blockOn(ctx, leadingKeys(ctx), ctx.argv.at(-1)!, "list", listPop("LEFT"), nullArray), { ...g, since: "2.0.0" }),
  cmd("brpop", -3, (ctx) => blockOn(ctx, leadingKeys(ctx), ctx.argv.at(-1)!, "list", listPop("RIGHT"), nullArray), { ...g, since: "2.0.0" }),
  cmd("blmove", 6, (ctx) => {
    const from = side(ctx, ctx.argv[3]!);
    const to = from && side(ctx, ctx.argv[4]!);
    if (!from || !to) return;
    blockOn(ctx, [latin1(ctx.argv[1]!)], ctx.argv[5]!, "list", listMove(latin1(ctx.argv[2]!), from, to, "LMOVE"), nullBulk);
  }, { ...g, keys: [1, 2, 1], flags: ["write", "denyoom", "noscript", "blocking"], since: "6.2.0" }),
  cmd("brpoplpush", 4, (ctx) => {
    blockOn(ctx, [latin1(ctx.argv[1]!)], ctx.argv[3]!, "list", listMove(latin1(ctx.argv[2]!), "RIGHT", "LEFT", "RPOPLPUSH"), nullBulk);
  }, { ...g, keys: [1, 2, 1], flags: ["write", "denyoom", "noscript", "blocking"], since: "2.2.0" }),
  cmd("blmpop", -5, (ctx) => {
    const p = parseMpop(ctx, 2, ["LEFT", "RIGHT"]);
    if (p) blockOn(ctx, p.keys, ctx.argv[1]!, "list", listMpop(p.where as Side, p.count), nullArray);
  }, movable("list", ["write", "blocking"])),
  cmd("lmpop", -4, (ctx) => {
    const p = parseMpop(ctx, 1, ["LEFT", "RIGHT"]);
    if (p) mpopNow(ctx, p.keys, isList as (v: unknown) => boolean, listMpop(p.where as Side, p.count));
  }, movable("list", ["write"])),
  cmd("bzpopmin", -3, (ctx) => blockOn(ctx, leadingKeys(ctx), ctx.argv.at(-1)!, "zset", zsetPop(false), nullArray), { ...z, flags: ["write", "noscript", "blocking", "fast"] }),
  cmd("bzpopmax", -3, (ctx) => blockOn(ctx, leadingKeys(ctx), ctx.argv.at(-1)!, "zset", zsetPop(true), nullArray), { ...z, flags: ["write", "noscript", "blocking", "fast"] }),
  cmd("bzmpop", -5, (ctx) => {
    const p = parseMpop(ctx, 2, ["MIN", "MAX"]);
    if (p) blockOn(ctx, p.keys, ctx.argv[1]!, "zset", zsetMpop(p.where === "MAX", p.count), nullArray);
  }, movable("sorted_set", ["write", "blocking"])),
  cmd("zmpop", -4, (ctx) => {
    const p = parseMpop(ctx, 1, ["MIN", "MAX"]);
    if (p) mpopNow(ctx, p.keys, isZSet as (v: unknown) => boolean, zsetMpop(p.where === "MAX", p.count));
  }, movable("sorted_set", ["write"])),
];
