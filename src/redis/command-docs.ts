/**
 * COMMAND, COMMAND INFO and COMMAND DOCS replies, generated from the command
 * table in Redis 7's shapes (so redis-cli and client libraries can introspect).
 */
import type { CommandContext, CommandSpec } from "./command.ts";
import { SUMMARIES } from "./command-summaries.ts";

function writeInfo(ctx: CommandContext, spec: CommandSpec): void {
  const { out } = ctx;
  out.array(10);
  out.bulk(spec.name);
  out.integer(spec.arity);
  out.set(spec.flags.length);
  for (const f of spec.flags) out.simple(f);
  out.integer(spec.keys[0]);
  out.integer(spec.keys[1]);
  out.integer(spec.keys[2]);
  const acl = [`@${spec.group}`];
  out.set(acl.length);
  for (const a of acl) out.simple(a);
  out.set(0);
  out.array(0);
  const subs = spec.subcommands ? [...spec.subcommands.values()] : [];
  out.array(subs.length);
  for (const s of subs) writeInfo(ctx, s);
}

/** COMMAND and COMMAND INFO: every command, or the named ones (null for unknown names). */
export function commandInfo(ctx: CommandContext, table: Map<string, CommandSpec>, names: string[] | undefined): void {
  if (names === undefined || names.length === 0) {
    ctx.out.array(table.size);
    for (const spec of table.values()) writeInfo(ctx, spec);
    return;
  }
  ctx.out.array(names.length);
  for (const n of names) {
    const spec = table.get(n);
    if (spec) writeInfo(ctx, spec);
    else ctx.out.nullArray();
  }
}

function writeDoc(ctx: CommandContext, spec: CommandSpec): void {
  const { out } = ctx;
  const subs = spec.subcommands ? [...spec.subcommands.values()] : [];
  out.map(subs.length > 0 ? 4 : 3);
  out.bulk("summary"), out.bulk(spec.summary || SUMMARIES[spec.name] || spec.name.toUpperCase().replace("|", " "));
  out.bulk("since"), out.bulk(spec.since);
  out.bulk("group"), out.bulk(spec.group);
  if (subs.length > 0) {
    out.bulk("subcommands");
    out.map(subs.length);
    for (const s of subs) {
      out.bulk(s.name);
      writeDoc(ctx, s);
    }
  }
}

/** COMMAND DOCS [name …]: a map of name → {summary, since, group[, subcommands]}. */
export function commandDocs(ctx: CommandContext, table: Map<string, CommandSpec>): void {
  const names = ctx.argv.slice(2).map((a) => Buffer.from(a).toString("latin1").toLowerCase());
  const specs = names.length === 0 ? [...table.values()] : names.map((n) => table.get(n)).filter((s) => s !== undefined);
  ctx.out.map(specs.length);
  for (const s of specs) {
    ctx.out.bulk(s.name);
    writeDoc(ctx, s);
  }
}
