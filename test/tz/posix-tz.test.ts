import { describe, expect, test } from "bun:test";
import { parsePosixTz, posixOffset } from "../../src/tz/posix-tz.ts";

const H = 3600;
const at = (iso: string) => Date.parse(iso) / 1000;

describe("parsePosixTz", () => {
  const valid: [string, number, number | undefined][] = [
    ["EST5EDT,M3.2.0,M11.1.0", -5 * H, -4 * H],
    ["CET-1CEST,M3.5.0,M10.5.0/3", 1 * H, 2 * H],
    ["<+0530>-5:30", 5.5 * H, undefined],
    ["<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", -3 * H, -2 * H], // America/Nuuk: negative rule times (RFC 8536 §3.3.1)
    ["IST-1GMT0,M10.5.0,M3.5.0/1", 1 * H, 0], // Europe/Dublin: "negative" daylight time in winter
    ["<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", 12.75 * H, 13.75 * H],
    ["<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 10.5 * H, 11 * H],
    ["EST5EDT,0/0,J365/25", -5 * H, -4 * H], // daylight time all year
    ["UTC0", 0, undefined],
    ["<+14>-14", 14 * H, undefined],
    ["AAA-1:02:03", 1 * H + 2 * 60 + 3, undefined],
  ];
  for (const [s, std, dst] of valid) {
    test(`reads "${s}"`, () => {
      const tz = parsePosixTz(s);
      expect(tz?.std).toBe(std);
      expect(tz?.dst?.offset).toBe(dst);
    });
  }

  const invalid = [
    "",
    "EST",
    "5",
    "ES5",
    "EST5EDT", // daylight time without rules: left to the implementation
    "EST5EDT,M3.2.0",
    "EST5EDT,M13.2.0,M11.1.0",
    "EST5EDT,M3.6.0,M11.1.0",
    "EST5EDT,M3.2.7,M11.1.0",
    "EST5EDT,J0,J365",
    "EST5EDT,366,1",
    "EST5EDT,M3.2.0/168,M11.1.0",
    "EST25",
    "EST5:60",
    "<+05",
    "<+5>-5",
    "EST5EDT,M3.2.0,M11.1.0 junk",
  ];
  for (const s of invalid) {
    test(`refuses "${s}"`, () => {
      expect(parsePosixTz(s)).toBeUndefined();
    });
  }
});

describe("posixOffset", () => {
  // [zone string, instant, offset in hours]: one second either side of each change.
  const cases: [string, string, string, number][] = [
    ["New York, spring forward at 02:00 EST", "EST5EDT,M3.2.0,M11.1.0", "2025-03-09T06:59:59Z", -5],
    ["New York, spring forward at 02:00 EST", "EST5EDT,M3.2.0,M11.1.0", "2025-03-09T07:00:00Z", -4],
    ["New York, fall back at 02:00 EDT", "EST5EDT,M3.2.0,M11.1.0", "2025-11-02T05:59:59Z", -4],
    ["New York, fall back at 02:00 EDT", "EST5EDT,M3.2.0,M11.1.0", "2025-11-02T06:00:00Z", -5],
    ["Chatham, daylight time ends on the first Sunday of April", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", "2025-04-05T13:59:59Z", 13.75],
    ["Chatham, daylight time ends on the first Sunday of April", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", "2025-04-05T14:00:00Z", 12.75],
    ["Chatham, daylight time starts on the last Sunday of September", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", "2025-09-27T13:59:59Z", 12.75],
    ["Chatham, daylight time starts on the last Sunday of September", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", "2025-09-27T14:00:00Z", 13.75],
    ["Chatham, across the new year", "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", "2025-12-31T23:59:59Z", 13.75],
    ["Lord Howe, half-hour daylight time ends", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2025-04-05T14:59:59Z", 11],
    ["Lord Howe, half-hour daylight time ends", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2025-04-05T15:00:00Z", 10.5],
    ["Lord Howe, half-hour daylight time starts", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2025-10-04T15:29:59Z", 10.5],
    ["Lord Howe, half-hour daylight time starts", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2025-10-04T15:30:00Z", 11],
    ["Nuuk, negative rule time", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "2025-03-30T00:59:59Z", -3],
    ["Nuuk, negative rule time", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "2025-03-30T01:00:00Z", -2],
    ["Dublin, winter time is the daylight time", "IST-1GMT0,M10.5.0,M3.5.0/1", "2025-01-15T12:00:00Z", 0],
    ["Dublin, summer time is the standard time", "IST-1GMT0,M10.5.0,M3.5.0/1", "2025-07-15T12:00:00Z", 1],
    ["all-year daylight time, just before the new year", "EST5EDT,0/0,J365/25", "2025-12-31T23:30:00Z", -4],
    ["all-year daylight time, just after the new year", "EST5EDT,0/0,J365/25", "2026-01-01T04:30:00Z", -4],
    ["Jn never counts February 29: J60 is March 1", "AAA0BBB,J60/0,J300/0", "2024-02-29T23:59:59Z", 0],
    ["Jn never counts February 29: J60 is March 1", "AAA0BBB,J60/0,J300/0", "2024-03-01T00:00:00Z", 1],
    ["n counts February 29: 59 is February 29 in a leap year", "AAA0BBB,59/0,300/0", "2024-02-29T00:00:00Z", 1],
    ["n counts February 29: 59 is March 1 otherwise", "AAA0BBB,59/0,300/0", "2025-02-28T23:59:59Z", 0],
    ["a fixed offset", "<+0530>-5:30", "2025-06-01T00:00:00Z", 5.5],
  ];
  for (const [what, s, iso, hours] of cases) {
    test(`${what}: ${iso} is UTC${hours >= 0 ? "+" : ""}${hours}`, () => {
      expect(posixOffset(parsePosixTz(s)!, at(iso))).toBe(hours * H);
    });
  }
});
