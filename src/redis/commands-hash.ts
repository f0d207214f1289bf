/**
 * Hash commands (t_hash.c): HSET HMSET HSETNX HGET HMGET HGETALL HDEL HEXISTS
 * HLEN HSTRLEN HKEYS HVALS HINCRBY HINCRBYFLOAT. Fields keep insertion order,
 * as Redis's listpack encoding does for small hashes.
 */
import { E, bytes, cmd, fitsI64, getTyped, isHash, latin1, parseBig, parseFloatArg, type CommandContext, type CommandSpec } from "./command.ts";
import { addFloats } from "./float.ts";
import type { RHash } from "./keyspace.ts";

const g = { group: "hash", keys: [1, 1, 1] as [number, number, number] };
const w = { ...g, flags: ["write", "fast"] };
const r = { ...g, flags: ["readonly", "fast"] };

/** hashTypeLookupWriteOrCreate: the hash (created on demand), or null after WRONGTYPE. */
function writable(ctx: CommandContext): RHash | null {
  const key = latin1(ctx.argv[1]!);
  const h = getTyped(ctx, key, isHash);
  if (h === null || h !== undefined) return h;
  const created: RHash = new Map();
  ctx.db.set(key, created);
  return created;
}

function hset(name: "hset" | "hmset") {
  return (ctx: CommandContext): void => {
    if (ctx.argv.length % 2 === 1) return ctx.out.error(`ERR wrong number of arguments for '${name}' command`);
    const h = writable(ctx);
    if (h === null) return;
    let added = 0;
    for (let i = 2; i < ctx.argv.length; i += 2) {
      const f = latin1(ctx.argv[i]!);
      if (!h.has(f)) added++;
      h.set(f, ctx.argv[i + 1]!);
    }
    name === "hset" ? ctx.out.integer(added) : ctx.out.simple("OK");
  };
}

function read(ctx: CommandContext, fn: (h: RHash) => void, missing: () => void): void {
  const h = getTyped(ctx, latin1(ctx.argv[1]!), isHash);
  if (h === null) return;
  h === undefined ? missing() : fn(h);
}

function hincrby(ctx: CommandContext): void {
  const by = parseBig(ctx.argv[3]!);
  if (by === null) return ctx.out.error(E.notInt);
  const h = writable(ctx);
  if (h === null) return;
  const f = latin1(ctx.argv[2]!);
  const cur = h.get(f);
  const old = cur === undefined ? 0n : parseBig(cur);
  if (old === null) return ctx.out.error("ERR hash value is not an integer");
  const next = old + by;
  if (!fitsI64(next)) return ctx.out.error(E.overflow);
  h.set(f, bytes(next.toString()));
  ctx.out.integer(next);
}

function hincrbyfloat(ctx: CommandContext): void {
  const by = parseFloatArg(ctx.argv[3]!);
  if (by === null) return ctx.out.error(E.notFloat);
  if (!Number.isFinite(by)) return ctx.out.error("ERR value is NaN or Infinity");
  const h = writable(ctx);
  if (h === null) return;
  const f = latin1(ctx.argv[2]!);
  const cur = h.get(f);
  const old = cur === undefined ? 0 : parseFloatArg(cur);
  if (old === null) return ctx.out.error("ERR hash value is not a float");
  const next = old + by;
  if (!Number.isFinite(next)) return ctx.out.error("ERR increment would produce NaN or Infinity");
  const out = bytes(addFloats(cur, ctx.argv[3]!, old, by));
  h.set(f, out);
  ctx.out.bulk(out);
}

/** The hash command family. */
export const hashCommands: CommandSpec[] = [
  cmd("hset", -4, hset("hset"), { ...w, since: "2.0.0" }),
  cmd("hmset", -4, hset("hmset"), { ...w, since: "2.0.0" }),
  cmd("hsetnx", 4, (ctx) => {
    const h = writable(ctx);
    if (h === null) return;
    const f = latin1(ctx.argv[2]!);
    if (h.has(f)) return ctx.out.integer(0);
    h.set(f, ctx.argv[3]!);
    ctx.out.integer(1);
  }, { ...w, since: "2.0.0" }),
  cmd("hget", 3, (ctx) => read(ctx, (h) => {
    const v = h.get(latin1(ctx.argv[2]!));
    v === undefined ? ctx.out.nullBulk() : ctx.out.bulk(v);
  }, () => ctx.out.nullBulk()), { ...r, since: "2.0.0" }),
  cmd("hmget", -3, (ctx) => {
    const h = getTyped(ctx, latin1(ctx.argv[1]!), isHash);
    if (h === null) return;
    ctx.out.array(ctx.argv.length - 2);
    for (let i = 2; i < ctx.argv.length; i++) {
      const v = h?.get(latin1(ctx.argv[i]!));
      v === undefined ? ctx.out.nullBulk() : ctx.out.bulk(v);
    }
  }, { ...r, since: "2.0.0" }),
  cmd("hgetall", 2, (ctx) => read(ctx, (h) => {
    ctx.out.map(h.size);
    for (const [f, v] of h) ctx.out.bulk(f), ctx.out.bulk(v);
  }, () => ctx.out.map(0)), { ...r, flags: ["readonly"], since: "2.0.0" }),
  cmd("hdel", -3, (ctx) => {
    const key = latin1(ctx.argv[1]!);
    read(ctx, (h) => {
      let n = 0;
      for (let i = 2; i < ctx.argv.length; i++) if (h.delete(latin1(ctx.argv[i]!))) n++;
      if (h.size === 0) ctx.db.delete(key);
      ctx.out.integer(n);
    }, () => ctx.out.integer(0));
  }, { ...w, since: "2.0.0" }),
  cmd("hexists", 3, (ctx) => read(ctx, (h) => ctx.out.integer(h.has(latin1(ctx.argv[2]!)) ? 1 : 0), () => ctx.out.integer(0)), { ...r, since: "2.0.0" }),
  cmd("hlen", 2, (ctx) => read(ctx, (h) => ctx.out.integer(h.size), () => ctx.out.integer(0)), { ...r, since: "2.0.0" }),
  cmd("hstrlen", 3, (ctx) => read(ctx, (h) => ctx.out.integer(h.get(latin1(ctx.argv[2]!))?.length ?? 0), () => ctx.out.integer(0)), { ...r, since: "3.2.0" }),
  cmd("hkeys", 2, (ctx) => read(ctx, (h) => {
    ctx.out.array(h.size);
    for (const f of h.keys()) ctx.out.bulk(f);
  }, () => ctx.out.array(0)), { ...r, flags: ["readonly"], since: "2.0.0" }),
  cmd("hvals", 2, (ctx) => read(ctx, (h) => {
    ctx.out.array(h.size);
    for (const v of h.values()) ctx.out.bulk(v);
  }, () => ctx.out.array(0)), { ...r, flags: ["readonly"], since: "2.0.0" }),
  cmd("hincrby", 4, hincrby, { ...w, since: "2.0.0" }),
  cmd("hincrbyfloat", 4, hincrbyfloat, { ...w, since: "2.6.0" }),
];
