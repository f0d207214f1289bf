/**
 * List commands (t_list.c): LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP (with count)
 * LLEN LRANGE LINDEX LSET LREM LTRIM. An emptied list deletes its key.
 */
import { E, cmd, getTyped, isList, latin1, parseBig, type CommandContext, type CommandSpec } from "./command.ts";
import { ByteList } from "./byte-list.ts";
import type { RList } from "./keyspace.ts";

const g = { group: "list", keys: [1, 1, 1] as [number, number, number] };
const w = { ...g, flags: ["write", "fast"] };
const r = { ...g, flags: ["readonly"] };

const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** getLongFromObjectOrReply: a number, or null after replying. */
function long(ctx: CommandContext, arg: Uint8Array): number | null {
  const n = parseBig(arg);
  if (n === null) return ctx.out.error(E.notInt), null;
  return Number(n);
}

function push(left: boolean, onlyIfExists: boolean) {
  return (ctx: CommandContext): void => {
    const key = latin1(ctx.argv[1]!);
    let list = getTyped(ctx, key, isList);
    if (list === null) return;
    if (list === undefined) {
      if (onlyIfExists) return ctx.out.integer(0);
      list = new ByteList();
      ctx.db.set(key, list);
    }
    for (let i = 2; i < ctx.argv.length; i++) left ? list.pushFront(ctx.argv[i]!) : list.pushBack(ctx.argv[i]!);
    ctx.out.integer(list.length);
  };
}

function pop(left: boolean) {
  return (ctx: CommandContext): void => {
    const { argv, out } = ctx;
    if (argv.length > 3) return out.error(`ERR wrong number of arguments for '${left ? "lpop" : "rpop"}' command`);
    let count = -1;
    if (argv.length === 3) {
      const n = parseBig(argv[2]!);
      if (n === null || n < 0n) return out.error(E.mustBePositive);
      count = Number(n);
    }
    const key = latin1(argv[1]!);
    const list = getTyped(ctx, key, isList);
    if (list === null) return;
    if (list === undefined) return count >= 0 ? out.nullArray() : out.nullBulk();
    if (count === 0) return out.array(0);
    const n = count < 0 ? 1 : Math.min(count, list.length);
    const taken: Uint8Array[] = [];
    for (let i = 0; i < n; i++) taken.push((left ? list.popFront() : list.popBack())!);
    if (list.length === 0) ctx.db.delete(key);
    if (count < 0) return out.bulk(taken[0]!);
    out.array(taken.length);
    for (const t of taken) out.bulk(t);
  };
}

/** Normalises [start, end] like Redis's LRANGE/LTRIM: null when the range is empty. */
export function range(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  if (end >= len) end = len - 1;
  return [start, end];
}

function lrange(ctx: CommandContext): void {
  const start = long(ctx, ctx.argv[2]!);
  if (start === null) return;
  const end = long(ctx, ctx.argv[3]!);
  if (end === null) return;
  const list = getTyped(ctx, latin1(ctx.argv[1]!), isList);
  if (list === null) return;
  const rg = list && range(start, end, list.length);
  if (!rg) return ctx.out.array(0);
  ctx.out.array(rg[1] - rg[0] + 1);
  for (let i = rg[0]; i <= rg[1]; i++) ctx.out.bulk(list!.at(i)!);
}

function index(list: RList, i: number): number {
  return i < 0 ? list.length + i : i;
}

function lrem(ctx: CommandContext): void {
  const count = long(ctx, ctx.argv[2]!);
  if (count === null) return;
  const key = latin1(ctx.argv[1]!);
  const list = getTyped(ctx, key, isList);
  if (list === null) return;
  if (list === undefined) return ctx.out.integer(0);
  const el = ctx.argv[3]!;
  let removed = 0;
  const limit = count === 0 ? Infinity : Math.abs(count);
  const items = [...list];
  const drop = new Set<number>();
  if (count >= 0) {
    for (let i = 0; i < items.length && removed < limit; i++) if (eq(items[i]!, el)) drop.add(i), removed++;
  } else {
    for (let i = items.length - 1; i >= 0 && removed < limit; i--) if (eq(items[i]!, el)) drop.add(i), removed++;
  }
  if (removed > 0) list.reset(items.filter((_, i) => !drop.has(i)));
  if (list.length === 0) ctx.db.delete(key);
  ctx.out.integer(removed);
}

function ltrim(ctx: CommandContext): void {
  const start = long(ctx, ctx.argv[2]!);
  if (start === null) return;
  const end = long(ctx, ctx.argv[3]!);
  if (end === null) return;
  const key = latin1(ctx.argv[1]!);
  const list = getTyped(ctx, key, isList);
  if (list === null) return;
  // lookupKeyWriteOrReply: a missing key replies OK and changes (and signals) nothing.
  if (list === undefined) ctx.server.noop = true;
  else {
    const rg = range(start, end, list.length);
    if (!rg) list.reset([]);
    else {
      const drop = list.length - 1 - rg[1];
      for (let i = 0; i < drop; i++) list.popBack();
      for (let i = 0; i < rg[0]; i++) list.popFront();
    }
    if (list.length === 0) ctx.db.delete(key);
  }
  ctx.out.simple("OK");
}

/** The list command family. */
export const listCommands: CommandSpec[] = [
  cmd("lpush", -3, push(true, false), w),
  cmd("rpush", -3, push(false, false), w),
  cmd("lpushx", -3, push(true, true), { ...w, since: "2.2.0" }),
  cmd("rpushx", -3, push(false, true), { ...w, since: "2.2.0" }),
  cmd("lpop", -2, pop(true), w),
  cmd("rpop", -2, pop(false), w),
  cmd("llen", 2, (ctx) => {
    const list = getTyped(ctx, latin1(ctx.argv[1]!), isList);
    if (list !== null) ctx.out.integer(list?.length ?? 0);
  }, { ...r, flags: ["readonly", "fast"] }),
  cmd("lrange", 4, lrange, r),
  cmd("lindex", 3, (ctx) => {
    const list = getTyped(ctx, latin1(ctx.argv[1]!), isList);
    if (list === null) return;
    if (list === undefined) return ctx.out.nullBulk();
    const i = long(ctx, ctx.argv[2]!);
    if (i === null) return;
    const v = list.at(index(list, i));
    v === undefined ? ctx.out.nullBulk() : ctx.out.bulk(v);
  }, r),
  cmd("lset", 4, (ctx) => {
    const list = getTyped(ctx, latin1(ctx.argv[1]!), isList);
    if (list === null) return;
    if (list === undefined) return ctx.out.error(E.noSuchKey);
    const i = long(ctx, ctx.argv[2]!);
    if (i === null) return;
    const at = index(list, i);
    if (at < 0 || at >= list.length) return ctx.out.error(E.outOfRange);
    list.set(at, ctx.argv[3]!);
    ctx.out.simple("OK");
  }, { ...w, flags: ["write"] }),
  cmd("lrem", 4, lrem, { ...w, flags: ["write"] }),
  cmd("ltrim", 4, ltrim, { ...w, flags: ["write"] }),
];
