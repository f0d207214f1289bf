/**
 * `git name-rev`: each commit (or other object) given, or with --all every
 * commit git's object table holds, named from the refs (name-rev.ts):
 * "<object> <name>", --name-only the name alone, "undefined" for none (an
 * error with --no-undefined, the abbreviated id with --always). Names that
 * resolve to nothing are skipped with git's message; --annotate-stdin names
 * the object ids in its input. `describe --contains`
 * runs it as git does (--peel-tag --name-only --no-undefined --tags).
 */
import { fatal } from "../errors.ts";
import { nodeFs } from "../../sys/index.ts";
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
  if (p.opts.stdin === true) ctx.eprint("warning: --stdin is deprecated. Please use --annotate-stdin instead, which is functionally equivalent.\nThis option will be removed in a future release.");
  const annotate = p.opts.stdin === true || p.opts["annotate-stdin"] === true;
  const args = [...p.args, ...(p.paths ?? [])];
  const all = p.opts.all === true;
  if (Number(all) + Number(annotate) + Number(args.length > 0) > 1) throw new OptionError("error: Specify either a list, or --all, not both!", 2);
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
  const table = all || annotate ? new ObjectTable() : undefined;
  const names = new NameRev(repo, options, table ? "all" : commits, table);
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
  if (annotate) {
    const input = nodeFs().readFileSync(0, "utf8");
    const lines = input.split(/(?<=\n)/).filter((l) => l !== "");
    for (const line of lines) ctx.out.push(annotateLine(line.replace(/\r?\n$/, "") + "\n", (oid) => (table!.lookup(oid) ? names.nameOf(oid, repo.objects.read(oid)?.type ?? "") : undefined), options.nameOnly));
  } else if (table) {
    for (const oid of table.order) if (repo.objects.read(oid)?.type === "commit") show(oid, "commit", undefined);
  } else for (const r of revs) show(r.oid, r.type, r.name);
  return 0;
}

/** name_rev_line: each run of exactly 40 lowercase hex digits that names an object git holds, followed by its name (or, --name-only, replaced by it). */
function annotateLine(line: string, nameOf: (oid: string) => string | undefined, nameOnly: boolean): string {
  return line.replace(/(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])|[0-9a-f]{41,}/g, (hex) => {
    if (hex.length !== 40) return hex;
    const name = nameOf(hex);
    if (name === undefined) return hex;
    return nameOnly ? name : `${hex} (${name})`;
  });
}
