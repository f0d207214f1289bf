/** Plumbing shared by the benchmarks that start servers: free ports and waiting for a listener. */

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): number {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

/** Resolves once something accepts connections on `port`; fails early if `proc` has exited. */
export async function waitPort(port: number, proc?: { exitCode: number | null }): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (proc && proc.exitCode !== null) throw new Error(`bench: server for port ${port} exited with status ${proc.exitCode}`);
    try {
      const s = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
      s.end();
      return;
    } catch {
      await Bun.sleep(25);
    }
  }
  throw new Error(`bench: nothing listening on ${port}`);
}
