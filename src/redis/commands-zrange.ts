/**
 * The ZRANGE family (t_zset.c's zrangeGenericCommand): ZRANGE with
 * BYSCORE/BYLEX/REV/LIMIT/WITHSCORES, ZRANGESTORE, ZRANGEBYSCORE,
 * ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX, ZREVRANGE; and
 * ZUNIONSTORE/ZINTERSTORE (zunionInterDiffGenericCommand).
 */
import { E, cmd, isSet, isZSet, latin1, parseBig, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { collectRange, lexOps, parseLexRange, parseScoreRange, scoreOps } from "./zset-range.ts";
import { replyWithScores } from "./zset-reply.ts";
import { parseDouble, ZSet, type ZEntry } from "./zset.ts";

type Kind = "auto" | "rank" | "score" | "lex";
type Dir = "auto" | "fwd" | "rev";

/** zrangeGenericCommand: `at` is the index of the source key; `store` is ZRANGESTORE. */
function zrange(ctx: CommandContext, at: number, store: boolean, kind0: Kind, dir0: Dir): void {
  const { argv, out } = ctx;
  let kind = kind0, dir = dir0, withscores = false;
  let offset = 0n, limit = -1n;
  for (let j = at + 3; j < argv.length; j++) {
    const o = upper(argv[j]!);
    const left = argv.length - j - 1;
    if (!store && o === "WITHSCORES") withscores = true;
    else if (o === "LIMIT" && left >= 2) {
      const a = parseBig(argv[j + 1]!);
      const b = a === null ? null : parseBig(argv[j + 2]!);
      if (a === null || b === null) return out.error(E.notInt);
      offset = a, limit = b;
      j += 2;
    } else if (dir === "auto" && o === "REV") dir = "rev";
    else if (kind === "auto" && o === "BYLEX") kind = "lex";
    else if (kind === "auto" && o === "BYSCORE") kind = "score";
    else return out.error(E.syntax);
  }
  if (dir === "auto") dir = "fwd";
  if (kind === "auto") kind = "rank";
  if (limit !== -1n && kind === "rank") return out.error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  if (withscores && kind === "lex") return out.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  const rev = dir === "rev";
  let [minArg, maxArg] = [argv[at + 1]!, argv[at + 2]!];
  if (rev && kind !== "rank") [minArg, maxArg] = [maxArg, minArg];
  let pick: (z: ZSet) => ZEntry[];
  if (kind === "rank") {
    const a = parseBig(minArg);
    const b = a === null ? null : parseBig(maxArg);
    if (a === null || b === null) return out.error(E.notInt);
    pick = (z) => byRank(z, a, b, rev);
  } else if (kind === "score") {
    const range = parseScoreRange(minArg, maxArg);
    if (!range) return out.error("ERR min or max is not a float");
    pick = (z) => collectRange(z, scoreOps(range), rev, clamp(offset), clamp(limit));
  } else {
    const range = parseLexRange(minArg, maxArg);
    if (!range) return out.error("ERR min or max not valid string range item");
    pick = (z) => collectRange(z, lexOps(range), rev, clamp(offset), clamp(limit));
  }
  const v = ctx.db.get(latin1(argv[at]!));
  if (v !== undefined && !isZSet(v)) return out.error(E.wrongType);
  const es = v === undefined ? [] : pick(v);
  if (store) return storeResult(ctx, latin1(argv[1]!), es);
  if (withscores) return replyWithScores(ctx, es, false);
  out.array(es.length);
  for (const e of es) out.bulk(e.member);
}

/** int64 → a safe JS number keeping the sign (offsets and limits beyond 2^53 behave alike). */
function clamp(n: bigint): number {
  return n > 2n ** 53n ? 2 ** 53 : n < -(2n ** 53n) ? -(2 ** 53) : Number(n);
}

/** genericZrangebyrankCommand's index sanitising. */
function byRank(z: ZSet, a: bigint, b: bigint, rev: boolean): ZEntry[] {
  const n = BigInt(z.size);
  let start = a < 0n ? n + a : a;
  let end = b < 0n ? n + b : b;
  if (start < 0n) start = 0n;
  if (start > end || start >= n) return [];
  if (end >= n) end = n - 1n;
  const out: ZEntry[] = [];
  for (let i = Number(start); i <= Number(end); i++) out.push(z.at(rev ? z.size - 1 - i : i));
  return out;
}

/** zrangeResultFinalizeStore / the STORE ops: set `dst` to the result (deleting it when empty) and reply its size. */
function storeResult(ctx: CommandContext, dst: string, es: readonly ZEntry[]): void {
  if (es.length === 0) {
    // Only a deletion is a change: an empty result over a missing key signals nothing.
    if (!ctx.db.delete(dst)) ctx.server.noop = true;
    return ctx.out.integer(0);
  }
  const z = new ZSet();
  for (const e of es) z.set(e.member, e.score);
  ctx.db.set(dst, z);
  ctx.out.integer(z.size);
}

/** zunionInterAggregate. */
function aggregate(mode: string, a: number, b: number): number {
  if (mode === "SUM") {
    const s = a + b;
    return Number.isNaN(s) ? 0 : s;
  }
  return mode === "MIN" ? (b < a ? b : a) : b > a ? b : a;
}

/** ZUNIONSTORE / ZINTERSTORE. */
function zsetOp(union: boolean) {
  const name = union ? "zunionstore" : "zinterstore";
  return (ctx: CommandContext): void => {
    const { argv, out } = ctx;
    const n = parseBig(argv[2]!);
    if (n === null) return out.error(E.notInt);
    if (n < 1n) return out.error(`ERR at least 1 input key is needed for '${name}' command`);
    if (n > BigInt(argv.length - 3)) return out.error(E.syntax);
    const count = Number(n);
    const srcs: { items: [string, number][]; weight: number }[] = [];
    for (let i = 0; i < count; i++) {
      const v = ctx.db.get(latin1(argv[3 + i]!));
      if (v !== undefined && !isZSet(v) && !isSet(v)) return out.error(E.wrongType);
      const items: [string, number][] = v === undefined ? [] : isZSet(v) ? v.entries().map((e) => [e.member, e.score]) : [...v].map((m) => [m, 1]);
      srcs.push({ items, weight: 1 });
    }
    let mode = "SUM";
    for (let j = 3 + count; j < argv.length; ) {
      const o = upper(argv[j]!);
      const left = argv.length - j;
      if (o === "WEIGHTS" && left >= count + 1) {
        j++;
        for (let i = 0; i < count; i++, j++) {
          const w = parseDouble(latin1(argv[j]!));
          if (w === null) return out.error("ERR weight value is not a float");
          srcs[i]!.weight = w;
        }
      } else if (o === "AGGREGATE" && left >= 2) {
        const a = upper(argv[j + 1]!);
        if (a !== "SUM" && a !== "MIN" && a !== "MAX") return out.error(E.syntax);
        mode = a;
        j += 2;
      } else return out.error(E.syntax);
    }
    // Smallest first, as Redis sorts its inputs by cardinality.
    const order = [...srcs].sort((a, b) => a.items.length - b.items.length);
    const acc = new Map<string, number>();
    const weighted = (w: number, s: number) => {
      const x = w * s;
      return Number.isNaN(x) ? 0 : x;
    };
    if (union) {
      for (const s of order) for (const [m, sc] of s.items) {
        const x = weighted(s.weight, sc);
        const cur = acc.get(m);
        acc.set(m, cur === undefined ? x : aggregate(mode, cur, x));
      }
    } else if (order[0]!.items.length > 0) {
      const maps = order.map((s) => new Map(s.items));
      for (const [m, sc] of order[0]!.items) {
        let x = weighted(order[0]!.weight, sc);
        let all = true;
        for (let i = 1; i < order.length && all; i++) {
          const o = maps[i]!.get(m);
          if (o === undefined) all = false;
          // zinterstore weighs the other inputs' scores without turning NaN into 0 (only the aggregate does).
          else x = aggregate(mode, x, order[i]!.weight * o);
        }
        if (all) acc.set(m, x);
      }
    }
    storeResult(ctx, latin1(argv[1]!), [...acc].map(([member, score]) => ({ member, score })));
  };
}

const g = { group: "sorted_set", keys: [1, 1, 1] as [number, number, number], flags: ["readonly"], since: "1.2.0" };
const ws = { ...g, flags: ["write", "denyoom"] };

/** ZRANGE and friends. */
export const zrangeCommands: CommandSpec[] = [
  cmd("zrange", -4, (ctx) => zrange(ctx, 1, false, "auto", "auto"), g),
  cmd("zrangestore", -5, (ctx) => zrange(ctx, 2, true, "auto", "auto"), { ...ws, keys: [1, 2, 1], since: "6.2.0" }),
  cmd("zrangebyscore", -4, (ctx) => zrange(ctx, 1, false, "score", "fwd"), { ...g, since: "1.0.5" }),
  cmd("zrevrangebyscore", -4, (ctx) => zrange(ctx, 1, false, "score", "rev"), { ...g, since: "2.2.0" }),
  cmd("zrangebylex", -4, (ctx) => zrange(ctx, 1, false, "lex", "fwd"), { ...g, since: "2.8.9" }),
  cmd("zrevrangebylex", -4, (ctx) => zrange(ctx, 1, false, "lex", "rev"), { ...g, since: "2.8.9" }),
  cmd("zrevrange", -4, (ctx) => zrange(ctx, 1, false, "rank", "rev"), g),
  cmd("zunionstore", -4, zsetOp(true), { ...ws, since: "2.0.0" }),
  cmd("zinterstore", -4, zsetOp(false), { ...ws, since: "2.0.0" }),
];
