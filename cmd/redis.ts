/**
 * `gokit redis server`: a Redis-compatible server (src/redis) that redis-cli,
 * redis-benchmark and client libraries talk to unchanged. Flags use
 * redis-server's own names. SIGTERM or SIGINT closes the listener and every
 * connection and exits 0; logs are JSON lines off a TTY.
 */
import type { ArgsDef } from "citty";
import { defineCommand } from "./cli.ts";
import { UsageError, logger, print, rootContext } from "./io.ts";

const serverArgs = {
  port: { type: "string", valueHint: "PORT", description: "TCP port; 0 picks a free one (default 6379)" },
  bind: { type: "string", valueHint: "ADDR", description: "Address to listen on (default 127.0.0.1)" },
  dir: { type: "string", valueHint: "DIR", description: "Working directory for data files (default .)" },
  requirepass: { type: "string", valueHint: "PASSWORD", description: "Require AUTH with this password" },
  "proto-max-bulk-len": { type: "string", valueHint: "BYTES", description: "Largest bulk string a client may send, e.g. 512mb (default 512mb)" },
  "client-query-buffer-limit": { type: "string", valueHint: "BYTES", description: "Disconnect a client whose pending request exceeds this, e.g. 1gb (default 1gb)" },
} as const satisfies ArgsDef;

/** redis.conf's memtoll: 10, 1k (1000), 1kb (1024), 5mb, 1gb. */
function memtoll(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(v.trim());
  if (!m) throw new UsageError(`invalid --${flag} "${v}": want a size such as 1048576, 512mb or 1gb`);
  const unit = (m[2] ?? "b").toLowerCase();
  const mul: Record<string, number> = { b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  const n = Number(m[1]) * mul[unit]!;
  if (n < 1) throw new UsageError(`invalid --${flag} "${v}": want at least 1 byte`);
  return n;
}

export default defineCommand({
  meta: { name: "redis", description: "Redis-compatible server (RESP, persistence)" },
  subCommands: {
    server: defineCommand({
      meta: { name: "server", description: "Serve the Redis protocol on TCP (redis-cli, redis-benchmark and client libraries work unchanged)" },
      args: serverArgs,
      run: async ({ args: a }) => {
        const portText = a.port ?? "6379";
        const port = Number(portText);
        if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`invalid --port "${portText}": want 0-65535`);
        const protoMaxBulkLen = memtoll("proto-max-bulk-len", a["proto-max-bulk-len"]);
        const clientQueryBufferLimit = memtoll("client-query-buffer-limit", a["client-query-buffer-limit"]);
        const dir = a.dir ?? ".";
        const { existsSync, statSync } = await import("node:fs");
        if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`invalid --dir "${dir}": not a directory`);
        const log = await logger("redis");
        const { RedisServer } = await import("../src/redis/index.ts");
        const config = {
          port,
          bind: a.bind ?? "127.0.0.1",
          dir,
          requirepass: a.requirepass ?? "",
          ...(protoMaxBulkLen !== undefined ? { protoMaxBulkLen } : {}),
          ...(clientQueryBufferLimit !== undefined ? { clientQueryBufferLimit } : {}),
        };
        await print("MiniRedis server starting...");
        const server = await RedisServer.listen({ config, log });
        const [ctx, stop] = await rootContext();
        await print(`  Port: ${server.port}\nReady to accept connections`);
        log.info("ready", { addr: `${server.hostname}:${server.port}` });
        await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
        log.info("shutting down", { connections: server.connections });
        await server.shutdown();
        stop();
        log.info("stopped");
      },
    }),
  },
});
