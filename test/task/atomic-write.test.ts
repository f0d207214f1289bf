import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { writeFileAtomic } from "../../src/task/atomic-write.ts";
import { tempDir } from "../support/cli.ts";

describe("writeFileAtomic", () => {
  test("creates a file with the given content and leaves no temporary file", async () => {
    using dir = tempDir();
    await writeFileAtomic(`${dir.path}/tasks.json`, '{"tasks":[]}\n');
    expect(readFileSync(`${dir.path}/tasks.json`, "utf8")).toBe('{"tasks":[]}\n');
    expect(readdirSync(dir.path)).toEqual(["tasks.json"]);
  });

  test("replaces an existing file and keeps its mode", async () => {
    using dir = tempDir();
    const path = `${dir.path}/tasks.json`;
    writeFileSync(path, "old");
    chmodSync(path, 0o600);
    await writeFileAtomic(path, "new ✓");
    expect(readFileSync(path, "utf8")).toBe("new ✓");
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test("writes large content completely", async () => {
    using dir = tempDir();
    const big = "x".repeat(5 * 1024 * 1024);
    await writeFileAtomic(`${dir.path}/big`, big);
    expect(statSync(`${dir.path}/big`).size).toBe(big.length);
  });

  test("when the rename fails, the target is untouched and the temporary file removed", async () => {
    using dir = tempDir();
    const target = `${dir.path}/tasks.json`;
    mkdirSync(target); // renaming a file over a directory fails
    writeFileSync(`${target}/keep`, "x");
    await expect(writeFileAtomic(target, "data")).rejects.toThrow();
    expect(readdirSync(dir.path)).toEqual(["tasks.json"]);
    expect(readFileSync(`${target}/keep`, "utf8")).toBe("x");
  });

  test("fails when the directory does not exist", async () => {
    using dir = tempDir();
    expect((await writeFileAtomic(`${dir.path}/no/such/file`, "x").catch((e) => e)).code).toBe("ENOENT");
  });
});
