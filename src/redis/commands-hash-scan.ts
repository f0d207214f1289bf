/** HSCAN and HRANDFIELD (t_hash.c). */
import { E, cmd, isHash, latin1, parseBig, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { scanCursor, scanOptions } from "./commands-set-ops.ts";
import { globMatch } from "./glob.ts";
import { scanPage } from "./collection-scan.ts";
import { isConverted } from "./encoding.ts";

/** HSCAN: a listpack hash in one reply with cursor 0; a hashtable page by page (collection-scan.ts). */
function hscan(ctx: CommandContext): void {
  const cursor = scanCursor(ctx, ctx.argv[2]!);
  if (cursor === null) return;
  const h = ctx.db.get(latin1(ctx.argv[1]!));
  if (h !== undefined && !isHash(h)) return ctx.out.error(E.wrongType);
  if (h === undefined) return ctx.out.array(2), ctx.out.bulk("0"), ctx.out.array(0);
  const opts = scanOptions(ctx, 3);
  if (!opts) return;
  const { items, next } = isConverted(h) ? scanPage(h, () => h.entries(), cursor, opts.count) : { items: [...h], next: 0 };
  const es = items.filter(([f]) => opts.pattern === undefined || globMatch(opts.pattern, f));
  ctx.out.array(2);
  ctx.out.bulk(String(next));
  ctx.out.array(es.length * 2);
  for (const [f, v] of es) ctx.out.bulk(f), ctx.out.bulk(v);
}

function hrandfield(ctx: CommandContext): void {
  const { argv, out, server } = ctx;
  let count: number | undefined;
  let withValues = false;
  if (argv.length >= 3) {
    const n = parseBig(argv[2]!);
    if (n === null || n < -9223372036854775807n) return out.error(E.notInt);
    count = Number(n);
    if (argv.length === 4) {
      if (upper(argv[3]!) !== "WITHVALUES") return out.error(E.syntax);
      withValues = true;
    } else if (argv.length > 4) return out.error(E.syntax);
  }
  const h = ctx.db.get(latin1(argv[1]!));
  if (h !== undefined && !isHash(h)) return out.error(E.wrongType);
  const all = h ? [...h] : [];
  if (count === undefined) {
    if (!h) return out.nullBulk();
    return out.bulk(all[Math.floor(server.random() * all.length)]![0]);
  }
  if (!h || count === 0) return out.array(0);
  let picked: [string, Uint8Array][];
  if (count < 0) picked = Array.from({ length: -count }, () => all[Math.floor(server.random() * all.length)]!);
  else {
    for (let i = 0; i < Math.min(count, all.length); i++) {
      const j = i + Math.floor(server.random() * (all.length - i));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    picked = all.slice(0, Math.min(count, all.length));
  }
  const nested = withValues && out.proto === 3;
  out.array(withValues && !nested ? picked.length * 2 : picked.length);
  for (const [f, v] of picked) {
    if (nested) out.array(2);
    out.bulk(f);
    if (withValues) out.bulk(v);
  }
}

const g = { group: "hash", keys: [1, 1, 1] as [number, number, number], flags: ["readonly"] };

/** HSCAN and HRANDFIELD. */
export const hashScanCommands: CommandSpec[] = [
  cmd("hscan", -3, hscan, { ...g, since: "2.8.0" }),
  cmd("hrandfield", -2, hrandfield, { ...g, since: "6.2.0" }),
];
