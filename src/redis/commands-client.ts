/**
 * CLIENT (networking.c's clientCommand, Redis 7.0): ID GETNAME SETNAME INFO
 * LIST [TYPE|ID] KILL (old `addr` form and ID/TYPE/USER/ADDR/LADDR/SKIPME
 * filters) UNBLOCK [TIMEOUT|ERROR] REPLY ON|OFF|SKIP HELP. Client lines carry
 * Redis's fields in Redis's order.
 */
import { E, cmd, latin1, parseIntArg, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { unblockByRequest } from "./blocking.ts";
import { REPLY_OFF, REPLY_SKIP, REPLY_SKIP_NEXT, type Client, type ServerState } from "./state.ts";

const conn = { group: "connection" };

/** Redis's validateClientName: printable ASCII without spaces. */
export const validName = (s: string) => /^[\x21-\x7e]*$/.test(s);

type ClientType = "normal" | "master" | "replica" | "pubsub";

/** getClientTypeByName: `slave` is `replica`; undefined when unknown. */
function typeByName(name: string): ClientType | undefined {
  const n = name.toLowerCase();
  if (n === "normal" || n === "master" || n === "replica" || n === "pubsub") return n;
  return n === "slave" ? "replica" : undefined;
}

/** getClientType: no replicas or masters here, so a client is pubsub (subscribed) or normal. */
const typeOf = (c: Client): ClientType => (c.channels.size + c.patterns.size > 0 ? "pubsub" : "normal");

/** getClientInfoString's flags. */
function flags(c: Client): string {
  let f = "";
  if (c.channels.size + c.patterns.size > 0) f += "P";
  if (c.multi) f += "x";
  if (c.blocked) f += "b";
  if (c.dirtyCas) f += "d";
  if (c.closeAfterReply) f += "c";
  return f === "" ? "N" : f;
}

/** One CLIENT LIST / CLIENT INFO line (without its newline). */
export function clientLine(server: ServerState, c: Client): string {
  const now = server.clock.now();
  const age = Math.floor((now - c.createdAt) / 1000);
  const idle = Math.floor((now - c.lastInteraction) / 1000);
  const i = c.connInfo();
  const multiMem = c.multi ? c.multi.queue.reduce((n, argv) => n + argv.reduce((m, a) => m + a.length, 0), 0) : 0;
  const totMem = i.qbuf + i.qbufFree + i.obl + i.omem + multiMem;
  return (
    `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${c.fd} name=${c.name} age=${age} idle=${idle} flags=${flags(c)} db=${c.db} ` +
    `sub=${c.channels.size} psub=${c.patterns.size} ssub=0 multi=${c.multi ? c.multi.queue.length : -1} qbuf=${i.qbuf} qbuf-free=${i.qbufFree} ` +
    `argv-mem=0 multi-mem=${multiMem} rbs=${i.qbuf + i.qbufFree} rbp=${i.qbuf} obl=${i.obl} oll=${i.oll} omem=${i.omem} tot-mem=${totMem} ` +
    `events=${i.oll > 0 ? "rw" : "r"} cmd=${c.lastCommand} user=default redir=-1 resp=${c.proto}`
  );
}

function list(ctx: CommandContext): void {
  const { argv, out, server } = ctx;
  let clients = [...server.clients.values()];
  if (argv.length === 4 && upper(argv[2]!) === "TYPE") {
    const t = typeByName(latin1(argv[3]!));
    if (!t) return out.error(`ERR Unknown client type '${latin1(argv[3]!)}'`);
    clients = clients.filter((c) => typeOf(c) === t);
  } else if (argv.length > 3 && upper(argv[2]!) === "ID") {
    const ids: number[] = [];
    for (const a of argv.slice(3)) {
      const id = parseIntArg(a);
      if (id === null || id <= 0) return out.error("ERR Invalid client ID");
      ids.push(id);
    }
    clients = ids.flatMap((id) => server.clients.get(id) ?? []);
  } else if (argv.length !== 2) {
    return out.error(E.syntax);
  }
  out.verbatim(clients.map((c) => clientLine(server, c) + "\n").join(""));
}

interface KillFilter {
  addr?: string;
  laddr?: string;
  type?: ClientType;
  id?: number;
  skipme: boolean;
}

/** CLIENT KILL's filters, or null after replying an error. */
function killFilter(ctx: CommandContext): KillFilter | null {
  const { argv, out } = ctx;
  // Old form: CLIENT KILL addr:port, which may kill the caller.
  if (argv.length === 3) return { addr: latin1(argv[2]!), skipme: false };
  const f: KillFilter = { skipme: true };
  for (let i = 2; i < argv.length; i += 2) {
    const opt = upper(argv[i]!);
    const value = argv[i + 1];
    if (value === undefined) return out.error(E.syntax), null;
    const v = latin1(value);
    if (opt === "ID") {
      const id = parseIntArg(value);
      if (id === null || id < 1) return out.error("ERR client-id should be greater than 0"), null;
      f.id = id;
    } else if (opt === "TYPE") {
      const t = typeByName(v);
      if (!t) return out.error(`ERR Unknown client type '${v}'`), null;
      f.type = t;
    } else if (opt === "ADDR") f.addr = v;
    else if (opt === "LADDR") f.laddr = v;
    else if (opt === "USER") {
      if (v !== "default") return out.error(`ERR No such user '${v}'`), null;
    } else if (opt === "SKIPME") {
      const yn = v.toLowerCase();
      if (yn !== "yes" && yn !== "no") return out.error(E.syntax), null;
      f.skipme = yn === "yes";
    } else return out.error(E.syntax), null;
  }
  return f;
}

function kill(ctx: CommandContext): void {
  const { out, server, client } = ctx;
  const f = killFilter(ctx);
  if (!f) return;
  let killed = 0;
  let self = false;
  for (const c of [...server.clients.values()]) {
    if (f.addr !== undefined && c.addr !== f.addr) continue;
    if (f.laddr !== undefined && c.laddr !== f.laddr) continue;
    if (f.type !== undefined && typeOf(c) !== f.type) continue;
    if (f.id !== undefined && c.id !== f.id) continue;
    if (c === client && f.skipme) continue;
    if (c === client) self = true;
    else c.kill();
    killed++;
  }
  if (ctx.argv.length === 3) killed === 0 ? out.error("ERR No such client") : out.simple("OK");
  else out.integer(killed);
  // Flagged only after the reply is queued, so the caller still gets it.
  if (self) client.closeAfterReply = true;
}

function unblockCommand(ctx: CommandContext): void {
  const { argv, out, server } = ctx;
  let error = false;
  if (argv.length === 4) {
    const reason = upper(argv[3]!);
    if (reason !== "TIMEOUT" && reason !== "ERROR") return out.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
    error = reason === "ERROR";
  } else if (argv.length !== 3) {
    return out.error(`ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP.`);
  }
  const id = parseIntArg(argv[2]!);
  if (id === null) return out.error(E.notInt);
  const target = server.clients.get(id);
  out.integer(target !== undefined && unblockByRequest(server, target, error) ? 1 : 0);
}

function reply(ctx: CommandContext): void {
  const { argv, out, client } = ctx;
  const mode = upper(argv[2]!);
  if (mode === "ON") {
    client.reply &= ~(REPLY_SKIP | REPLY_OFF);
    out.simple("OK");
  } else if (mode === "OFF") {
    client.reply |= REPLY_OFF;
  } else if (mode === "SKIP") {
    if (!(client.reply & REPLY_OFF)) client.reply |= REPLY_SKIP_NEXT;
  } else {
    out.error(E.syntax);
  }
}

const HELP = [
  "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "GETNAME",
  "    Return the name of the current connection.",
  "ID",
  "    Return the ID of the current connection.",
  "INFO",
  "    Return information about the current client connection.",
  "KILL <ip:port>",
  "    Kill connection made from <ip:port>.",
  "KILL <option> <value> [<option> <value> [...]]",
  "    Kill connections. Options are:",
  "    * ADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made from the specified address",
  "    * LADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made to specified local address",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Kill connections by type.",
  "    * USER <username>",
  "      Kill connections authenticated by <username>.",
  "    * SKIPME (YES|NO)",
  "      Skip killing current connection (default: yes).",
  "    * ID <client-id>",
  "      Kill connections by client id.",
  "LIST [options ...]",
  "    Return information about client connections. Options:",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Return clients of specified type.",
  "UNBLOCK <clientid> [TIMEOUT|ERROR]",
  "    Unblock the specified blocked client.",
  "REPLY (ON|OFF|SKIP)",
  "    Control the replies sent to the current connection.",
  "SETNAME <name>",
  "    Assign the name <name> to the current connection.",
  "HELP",
  "    Print this help.",
];

/** CLIENT's subcommands, keyed by subcommand name. */
export function clientCommands(): Map<string, CommandSpec> {
  const subs: CommandSpec[] = [
    cmd("client|id", 2, ({ out, client }) => out.integer(client.id), conn),
    cmd("client|getname", 2, ({ out, client }) => (client.name ? out.bulk(client.name) : out.nullBulk()), conn),
    cmd("client|setname", 3, ({ out, client, argv }) => {
      const name = latin1(argv[2]!);
      if (!validName(name)) return out.error("ERR Client names cannot contain spaces, newlines or special characters.");
      client.name = name;
      out.simple("OK");
    }, conn),
    cmd("client|info", 2, ({ out, client, server }) => out.verbatim(clientLine(server, client) + "\n"), { ...conn, since: "6.2.0" }),
    cmd("client|list", -2, list, conn),
    cmd("client|kill", -3, kill, { ...conn, flags: ["admin", "noscript"] }),
    cmd("client|unblock", -3, unblockCommand, { ...conn, flags: ["admin", "noscript"], since: "5.0.0" }),
    cmd("client|reply", 3, reply, { ...conn, since: "3.2.0" }),
    cmd("client|help", 2, ({ out }) => {
      out.array(HELP.length);
      for (const l of HELP) out.simple(l);
    }, conn),
  ];
  return new Map(subs.map((s) => [s.name.split("|")[1]!, s]));
}
