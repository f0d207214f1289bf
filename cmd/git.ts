/**
 * `gokit git`: Git's command line on Git's on-disk format. Git's grammar
 * (clustered short flags, `-n5`, `--` before paths) belongs to the emulated
 * tool, so each subcommand's arguments are passed through untouched and parsed
 * by src/git with Git's own rules; output and exit codes are Git's.
 */
import type { ArgsDef } from "citty";
import { defineCommand, type RunContext } from "./cli.ts";
import { statHelperState } from "../src/git/stat-helper.ts";
import { nodeFs } from "../src/sys/index.ts";

const SUBCOMMANDS =
  "init, add, rm, mv, status, commit, log, rev-list, shortlog, check-mailmap, blame, archive, describe, reflog, branch, checkout, switch, merge, cherry-pick, revert, diff, reset, restore, clean, tag, show, cat-file, hash-object, ls-files, rev-parse, show-ref, config, stash, grep, ls-tree, merge-base, symbolic-ref, update-ref, write-tree, commit-tree, for-each-ref, name-rev";

/**
 * Every flag on the command line declared as a boolean, so the strict shared
 * parser lets Git's own flags through unchanged (the git library parses rawArgs).
 */
function passThrough(): ArgsDef {
  const defs: ArgsDef = {};
  const argv = process.argv;
  const start = argv.indexOf("git");
  for (const a of argv.slice(start + 1)) {
    if (a === "--") break;
    if (!a.startsWith("-") || a === "-") continue;
    const eq = a.indexOf("=");
    const key = a.slice(a.startsWith("--") ? 2 : 1, eq < 0 ? undefined : eq);
    defs[key] = eq < 0 ? { type: "boolean", description: "" } : { type: "string", description: "" };
  }
  return defs;
}

async function write(fd: 1 | 2, parts: (string | Uint8Array)[]): Promise<void> {
  if (parts.length === 0) return;
  const chunks = parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p));
  try {
    await Bun.write(fd === 1 ? Bun.stdout : Bun.stderr, Buffer.concat(chunks));
  } catch (e) {
    if ((e as { code?: unknown }).code !== "EPIPE") throw e;
  }
}

/** Output flushed before a hook runs, written at once (synchronously, so the hook's own output follows it). */
function writeNow(fd: 1 | 2, data: string | Uint8Array): void {
  try {
    if (typeof data === "string") nodeFs().writeSync(fd, data);
    else nodeFs().writeSync(fd, data);
  } catch (e) {
    if ((e as { code?: unknown }).code !== "EPIPE") throw e;
  }
}

/** Runs `git <rawArgs>` (git's own arguments, untouched) and writes its output; sets process.exitCode. */
export async function runGitArgs(rawArgs: string[]): Promise<void> {
  const { runGit } = await import("../src/git/index.ts");
  const r = await runGit(rawArgs, { cwd: process.cwd(), env: process.env, live: writeNow });
  await write(2, r.stderr);
  await write(1, r.stdout);
  process.exitCode = r.code;
  if (process.env.GOKIT_DEBUG === "1") {
    const helper = await statHelperState();
    if (helper !== undefined) await write(2, [`gokit: git stat helper: ${helper}\n`]);
  }
}

export default defineCommand({
  meta: {
    name: "git",
    description: `Git on Git's own on-disk format, interoperable with real git. Commands: ${SUBCOMMANDS}`,
  },
  args: passThrough,
  run: ({ rawArgs }: RunContext) => runGitArgs(rawArgs),
});
