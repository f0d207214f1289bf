/**
 * Dates in the local zone, as git computes them from TZ: identities without
 * GIT_*_DATE use the zone's offset now, and zone-less GIT_*_DATE values are
 * local wall-clock times (DST and half-hour zones included). Real git is the
 * oracle for the zone of each commit and reflog line.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { ourGit, realGit, Twin } from "./support.ts";

describe.if(haveCommand("git"))("local time zones against real git", () => {
  for (const tz of ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/London", "UTC"]) {
    test(`commits dated in ${tz} carry git's offsets`, async () => {
      using t = new Twin();
      const env = { ...t.env, TZ: tz };
      await t.both(["init", "-q"]);
      const dates = ["2024-01-15 12:00:00", "2024-07-01T12:00:00", "2024-03-10 02:30:00", "2024-11-03 01:30:00", "2024-03-31 02:30:00", "2024-10-27 02:30:00", "2024-04-07 02:15:00", "2024-04-07 01:45:00", "2024-10-06 02:15:00", "2024-03-31 01:30:00", "2024-10-27 01:30:00", "Mon Apr 7 22:13:13 2025"];
      for (const [k, date] of dates.entries()) {
        t.sh(`echo ${k} > f`);
        const r = await t.both(["add", "f"]);
        expect(r.ours.code).toBe(0);
        const real = realGit(t.real, { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, ["commit", "-qm", `c${k}`]);
        const ours = await ourGit(t.ours, { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, ["commit", "-qm", `c${k}`]);
        expect({ date, code: ours.code }).toEqual({ date, code: real.code });
      }
      const fmt = ["log", "--format=%ad|%cd|%s", "--date=raw"];
      expect(t.gitOnOurs(fmt).stdout).toBe(t.realGit(fmt).stdout);
      // No GIT_COMMITTER_DATE: "now" in the zone (the reflog line's zone too).
      const now = { ...env, GIT_AUTHOR_DATE: "", GIT_COMMITTER_DATE: "" };
      t.sh("echo now > f");
      realGit(t.real, now, ["commit", "-qam", "now"]);
      await ourGit(t.ours, now, ["commit", "-qam", "now"]);
      const zoneOf = (out: string) => out.trim().split(" ").pop();
      expect(zoneOf(t.gitOnOurs(["log", "-1", "--format=%cd", "--date=raw"]).stdout)).toBe(zoneOf(t.realGit(["log", "-1", "--format=%cd", "--date=raw"]).stdout));
      expect(zoneOf(t.gitOnOurs(["reflog", "-1", "--format=%gd %cd", "--date=raw"]).stdout)).toBe(zoneOf(t.realGit(["reflog", "-1", "--format=%gd %cd", "--date=raw"]).stdout));
    });
  }
});
