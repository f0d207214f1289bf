/**
 * git's --date modes (date.c: parse_date_format, show_date): default, iso,
 * iso-strict, rfc, short, raw, unix, relative, human and format:<strftime>,
 * each with a -local variant (the time in $TZ's zone), "local" for
 * default-local and auto:<mode>. "Now" for relative and human dates is the
 * clock, or GIT_TEST_DATE_NOW as git reads it, so tests can fix it.
 */
import { fatal } from "./errors.ts";
import { localTz, tzMinutes } from "./dates.ts";

/** A parsed --date mode. */
export interface DateMode {
  type: "default" | "iso" | "iso-strict" | "rfc" | "short" | "raw" | "unix" | "relative" | "human" | "format";
  local: boolean;
  strftime?: string;
}

const TYPES: [string, DateMode["type"]][] = [
  ["relative", "relative"], ["iso8601-strict", "iso-strict"], ["iso-strict", "iso-strict"], ["iso8601", "iso"], ["iso", "iso"], ["rfc2822", "rfc"], ["rfc", "rfc"],
  ["short", "short"], ["default", "default"], ["human", "human"], ["raw", "raw"], ["unix", "unix"], ["format", "format"],
];

/** parse_date_format: the mode a --date value names; git's fatal error for one it does not know. */
export function parseDateMode(value: string, stdoutIsTty = false): DateMode {
  let format = value;
  if (format.startsWith("auto:")) format = stdoutIsTty ? format.slice(5) : "default";
  if (format === "local") format = "default-local";
  const hit = TYPES.find(([name]) => format.startsWith(name));
  if (!hit) throw fatal(`unknown date format ${value}`);
  let rest = format.slice(hit[0].length);
  const local = rest.startsWith("-local");
  if (local) rest = rest.slice(6);
  if (hit[1] === "format") {
    if (!rest.startsWith(":")) throw fatal(`date format missing colon separator: ${value}`);
    return { type: "format", local, strftime: rest.slice(1) };
  }
  if (rest !== "") throw fatal(`unknown date format ${value}`);
  return { type: hit[1], local };
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The broken-down time (struct tm) of `time` seen at offset `minutes`. */
interface Tm {
  year: number;
  mon: number;
  mday: number;
  hour: number;
  min: number;
  sec: number;
  wday: number;
  yday: number;
}

function tmOf(time: number, minutes: number): Tm {
  const d = new Date((time + minutes * 60) * 1000);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    mon: d.getUTCMonth(),
    mday: d.getUTCDate(),
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
    wday: d.getUTCDay(),
    yday: Math.floor((d.getTime() - start) / 86_400_000),
  };
}

/** "Now" as git's get_time sees it: GIT_TEST_DATE_NOW when set. */
export function gitNow(env: Record<string, string | undefined> = process.env): number {
  const fixed = env.GIT_TEST_DATE_NOW;
  return fixed !== undefined ? Number.parseInt(fixed, 10) || 0 : Math.floor(Date.now() / 1000);
}

const pad = (n: number, w = 2, c = "0") => String(n).padStart(w, c);
const sign = (minutes: number) => `${minutes < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** show_date_relative: "3 hours ago", "2 years, 1 month ago", "in the future". */
export function relativeDate(time: number, now: number): string {
  if (now < time) return "in the future";
  let diff = now - time;
  if (diff < 90) return `${plural(diff, "second")} ago`;
  diff = Math.floor((diff + 30) / 60);
  if (diff < 90) return `${plural(diff, "minute")} ago`;
  diff = Math.floor((diff + 30) / 60);
  if (diff < 36) return `${plural(diff, "hour")} ago`;
  diff = Math.floor((diff + 12) / 24);
  if (diff < 14) return `${plural(diff, "day")} ago`;
  if (diff < 70) return `${plural(Math.floor((diff + 3) / 7), "week")} ago`;
  if (diff < 365) return `${plural(Math.floor((diff + 15) / 30), "month")} ago`;
  if (diff < 1825) {
    const total = Math.floor((diff * 12 * 2 + 365) / (365 * 2));
    const years = Math.floor(total / 12);
    const months = total % 12;
    return months ? `${plural(years, "year")}, ${plural(months, "month")} ago` : `${plural(years, "year")} ago`;
  }
  return `${plural(Math.floor((diff + 183) / 365), "year")} ago`;
}

/** ISO 8601 week-based year and week of `tm` (for %G, %g, %V). */
function isoWeek(tm: Tm): { year: number; week: number } {
  const wday = (tm.wday + 6) % 7; // Monday = 0
  let year = tm.year;
  let week = Math.floor((tm.yday - wday + 10) / 7);
  const weeksIn = (y: number) => {
    const jan1 = new Date(Date.UTC(y, 0, 1)).getUTCDay();
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
  };
  if (week < 1) {
    year--;
    week = weeksIn(year);
  } else if (week > weeksIn(year)) {
    year++;
    week = 1;
  }
  return { year, week };
}

/** strbuf_addftime: strftime in the C locale, with %z the date's own offset, %Z empty unless local, %s the epoch seconds. */
function strftime(fmt: string, tm: Tm, time: number, minutes: number, local: boolean, tzName: string | undefined): string {
  const f = (c: string): string => {
    switch (c) {
      case "a": return DAYS[tm.wday]!.slice(0, 3);
      case "A": return DAYS[tm.wday]!;
      case "b": case "h": return MONTHS[tm.mon]!.slice(0, 3);
      case "B": return MONTHS[tm.mon]!;
      case "c": return `${f("a")} ${f("b")} ${pad(tm.mday, 2, " ")} ${f("T")} ${tm.year}`;
      case "C": return pad(Math.floor(tm.year / 100));
      case "d": return pad(tm.mday);
      case "D": return `${f("m")}/${f("d")}/${f("y")}`;
      case "e": return pad(tm.mday, 2, " ");
      case "F": return `${tm.year}-${f("m")}-${f("d")}`;
      case "G": return String(isoWeek(tm).year);
      case "g": return pad(isoWeek(tm).year % 100);
      case "H": return pad(tm.hour);
      case "I": return pad(tm.hour % 12 || 12);
      case "j": return pad(tm.yday + 1, 3);
      case "k": return pad(tm.hour, 2, " ");
      case "l": return pad(tm.hour % 12 || 12, 2, " ");
      case "m": return pad(tm.mon + 1);
      case "M": return pad(tm.min);
      case "n": return "\n";
      case "p": return tm.hour < 12 ? "AM" : "PM";
      case "P": return tm.hour < 12 ? "am" : "pm";
      case "r": return `${f("I")}:${f("M")}:${f("S")} ${f("p")}`;
      case "R": return `${f("H")}:${f("M")}`;
      case "s": return String(time);
      case "S": return pad(tm.sec);
      case "t": return "\t";
      case "T": return `${f("H")}:${f("M")}:${f("S")}`;
      case "u": return String(tm.wday || 7);
      case "U": return pad(Math.floor((tm.yday + 7 - tm.wday) / 7));
      case "V": return pad(isoWeek(tm).week);
      case "w": return String(tm.wday);
      case "W": return pad(Math.floor((tm.yday + 7 - ((tm.wday + 6) % 7)) / 7));
      case "x": return f("D");
      case "X": return f("T");
      case "y": return pad(tm.year % 100);
      case "Y": return String(tm.year);
      case "z": return sign(minutes);
      case "Z": return local ? zoneAbbreviation(time, tzName) : "";
      case "%": return "%";
    }
    return `%${c}`;
  };
  return fmt.replace(/%(.)/gs, (_, c: string) => f(c));
}

/**
 * The zone's abbreviation at `time` (%Z of a -local format), as ICU names it:
 * US English names American zones (EST), British English European ones (CET);
 * "GMT+1"-style names only where neither has one.
 */
function zoneAbbreviation(time: number, tzName: string | undefined): string {
  let name = "UTC";
  for (const locale of ["en-US", "en-GB"]) {
    try {
      const part = new Intl.DateTimeFormat(locale, { timeZone: tzName || "UTC", timeZoneName: "short" }).formatToParts(new Date(time * 1000)).find((p) => p.type === "timeZoneName");
      if (part) name = part.value;
    } catch {
      return "UTC";
    }
    if (!/^GMT[+-]/.test(name)) break;
  }
  return name;
}

/** show_date: a date (seconds, and its "+hhmm" zone) in `mode`. */
export function showDate(time: number, tz: string, mode: DateMode, env: Record<string, string | undefined> = process.env): string {
  if (mode.type === "unix") return String(time);
  const tzName = env.TZ;
  let minutes = mode.local ? tzMinutes(localTz(time, tzName)) : tzMinutes(tz);
  if (mode.type === "raw") return `${time} ${sign(minutes)}`;
  if (mode.type === "relative") return relativeDate(time, gitNow(env));
  const tm = tmOf(time, minutes);
  const date = `${tm.year}-${pad(tm.mon + 1)}-${pad(tm.mday)}`;
  const clock = `${pad(tm.hour)}:${pad(tm.min)}:${pad(tm.sec)}`;
  switch (mode.type) {
    case "short":
      return date;
    case "iso":
      return `${date} ${clock} ${sign(minutes)}`;
    case "iso-strict":
      // (git 2.39 writes +00:00 for UTC; "Z" came later.)
      return `${date}T${clock}${minutes < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
    case "rfc":
      return `${DAYS[tm.wday]!.slice(0, 3)}, ${tm.mday} ${MONTHS[tm.mon]!.slice(0, 3)} ${tm.year} ${clock} ${sign(minutes)}`;
    case "format":
      return strftime(mode.strftime!, tm, time, minutes, mode.local, tzName);
  }
  // show_date_normal, for default and human.
  const hide = { year: false, date: false, wday: false, time: false, seconds: false, tz: mode.local };
  if (mode.type === "human") {
    const now = gitNow(env);
    const humanMinutes = tzMinutes(localTz(now, tzName));
    const human = tmOf(now, humanMinutes);
    hide.tz ||= minutes === humanMinutes;
    hide.year = tm.year === human.year;
    if (hide.year && tm.mon === human.mon) {
      if (tm.mday > human.mday) {
        // A future date: think time zones.
      } else if (tm.mday === human.mday) hide.date = hide.wday = true;
      else if (tm.mday + 5 > human.mday) hide.date = true;
    }
    if (hide.wday) return relativeDate(time, now);
    hide.seconds = true;
    hide.tz ||= !hide.date;
    hide.wday = hide.time = !hide.year;
  }
  let out = "";
  if (!hide.wday) out += `${DAYS[tm.wday]!.slice(0, 3)} `;
  if (!hide.date) out += `${MONTHS[tm.mon]!.slice(0, 3)} ${tm.mday} `;
  if (!hide.time) out += `${pad(tm.hour)}:${pad(tm.min)}${hide.seconds ? "" : `:${pad(tm.sec)}`}`;
  else out = out.trimEnd();
  if (!hide.year) out += ` ${tm.year}`;
  if (!hide.tz) out += ` ${sign(minutes)}`;
  return out;
}
