/**
 * Progress reporting that suits where the output goes. On a TTY: one line
 * redrawn in place with `\r` (bar, percent, count, rate, ETA), at most once
 * per `redrawMs`. Elsewhere (pipes, files, CI logs): a plain line every
 * `intervalMs`, e.g. `fetch: 1200/5000 (24%) 340/s ETA 11s`. Both end with a
 * final line on `done()`. Time comes from an injectable source, so nothing
 * here sleeps or starts timers.
 */

import { colorEnabled, palette } from "./color.ts";
import { truncate } from "./width.ts";

/** Where progress is written; `isTTY` and `columns` are read as Node/Bun streams expose them. */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  /** Units expected in total; omit when unknown (shows a spinner and count, no percent or ETA). */
  total?: number;
  /** Prefix naming the work, e.g. "fetch". */
  label?: string;
  stream: ProgressStream;
  /** Overrides `stream.isTTY`. */
  isTTY?: boolean;
  /** Time source in milliseconds; defaults to `performance.now`. */
  now?: () => number;
  /** Alternative to `now`: any clock with a `now()` in milliseconds or as a Date. */
  clock?: { now(): number | Date };
  /** Off a TTY, the least time between progress lines; default 5000. */
  intervalMs?: number;
  /** On a TTY, the least time between redraws; default 100. */
  redrawMs?: number;
  /** Bar width in cells on a TTY; default 24. */
  barWidth?: number;
  /** Line width limit on a TTY; defaults to `stream.columns`. */
  columns?: number;
  /** Environment for the colour decision; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
}

/** A running progress display. */
export interface Progress {
  /** Advances the count by `n` (default 1). */
  tick(n?: number): void;
  /** Sets the count to `n`. */
  set(n: number): void;
  /** Draws the final state and ends the line; later calls are ignored. */
  done(message?: string): void;
}

const SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

/** Formats a per-second rate with SI suffixes: `0.5/s`, `340/s`, `1.2k/s`, `34M/s`. */
export function formatRate(perSecond: number): string {
  const units = ["", "k", "M", "G", "T"];
  let v = perSecond;
  let i = 0;
  while (v >= 999.5 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const text = v.toFixed(v < 9.95 ? 1 : 0).replace(/\.0$/, "");
  return `${text}${units[i]}/s`;
}

/** Formats seconds Go-style at coarse resolution: `11s`, `1m12s`, `2h5m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

function timeSource(options: ProgressOptions): () => number {
  if (options.now) return options.now;
  const clock = options.clock;
  if (clock) return () => +clock.now();
  return () => performance.now();
}

/**
 * Starts a progress display on `options.stream`.
 * @example
 * const p = createProgress({ total: files.length, label: "scan", stream: process.stderr });
 * for (const f of files) { await scan(f); p.tick(); }
 * p.done();
 */
export function createProgress(options: ProgressOptions): Progress {
  const { total, stream } = options;
  if (total !== undefined && !(Number.isFinite(total) && total >= 0)) {
    throw new RangeError(`progress: invalid total ${total}`);
  }
  const now = timeSource(options);
  const tty = options.isTTY ?? stream.isTTY === true;
  const pal = palette(tty && colorEnabled({ isTTY: true }, options.env ?? process.env));
  const intervalMs = options.intervalMs ?? 5000;
  const redrawMs = options.redrawMs ?? 100;
  const barWidth = options.barWidth ?? 24;
  const label = options.label ?? "";
  const start = now();
  let count = 0;
  let lastDraw = -Infinity;
  let frame = 0;
  let finished = false;

  /** Count, percent, rate and ETA, in the order both renderings use. */
  function stats(at: number): { counts: string; percent: number | undefined; rate: string; eta: string } {
    const elapsed = (at - start) / 1000;
    const perSecond = elapsed > 0 ? count / elapsed : 0;
    const known = total !== undefined;
    const percent = known ? (total === 0 ? 100 : Math.min(100, Math.floor((count / total) * 100))) : undefined;
    const rate = elapsed > 0 ? formatRate(perSecond) : "";
    const remaining = known ? Math.max(0, total - count) : 0;
    const eta = known && perSecond > 0 && remaining > 0 ? `ETA ${formatDuration(remaining / perSecond)}` : "";
    return { counts: known ? `${count}/${total}` : `${count}`, percent, rate, eta };
  }

  function plainLine(at: number): string {
    const s = stats(at);
    const parts = [s.counts, s.percent !== undefined ? `(${s.percent}%)` : "", s.rate, s.eta].filter((p) => p !== "");
    return (label ? `${label}: ` : "") + parts.join(" ");
  }

  function ttyLine(at: number): string {
    const s = stats(at);
    let gauge: string;
    if (s.percent !== undefined) {
      const filled = Math.floor((s.percent / 100) * barWidth);
      const bar = pal.cyan("█".repeat(filled)) + pal.dim("░".repeat(barWidth - filled));
      gauge = `${bar} ${String(s.percent).padStart(3)}%`;
    } else {
      gauge = SPINNER[frame++ % SPINNER.length]!;
    }
    const parts = [label ? pal.bold(label) : "", gauge, s.counts, s.rate, s.eta].filter((p) => p !== "");
    const text = parts.join(" ");
    const columns = options.columns ?? stream.columns;
    // Stay within columns - 1: writing the last column makes some terminals wrap, breaking `\r` redraws.
    return columns !== undefined && columns > 1 ? truncate(text, columns - 1) : text;
  }

  function update(): void {
    const at = now();
    if (tty) {
      if (at - lastDraw < redrawMs) return;
      lastDraw = at;
      stream.write(`\r${ttyLine(at)}\x1b[K`);
    } else if (at - lastDraw >= intervalMs) {
      lastDraw = at;
      stream.write(`${plainLine(at)}\n`);
    }
  }

  function checkCount(n: number, what: string): void {
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`progress: invalid ${what} ${n}`);
  }

  if (tty) update();
  else lastDraw = start; // the first plain line comes one interval in, not at zero

  return {
    tick(n = 1) {
      if (finished) return;
      checkCount(n, "tick");
      count += n;
      update();
    },
    set(n) {
      if (finished) return;
      checkCount(n, "count");
      count = n;
      update();
    },
    done(message) {
      if (finished) return;
      finished = true;
      const at = now();
      const elapsed = formatDuration((at - start) / 1000);
      const s = stats(at);
      const parts = [s.counts, s.percent !== undefined ? `(${s.percent}%)` : "", `in ${elapsed}`, s.rate ? `(${s.rate})` : ""];
      const body = `${message ?? "done"}, ${parts.filter((p) => p !== "").join(" ")}`;
      const text = (label ? `${tty ? pal.bold(label) : label}: ` : "") + body;
      stream.write(tty ? `\r${text}\x1b[K\n` : `${text}\n`);
    },
  };
}
