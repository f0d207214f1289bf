/**
 * Set commands (t_set.c): SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD.
 * Members are latin1 strings; an emptied set deletes its key.
 */
import { cmd, getTyped, isSet, latin1, type CommandContext, type CommandSpec } from "./command.ts";
import type { RSet } from "./keyspace.ts";

const g = { group: "set", keys: [1, 1, 1] as [number, number, number] };
const w = { ...g, flags: ["write", "fast"] };
const r = { ...g, flags: ["readonly", "fast"] };
const INT = /^(0|-?[1-9][0-9]{0,18})$/;

/** Members in Redis's order where it is deterministic: small all-integer sets (intset encoding) are sorted. */
export function ordered(s: RSet): string[] {
  const m = [...s];
  if (m.length <= 512 && m.every((x) => INT.test(x))) {
    const big = m.map((x) => BigInt(x));
    if (big.every((b) => b <= 9223372036854775807n && b >= -9223372036854775808n)) {
      return m.map((x, i) => [x, big[i]!] as const).sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map((p) => p[0]);
    }
  }
  return m;
}

function read(ctx: CommandContext, fn: (s: RSet) => void, missing: () => void): void {
  const s = getTyped(ctx, latin1(ctx.argv[1]!), isSet);
  if (s === null) return;
  s === undefined ? missing() : fn(s);
}

/** The set command family. */
export const setCommands: CommandSpec[] = [
  cmd("sadd", -3, (ctx) => {
    const key = latin1(ctx.argv[1]!);
    let s = getTyped(ctx, key, isSet);
    if (s === null) return;
    if (s === undefined) ctx.db.set(key, (s = new Set()));
    let n = 0;
    for (let i = 2; i < ctx.argv.length; i++) {
      const m = latin1(ctx.argv[i]!);
      if (!s.has(m)) s.add(m), n++;
    }
    ctx.out.integer(n);
  }, w),
  cmd("srem", -3, (ctx) => {
    const key = latin1(ctx.argv[1]!);
    read(ctx, (s) => {
      let n = 0;
      for (let i = 2; i < ctx.argv.length; i++) if (s.delete(latin1(ctx.argv[i]!))) n++;
      if (s.size === 0) ctx.db.delete(key);
      ctx.out.integer(n);
    }, () => ctx.out.integer(0));
  }, w),
  cmd("smembers", 2, (ctx) => read(ctx, (s) => {
    const m = ordered(s);
    ctx.out.set(m.length);
    for (const x of m) ctx.out.bulk(x);
  }, () => ctx.out.set(0)), { ...r, flags: ["readonly"] }),
  cmd("sismember", 3, (ctx) => read(ctx, (s) => ctx.out.integer(s.has(latin1(ctx.argv[2]!)) ? 1 : 0), () => ctx.out.integer(0)), r),
  cmd("smismember", -3, (ctx) => {
    const s = getTyped(ctx, latin1(ctx.argv[1]!), isSet);
    if (s === null) return;
    ctx.out.array(ctx.argv.length - 2);
    for (let i = 2; i < ctx.argv.length; i++) ctx.out.integer(s?.has(latin1(ctx.argv[i]!)) ? 1 : 0);
  }, { ...r, since: "6.2.0" }),
  cmd("scard", 2, (ctx) => read(ctx, (s) => ctx.out.integer(s.size), () => ctx.out.integer(0)), r),
];
