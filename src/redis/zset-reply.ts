/** How sorted-set commands reply with scores (addReplyDouble and the zrange result handler). */
import type { CommandContext } from "./command.ts";
import { formatDouble, type ZEntry } from "./zset.ts";

/** addReplyDouble as Redis 7.0 writes it: a bulk string in RESP2, `,d` in RESP3, both %.17g. */
export function replyDouble(ctx: CommandContext, d: number): void {
  const s = formatDouble(d);
  if (ctx.client.proto === 3) ctx.out.raw(Buffer.from(`,${s}\r\n`, "latin1"));
  else ctx.out.bulk(s);
}

/** Entries with scores: flat in RESP2 (or when `flat`), [member, score] pairs in RESP3. */
export function replyWithScores(ctx: CommandContext, es: readonly ZEntry[], flat: boolean): void {
  const nested = ctx.client.proto === 3 && !flat;
  ctx.out.array(nested ? es.length : es.length * 2);
  for (const e of es) {
    if (nested) ctx.out.array(2);
    ctx.out.bulk(e.member);
    replyDouble(ctx, e.score);
  }
}
