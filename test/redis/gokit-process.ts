/** Runs `gokit redis server` as a child process, the way a user starts it. */
import { gokitCommand, repoRoot } from "../support/cli.ts";

export type Proc = ReturnType<typeof Bun.spawn<"pipe", "pipe", "pipe">>;

/** A running server process: its port, the banner it printed, and its stderr once it exits. */
export interface RunningRedis {
  proc: Proc;
  port: number;
  banner: string;
  stderr: () => Promise<string>;
}

/** Starts `gokit redis server ARGS…` and resolves once it prints "Ready to accept connections". */
export async function startGokitRedis(args: string[]): Promise<RunningRedis> {
  const proc = Bun.spawn([...gokitCommand(), "redis", "server", ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1" },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  const reader = proc.stdout.getReader();
  let out = "";
  while (!out.includes("Ready to accept connections\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`gokit redis exited: ${out}${await new Response(proc.stderr).text()}`);
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const m = /^ {2}Port: (\d+)$/m.exec(out);
  if (!m) throw new Error(`no port in banner: ${out}`);
  return { proc, port: Number(m[1]), banner: out, stderr: () => new Response(proc.stderr).text() };
}
