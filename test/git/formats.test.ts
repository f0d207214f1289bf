/** Git's small formats: dates, config files, index entries, path quoting, rename names, tree order. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { Config, parseConfig, setConfigValue } from "../../src/git/config.ts";
import { formatDefaultDate, parseGitDate } from "../../src/git/dates.ts";
import { parseIndex, serializeIndex, type IndexEntry } from "../../src/git/index-file.ts";
import { serializeTree } from "../../src/git/objects.ts";
import { quotePath, relativePath } from "../../src/git/quote.ts";
import { renameName, similarity } from "../../src/git/rename.ts";
import { hashObject } from "../../src/git/sha1.ts";
import { haveCommand } from "../support/require.ts";
import { prng } from "../support/prng.ts";

describe("dates", () => {
  test.each([
    ["@1700000000 +0000", 1700000000, "+0000"],
    ["1700000000 -0500", 1700000000, "-0500"],
    ["Thu, 07 Apr 2005 22:13:13 +0200", 1112904793, "+0200"],
    ["2005-04-07T22:13:13+02:00", 1112904793, "+0200"],
    ["2005-04-07 22:13:13 +0200", 1112904793, "+0200"],
    ["2005-04-07T20:13:13Z", 1112904793, "+0000"],
    ["Thu Apr 7 22:13:13 2005 +0200", 1112904793, "+0200"],
  ])("parses %p", (input, time, tz) => {
    expect(parseGitDate(input)).toEqual({ time, tz });
  });

  test("rejects what it does not understand", () => {
    expect(parseGitDate("next tuesday-ish")).toBeUndefined();
  });

  test("formats the default log date in the date's own zone", () => {
    expect(formatDefaultDate(1112904793, "+0200")).toBe("Thu Apr 7 22:13:13 2005 +0200");
    expect(formatDefaultDate(1700000000, "-0130")).toBe("Tue Nov 14 20:43:20 2023 -0130");
    // Against Date's own UTC calendar, consecutive times sharing and changing days, before 1970 too.
    const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const two = (n: number) => String(n).padStart(2, "0");
    let seed = 11;
    let time = -2_000_000_000;
    for (let k = 0; k < 3000; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      time += seed % 50_000;
      const tz = ["+0000", "+0530", "-0800", "+1245", "-0130"][k % 5]!;
      const minutes = (tz[0] === "-" ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3)));
      const d = new Date((time + minutes * 60) * 1000);
      const want = `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()} ${tz}`;
      expect({ time, tz, s: formatDefaultDate(time, tz) }).toEqual({ time, tz, s: want });
    }
  });

  test("formats any time as the calendar says, before 1970 and far past 9999 too", () => {
    // Date's own calendar as the reference where Date reaches; the arithmetic must agree at every zone.
    const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const two = (n: number) => String(n).padStart(2, "0");
    const rand = prng(7);
    for (let i = 0; i < 20_000; i++) {
      const time = Math.floor((rand() - 0.5) * 1.6e13 * (i % 2 ? 1 : 1e-4));
      const tz = ["+0000", "-0500", "+0530", "+1400", "-1200", "-0930"][i % 6]!;
      const d = new Date((time + (tz[0] === "-" ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3))) * 60) * 1000);
      const want = `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()} ${tz}`;
      if (formatDefaultDate(time, tz) !== want) expect({ time, tz, got: formatDefaultDate(time, tz) }).toEqual({ time, tz, got: want });
    }
    expect(formatDefaultDate(253402300800, "+0000")).toBe("Sat Jan 1 00:00:00 10000 +0000");
  });
});

describe("config", () => {
  test("parses sections, subsections, quotes, escapes, comments and bare booleans", () => {
    const c = new Config();
    c.addText('[core]\n\tbare = false ; comment\n\tFileMode\n[user]\n\tname = "A \\"Q\\" Person" # c\n[branch "Main"]\n\tremote = origin\n[x.y]\n\tz = 1\\\n2\n');
    expect(c.get("core.bare")).toBe("false");
    expect(c.getBool("core.filemode", false)).toBe(true);
    expect(c.get("user.name")).toBe('A "Q" Person');
    expect(c.get("branch.Main.remote")).toBe("origin");
    expect(c.get("branch.main.remote")).toBeUndefined();
    expect(c.get("x.y.z")).toBe("12");
    expect(parseConfig("[a]\nk=1\nk=2\n")).toEqual([["a.k", "1"], ["a.k", "2"]]);
  });

  test.if(haveCommand("git"))("setConfigValue edits in place and real git reads the result", () => {
    const dir = mkdtempSync(resolve(tmpdir(), "gokit-git-cfg-"));
    try {
      const path = `${dir}/config`;
      writeFileSync(path, "[core]\n\tbare = false\n");
      setConfigValue(path, "user.name", "Some One");
      setConfigValue(path, "core.bare", "true");
      setConfigValue(path, 'branch.fe"at.merge', "refs/heads/x");
      expect(readFileSync(path, "utf8")).toBe('[core]\n\tbare = true\n[user]\n\tname = Some One\n[branch "fe\\"at"]\n\tmerge = refs/heads/x\n');
      const r = Bun.spawnSync(["git", "config", "--file", path, "--get", "user.name"]);
      expect(r.stdout.toString()).toBe("Some One\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("index", () => {
  const entry = (path: string, stage = 0, extended?: number): IndexEntry => ({
    ctimeS: 1, ctimeNs: 2, mtimeS: 3, mtimeNs: 4, dev: 5, ino: 6, mode: 0o100644, uid: 7, gid: 8, size: 9,
    oid: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", stage, path, ...(extended ? { extended } : {}),
  });

  test("round-trips entries with stages (v2) and extended flags (v3)", () => {
    const v2 = [entry("a"), entry("b/c", 1), entry("b/c", 2), entry("b/c", 3)];
    expect(parseIndex(serializeIndex(v2)).entries).toEqual(v2);
    const v3 = [entry("x", 0, 0x2000)];
    const bytes = serializeIndex(v3);
    expect(new DataView(bytes.buffer).getUint32(4)).toBe(3);
    expect(parseIndex(bytes).entries).toEqual(v3);
  });

  test("a damaged checksum or a truncated file is an error, never a partial index", () => {
    const bytes = serializeIndex([entry("a"), entry("b")]);
    const bad = bytes.slice();
    bad[20] = bad[20]! ^ 1;
    expect(() => parseIndex(bad)).toThrow("bad index file sha1 signature");
    expect(() => parseIndex(bytes.slice(0, 40))).toThrow("index file corrupt");
  });
});

describe("names", () => {
  test("quotePath quotes like core.quotePath, with spaces only for short formats", () => {
    expect(quotePath("plain.txt")).toBe("plain.txt");
    expect(quotePath("sp ace")).toBe("sp ace");
    expect(quotePath("sp ace", true)).toBe('"sp ace"');
    expect(quotePath("tab\there")).toBe('"tab\\there"');
    expect(quotePath("ü")).toBe('"\\303\\274"');
    expect(relativePath("a/b/c.txt", "a/x/")).toBe("../b/c.txt");
    expect(relativePath("top.txt", "a/")).toBe("../top.txt");
  });

  test("renameName factors out common directories like pprint_rename", () => {
    expect(renameName("a/g.txt", "a/renamed.txt")).toBe("a/{g.txt => renamed.txt}");
    expect(renameName("old/f.c", "new/f.c")).toBe("{old => new}/f.c");
    expect(renameName("a.txt", "b.txt")).toBe("a.txt => b.txt");
    expect(renameName("src/a/x.c", "src/b/x.c")).toBe("src/{a => b}/x.c");
  });

  test("similarity scores identical content fully and unrelated content low", () => {
    const a = new TextEncoder().encode("one\ntwo\nthree\nfour\n");
    expect(similarity(a, a)).toBe(60000);
    expect(similarity(a, new TextEncoder().encode("five\nsix\nseven\neight\n"))).toBeLessThan(30000);
  });

  test("trees sort a directory as if its name ended in '/'", () => {
    const oid = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
    const tree = serializeTree([
      { mode: "100644", name: "a.b", oid },
      { mode: "40000", name: "a", oid: "4b825dc642cb6eb9a060e54bf8d69288fbee4904" },
      { mode: "100644", name: "a0", oid },
    ]);
    const names = new TextDecoder("latin1").decode(tree).match(/ (a[^\0]*)\0/g);
    expect(names).toEqual([" a.b\0", " a\0", " a0\0"]);
    expect(hashObject("tree", tree)).toHaveLength(40);
  });
});
