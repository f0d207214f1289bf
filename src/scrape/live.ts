/**
 * The `--live` status block: one box redrawn in place on a terminal.
 *
 * ┌─────────────────────────────────────────────────────────┐
 * │ Active: 10/10 workers | Queue: 234 | Done: 89 | Err: 2  │
 * │ ████████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 27%     │
 * └─────────────────────────────────────────────────────────┘
 */
import type { CrawlStats } from "./types.ts";

const INNER = 57;
const BAR = 47;

/** The fraction of known work done: done / (done + in flight + queued), capped by the page budget. */
export function progressOf(s: CrawlStats, maxPages = Infinity): number {
  const known = s.done + s.active + s.queued;
  const total = Number.isFinite(maxPages) ? Math.min(Math.max(known, 1), maxPages) : known;
  return total === 0 ? 0 : Math.min(1, s.done / total);
}

/** The three lines of the box for `s`. */
export function renderLive(s: CrawlStats, maxPages = Infinity): string[] {
  const line1 = ` Active: ${s.active}/${s.workers} workers | Queue: ${s.queued} | Done: ${s.done} | Err: ${s.errors}`;
  const f = progressOf(s, maxPages);
  const filled = Math.round(f * BAR);
  const line2 = ` ${"█".repeat(filled)}${"░".repeat(BAR - filled)} ${Math.floor(f * 100)}%`;
  const width = Math.max(INNER, line1.length + 1, line2.length + 1);
  const pad = (t: string): string => `│${t}${" ".repeat(width - t.length)}│`;
  return [`┌${"─".repeat(width)}┐`, pad(line1), pad(line2), `└${"─".repeat(width)}┘`];
}

/** The escape sequence that moves the cursor back over a block of `lines` lines and clears it. */
export function redrawPrefix(lines: number): string {
  return lines === 0 ? "" : `\x1b[${lines}A\x1b[J`;
}
