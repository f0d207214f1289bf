import { describe, expect, test } from "bun:test";
import { dayOf, formatLongDay, formatShortDay, isoDay, localDay, parseDate } from "../../src/task/due-date.ts";

// Friday 10 January 2025, 14:30 local time: every expectation holds in any time zone.
const now = new Date(2025, 0, 10, 14, 30);
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

describe("parseDate", () => {
  const valid: [string, number][] = [
    ["2025-01-15", day(2025, 1, 15)],
    ["2024-02-29", day(2024, 2, 29)],
    ["today", day(2025, 1, 10)],
    ["TODAY", day(2025, 1, 10)],
    [" tomorrow ", day(2025, 1, 11)],
    ["+0d", day(2025, 1, 10)],
    ["+3d", day(2025, 1, 13)],
    ["+2w", day(2025, 1, 24)],
    ["+30d", day(2025, 2, 9)],
    ["monday", day(2025, 1, 13)],
    ["mon", day(2025, 1, 13)],
    ["thursday", day(2025, 1, 16)],
    ["thu", day(2025, 1, 16)],
    ["Saturday", day(2025, 1, 11)],
    ["friday", day(2025, 1, 17)], // today is a Friday: the next one is a week away
    ["fri", day(2025, 1, 17)],
    ["sun", day(2025, 1, 12)],
  ];
  for (const [input, want] of valid) {
    test(`reads "${input}" as ${new Date(want).toISOString().slice(0, 10)}`, () => {
      expect(parseDate(input, now)).toEqual({ ok: true, day: want });
    });
  }

  const invalid = ["", "2025-13-45", "2025-02-30", "2023-02-29", "2025-1-5", "25-01-15", "0099-01-01", "yesterday", "+3", "3d", "-3d", "+3m", "next week", "mo", "frid", "2025-01-15T00:00:00Z", "+999999d"];
  for (const input of invalid) {
    test(`rejects "${input}"`, () => {
      expect(parseDate(input, now)).toEqual({ ok: false });
    });
  }

  test("counts relative dates from the local calendar day, not the UTC one", () => {
    const lateEvening = new Date(2025, 0, 10, 23, 59);
    expect(parseDate("tomorrow", lateEvening)).toEqual({ ok: true, day: day(2025, 1, 11) });
  });
});

describe("formatting days", () => {
  test("formatLongDay gives month, day and year as in the task table", () => {
    expect(formatLongDay(day(2025, 1, 15))).toBe("Jan 15 2025");
    expect(formatLongDay(day(2024, 12, 1))).toBe("Dec 1 2024");
  });

  test("formatShortDay omits the year when it is the current one", () => {
    expect(formatShortDay(day(2025, 1, 15), day(2025, 1, 10))).toBe("Jan 15");
    expect(formatShortDay(day(2026, 3, 2), day(2025, 1, 10))).toBe("Mar 2 2026");
  });

  test("isoDay stores a day as its UTC midnight", () => {
    expect(isoDay(day(2025, 1, 15))).toBe("2025-01-15T00:00:00Z");
  });

  test("dayOf reads stored dates and times back to their UTC calendar day", () => {
    expect(dayOf("2025-01-15T00:00:00Z")).toBe(day(2025, 1, 15));
    expect(dayOf("2025-01-15")).toBe(day(2025, 1, 15));
    expect(dayOf("2025-01-15T23:59:59Z")).toBe(day(2025, 1, 15));
    expect(dayOf("1969-12-31T12:00:00Z")).toBe(day(1969, 12, 31));
  });

  test("localDay is the calendar date of the local time", () => {
    expect(localDay(new Date(2025, 0, 10, 0, 0))).toBe(day(2025, 1, 10));
    expect(localDay(new Date(2025, 0, 10, 23, 59))).toBe(day(2025, 1, 10));
  });
});

describe("local days in a given zone", () => {
  const fixed = (hours: number) => ({ offsetAt: () => hours * 3_600_000 });
  const cases: [string, number, number][] = [
    ["2025-01-10T03:00:00Z", -5, day(2025, 1, 9)],
    ["2025-01-10T05:00:00Z", -5, day(2025, 1, 10)],
    ["2025-01-10T10:59:59Z", 13, day(2025, 1, 10)],
    ["2025-01-10T11:00:00Z", 13, day(2025, 1, 11)],
    ["2025-01-10T18:29:59Z", 5.5, day(2025, 1, 10)],
    ["2025-01-10T18:30:00Z", 5.5, day(2025, 1, 11)],
    ["1969-12-31T20:00:00Z", 5, day(1970, 1, 1)], // before the epoch, where % is negative
    ["1969-12-31T20:00:00Z", -5, day(1969, 12, 31)],
  ];
  for (const [iso, hours, want] of cases) {
    test(`localDay of ${iso} at UTC${hours >= 0 ? "+" : ""}${hours} is ${new Date(want).toISOString().slice(0, 10)}`, () => {
      expect(localDay(new Date(iso), fixed(hours))).toBe(want);
    });
  }

  test("parseDate counts relative dates from the zone's day", () => {
    const t = new Date("2025-01-10T23:30:00Z");
    expect(parseDate("today", t, { zone: fixed(0) })).toEqual({ ok: true, day: day(2025, 1, 10) });
    expect(parseDate("today", t, { zone: fixed(1) })).toEqual({ ok: true, day: day(2025, 1, 11) });
    expect(parseDate("tomorrow", t, { zone: fixed(-8) })).toEqual({ ok: true, day: day(2025, 1, 11) });
    expect(parseDate("sat", t, { zone: fixed(1) })).toEqual({ ok: true, day: day(2025, 1, 18) }); // Saturday the 11th locally: the next one
  });
});
