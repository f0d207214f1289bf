/**
 * The subcommand registry. Descriptions are static so `gokit --help` loads no
 * subcommand; each loader imports one thin cmd/<name>.ts, which in turn imports
 * its library only inside `run`. Only implemented subcommands are listed here.
 */
import type { CommandDef } from "citty";

export interface CommandEntry {
  description: string;
  load: () => Promise<CommandDef<any>>;
}

export const commands: Record<string, CommandEntry> = {
  task: { description: "Manage tasks in a JSON file", load: async () => (await import("./task.ts")).default },
  ratelimit: { description: "Rate-limiting algorithms: try them with a live demo", load: async () => (await import("./ratelimit.ts")).default },
  json: { description: "Parse, validate, format and query JSON", load: async () => (await import("./json.ts")).default },
  httpd: { description: "HTTP/1.1 server: static files, echo, rate limiting", load: async () => (await import("./httpd.ts")).default },
  redis: { description: "Redis-compatible server (RESP, persistence)", load: async () => (await import("./redis.ts")).default },
  scrape: { description: "Concurrent, polite web crawler (robots.txt, rate limits)", load: async () => (await import("./scrape.ts")).default },
  git: { description: "Git on Git's own on-disk format, interoperable with real git", load: async () => (await import("./git.ts")).default },
  sqlsh: { description: "SQL shell: a REPL, -c SQL or stdin over gokit's SQL engine; sqllogictest runner", load: async () => (await import("./sqlsh.ts")).default },
};
