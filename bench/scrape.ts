#!/usr/bin/env bun
/**
 * gokit scrape against Scrapy (the anchor) and `wget --recursive` (a
 * reference), alternated in one run, crawling a generated 5,000-page site
 * served by nginx (one worker, a fresh instance and access log per run).
 * gokit: --workers 16 --per-host 16 --delay 0. Scrapy: a spider extracting
 * title and links, CONCURRENT_REQUESTS 16 (per domain 16), breadth-first
 * (FIFO queues, DEPTH_PRIORITY 1), ROBOTSTXT_OBEY on. wget: one connection,
 * robots on. Reports pages/s, CPU ms per page and peak RSS from the child's
 * rusage, and checks in nginx's access log that each tool requested exactly
 * the allowed pages, each once. Installs nginx, python3-scrapy and wget with
 * apt-get when absent. GOKIT_BIN picks the binary (default dist/gokit).
 * Run: flock /tmp/gokit-bench.lock bun bench/scrape.ts   (ROUNDS=3 by default)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { prng } from "../test/support/prng.ts";
import { freePort, waitPort } from "./support.ts";

const repo = resolve(import.meta.dir, "..");
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PAGES = Number(process.env.PAGES ?? 5000);
const PRIVATE = 25;
const PYTHON = "/usr/bin/python3";

function have(bin: string): boolean {
  return Bun.which(bin) !== null || existsSync(bin);
}

function ensure(pkg: string, bin: string): void {
  if (have(bin)) return;
  console.error(`bench: installing ${pkg}`);
  const r = Bun.spawnSync(["sh", "-c", `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`], { stdout: "inherit", stderr: "inherit" });
  if (r.exitCode !== 0 || !have(bin)) throw new Error(`bench: could not install ${pkg} (run as root, or install it)`);
}

/**
 * The site: /index.html and /p/1.html … /p/N.html, a 10-ary tree (page i
 * links to 10i+1 … 10i+10) plus its parent, a sibling and three random
 * pages; /private/ pages are linked but disallowed by robots.txt.
 */
function generate(root: string): Set<string> {
  const rand = prng(7);
  mkdirSync(join(root, "p"), { recursive: true });
  mkdirSync(join(root, "private"), { recursive: true });
  writeFileSync(join(root, "robots.txt"), "User-agent: *\nDisallow: /private/\n");
  const filler = Array.from({ length: 12 }, (_, k) => `<p>Paragraph ${k} of generated text for the crawler benchmark, long enough to look like a page.</p>`).join("\n");
  const page = (title: string, links: string[]): string =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><meta name="description" content="${title} description"></head><body><h1>${title}</h1>${filler}<ul>${links.map((l) => `<li><a href="${l}">${l}</a></li>`).join("")}</ul></body></html>\n`;
  const allowed = new Set<string>(["/"]);
  const link = (i: number): string => (i === 0 ? "/" : `/p/${i}.html`);
  for (let i = 0; i <= PAGES; i++) {
    const links: string[] = [];
    for (let k = 1; k <= 10; k++) if (10 * i + k <= PAGES) links.push(`${i === 0 ? "p/" : ""}${10 * i + k}.html`);
    if (i > 0) links.push(link(Math.floor((i - 1) / 10)), link(i < PAGES ? i + 1 : 1));
    for (let k = 0; k < 3; k++) links.push(`http://HOST${link(1 + Math.floor(rand() * PAGES))}`);
    if (i % 200 === 0) links.push(`/private/${(i / 200) % PRIVATE}.html`);
    const html = page(`Page ${i}`, links);
    writeFileSync(join(root, i === 0 ? "index.html" : `p/${i}.html`), html);
    if (i > 0) allowed.add(`/p/${i}.html`);
  }
  for (let k = 0; k < PRIVATE; k++) writeFileSync(join(root, "private", `${k}.html`), page(`Private ${k}`, ["/"]));
  return allowed;
}

interface Nginx {
  port: number;
  log: string;
  stop(): Promise<void>;
}

interface Run {
  pagesPerSec: number;
  cpuMsPerPage: number;
  rssMB: number;
  pages: number;
  exact: boolean;
  note: string;
}

const SPIDER = `
import scrapy

class BenchSpider(scrapy.Spider):
    name = "bench"
    custom_settings = {
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": True,
        "DEPTH_PRIORITY": 1,
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "USER_AGENT": "scrapy-bench",
    }

    def __init__(self, start=None, **kw):
        super().__init__(**kw)
        self.start_urls = [start]

    def parse(self, response):
        hrefs = response.css("a::attr(href)").getall()
        yield {"url": response.url, "title": response.css("title::text").get(), "links": [response.urljoin(h) for h in hrefs]}
        for h in hrefs:
            yield response.follow(h, self.parse)
`;

/** Paths nginx served with 200, and whether each was requested exactly once. */
async function served(log: string): Promise<{ paths: string[]; counts: Map<string, number> }> {
  const text = existsSync(log) ? readFileSync(log, "utf8") : "";
  const counts = new Map<string, number>();
  const paths: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\d+) (\S+)$/.exec(line);
    if (!m || m[2] === "/robots.txt") continue;
    paths.push(m[2]!);
    counts.set(m[2]!, (counts.get(m[2]!) ?? 0) + 1);
  }
  return { paths, counts };
}

function check(counts: Map<string, number>, allowed: Set<string>): { exact: boolean; note: string } {
  const missing = [...allowed].filter((p) => !counts.has(p));
  const extra = [...counts.keys()].filter((p) => !allowed.has(p));
  const twice = [...counts].filter(([, n]) => n > 1);
  const exact = missing.length === 0 && extra.length === 0 && twice.length === 0;
  const note = exact ? "exact set, each once" : `missing ${missing.length}, extra ${extra.length} (${extra.slice(0, 3).join(" ")}), repeated ${twice.length} (${twice.slice(0, 3).map(([p, n]) => `${p} ×${n}`).join(" ")})`;
  return { exact, note };
}

async function runTool(name: string, argv: string[], cwd: string, nginx: Nginx, allowed: Set<string>): Promise<Run> {
  const t0 = performance.now();
  const proc = Bun.spawn(argv, { cwd, stdout: Bun.file(join(cwd, `${name}.out`)), stderr: Bun.file(join(cwd, `${name}.err`)), env: { ...process.env, NO_COLOR: "1" } });
  const code = await proc.exited;
  const secs = (performance.now() - t0) / 1000;
  const ru = proc.resourceUsage()!;
  await nginx.stop(); // flushes the access log
  if (code !== 0 && name !== "wget") throw new Error(`bench: ${name} exited ${code}: ${readFileSync(join(cwd, `${name}.err`), "utf8").slice(-2000)}`);
  const { counts } = await served(nginx.log);
  const pages = [...counts.values()].reduce((a, b) => a + b, 0);
  const { exact, note } = check(counts, allowed);
  return { pagesPerSec: pages / secs, cpuMsPerPage: Number(ru.cpuTime.total) / 1000 / pages, rssMB: ru.maxRSS / 1024 / 1024, pages, exact, note };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  ensure("nginx", "nginx");
  ensure("python3-scrapy", "/usr/bin/scrapy");
  ensure("wget", "wget");
  const bin = resolve(repo, process.env.GOKIT_BIN ?? "dist/gokit");
  if (!existsSync(bin)) throw new Error(`bench: ${bin} not found (run make first)`);
  const work = mkdtempSync(join(tmpdir(), "gokit-bench-scrape-"));
  const root = join(work, "www");
  try {
    const template = join(work, "template");
    const allowed = generate(template);
    writeFileSync(join(work, "spider.py"), SPIDER);
    const tools: Record<string, (url: string, dir: string) => string[]> = {
      gokit: (url) => [bin, "scrape", "--url", url, "--depth", "10", "--workers", "16", "--per-host", "16", "--delay", "0", "--output", "results.json"],
      scrapy: (url) => [PYTHON, "-m", "scrapy", "runspider", join(work, "spider.py"), "-a", `start=${url}`, "-o", "items.jsonl"],
      wget: (url) => ["wget", "--recursive", "--level=10", "--no-verbose", "--no-host-directories", "--directory-prefix=mirror", url],
    };
    const results = new Map<string, Run[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, argv] of Object.entries(tools)) {
        const port = freePort();
        // Absolute links name this run's port (HOST in the template), so every tool sees the same site.
        rmSync(root, { recursive: true, force: true });
        Bun.spawnSync(["cp", "-r", template, root]);
        Bun.spawnSync(["sh", "-c", `grep -rl 'http://HOST' ${root} | xargs sed -i 's#http://HOST#http://127.0.0.1:${port}#g'`]);
        const dir = join(work, `run-${name}-${round}`);
        mkdirSync(dir);
        const nginx = await startNginxOn(root, work, name, port);
        const r = await runTool(name, argv(`http://127.0.0.1:${port}/`, dir), dir, nginx, allowed);
        results.set(name, [...(results.get(name) ?? []), r]);
        console.error(`bench: round ${round + 1} ${name}: ${fmt(r.pagesPerSec, 0)} pages/s, ${fmt(r.cpuMsPerPage, 3)} ms CPU/page, ${fmt(r.rssMB)} MB peak RSS, ${r.pages} requests: ${r.note}`);
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const m = (name: string, k: keyof Run) => median(results.get(name)!.map((r) => r[k] as number));
    const g = { pps: m("gokit", "pagesPerSec"), cpu: m("gokit", "cpuMsPerPage"), rss: m("gokit", "rssMB") };
    const s = { pps: m("scrapy", "pagesPerSec"), cpu: m("scrapy", "cpuMsPerPage"), rss: m("scrapy", "rssMB") };
    const w = { pps: m("wget", "pagesPerSec"), cpu: m("wget", "cpuMsPerPage"), rss: m("wget", "rssMB") };
    const exact = (name: string) => {
      const bad = results.get(name)!.find((r) => !r.exact);
      return bad === undefined ? "yes" : `no: ${bad.note.replace(/^missing 0, extra 0 \(\), /, "")}`;
    };
    console.log(`\ngokit scrape vs Scrapy ${Bun.spawnSync([PYTHON, "-c", "import scrapy; print(scrapy.__version__)"]).stdout.toString().trim()} and wget, ${allowed.size} allowed pages (+${PRIVATE} disallowed), median of ${ROUNDS} alternated rounds\n`);
    const rows = [
      ["metric", "gokit", "Scrapy", "wget", "gokit/Scrapy", "gokit/wget", "goal"],
      ["pages/s", fmt(g.pps, 0), fmt(s.pps, 0), fmt(w.pps, 0), `${fmt(g.pps / s.pps, 2)}×`, `${fmt(g.pps / w.pps, 2)}×`, "≥ 5× Scrapy, ≥ 1× wget"],
      ["CPU ms/page", fmt(g.cpu, 3), fmt(s.cpu, 3), fmt(w.cpu, 3), `${fmt(g.cpu / s.cpu, 3)}×`, `${fmt(g.cpu / w.cpu, 2)}×`, "≤ 0.2× Scrapy"],
      ["peak RSS MB", fmt(g.rss), fmt(s.rss), fmt(w.rss), `${fmt(g.rss / s.rss, 2)}×`, `${fmt(g.rss / w.rss, 2)}×`, "≤ 1× Scrapy"],
      ["exact page set", exact("gokit"), exact("scrapy"), exact("wget"), "", "", "each allowed page once"],
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function startNginxOn(root: string, work: string, name: string, port: number): Promise<Nginx> {
  const conf = join(work, `nginx-${port}.conf`);
  const log = join(work, `access-${name}-${port}.log`);
  writeFileSync(conf, nginxConf(root, work, port, log));
  const proc = Bun.spawn(["nginx", "-c", conf, "-p", work], { stdout: "ignore", stderr: "inherit" });
  await waitPort(port, proc);
  return { port, log, stop: async () => void (proc.kill("SIGQUIT"), await proc.exited) };
}

function nginxConf(root: string, work: string, port: number, log: string): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${work}/nginx-${port}.pid;
error_log ${work}/nginx-error.log error;
events { worker_connections 4096; }
http {
  log_format paths '$status $request_uri';
  access_log ${log} paths buffer=256k flush=1s;
  sendfile on;
  keepalive_timeout 120s;
  keepalive_requests 1000000;
  open_file_cache max=10000 inactive=60s;
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy; fastcgi_temp_path ${work}/fcgi;
  uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
  types { text/html html; text/plain txt; }
  server { listen 127.0.0.1:${port}; root ${root}; index index.html; }
}
`;
}

await main();
