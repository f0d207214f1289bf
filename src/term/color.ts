/**
 * Colour rules shared by every subcommand: colour only on a TTY, never with
 * `NO_COLOR` (https://no-color.org: any non-empty value), never with `TERM=dumb`;
 * `FORCE_COLOR` (non-empty, not "0") turns it on regardless.
 */

/** What the colour decision depends on; pass the stream and environment you write to. */
export interface ColorTarget {
  isTTY?: boolean;
}

/** Reports whether ANSI colour may be written to `stream` under `env`. */
export function colorEnabled(stream: ColorTarget, env: Record<string, string | undefined> = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

/** A palette of styling functions; every function is the identity when colour is off. */
export interface Palette {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const identity = (s: string) => s;

/** Returns a palette that colours only when `enabled`. */
export function palette(enabled: boolean): Palette {
  if (!enabled) {
    return { enabled, bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Removes ANSI SGR/CSI sequences, for measuring display width or writing to a pipe. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI, "");
}
