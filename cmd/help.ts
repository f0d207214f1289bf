/**
 * Help text for a command, in the layout Go tools use: description, usage,
 * commands, arguments, flags, each flag with its value hint and default.
 */
import type { ArgDef, ArgsDef, CommandDef, CommandMeta } from "citty";
import type { Palette } from "../src/term/color.ts";

type Resolvable<T> = T | Promise<T> | (() => T) | (() => Promise<T>);

async function resolve<T>(v: Resolvable<T> | undefined): Promise<T | undefined> {
  return typeof v === "function" ? await (v as () => T | Promise<T>)() : await v;
}

function flagLabel(name: string, def: ArgDef): string {
  const alias = "alias" in def ? def.alias : undefined;
  const short = (Array.isArray(alias) ? alias : alias ? [alias] : []).find((a) => a.length === 1);
  const hint = def.type === "string" || def.type === "enum" ? ` ${def.valueHint ?? (def.type === "enum" && "options" in def ? def.options?.join("|") : "VALUE")}` : "";
  return `${short ? `-${short}, ` : "    "}--${name}${hint}`;
}

function columns(rows: [string, string][], p: Palette, indent = "  "): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${p.cyan(left.padEnd(width))}   ${right}`.trimEnd());
}

/** Renders the help for `cmd`, reached as `path` (e.g. "gokit task add"). */
export async function renderHelp(cmd: CommandDef<any>, path: string, p: Palette): Promise<string> {
  const meta = ((await resolve(cmd.meta)) ?? {}) as CommandMeta;
  const defs = ((await resolve(cmd.args)) ?? {}) as ArgsDef;
  const subs = (await resolve(cmd.subCommands)) ?? {};
  const lines: string[] = [];
  if (meta.description) lines.push(meta.description, "");

  const positionals = Object.entries(defs).filter(([, d]) => d.type === "positional");
  const flags = Object.entries(defs).filter(([, d]) => d.type !== "positional");
  const args = positionals.map(([name, d]) => (d.required === false || d.default !== undefined ? `[${name.toUpperCase()}]` : name.toUpperCase()));
  const usage = [path];
  const subNames = Object.keys(subs);
  if (subNames.length > 0) usage.push(cmd.run || cmd.default ? "[command]" : "<command>");
  usage.push(...args);
  if (flags.length > 0) usage.push("[flags]");
  lines.push(p.bold("Usage:"), `  ${usage.join(" ")}`);

  if (subNames.length > 0) {
    const rows: [string, string][] = [];
    for (const name of subNames) {
      const sub = (await resolve(subs[name])) as CommandDef<any>;
      const m = ((await resolve(sub.meta)) ?? {}) as CommandMeta;
      if (!m.hidden) rows.push([name, m.description ?? ""]);
    }
    lines.push("", p.bold("Commands:"), ...columns(rows, p));
  }
  if (positionals.length > 0) {
    lines.push("", p.bold("Arguments:"), ...columns(positionals.map(([n, d]) => [n.toUpperCase(), d.description ?? ""]), p));
  }
  const flagRows: [string, string][] = flags.map(([name, d]) => {
    const dflt = d.default !== undefined && d.default !== false ? ` (default ${JSON.stringify(d.default)})` : "";
    return [flagLabel(name, d), `${d.description ?? ""}${dflt}`];
  });
  flagRows.push(["-h, --help", `Show help for ${path}`]);
  lines.push("", p.bold("Flags:"), ...columns(flagRows, p));
  if (subNames.length > 0) lines.push("", `Run '${path} <command> --help' for more about a command.`);
  return lines.join("\n");
}
