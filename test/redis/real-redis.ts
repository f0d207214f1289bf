/** Starts a real redis-server on a free port for differential tests; resolves once it is ready. */
import { afterAll, beforeAll } from "bun:test";
import { RedisServer } from "../../src/redis/index.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./resp-client.ts";
import { haveCommand } from "../support/require.ts";

/** Whether redis-server is installed. */
export const haveRedisServer = haveCommand("redis-server");
/** Whether redis-cli is installed. */
export const haveRedisCli = haveCommand("redis-cli");

/** A running redis-server, stopped (and its temp dir removed) on dispose. */
export interface RealRedis extends AsyncDisposable {
  port: number;
  stop(): Promise<void>;
}

/** Starts `redis-server` with no persistence on 127.0.0.1 and waits for its ready line. */
export async function startRealRedis(extra: string[] = []): Promise<RealRedis> {
  const dir = mkdtempSync(join(tmpdir(), "gokit-redis-real-"));
  const port = freePort();
  const proc = Bun.spawn(
    ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, ...extra],
    { stdout: "pipe", stderr: "pipe", stdin: "ignore" },
  );
  const reader = proc.stdout.getReader();
  let out = "";
  while (!out.includes("Ready to accept connections")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`redis-server exited: ${out}`);
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  void proc.stdout.pipeTo(new WritableStream()).catch(() => {});
  const stop = async () => {
    proc.kill("SIGKILL");
    await proc.exited;
    rmSync(dir, { recursive: true, force: true });
  };
  return { port, stop, [Symbol.asyncDispose]: stop };
}

/**
 * A real redis-server and a gokit server side by side for the file's tests,
 * started in beforeAll and stopped in afterAll (nothing starts without redis-server).
 */
export function serverPair(): { readonly real: RealRedis; readonly ours: RedisServer } {
  const pair = {} as { real: RealRedis; ours: RedisServer };
  beforeAll(async () => {
    if (!haveRedisServer) return;
    pair.real = await startRealRedis();
    pair.ours = await RedisServer.listen({ config: { port: 0 } });
  });
  afterAll(async () => {
    await pair.real?.stop();
    await pair.ours?.shutdown();
  });
  return pair;
}
