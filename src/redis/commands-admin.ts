/**
 * Introspection and administration: MEMORY USAGE (memory.ts's estimate),
 * OBJECT REFCOUNT / IDLETIME / FREQ, DEBUG SLEEP / OBJECT / LOG, WAIT (no
 * replicas: answers 0 at once), FUNCTION FLUSH / LIST (no libraries).
 */
import { cmd, E, latin1, parseIntArg, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { encodingName } from "./encoding.ts";
import { serializedLength } from "./dump.ts";
import type { RValue } from "./keyspace.ts";
import type { ServerState } from "./state.ts";

const NO_LRU = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
const NO_LFU = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";

/** addReplySubcommandSyntaxError. */
export function subcommandSyntax(ctx: CommandContext): void {
  const name = latin1(ctx.argv[0]!).toUpperCase();
  ctx.out.error(`ERR unknown subcommand or wrong number of arguments for '${latin1(ctx.argv[1]!).slice(0, 128)}'. Try ${name} HELP.`);
}

function memoryUsage({ argv, out, db }: CommandContext): void {
  for (let j = 3; j < argv.length; j++) {
    if (upper(argv[j]!) === "SAMPLES" && j + 1 < argv.length) {
      const n = parseIntArg(argv[++j]!);
      if (n === null) return out.error(E.notInt);
    } else return out.error(E.syntax);
  }
  const n = db.sizeOf(latin1(argv[2]!));
  n === undefined ? out.nullBulk() : out.integer(n);
}

/** Integers 0..9999 are shared objects (refcount INT_MAX) unless an LRU/LFU policy with maxmemory forbids sharing. */
function refcount(server: ServerState, v: RValue): number {
  const lru = server.config.maxmemory > 0 && server.config.maxmemoryPolicy.endsWith("-lru");
  if (lru || !(v instanceof Uint8Array) || v.length > 4) return 1;
  const s = latin1(v);
  return /^(0|[1-9][0-9]{0,3})$/.test(s) ? 2147483647 : 1;
}

/** OBJECT's lookups do not touch the key (LOOKUP_NOTOUCH); a missing key replies nil. */
function objectSub(name: string, reply: (ctx: CommandContext, v: RValue, key: string) => void): CommandSpec {
  return cmd(`object|${name}`, 3, (ctx) => {
    const key = latin1(ctx.argv[2]!);
    const v = ctx.db.peek(key);
    v === undefined ? ctx.out.nullBulk() : reply(ctx, v, key);
  }, { group: "generic", keys: [2, 2, 1], flags: ["readonly"], since: "2.2.3" });
}

/** OBJECT REFCOUNT, IDLETIME and FREQ. */
export const objectAdminSubs: CommandSpec[] = [
  objectSub("refcount", (ctx, v) => ctx.out.integer(refcount(ctx.server, v))),
  objectSub("idletime", (ctx, _v, key) => {
    if (ctx.server.tracking.lfu) return ctx.out.error(NO_LRU);
    ctx.out.integer(Math.max(0, Math.floor((ctx.server.clock.now() - ctx.db.lastAccess(key)) / 1000)));
  }),
  objectSub("freq", (ctx, _v, key) => (ctx.server.tracking.lfu ? ctx.out.integer(ctx.db.frequency(key)) : ctx.out.error(NO_LFU))),
];

/** DEBUG SLEEP / OBJECT / LOG; false when `sub` is none of them. */
export function debugAdmin(ctx: CommandContext): boolean {
  const { argv, out, db, server } = ctx;
  const sub = upper(argv[1]!);
  if (sub === "SLEEP" && argv.length === 3) {
    // strtod: a non-number sleeps 0 seconds. The whole server sleeps, as in Redis.
    const secs = Number.parseFloat(latin1(argv[2]!));
    if (secs > 0) Bun.sleepSync(secs * 1000);
    out.simple("OK");
    return true;
  }
  if (sub === "LOG" && argv.length === 3) {
    server.log(`DEBUG LOG: ${latin1(argv[2]!)}`);
    out.simple("OK");
    return true;
  }
  if (sub === "OBJECT" && argv.length === 3) {
    const key = latin1(argv[2]!);
    const v = db.peek(key);
    if (v === undefined) {
      out.error(E.noSuchKey);
      return true;
    }
    const lastAccess = db.lastAccess(key);
    const lru = Math.floor(lastAccess / 1000) & 0xffffff;
    const idle = Math.max(0, Math.floor((server.clock.now() - lastAccess) / 1000));
    out.simple(`Value at:0x7f0000000000 refcount:${refcount(server, v)} encoding:${encodingName(v)} serializedlength:${serializedLength(v)} lru:${lru} lru_seconds_idle:${idle}`);
    return true;
  }
  return false;
}

function waitCommand({ argv, out }: CommandContext): void {
  if (parseIntArg(argv[1]!) === null) return out.error(E.notInt);
  const timeout = parseIntArg(argv[2]!);
  if (timeout === null) return out.error("ERR timeout is not an integer or out of range");
  if (timeout < 0) return out.error("ERR timeout is negative");
  // No replicas ever acknowledge: Redis would block until the timeout; we answer at once.
  out.integer(0);
}

function functionFlush(ctx: CommandContext): void {
  const { argv, out } = ctx;
  if (argv.length > 3) return subcommandSyntax(ctx);
  if (argv.length === 3 && !["SYNC", "ASYNC"].includes(upper(argv[2]!))) return out.error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
  out.simple("OK");
}

function functionList({ argv, out }: CommandContext): void {
  let withCode = false;
  let library = false;
  for (let i = 2; i < argv.length; i++) {
    const a = upper(argv[i]!);
    if (!withCode && a === "WITHCODE") withCode = true;
    else if (!library && a === "LIBRARYNAME") {
      if (i >= argv.length - 1) return out.error("ERR library name argument was not given");
      library = true;
      i++;
    } else return out.error(`ERR Unknown argument ${latin1(argv[i]!)}`);
  }
  out.array(0);
}

const srv = { group: "server" };
const scripting = { group: "scripting", since: "7.0.0" };

/** MEMORY, WAIT and FUNCTION. */
export const adminCommands: CommandSpec[] = [
  cmd("memory", -2, () => {}, {
    ...srv,
    since: "4.0.0",
    subcommands: new Map([["usage", cmd("memory|usage", -3, memoryUsage, { ...srv, keys: [2, 2, 1], flags: ["readonly"], since: "4.0.0" })]]),
  }),
  cmd("wait", 3, waitCommand, { group: "generic", flags: ["noscript"], since: "3.0.0" }),
  cmd("function", -2, () => {}, {
    ...scripting,
    subcommands: new Map([
      ["flush", cmd("function|flush", -2, functionFlush, { ...scripting, flags: ["write", "noscript"] })],
      ["list", cmd("function|list", -2, functionList, { ...scripting, flags: ["noscript"] })],
    ]),
  }),
];
