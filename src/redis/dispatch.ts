/**
 * The command table and `execute`, Redis's processCommand in miniature:
 * lookup (with subcommands), arity, authentication, then the handler. All
 * arity and unknown-command errors come from here, with Redis's texts.
 */
import { ReplyWriter } from "../wire/resp/index.ts";
import { E, latin1, type CommandContext, type CommandSpec } from "./command.ts";
import { configCommands } from "./commands-config.ts";
import { counterCommands } from "./commands-counter.ts";
import { hashCommands } from "./commands-hash.ts";
import { keyCommands } from "./commands-keys.ts";
import { listCommands } from "./commands-list.ts";
import { persistenceCommands } from "./commands-persistence.ts";
import { propagated } from "./propagate.ts";
import { serverCommands } from "./commands-server.ts";
import { setCommands } from "./commands-set.ts";
import { stringCommands } from "./commands-string.ts";
import { zsetCommands } from "./commands-zset.ts";
import { setOpCommands } from "./commands-set-ops.ts";
import { listMoveCommands } from "./commands-list-move.ts";
import { hashScanCommands } from "./commands-hash-scan.ts";
import { keyMoveCommands } from "./commands-keys-move.ts";
import { TX_IMMEDIATE, txCommands } from "./commands-tx.ts";
import { pubsubCommands, SUBSCRIBED_MODE } from "./pubsub.ts";
import { serveBlocked, signalReady } from "./blocking.ts";
import { blockingCommands } from "./commands-blocking.ts";
import type { Client, ServerState } from "./state.ts";
import { adminCommands, objectAdminSubs } from "./commands-admin.ts";
import { dumpCommands } from "./dump.ts";
import { DENYOOM, OOM, performEvictions } from "./memory.ts";

/** name → spec, for every implemented command. */
export type CommandTable = Map<string, CommandSpec>;

/** Builds the table from every command family. */
export function buildCommandTable(): CommandTable {
  const table: CommandTable = new Map();
  const run = (ctx: CommandContext, argv: Uint8Array[]) => execute(table, ctx.server, ctx.client, argv, ctx.out);
  const all = [...serverCommands(() => table), ...txCommands(run), ...configCommands, ...keyCommands, ...stringCommands, ...counterCommands, ...listCommands, ...hashCommands, ...setCommands, ...setOpCommands, ...listMoveCommands, ...hashScanCommands, ...keyMoveCommands, ...zsetCommands, ...pubsubCommands, ...blockingCommands, ...persistenceCommands, ...adminCommands, ...dumpCommands];
  for (const spec of all) {
    denyoom(spec);
    for (const sub of spec.subcommands?.values() ?? []) denyoom(sub);
    table.set(spec.name, spec);
  }
  const object = table.get("object")!.subcommands!;
  for (const sub of objectAdminSubs) object.set(sub.name.split("|")[1]!, sub);
  return table;
}

/** Makes the denyoom flag exactly Redis 7.0's. */
function denyoom(spec: CommandSpec): void {
  const flags = spec.flags.filter((f) => f !== "denyoom");
  if (DENYOOM.has(spec.name)) flags.splice(flags.indexOf("write") + 1, 0, "denyoom");
  spec.flags = flags;
}

/** A ReplyWriter that counts error replies, so `execute` knows whether a write succeeded (and must be logged), and notes the head of the latest reply. */
export class CommandWriter extends ReplyWriter {
  /** Error replies written so far. */
  errors = 0;
  /** The first element written since `head` was last cleared: ":n", "null", "*n" or "other". */
  head: string | undefined;

  override error(message: string): void {
    this.errors++;
    this.head ??= "other";
    super.error(message);
  }

  override integer(n: number | bigint): void {
    this.head ??= `:${n}`;
    super.integer(n);
  }

  override nullBulk(): void {
    this.head ??= "null";
    super.nullBulk();
  }

  override nullArray(): void {
    this.head ??= "null";
    super.nullArray();
  }

  override array(n: number): void {
    this.head ??= `*${n}`;
    super.array(n);
  }

  override set(n: number): void {
    this.head ??= `*${n}`;
    super.set(n);
  }
}

/**
 * Writes whose reply says nothing changed: Redis neither signals the key
 * (WATCH) nor counts it dirty nor propagates it. Keyed by command, the reply
 * heads that mean "no-op".
 */
const NOOP: Record<string, string[]> = Object.fromEntries([
  ...["del", "unlink", "sadd", "srem", "hdel", "zrem", "lrem", "expire", "pexpire", "expireat", "pexpireat", "persist", "msetnx", "setnx", "hsetnx", "lpushx", "rpushx", "renamenx", "smove", "move", "copy"].map((c) => [c, [":0"]]),
  ["linsert", [":0", ":-1"]],
  ...["zremrangebyscore", "zremrangebyrank", "zremrangebylex"].map((c) => [c, [":0"]]),
  ...["lpop", "rpop", "getdel", "getex", "lmove", "rpoplpush"].map((c) => [c, ["null"]]),
  ...["zpopmin", "zpopmax", "spop"].map((c) => [c, ["null", "*0"]]),
  ...["blpop", "brpop", "blmove", "brpoplpush", "blmpop", "lmpop", "bzpopmin", "bzpopmax", "bzmpop", "zmpop"].map((c) => [c, ["null"]]),
]);

/** Redis's unknown-command text: the name and the first args, up to ~128 bytes. */
function unknownCommand(argv: Uint8Array[]): string {
  let args = "";
  for (let i = 1; i < argv.length && args.length < 128; i++) args += `'${latin1(argv[i]!).slice(0, 128 - args.length)}' `;
  return `ERR unknown command '${latin1(argv[0]!).slice(0, 128)}', with args beginning with: ${args}`;
}

/** rejectCommand: flags an open transaction; a rejected EXEC discards it (execCommandAbort). */
function reject(server: ServerState, client: Client, spec: CommandSpec, out: ReplyWriter, message: string, prefix: string): void {
  if (spec.name === "exec") {
    client.multi = undefined;
    server.unwatchAll(client);
    return out.error(`EXECABORT Transaction discarded because of: ${message}`);
  }
  if (client.multi) client.multi.error = true;
  out.error(prefix + message);
}

/** Flushes and SWAPDB touch every watched key that exists in the databases they replace (touchAllWatchedKeysInDb). */
function beforeWrite(server: ServerState, name: string, argv: Uint8Array[], db: number): void {
  if (name === "flushall" || name === "flushdb") {
    // Only a flush that will succeed: no option, or ASYNC/SYNC alone.
    if (argv.length > 2 || (argv.length === 2 && !/^(a?sync)$/i.test(latin1(argv[1]!)))) return;
    if (name === "flushdb") return server.touchExisting(db);
    for (let i = 0; i < server.dbs.length; i++) server.touchExisting(i);
  } else if (name === "swapdb") {
    const ids = argv.slice(1).map((a) => (/^(0|-?[1-9][0-9]{0,9})$/.test(latin1(a)) ? Number(latin1(a)) : -1));
    // dbSwapDatabases returns early when both are the same database.
    if (ids.length !== 2 || ids.some((i) => i < 0 || i >= server.dbs.length) || ids[0] === ids[1]) return;
    for (const i of ids) server.touchExisting(i);
  }
}

/** signalModifiedKey for the keys a successful write names (its key positions). */
/** Writes that read their other keys: only the destination (argv[1]) is signalled. */
const DEST_ONLY = new Set(["sdiffstore", "sinterstore", "sunionstore", "zunionstore", "zinterstore", "zdiffstore", "zrangestore"]);

function touchKeys(server: ServerState, spec: CommandSpec, argv: Uint8Array[], db: number, only?: Set<string>): void {
  const [first, last, step] = DEST_ONLY.has(spec.name) ? [1, 1, 1] : spec.keys;
  if (first <= 0 || step <= 0) return;
  const end = last < 0 ? argv.length + last : last;
  for (let i = first; i <= end && i < argv.length; i += step) {
    const key = latin1(argv[i]!);
    if (only && !only.has(key)) continue;
    server.touch(db, key);
    signalReady(server, db, key);
  }
}

/** Re-estimates the memory of the keys a successful write names (values change in place). */
function resizeKeys(server: ServerState, spec: CommandSpec, argv: Uint8Array[], db: number): void {
  const [first, last, step] = spec.keys;
  if (first <= 0 || step <= 0) return;
  const end = last < 0 ? argv.length + last : last;
  const keyspace = server.dbs[db];
  if (keyspace) for (let i = first; i <= end && i < argv.length; i += step) keyspace.resize(latin1(argv[i]!));
}

/** Runs one command, writing exactly one reply (none while the client blocks), then serves blocked clients whose keys it made ready. */
export function execute(table: CommandTable, server: ServerState, client: Client, argv: Uint8Array[], out: ReplyWriter): void {
  server.depth++;
  try {
    run(table, server, client, argv, out);
  } finally {
    server.depth--;
  }
  if (server.depth === 0 && server.readyKeys.size > 0) serveBlocked(server);
}

function run(table: CommandTable, server: ServerState, client: Client, argv: Uint8Array[], out: ReplyWriter): void {
  const name = latin1(argv[0]!).toLowerCase();
  let spec = table.get(name);
  if (spec?.subcommands && argv.length >= 2) {
    const sub = spec.subcommands.get(latin1(argv[1]!).toLowerCase());
    if (!sub) {
      if (client.multi) client.multi.error = true;
      out.error(`ERR unknown subcommand '${latin1(argv[1]!).slice(0, 128)}'. Try ${name.toUpperCase()} HELP.`);
      return;
    }
    spec = sub;
  }
  // processCommand sets lastcmd right after the lookup: queued and rejected commands count (CLIENT LIST's cmd=).
  if (server.depth === 1) client.lastCommand = spec?.name ?? "NULL";
  if (!spec) {
    if (client.multi) client.multi.error = true;
    out.error(unknownCommand(argv));
    return;
  }
  if ((spec.arity > 0 && spec.arity !== argv.length) || argv.length < -spec.arity) {
    return reject(server, client, spec, out, `wrong number of arguments for '${spec.name}' command`, "ERR ");
  }
  if (!client.authenticated && !spec.flags.includes("no_auth")) {
    return reject(server, client, spec, out, E.noAuth, "");
  }
  const container = spec.name.split("|")[0]!;
  if (client.proto === 2 && client.channels.size + client.patterns.size > 0 && !SUBSCRIBED_MODE.has(container)) {
    return reject(server, client, spec, out, `Can't execute '${spec.name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`, "ERR ");
  }
  // processCommand: evict first; while still over maxmemory refuse denyoom commands (and an EXEC queueing one).
  if (server.config.maxmemory > 0 && server.depth === 1 && !performEvictions(server)) {
    const queuedDenyoom = spec.name === "exec" && client.multi?.queue.some((a) => DENYOOM.has(latin1(a[0]!).toLowerCase()));
    if (spec.flags.includes("denyoom") || queuedDenyoom) return reject(server, client, spec, out, OOM, "");
  }
  if (client.multi && !TX_IMMEDIATE.has(spec.name)) {
    client.multi.queue.push(argv);
    out.simple("QUEUED");
    return;
  }
  server.totalCommands++;
  const db = server.dbs[client.db]!;
  if (!spec.flags.includes("write")) {
    spec.handler({ server, client, db, out, argv });
    return;
  }
  const refused = server.persistence?.writeError();
  if (refused !== undefined) {
    out.error(`MISCONF Errors writing to the AOF file: ${refused}`);
    return;
  }
  const now = server.clock.now();
  const errors = out instanceof CommandWriter ? out.errors : 0;
  if (out instanceof CommandWriter) out.head = undefined;
  server.propagateAs = undefined;
  server.noop = false;
  server.signalAs = undefined;
  const dbIndex = client.db;
  if (server.watchers.size > 0) beforeWrite(server, spec.name, argv, dbIndex);
  // DEL and UNLINK signal only the keys they removed.
  const existed = (spec.name === "del" || spec.name === "unlink") && server.watchers.size > 0 ? new Set(argv.slice(1).map(latin1).filter((k) => db.has(k))) : undefined;
  spec.handler({ server, client, db, out, argv });
  const instead = server.propagateAs as Uint8Array[][] | undefined;
  const signalAs = server.signalAs as [number, string][] | undefined;
  const noop = server.noop as boolean;
  server.propagateAs = undefined;
  server.signalAs = undefined;
  server.noop = false;
  // A command that blocked has changed nothing yet.
  if (client.blocked || noop) return;
  if (out instanceof CommandWriter && (out.errors > errors || (out.head !== undefined && NOOP[spec.name]?.includes(out.head)))) return;
  resizeKeys(server, spec, argv, dbIndex);
  if (signalAs) {
    for (const [d, key] of signalAs) server.touch(d, key), signalReady(server, d, key);
  } else if (server.watchers.size > 0 || server.waiters.size > 0) touchKeys(server, spec, argv, dbIndex, existed);
  // Redis counts changes in server.dirty and logs the (rewritten) command to the AOF: propagate().
  server.dirty++;
  if (server.persistence && instead) {
    for (const c of instead) server.persistence.feed(client.db, c);
  } else if (server.persistence) {
    const logged = propagated(spec.name, argv, db, now);
    if (logged) server.persistence.feed(client.db, logged);
  }
}
