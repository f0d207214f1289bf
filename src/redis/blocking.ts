/**
 * Blocking pops (blocked.c): a client that finds every key empty waits in a
 * FIFO per key; a write that names a key with waiters marks it ready, and
 * once the command (or EXEC) finishes `serveBlocked` serves the waiters in
 * arrival order while the key holds something of the type they want.
 * Timeouts run on the server's Clock with millisecond resolution and reply
 * a null array (replyToBlockedClientTimedOut); CLIENT UNBLOCK ends a wait
 * with that reply or an UNBLOCKED error. The commands are in
 * commands-blocking.ts.
 */
import type { ReplyWriter } from "../wire/resp/index.ts";
import { E, isList, isZSet, latin1, type CommandContext } from "./command.ts";
import type { RValue } from "./value-types.ts";
import { watchKey, type Client, type ServerState } from "./state.ts";

/**
 * Serves a client from `key`, which holds a non-empty value of the wanted
 * type: pops, logs the pop for the AOF, writes the reply. False when it
 * cannot be served now (BLMOVE's destination holds another type).
 */
export type Serve = (server: ServerState, db: number, key: string, reply: { out: ReplyWriter; client: Client }) => boolean;

/** What a blocked client waits for. */
export interface BlockState {
  db: number;
  keys: string[];
  /** The type a ready key must hold. */
  wants: "list" | "zset";
  serve: Serve;
  timer: unknown;
}

/** getTimeoutFromObjectOrReply (seconds, fractional): ms (0 = forever), or null after replying. */
export function timeoutMs(ctx: CommandContext, arg: Uint8Array): number | null {
  const s = latin1(arg);
  const n = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(n)) return ctx.out.error("ERR timeout is not a float or out of range"), null;
  if (n < 0) return ctx.out.error("ERR timeout is negative"), null;
  const ms = Math.ceil(n * 1000);
  return ms > 0 ? ms : n > 0 ? 1 : 0;
}

const holds = (v: RValue, wants: BlockState["wants"]): boolean => (wants === "list" ? isList(v) : isZSet(v));

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

/** CLIENT UNBLOCK: ends `c`'s wait with the timeout reply or an UNBLOCKED error; false when it was not blocked. */
export function unblockByRequest(server: ServerState, c: Client, error: boolean): boolean {
  if (!c.blocked) return false;
  unblock(server, c);
  c.deliver((out) => (error ? out.error("UNBLOCKED client unblocked via CLIENT UNBLOCK") : out.nullArray()));
  c.resume();
  return true;
}

/** handleClientsBlockedOnKeys: serves waiters of ready keys, first come first served, until nothing is ready. */
export function serveBlocked(server: ServerState): void {
  while (server.readyKeys.size > 0) {
    const [wk] = server.readyKeys;
    server.readyKeys.delete(wk!);
    const sep = wk!.indexOf("\u0000");
    const db = Number(wk!.slice(0, sep));
    const key = wk!.slice(sep + 1);
    // Each waiter gets one try per round: one that cannot be served now (BLMOVE to a non-list) keeps its place.
    const q = server.waiters.get(wk!);
    for (const c of q ? [...q] : []) {
      const v = server.dbs[db]!.get(key);
      if (v === undefined) break;
      const st = c.blocked;
      if (!st || !holds(v, st.wants)) continue;
      let served = false;
      c.deliver((out) => (served = st.serve(server, db, key, { out, client: c })));
      if (!served) continue;
      server.dirty++;
      unblock(server, c);
      c.resume();
    }
  }
}

/**
 * The blocking pop pattern (blockForKeys): serve at once from the first key
 * that holds something (WRONGTYPE for a key of another type), reply
 * `denied` inside MULTI/EXEC, or block on every key.
 */
export function block(ctx: CommandContext, keys: string[], ms: number, wants: BlockState["wants"], serve: Serve, denied: (out: ReplyWriter) => void): void {
  const { server, client, out } = ctx;
  // The pops log themselves (as LPOP, LMOVE, ZPOPMIN …): the blocking command is never logged.
  server.propagateAs = [];
  for (const key of keys) {
    const v = ctx.db.get(key);
    if (v === undefined) continue;
    if (!holds(v, wants)) return out.error(E.wrongType);
    if (serve(server, client.db, key, { out, client })) return;
    return out.error(E.wrongType);
  }
  if (client.inExec || client.multi) return denied(out);
  const state: BlockState = { db: client.db, keys, wants, serve, timer: undefined };
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
      client.deliver((o) => o.nullArray());
      client.resume();
    }, ms);
  }
}
