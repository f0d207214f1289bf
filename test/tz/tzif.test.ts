import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { TzifError, parseTzif } from "../../src/tz/tzif.ts";
import { haveFile } from "../support/require.ts";

const H = 3600;
const at = (iso: string) => Date.parse(iso) / 1000;

interface Spec {
  /** 0 for version 1, else 2, 3 or 4. */
  version?: number;
  transitions?: [time: number, type: number][];
  /** [utoff, isdst] */
  types?: [number, number][];
  /** The footer's TZ string (versions 2+). */
  footer?: string;
  leapcnt?: number;
  /** Give the version 1 block these (wrong) types, to show that only the 64-bit block is read. */
  v1types?: [number, number][];
}

/** A TZif file as RFC 8536 lays it out. */
function tzif({ version = 2, transitions = [], types = [[0, 0]], footer = "", leapcnt = 0, v1types }: Spec): Uint8Array {
  const out: number[] = [];
  const u8 = (n: number) => out.push(n & 0xff);
  const i32 = (n: number) => [24, 16, 8, 0].forEach((s) => u8(n >> s));
  const i64 = (n: number) => {
    i32(Math.floor(n / 2 ** 32));
    i32(n >>> 0);
  };
  const block = (timeSize: 4 | 8, tys: [number, number][]) => {
    for (const c of "TZif") u8(c.charCodeAt(0));
    u8(version === 0 ? 0 : 0x30 + version);
    for (let i = 0; i < 15; i++) u8(0);
    const chars = "LMT\0";
    [0, 0, leapcnt, transitions.length, tys.length, chars.length].forEach(i32);
    for (const [t] of transitions) (timeSize === 8 ? i64 : i32)(t);
    for (const [, type] of transitions) u8(type);
    for (const [utoff, isdst] of tys) {
      i32(utoff);
      u8(isdst);
      u8(0);
    }
    for (const c of chars) u8(c.charCodeAt(0));
    for (let i = 0; i < leapcnt; i++) {
      (timeSize === 8 ? i64 : i32)(78796800 + i);
      i32(i + 1);
    }
  };
  block(4, version === 0 ? types : (v1types ?? types));
  if (version !== 0) {
    block(8, types);
    for (const c of `\n${footer}\n`) u8(c.charCodeAt(0));
  }
  return new Uint8Array(out);
}

describe("parseTzif", () => {
  const transitions: [number, number][] = [
    [at("2000-01-01T00:00:00Z"), 1],
    [at("2010-01-01T00:00:00Z"), 2],
  ];
  const types: [number, number][] = [[-17762, 0], [3 * H, 0], [-2 * H, 1]];

  for (const version of [0, 2, 3, 4]) {
    test(`version ${version || 1}: time type 0 before the first transition, then each transition's type`, () => {
      const zone = parseTzif(tzif({ version, transitions, types, v1types: [[99, 0], [99, 0], [99, 0]] }));
      expect(zone.offsetAt(at("1999-12-31T23:59:59Z"))).toBe(-17762);
      expect(zone.offsetAt(at("2000-01-01T00:00:00Z"))).toBe(3 * H);
      expect(zone.offsetAt(at("2009-12-31T23:59:59Z"))).toBe(3 * H);
      expect(zone.offsetAt(at("2010-01-01T00:00:00Z"))).toBe(-2 * H);
      expect(zone.offsetAt(at("2050-01-01T00:00:00Z"))).toBe(-2 * H); // no footer: the last type stays
    });
  }

  test("reads 64-bit transition times beyond 2038", () => {
    const zone = parseTzif(tzif({ transitions: [[at("2100-01-01T00:00:00Z"), 1]], types: [[0, 0], [H, 0]] }));
    expect(zone.offsetAt(at("2099-12-31T23:59:59Z"))).toBe(0);
    expect(zone.offsetAt(at("2100-01-01T00:00:00Z"))).toBe(H);
  });

  test("applies the footer's rule after the last transition", () => {
    const zone = parseTzif(tzif({ transitions: [[at("2000-01-01T00:00:00Z"), 1]], types: [[0, 0], [-5 * H, 0]], footer: "EST5EDT,M3.2.0,M11.1.0" }));
    expect(zone.offsetAt(at("1999-07-01T00:00:00Z"))).toBe(0);
    expect(zone.offsetAt(at("2025-01-15T00:00:00Z"))).toBe(-5 * H);
    expect(zone.offsetAt(at("2025-07-15T00:00:00Z"))).toBe(-4 * H);
  });

  test("applies the footer to all times when there are no transitions", () => {
    const zone = parseTzif(tzif({ types: [[-5 * H, 0]], footer: "EST5EDT,M3.2.0,M11.1.0" }));
    expect(zone.offsetAt(at("1990-07-15T00:00:00Z"))).toBe(-4 * H);
    expect(parseTzif(tzif({ types: [[7 * H, 0]] })).offsetAt(0)).toBe(7 * H); // empty footer: time type 0
  });

  test("cannot say past the last transition when the footer is beyond it", () => {
    const zone = parseTzif(tzif({ transitions: [[at("2000-01-01T00:00:00Z"), 1]], types: [[0, 0], [H, 0]], footer: "EST5EDT" }));
    expect(zone.offsetAt(at("1999-01-01T00:00:00Z"))).toBe(0);
    expect(zone.offsetAt(at("2025-01-01T00:00:00Z"))).toBeUndefined();
  });

  const bad: [string, Uint8Array, string][] = [
    ["bad magic", new TextEncoder().encode("TZig2".padEnd(60, "\0")), "not a TZif file"],
    ["an unknown version", (() => { const b = tzif({}); b[4] = 0x39; return b; })(), "unknown TZif version 57"],
    ["a truncated version 1 file", tzif({ version: 0, transitions }).slice(0, 50), "TZif file truncated"],
    ["a truncated version 2 file", tzif({ transitions }).slice(0, 100), "TZif file truncated"],
    ["a short file", new TextEncoder().encode("TZ"), "TZif file truncated"],
    ["a version 2 file without its second header", (() => { const b = tzif({ transitions }); b[Buffer.from(b).indexOf("TZif", 4)] = 0x58; return b; })(), "TZif file damaged: no second header"],
    ["no footer", tzif({ transitions }).slice(0, -2), "TZif footer missing"],
    ["an unterminated footer", tzif({ footer: "UTC0" }).slice(0, -1), "TZif footer unterminated"],
    ["leap seconds", tzif({ leapcnt: 2 }), "TZif file with leap seconds"],
    ["no time types", tzif({ types: [] }), "TZif file without local time types"],
  ];
  for (const [what, bytes, message] of bad) {
    test(`refuses ${what}`, () => {
      expect(() => parseTzif(bytes)).toThrow(new TzifError(message));
    });
  }

  test.skipIf(!haveFile("/usr/share/zoneinfo/America/New_York"))("reads the system's America/New_York", () => {
    const zone = parseTzif(readFileSync("/usr/share/zoneinfo/America/New_York"));
    expect(zone.offsetAt(at("1883-11-18T16:59:59Z"))).toBe(-17762); // local mean time until railway time
    expect(zone.offsetAt(at("2025-01-15T12:00:00Z"))).toBe(-5 * H);
    expect(zone.offsetAt(at("2025-07-15T12:00:00Z"))).toBe(-4 * H);
    expect(zone.offsetAt(at("2525-07-15T12:00:00Z"))).toBe(-4 * H);
  });
});
