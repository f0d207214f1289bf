/**
 * CONFIG GET / SET / RESETSTAT over the parameters this server has, in
 * redis.conf's names, persistence ones included (save, appendonly,
 * appendfilename, appendfsync, dbfilename, dir), and every other Redis 7.0
 * parameter stored and reported back (config-stored.ts).
 */
import { existsSync, statSync } from "node:fs";
import { globMatch } from "./glob.ts";
import { cmd, latin1, type CommandContext, type CommandSpec } from "./command.ts";
import { formatSave, memtoll, parsePolicy, parseSamples, parseSave, POLICY_ERROR } from "./redis-conf.ts";
import type { ServerConfig } from "./state.ts";
import { ALIASES, checkStored, IMMUTABLE } from "./config-stored.ts";

interface Param {
  get: (c: ServerConfig) => string;
  /** true when applied; false (not an integer) or the reason, as Redis words it, when refused. */
  set?: (c: ServerConfig, v: string) => boolean | string;
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
  dir: { get: (c) => c.dir, set: (c, v) => { if (!existsSync(v) || !statSync(v).isDirectory()) return "No such file or directory"; c.dir = v; return true; } },
  databases: { get: (c) => String(c.databases) },
  requirepass: { get: (c) => c.requirepass, set: (c, v) => ((c.requirepass = v), true) },
  "proto-max-bulk-len": { get: (c) => String(c.protoMaxBulkLen), set: size("protoMaxBulkLen", 1024 * 1024) },
  "client-query-buffer-limit": { get: (c) => String(c.clientQueryBufferLimit), set: size("clientQueryBufferLimit", 1024 * 1024) },
  save: { get: (c) => formatSave(c.save), set: (c, v) => { const r = parseSave(v); if (r) c.save = r; return r !== null || "Invalid save parameters"; } },
  appendonly: { get: (c) => (c.appendonly ? "yes" : "no"), set: (c, v) => { const y = v.toLowerCase(); if (y !== "yes" && y !== "no") return "argument must be 'yes' or 'no'"; c.appendonly = y === "yes"; return true; } },
  appendfilename: { get: (c) => c.appendfilename },
  appendfsync: { get: (c) => c.appendfsync, set: (c, v) => { const p = v.toLowerCase(); if (p !== "always" && p !== "everysec" && p !== "no") return "argument(s) must be one of the following: always, everysec, no"; c.appendfsync = p; return true; } },
  dbfilename: { get: (c) => c.dbfilename, set: (c, v) => { if (v === "" || v.includes("/")) return "dbfilename can't be a path, just a filename"; c.dbfilename = v; return true; } },
  maxmemory: { get: (c) => String(c.maxmemory), set: (c, v) => { const n = memtoll(v); if (n === null) return false; c.maxmemory = n; return true; } },
  "maxmemory-policy": { get: (c) => c.maxmemoryPolicy, set: (c, v) => { const p = parsePolicy(v); if (!p) return POLICY_ERROR; c.maxmemoryPolicy = p; return true; } },
  "maxmemory-samples": { get: (c) => String(c.maxmemorySamples), set: (c, v) => { const n = parseSamples(v); if (typeof n === "string") return n; c.maxmemorySamples = n; return true; } },
  "lfu-log-factor": { get: (c) => String(c.lfuLogFactor), set: (c, v) => { if (!/^\d+$/.test(v)) return /^-\d+$/.test(v) ? "argument must be between 0 and 2147483647 inclusive" : false; c.lfuLogFactor = Number(v); return true; } },
  "lfu-decay-time": { get: (c) => String(c.lfuDecayTime), set: (c, v) => { if (!/^\d+$/.test(v)) return /^-\d+$/.test(v) ? "argument must be between 0 and 2147483647 inclusive" : false; c.lfuDecayTime = Number(v); return true; } },
};

function configGet({ argv, out, server }: CommandContext): void {
  const found = new Map<string, string>();
  for (let i = 2; i < argv.length; i++) {
    const pattern = latin1(argv[i]!).toLowerCase();
    for (const [name, p] of Object.entries(PARAMS)) if (globMatch(pattern, name)) found.set(name, p.get(server.config));
    for (const [name, v] of Object.entries(server.config.stored)) if (globMatch(pattern, name)) found.set(name, v);
    for (const [alias, name] of Object.entries(ALIASES)) if (globMatch(pattern, alias)) found.set(alias, server.config.stored[name] ?? "");
  }
  out.map(found.size);
  for (const [k, v] of found) out.bulk(k), out.bulk(v);
}

function configSet({ argv, out, server }: CommandContext): void {
  if (argv.length % 2 === 1) return out.error("ERR wrong number of arguments for 'config|set' command");
  const next = { ...server.config, stored: { ...server.config.stored } };
  for (let i = 2; i < argv.length; i += 2) {
    const given = latin1(argv[i]!).toLowerCase();
    const name = ALIASES[given] ?? given;
    if (!PARAMS[name] && name in next.stored) {
      if (IMMUTABLE.has(name)) return out.error(`ERR CONFIG SET failed (possibly related to argument '${latin1(argv[i]!)}') - can't set immutable config`);
      const r = checkStored(name, latin1(argv[i + 1]!));
      if ("err" in r) return out.error(`ERR CONFIG SET failed (possibly related to argument '${latin1(argv[i]!)}') - ${r.err}`);
      next.stored[name] = r.ok;
      continue;
    }
    const p = PARAMS[name];
    if (!p) return out.error(`ERR Unknown option or number of arguments for CONFIG SET - '${latin1(argv[i]!)}'`);
    if (!p.set) return out.error(`ERR CONFIG SET failed (possibly related to argument '${latin1(argv[i]!)}') - can't set immutable config`);
    const r = p.set(next, latin1(argv[i + 1]!));
    if (r !== true) {
      const why = r === false ? "argument couldn't be parsed into an integer" : r;
      return out.error(`ERR CONFIG SET failed (possibly related to argument '${latin1(argv[i]!)}') - ${why}`);
    }
  }
  if (next.appendonly !== server.config.appendonly) {
    const why = server.persistence ? server.persistence.setAppendonly(next.appendonly) : "persistence is not configured on this server";
    if (why) return out.error(`ERR CONFIG SET failed (possibly related to argument 'appendonly') - ${why}`);
  }
  Object.assign(server.config, next);
  server.applyConfig();
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
