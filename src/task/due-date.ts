/**
 * Calendar dates for due dates: parsing what people type (`2025-01-15`,
 * `today`, `tomorrow`, `+3d`, `+2w`, `friday`/`fri`) and formatting them
 * ("Jan 15", "Jan 15 2025"). A date is stored as the UTC midnight that starts
 * it ("2025-01-15T00:00:00Z"); relative words count from the local calendar
 * day of the injected "now".
 */

import type { Zone } from "../tz/index.ts";

const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** What a due date may look like, for error messages. */
export const DATE_FORMS = "YYYY-MM-DD, today, tomorrow, +Nd or a weekday";

/** The result of parsing a date: its UTC-midnight time in milliseconds, or failure. */
export type DateParse = { ok: true; day: number } | { ok: false };

/**
 * The local calendar day of `now`, as the UTC-midnight milliseconds of that
 * date, in `zone` (see src/tz) or else the built-in Date's local time.
 */
export function localDay(now: Date, zone?: Zone): number {
  if (zone === undefined) return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  const t = now.getTime() + zone.offsetAt(now.getTime());
  return t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Options for parseDate. */
export interface ParseDateOptions {
  /** The local time zone for relative dates; default the built-in Date's. */
  zone?: Zone;
}

/** The calendar day (UTC-midnight milliseconds) a stored ISO date or time falls on, in UTC. */
export function dayOf(iso: string): number {
  const t = Date.parse(iso);
  return t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Formats a calendar day as stored: "2025-01-15T00:00:00Z". */
export function isoDay(day: number): string {
  return new Date(day).toISOString().slice(0, 10) + "T00:00:00Z";
}

/**
 * Parses a date as people type it, relative to `now` (local time).
 * @example parseDate("+3d", new Date("2025-01-10T12:00:00Z")) // { ok: true, day: Date.UTC(2025, 0, 13) }
 */
export function parseDate(input: string, now: Date, options: ParseDateOptions = {}): DateParse {
  const s = input.trim().toLowerCase();
  const today = localDay(now, options.zone);
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const day = Date.UTC(y, mo - 1, d);
    const back = new Date(day);
    // Date.UTC rolls 2025-02-30 over into March; a real date survives the round trip. Years < 100 would be remapped.
    if (y < 1000 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return { ok: false };
    return { ok: true, day };
  }
  if (s === "today") return { ok: true, day: today };
  if (s === "tomorrow") return { ok: true, day: today + DAY_MS };
  m = /^\+(\d{1,5})([dw])$/.exec(s);
  if (m) {
    const day = today + Number(m[1]) * (m[2] === "w" ? 7 : 1) * DAY_MS;
    return new Date(day).getUTCFullYear() <= 9999 ? { ok: true, day } : { ok: false };
  }
  const weekday = WEEKDAYS.findIndex((w) => s === w || (s.length === 3 && w.startsWith(s)));
  if (weekday >= 0) {
    // The next such day, strictly after today: "monday" on a Monday is a week away.
    const current = new Date(today).getUTCDay();
    return { ok: true, day: today + (((weekday - current + 6) % 7) + 1) * DAY_MS };
  }
  return { ok: false };
}

/** Formats a calendar day as "Jan 15 2025" (table cells). */
export function formatLongDay(day: number): string {
  const d = new Date(day);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

/** Formats a calendar day as "Jan 15", or "Jan 15 2026" when not in the year of `today` (messages). */
export function formatShortDay(day: number, today: number): string {
  const d = new Date(day);
  const year = d.getUTCFullYear() === new Date(today).getUTCFullYear() ? "" : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}${year}`;
}
