/**
 * ZREMRANGEBYSCORE, ZREMRANGEBYRANK, ZREMRANGEBYLEX (t_zset.c's
 * zremrangeGenericCommand): the range is parsed before the key is looked
 * up; members are removed from the first in range while still in range; an
 * emptied zset deletes its key; removing nothing is not a change.
 */
import { E, cmd, getTyped, isZSet, latin1, parseBig, type CommandContext, type CommandSpec } from "./command.ts";
import { firstInRange, lexOps, parseLexRange, parseScoreRange, scoreOps, type RangeOps } from "./zset-range.ts";
import type { ZSet } from "./zset.ts";

/** Removes and counts the members from rank `from` while `keep` holds. */
function removeWhile(z: ZSet, from: number, inRange: (i: number) => boolean): number {
  let n = 0;
  while (from < z.size && inRange(n)) z.removeAt(from), n++;
  return n;
}

function zremrange(ctx: CommandContext, select: (z: ZSet) => { from: number; inRange: (removed: number) => boolean } | null): void {
  const key = latin1(ctx.argv[1]!);
  const z = getTyped(ctx, key, isZSet);
  if (z === null) return;
  const sel = z && select(z);
  const n = z && sel ? removeWhile(z, sel.from, sel.inRange) : 0;
  if (z && z.size === 0) ctx.db.delete(key);
  ctx.out.integer(n);
}

function byRange(ops: RangeOps | null, err: string) {
  return (ctx: CommandContext): void => {
    if (ops === null) return ctx.out.error(err);
    zremrange(ctx, (z) => {
      const first = firstInRange(z, ops);
      return first < 0 ? null : { from: first, inRange: () => first < z.size && ops.lteMax(z.at(first)) };
    });
  };
}

function byRank(ctx: CommandContext): void {
  const s = parseBig(ctx.argv[2]!);
  const e = parseBig(ctx.argv[3]!);
  if (s === null || e === null) return ctx.out.error(E.notInt);
  zremrange(ctx, (z) => {
    let start = Number(s);
    let end = Number(e);
    const len = z.size;
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    if (start > end || start >= len) return null;
    if (end >= len) end = len - 1;
    return { from: start, inRange: (removed) => removed <= end - start };
  });
}

const w = { group: "sorted_set", keys: [1, 1, 1] as [number, number, number], flags: ["write"] };

/** ZREMRANGEBYSCORE ZREMRANGEBYRANK ZREMRANGEBYLEX. */
export const zremrangeCommands: CommandSpec[] = [
  cmd("zremrangebyscore", 4, (ctx) => {
    const r = parseScoreRange(ctx.argv[2]!, ctx.argv[3]!);
    byRange(r && scoreOps(r), "ERR min or max is not a float")(ctx);
  }, { ...w, since: "1.2.0" }),
  cmd("zremrangebyrank", 4, byRank, { ...w, since: "2.0.0" }),
  cmd("zremrangebylex", 4, (ctx) => {
    const r = parseLexRange(ctx.argv[2]!, ctx.argv[3]!);
    byRange(r && lexOps(r), "ERR min or max not valid string range item")(ctx);
  }, { ...w, since: "2.8.9" }),
];
