/**
 * `gokit httpd`: the HTTP/1.1 server (src/http) serving static files under
 * --root, `POST /echo`, optional per-client rate limiting; access log on
 * stderr (readable on a TTY, JSON lines otherwise). SIGTERM or SIGINT stops
 * accepting, finishes in-flight requests and exits 0 within 10 s.
 */
import type { ArgsDef } from "citty";
import { defineCommand } from "./cli.ts";
import { UsageError, logger, print, rootContext } from "./io.ts";

const args = {
  port: { type: "string", valueHint: "PORT", description: "TCP port; 0 picks a free one (default 8080)" },
  bind: { type: "string", valueHint: "ADDR", description: "Address to listen on (default 127.0.0.1)" },
  root: { type: "string", valueHint: "DIR", description: "Directory of static files (default .)" },
  "list-dirs": { type: "boolean", description: "List directories that have no index.html (default 403)" },
  rate: { type: "string", valueHint: "N", description: "Rate limit per client address, requests per second (default off)" },
  burst: { type: "string", valueHint: "N", description: "Largest burst per client (default: the rate)" },
  algorithm: { type: "string", valueHint: "NAME", description: "token-bucket, sliding-window, sliding-log, leaky-bucket or fixed-window" },
  "header-timeout": { type: "string", valueHint: "DURATION", description: "Time allowed to send a request head, e.g. 10s or 500ms (default 10s)" },
  "idle-timeout": { type: "string", valueHint: "DURATION", description: "Keep-alive idle timeout (default 5s)" },
  "max-conns": { type: "string", valueHint: "N", description: "Most open connections; at the cap idle ones are closed first, else new ones (default 16384)" },
  "max-body": { type: "string", valueHint: "BYTES", description: "Largest request body (default 8388608)" },
  "access-log": { type: "enum", options: ["on", "off"], valueHint: "on|off", description: "Log every request (default on)" },
} as const satisfies ArgsDef;

function duration(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(v.trim());
  if (!m) throw new UsageError(`invalid --${flag} "${v}": want a duration such as 500ms or 10s`);
  const n = Number(m[1]);
  return m[2] === "s" ? n * 1000 : m[2] === "m" ? n * 60_000 : n;
}

function number(flag: string, v: string | undefined, { min = 0, int = true } = {}): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < min || (int && !Number.isInteger(n))) {
    throw new UsageError(`invalid --${flag} "${v}": want ${int ? "an integer" : "a number"} ≥ ${min}`);
  }
  return n;
}

export default defineCommand({
  meta: { name: "httpd", description: "HTTP/1.1 server: static files, echo, rate limiting" },
  args,
  run: async ({ args: a }) => {
    const port = number("port", a.port ?? "8080")!;
    if (port > 65535) throw new UsageError(`invalid --port "${a.port}": want 0-65535`);
    const rate = number("rate", a.rate, { min: 0, int: false });
    const burst = number("burst", a.burst, { min: 1 });
    const headerTimeoutMs = duration("header-timeout", a["header-timeout"]);
    const idleTimeoutMs = duration("idle-timeout", a["idle-timeout"]);
    const maxBodyBytes = number("max-body", a["max-body"]);
    const maxConnections = number("max-conns", a["max-conns"], { min: 1 });
    const lib = await import("../src/http/index.ts");
    if (a.algorithm !== undefined) {
      const { isAlgorithm, ALGORITHMS } = await import("../src/ratelimit/index.ts");
      if (!isAlgorithm(a.algorithm)) throw new UsageError(`invalid --algorithm "${a.algorithm}": want one of ${ALGORITHMS.join(", ")}`);
    }
    const { BatchedWriter } = await import("../src/log/index.ts");
    // Daemon output (JSON logs and access lines) leaves once per event-loop turn, not once per request.
    const stderr = new BatchedWriter((text) => process.stderr.write(text), { isTTY: process.stderr.isTTY === true });
    const log = await logger("httpd", stderr);
    const pkg = (await import("../package.json", { with: { type: "json" } })).default;
    const handler = await lib.createApp({ root: a.root ?? ".", listDirs: a["list-dirs"] === true, rate, burst, algorithm: a.algorithm });
    const pretty = log.format === "pretty";
    const accessJson = lib.accessJson("httpd");
    const server = await lib.HttpServer.listen({
      handler,
      hostname: a.bind ?? "127.0.0.1",
      port,
      headerTimeoutMs,
      idleTimeoutMs,
      maxBodyBytes,
      maxConnections,
      // Leaves a margin inside the 10 s a stop may take (systemd, orchestrators).
      shutdownTimeoutMs: 9_000,
      serverName: `gokit/${pkg.version}`,
      // JSON access lines are the logger's `log.info("request", accessFields(e))`, built without its per-record work.
      onAccess:
        a["access-log"] === "off" || !log.enabled("info")
          ? undefined
          : pretty
            ? (e) => stderr.add(lib.formatAccess(e))
            : (e) => stderr.add(accessJson(e)),
      onError: (err, where) => log.error(`${where}: ${err instanceof Error ? err.message : String(err)}`),
    });
    const [ctx, stop] = await rootContext();
    await print(`Server listening on :${server.port}`);
    if (!pretty) log.info("listening", { addr: `${server.hostname}:${server.port}`, root: a.root ?? "." });
    await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
    log.info("shutting down", { connections: server.connections });
    await server.shutdown();
    stderr.flush();
    stop();
    log.info("stopped");
  },
});
