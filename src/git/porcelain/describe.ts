/**
 * `git describe`: the nearest tag a commit descends from, as
 * "<tag>-<n>-g<abbreviated id>" (n commits of the commit's history that the
 * tag's does not hold), the tag alone on an exact match; annotated tags
 * only unless --tags; --match/--exclude patterns, --long, --abbrev=<n>,
 * --always, --exact-match, --candidates=<n>, and --dirty[=<mark>] for a
 * work tree or index that differs from HEAD. --contains names the commit
 * after the first tag that contains it: git runs name-rev for it (tags only,
 * the patterns under refs/tags/, unless --all).
 */
import { GitError, fatal } from "../errors.ts";
import { ancestors } from "../merge-base.ts";
import type { Repository } from "../repo.ts";
import { walk } from "../rev-walk.ts";
import { computeStatus } from "../status.ts";
import { abbrev, defaultAbbrev, peel, resolveRev } from "../revision.ts";
import { wildmatch } from "../wildmatch.ts";
import { OptionError, parseOptions, withCommand, type Context } from "./context.ts";
import { nameRev } from "./name-rev.ts";

/** A tag that names a commit: annotated ones win a tie at one commit, then the newer tagger date, then the name. */
interface Name {
  name: string;
  annotated: boolean;
  date: number;
}

/** The tags of `repo` by the commit they name (--tags: lightweight ones too), filtered by --match and --exclude. */
function namesByCommit(repo: Repository, all: boolean, match: string[], exclude: string[]): Map<string, Name[]> {
  const out = new Map<string, Name[]>();
  for (const [ref, oid] of repo.refs.list("refs/tags/")) {
    const name = ref.slice(10);
    if (match.length && !match.some((p) => wildmatch(p, name))) continue;
    if (exclude.some((p) => wildmatch(p, name))) continue;
    const annotated = repo.readObject(oid).type === "tag";
    if (!annotated && !all) continue;
    const commit = peel(repo, oid, "commit");
    if (!commit) continue;
    const date = annotated ? (repo.tag(oid).tagger?.time ?? 0) : 0;
    const list = out.get(commit) ?? out.set(commit, []).get(commit)!;
    list.push({ name, annotated, date });
  }
  for (const list of out.values()) list.sort((a, b) => Number(b.annotated) - Number(a.annotated) || b.date - a.date || (a.name < b.name ? -1 : 1));
  return out;
}

/** git describe [--contains [--all]] [--tags] [--long] [--abbrev=<n>] [--always] [--exact-match] [--match <p>] [--exclude <p>] [--candidates <n>] [--dirty[=<mark>]] [<commit-ish>...] */
export function describe(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, {
    tags: {},
    long: {},
    abbrev: { value: true, optional: "" },
    always: {},
    "exact-match": {},
    match: { value: true },
    exclude: { value: true },
    candidates: { value: true },
    dirty: { value: true, optional: "-dirty" },
    contains: {},
    all: {},
    "first-parent": {},
    debug: {},
    broken: { value: true, optional: "-broken" },
  });
  const repo = ctx.repo;
  const abbrevArg = p.opts.abbrev as string | undefined;
  const width = abbrevArg === undefined || abbrevArg === "" ? defaultAbbrev(repo) : Number(abbrevArg);
  if (!Number.isInteger(width) || width < 0) throw new OptionError(`error: option \`abbrev' expects a numerical value`, 2);
  if (p.opts.long === true && width === 0) throw fatal("options '--long' and '--abbrev=0' cannot be used together");
  // --contains is name-rev's naming, with tags only unless --all (git runs cmd_name_rev with these arguments).
  if (p.opts.contains === true) {
    const all = p.opts.all === true;
    const patterns = all ? [] : [...(p.multi.match ?? []).map((m) => `--refs=refs/tags/${m}`), ...(p.multi.exclude ?? []).map((m) => `--exclude=refs/tags/${m}`)];
    const args = ["--peel-tag", "--name-only", "--no-undefined", ...(p.opts.always === true ? ["--always"] : []), ...(all ? [] : ["--tags", ...patterns]), ...(p.args.length ? p.args : ["HEAD"])];
    return withCommand("name-rev", () => nameRev(ctx, args));
  }
  for (const unsupported of ["all", "first-parent", "debug", "broken"] as const) {
    if (p.opts[unsupported] !== undefined && p.opts[unsupported] !== false) throw fatal(`gokit git describe does not support --${unsupported}`);
  }
  const dirtyMark = p.opts.dirty as string | undefined;
  if (dirtyMark !== undefined && p.args.length) throw new GitError("fatal: option '--dirty' and commit-ishes cannot be used together", 128);
  const candidates = p.opts["exact-match"] ? 0 : p.opts.candidates === undefined ? 10 : Number(p.opts.candidates);
  const names = namesByCommit(repo, p.opts.tags === true, p.multi.match ?? [], p.multi.exclude ?? []);
  const suffix = dirtyMark !== undefined && isDirty(repo) ? dirtyMark : "";
  for (const spec of p.args.length ? p.args : ["HEAD"]) {
    const target = peel(repo, resolveRev(repo, spec).oid, "commit");
    if (!target) throw fatal(`${spec} is not a valid 'commit' object`);
    const short = (oid: string) => (width === 0 ? "" : `-g${abbrev(repo, oid, Math.max(width, 4))}`);
    const exact = names.get(target);
    if (exact) {
      ctx.print(`${exact[0]!.name}${p.opts.long ? `-0${short(target)}` : ""}${suffix}`);
      continue;
    }
    // The first tagged commits met walking back in date order (up to --candidates), the one with the fewest
    // commits of the target's history outside its own chosen; ties go to the one met first.
    let best: { name: string; depth: number } | undefined;
    if (candidates > 0) {
      const mine = ancestors(repo, target);
      let found = 0;
      for (const oid of walk(repo, [target], new Set())) {
        const tagged = names.get(oid);
        if (!tagged) continue;
        const theirs = ancestors(repo, oid);
        let depth = 0;
        for (const c of mine) if (!theirs.has(c)) depth++;
        if (!best || depth < best.depth) best = { name: tagged[0]!.name, depth };
        if (++found >= candidates) break;
      }
    }
    if (best) {
      ctx.print(width === 0 && !p.opts.long ? `${best.name}${suffix}` : `${best.name}-${best.depth}${short(target)}${suffix}`);
      continue;
    }
    if (p.opts["exact-match"]) throw fatal(`no tag exactly matches '${target}'`);
    if (p.opts.always) {
      ctx.print(`${abbrev(repo, target, Math.max(width, 4))}${suffix}`);
      continue;
    }
    if (names.size === 0 && !p.opts.tags && repo.refs.list("refs/tags/").length > 0) {
      throw fatal(`No annotated tags can describe '${target}'.\nHowever, there were unannotated tags: try --tags.`);
    }
    throw fatal(names.size === 0 ? "No names found, cannot describe anything." : `No tags can describe '${target}'.\nTry --always, or create some tags.`);
  }
  return 0;
}

/** Whether the index or a tracked file differs from HEAD (git describe --dirty's diff-index). */
function isDirty(repo: Repository): boolean {
  return computeStatus(repo, { untracked: false }).entries.length > 0;
}
