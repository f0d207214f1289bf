/** `gokit scrape` as a user runs it: the compiled binary against the generated site in another process, real signals, a real terminal. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gokitCommand, repoRoot, runGokit, tempDir } from "../support/cli.ts";
import { haveCommand } from "../support/require.ts";
import { until } from "../support/until.ts";
import { type RemoteSite, startSiteProcess } from "../scrape/site-process.ts";

let site: RemoteSite;
beforeAll(async () => {
  site = await startSiteProcess({ pages: 40, slowMs: 20_000 });
});
afterAll(async () => {
  await site[Symbol.asyncDispose]();
});

const quick = ["--delay", "0", "--timeout", "2s", "--retries", "0", "--exclude", "busy"];

describe("gokit scrape", () => {
  test("prints the crawl as the issue shows it, saves results.json and exits on its own", async () => {
    using dir = tempDir();
    const proc = Bun.spawn([...gokitCommand(), "scrape", "--url", site.url(""), "--depth", "1", "--workers", "3", ...quick], {
      cwd: dir.path,
      env: { ...process.env, NO_COLOR: "1" },
      stdout: "pipe",
      stderr: "pipe",
      timeout: 20_000,
    });
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    // Not killed by the timeout: every worker, timer and socket was gone, so the process ended by itself.
    expect(proc.signalCode).toBeNull();
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines.slice(0, 4)).toEqual([`Starting crawl of ${site.url("")}`, "  Max depth: 1", "  Workers: 3", "  Delay between requests: 0s"]);
    expect(lines[4]).toMatch(/^\[Worker [123]\] Fetching: http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(lines).toContainEqual(expect.stringMatching(/^\[Worker [123]\] Found 35 links on \/$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[Worker [123]\] Found 13 links on \/page\/1$/));
    const tail = lines.slice(-5);
    expect(tail[0]).toBe("Crawl complete!");
    expect(tail[1]).toMatch(/^  Pages fetched: \d+$/);
    expect(tail[2]).toMatch(/^  Time elapsed: \d+\.\ds$/);
    // /missing and /redirect/a → /page/50 (this site has 40 pages); /broken and /flaky (no retries); /redirect/loop1; /slow.
    expect(tail[3]).toBe("  Errors: 6 (2 404 not found, 2 500 internal server error, 1 redirect loop, 1 timeout)");
    expect(tail[4]).toBe("Results saved to: results.json");
    const saved = JSON.parse(readFileSync(join(dir.path, "results.json"), "utf8"));
    expect(Object.keys(saved)).toEqual(["pages", "errors"]);
    expect(Object.keys(saved.pages[0]).slice(0, 8)).toEqual(["url", "status", "title", "description", "links", "depth", "fetched_at", "elapsed_ms"]);
    expect(saved.pages.length).toBe(Number(/Pages fetched: (\d+)/.exec(stdout)![1]));
    expect(saved.errors).toContainEqual({ url: site.url("/missing"), error: "404 not found" });
  });

  test("Ctrl-C aborts in-flight requests, saves partial results, prints the summary and exits 130 within 2 s", async () => {
    const before = (await site.hits()).length;
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      using dir = tempDir();
      const proc = Bun.spawn([...gokitCommand(), "scrape", "--url", site.url("/"), "--depth", "2", "--workers", "4", "--delay", "0", "--timeout", "60s", "-o", "out.jsonl"], {
        cwd: dir.path,
        env: { ...process.env, NO_COLOR: "1" },
        stdout: "pipe",
        stderr: "pipe",
        timeout: 30_000,
      });
      const reader = proc.stdout.getReader();
      let out = "";
      // Wait until the slow page is in flight and other pages are done.
      while (!(out.includes("Fetching: " + site.url("/slow")) && (out.match(/Found/g) ?? []).length >= 5)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`scrape ended early:\n${out}`);
        out += new TextDecoder().decode(value);
      }
      const slowSeen = async () => (await site.hits()).slice(before).filter((h) => h.path === "/slow").length;
      const already = signal === "SIGINT" ? 0 : 1;
      await until(async () => (await slowSeen()) > already, "the server to receive /slow");
      const t0 = performance.now();
      proc.kill(signal);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        out += new TextDecoder().decode(value);
      }
      const code = await proc.exited;
      expect(performance.now() - t0).toBeLessThan(2_000);
      expect(code).toBe(130);
      expect(out).toContain("Crawl interrupted!");
      expect(out).toContain("Results saved to: out.jsonl");
      const saved = readFileSync(join(dir.path, "out.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
      expect(saved.length).toBe(Number(/Pages fetched: (\d+)/.exec(out)![1]) + Number(/Errors: (\d+)/.exec(out)![1]));
      expect(saved.length).toBeGreaterThanOrEqual(5);
      expect(saved.some((r) => r.url === site.url("/slow"))).toBe(false);
    }
    // The server saw every /slow request end long before its 20 s: the fetches were aborted.
    const slow = (await site.hits()).slice(before).filter((h) => h.path === "/slow");
    expect(slow.length).toBe(2);
    for (const h of slow) expect(h.end - h.start).toBeLessThan(2_000);
  });

  test("--resume continues a .jsonl crawl without refetching", async () => {
    using dir = tempDir();
    const args = ["scrape", "--url", site.url("/"), "--depth", "2", ...quick, "--exclude", "slow", "-o", "r.jsonl"];
    const before = (await site.hits()).length;
    const first = await runGokit([...args, "--max-pages", "12"], { cwd: dir.path });
    expect(first.code).toBe(0);
    const mid = (await site.hits()).length;
    const second = await runGokit([...args, "--resume"], { cwd: dir.path });
    expect(second.code).toBe(0);
    const hits = await site.hits();
    const firstPaths = new Set(hits.slice(before, mid).map((h) => h.path).filter((p) => p !== "/robots.txt" && p !== "/__hits"));
    const secondPaths = hits.slice(mid).map((h) => h.path).filter((p) => p !== "/robots.txt" && p !== "/__hits");
    expect(firstPaths.size).toBe(12);
    expect(secondPaths.length).toBeGreaterThan(20);
    expect(secondPaths.filter((p) => firstPaths.has(p))).toEqual([]);
    const records = readFileSync(join(dir.path, "r.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l).url);
    expect(new Set(records).size).toBe(records.length);
  });

  test("--json prints a machine-readable summary and no log lines", async () => {
    using dir = tempDir();
    const r = await runGokit(["scrape", "--url", site.url("/page/1"), "--depth", "0", "--json", ...quick], { cwd: dir.path });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ url: site.url("/page/1"), pages_fetched: 1, errors: 0, interrupted: false, output: "results.json" });
  });

  test("--live draws one redrawn box on a terminal, and plain lines elsewhere", async () => {
    using dir = tempDir();
    const cmd = [...gokitCommand(), "scrape", "--url", site.url("/"), "--depth", "1", "--live", ...quick].map((a) => `'${a}'`).join(" ");
    if (haveCommand("script")) {
      const p = Bun.spawn(["script", "-qfec", cmd, "/dev/null"], { cwd: dir.path, env: { ...process.env, NO_COLOR: "1", COLUMNS: "100" }, stdout: "pipe", stdin: "pipe", timeout: 20_000 });
      const tty = await new Response(p.stdout).text();
      expect(await p.exited).toBe(0);
      expect(tty).not.toContain("[Worker");
      expect(tty).toMatch(/│ Active: \d+\/10 workers \| Queue: \d+ \| Done: \d+ \| Err: \d+ +│/);
      expect(tty).toContain("\x1b[4A\x1b[J"); // redrawn in place
      expect(tty).toMatch(/│ █+ 100% +│/);
      expect(tty).toContain("Crawl complete!");
    }
    const piped = await runGokit(["scrape", "--url", site.url("/"), "--depth", "1", "--live", ...quick], { cwd: dir.path });
    expect(piped.stdout).toContain("[Worker");
    expect(piped.stdout).not.toContain("┌");
  });

  test("an unwritable --output fails before crawling, in one line (exit 1)", async () => {
    const before = (await site.hits()).length;
    for (const out of ["/nonexistent-dir/x.json", "/nonexistent-dir/x.jsonl"]) {
      const r = await runGokit(["scrape", "--url", site.url("/"), "-o", out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^gokit scrape: (create|open) "${out}": no such file or directory\n$`));
    }
    expect((await site.hits()).length).toBe(before);
  });

  test("bad flags are usage errors (exit 2)", async () => {
    for (const args of [["--url", "ftp://x"], ["--url", site.url("/"), "--delay", "fast"], ["--url", site.url("/"), "--select", "nocss"], [], ["--url", site.url("/"), "--resume"]]) {
      const r = await runGokit(["scrape", ...args], { cwd: repoRoot });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^gokit scrape: /);
    }
  });
});
