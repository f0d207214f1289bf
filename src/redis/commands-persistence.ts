/**
 * Persistence commands: SAVE BGSAVE BGREWRITEAOF LASTSAVE DEBUG (RELOAD)
 * SHUTDOWN, answered from the server's Persistence (persistence.ts). Without
 * one (an in-memory server) they reply as Redis would with nowhere to write.
 */
import { debugAdmin } from "./commands-admin.ts";
import { E, cmd, upper, type CommandContext, type CommandSpec } from "./command.ts";

const g = { group: "server", flags: ["admin", "noscript"] };
const NO_DISK = "ERR persistence is not configured on this server";

function reply(ctx: CommandContext, r: { ok: string } | { err: string } | undefined): void {
  if (!r) return ctx.out.error(NO_DISK);
  "ok" in r ? ctx.out.simple(r.ok) : ctx.out.error(r.err);
}

function shutdown(ctx: CommandContext): void {
  const { argv, out, server } = ctx;
  let mode: "save" | "nosave" | "default" = "default";
  for (let i = 1; i < argv.length; i++) {
    const o = upper(argv[i]!);
    if (o === "NOSAVE") mode = "nosave";
    else if (o === "SAVE") mode = "save";
    else if (o !== "NOW" && o !== "FORCE" && o !== "ABORT") return out.error(E.syntax);
  }
  const p = server.persistence;
  if (!p) return out.error(NO_DISK);
  const err = p.shutdown(mode);
  if (err) return out.error(err);
  // Redis closes the connection without a reply once SHUTDOWN succeeds.
  ctx.client.closeAfterReply = true;
}

/** The persistence command family. */
export const persistenceCommands: CommandSpec[] = [
  cmd("save", 1, ({ out, server }) => {
    const p = server.persistence;
    if (!p) return out.error(NO_DISK);
    const err = p.save();
    err ? out.error(err) : out.simple("OK");
  }, g),
  cmd("bgsave", -1, (ctx) => reply(ctx, ctx.server.persistence?.bgsave()), g),
  cmd("bgrewriteaof", 1, (ctx) => reply(ctx, ctx.server.persistence?.rewriteAof()), { ...g, since: "1.0.0" }),
  cmd("lastsave", 1, ({ out, server }) => out.integer(server.lastSave), { ...g, flags: ["fast"] }),
  cmd("debug", -2, (ctx) => {
    const sub = upper(ctx.argv[1]!);
    if (sub !== "RELOAD" && debugAdmin(ctx)) return;
    if (sub !== "RELOAD") return ctx.out.error(`ERR unknown subcommand '${sub.toLowerCase()}'. Try DEBUG HELP.`);
    const p = ctx.server.persistence;
    if (!p) return ctx.out.error(NO_DISK);
    const err = p.reload();
    err ? ctx.out.error(err) : ctx.out.simple("OK");
  }, g),
  cmd("shutdown", -1, shutdown, g),
];
