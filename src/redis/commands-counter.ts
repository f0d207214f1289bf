/**
 * Counter commands on string values (t_string.c incrDecrCommand,
 * incrbyfloatCommand): INCR INCRBY DECR DECRBY INCRBYFLOAT, with int64
 * overflow checks done in bigint.
 */
import { E, bytes, cmd, fitsI64, getString, latin1, parseBig, parseFloatArg, type CommandContext, type CommandSpec } from "./command.ts";
import { addFloats } from "./float.ts";

const w1 = { group: "string", keys: [1, 1, 1] as [number, number, number], flags: ["write", "fast"] };

function incrDecr(ctx: CommandContext, by: bigint): void {
  const key = latin1(ctx.argv[1]!);
  const v = getString(ctx.db, key, ctx);
  if (v === null) return;
  const old = v === undefined ? 0n : parseBig(v);
  if (old === null) return ctx.out.error(E.notInt);
  const next = old + by;
  if (!fitsI64(next)) return ctx.out.error(E.overflow);
  const s = next.toString();
  v === undefined ? ctx.db.set(key, bytes(s)) : ctx.db.replace(key, bytes(s));
  ctx.out.integer(next);
}

function withArg(sign: 1n | -1n) {
  return (ctx: CommandContext): void => {
    const by = parseBig(ctx.argv[2]!);
    if (by === null) return ctx.out.error(E.notInt);
    if (sign < 0n && by === -9223372036854775808n) return ctx.out.error("ERR decrement would overflow");
    incrDecr(ctx, by * sign);
  };
}

function incrbyfloat(ctx: CommandContext): void {
  const key = latin1(ctx.argv[1]!);
  const v = getString(ctx.db, key, ctx);
  if (v === null) return;
  const old = v === undefined ? 0 : parseFloatArg(v);
  const by = parseFloatArg(ctx.argv[2]!);
  if (old === null || by === null) return ctx.out.error(E.notFloat);
  const next = old + by;
  if (!Number.isFinite(next)) return ctx.out.error("ERR increment would produce NaN or Infinity");
  const out = bytes(addFloats(v, ctx.argv[2]!, old, by));
  v === undefined ? ctx.db.set(key, out) : ctx.db.replace(key, out);
  ctx.out.bulk(out);
}

/** INCR, INCRBY, DECR, DECRBY, INCRBYFLOAT. */
export const counterCommands: CommandSpec[] = [
  cmd("incr", 2, (ctx) => incrDecr(ctx, 1n), w1),
  cmd("decr", 2, (ctx) => incrDecr(ctx, -1n), w1),
  cmd("incrby", 3, withArg(1n), w1),
  cmd("decrby", 3, withArg(-1n), w1),
  cmd("incrbyfloat", 3, incrbyfloat, { ...w1, since: "2.6.0" }),
];
