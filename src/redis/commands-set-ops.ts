/**
 * Set algebra and the random/cursor set commands (t_set.c): SMOVE, SINTER
 * SUNION SDIFF and their STORE forms, SINTERCARD, SSCAN, SPOP (logged as SREM
 * or DEL, Redis's rewrite of a random write), SRANDMEMBER.
 */
import { E, bytes, cmd, isSet, latin1, parseBig, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { ordered } from "./commands-set.ts";
import { globMatch } from "./glob.ts";
import { scanPage } from "./collection-scan.ts";
import { isConverted } from "./encoding.ts";
import type { RSet } from "./keyspace.ts";

const g = { group: "set", keys: [1, -1, 1] as [number, number, number] };

/** The sets at `keys` (missing = undefined), or null after replying WRONGTYPE. */
function sets(ctx: CommandContext, keys: Uint8Array[]): (RSet | undefined)[] | null {
  const out: (RSet | undefined)[] = [];
  for (const k of keys) {
    const v = ctx.db.get(latin1(k));
    if (v !== undefined && !isSet(v)) return ctx.out.error(E.wrongType), null;
    out.push(v);
  }
  return out;
}

function inter(ss: (RSet | undefined)[], limit = 0): RSet {
  const res: RSet = new Set();
  if (ss.some((s) => s === undefined || s.size === 0)) return res;
  const sorted = [...(ss as RSet[])].sort((a, b) => a.size - b.size);
  for (const m of sorted[0]!) {
    if (sorted.every((s) => s.has(m))) res.add(m);
    if (limit > 0 && res.size >= limit) break;
  }
  return res;
}

function union(ss: (RSet | undefined)[]): RSet {
  const res: RSet = new Set();
  for (const s of ss) if (s) for (const m of s) res.add(m);
  return res;
}

function diff(ss: (RSet | undefined)[]): RSet {
  const res: RSet = new Set(ss[0] ?? []);
  for (const s of ss.slice(1)) if (s) for (const m of s) res.delete(m);
  return res;
}

/** SINTER/SUNION/SDIFF (`store` false) and their STORE forms. */
function algebra(op: (ss: (RSet | undefined)[]) => RSet, store: boolean) {
  return (ctx: CommandContext): void => {
    const ss = sets(ctx, ctx.argv.slice(store ? 2 : 1));
    if (ss === null) return;
    const res = op(ss);
    if (!store) {
      const m = ordered(res);
      ctx.out.set(m.length);
      for (const x of m) ctx.out.bulk(x);
      return;
    }
    const dst = latin1(ctx.argv[1]!);
    // Only a deletion is a change: an empty result over a missing key signals nothing.
    if (res.size === 0) ctx.server.noop = !ctx.db.delete(dst);
    else ctx.db.set(dst, res);
    ctx.out.integer(res.size);
  };
}

/** Picks `n` distinct members at random (n ≤ size). */
function sample(s: RSet, n: number, random: () => number): string[] {
  const all = [...s];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (all.length - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, n);
}

function spop(ctx: CommandContext): void {
  const { argv, out, server } = ctx;
  if (argv.length > 3) return out.error(E.syntax);
  let count = -1;
  if (argv.length === 3) {
    const n = parseBig(argv[2]!);
    if (n === null || n < 0n) return out.error(E.mustBePositive);
    count = n > 1n << 40n ? 2 ** 40 : Number(n);
  }
  const key = latin1(argv[1]!);
  const v = ctx.db.get(key);
  if (v !== undefined && !isSet(v)) return out.error(E.wrongType);
  if (v === undefined) return count < 0 ? out.nullBulk() : out.set(0);
  if (count === 0) return out.set(0);
  const picked = sample(v, count < 0 ? 1 : Math.min(count, v.size), server.random);
  for (const m of picked) v.delete(m);
  if (v.size === 0) {
    ctx.db.delete(key);
    server.propagateAs = [[bytes("DEL"), argv[1]!]];
  } else server.propagateAs = [[bytes("SREM"), argv[1]!, ...picked.map(bytes)]];
  if (count < 0) return out.bulk(picked[0]!);
  out.set(picked.length);
  for (const m of picked) out.bulk(m);
}

function srandmember(ctx: CommandContext): void {
  const { argv, out, server } = ctx;
  if (argv.length > 3) return out.error(E.syntax);
  let count: number | undefined;
  if (argv.length === 3) {
    const n = parseBig(argv[2]!);
    if (n === null || n < -9223372036854775807n) return out.error(E.notInt);
    count = Number(n);
  }
  const v = ctx.db.get(latin1(argv[1]!));
  if (v !== undefined && !isSet(v)) return out.error(E.wrongType);
  if (count === undefined) {
    if (v === undefined) return out.nullBulk();
    return out.bulk(sample(v, 1, server.random)[0]!);
  }
  if (v === undefined || count === 0) return out.array(0);
  if (count > 0) {
    const picked = sample(v, Math.min(count, v.size), server.random);
    out.array(picked.length);
    for (const m of picked) out.bulk(m);
    return;
  }
  const all = [...v];
  out.array(-count);
  for (let i = 0; i < -count; i++) out.bulk(all[Math.floor(server.random() * all.length)]!);
}

/** The MATCH/COUNT options of the SCAN family over a collection (COUNT defaults to 10): false after replying an error. */
export function scanOptions(ctx: CommandContext, from: number): { pattern: string | undefined; count: number } | false {
  const { argv, out } = ctx;
  let pattern: string | undefined;
  let count = 10;
  for (let i = from; i < argv.length; i += 2) {
    const o = upper(argv[i]!);
    if (i + 1 >= argv.length) return out.error(E.syntax), false;
    if (o === "COUNT") {
      const c = parseBig(argv[i + 1]!);
      if (c === null) return out.error(E.notInt), false;
      if (c < 1n) return out.error(E.syntax), false;
      count = Number(c);
    } else if (o === "MATCH") {
      pattern = latin1(argv[i + 1]!);
      if (pattern === "*") pattern = undefined;
    } else return out.error(E.syntax), false;
  }
  return { pattern, count };
}

/** parseScanCursorOrReply: the cursor, or null after replying. */
export function scanCursor(ctx: CommandContext, arg: Uint8Array): number | null {
  const cs = latin1(arg);
  if (!/^[+-]?[0-9]+$/.test(cs) || BigInt(cs.replace(/^[+-]/, "")) > 18446744073709551615n) return ctx.out.error("ERR invalid cursor"), null;
  return Math.abs(Number(cs));
}

/**
 * SSCAN: an intset in one reply with cursor 0 (sorted, as Redis returns
 * small sets); a hashtable-encoded set page by page (collection-scan.ts).
 */
function sscan(ctx: CommandContext): void {
  const cursor = scanCursor(ctx, ctx.argv[2]!);
  if (cursor === null) return;
  const v = ctx.db.get(latin1(ctx.argv[1]!));
  if (v !== undefined && !isSet(v)) return ctx.out.error(E.wrongType);
  if (v === undefined) return ctx.out.array(2), ctx.out.bulk("0"), ctx.out.array(0);
  const opts = scanOptions(ctx, 3);
  if (!opts) return;
  const { items, next } = isConverted(v) ? scanPage(v, () => v.values(), cursor, opts.count) : { items: ordered(v), next: 0 };
  const ms = items.filter((m) => opts.pattern === undefined || globMatch(opts.pattern, m));
  ctx.out.array(2);
  ctx.out.bulk(String(next));
  ctx.out.array(ms.length);
  for (const m of ms) ctx.out.bulk(m);
}

function smove(ctx: CommandContext): void {
  const src = latin1(ctx.argv[1]!);
  const dst = latin1(ctx.argv[2]!);
  const member = latin1(ctx.argv[3]!);
  const s = ctx.db.get(src);
  const d = ctx.db.get(dst);
  if (s === undefined) return ctx.out.integer(0);
  if (!isSet(s) || (d !== undefined && !isSet(d))) return ctx.out.error(E.wrongType);
  // Same set: Redis replies whether the member is there and changes nothing.
  if (s === d) return (ctx.server.noop = true), ctx.out.integer(s.has(member) ? 1 : 0);
  if (!s.delete(member)) return ctx.out.integer(0);
  if (s.size === 0) ctx.db.delete(src);
  if (d === undefined) ctx.db.set(dst, new Set([member]));
  else d.add(member);
  ctx.out.integer(1);
}

function sintercard(ctx: CommandContext): void {
  const { argv, out } = ctx;
  const n = parseBig(argv[1]!);
  if (n === null || n < 1n) return out.error("ERR numkeys should be greater than 0");
  if (n > BigInt(argv.length - 2)) return out.error("ERR Number of keys can't be greater than number of args");
  const count = Number(n);
  let limit = 0;
  for (let j = 2 + count; j < argv.length; j++) {
    if (upper(argv[j]!) === "LIMIT" && j + 1 < argv.length) {
      const l = parseBig(argv[++j]!);
      if (l === null || l < 0n) return out.error("ERR LIMIT can't be negative");
      limit = l > 1n << 40n ? 2 ** 40 : Number(l);
    } else return out.error(E.syntax);
  }
  const ss = sets(ctx, argv.slice(2, 2 + count));
  if (ss === null) return;
  out.integer(inter(ss, limit).size);
}

const ro = { ...g, flags: ["readonly"] };
const wr = { ...g, flags: ["write", "denyoom"] };

/** The set algebra and random/cursor commands. */
export const setOpCommands: CommandSpec[] = [
  cmd("smove", 4, smove, { ...g, keys: [1, 2, 1], flags: ["write", "fast"] }),
  cmd("sinter", -2, algebra((ss) => inter(ss), false), ro),
  cmd("sunion", -2, algebra(union, false), ro),
  cmd("sdiff", -2, algebra(diff, false), ro),
  cmd("sinterstore", -3, algebra((ss) => inter(ss), true), wr),
  cmd("sunionstore", -3, algebra(union, true), wr),
  cmd("sdiffstore", -3, algebra(diff, true), wr),
  cmd("sintercard", -3, sintercard, { ...ro, keys: [2, -1, 1], since: "7.0.0" }),
  cmd("sscan", -3, sscan, { ...ro, keys: [1, 1, 1], since: "2.8.0" }),
  cmd("spop", -2, spop, { ...g, keys: [1, 1, 1], flags: ["write", "fast"] }),
  cmd("srandmember", -2, srandmember, { ...ro, keys: [1, 1, 1] }),
];
