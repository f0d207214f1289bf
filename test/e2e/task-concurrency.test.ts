import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { gokitCommand, tempDir } from "../support/cli.ts";

const PROCESSES = 50;

describe("gokit task under concurrency", () => {
  test(`${PROCESSES} add processes started at once on one file yield ${PROCESSES} tasks with distinct ids`, async () => {
    using dir = tempDir();
    const file = `${dir.path}/tasks.json`;
    const procs = Array.from({ length: PROCESSES }, (_, i) =>
      Bun.spawn([...gokitCommand(), "task", "add", `task ${i}`, "--file", file, "--json"], {
        env: { ...process.env, NO_COLOR: "1" },
        stdout: "pipe",
        stderr: "pipe",
      }),
    );
    const results = await Promise.all(
      procs.map(async (p) => {
        const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
        return { stdout, stderr, code };
      }),
    );
    for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });

    const reported = results.map((r) => JSON.parse(r.stdout).id as number).sort((a, b) => a - b);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    const stored = doc.tasks.map((t: { id: number }) => t.id).sort((a: number, b: number) => a - b);
    const all = Array.from({ length: PROCESSES }, (_, i) => i + 1);
    expect(reported).toEqual(all);
    expect(stored).toEqual(all);
    expect(new Set(doc.tasks.map((t: { title: string }) => t.title)).size).toBe(PROCESSES);
    expect(doc.nextId).toBe(PROCESSES + 1);
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(readdirSync(dir.path).sort()).toEqual(["tasks.json", "tasks.json.cache", "tasks.json.undo"]); // no temporary files left
    // Caches are written under the lock, so the last one describes the final file.
    const cache = JSON.parse(readFileSync(`${file}.cache`, "utf8"));
    expect({ size: cache.size, ino: cache.ino }).toEqual({ size: statSync(file).size, ino: statSync(file).ino });
    expect(cache.pending.map((t: { id: number }) => t.id)).toEqual(all);
  }, 60_000);
});
