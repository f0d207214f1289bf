/**
 * @module
 * Time zones without the engine's ICU: the local zone resolved as the C
 * library does (`$TZ`, else /etc/localtime) and read from its TZif file
 * (RFC 8536), including the footer's POSIX TZ rule for times after the last
 * transition. Falls back to the built-in Date for anything it cannot read.
 *
 * @example
 * const zone = localZone({ tz: process.env.TZ });
 * const local = new Date(Date.now() + zone.offsetAt(Date.now())); // read with getUTC*()
 */

export { SYSTEM, UTC, localZone, type LocalZoneOptions, type Zone } from "./local-zone.ts";
export { TzifError, parseTzif, type TzifZone } from "./tzif.ts";
export { parsePosixTz, posixOffset, type PosixTz } from "./posix-tz.ts";
