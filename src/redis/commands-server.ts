/**
 * Connection and server commands: PING ECHO SELECT AUTH HELLO QUIT DBSIZE
 * FLUSHDB FLUSHALL TIME INFO CLIENT COMMAND.
 */
import { E, cmd, latin1, parseIntArg, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { commandDocs, commandInfo } from "./command-docs.ts";
import { infoString } from "./info.ts";
import { REDIS_VERSION } from "./state.ts";
import { clientCommands, validName } from "./commands-client.ts";


const conn = { group: "connection" };
const srv = { group: "server" };

function auth(ctx: CommandContext, user: string, pass: string): boolean {
  const required = ctx.server.config.requirepass;
  const ok = user === "default" && (required === "" || pass === required);
  if (ok) ctx.client.authenticated = true;
  return ok;
}

const WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

function flush(ctx: CommandContext, all: boolean): void {
  if (ctx.argv.length > 2 || (ctx.argv.length === 2 && !["ASYNC", "SYNC"].includes(upper(ctx.argv[1]!)))) {
    ctx.out.error(E.syntax);
    return;
  }
  for (const db of all ? ctx.server.dbs : [ctx.db]) db.clear();
  ctx.out.simple("OK");
}

function hello(ctx: CommandContext): void {
  const { argv, out, client } = ctx;
  let proto = client.proto;
  let i = 1;
  if (argv.length >= 2) {
    const v = parseIntArg(argv[1]!);
    if (v === null) {
      out.error("ERR Protocol version is not an integer or out of range");
      return;
    }
    if (v < 2 || v > 3) {
      out.error("NOPROTO unsupported protocol version");
      return;
    }
    proto = v as 2 | 3;
    i = 2;
  }
  let setname: string | undefined;
  for (; i < argv.length; i++) {
    const opt = upper(argv[i]!);
    const more = argv.length - 1 - i;
    if (opt === "AUTH" && more >= 2) {
      if (!auth(ctx, latin1(argv[i + 1]!), latin1(argv[i + 2]!))) {
        out.error(WRONGPASS);
        return;
      }
      i += 2;
    } else if (opt === "SETNAME" && more >= 1) {
      setname = latin1(argv[++i]!);
      if (!validName(setname)) {
        out.error("ERR Client names cannot contain spaces, newlines or special characters.");
        return;
      }
    } else {
      out.error(`ERR Syntax error in HELLO option '${latin1(argv[i]!)}'`);
      return;
    }
  }
  if (!client.authenticated) {
    out.error(
      "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
    );
    return;
  }
  if (setname !== undefined) client.name = setname;
  client.proto = proto;
  client.setProto(proto);
  out.proto = proto;
  out.map(7);
  out.bulk("server"), out.bulk("redis");
  out.bulk("version"), out.bulk(REDIS_VERSION);
  out.bulk("proto"), out.integer(proto);
  out.bulk("id"), out.integer(client.id);
  out.bulk("mode"), out.bulk("standalone");
  out.bulk("role"), out.bulk("master");
  out.bulk("modules"), out.array(0);
}

/** The connection and server commands; `table` gives COMMAND its view of every command. */
export function serverCommands(table: () => Map<string, CommandSpec>): CommandSpec[] {
  const commandSubs: CommandSpec[] = [
    cmd("command|count", 2, ({ out }) => out.integer(table().size), srv),
    cmd("command|docs", -2, (ctx) => commandDocs(ctx, table()), srv),
    cmd("command|info", -2, (ctx) => commandInfo(ctx, table(), ctx.argv.slice(2).map((a) => latin1(a).toLowerCase())), srv),
  ];
  return [
    cmd(
      "ping",
      -1,
      ({ out, argv, client }) => {
        if (argv.length > 2) return out.error("ERR wrong number of arguments for 'ping' command");
        // In RESP2 subscribed mode PING replies as a message: ["pong", arg or ""].
        if (client.proto === 2 && client.channels.size + client.patterns.size > 0) {
          out.array(2), out.bulk("pong");
          return argv.length === 2 ? out.bulk(argv[1]!) : out.bulk("");
        }
        argv.length === 2 ? out.bulk(argv[1]!) : out.simple("PONG");
      },
      { ...conn, flags: ["fast"] },
    ),
    cmd("echo", 2, ({ out, argv }) => out.bulk(argv[1]!), { ...conn, flags: ["fast"] }),
    cmd(
      "select",
      2,
      ({ out, argv, client, server }) => {
        const n = parseIntArg(argv[1]!);
        if (n === null || n > 2147483647 || n < -2147483648) return out.error(E.notInt);
        if (n < 0 || n >= server.dbs.length) return out.error("ERR DB index is out of range");
        client.db = n;
        out.simple("OK");
      },
      { ...conn, flags: ["fast"] },
    ),
    cmd(
      "auth",
      -2,
      (ctx) => {
        const { argv, out, server } = ctx;
        if (argv.length > 3) return out.error(E.syntax);
        if (argv.length === 2 && server.config.requirepass === "") {
          return out.error(
            "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
          );
        }
        const [user, pass] = argv.length === 3 ? [latin1(argv[1]!), latin1(argv[2]!)] : ["default", latin1(argv[1]!)];
        auth(ctx, user, pass) ? out.simple("OK") : out.error(WRONGPASS);
      },
      { ...conn, flags: ["no_auth", "fast"] },
    ),
    cmd("hello", -1, hello, { ...conn, flags: ["no_auth", "fast"], since: "6.0.0" }),
    cmd(
      "quit",
      -1,
      ({ out, client }) => {
        client.closeAfterReply = true;
        out.simple("OK");
      },
      { ...conn, flags: ["no_auth", "fast"] },
    ),
    cmd("dbsize", 1, ({ out, db }) => out.integer(db.size), { ...srv, flags: ["readonly", "fast"] }),
    cmd("flushdb", -1, (ctx) => flush(ctx, false), { ...srv, flags: ["write"] }),
    cmd("flushall", -1, (ctx) => flush(ctx, true), { ...srv, flags: ["write"] }),
    cmd(
      "time",
      1,
      ({ out, server }) => {
        const us = Math.floor(server.clock.now() * 1000);
        out.array(2);
        out.bulk(String(Math.floor(us / 1e6)));
        out.bulk(String(us % 1e6));
      },
      { ...srv, flags: ["fast"], since: "2.6.0" },
    ),
    cmd("info", -1, (ctx) => ctx.out.verbatim(infoString(ctx.server, ctx.argv.slice(1).map((a) => latin1(a).toLowerCase()))), srv),
    cmd("client", -2, () => {}, { ...conn, subcommands: clientCommands() }),
    cmd("command", -1, (ctx) => commandInfo(ctx, table(), undefined), {
      ...srv,
      since: "2.8.13",
      subcommands: new Map(commandSubs.map((s) => [s.name.split("|")[1]!, s])),
    }),
  ];
}
