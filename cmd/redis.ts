/**
 * `gokit redis server [redis.conf]`: a Redis-compatible server (src/redis)
 * that redis-cli, redis-benchmark and client libraries talk to unchanged.
 * Flags use redis-server's own names and override the config file. With
 * `--aof FILE` every write is logged (and replayed at start); `--save` rules
 * and SAVE/BGSAVE write dump.rdb. SIGTERM or SIGINT closes the listener and
 * every connection, flushes the AOF and exits 0; logs are JSON lines off a TTY.
 */
import type { ArgsDef } from "citty";
import { defineCommand } from "./cli.ts";
import { UsageError, logger, print, rootContext } from "./io.ts";

const serverArgs = {
  config: { type: "positional", required: false, valueHint: "REDIS.CONF", description: "A redis.conf: port, bind, dir, appendonly, appendfilename, appendfsync, dbfilename, save, requirepass, maxmemory, maxmemory-policy, maxmemory-samples" },
  port: { type: "string", valueHint: "PORT", description: "TCP port; 0 picks a free one (default 6379)" },
  bind: { type: "string", valueHint: "ADDR", description: "Address to listen on (default 127.0.0.1)" },
  dir: { type: "string", valueHint: "DIR", description: "Data directory for the AOF and RDB files (default .)" },
  aof: { type: "string", valueHint: "FILE", description: "Log every write to FILE (relative to --dir) and replay it at start" },
  appendfsync: { type: "enum", options: ["always", "everysec", "no"], valueHint: "POLICY", description: "When the AOF is fsynced: always (before replying), everysec, no (default everysec)" },
  dbfilename: { type: "string", valueHint: "FILE", description: "RDB file for SAVE/BGSAVE/--save, relative to --dir (default dump.rdb)" },
  save: { type: "string", valueHint: "RULES", description: 'Snapshot after SECONDS if CHANGES writes, e.g. "900 1 300 10"; "" disables (default "")' },
  requirepass: { type: "string", valueHint: "PASSWORD", description: "Require AUTH with this password" },
  "proto-max-bulk-len": { type: "string", valueHint: "BYTES", description: "Largest bulk string a client may send, e.g. 512mb (default 512mb)" },
  "client-query-buffer-limit": { type: "string", valueHint: "BYTES", description: "Disconnect a client whose pending request exceeds this, e.g. 1gb (default 1gb)" },
  maxmemory: { type: "string", valueHint: "BYTES", description: "Memory limit for the dataset (estimated per key), e.g. 100mb; 0 = none (default 0)" },
  "maxmemory-policy": { type: "enum", options: ["noeviction", "allkeys-lru", "volatile-lru", "allkeys-random", "volatile-random", "volatile-ttl"], valueHint: "POLICY", description: "What to do over maxmemory: noeviction (OOM errors on writes), allkeys-lru, volatile-ttl, … (default noeviction)" },
} as const satisfies ArgsDef;

export default defineCommand({
  meta: { name: "redis", description: "Redis-compatible server (RESP, persistence)" },
  subCommands: {
    server: defineCommand({
      meta: { name: "server", description: "Serve the Redis protocol on TCP (redis-cli, redis-benchmark and client libraries work unchanged)" },
      args: serverArgs,
      run: async ({ args: a }) => {
        const { memtoll, parseRedisConf, parseSave, RedisServer } = await import("../src/redis/index.ts");
        const { existsSync, readFileSync, statSync } = await import("node:fs");
        const size = (flag: string, v: string | undefined): number | undefined => {
          if (v === undefined) return undefined;
          const n = memtoll(v);
          if (n === null) throw new UsageError(`invalid --${flag} "${v}": want a size such as 1048576, 512mb or 1gb`);
          if (n < 1) throw new UsageError(`invalid --${flag} "${v}": want at least 1 byte`);
          return n;
        };
        let fromFile = {};
        if (a.config !== undefined) {
          let text: string;
          try {
            text = readFileSync(a.config, "utf8");
          } catch (e) {
            throw new UsageError(`read config "${a.config}": ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
          }
          fromFile = parseRedisConf(text, a.config);
        }
        const config: Record<string, unknown> = { ...fromFile };
        if (a.port !== undefined) {
          const port = Number(a.port);
          if (!/^\d+$/.test(a.port) || port > 65535) throw new UsageError(`invalid --port "${a.port}": want 0-65535`);
          config.port = port;
        }
        if (a.bind !== undefined) config.bind = a.bind;
        if (a.dir !== undefined) config.dir = a.dir;
        if (a.aof !== undefined) {
          if (a.aof === "") throw new UsageError(`invalid --aof "": want a file name`);
          config.appendonly = true;
          config.appendfilename = a.aof;
        }
        if (a.appendfsync !== undefined) config.appendfsync = a.appendfsync;
        if (a.dbfilename !== undefined) config.dbfilename = a.dbfilename;
        if (a.save !== undefined) {
          const rules = parseSave(a.save);
          if (!rules) throw new UsageError(`invalid --save "${a.save}": want pairs of SECONDS CHANGES, e.g. "900 1 300 10", or ""`);
          config.save = rules;
        }
        if (a.requirepass !== undefined) config.requirepass = a.requirepass;
        const protoMaxBulkLen = size("proto-max-bulk-len", a["proto-max-bulk-len"]);
        if (protoMaxBulkLen !== undefined) config.protoMaxBulkLen = protoMaxBulkLen;
        const clientQueryBufferLimit = size("client-query-buffer-limit", a["client-query-buffer-limit"]);
        if (clientQueryBufferLimit !== undefined) config.clientQueryBufferLimit = clientQueryBufferLimit;
        if (a.maxmemory !== undefined) {
          const n = memtoll(a.maxmemory);
          if (n === null) throw new UsageError(`invalid --maxmemory "${a.maxmemory}": want a size such as 0, 100mb or 1gb`);
          config.maxmemory = n;
        }
        if (a["maxmemory-policy"] !== undefined) config.maxmemoryPolicy = a["maxmemory-policy"];
        const dir = (config.dir as string | undefined) ?? ".";
        if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`invalid --dir "${dir}": not a directory`);
        const log = await logger("redis");
        await print("MiniRedis server starting...");
        const server = await RedisServer.listen({ config, log, persistence: true });
        const [ctx, stop] = await rootContext();
        const lines = [`  Port: ${server.port}`];
        const loaded = server.loaded;
        if (server.state.config.appendonly) {
          const n = loaded.source === "aof" ? loaded.commands : 0;
          lines.push(`  AOF: ${server.state.config.appendfilename} (loading ${n.toLocaleString("en-US")} commands)`);
        } else if (loaded.source === "rdb") {
          lines.push(`  RDB: ${server.state.config.dbfilename} (loading ${loaded.keys.toLocaleString("en-US")} keys)`);
        }
        await print(`${lines.join("\n")}\nReady to accept connections`);
        log.info("ready", { addr: `${server.hostname}:${server.port}`, ...(loaded.source !== "none" ? { loaded: loaded.source } : {}) });
        await Promise.race([new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true })), server.closed]);
        log.info("shutting down", { connections: server.connections });
        await server.shutdown();
        stop();
        log.info("stopped");
      },
    }),
  },
});
