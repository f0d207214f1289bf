/**
 * The git code's own path arithmetic (paths.ts) and file reads (fs.ts), which
 * stand in for node:path and node:fs on the read-only paths: the same answers
 * as node's, including errors.
 */
import { describe, expect, test } from "bun:test";
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { posix } from "node:path";
import { dirname, join, normalize, resolve } from "../../src/sys/paths.ts";
import { exists, kindOf, listDir, listTyped, readFile } from "../../src/sys/fs.ts";
import { tempDir } from "../support/cli.ts";

describe("paths: the same as node:path's posix functions", () => {
  // Every path of up to five parts drawn from these, with and without leading and trailing slashes.
  const parts = ["", ".", "..", "a", "bc", "...", ".git"];
  const samples: string[] = [];
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let k = 0; k < 4000; k++) {
    const n = rand(6);
    const p = Array.from({ length: n }, () => parts[rand(parts.length)]).join("/".repeat(1 + rand(2) * rand(2)));
    samples.push((rand(2) ? "/" : "") + p + (rand(3) === 0 ? "/" : ""));
  }
  samples.push("", "/", "//", "///", "//a", "/a//b", "a//", "./", "../", "/..", "a/..", "a/../");

  test("normalize", () => {
    for (const p of samples) expect({ p, n: normalize(p) }).toEqual({ p, n: posix.normalize(p) });
  });
  test("dirname", () => {
    for (const p of samples) expect({ p, d: dirname(p) }).toEqual({ p, d: posix.dirname(p) });
  });
  test("resolve, against the working directory and from a base", () => {
    for (const p of samples) {
      expect({ p, r: resolve(p) }).toEqual({ p, r: posix.resolve(p) });
      expect({ p, r: resolve("/base/dir", p) }).toEqual({ p, r: posix.resolve("/base/dir", p) });
      expect({ p, r: resolve("rel", p, "x") }).toEqual({ p, r: posix.resolve("rel", p, "x") });
    }
  });
  test("join", () => {
    for (let k = 0; k + 1 < samples.length; k++) expect({ k, j: join(samples[k]!, samples[k + 1]!) }).toEqual({ k, j: posix.join(samples[k]!, samples[k + 1]!) });
  });
});

describe("fs: reads through libc", () => {
  test("readFile gives node's bytes and text, and node's error for a missing path", () => {
    using dir = tempDir();
    writeFileSync(`${dir.path}/f`, "héllo\n");
    writeFileSync(`${dir.path}/empty`, "");
    expect(readFile(`${dir.path}/f`)).toEqual(readFileSync(`${dir.path}/f`));
    expect(readFile(`${dir.path}/f`, "utf8")).toBe("héllo\n");
    expect(readFile(`${dir.path}/empty`, "utf8")).toBe("");
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return "no error";
    };
    expect(err(() => readFile(`${dir.path}/missing`))).toBe("ENOENT");
    expect(err(() => readFile(`${dir.path}/f/below`))).toBe("ENOTDIR");
    expect(err(() => readFile(dir.path))).toBe(err(() => readFileSync(dir.path)));
  });

  test("kindOf, exists and listDir agree with stat and readdir", () => {
    using dir = tempDir();
    mkdirSync(`${dir.path}/d`);
    writeFileSync(`${dir.path}/d/.hidden`, "x");
    writeFileSync(`${dir.path}/d/file`, "x");
    writeFileSync(`${dir.path}/d/empty`, "");
    mkdirSync(`${dir.path}/d/sub`);
    symlinkSync("sub", `${dir.path}/d/link`);
    symlinkSync("nowhere", `${dir.path}/d/dangling`);
    expect(kindOf(`${dir.path}/d`)).toBe("dir");
    expect(kindOf(`${dir.path}/d/file`)).toBe("file");
    expect(kindOf(`${dir.path}/d/empty`)).toBe("file");
    expect(kindOf(`${dir.path}/d/link`)).toBe("dir");
    expect(kindOf(`${dir.path}/d/dangling`)).toBeUndefined();
    expect(kindOf(`${dir.path}/d/missing`)).toBeUndefined();
    expect(kindOf(`${dir.path}/d/file/below`)).toBeUndefined();
    expect(exists(`${dir.path}/d/.hidden`)).toBe(true);
    expect(exists(`${dir.path}/nothing`)).toBe(false);
    expect(listDir(`${dir.path}/d`).sort()).toEqual([".hidden", "dangling", "empty", "file", "link", "sub"]);
    expect(listDir(`${dir.path}/missing`)).toEqual([]);
    // listTyped: the directory entry's own type, as lstat sees it (a symlink to a directory is not one).
    const typed = listTyped(`${dir.path}/d`)!;
    const kinds = Object.fromEntries(typed.names.map((n, k) => [n, typed.isDir(k) ?? lstatSync(`${dir.path}/d/${n}`).isDirectory()]));
    const expected = Object.fromEntries(readdirSync(`${dir.path}/d`).map((n) => [n, lstatSync(`${dir.path}/d/${n}`).isDirectory()]));
    expect(kinds).toEqual(expected);
    expect(kinds.sub).toBe(true);
    expect(kinds.link).toBe(false);
    expect(listTyped(`${dir.path}/missing`)).toBeUndefined();
    expect(listTyped(`${dir.path}/d/file`)).toBeUndefined();
  });
});
