/**
 * redis.conf parsing for the directives this server has: port, bind, dir,
 * appendonly, appendfilename, appendfsync, dbfilename, save, requirepass
 * (plus databases, proto-max-bulk-len, client-query-buffer-limit). Lines
 * split like Redis's sdssplitargs (double quotes with escapes, single
 * quotes); an unknown directive is an error naming file:line.
 */
import { ALIASES, checkStored, STORED_DEFAULTS } from "./config-stored.ts";
import type { ServerConfig } from "./state.ts";
import { POLICIES, type MaxmemoryPolicy } from "./memory.ts";

/** A redis.conf that cannot be used. */
export class RedisConfError extends Error {
  readonly code = "ERR_REDIS_CONF";
  override name = "RedisConfError";
}

/** sdssplitargs: words separated by spaces; "…" with \n \r \t \xHH \\ \" escapes; '…' literal except \'. Null on unbalanced quotes. */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) return out;
    let cur = "";
    let inq = false;
    let insq = false;
    for (;;) {
      const c = line[i];
      if (inq) {
        if (c === undefined) return null;
        if (c === "\\" && line[i + 1] === "x" && /^[0-9a-f]{2}$/i.test(line.slice(i + 2, i + 4))) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === "\\" && i + 1 < line.length) {
          const n = line[++i]!;
          cur += n === "n" ? "\n" : n === "r" ? "\r" : n === "t" ? "\t" : n === "b" ? "\b" : n === "a" ? "\x07" : n;
        } else if (c === '"') {
          if (i + 1 < line.length && !/\s/.test(line[i + 1]!)) return null;
          inq = false;
          i++;
          break;
        } else cur += c;
      } else if (insq) {
        if (c === undefined) return null;
        if (c === "\\" && line[i + 1] === "'") (cur += "'"), i++;
        else if (c === "'") {
          if (i + 1 < line.length && !/\s/.test(line[i + 1]!)) return null;
          insq = false;
          i++;
          break;
        } else cur += c;
      } else {
        if (c === undefined || /\s/.test(c)) break;
        if (c === '"') inq = true;
        else if (c === "'") insq = true;
        else cur += c;
      }
      i++;
    }
    out.push(cur);
  }
}

/** Parses a `save` value ("900 1 300 10", or "" to disable) into rules; null when malformed. */
export function parseSave(v: string): [number, number][] | null {
  const parts = v.trim() === "" ? [] : v.trim().split(/\s+/);
  if (parts.length % 2 !== 0) return null;
  const rules: [number, number][] = [];
  for (let i = 0; i < parts.length; i += 2) {
    if (!/^\d+$/.test(parts[i]!) || !/^\d+$/.test(parts[i + 1]!)) return null;
    rules.push([Number(parts[i]), Number(parts[i + 1])]);
  }
  return rules;
}

/** Renders rules as CONFIG GET save does. */
export function formatSave(rules: [number, number][]): string {
  return rules.map(([s, c]) => `${s} ${c}`).join(" ");
}

/** maxmemory-policy's value, or null when not one this server implements. */
export function parsePolicy(v: string): MaxmemoryPolicy | null {
  const p = v.toLowerCase();
  return (POLICIES as readonly string[]).includes(p) ? (p as MaxmemoryPolicy) : null;
}

/** Redis's enum error, listing the policies implemented here. */
export const POLICY_ERROR = `argument(s) must be one of the following: ${POLICIES.join(", ")}`;

/** maxmemory-samples: an integer in 1..64, or Redis's reason. */
export function parseSamples(v: string): number | string {
  if (!/^-?\d+$/.test(v)) return "argument couldn't be parsed into an integer";
  const n = Number(v);
  return n < 1 || n > 64 ? "argument must be between 1 and 64 inclusive" : n;
}

/** redis.conf's memtoll: 10, 1k (1000), 1kb (1024), 5mb, 1gb; null when malformed. */
export function memtoll(v: string): number | null {
  const m = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(v.trim());
  if (!m) return null;
  const mul: Record<string, number> = { b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  return Number(m[1]) * mul[(m[2] ?? "b").toLowerCase()]!;
}

const yesno = (v: string): boolean | null => (v.toLowerCase() === "yes" ? true : v.toLowerCase() === "no" ? false : null);

/** Parses redis.conf text (`file` names it in errors) into config overrides. */
export function parseRedisConf(text: string, file: string): Partial<ServerConfig> {
  const conf: Partial<ServerConfig> = {};
  let save: [number, number][] | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const bad = (why: string): never => {
      throw new RedisConfError(`read config ${file}:${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    const args = splitArgs(line) ?? bad("unbalanced quotes");
    const name = args[0]!.toLowerCase();
    const v = args.slice(1);
    const one = (): string => (v.length === 1 ? v[0]! : bad(`wrong number of arguments for "${name}"`));
    switch (name) {
      case "port": {
        const n = Number(one());
        if (!/^\d+$/.test(v[0]!) || n > 65535) bad("invalid port");
        conf.port = n;
        break;
      }
      case "bind":
        if (v.length === 0) bad(`wrong number of arguments for "bind"`);
        conf.bind = v[0]!.replace(/^-/, "");
        break;
      case "dir":
        conf.dir = one();
        break;
      case "appendonly":
        conf.appendonly = yesno(one()) ?? bad("argument must be 'yes' or 'no'");
        break;
      case "appendfilename": {
        const f = one();
        if (f.includes("/")) bad("appendfilename can't be a path, just a filename");
        conf.appendfilename = f;
        break;
      }
      case "appendfsync": {
        const p = one().toLowerCase();
        if (p !== "always" && p !== "everysec" && p !== "no") bad("argument must be one of 'always', 'everysec' or 'no'");
        conf.appendfsync = p as ServerConfig["appendfsync"];
        break;
      }
      case "dbfilename": {
        const f = one();
        if (f.includes("/")) bad("dbfilename can't be a path, just a filename");
        conf.dbfilename = f;
        break;
      }
      case "save": {
        // Each `save` line adds a rule; `save ""` clears them (Redis 7 also accepts all rules on one line).
        const rules = parseSave(v.join(" ")) ?? bad("invalid save parameters");
        save = rules.length === 0 ? [] : [...(save ?? []), ...rules];
        break;
      }
      case "requirepass":
        conf.requirepass = one();
        break;
      case "databases": {
        const n = Number(one());
        if (!/^\d+$/.test(v[0]!) || n < 1) bad("invalid number of databases");
        conf.databases = n;
        break;
      }
      case "proto-max-bulk-len":
        conf.protoMaxBulkLen = memtoll(one()) ?? bad("invalid size");
        break;
      case "maxmemory":
        conf.maxmemory = memtoll(one()) ?? bad("invalid size");
        break;
      case "maxmemory-policy":
        conf.maxmemoryPolicy = parsePolicy(one()) ?? bad(POLICY_ERROR);
        break;
      case "maxmemory-samples": {
        const n = parseSamples(one());
        conf.maxmemorySamples = typeof n === "string" ? bad(n) : n;
        break;
      }
      case "lfu-log-factor":
      case "lfu-decay-time": {
        const v = one();
        if (!/^\d+$/.test(v)) bad("argument must be between 0 and 2147483647 inclusive");
        if (name === "lfu-log-factor") conf.lfuLogFactor = Number(v);
        else conf.lfuDecayTime = Number(v);
        break;
      }
      case "client-query-buffer-limit":
        conf.clientQueryBufferLimit = memtoll(one()) ?? bad("invalid size");
        break;
      default: {
        // Parameters with no meaning here are stored and reported back (config-stored.ts), as CONFIG SET does.
        const stored = ALIASES[name] ?? name;
        if (!(stored in STORED_DEFAULTS)) bad("bad directive or wrong number of arguments");
        const r = checkStored(stored, v.join(" "));
        if ("err" in r) bad(r.err);
        else conf.stored = { ...conf.stored, [stored]: r.ok };
      }
    }
  });
  if (save !== undefined) conf.save = save;
  return conf;
}
