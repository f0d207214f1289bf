/**
 * String commands (t_string.c): GET SET SETEX PSETEX SETNX GETSET GETDEL GETEX
 * MGET MSET MSETNX APPEND STRLEN GETRANGE SETRANGE. Values are bytes.
 */
import { markRaw } from "./encoding.ts";
import { E, checkLength, cmd, getString, latin1, parseBig, upper, type CommandContext, type CommandSpec } from "./command.ts";

const g = { group: "string" };
const w1 = { ...g, keys: [1, 1, 1] as [number, number, number], flags: ["write"] };
const r1 = { ...g, keys: [1, 1, 1] as [number, number, number], flags: ["readonly", "fast"] };
const LLONG_MAX = 9223372036854775807n;
const EMPTY = new Uint8Array(0);

type Unit = "EX" | "PX" | "EXAT" | "PXAT";

/** getExpireMillisecondsOrReply: absolute ms, or null after replying. */
function expireMs(ctx: CommandContext, unit: Unit, arg: Uint8Array): number | null {
  const n = parseBig(arg);
  if (n === null) return ctx.out.error(E.notInt), null;
  const seconds = unit === "EX" || unit === "EXAT";
  const bad = `ERR invalid expire time in '${latin1(ctx.argv[0]!).toLowerCase()}' command`;
  if (n <= 0n || (seconds && n > LLONG_MAX / 1000n)) return ctx.out.error(bad), null;
  let ms = seconds ? n * 1000n : n;
  if (unit === "EX" || unit === "PX") ms += BigInt(ctx.server.clock.now());
  if (ms > LLONG_MAX) return ctx.out.error(bad), null;
  return Number(ms);
}

interface SetFlags {
  nx?: boolean;
  xx?: boolean;
  get?: boolean;
  keepttl?: boolean;
  persist?: boolean;
  unit?: Unit;
  expire?: Uint8Array;
}

/** parseExtendedStringArgumentsOrReply for SET (`set`) and GETEX (`get`). */
function parseFlags(ctx: CommandContext, from: number, kind: "set" | "get"): SetFlags | null {
  const f: SetFlags = {};
  const { argv } = ctx;
  for (let j = from; j < argv.length; j++) {
    const o = upper(argv[j]!);
    const next = j + 1 < argv.length ? argv[j + 1] : undefined;
    const timed = f.unit !== undefined;
    if (o === "NX" && !f.xx && kind === "set") f.nx = true;
    else if (o === "XX" && !f.nx && kind === "set") f.xx = true;
    else if (o === "GET" && kind === "set") f.get = true;
    else if (o === "KEEPTTL" && !f.persist && !timed && kind === "set") f.keepttl = true;
    else if (o === "PERSIST" && kind === "get" && !timed && !f.keepttl) f.persist = true;
    else if ((o === "EX" || o === "PX" || o === "EXAT" || o === "PXAT") && !f.keepttl && !f.persist && !timed && next) {
      f.unit = o;
      f.expire = next;
      j++;
    } else {
      ctx.out.error(E.syntax);
      return null;
    }
  }
  return f;
}

/** setGenericCommand. */
function setGeneric(ctx: CommandContext, f: SetFlags, key: string, value: Uint8Array, okReply?: () => void, abortReply?: () => void): void {
  const { db, out } = ctx;
  let at: number | undefined;
  if (f.expire) {
    const ms = expireMs(ctx, f.unit!, f.expire);
    if (ms === null) return;
    at = ms;
  }
  if (f.get) {
    const old = getString(db, key, ctx);
    if (old === null) return;
    old === undefined ? out.nullBulk() : out.bulk(old);
  }
  const found = db.has(key);
  if ((f.nx && found) || (f.xx && !found)) {
    ctx.server.noop = true;
    if (!f.get) abortReply ? abortReply() : out.nullBulk();
    return;
  }
  db.set(key, value, f.keepttl === true);
  // Redis 7.0 stores even a past expiry here (no checkAlreadyExpired): the key lingers for DBSIZE until reclaimed.
  if (at !== undefined) db.setExpire(key, at, { keepIfPast: true });
  if (!f.get) okReply ? okReply() : out.simple("OK");
}

function set(ctx: CommandContext): void {
  const f = parseFlags(ctx, 3, "set");
  if (f) setGeneric(ctx, f, latin1(ctx.argv[1]!), ctx.argv[2]!);
}

function getex(ctx: CommandContext): void {
  const { argv, db, out } = ctx;
  const f = parseFlags(ctx, 2, "get");
  if (!f) return;
  const key = latin1(argv[1]!);
  const v = getString(db, key, ctx);
  if (v === null) return;
  if (v === undefined) return out.nullBulk();
  let at: number | undefined;
  if (f.expire) {
    const ms = expireMs(ctx, f.unit!, f.expire);
    if (ms === null) return;
    at = ms;
  }
  out.bulk(v);
  if (at !== undefined) db.setExpire(key, at);
  // GETEX PERSIST on a key without a TTL, or no option at all, changes nothing (getexCommand signals only a change).
  else if (!(f.persist && db.persist(key))) ctx.server.noop = true;
}

function mset(nx: boolean) {
  return (ctx: CommandContext): void => {
    const { argv, db, out } = ctx;
    if (argv.length % 2 === 0) return out.error(`ERR wrong number of arguments for '${nx ? "msetnx" : "mset"}' command`);
    if (nx) {
      for (let i = 1; i < argv.length; i += 2) if (db.has(latin1(argv[i]!))) return out.integer(0);
    }
    for (let i = 1; i < argv.length; i += 2) db.set(latin1(argv[i]!), argv[i + 1]!);
    nx ? out.integer(1) : out.simple("OK");
  };
}

function getrange(ctx: CommandContext): void {
  const { argv, db, out } = ctx;
  let start = parseBig(argv[2]!);
  let end = parseBig(argv[3]!);
  if (start === null || end === null) return out.error(E.notInt);
  const v = getString(db, latin1(argv[1]!), ctx);
  if (v === null) return;
  if (v === undefined) return out.bulk(EMPTY);
  const len = BigInt(v.length);
  if (start < 0n && end < 0n && start > end) return out.bulk(EMPTY);
  if (start < 0n) start += len;
  if (end < 0n) end += len;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= len) end = len - 1n;
  if (start > end || len === 0n) return out.bulk(EMPTY);
  out.bulk(v.subarray(Number(start), Number(end) + 1));
}

function setrange(ctx: CommandContext): void {
  const { argv, db, out } = ctx;
  const off = parseBig(argv[2]!);
  if (off === null) return out.error(E.notInt);
  if (off < 0n) return out.error("ERR offset is out of range");
  const key = latin1(argv[1]!);
  const value = argv[3]!;
  const v = getString(db, key, ctx);
  if (v === null) return;
  if (v === undefined && value.length === 0) return (ctx.server.noop = true), out.integer(0);
  if (v !== undefined && value.length === 0) return (ctx.server.noop = true), out.integer(v.length);
  if (!checkLength(ctx, Number(off), value.length)) return;
  const offset = Number(off);
  const old = v ?? EMPTY;
  const next = markRaw(new Uint8Array(Math.max(old.length, offset + value.length)));
  next.set(old);
  next.set(value, offset);
  v === undefined ? db.set(key, next) : db.replace(key, next);
  out.integer(next.length);
}

function append(ctx: CommandContext): void {
  const { argv, db, out } = ctx;
  const key = latin1(argv[1]!);
  const v = getString(db, key, ctx);
  if (v === null) return;
  if (v === undefined) {
    db.set(key, argv[2]!);
    return out.integer(argv[2]!.length);
  }
  if (!checkLength(ctx, v.length, argv[2]!.length)) return;
  const next = markRaw(new Uint8Array(v.length + argv[2]!.length));
  next.set(v);
  next.set(argv[2]!, v.length);
  db.replace(key, next);
  out.integer(next.length);
}

/** The string command family (counters live in commands-counter.ts). */
export const stringCommands: CommandSpec[] = [
  cmd("get", 2, (ctx) => {
    const v = getString(ctx.db, latin1(ctx.argv[1]!), ctx);
    if (v !== null) v === undefined ? ctx.out.nullBulk() : ctx.out.bulk(v);
  }, r1),
  cmd("set", -3, set, w1),
  cmd("setex", 4, (ctx) => setGeneric(ctx, { unit: "EX", expire: ctx.argv[2]! }, latin1(ctx.argv[1]!), ctx.argv[3]!), { ...w1, since: "2.0.0" }),
  cmd("psetex", 4, (ctx) => setGeneric(ctx, { unit: "PX", expire: ctx.argv[2]! }, latin1(ctx.argv[1]!), ctx.argv[3]!), { ...w1, since: "2.6.0" }),
  cmd("setnx", 3, (ctx) => setGeneric(ctx, { nx: true }, latin1(ctx.argv[1]!), ctx.argv[2]!, () => ctx.out.integer(1), () => ctx.out.integer(0)), { ...w1, flags: ["write", "fast"] }),
  cmd("getset", 3, (ctx) => setGeneric(ctx, { get: true }, latin1(ctx.argv[1]!), ctx.argv[2]!), { ...w1, flags: ["write", "fast"] }),
  cmd("getdel", 2, (ctx) => {
    const key = latin1(ctx.argv[1]!);
    const v = getString(ctx.db, key, ctx);
    if (v === null) return;
    if (v === undefined) return ctx.out.nullBulk();
    ctx.out.bulk(v);
    ctx.db.delete(key);
  }, { ...w1, flags: ["write", "fast"], since: "6.2.0" }),
  cmd("getex", -2, getex, { ...w1, flags: ["write", "fast"], since: "6.2.0" }),
  cmd("mget", -2, ({ argv, db, out }) => {
    out.array(argv.length - 1);
    for (let i = 1; i < argv.length; i++) {
      const v = db.get(latin1(argv[i]!));
      v instanceof Uint8Array ? out.bulk(v) : out.nullBulk();
    }
  }, { ...r1, keys: [1, -1, 1] }),
  cmd("mset", -3, mset(false), { ...w1, keys: [1, -1, 2], since: "1.0.1" }),
  cmd("msetnx", -3, mset(true), { ...w1, keys: [1, -1, 2], since: "1.0.1" }),
  cmd("append", 3, append, { ...w1, since: "2.0.0" }),
  cmd("strlen", 2, (ctx) => {
    const v = getString(ctx.db, latin1(ctx.argv[1]!), ctx);
    if (v !== null) ctx.out.integer(v === undefined ? 0 : v.length);
  }, { ...r1, since: "2.2.0" }),
  cmd("getrange", 4, getrange, { ...r1, flags: ["readonly"], since: "2.4.0" }),
  cmd("setrange", 4, setrange, { ...w1, since: "2.2.0" }),
];
