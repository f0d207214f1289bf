/**
 * The local time zone without the engine's ICU: the built-in Date's first
 * local-time call initialises ICU's time-zone support, which costs several
 * milliseconds even under TZ=UTC. This resolves the zone the way the C
 * library does — `$TZ` naming a zone under the zoneinfo directory, else
 * /etc/localtime — and reads its TZif file directly. Whatever this cannot
 * handle (a POSIX rule or an absolute path in `$TZ`, an unknown zone, a
 * damaged file, another platform) is left to the built-in Date, so results
 * never differ from Date's except where the two zone databases do.
 */

import { readFile } from "../sys/index.ts";
import { parseTzif } from "./tzif.ts";

/** A time zone: the UTC offset in effect at an instant. */
export interface Zone {
  /** Milliseconds to add to the UTC time `ms` (milliseconds since the epoch) to get local time. */
  offsetAt(ms: number): number;
}

/** Coordinated Universal Time. */
export const UTC: Zone = { offsetAt: () => 0 };

/**
 * The built-in Date's local time zone (ICU's, initialised on first use). Read
 * from the local fields, not getTimezoneOffset, which truncates offsets such as
 * Paris's 1911 local mean time (+0:09:21) to whole minutes.
 */
export const SYSTEM: Zone = {
  offsetAt(ms: number): number {
    const d = new Date(ms);
    const local = new Date(0);
    local.setUTCFullYear(d.getFullYear(), d.getMonth(), d.getDate()); // setUTCFullYear, not Date.UTC: years 0–99 stay as they are
    local.setUTCHours(d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
    return local.getTime() - ms;
  },
};

/** Where localZone looks; the defaults are the process's own. */
export interface LocalZoneOptions {
  /** The value of `$TZ`, undefined when unset. */
  tz?: string | undefined;
  /** Default "/usr/share/zoneinfo". */
  zoneinfo?: string;
  /** The zone file used when `$TZ` is unset. Default "/etc/localtime". */
  localtime?: string;
  /** Default process.platform; only "linux" and "darwin" keep zone files where we look. */
  platform?: string;
}

/** Names of UTC itself, with or without the zone files (glibc reads an empty name as UTC too). */
const UTC_NAMES = new Set(["", "UTC", "UTC0", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Universal", "Zulu", "Greenwich"]);

/** A zone name that stays inside the zoneinfo directory: no absolute path, no "." or ".." component. */
const ZONE_NAME = /^[A-Za-z0-9_+-][A-Za-z0-9_+.-]*(?:\/[A-Za-z0-9_+-][A-Za-z0-9_+.-]*)*$/;

/** The zone file `$TZ` names, UTC, or undefined when only the built-in Date can interpret it. */
function zoneFile(tz: string | undefined, options: LocalZoneOptions): string | typeof UTC | undefined {
  if (tz === undefined) return options.localtime ?? "/etc/localtime";
  const name = tz.startsWith(":") ? tz.slice(1) : tz;
  if (UTC_NAMES.has(name.startsWith("Etc/") ? name.slice(4) : name)) return UTC;
  if (!ZONE_NAME.test(name)) return undefined;
  return `${options.zoneinfo ?? "/usr/share/zoneinfo"}/${name}`;
}

/**
 * The local time zone. The zone file is read through src/sys: synchronous,
 * without the first import of node:fs (about a millisecond of start-up) on
 * Linux, or a round trip through Bun's I/O threads.
 * @example localZone({ tz: process.env.TZ }).offsetAt(Date.now()) // 3_600_000 in Paris in winter
 */
export function localZone(options: LocalZoneOptions = {}): Zone {
  const platform = options.platform ?? process.platform;
  if (platform !== "linux" && platform !== "darwin") return SYSTEM;
  const file = zoneFile(options.tz, options);
  if (file === undefined) return SYSTEM;
  if (typeof file !== "string") return file;
  try {
    const zone = parseTzif(readFile(file));
    return {
      offsetAt(ms: number): number {
        const s = zone.offsetAt(Math.floor(ms / 1000));
        return s === undefined ? SYSTEM.offsetAt(ms) : s * 1000;
      },
    };
  } catch {
    return SYSTEM;
  }
}
