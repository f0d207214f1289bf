/**
 * Real peers the tests drive (redis-server, zone files, …). On a developer's
 * machine a missing one skips its tests with a note; under CI (CI=true, where
 * .ci/run installs them) a missing one is an error, so CI never goes green by
 * skipping.
 */
import { existsSync } from "node:fs";

function need(what: string, present: boolean): boolean {
  if (!present && process.env.CI) throw new Error(`${what} is required under CI (.ci/run installs it)`);
  if (!present) console.warn(`note: ${what} not found; skipping the tests that need it`);
  return present;
}

/** True when the command is on PATH. */
export function haveCommand(name: string): boolean {
  return need(`command ${name}`, Bun.which(name) !== null);
}

/** True when the file exists. */
export function haveFile(path: string): boolean {
  return need(`file ${path}`, existsSync(path));
}
