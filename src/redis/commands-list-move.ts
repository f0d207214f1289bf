/**
 * List commands that search or move elements (t_list.c): LINSERT, LPOS,
 * LMOVE, RPOPLPUSH.
 */
import { E, cmd, isList, latin1, parseBig, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { ByteList } from "./byte-list.ts";

const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

function linsert(ctx: CommandContext): void {
  const { argv, out } = ctx;
  const where = upper(argv[2]!);
  if (where !== "BEFORE" && where !== "AFTER") return out.error(E.syntax);
  const v = ctx.db.get(latin1(argv[1]!));
  if (v === undefined) return out.integer(0);
  if (!isList(v)) return out.error(E.wrongType);
  const items = [...v];
  const i = items.findIndex((x) => eq(x, argv[3]!));
  if (i < 0) return out.integer(-1);
  items.splice(where === "AFTER" ? i + 1 : i, 0, argv[4]!);
  v.reset(items);
  out.integer(v.length);
}

function lpos(ctx: CommandContext): void {
  const { argv, out } = ctx;
  let rank = 1, count = -1, maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const o = upper(argv[j]!);
    const more = j < argv.length - 1;
    if (o === "RANK" && more) {
      const n = parseBig(argv[++j]!);
      if (n === null) return out.error(E.notInt);
      if (n === 0n) return out.error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
      rank = Number(n);
    } else if (o === "COUNT" && more) {
      const n = parseBig(argv[++j]!);
      if (n === null || n < 0n) return out.error("ERR COUNT can't be negative");
      count = Number(n);
    } else if (o === "MAXLEN" && more) {
      const n = parseBig(argv[++j]!);
      if (n === null || n < 0n) return out.error("ERR MAXLEN can't be negative");
      maxlen = Number(n);
    } else return out.error(E.syntax);
  }
  const rev = rank < 0;
  if (rev) rank = -rank;
  const v = ctx.db.get(latin1(argv[1]!));
  if (v === undefined) return count !== -1 ? out.array(0) : out.nullBulk();
  if (!isList(v)) return out.error(E.wrongType);
  const n = v.length;
  const found: number[] = [];
  let matches = 0;
  for (let index = 0; index < n && (maxlen === 0 || index < maxlen); index++) {
    const pos = rev ? n - 1 - index : index;
    if (!eq(v.at(pos)!, argv[2]!)) continue;
    matches++;
    if (matches < rank) continue;
    found.push(pos);
    if (count === -1 || (count !== 0 && matches - rank + 1 >= count)) break;
  }
  if (count === -1) return found.length ? out.integer(found[0]!) : out.nullBulk();
  out.array(found.length);
  for (const p of found) out.integer(p);
}

/** lmoveGenericCommand: pop from `src` at `from`, push to `dst` at `to`, reply the element. */
function lmove(ctx: CommandContext, from: "LEFT" | "RIGHT", to: "LEFT" | "RIGHT"): void {
  const { argv, out } = ctx;
  const src = latin1(argv[1]!);
  const dst = latin1(argv[2]!);
  const s = ctx.db.get(src);
  if (s === undefined) return out.nullBulk();
  if (!isList(s)) return out.error(E.wrongType);
  let d = ctx.db.get(dst);
  if (d !== undefined && !isList(d)) return out.error(E.wrongType);
  const value = (from === "LEFT" ? s.popFront() : s.popBack())!;
  if (d === undefined) ctx.db.set(dst, (d = new ByteList()));
  to === "LEFT" ? d.pushFront(value) : d.pushBack(value);
  if (s.length === 0) ctx.db.delete(src);
  out.bulk(value);
}

function side(ctx: CommandContext, arg: Uint8Array): "LEFT" | "RIGHT" | null {
  const s = upper(arg);
  if (s === "LEFT" || s === "RIGHT") return s;
  ctx.out.error(E.syntax);
  return null;
}

const g = { group: "list", keys: [1, 1, 1] as [number, number, number] };

/** LINSERT LPOS LMOVE RPOPLPUSH. */
export const listMoveCommands: CommandSpec[] = [
  cmd("linsert", 5, linsert, { ...g, flags: ["write", "denyoom"], since: "2.2.0" }),
  cmd("lpos", -3, lpos, { ...g, flags: ["readonly"], since: "6.0.6" }),
  cmd("lmove", 5, (ctx) => {
    const from = side(ctx, ctx.argv[3]!);
    const to = from && side(ctx, ctx.argv[4]!);
    if (from && to) lmove(ctx, from, to);
  }, { ...g, keys: [1, 2, 1], flags: ["write", "denyoom"], since: "6.2.0" }),
  cmd("rpoplpush", 3, (ctx) => lmove(ctx, "RIGHT", "LEFT"), { ...g, keys: [1, 2, 1], flags: ["write", "denyoom"], since: "1.2.0" }),
];
