/**
 * Sorted set commands (t_zset.c): ZADD ZINCRBY ZREM ZSCORE ZMSCORE ZCARD
 * ZCOUNT ZLEXCOUNT ZRANK ZREVRANK ZPOPMIN ZPOPMAX ZSCAN. Scores are replied
 * with addReplyDouble (%.17g in Redis 7.0); an emptied zset deletes its key.
 */
import { E, cmd, getTyped, isZSet, latin1, parseBig, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { globMatch } from "./glob.ts";
import { scanPage } from "./collection-scan.ts";
import { scanCursor, scanOptions } from "./commands-set-ops.ts";
import { isConverted } from "./encoding.ts";
import { firstInRange, lastInRange, lexOps, parseLexRange, parseScoreRange, scoreOps, type RangeOps } from "./zset-range.ts";
import { formatStoredScore, parseDouble, ZSet, type ZEntry } from "./zset.ts";
import { replyDouble, replyWithScores } from "./zset-reply.ts";
import { zrangeCommands } from "./commands-zrange.ts";
import { zremrangeCommands } from "./commands-zremrange.ts";

const g = { group: "sorted_set", keys: [1, 1, 1] as [number, number, number], since: "1.2.0" };
const w = { ...g, flags: ["write", "denyoom", "fast"] };
const r = { ...g, flags: ["readonly", "fast"] };

const NAN_ERR = "ERR resulting score is not a number (NaN)";

/** zaddGenericCommand, also ZINCRBY (`incr` forced, one pair at argv[2..3]). */
function zadd(ctx: CommandContext, forceIncr: boolean): void {
  const { argv, out } = ctx;
  let nx = false, xx = false, gt = false, lt = false, ch = false, incr = forceIncr;
  let i = 2;
  if (!forceIncr) {
    for (; i < argv.length; i++) {
      const o = upper(argv[i]!);
      if (o === "NX") nx = true;
      else if (o === "XX") xx = true;
      else if (o === "GT") gt = true;
      else if (o === "LT") lt = true;
      else if (o === "CH") ch = true;
      else if (o === "INCR") incr = true;
      else break;
    }
  }
  const n = argv.length - i;
  if (n % 2 !== 0 || n === 0) return out.error(E.syntax);
  if (nx && xx) return out.error("ERR XX and NX options at the same time are not compatible");
  if ((gt && nx) || (lt && nx) || (gt && lt)) return out.error("ERR GT, LT, and/or NX options at the same time are not compatible");
  if (incr && n > 2) return out.error("ERR INCR option supports a single increment-element pair");
  const scores: number[] = [];
  for (let j = i; j < argv.length; j += 2) {
    const s = parseDouble(latin1(argv[j]!));
    if (s === null) return out.error(E.notFloat);
    scores.push(s);
  }
  const key = latin1(argv[1]!);
  let z = getTyped(ctx, key, isZSet);
  if (z === null) return;
  let added = 0, updated = 0, processed = 0;
  let score = 0;
  if (z === undefined && !xx) ctx.db.set(key, (z = new ZSet()));
  if (z !== undefined) {
    for (let j = 0; j < scores.length; j++) {
      const member = latin1(argv[i + 2 * j + 1]!);
      score = scores[j]!;
      const cur = z.score(member);
      if (cur !== undefined) {
        if (nx) continue;
        if (incr) {
          score += cur;
          if (Number.isNaN(score)) {
            if (z.size === 0) ctx.db.delete(key);
            return out.error(NAN_ERR);
          }
        }
        if ((lt && score >= cur) || (gt && score <= cur)) continue;
        if (score !== cur) z.set(member, score), updated++;
        processed++;
      } else {
        if (xx) continue;
        z.set(member, score);
        added++, processed++;
      }
    }
    if (z.size === 0) ctx.db.delete(key);
  }
  // zaddGenericCommand signals and counts only added or updated members.
  if (added + updated === 0) ctx.server.noop = true;
  if (incr) return processed ? replyDouble(ctx, score) : out.nullBulk();
  out.integer(ch ? added + updated : added);
}

function read(ctx: CommandContext, fn: (z: ZSet) => void, missing: () => void): void {
  const z = getTyped(ctx, latin1(ctx.argv[1]!), isZSet);
  if (z === null) return;
  z === undefined ? missing() : fn(z);
}

function count(ctx: CommandContext, ops: RangeOps | null, err: string): void {
  if (ops === null) return ctx.out.error(err);
  read(ctx, (z) => {
    // zsetCount/zzl: from the first in range, count while ≤ max (by ranks when ordered, as zslGetRank does).
    const first = firstInRange(z, ops);
    if (first < 0) return ctx.out.integer(0);
    if (!ops.lex || z.size > 128) return ctx.out.integer(lastInRange(z, ops) - first + 1);
    const es = z.entries();
    let n = 0;
    for (let i = first; i < es.length && ops.lteMax(es[i]!); i++) n++;
    ctx.out.integer(n);
  }, () => ctx.out.integer(0));
}

function rank(rev: boolean) {
  return (ctx: CommandContext) => read(ctx, (z) => {
    const i = z.rank(latin1(ctx.argv[2]!));
    i === undefined ? ctx.out.nullBulk() : ctx.out.integer(rev ? z.size - 1 - i : i);
  }, () => ctx.out.nullBulk());
}

/** genericZpopCommand for ZPOPMIN/ZPOPMAX. */
function zpop(max: boolean) {
  return (ctx: CommandContext): void => {
    const { argv, out } = ctx;
    if (argv.length > 3) return out.error(E.syntax);
    let n = 1;
    if (argv.length === 3) {
      const c = parseBig(argv[2]!);
      if (c === null || c < 0n) return out.error(E.mustBePositive);
      n = Number(c);
    }
    const key = latin1(argv[1]!);
    const z = getTyped(ctx, key, isZSet);
    if (z === null) return;
    if (z === undefined || n <= 0) return out.array(0);
    const popped: ZEntry[] = [];
    while (popped.length < n && z.size > 0) popped.push(z.removeAt(max ? z.size - 1 : 0));
    if (z.size === 0) ctx.db.delete(key);
    replyWithScores(ctx, popped, argv.length < 3);
  };
}

/** ZSCAN: a listpack zset in one reply with cursor 0 (in score order); a skiplist's dict page by page (collection-scan.ts). */
function zscan(ctx: CommandContext): void {
  const { argv, out } = ctx;
  const cursor = scanCursor(ctx, argv[2]!);
  if (cursor === null) return;
  const z = getTyped(ctx, latin1(argv[1]!), isZSet);
  if (z === null) return;
  if (z === undefined) {
    out.array(2), out.bulk("0"), out.array(0);
    return;
  }
  const opts = scanOptions(ctx, 3);
  if (!opts) return;
  const { items, next } = isConverted(z)
    ? scanPage(z, () => z.dict.entries(), cursor, opts.count)
    : { items: z.entries().map((e): [string, number] => [e.member, e.score]), next: 0 };
  const es = items.filter(([m]) => opts.pattern === undefined || globMatch(opts.pattern, m));
  out.array(2);
  out.bulk(String(next));
  out.array(es.length * 2);
  for (const [m, score] of es) out.bulk(m), out.bulk(formatStoredScore(score));
}

/** The sorted set command family. */
export const zsetCommands: CommandSpec[] = [
  cmd("zadd", -4, (ctx) => zadd(ctx, false), w),
  cmd("zincrby", 4, (ctx) => zadd(ctx, true), w),
  cmd("zrem", -3, (ctx) => {
    const key = latin1(ctx.argv[1]!);
    read(ctx, (z) => {
      let n = 0;
      for (let i = 2; i < ctx.argv.length; i++) if (z.delete(latin1(ctx.argv[i]!))) n++;
      if (z.size === 0) ctx.db.delete(key);
      ctx.out.integer(n);
    }, () => ctx.out.integer(0));
  }, { ...w, flags: ["write", "fast"] }),
  cmd("zscore", 3, (ctx) => read(ctx, (z) => {
    const s = z.score(latin1(ctx.argv[2]!));
    s === undefined ? ctx.out.nullBulk() : replyDouble(ctx, s);
  }, () => ctx.out.nullBulk()), r),
  cmd("zmscore", -3, (ctx) => {
    const z = getTyped(ctx, latin1(ctx.argv[1]!), isZSet);
    if (z === null) return;
    ctx.out.array(ctx.argv.length - 2);
    for (let i = 2; i < ctx.argv.length; i++) {
      const s = z?.score(latin1(ctx.argv[i]!));
      s === undefined ? ctx.out.nullBulk() : replyDouble(ctx, s);
    }
  }, { ...r, since: "6.2.0" }),
  cmd("zcard", 2, (ctx) => read(ctx, (z) => ctx.out.integer(z.size), () => ctx.out.integer(0)), r),
  cmd("zcount", 4, (ctx) => {
    const range = parseScoreRange(ctx.argv[2]!, ctx.argv[3]!);
    count(ctx, range && scoreOps(range), "ERR min or max is not a float");
  }, { ...r, since: "2.0.0" }),
  cmd("zlexcount", 4, (ctx) => {
    const range = parseLexRange(ctx.argv[2]!, ctx.argv[3]!);
    count(ctx, range && lexOps(range), "ERR min or max not valid string range item");
  }, { ...r, since: "2.8.9" }),
  cmd("zrank", 3, rank(false), { ...r, since: "2.0.0" }),
  cmd("zrevrank", 3, rank(true), { ...r, since: "2.0.0" }),
  cmd("zpopmin", -2, zpop(false), { ...w, flags: ["write", "fast"], since: "5.0.0" }),
  cmd("zpopmax", -2, zpop(true), { ...w, flags: ["write", "fast"], since: "5.0.0" }),
  cmd("zscan", -3, zscan, { ...r, flags: ["readonly"], since: "2.8.0" }),
  ...zrangeCommands,
  ...zremrangeCommands,
];
