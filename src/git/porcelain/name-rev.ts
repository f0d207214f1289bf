/**
 * `git name-rev`: each commit (or other object) given, or with --all every
 * commit git's object table holds, named from the refs (name-rev.ts):
 * "<object> <name>", --name-only the name alone, "undefined" for none (an
 * error with --no-undefined, the abbreviated id with --always). Names that
 * resolve to nothing are skipped with git's message. `describe --contains`
 * runs it as git does (--peel-tag --name-only --no-undefined --tags).
 */
import { fatal } from "../errors.ts";
import { NameRev, ObjectTable } from "../name-rev.ts";
import { abbrev, getOid, peel } from "../revision.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** git name-rev [--name-only] [--tags] [--refs=<pattern>] [--exclude=<pattern>] [--[no-]undefined] [--always] (<commit>... | --all) */
export function nameRev(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, {
    "name-only": {},
    tags: {},
    refs: { value: true },
    exclude: { value: true },
    all: {},
    stdin: {},
    "annotate-stdin": {},
    undefined: {},
    always: {},
    "peel-tag": {},
  });
  for (const o of ["stdin", "annotate-stdin"] as const) if (p.opts[o] === true) throw fatal(`gokit git name-rev does not support --${o}`);
  const args = [...p.args, ...(p.paths ?? [])];
  const all = p.opts.all === true;
  if (all && args.length) throw new OptionError("error: Specify either a list, or --all, not both!", 2);
  const repo = ctx.repo;
  const options = { tagsOnly: p.opts.tags === true, nameOnly: p.opts["name-only"] === true, refs: p.multi.refs ?? [], exclude: p.multi.exclude ?? [] };
  // The objects asked about, and the oldest of their commits' dates (the walks stop below it).
  const revs: { oid: string; type: string; name: string }[] = [];
  const commits: string[] = [];
  for (const name of args) {
    const oid = getOid(repo, name);
    if (oid === undefined) {
      ctx.eprint(`Could not get sha1 for ${name}. Skipping.`);
      continue;
    }
    const obj = repo.objects.read(oid);
    if (!obj) {
      ctx.eprint(`Could not get object for ${name}. Skipping.`);
      continue;
    }
    const commit = peel(repo, oid, "commit");
    if (commit) commits.push(commit);
    if (p.opts["peel-tag"] === true) {
      if (!commit) {
        ctx.eprint(`Could not get commit for ${name}. Skipping.`);
        continue;
      }
      revs.push({ oid: commit, type: "commit", name });
    } else revs.push({ oid, type: obj.type, name });
  }
  const table = all ? new ObjectTable() : undefined;
  const names = new NameRev(repo, options, all ? "all" : commits, table);
  const undefinedOk = p.opts.undefined !== false;
  const show = (oid: string, type: string, caller: string | undefined) => {
    const prefix = options.nameOnly ? "" : `${caller ?? oid} `;
    const name = names.nameOf(oid, type);
    if (name !== undefined) ctx.print(prefix + name);
    else if (undefinedOk) ctx.print(prefix + "undefined");
    else if (p.opts.always === true) ctx.print(prefix + abbrev(repo, oid));
    else {
      // git has printed the object's name already when it dies.
      if (prefix) ctx.out.push(prefix);
      throw fatal(`cannot describe '${oid}'`);
    }
  };
  if (table) {
    for (const oid of table.order) if (repo.objects.read(oid)?.type === "commit") show(oid, "commit", undefined);
  } else for (const r of revs) show(r.oid, r.type, r.name);
  return 0;
}
