/**
 * Runs gokit the way a user does: the binary named by GOKIT_BIN (make test sets
 * it to dist/gokit), otherwise `bun cmd/gokit.ts`. Output is captured; colour is off.
 */
import { resolve } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";

export const repoRoot = resolve(import.meta.dir, "../..");

/** The argv prefix that starts gokit. */
export function gokitCommand(): string[] {
  const bin = process.env.GOKIT_BIN;
  if (bin) return [resolve(repoRoot, bin)];
  return [process.execPath, resolve(repoRoot, "cmd/gokit.ts")];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdin?: string | Uint8Array;
  timeoutMs?: number;
}

/** Runs `gokit ...args` to completion and returns its exit code and output. */
export async function runGokit(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const proc = Bun.spawn([...gokitCommand(), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...options.env },
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
    timeout: options.timeoutMs ?? 20_000,
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

/** A temporary directory removed when disposed: `using dir = tempDir()`. */
export function tempDir(prefix = "gokit-test-"): { path: string } & Disposable {
  const path = mkdtempSync(resolve(tmpdir(), prefix));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}
