/**
 * Blocking list pops (t_list.c, blocked.c): BLPOP BRPOP BLMOVE. A client
 * that finds every list empty waits in a FIFO per key; a write that names a
 * key with waiters marks it ready, and once the command (or EXEC) finishes
 * `serveBlocked` hands elements out in arrival order. Timeouts run on the
 * server's Clock with millisecond resolution. Inside MULTI nothing blocks:
 * the reply is the timeout reply, as Redis does.
 */
import { E, bytes, cmd, isList, latin1, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { Deque } from "./deque.ts";
import { watchKey, type Client, type ServerState } from "./state.ts";

type Side = "LEFT" | "RIGHT";

/** What a blocked client waits for. */
export interface BlockState {
  db: number;
  keys: string[];
  from: Side;
  /** BLMOVE's destination and side. */
  move: { dst: string; to: Side } | undefined;
  timer: unknown;
}

/** getTimeoutFromObjectOrReply (seconds, fractional): ms (0 = forever), or null after replying. */
function timeoutMs(ctx: CommandContext, arg: Uint8Array): number | null {
  const s = latin1(arg);
  const n = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(n)) return ctx.out.error("ERR timeout is not a float or out of range"), null;
  if (n < 0) return ctx.out.error("ERR timeout is negative"), null;
  const ms = Math.ceil(n * 1000);
  return ms > 0 ? ms : n > 0 ? 1 : 0;
}

/** Pops one element for a waiter or an immediate call (pushing it to BLMOVE's destination), logs it as LPOP/RPOP/LMOVE and returns it. */
function pop(ctx: CommandContext, db: number, key: string, st: Pick<BlockState, "from" | "move">): Uint8Array {
  const d = ctx.server.dbs[db]!;
  const list = d.get(key) as Deque<Uint8Array>;
  const v = (st.from === "LEFT" ? list.popFront() : list.popBack())!;
  if (list.length === 0) d.delete(key);
  ctx.server.touch(db, key);
  if (st.move) {
    let dst = d.get(st.move.dst);
    if (dst === undefined) d.set(st.move.dst, (dst = new Deque()));
    st.move.to === "LEFT" ? (dst as Deque<Uint8Array>).pushFront(v) : (dst as Deque<Uint8Array>).pushBack(v);
    ctx.server.touch(db, st.move.dst);
    signalReady(ctx.server, db, st.move.dst);
    ctx.server.persistence?.feed(db, [bytes("LMOVE"), bytes(key), bytes(st.move.dst), bytes(st.from), bytes(st.move.to)]);
  } else ctx.server.persistence?.feed(db, [bytes(st.from === "LEFT" ? "LPOP" : "RPOP"), bytes(key)]);
  return v;
}

function reply(c: Client, key: string, v: Uint8Array, move: boolean): void {
  c.deliver((out) => {
    if (move) return out.bulk(v);
    out.array(2), out.bulk(key), out.bulk(v);
  });
}

/** Marks `key` ready when clients wait on it (signalKeyAsReady). */
export function signalReady(server: ServerState, db: number, key: string): void {
  if (server.waiters.has(watchKey(db, key))) server.readyKeys.add(watchKey(db, key));
}

/** Removes a client from every queue it waits in and stops its timer. */
export function unblock(server: ServerState, c: Client): void {
  const st = c.blocked;
  if (!st) return;
  c.blocked = undefined;
  server.clock.clearTimeout(st.timer);
  for (const k of st.keys) {
    const wk = watchKey(st.db, k);
    const q = server.waiters.get(wk);
    if (!q) continue;
    const i = q.indexOf(c);
    if (i >= 0) q.splice(i, 1);
    if (q.length === 0) server.waiters.delete(wk);
  }
}

/** handleClientsBlockedOnKeys: serves waiters of ready keys, first come first served, until nothing is ready. */
export function serveBlocked(server: ServerState): void {
  while (server.readyKeys.size > 0) {
    const [wk] = server.readyKeys;
    server.readyKeys.delete(wk!);
    const sep = wk!.indexOf("\u0000");
    const db = Number(wk!.slice(0, sep));
    const key = wk!.slice(sep + 1);
    for (;;) {
      const q = server.waiters.get(wk!);
      const list = server.dbs[db]!.get(key);
      if (!q || q.length === 0 || list === undefined || !isList(list)) break;
      const c = q[0]!;
      const st = c.blocked!;
      if (st.move) {
        const dst = server.dbs[db]!.get(st.move.dst);
        if (dst !== undefined && !isList(dst)) {
          q.push(q.shift()!);
          if (q.every((x) => x.blocked?.move)) break;
          continue;
        }
      }
      unblock(server, c);
      const v = pop({ server } as CommandContext, db, key, st);
      reply(c, key, v, st.move !== undefined);
      c.resume();
    }
  }
}

/** BLPOP/BRPOP/BLMOVE: serve now, reply the timeout value inside MULTI, or block. */
function block(ctx: CommandContext, keys: string[], timeoutArg: Uint8Array, st: Pick<BlockState, "from" | "move">): void {
  const { server, client, out } = ctx;
  const ms = timeoutMs(ctx, timeoutArg);
  if (ms === null) return;
  for (const key of keys) {
    const v = ctx.db.get(key);
    if (v === undefined) continue;
    if (!isList(v)) return out.error(E.wrongType);
    if (st.move) {
      const dst = ctx.db.get(st.move.dst);
      if (dst !== undefined && !isList(dst)) return out.error(E.wrongType);
    }
    server.propagateAs = [];
    const popped = pop(ctx, client.db, key, st);
    if (st.move) return out.bulk(popped);
    out.array(2), out.bulk(key), out.bulk(popped);
    return;
  }
  server.propagateAs = [];
  if (client.inExec || client.multi) return st.move ? out.nullBulk() : out.nullArray();
  const state: BlockState = { db: client.db, keys, ...st, timer: undefined };
  client.blocked = state;
  for (const k of new Set(keys)) {
    const wk = watchKey(client.db, k);
    let q = server.waiters.get(wk);
    if (!q) server.waiters.set(wk, (q = []));
    q.push(client);
  }
  if (ms > 0) {
    state.timer = server.clock.setTimeout(() => {
      if (client.blocked !== state) return;
      unblock(server, client);
      client.deliver((o) => (st.move ? o.nullBulk() : o.nullArray()));
      client.resume();
    }, ms);
  }
}

function side(ctx: CommandContext, arg: Uint8Array): Side | null {
  const s = upper(arg);
  if (s === "LEFT" || s === "RIGHT") return s;
  ctx.out.error(E.syntax);
  return null;
}

const g = { group: "list", keys: [1, -2, 1] as [number, number, number], flags: ["write", "noscript", "blocking"] };

/** BLPOP BRPOP BLMOVE. */
export const blockingCommands: CommandSpec[] = [
  cmd("blpop", -3, (ctx) => block(ctx, ctx.argv.slice(1, -1).map(latin1), ctx.argv.at(-1)!, { from: "LEFT", move: undefined }), { ...g, since: "2.0.0" }),
  cmd("brpop", -3, (ctx) => block(ctx, ctx.argv.slice(1, -1).map(latin1), ctx.argv.at(-1)!, { from: "RIGHT", move: undefined }), { ...g, since: "2.0.0" }),
  cmd("blmove", 6, (ctx) => {
    const from = side(ctx, ctx.argv[3]!);
    const to = from && side(ctx, ctx.argv[4]!);
    if (!from || !to) return;
    block(ctx, [latin1(ctx.argv[1]!)], ctx.argv[5]!, { from, move: { dst: latin1(ctx.argv[2]!), to } });
  }, { ...g, keys: [1, 2, 1], flags: ["write", "denyoom", "noscript", "blocking"], since: "6.2.0" }),
];
