/**
 * log's --date modes against real git: every mode and its -local form,
 * format:<strftime> with each conversion, relative and human dates at fixed
 * "now"s (GIT_TEST_DATE_NOW) from seconds to years away, the %ar %ah %aD %ai
 * %aI %as placeholders, --relative-date, log.date, and git's errors.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("log --date against real git", () => {
  test("formats dates as git does", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    // Commits from 2021 to 2023 in three zones, one on a leap day.
    const dates = ["@1614556800 +0000", "@1614600000 -0500", "@1640995199 +0530", "@1700000000 +0100", "@1700050000 -0800"];
    for (const [i, d] of dates.entries()) {
      Object.assign(t.env, { GIT_AUTHOR_DATE: d, GIT_COMMITTER_DATE: d });
      t.sh(`echo ${i} > f`);
      await t.both(["add", "f"]);
      await t.both(["commit", "-qm", `c${i}`]);
    }
    Object.assign(t.env, { TZ: "Europe/Berlin" });
    const modes = [
      "default", "local", "default-local", "iso", "iso-local", "iso8601", "iso-strict", "iso-strict-local", "rfc", "rfc2822-local", "short", "short-local", "raw", "raw-local", "unix",
      "format:%a %A %b %B %C %d %D %e %F %G %g %h %H %I %j %k %l %m %M %p %P %r %R %s %S %T %u %U %V %w %W %y %Y %z %Z %% %Q", "format-local:%c %x %X %z %Z", "format:",
      "relative", "human", "human-local", "auto:iso", "normal", "iso-foo", "format",
    ];
    for (const mode of modes) {
      const r = await t.both(["log", `--date=${mode}`, "--format=%ad|%cd"]);
      expect({ mode, ...r.ours }).toEqual({ mode, ...r.real });
    }
    // Relative and human dates against "now"s from the same second to years later, and before the commits.
    for (const now of [1700000000, 1700000030, 1700003000, 1700050000, 1700100000, 1700300000, 1701000000, 1705000000, 1720000000, 1760000000, 1900000000, 1600000000]) {
      Object.assign(t.env, { GIT_TEST_DATE_NOW: String(now) });
      for (const args of [["log", "--date=relative", "-3"], ["log", "--format=%ar|%cr|%ah|%ch"], ["log", "--date=human", "--format=%ad"], ["log", "--relative-date", "-1"]]) {
        const r = await t.both(args);
        expect({ now, args, ...r.ours }).toEqual({ now, args, ...r.real });
      }
    }
    for (const args of [["log", "--format=%aD|%cD|%ai|%aI|%as|%at|%cI"], ["-c", "log.date=iso", "log", "-2"], ["-c", "log.date=relative", "log", "--date=short", "-2"], ["log", "--date", "short", "-1"], ["show", "-s", "--date=iso"], ["show", "-s", "--date=bogus"], ["-c", "log.date=short", "show", "-s"]]) {
      const r = await t.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });
});
