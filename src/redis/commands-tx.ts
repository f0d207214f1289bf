/**
 * Transactions (multi.c): MULTI EXEC DISCARD WATCH UNWATCH. Queueing itself
 * happens in `execute`; EXEC runs the queue through `run`, aborting with
 * EXECABORT when queueing failed or with a null array when a WATCHed key was
 * touched (or has expired since). The writes of an EXEC are logged wrapped in
 * MULTI/EXEC when there is more than one, as Redis 7.0 propagates them.
 */
import { bytes, cmd, latin1, type CommandContext, type CommandSpec } from "./command.ts";
import { watchKey, type Persistence } from "./state.ts";

/** Commands that run immediately inside MULTI instead of being queued. */
export const TX_IMMEDIATE = new Set(["exec", "discard", "multi", "watch", "quit", "reset"]);

/** isWatchedKeyExpired: a key not yet expired when watched has passed its TTL. */
function watchedExpired(ctx: CommandContext): boolean {
  const now = ctx.server.clock.now();
  for (const [wk, expired] of ctx.client.watched) {
    if (expired) continue;
    const sep = wk.indexOf("\u0000");
    const db = ctx.server.dbs[Number(wk.slice(0, sep))]!;
    const key = wk.slice(sep + 1);
    const at = db.expireAt(key);
    if (db.contains(key) && at !== undefined && at <= now) return true;
  }
  return false;
}

function exec(run: (ctx: CommandContext, argv: Uint8Array[]) => void) {
  return (ctx: CommandContext): void => {
    const { client, server, out } = ctx;
    const tx = client.multi;
    if (!tx) return out.error("ERR EXEC without MULTI");
    if (watchedExpired(ctx)) client.dirtyCas = true;
    client.multi = undefined;
    if (tx.error || client.dirtyCas) {
      tx.error ? out.error("EXECABORT Transaction discarded because of previous errors.") : out.nullArray();
      server.unwatchAll(client);
      return;
    }
    server.unwatchAll(client);
    const real = server.persistence;
    const logged: [number, Uint8Array[]][] = [];
    const capture = (db: number, argv: Uint8Array[]) => void logged.push([db, argv]);
    // A proxy, not a prototype copy: the real object's methods keep their own `this` (private fields).
    if (real) server.persistence = new Proxy(real, { get: (t, p) => (p === "feed" ? capture : typeof Reflect.get(t, p) === "function" ? (Reflect.get(t, p) as (...a: unknown[]) => unknown).bind(t) : Reflect.get(t, p)) }) as Persistence;
    try {
      out.array(tx.queue.length);
      client.inExec = true;
      for (const argv of tx.queue) run(ctx, argv);
    } finally {
      client.inExec = false;
      if (real) {
        server.persistence = real;
        const wrap = logged.length > 1;
        if (wrap) real.feed(logged[0]![0], [bytes("MULTI")]);
        for (const [db, argv] of logged) real.feed(db, argv);
        if (wrap) real.feed(logged.at(-1)![0], [bytes("EXEC")]);
      }
    }
  };
}

const g = { group: "transactions", keys: [0, 0, 0] as [number, number, number] };
const flags = ["noscript", "loading", "stale", "fast", "allow_busy"];

/** The transaction commands; `run` executes one queued command for EXEC. */
export function txCommands(run: (ctx: CommandContext, argv: Uint8Array[]) => void): CommandSpec[] {
  return [
    cmd("multi", 1, ({ client, out }) => {
      if (client.multi) return out.error("ERR MULTI calls can not be nested");
      client.multi = { queue: [], error: false };
      out.simple("OK");
    }, { ...g, flags, since: "1.2.0" }),
    cmd("exec", 1, exec(run), { ...g, flags: ["noscript", "loading", "stale", "skip_slowlog"], since: "1.2.0" }),
    cmd("discard", 1, ({ client, server, out }) => {
      if (!client.multi) return out.error("ERR DISCARD without MULTI");
      client.multi = undefined;
      server.unwatchAll(client);
      out.simple("OK");
    }, { ...g, flags, since: "2.0.0" }),
    cmd("watch", -2, (ctx) => {
      const { client, server, out, argv } = ctx;
      if (client.multi) return out.error("ERR WATCH inside MULTI is not allowed");
      for (let i = 1; i < argv.length; i++) {
        const key = latin1(argv[i]!);
        const wk = watchKey(client.db, key);
        if (client.watched.has(wk)) continue;
        const at = ctx.db.expireAt(key);
        client.watched.set(wk, ctx.db.contains(key) && at !== undefined && at <= server.clock.now());
        let ws = server.watchers.get(wk);
        if (!ws) server.watchers.set(wk, (ws = new Set()));
        ws.add(client);
      }
      out.simple("OK");
    }, { ...g, keys: [1, -1, 1], flags, since: "2.2.0" }),
    cmd("unwatch", 1, ({ client, server, out }) => {
      server.unwatchAll(client);
      out.simple("OK");
    }, { ...g, flags, since: "2.2.0" }),
  ];
}
