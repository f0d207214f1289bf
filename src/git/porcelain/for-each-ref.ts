/**
 * `git for-each-ref`: the refs under refs/ matching the patterns and
 * filters, sorted by --sort keys (refname by default), the first --count,
 * each printed in --format (git's default "%(objectname) %(objecttype)\t%(refname)"),
 * atom values quoted with --shell/--perl/--python/--tcl
 * (builtin/for-each-ref.c over ref-filter's format, sort and filter).
 */
import { fatal, GitError } from "../errors.ts";
import { filterRefs } from "../ref-filter.ts";
import { MalformedFormatError, parseRefSort, RefFormat, RefObjects, sortRefs, type QuoteStyle } from "../ref-format.ts";
import type { Repository } from "../repo.ts";
import { getOid, peel } from "../revision.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** The options whose commit may be left out when they come last (PARSE_OPT_LASTARG_DEFAULT: HEAD). */
const LASTARG_DEFAULT = new Set(["--merged", "--no-merged", "--contains", "--no-contains"]);

/** A --merged/--contains commit, failing with the message git's option callback gives. */
function filterCommit(repo: Repository, option: string, name: string): string {
  const oid = getOid(repo, name);
  const merge = option === "merged" || option === "no-merged";
  if (oid === undefined) {
    if (merge) throw fatal(`malformed object name ${name}`);
    throw new OptionError(`error: malformed object name ${name}`, 0);
  }
  const c = repo.objects.has(oid) ? peel(repo, oid, "commit") : undefined;
  if (!c) {
    const bare = repo.objects.has(oid) ? (peel(repo, oid, "any") ?? oid) : undefined;
    const why = bare ? `error: object ${bare} is a ${repo.readObject(bare).type}, not a commit\n` : "";
    throw new OptionError(`${why}${merge ? `error: option \`${option}' must point to a commit` : `error: no such commit ${name}`}`, 0);
  }
  return c;
}

/** git for-each-ref [--count=<n>] [--shell|--perl|--python|--tcl] [--sort=<key>]... [--format=<format>] [--points-at=<object>] [--merged[=<commit>]] [--no-merged[=<commit>]] [--contains[=<commit>]] [--no-contains[=<commit>]] [--ignore-case] [<pattern>...] */
export function forEachRef(ctx: Context, argv: string[]): number {
  const args = argv.length && LASTARG_DEFAULT.has(argv[argv.length - 1]!) ? [...argv, "HEAD"] : argv;
  const p = parseOptions(args, {
    shell: { short: "s" },
    perl: { short: "p" },
    python: {},
    tcl: {},
    count: { value: true },
    format: { value: true },
    color: { value: true, optional: "always" },
    sort: { value: true },
    "points-at": { value: true },
    merged: { value: true },
    "no-merged": { value: true },
    contains: { value: true },
    "no-contains": { value: true },
    "ignore-case": {},
  });
  const repo = ctx.repo;
  // Option callbacks run in order: points-at, then the commits (git resolves each as it parses it).
  const pointsAt = (p.multi["points-at"] ?? []).map((name) => {
    const oid = getOid(repo, name);
    if (oid === undefined) throw new OptionError(`error: malformed object name '${name}'`, 0);
    return oid;
  });
  const commits = (option: string) => (p.multi[option] ?? []).map((name) => filterCommit(repo, option, name));
  const filter = { merged: commits("merged"), noMerged: commits("no-merged"), contains: commits("contains"), noContains: commits("no-contains") };
  const countArg = p.opts.count as string | undefined;
  let count = 0;
  if (countArg !== undefined) {
    if (!/^[+-]?\d+$/.test(countArg.trim())) throw new OptionError("error: option `count' expects a numerical value", 0);
    count = Number(countArg);
    if (count < 0) throw new OptionError(`error: invalid --count argument: \`${count}'`, 2, true);
  }
  const styles = (["shell", "perl", "python", "tcl"] as const).filter((s) => p.opts[s] === true);
  if (styles.length > 1) throw new OptionError("error: more than one quoting style?", 2, true);
  const quote: QuoteStyle | undefined = styles[0];
  // --color[=<when>]: "always" colours; "auto" would need a terminal, and gokit git writes no colour there.
  const color = p.opts.color as string | undefined;
  if (color !== undefined && !/^(never|false|no|off|auto|true|yes|on|always)$/.test(color)) throw new GitError(`error: option \`color' expects "always", "auto", or "never"`, 129);
  let format: RefFormat;
  try {
    format = RefFormat.parse((p.opts.format as string | undefined) ?? RefFormat.DEFAULT, { color: color !== undefined && /^(always|true|yes|on)$/.test(color) });
  } catch (e) {
    if (e instanceof MalformedFormatError) throw new OptionError(e.message, 2, true);
    throw e;
  }
  const keys = (p.multi.sort ?? []).map(parseRefSort);
  const ignoreCase = p.opts["ignore-case"] === true;
  const objects = new RefObjects(repo);
  const refs = sortRefs(objects, filterRefs(repo, { patterns: [...p.args, ...(p.paths ?? [])], ignoreCase, pointsAt, ...filter }), keys, { ignoreCase });
  for (const ref of count ? refs.slice(0, count) : refs) ctx.out.push(format.render(objects, ref, quote) + "\n");
  return 0;
}
