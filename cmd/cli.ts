/**
 * Command-line plumbing on top of citty: help rendering, strict flag checking
 * (citty accepts unknown flags silently; we refuse them) and "did you mean".
 */
import { renderUsage, type ArgsDef, type CommandDef } from "citty";
import { UsageError } from "./io.ts";
import { stripAnsi } from "../src/term/color.ts";

type Resolvable<T> = T | Promise<T> | (() => T) | (() => Promise<T>);

async function resolve<T>(v: Resolvable<T> | undefined): Promise<T | undefined> {
  return typeof v === "function" ? await (v as () => T | Promise<T>)() : await v;
}

/** Edit distance between two short strings (Levenshtein). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate to `word` (by prefix, then edit distance ≤ 2), if any. */
export function suggest(word: string, candidates: string[]): string | undefined {
  const prefixed = candidates.filter((c) => c.startsWith(word) || word.startsWith(c));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** A usage error for an unknown command, with a suggestion when one is close. */
export function unknownCommand(path: string, word: string, candidates: string[]): UsageError {
  const guess = suggest(word, candidates);
  const hint = guess ? `\n\nDid you mean this?\n\t${path} ${guess}` : "";
  return new UsageError(`unknown command "${word}" for "${path}"${hint}\nRun '${path} --help' for usage.`);
}

function valueFlagNames(args: ArgsDef): { values: Set<string>; booleans: Set<string> } {
  const values = new Set<string>();
  const booleans = new Set<string>(["help", "h"]);
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    const alias = "alias" in def ? def.alias : undefined;
    const names = [name, ...(Array.isArray(alias) ? alias : alias ? [alias] : [])];
    const kebab = name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
    names.push(kebab);
    for (const n of names) (def.type === "boolean" ? booleans : values).add(n);
  }
  return { values, booleans };
}

/** Walks `rawArgs` down the subcommand tree; returns the leaf, its own args and the command path. */
export async function resolveLeaf(
  root: CommandDef<any>,
  rawArgs: string[],
  path: string,
): Promise<{ cmd: CommandDef<any>; args: string[]; path: string }> {
  let cmd = root;
  let args = rawArgs;
  for (;;) {
    const subs = await resolve(cmd.subCommands);
    if (!subs || Object.keys(subs).length === 0) return { cmd, args, path };
    const defs = ((await resolve(cmd.args)) ?? {}) as ArgsDef;
    const { values } = valueFlagNames(defs);
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === "--") return { cmd, args, path };
      if (!a.startsWith("-")) break;
      if (!a.includes("=") && values.has(a.replace(/^-+/, ""))) i++;
    }
    const name = args[i];
    if (name === undefined) return { cmd, args, path };
    const next = subs[name];
    if (next === undefined) {
      if (cmd.run) return { cmd, args, path };
      throw unknownCommand(path, name, Object.keys(subs));
    }
    cmd = (await resolve(next)) as CommandDef<any>;
    args = args.slice(i + 1);
    path = `${path} ${name}`;
  }
}

/** Refuses flags the command does not declare, and value flags given without a value. */
export async function checkFlags(cmd: CommandDef<any>, args: string[], path: string): Promise<void> {
  const defs = ((await resolve(cmd.args)) ?? {}) as ArgsDef;
  const { values, booleans } = valueFlagNames(defs);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return;
    if (!a.startsWith("-") || a === "-" || /^-\d/.test(a)) continue;
    const eq = a.indexOf("=");
    const name = a.slice(a.startsWith("--") ? 2 : 1, eq < 0 ? undefined : eq);
    if (values.has(name)) {
      if (eq < 0 && (i + 1 >= args.length || args[i + 1] === "--")) throw new UsageError(`flag ${a} needs a value (see '${path} --help')`);
      if (eq < 0) i++;
      continue;
    }
    if (booleans.has(name) || (name.startsWith("no-") && booleans.has(name.slice(3)))) continue;
    const known = [...values, ...booleans].filter((n) => n.length > 1);
    const guess = suggest(name, known);
    throw new UsageError(`unknown flag ${a} for "${path}"${guess ? ` (did you mean --${guess}?)` : ""}`);
  }
}

/** Renders a command's help; colour is stripped unless `color`. */
export async function usage(cmd: CommandDef<any>, parent: CommandDef<any> | undefined, color: boolean): Promise<string> {
  const text = await renderUsage(cmd, parent);
  return color ? text : stripAnsi(text);
}
