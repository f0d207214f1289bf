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

async function write(target: typeof Bun.stdout, text: string): Promise<void> {
  try {
    await Bun.write(target, text.endsWith("\n") ? text : text + "\n");
  } catch (e) {
    // A closed pipe (`gokit task list | head -1`) ends output quietly, as in Go.
    if ((e as { code?: unknown }).code !== "EPIPE") throw e;
  }
}

/** Writes text (plus a newline when missing) to stdout. Bun.write avoids process.stdout's ~10 ms start-up. */
export function print(text: string): Promise<void> {
  return write(Bun.stdout, text);
}

/** Writes text (plus a newline when missing) to stderr. */
export function printErr(text: string): Promise<void> {
  return write(Bun.stderr, text);
}

/** Writes `value` as pretty JSON to stdout, for `--json`. */
export function printJson(value: unknown): Promise<void> {
  return print(JSON.stringify(value, null, 2));
}

const ttyCache = new Map<number, boolean>();

/**
 * Reports whether fd 1 or 2 is a terminal. A pipe or file is not a character
 * device, so the costly process.stdout/stderr objects are created only when
 * the answer could be yes.
 */
export async function isTTY(fd: 1 | 2): Promise<boolean> {
  const known = ttyCache.get(fd);
  if (known !== undefined) return known;
  let answer: boolean;
  try {
    answer = (await (fd === 1 ? Bun.stdout : Bun.stderr).stat()).isCharacterDevice();
  } catch {
    answer = true;
  }
  if (answer) answer = (fd === 1 ? process.stdout : process.stderr).isTTY === true;
  ttyCache.set(fd, answer);
  return answer;
}

/** The palette for stdout (colour only on a TTY and never with NO_COLOR). */
export async function stdoutPalette(): Promise<Palette> {
  return palette(colorEnabled({ isTTY: await isTTY(1) }));
}

/** The palette for stderr. */
export async function stderrPalette(): Promise<Palette> {
  return palette(colorEnabled({ isTTY: await isTTY(2) }));
}

/** The terminal width of stdout, or undefined when it is not a terminal or does not say. */
export async function stdoutColumns(): Promise<number | undefined> {
  if (!(await isTTY(1))) return undefined;
  const columns = process.stdout.columns;
  return columns > 0 ? columns : undefined;
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
export async function logger(component: string, stream: { write(s: string): unknown; isTTY?: boolean } = process.stderr) {
  const { createLogger } = await import("../src/log/index.ts");
  try {
    return createLogger({ component, format: globals.logFormat, level: globals.logLevel as never, stream });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * The root Context for a long-running command: cancelled by the first SIGINT or
 * SIGTERM (graceful shutdown), while a second signal exits at once (130/143).
 * Returns the context and a function that removes the signal handlers.
 */
export async function rootContext() {
  const { background, notifyContext } = await import("../src/runtime/index.ts");
  return notifyContext(background());
}
