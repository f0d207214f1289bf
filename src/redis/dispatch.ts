/**
 * The command table and `execute`, Redis's processCommand in miniature:
 * lookup (with subcommands), arity, authentication, then the handler. All
 * arity and unknown-command errors come from here, with Redis's texts.
 */
import { ReplyWriter } from "../wire/resp/index.ts";
import { E, latin1, type CommandSpec } from "./command.ts";
import { configCommands } from "./commands-config.ts";
import { counterCommands } from "./commands-counter.ts";
import { hashCommands } from "./commands-hash.ts";
import { keyCommands } from "./commands-keys.ts";
import { listCommands } from "./commands-list.ts";
import { persistenceCommands } from "./commands-persistence.ts";
import { propagated } from "./propagate.ts";
import { serverCommands } from "./commands-server.ts";
import { setCommands } from "./commands-set.ts";
import { stringCommands } from "./commands-string.ts";
import type { Client, ServerState } from "./state.ts";

/** name → spec, for every implemented command. */
export type CommandTable = Map<string, CommandSpec>;

/** Builds the table from every command family. */
export function buildCommandTable(): CommandTable {
  const table: CommandTable = new Map();
  const all = [...serverCommands(() => table), ...configCommands, ...keyCommands, ...stringCommands, ...counterCommands, ...listCommands, ...hashCommands, ...setCommands, ...persistenceCommands];
  for (const spec of all) table.set(spec.name, spec);
  return table;
}

/** A ReplyWriter that counts error replies, so `execute` knows whether a write succeeded (and must be logged). */
export class CommandWriter extends ReplyWriter {
  /** Error replies written so far. */
  errors = 0;

  override error(message: string): void {
    this.errors++;
    super.error(message);
  }
}

/** Redis's unknown-command text: the name and the first args, up to ~128 bytes. */
function unknownCommand(argv: Uint8Array[]): string {
  let args = "";
  for (let i = 1; i < argv.length && args.length < 128; i++) args += `'${latin1(argv[i]!).slice(0, 128 - args.length)}' `;
  return `ERR unknown command '${latin1(argv[0]!).slice(0, 128)}', with args beginning with: ${args}`;
}

/** Runs one command, writing exactly one reply. */
export function execute(table: CommandTable, server: ServerState, client: Client, argv: Uint8Array[], out: ReplyWriter): void {
  const name = latin1(argv[0]!).toLowerCase();
  let spec = table.get(name);
  if (spec?.subcommands && argv.length >= 2) {
    const sub = spec.subcommands.get(latin1(argv[1]!).toLowerCase());
    if (!sub) {
      out.error(`ERR unknown subcommand '${latin1(argv[1]!).slice(0, 128)}'. Try ${name.toUpperCase()} HELP.`);
      return;
    }
    spec = sub;
  }
  if (!spec) {
    out.error(unknownCommand(argv));
    return;
  }
  if ((spec.arity > 0 && spec.arity !== argv.length) || argv.length < -spec.arity) {
    out.error(`ERR wrong number of arguments for '${spec.name}' command`);
    return;
  }
  if (!client.authenticated && !spec.flags.includes("no_auth")) {
    out.error(E.noAuth);
    return;
  }
  server.totalCommands++;
  client.lastCommand = spec.name;
  const db = server.dbs[client.db]!;
  if (!spec.flags.includes("write")) {
    spec.handler({ server, client, db, out, argv });
    return;
  }
  const refused = server.persistence?.writeError();
  if (refused !== undefined) {
    out.error(`MISCONF Errors writing to the AOF file: ${refused}`);
    return;
  }
  const now = server.clock.now();
  const errors = out instanceof CommandWriter ? out.errors : 0;
  spec.handler({ server, client, db, out, argv });
  if (out instanceof CommandWriter && out.errors > errors) return;
  // Redis counts changes in server.dirty and logs the (rewritten) command to the AOF: propagate().
  server.dirty++;
  if (server.persistence) {
    const logged = propagated(spec.name, argv, db, now);
    if (logged) server.persistence.feed(client.db, logged);
  }
}
