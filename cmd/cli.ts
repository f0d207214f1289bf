/**
 * Command dispatch for citty-style command definitions without loading citty
 * on the hot path: subcommand resolution (with a default subcommand), strict
 * flag parsing (cmd/args.ts) and help rendering (citty, imported on demand).
 */
import type { ArgsDef, CommandDef } from "citty";
import { parseArgs, type ParsedArgs } from "./args.ts";
import { UsageError } from "./io.ts";
import { suggest } from "./suggest.ts";

type Resolvable<T> = T | Promise<T> | (() => T) | (() => Promise<T>);

/** What a command's `run` receives. */
export interface RunContext<A = ParsedArgs> {
  rawArgs: string[];
  args: A;
  cmd: CommandDef<any>;
}

/** Declares a command (typed like citty's defineCommand, but free to load). */
export function defineCommand<const T extends ArgsDef = ArgsDef>(def: CommandDef<T>): CommandDef<T> {
  return def;
}

async function resolve<T>(v: Resolvable<T> | undefined): Promise<T | undefined> {
  return typeof v === "function" ? await (v as () => T | Promise<T>)() : await v;
}

/** A usage error for an unknown command, with a suggestion when one is close. */
export function unknownCommand(path: string, word: string, candidates: string[]): UsageError {
  const guess = suggest(word, candidates);
  const hint = guess ? `\n\nDid you mean this?\n\t${path} ${guess}\n` : "";
  return new UsageError(`unknown command "${word}" for "${path}"${hint}\nRun '${path} --help' for usage.`);
}

function valueFlags(defs: ArgsDef): Set<string> {
  const names = new Set<string>();
  for (const [name, def] of Object.entries(defs)) {
    if (def.type !== "string" && def.type !== "enum") continue;
    names.add(name);
    const alias = "alias" in def ? def.alias : undefined;
    for (const a of Array.isArray(alias) ? alias : alias ? [alias] : []) names.add(a);
  }
  return names;
}

/**
 * Walks `rawArgs` down the subcommand tree to the command that runs. A word that
 * is not a subcommand goes to the `default` subcommand unless it looks like a
 * typo of one (then it is a usage error with a suggestion).
 */
export async function resolveLeaf(
  root: CommandDef<any>,
  rawArgs: string[],
  path: string,
  options: { help?: boolean } = {},
): Promise<{ cmd: CommandDef<any>; args: string[]; path: string }> {
  let cmd = root;
  let args = rawArgs;
  for (;;) {
    const subs = await resolve(cmd.subCommands);
    if (!subs || Object.keys(subs).length === 0) return { cmd, args, path };
    const values = valueFlags(((await resolve(cmd.args)) ?? {}) as ArgsDef);
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === "--" || !a.startsWith("-") || a === "-") break;
      if (!a.includes("=") && values.has(a.replace(/^-+/, ""))) i++;
    }
    const name = args[i];
    if (options.help && (name === undefined || name === "--")) return { cmd, args, path };
    const fallback = await resolve(cmd.default);
    if (name === undefined || name === "--" || !(name in subs)) {
      if (name !== undefined && name !== "--" && !cmd.run && (!fallback || suggest(name, Object.keys(subs)))) {
        throw unknownCommand(path, name, Object.keys(subs));
      }
      if (cmd.run || !fallback) {
        if (!cmd.run) throw new UsageError(`missing command for "${path}" (one of: ${Object.keys(subs).join(", ")})`);
        return { cmd, args, path };
      }
      cmd = (await resolve(subs[fallback])) as CommandDef<any>;
      path = `${path} ${fallback}`;
      continue;
    }
    cmd = (await resolve(subs[name])) as CommandDef<any>;
    args = args.slice(i + 1);
    path = `${path} ${name}`;
  }
}

/** True when `--help`/`-h` appears before `--`. */
export function wantsHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
  }
  return false;
}

/** Parses the leaf command's flags strictly and runs it. */
export async function runLeaf(cmd: CommandDef<any>, rawArgs: string[], path: string): Promise<void> {
  const defs = ((await resolve(cmd.args)) ?? {}) as ArgsDef;
  const args = parseArgs(rawArgs, defs, path);
  if (!cmd.run) throw new UsageError(`"${path}" cannot run on its own (see '${path} --help')`);
  await cmd.run({ rawArgs, args, cmd } as never);
}
