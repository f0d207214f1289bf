import { describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { SYSTEM, UTC, localZone } from "../../src/tz/local-zone.ts";
import { repoRoot, tempDir } from "../support/cli.ts";
import { haveFile } from "../support/require.ts";

const ZONEINFO = "/usr/share/zoneinfo";
const haveZones = haveFile(`${ZONEINFO}/America/New_York`);
const H = 3_600_000;
const summer = Date.parse("2025-07-15T12:00:00Z");

describe("localZone resolves $TZ as the C library does", () => {
  const none = { zoneinfo: "/nonexistent/zoneinfo", localtime: "/nonexistent/localtime", platform: "linux" };
  for (const tz of ["", ":", "UTC", ":UTC", "UTC0", "Etc/UTC", ":Etc/UTC", "GMT", "GMT0", "Etc/GMT+0", "UCT", "Universal", "Zulu"]) {
    test(`TZ="${tz}" is UTC, without reading a file`, () => {
      expect(localZone({ ...none, tz })).toBe(UTC);
    });
  }

  const system: [string, string][] = [
    ["a path out of the zoneinfo directory", "../../etc/passwd"],
    ["a path out of the zoneinfo directory, midway", "America/../../../etc/passwd"],
    ["a hidden file", "America/.hidden"],
    ["an absolute path", "/usr/share/zoneinfo/Europe/Paris"],
    ["an absolute path after a colon", ":/usr/share/zoneinfo/Europe/Paris"],
    ["a POSIX rule", "EST5EDT,M3.2.0,M11.1.0"],
    ["a POSIX offset", "<+0530>-5:30"],
    ["an unknown zone", "Nowhere/Special"],
  ];
  for (const [what, tz] of system) {
    test(`leaves ${what} to the built-in Date`, () => {
      expect(localZone({ ...none, tz })).toBe(SYSTEM);
    });
  }

  test("leaves other platforms to the built-in Date", () => {
    expect(localZone({ tz: "UTC", platform: "win32" })).toBe(SYSTEM);
  });

  test.skipIf(!haveZones)("reads the zone $TZ names under the zoneinfo directory, with or without a colon", () => {
    using dir = tempDir();
    mkdirSync(`${dir.path}/Pacific`);
    copyFileSync(`${ZONEINFO}/Pacific/Chatham`, `${dir.path}/Pacific/Chatham`);
    for (const tz of ["Pacific/Chatham", ":Pacific/Chatham"]) {
      expect(localZone({ tz, zoneinfo: dir.path, platform: "linux" }).offsetAt(summer)).toBe(12.75 * H);
    }
  });

  test.skipIf(!haveZones)("reads /etc/localtime when $TZ is unset", () => {
    using dir = tempDir();
    copyFileSync(`${ZONEINFO}/Asia/Kolkata`, `${dir.path}/localtime`);
    expect(localZone({ tz: undefined, localtime: `${dir.path}/localtime`, platform: "linux" }).offsetAt(summer)).toBe(5.5 * H);
  });

  test("leaves a damaged zone file to the built-in Date", () => {
    using dir = tempDir();
    writeFileSync(`${dir.path}/localtime`, "not a zone file");
    expect(localZone({ localtime: `${dir.path}/localtime`, platform: "linux" })).toBe(SYSTEM);
    writeFileSync(`${dir.path}/empty`, "");
    expect(localZone({ localtime: `${dir.path}/empty`, platform: "linux" })).toBe(SYSTEM);
  });
});

/**
 * Runs under TZ=`zone` a scan comparing localZone with the built-in Date's
 * local time: every 6 hours from 1900 to 2100, and to the millisecond on
 * either side of every change of offset Date reports.
 */
const CHECK = `
import { SYSTEM, localZone } from ${JSON.stringify(`${repoRoot}/src/tz/index.ts`)};
const zone = localZone({ tz: process.env.TZ });
const bad = [];
let changes = 0;
const check = (t) => {
  const want = SYSTEM.offsetAt(t), got = zone.offsetAt(t);
  if (want !== got && bad.length < 5) bad.push(new Date(t).toISOString() + ": Date " + want / 60000 + " min, ours " + got / 60000 + " min");
};
const STEP = 6 * 3600000;
for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2100, 0, 1); t += STEP) {
  check(t);
  if (SYSTEM.offsetAt(t) === SYSTEM.offsetAt(t + STEP)) continue;
  let lo = t, hi = t + STEP; // the offset changes in (lo, hi]
  while (hi - lo > 1) { const mid = Math.floor((lo + hi) / 2); if (SYSTEM.offsetAt(mid) === SYSTEM.offsetAt(lo)) lo = mid; else hi = mid; }
  check(lo);
  check(hi);
  changes++;
}
console.log(JSON.stringify({ kind: zone === SYSTEM ? "system" : "tzif", changes, bad }));
`;

describe.skipIf(!haveZones)("localZone agrees with the built-in Date", () => {
  // DST north and south, half-hour DST (Lord Howe), a 45-minute offset (Chatham), no DST (Kolkata),
  // "negative" DST (Dublin), a day skipped at the date line (Apia), negative rule times (Nuuk).
  const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "Europe/Dublin", "Pacific/Apia", "America/Nuuk", "America/Sao_Paulo", "Europe/Paris"];
  for (const zone of zones) {
    test(`in ${zone}, at every change of offset from 1900 to 2100`, async () => {
      const proc = Bun.spawn([process.execPath, "-e", CHECK], { env: { ...process.env, TZ: zone }, stdout: "pipe", stderr: "pipe" });
      const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
      expect({ code, err }).toEqual({ code: 0, err: "" });
      const r = JSON.parse(out);
      expect(r.kind).toBe("tzif");
      expect(r.bad).toEqual([]);
      if (zone !== "Asia/Kolkata") expect(r.changes).toBeGreaterThan(20);
    }, 30_000);
  }
});
