/**
 * POSIX TZ strings as found in TZif footers (RFC 8536 §3.3, POSIX.1-2017
 * §8.3 with the RFC's extensions): `EST5EDT,M3.2.0,M11.1.0`,
 * `<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45`, `<+0530>-5:30`.
 * Offsets in the string count hours west of Greenwich; everything returned
 * here counts seconds east, as TZif's `utoff` does.
 */

const DAY_S = 86_400;

/** The day a rule changes on: `Jn` (1–365, never Feb 29), `n` (0–365) or `Mm.w.d`. */
type RuleDate = { kind: "julian"; day: number } | { kind: "zero-based"; day: number } | { kind: "month"; month: number; week: number; weekday: number };

interface Rule {
  date: RuleDate;
  /** Local time of day of the change, in seconds; may be negative or past 24 h (RFC 8536 §3.3.1). */
  time: number;
}

/** A parsed POSIX TZ string: a standard offset and, optionally, a daylight offset with its start and end rules. */
export interface PosixTz {
  /** Standard time, seconds east of UTC. */
  std: number;
  /** Daylight time, seconds east of UTC, with the rules that start and end it. */
  dst?: { offset: number; start: Rule; end: Rule };
}

/** A cursor over the string; every reader returns undefined on malformed input. */
class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  name(): boolean {
    const s = this.s;
    if (s[this.i] === "<") {
      const close = s.indexOf(">", this.i);
      if (close < 0 || !/^[A-Za-z0-9+-]{3,}$/.test(s.slice(this.i + 1, close))) return false;
      this.i = close + 1;
      return true;
    }
    const m = /^[A-Za-z]{3,}/.exec(s.slice(this.i));
    if (!m) return false;
    this.i += m[0].length;
    return true;
  }

  /** `[+-]hh[:mm[:ss]]` in seconds, with hours up to `maxHours`. */
  hms(maxHours: number): number | undefined {
    const m = /^([+-]?)(\d{1,3})(?::(\d{2})(?::(\d{2}))?)?/.exec(this.s.slice(this.i));
    if (!m) return undefined;
    const [h, mi, se] = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
    if (h > maxHours || mi > 59 || se > 59) return undefined;
    this.i += m[0].length;
    return (m[1] === "-" ? -1 : 1) * (h * 3600 + mi * 60 + se);
  }

  rule(): Rule | undefined {
    const s = this.s.slice(this.i);
    let date: RuleDate;
    let m: RegExpExecArray | null;
    if ((m = /^M(\d{1,2})\.(\d)\.(\d)/.exec(s))) {
      const [month, week, weekday] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (month < 1 || month > 12 || week < 1 || week > 5 || weekday > 6) return undefined;
      date = { kind: "month", month, week, weekday };
    } else if ((m = /^J(\d{1,3})/.exec(s))) {
      const day = Number(m[1]);
      if (day < 1 || day > 365) return undefined;
      date = { kind: "julian", day };
    } else if ((m = /^(\d{1,3})/.exec(s))) {
      const day = Number(m[1]);
      if (day > 365) return undefined;
      date = { kind: "zero-based", day };
    } else {
      return undefined;
    }
    this.i += m[0].length;
    let time = 7200; // 02:00:00 unless given
    if (this.s[this.i] === "/") {
      this.i++;
      const t = this.hms(167);
      if (t === undefined) return undefined;
      time = t;
    }
    return { date, time };
  }
}

/**
 * Parses a POSIX TZ string; undefined when it is malformed or leaves the
 * rules to the implementation (daylight time named without rules).
 * @example parsePosixTz("EST5EDT,M3.2.0,M11.1.0") // { std: -18000, dst: { offset: -14400, … } }
 */
export function parsePosixTz(s: string): PosixTz | undefined {
  const sc = new Scanner(s);
  if (!sc.name()) return undefined;
  const west = sc.hms(24);
  if (west === undefined) return undefined;
  const std = 0 - west; // never -0
  if (sc.i === s.length) return { std };
  if (!sc.name()) return undefined;
  let offset = std + 3600;
  if (sc.i < s.length && s[sc.i] !== ",") {
    const dstWest = sc.hms(24);
    if (dstWest === undefined) return undefined;
    offset = 0 - dstWest;
  }
  if (s[sc.i] !== ",") return undefined;
  sc.i++;
  const start = sc.rule();
  if (start === undefined || s[sc.i] !== ",") return undefined;
  sc.i++;
  const end = sc.rule();
  if (end === undefined || sc.i !== s.length) return undefined;
  return { std, dst: { offset, start, end } };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days since the epoch of the day `date` names in `year`. */
function ruleDay(year: number, date: RuleDate): number {
  const jan1 = Date.UTC(year, 0, 1) / (DAY_S * 1000);
  switch (date.kind) {
    case "julian":
      return jan1 + date.day - 1 + (isLeap(year) && date.day >= 60 ? 1 : 0);
    case "zero-based":
      return jan1 + date.day;
    case "month": {
      const first = Date.UTC(year, date.month - 1, 1) / (DAY_S * 1000);
      const firstWeekday = (((first + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      let day = first + ((date.weekday - firstWeekday + 7) % 7) + (date.week - 1) * 7;
      const next = Date.UTC(year, date.month, 1) / (DAY_S * 1000);
      while (day >= next) day -= 7; // week 5 means the last such weekday
      return day;
    }
  }
}

/**
 * The UTC offset (seconds east) in effect at `t` (seconds since the epoch).
 * The start rule's time is local standard time and the end rule's local
 * daylight time (POSIX); a year's daylight period may run into the next.
 */
export function posixOffset(tz: PosixTz, t: number): number {
  const dst = tz.dst;
  if (dst === undefined) return tz.std;
  const year = new Date(t * 1000).getUTCFullYear();
  const start = (y: number) => ruleDay(y, dst.start.date) * DAY_S + dst.start.time - tz.std;
  const end = (y: number) => ruleDay(y, dst.end.date) * DAY_S + dst.end.time - dst.offset;
  for (const y of [year - 1, year, year + 1]) {
    const s = start(y);
    let e = end(y);
    if (e <= s) e = end(y + 1); // southern hemisphere: daylight time spans the new year
    if (s <= t && t < e) return dst.offset;
  }
  return tz.std;
}
