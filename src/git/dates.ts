/**
 * Git's date handling: parsing GIT_AUTHOR_DATE/GIT_COMMITTER_DATE in the forms
 * Git accepts most ("@1700000000 +0000", "1700000000 +0000", RFC 2822,
 * ISO 8601), and the default output format ("Thu Apr 7 22:13:13 2005 +0200").
 */

import { localZone, type Zone } from "../tz/index.ts";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A point in time with the zone it was written in. */
export interface GitDate {
  time: number;
  tz: string;
}

let lastTz = "+0000";
let lastMinutes = 0;

/** "+0130" → 90 (minutes east of UTC). The last zone is remembered: a log's commits mostly share one. */
export function tzMinutes(tz: string): number {
  if (tz === lastTz) return lastMinutes;
  const sign = tz[0] === "-" ? -1 : 1;
  const minutes = sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3, 5)));
  lastTz = tz;
  lastMinutes = minutes;
  return minutes;
}

/** 90 → "+0130". */
export function tzString(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, "0")}${String(m % 60).padStart(2, "0")}`;
}

const zones = new Map<string | undefined, Zone>();

/** The zone `$TZ` (`tzName`) names, read once. */
function zoneOfTz(tzName: string | undefined): Zone {
  let z = zones.get(tzName);
  if (!z) zones.set(tzName, (z = localZone({ tz: tzName })));
  return z;
}

/**
 * The local zone's offset at `time` (seconds), as Git writes it, for the
 * environment's TZ. From the zone file (src/tz), as git's localtime() does:
 * the first Date#getTimezoneOffset call loads ICU's time-zone data, about
 * 8 ms, which every commit, checkout and merge paid for its reflog line.
 */
export function localTz(time: number, tzName = process.env.TZ): string {
  return tzString(Math.round(zoneOfTz(tzName).offsetAt(time * 1000) / 60_000));
}

function zoneOf(s: string | undefined): number | undefined {
  if (s === undefined || s === "") return undefined;
  if (s === "Z" || s === "z" || s.toUpperCase() === "UTC" || s.toUpperCase() === "GMT") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(s);
  if (!m) return undefined;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** Parses a date as Git does for GIT_*_DATE; undefined when the form is not recognised. */
export function parseGitDate(input: string, tzName = process.env.TZ): GitDate | undefined {
  const s = input.trim();
  let m = /^@?(\d+)(?:\s+([+-]\d{4}))?$/.exec(s);
  if (m && (s.startsWith("@") || m[2] !== undefined || m[1]!.length >= 9)) {
    const time = Number(m[1]);
    return { time, tz: m[2] ?? "+0000" };
  }
  // RFC 2822: [Thu, ]07 Apr 2005 22:13:13 +0200
  m = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]+)?$/.exec(s);
  if (m) {
    const month = MONTHS.findIndex((x) => x.toLowerCase() === m![2]!.toLowerCase());
    if (month < 0) return undefined;
    return fromParts(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), zoneOf(m[7]), tzName);
  }
  // ISO 8601: 2005-04-07[T ]22:13:13[.fff][Z|+02:00|+0200| +0200]
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (m) return fromParts(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), zoneOf(m[7]), tzName);
  // Git's own default format: Thu Apr 7 22:13:13 2005 +0200
  m = /^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})(?:\s+([+-]\d{4}))?$/.exec(s);
  if (m) {
    const month = MONTHS.findIndex((x) => x.toLowerCase() === m![1]!.toLowerCase());
    if (month < 0) return undefined;
    return fromParts(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), zoneOf(m[7]), tzName);
  }
  return undefined;
}

function fromParts(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: number | undefined, tzName: string | undefined): GitDate {
  const utc = Date.UTC(y, mo, d, h, mi, s) / 1000;
  if (zone !== undefined) return { time: utc - zone * 60, tz: tzString(zone) };
  // No zone: local wall-clock time, as git does with glibc's mktime: the offset at the wall time read as UTC if it
  // holds there, else the offset it leads to; a time that never happens (spring forward) takes the offset before.
  const z = zoneOfTz(tzName);
  const at = (t: number) => z.offsetAt(t * 1000) / 1000;
  let offset = at(utc);
  if (at(utc - offset) !== offset) {
    const next = at(utc - offset);
    offset = at(utc - next) === next ? next : at(utc - 43_200);
  }
  return { time: utc - offset, tz: tzString(Math.round(offset / 60)) };
}

/** "00" to "59". */
const TWO_DIGITS = Array.from({ length: 60 }, (_, k) => String(k).padStart(2, "0"));
/** The last day formatted ("Thu Apr 7 " and " 2005 "): a log's consecutive commits mostly share their day. */
let lastDays = NaN;
let lastDay = "";
let lastYear = "";

/** Git's default date format in the date's own zone: "Thu Apr 7 22:13:13 2005 +0200". */
export function formatDefaultDate(time: number, tz: string): string {
  const t = Math.floor(time) + tzMinutes(tz) * 60;
  const days = Math.floor(t / 86_400);
  const secs = t - days * 86_400;
  if (days !== lastDays) {
    const { year, month, day } = civilFromDays(days);
    // 1970-01-01 was a Thursday.
    lastDay = `${DAYS[(((days + 4) % 7) + 7) % 7]} ${MONTHS[month - 1]} ${day} `;
    lastYear = ` ${year} `;
    lastDays = days;
  }
  return `${lastDay}${TWO_DIGITS[Math.floor(secs / 3600)]}:${TWO_DIGITS[Math.floor(secs / 60) % 60]}:${TWO_DIGITS[secs % 60]}${lastYear}${tz}`;
}

/**
 * The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's
 * civil_from_days): integer arithmetic, no Date object, any year.
 */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800 };

/**
 * A date as git log's --since/--until take it (a subset of git's
 * approxidate): what parseGitDate reads, "now", "yesterday", "<n> <unit>
 * ago" (seconds to years, dots allowed as in "2.weeks.ago"), and a day alone
 * ("2024-03-01", at the current time of day, as approxidate fills it).
 * Seconds since the epoch, or undefined for anything else.
 */
export function parseApproxDate(input: string, now = Math.floor(Date.now() / 1000), tzName = process.env.TZ): number | undefined {
  const s = input.trim().toLowerCase().replace(/\./g, " ").replace(/\s+/g, " ");
  if (s === "now") return now;
  if (s === "yesterday") return now - 86_400;
  const rel = /^(\d+) (second|minute|hour|day|week|month|year)s? ago$/.exec(s);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2]!;
    if (unit in UNIT_SECONDS) return now - n * UNIT_SECONDS[unit]!;
    // Months and years go back on the calendar.
    const d = new Date(now * 1000);
    if (unit === "month") d.setUTCMonth(d.getUTCMonth() - n);
    else d.setUTCFullYear(d.getUTCFullYear() - n);
    return Math.floor(d.getTime() / 1000);
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  if (day) {
    const t = new Date(now * 1000);
    const at = `${day[1]}-${day[2]}-${day[3]} ${String(t.getUTCHours()).padStart(2, "0")}:${String(t.getUTCMinutes()).padStart(2, "0")}:${String(t.getUTCSeconds()).padStart(2, "0")}`;
    return parseGitDate(at, tzName)?.time;
  }
  return parseGitDate(input, tzName)?.time;
}
