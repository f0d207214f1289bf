/**
 * `gokit scrape`: the concurrent, polite web crawler (src/scrape). Prints the
 * crawl as it goes (or, with --live on a terminal, one redrawn status box),
 * saves results to --output and a summary at the end. SIGINT/SIGTERM abort
 * in-flight requests, save partial results and exit 130.
 */
import type { ArgsDef } from "citty";
import { writeSync } from "node:fs";
import { flagValues } from "./args.ts";
import { defineCommand } from "./cli.ts";
import { UsageError, isTTY, print, printJson, rootContext } from "./io.ts";

const args = {
  url: { type: "string", valueHint: "URL", description: "Start page (depth 0); http or https" },
  depth: { type: "string", valueHint: "N", default: "3", description: "Follow links up to N hops from the start page" },
  workers: { type: "string", valueHint: "N", default: "10", description: "Concurrent workers" },
  delay: { type: "string", valueHint: "DURATION", default: "100ms", description: "Least time between requests to one host, e.g. 100ms, 1s, 0" },
  "max-pages": { type: "string", valueHint: "N", description: "Stop scheduling after N URLs (default unlimited)" },
  "allow-domain": { type: "string", valueHint: "DOMAIN", description: "Also crawl DOMAIN and its subdomains (repeatable)" },
  include: { type: "string", valueHint: "REGEX", description: "Only follow URLs matching REGEX (repeatable)" },
  exclude: { type: "string", valueHint: "REGEX", description: "Never follow URLs matching REGEX (repeatable)" },
  "user-agent": { type: "string", valueHint: "UA", description: "User-Agent and robots.txt product token (default gokit-scrape/<version>)" },
  "ignore-robots": { type: "boolean", description: "Do not fetch or obey robots.txt" },
  "per-host": { type: "string", valueHint: "N", default: "2", description: "Most concurrent requests per host" },
  retries: { type: "string", valueHint: "N", default: "2", description: "Retries after 5xx, 429/503 or network errors" },
  timeout: { type: "string", valueHint: "DURATION", default: "10s", description: "Per-request timeout" },
  "max-body": { type: "string", valueHint: "BYTES", default: "10MB", description: "Largest page read (e.g. 512KB, 10MB); larger ones are skipped and recorded" },
  output: { type: "string", alias: "o", valueHint: "FILE", default: "results.json", description: "Results file: .json (written at the end) or .jsonl (streamed)" },
  select: { type: "string", valueHint: "NAME=CSS", description: "Extract the text of CSS matches as field NAME (repeatable)" },
  resume: { type: "boolean", description: "Continue the crawl recorded in the .jsonl --output without refetching" },
  live: { type: "boolean", description: "One redrawn status box instead of log lines (terminal only)" },
  json: { type: "boolean", description: "Print the summary as JSON instead of log lines" },
} as const satisfies ArgsDef;

/** Milliseconds in `100ms`, `1.5s`, `2m`, `0`. */
function duration(flag: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
  if (!m || (m[2] === undefined && Number(m[1]) !== 0)) throw new UsageError(`invalid --${flag} "${v}": want a duration such as 100ms, 2s or 0`);
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? "ms"] ?? 1);
}

function integer(flag: string, v: string, min: number): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isInteger(n) || n < min) throw new UsageError(`invalid --${flag} "${v}": want an integer ≥ ${min}`);
  return n;
}

function bytes(flag: string, v: string): number {
  const m = /^(\d+)\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?$/i.exec(v.trim());
  if (!m) throw new UsageError(`invalid --${flag} "${v}": want a size such as 512KB or 10MB`);
  const unit = (m[2] ?? "b").toLowerCase()[0]!;
  return Number(m[1]) * ({ b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit] ?? 1);
}

function regexes(flag: string, values: string[]): RegExp[] {
  return values.map((v) => {
    try {
      return new RegExp(v);
    } catch (e) {
      throw new UsageError(`invalid --${flag} "${v}": ${(e as Error).message}`);
    }
  });
}

export default defineCommand({
  meta: { name: "scrape", description: "Concurrent, polite web crawler" },
  args,
  run: async ({ args: a, rawArgs }) => {
    if (a.url === undefined) throw new UsageError("missing --url (see 'gokit scrape --help')");
    const lib = await import("../src/scrape/index.ts");
    const url = lib.normalizeUrl(a.url);
    if (url === undefined) throw new UsageError(`invalid --url "${a.url}": want an absolute http or https URL`);
    const depth = integer("depth", a.depth, 0);
    const workers = integer("workers", a.workers, 1);
    const delayMs = duration("delay", a.delay);
    const maxPages = a["max-pages"] === undefined ? Infinity : integer("max-pages", a["max-pages"], 1);
    const perHost = integer("per-host", a["per-host"], 1);
    const retries = integer("retries", a.retries, 0);
    const timeoutMs = duration("timeout", a.timeout);
    if (timeoutMs <= 0) throw new UsageError(`invalid --timeout "${a.timeout}": want a duration > 0`);
    const maxBody = bytes("max-body", a["max-body"]);
    const output = a.output;
    const jsonl = lib.isJsonLines(output);
    if (a.resume && !jsonl) throw new UsageError(`--resume needs a .jsonl --output, got "${output}"`);
    const selectors = flagValues(rawArgs, "select", args).map((s) => {
      try {
        return lib.parseSelector(s);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    });
    const pkg = (await import("../package.json", { with: { type: "json" } })).default;
    const resume = a.resume ? lib.readResume(output) : undefined;
    const writer = lib.openResults(output, { append: a.resume === true });
    const json = a.json === true;
    const live = a.live === true && !json && (await isTTY(1));

    // Log lines leave in one write per event-loop turn (thousands of pages a second), in order.
    const { BatchedWriter } = await import("../src/log/index.ts");
    const stdout = new BatchedWriter((text) => {
      try {
        writeSync(1, text);
      } catch (e) {
        if ((e as { code?: string }).code !== "EPIPE") throw e;
      }
    });
    const out = (line: string): void => stdout.add(line);
    const flush = (): void => stdout.flush();

    if (!json) await print(lib.formatStart(a.url, depth, workers, delayMs));
    const [ctx, stop] = await rootContext();
    const crawl = lib.startCrawl(ctx, {
      url,
      depth,
      workers,
      delayMs,
      maxPages,
      allowDomains: flagValues(rawArgs, "allow-domain", args),
      include: regexes("include", flagValues(rawArgs, "include", args)),
      exclude: regexes("exclude", flagValues(rawArgs, "exclude", args)),
      userAgent: a["user-agent"] ?? `gokit-scrape/${pkg.version}`,
      ignoreRobots: a["ignore-robots"] === true,
      perHost,
      retries,
      timeoutMs,
      maxBody,
      selectors,
      resume,
      onEvent: json || live ? undefined : (e) => {
        const line = lib.formatEvent(e);
        if (line !== undefined) out(line);
      },
      onPage: (p) => writer.page(p),
      onError: (e) => writer.error(e),
    });
    let drawn = 0;
    const draw = (): void => {
      const lines = lib.renderLive(crawl.stats(), maxPages);
      out(lib.redrawPrefix(drawn) + lines.join("\n"));
      drawn = lines.length;
    };
    let timer: ReturnType<typeof setInterval> | undefined;
    if (live) {
      draw();
      timer = setInterval(draw, 100);
    }
    let result;
    try {
      result = await crawl.done;
    } finally {
      if (timer !== undefined) clearInterval(timer);
      stop();
    }
    if (live) draw();
    writer.close(result);
    flush();
    if (json) {
      await printJson({
        url,
        pages_fetched: result.pages.length,
        errors: result.errors.length,
        error_kinds: Object.fromEntries(result.errorKinds),
        disallowed: result.disallowed,
        elapsed_ms: Math.round(result.elapsedMs),
        interrupted: result.canceled,
        output,
      });
    } else {
      await print(lib.formatSummary(result, output));
    }
    if (result.canceled) process.exitCode = 130;
  },
});
