/**
 * Reading TZif files, the compiled zone files under /usr/share/zoneinfo
 * (RFC 8536). Versions 1–4 are read; from version 2 on only the 64-bit
 * data block and the footer's POSIX TZ string (used after the last
 * transition) are consulted. Files with leap-second records ("right/" zones)
 * are refused: their transition times do not count POSIX seconds.
 */

import { parsePosixTz, posixOffset, type PosixTz } from "./posix-tz.ts";

/** The bytes are not a TZif file we can use. */
export class TzifError extends Error {
  readonly code = "ERR_TZIF";
  override name = "TzifError";
}

/** A zone read from a TZif file. */
export interface TzifZone {
  /** The UTC offset (seconds east) in effect at `t` (seconds since the epoch), or undefined when the file cannot say. */
  offsetAt(t: number): number | undefined;
}

const HEADER = 44;
const MAGIC = 0x545a6966; // "TZif"

interface Counts {
  isutcnt: number;
  isstdcnt: number;
  leapcnt: number;
  timecnt: number;
  typecnt: number;
  charcnt: number;
}

/** The header at `off` (RFC 8536 §3.1). */
function header(v: DataView, off: number): { version: number; counts: Counts } {
  if (v.byteLength >= 4 && v.getUint32(0) !== MAGIC) throw new TzifError("not a TZif file");
  if (v.byteLength < off + HEADER) throw new TzifError("TZif file truncated");
  if (v.getUint32(off) !== MAGIC) throw new TzifError("TZif file damaged: no second header");
  const version = v.getUint8(off + 4);
  if (version !== 0 && (version < 0x32 || version > 0x34)) throw new TzifError(`unknown TZif version ${version}`);
  const n = (i: number) => v.getUint32(off + 20 + 4 * i);
  const counts = { isutcnt: n(0), isstdcnt: n(1), leapcnt: n(2), timecnt: n(3), typecnt: n(4), charcnt: n(5) };
  if (counts.typecnt === 0) throw new TzifError("TZif file without local time types");
  return { version: version === 0 ? 1 : version - 0x30, counts };
}

/** The size of a data block (RFC 8536 §3.2) whose times take `timeSize` bytes. */
function blockSize(c: Counts, timeSize: number): number {
  return c.timecnt * (timeSize + 1) + c.typecnt * 6 + c.charcnt + c.leapcnt * (timeSize + 4) + c.isstdcnt + c.isutcnt;
}

/**
 * Parses a TZif file.
 * @throws TzifError when the bytes are not a usable TZif file
 */
export function parseTzif(bytes: Uint8Array): TzifZone {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let { version, counts } = header(v, 0);
  let off = HEADER;
  let timeSize = 4;
  let footer: PosixTz | undefined | null = null; // null: no footer; undefined: one we cannot evaluate
  if (version >= 2) {
    off += blockSize(counts, 4);
    counts = header(v, off).counts;
    off += HEADER;
    timeSize = 8;
    const end = off + blockSize(counts, 8);
    if (bytes.length < end + 2 || bytes[end] !== 0x0a) throw new TzifError("TZif footer missing");
    const close = bytes.indexOf(0x0a, end + 1);
    if (close < 0) throw new TzifError("TZif footer unterminated");
    const tz = new TextDecoder().decode(bytes.subarray(end + 1, close));
    if (tz !== "") footer = parsePosixTz(tz);
  } else if (bytes.length < off + blockSize(counts, 4)) {
    throw new TzifError("TZif file truncated");
  }
  if (counts.leapcnt > 0) throw new TzifError("TZif file with leap seconds");

  const { timecnt, typecnt } = counts;
  const times = off;
  const indices = times + timecnt * timeSize;
  const types = indices + timecnt;
  const timeAt =
    timeSize === 8
      ? (i: number) => v.getInt32(times + 8 * i) * 4294967296 + v.getUint32(times + 8 * i + 4)
      : (i: number) => v.getInt32(times + 4 * i);
  const utoff = (type: number) => (type < typecnt ? v.getInt32(types + 6 * type) : undefined);

  return {
    offsetAt(t: number): number | undefined {
      // Before the first transition, time type 0 applies; after the last, the footer if there is one (RFC 8536 §3.2).
      if (timecnt === 0) return footer === null ? utoff(0) : footer && posixOffset(footer, t);
      if (t < timeAt(0)) return utoff(0);
      let lo = 0;
      let hi = timecnt - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (timeAt(mid) <= t) lo = mid;
        else hi = mid - 1;
      }
      if (lo === timecnt - 1 && footer !== null) return footer && posixOffset(footer, t);
      return utoff(v.getUint8(indices + lo));
    },
  };
}
