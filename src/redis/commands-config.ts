/**
 * CONFIG GET / SET / RESETSTAT over the parameters this server has, in
 * redis.conf's names. Persistence is not implemented yet, so `save` is empty
 * and `appendonly` is `no` — what redis-benchmark and clients probe for.
 */
import { globMatch } from "./glob.ts";
import { cmd, latin1, type CommandContext, type CommandSpec } from "./command.ts";
import type { ServerConfig } from "./state.ts";

interface Param {
  get: (c: ServerConfig) => string;
  set?: (c: ServerConfig, v: string) => boolean;
}

const size = (key: "protoMaxBulkLen" | "clientQueryBufferLimit", min: number) => (c: ServerConfig, v: string): boolean => {
  const m = /^(\d+)(k|kb|m|mb|g|gb)?$/i.exec(v);
  if (!m) return false;
  const mul: Record<string, number> = { "": 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  const n = Number(m[1]) * mul[(m[2] ?? "").toLowerCase()]!;
  if (n < min) return false;
  c[key] = n;
  return true;
};

const PARAMS: Record<string, Param> = {
  port: { get: (c) => String(c.port) },
  bind: { get: (c) => c.bind },
  dir: { get: (c) => c.dir },
  databases: { get: (c) => String(c.databases) },
  requirepass: { get: (c) => c.requirepass, set: (c, v) => ((c.requirepass = v), true) },
  "proto-max-bulk-len": { get: (c) => String(c.protoMaxBulkLen), set: size("protoMaxBulkLen", 1024 * 1024) },
  "client-query-buffer-limit": { get: (c) => String(c.clientQueryBufferLimit), set: size("clientQueryBufferLimit", 1024 * 1024) },
  save: { get: () => "" },
  appendonly: { get: () => "no" },
  dbfilename: { get: () => "dump.rdb" },
  maxmemory: { get: () => "0" },
  "maxmemory-policy": { get: () => "noeviction" },
  maxclients: { get: () => "10000" },
  timeout: { get: () => "0" },
  hz: { get: () => "10" },
};

function configGet({ argv, out, server }: CommandContext): void {
  const found = new Map<string, string>();
  for (let i = 2; i < argv.length; i++) {
    const pattern = latin1(argv[i]!).toLowerCase();
    for (const [name, p] of Object.entries(PARAMS)) if (globMatch(pattern, name)) found.set(name, p.get(server.config));
  }
  out.map(found.size);
  for (const [k, v] of found) out.bulk(k), out.bulk(v);
}

function configSet({ argv, out, server }: CommandContext): void {
  if (argv.length % 2 === 1) return out.error("ERR wrong number of arguments for 'config|set' command");
  const next = { ...server.config };
  for (let i = 2; i < argv.length; i += 2) {
    const name = latin1(argv[i]!).toLowerCase();
    const p = PARAMS[name];
    if (!p) return out.error(`ERR Unknown option or number of arguments for CONFIG SET - '${latin1(argv[i]!)}'`);
    if (!p.set) return out.error(`ERR CONFIG SET failed (possibly related to argument '${latin1(argv[i]!)}') - can't set immutable config`);
    if (!p.set(next, latin1(argv[i + 1]!))) {
      return out.error(`ERR CONFIG SET failed (possibly related to argument '${latin1(argv[i]!)}') - argument couldn't be parsed into an integer`);
    }
  }
  Object.assign(server.config, next);
  out.simple("OK");
}

const g = { group: "server", flags: ["admin"] };

/** CONFIG and its subcommands. */
export const configCommands: CommandSpec[] = [
  cmd("config", -2, () => {}, {
    ...g,
    since: "2.0.0",
    subcommands: new Map([
      ["get", cmd("config|get", -3, configGet, g)],
      ["set", cmd("config|set", -4, configSet, g)],
      ["resetstat", cmd("config|resetstat", 2, ({ out, server }) => ((server.totalCommands = 0), (server.totalConnections = 0), out.simple("OK")), g)],
    ]),
  }),
];
