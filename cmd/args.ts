/**
 * Strict flag parsing for citty-style argument definitions. citty's own parser
 * accepts unknown flags silently and loads node:util at start-up; this one
 * refuses unknown flags with a suggestion and costs nothing to load.
 *
 * Forms: `--name value`, `--name=value`, `-a value` (declared alias), `--flag`,
 * `--flag=false`, `--no-flag`, `--` ends flags; `-` and negative numbers are
 * positionals. A repeated value flag keeps every value (see `flagValues`); the
 * args object holds the last, as citty does.
 */
import type { ArgDef, ArgsDef } from "citty";
import { UsageError } from "./io.ts";
import { suggest } from "./suggest.ts";

/** Parsed arguments: positionals in `_`, each declared arg under its name (and camelCase name). */
export type ParsedArgs = { _: string[] } & Record<string, any>;

interface FlagInfo {
  name: string;
  def: ArgDef;
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

function flagTable(defs: ArgsDef): Map<string, FlagInfo> {
  const table = new Map<string, FlagInfo>();
  for (const [name, def] of Object.entries(defs)) {
    if (def.type === "positional") continue;
    const alias = "alias" in def ? def.alias : undefined;
    for (const n of [name, kebab(name), ...(Array.isArray(alias) ? alias : alias ? [alias] : [])]) table.set(n, { name, def });
  }
  return table;
}

function takesValue(def: ArgDef): boolean {
  return def.type === "string" || def.type === "enum";
}

function set(out: ParsedArgs, name: string, value: unknown): void {
  out[name] = value;
  const c = camel(name);
  if (c !== name) out[c] = value;
}

/** Parses `rawArgs` against `defs`; `path` names the command in error messages. */
export function parseArgs(rawArgs: string[], defs: ArgsDef, path: string): ParsedArgs {
  const flags = flagTable(defs);
  const out: ParsedArgs = { _: [] };
  for (const [name, def] of Object.entries(defs)) {
    if (def.default !== undefined && def.type !== "positional") set(out, name, def.default);
  }
  for (let i = 0; i < rawArgs.length; i++) {
    const a = rawArgs[i]!;
    if (a === "--") {
      out._.push(...rawArgs.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-" || /^-\d/.test(a)) {
      out._.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const key = a.slice(a.startsWith("--") ? 2 : 1, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : a.slice(eq + 1);
    let info = flags.get(key);
    if (!info && key.startsWith("no-")) {
      const negated = flags.get(key.slice(3));
      if (negated && inline === undefined) {
        set(out, negated.name, false);
        continue;
      }
    }
    if (!info) {
      const guess = suggest(key, [...flags.keys()].filter((n) => n.length > 1));
      throw new UsageError(`unknown flag ${a.slice(0, eq < 0 ? undefined : eq)} for "${path}"${guess ? ` (did you mean --${guess}?)` : ""}`);
    }
    if (takesValue(info.def)) {
      const value = inline ?? rawArgs[++i];
      if (value === undefined || (inline === undefined && value === "--")) throw new UsageError(`flag ${a} needs a value (see '${path} --help')`);
      const options = "options" in info.def ? info.def.options : undefined;
      if (info.def.type === "enum" && options && !options.includes(value)) {
        throw new UsageError(`invalid value "${value}" for --${info.name}: want ${options.join(", ")}`);
      }
      set(out, info.name, value);
    } else {
      if (inline !== undefined && inline !== "true" && inline !== "false") throw new UsageError(`flag --${info.name} takes no value, got "${inline}"`);
      set(out, info.name, inline !== "false");
    }
  }
  const positionals = [...out._];
  for (const [name, def] of Object.entries(defs)) {
    if (def.type !== "positional") continue;
    const value = positionals.shift();
    if (value !== undefined) set(out, name, value);
    else if (def.default !== undefined) set(out, name, def.default);
    else if (def.required !== false) throw new UsageError(`missing argument ${name.toUpperCase()} (see '${path} --help')`);
  }
  return out;
}

/** Every value given for a repeatable value flag, in order (before `--`). */
export function flagValues(rawArgs: string[], name: string, defs: ArgsDef): string[] {
  const flags = flagTable(defs);
  const values: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const a = rawArgs[i]!;
    if (a === "--") break;
    if (!a.startsWith("-") || a === "-" || /^-\d/.test(a)) continue;
    const eq = a.indexOf("=");
    const info = flags.get(a.slice(a.startsWith("--") ? 2 : 1, eq < 0 ? undefined : eq));
    if (!info || !takesValue(info.def)) continue;
    const value = eq < 0 ? rawArgs[++i] : a.slice(eq + 1);
    if (info.name === name && value !== undefined) values.push(value);
  }
  return values;
}

/** True when the boolean flag `--name` (not its negation) appears before `--`. */
export function flagGiven(rawArgs: string[], name: string): boolean {
  const end = rawArgs.indexOf("--");
  return (end < 0 ? rawArgs : rawArgs.slice(0, end)).some((a) => a === `--${name}` || a === `--${name}=true`);
}
