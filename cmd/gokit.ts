#!/usr/bin/env bun
/**
 * The `gokit` entry point: global flags, help, version, lazy subcommands and
 * the mapping of errors to exit codes (0 ok, 1 failure, 2 usage, 130 SIGINT).
 */
import "./prestart.ts";
import pkg from "../package.json" with { type: "json" };
import { commands } from "./commands.ts";
import { resolveLeaf, runLeaf, unknownCommand, wantsHelp } from "./cli.ts";
import { renderHelp } from "./help.ts";
import { exitCodeFor, formatError, print, printErr, stdoutPalette, takeGlobalFlags } from "./io.ts";

declare const GOKIT_COMMIT: string | undefined;

function commit(): string | undefined {
  if (typeof GOKIT_COMMIT === "string" && GOKIT_COMMIT !== "") return GOKIT_COMMIT;
  try {
    const r = Bun.spawnSync(["git", "rev-parse", "--short", "HEAD"], { cwd: import.meta.dir, stderr: "ignore" });
    const sha = r.stdout.toString().trim();
    return r.exitCode === 0 && sha ? sha : undefined;
  } catch {
    return undefined;
  }
}

function versionLine(): string {
  const sha = commit();
  return `gokit ${pkg.version}${sha ? ` (${sha})` : ""} ${process.platform}/${process.arch}`;
}

async function rootHelp(): Promise<string> {
  const p = await stdoutPalette();
  const names = Object.keys(commands).sort();
  const width = Math.max(...names.map((n) => n.length));
  const lines = [
    `${p.bold("gokit")} ${pkg.version} — production-minded systems programs in one binary`,
    "",
    `${p.bold("Usage:")} gokit <command> [flags]`,
    "",
    p.bold("Commands:"),
    ...names.map((n) => `  ${p.cyan(n.padEnd(width))}  ${commands[n]!.description}`),
    "",
    p.bold("Global flags:"),
    "  -h, --help               Show help for gokit or a command",
    "  -v, --version            Print the version and exit",
    "      --log-format FORMAT  Daemon logs: json or pretty (default: json when stderr is not a TTY)",
    "      --log-level LEVEL    debug, info, warn or error (default: info; env GOKIT_LOG_LEVEL)",
    "",
    "Environment: NO_COLOR disables colour; GOKIT_DEBUG=1 adds stack traces to errors and diagnostics.",
    "Run 'gokit <command> --help' for a command's flags.",
  ];
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  let args: string[];
  try {
    args = takeGlobalFlags(argv);
  } catch (e) {
    await printErr(formatError("gokit", e));
    return exitCodeFor(e);
  }
  const first = args[0];
  if (first === undefined || first === "--help" || first === "-h") {
    await print(await rootHelp());
    return 0;
  }
  if (first === "--version" || first === "-v" || first === "version") {
    await print(versionLine());
    return 0;
  }
  if (first === "help") {
    const name = args[1];
    if (name === undefined) {
      await print(await rootHelp());
      return 0;
    }
    args = [...args.slice(1), "--help"];
  }
  const name = args[0]!;
  const entry = commands[name];
  if (!entry) {
    const e = name.startsWith("-") ? null : unknownCommand("gokit", name, Object.keys(commands));
    await printErr(e ? formatError("gokit", e) : `gokit: unknown flag ${name}\nRun 'gokit --help' for usage.`);
    return 2;
  }
  const prefix = `gokit ${name}`;
  try {
    const rest = args.slice(1);
    // `gokit git <command> …`: git's arguments are git's to parse (cmd/git.ts passes them through untouched),
    // so they go straight there; `gokit git [-h]` alone is gokit's help for the subcommand.
    if (name === "git" && rest.some((a) => !a.startsWith("-"))) {
      await (await import("./git.ts")).runGitArgs(rest);
      return typeof process.exitCode === "number" ? process.exitCode : 0;
    }
    const root = await entry.load();
    const { cmd, args: leafArgs, path } = await resolveLeaf(root, rest, prefix, { help: wantsHelp(rest) });
    // `gokit git <command> -h` is git's own usage text (src/git); `gokit git -h` is gokit's help for the git subcommand.
    const gitOwnHelp = name === "git" && leafArgs.some((a) => !a.startsWith("-"));
    if (wantsHelp(leafArgs) && !gitOwnHelp) {
      await print(await renderHelp(cmd, path, await stdoutPalette()));
      return 0;
    }
    await runLeaf(cmd, leafArgs, path);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    await printErr(formatError(prefix, e));
    return exitCodeFor(e);
  }
}

// exitCode rather than exit(): stdout and stderr are flushed before the process ends.
process.exitCode = await main(process.argv.slice(2));
