/**
 * The test site in its own process, so the server's request timestamps are
 * not skewed by the crawler's event loop (politeness tests) and the binary
 * can be crawled and signalled (e2e tests). Run as a script it prints its
 * URL; GET /__hits returns every request it saw as JSON.
 */
import { resolve } from "node:path";
import type { Hit, SiteOptions } from "./site.ts";

/** A site running in a child process. */
export interface RemoteSite extends AsyncDisposable {
  port: number;
  url(path?: string): string;
  /** Every request so far, as the server recorded it. */
  hits(): Promise<Hit[]>;
}

/** Starts the generated site in a child process. */
export async function startSiteProcess(opts: SiteOptions = {}): Promise<RemoteSite> {
  const proc = Bun.spawn([process.execPath, resolve(import.meta.dir, "site-process.ts"), JSON.stringify(opts)], { stdout: "pipe", stderr: "inherit" });
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { done, value } = await reader.read();
    if (done) throw new Error("site process exited before printing its URL");
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const base = text.trim();
  const port = Number(new URL(base).port);
  return {
    port,
    url: (path = "/") => `${base}${path}`,
    hits: async () => (await (await fetch(`${base}/__hits`)).json()) as Hit[],
    async [Symbol.asyncDispose]() {
      proc.kill();
      await proc.exited;
    },
  };
}

if (import.meta.main) {
  const { TestSite } = await import("./site.ts");
  const site = await TestSite.start(JSON.parse(process.argv[2] ?? "{}") as SiteOptions);
  site.routes.set("/__hits", {
    allowed: true,
    links: [],
    respond: async (_req, res) => {
      res.setHeader("content-type", "application/json");
      await res.end(JSON.stringify(site.hits.filter((h) => h.path !== "/__hits")));
    },
  });
  await Bun.write(Bun.stdout, `${site.url("")}\n`);
}
