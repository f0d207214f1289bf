/**
 * The process adapter: the only place, with cmd/gokit.ts, that touches the
 * terminal and exit codes. Subcommand files use it to print data, report
 * errors in one line and map them to exit codes (0 ok, 1 failure, 2 usage).
 */
import { colorEnabled, palette, type Palette } from "../src/term/color.ts";

/** A usage error: bad flags or arguments. Exit code 2. */
export class UsageError extends Error {
  readonly code = "ERR_USAGE";
  override name = "UsageError";
}

/** Global flags taken from anywhere on the command line before `--`. */
export interface GlobalFlags {
  logFormat?: "json" | "pretty";
  logLevel?: string;
}

export const globals: GlobalFlags = {};

/** Removes the global flags (`--log-format`, `--log-level`) from argv into `globals`. */
export function takeGlobalFlags(argv: string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const m = /^--(log-format|log-level)(?:=(.*))?$/.exec(arg);
    if (!m) {
      rest.push(arg);
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`flag --${m[1]} needs a value`);
    if (m[1] === "log-format") {
      if (value !== "json" && value !== "pretty") throw new UsageError(`invalid --log-format "${value}": want json or pretty`);
      globals.logFormat = value;
    } else {
      globals.logLevel = value;
    }
  }
  return rest;
}

/** Writes text to stdout. */
export function out(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}

/** Writes text to stderr. */
export function err(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : text + "\n");
}

/** Writes `value` as pretty JSON to stdout, for `--json`. */
export function outJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

/** The palette for stdout (colour only on a TTY and never with NO_COLOR). */
export function stdoutPalette(): Palette {
  return palette(colorEnabled(process.stdout));
}

/** The palette for stderr. */
export function stderrPalette(): Palette {
  return palette(colorEnabled(process.stderr));
}

/** True when stdout is an interactive terminal. */
export function stdoutIsTTY(): boolean {
  return process.stdout.isTTY === true;
}

/** The exit code an error maps to: usage errors 2, an explicit `exitCode` as given, everything else 1. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof UsageError) return 2;
  if (typeof e === "object" && e !== null) {
    const o = e as { name?: unknown; code?: unknown; exitCode?: unknown };
    if (typeof o.exitCode === "number") return o.exitCode;
    if (o.name === "CLIError" || o.code === "ERR_USAGE") return 2;
  }
  return 1;
}

/** Formats an error as one line for people (`gokit task: …`), plus the stack with GOKIT_DEBUG=1. */
export function formatError(prefix: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const line = `${prefix}: ${message.replace(/\x1b\[[0-9;]*m/g, "")}`;
  if (process.env.GOKIT_DEBUG === "1" && e instanceof Error && e.stack) return `${line}\n${e.stack}`;
  return line;
}

/**
 * The logger for a subcommand, honouring `--log-format`, `--log-level` and
 * `GOKIT_LOG_LEVEL`; JSON lines off a TTY or under systemd. Loaded lazily so
 * commands that never log do not pay for consola.
 */
export async function logger(component: string) {
  const { createLogger } = await import("../src/log/index.ts");
  try {
    return createLogger({ component, format: globals.logFormat, level: globals.logLevel as never, stream: process.stderr });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
