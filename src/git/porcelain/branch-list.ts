/**
 * Listing branches and tags as git 2.39's builtin/branch.c and builtin/tag.c
 * do, on the ref-format core (ref-format.ts) that for-each-ref uses: the
 * refs of the kind asked for (local branches with the detached HEAD first,
 * remote-tracking ones, or both; tags), matched by wildmatch patterns on the
 * name below refs/heads/, refs/remotes/ or refs/tags/ (-i: ignoring case),
 * filtered by history (ref-filter.ts), sorted by the --sort keys after those
 * of branch.sort / tag.sort (refname when none), and printed in --format or
 * in the format git builds (branch.c's build_format: -v, -vv's upstream, the
 * remotes/ prefix and "-> target" of symbolic refs).
 */
import { fatal, GitError } from "../errors.ts";
import { applyRefFilter, type RefFilter } from "../ref-filter.ts";
import { MalformedFormatError, parseRefSort, RefFormat, RefObjects, sortRefs, type RefItem } from "../ref-format.ts";
import type { Repository } from "../repo.ts";
import { wildmatch } from "../wildmatch.ts";
import { detachedFrom } from "../detached-head.ts";
import { OptionError, type Context } from "./context.ts";
import { COLOR_RESET, parseColor } from "../color.ts";

/** What a listing shows and how. */
export interface ListOptions {
  patterns: string[];
  filter: RefFilter | undefined;
  /** --sort keys given after the last --no-sort. */
  sort: string[];
  /** Whether --no-sort dropped the keys of branch.sort / tag.sort. */
  noSort: boolean;
  format: string | undefined;
  ignoreCase: boolean;
  /** Whether %(color:…) atoms (and branch's own colours) are written. */
  color: boolean;
}

/** git's match_pattern: the name below refs/tags/, refs/heads/, refs/remotes/ (or refs/) against each wildmatch pattern. */
function matchesListPattern(refname: string, patterns: string[], ignoreCase: boolean): boolean {
  if (!patterns.length) return true;
  const name = refname.replace(/^refs\/(tags|heads|remotes)\//, "").replace(/^refs\//, "");
  return patterns.some((p) => wildmatch(p, name, { casefold: ignoreCase }));
}

/** A format string, parsed, with git's errors (branch and tag die on a malformed one). */
function parseFormat(format: string, color: boolean): RefFormat {
  try {
    return RefFormat.parse(format, { color });
  } catch (e) {
    if (e instanceof MalformedFormatError) throw new GitError(`${e.message}\nfatal: unable to parse format string`, 128);
    throw e;
  }
}

/** The refs under `prefix` (with the ref each symbolic one names) that the patterns match. */
function refsUnder(repo: Repository, prefix: string, options: ListOptions): RefItem[] {
  return repo.refs
    .list(prefix)
    .map(([refname, oid]): RefItem => {
      const symref = repo.refs.symbolicTarget(refname);
      return symref === undefined ? { refname, oid } : { refname, oid, symref };
    })
    .filter((r) => matchesListPattern(r.refname, options.patterns, options.ignoreCase));
}

/** Sorts and prints `items` in `format`, one line each. */
function printList(ctx: Context, items: RefItem[], format: RefFormat, configKeys: string[], options: ListOptions): void {
  const keys = [...(options.noSort ? [] : configKeys), ...options.sort].map(parseRefSort);
  const objects = new RefObjects(ctx.repo);
  // The detached HEAD comes first whatever the keys (REF_SORTING_DETACHED_HEAD_FIRST).
  const first = items.filter((r) => r.description !== undefined);
  const rest = sortRefs(objects, items.filter((r) => r.description === undefined), keys, { ignoreCase: options.ignoreCase });
  for (const item of [...first, ...rest]) ctx.out.push(format.render(objects, item) + "\n");
}

/** Display width (as utf8_strwidth, for the -v column). */
function width(s: string): number {
  return [...s].length;
}

/** The branch listing options beyond ListOptions. */
export interface BranchListOptions extends ListOptions {
  local: boolean;
  remote: boolean;
  verbose: number;
  /** Digits of -v's ids: undefined for the default, 0 for whole ids. */
  abbrev: number | undefined;
}

/** git branch's listing. */
export function listBranches(ctx: Context, options: BranchListOptions): void {
  const repo = ctx.repo;
  let items: RefItem[] = [];
  const head = repo.head();
  if (options.local && repo.refs.symbolicTarget("HEAD") === undefined && head) {
    const from = detachedFrom(repo);
    const description = `(${from ? `HEAD detached ${from.at ? "at" : "from"} ${from.name}` : "no branch"})`;
    if (matchesListPattern("HEAD", options.patterns, options.ignoreCase)) items.push({ refname: "HEAD", oid: head, description });
  }
  if (options.local) items.push(...refsUnder(repo, "refs/heads/", options));
  if (options.remote) items.push(...refsUnder(repo, "refs/remotes/", options));
  if (options.filter) items = applyRefFilter(repo, items, options.filter);
  const remotePrefix = options.local ? "remotes/" : "";
  let format = options.format;
  if (format === undefined) {
    let maxwidth = 0;
    if (options.verbose) {
      for (const r of items) {
        const name = r.description ?? r.refname.replace(/^refs\/(heads|remotes)\//, "");
        maxwidth = Math.max(maxwidth, width(name) + (r.refname.startsWith("refs/remotes/") ? remotePrefix.length : 0));
      }
    }
    format = branchFormat(options.verbose, maxwidth, remotePrefix, options.abbrev, branchColors(repo, options.color));
  }
  printList(ctx, items, parseFormat(format, options.color), repo.config.getAll("branch.sort"), options);
}

/** branch.c's colour slots and their defaults (color.branch.<slot> overrides them). */
const BRANCH_COLORS = { reset: COLOR_RESET, plain: "", remote: "\x1b[31m", local: "", current: "\x1b[32m", upstream: "\x1b[34m", worktree: "\x1b[36m" };
type BranchColors = typeof BRANCH_COLORS;

/** The colours of a listing: empty strings unless colours are on. */
function branchColors(repo: Repository, on: boolean): BranchColors {
  const out = { ...BRANCH_COLORS };
  for (const slot of Object.keys(out) as (keyof BranchColors)[]) {
    const set = repo.config.get(`color.branch.${slot}`);
    const parsed = set === undefined ? undefined : parseColor(set);
    out[slot] = on ? (parsed ?? out[slot]) : "";
  }
  return out;
}

/** branch.c's build_format. */
function branchFormat(verbose: number, maxwidth: number, remotePrefix: string, abbrev: number | undefined, c: BranchColors): string {
  let local = `%(if)%(HEAD)%(then)* ${c.current}%(else)%(if)%(worktreepath)%(then)+ ${c.worktree}%(else)  ${c.local}%(end)%(end)`;
  let remote = `  ${c.remote}`;
  if (verbose) {
    const obname = abbrev === undefined ? "%(objectname:short)" : abbrev === 0 ? "%(objectname)" : `%(objectname:short=${abbrev})`;
    local += `%(align:${maxwidth},left)%(refname:lstrip=2)%(end)${c.reset} ${obname} `;
    if (verbose > 1) {
      local += `%(if:notequals=*)%(HEAD)%(then)%(if)%(worktreepath)%(then)(${c.worktree}%(worktreepath)${c.reset}) %(end)%(end)`;
      local += `%(if)%(upstream)%(then)[${c.upstream}%(upstream:short)${c.reset}%(if)%(upstream:track)%(then): %(upstream:track,nobracket)%(end)] %(end)%(contents:subject)`;
    } else local += "%(if)%(upstream:track)%(then)%(upstream:track) %(end)%(contents:subject)";
    remote += `%(align:${maxwidth},left)${remotePrefix}%(refname:lstrip=2)%(end)${c.reset}%(if)%(symref)%(then) -> %(symref:short)%(else) ${obname} %(contents:subject)%(end)`;
  } else {
    local += `%(refname:lstrip=2)${c.reset}%(if)%(symref)%(then) -> %(symref:short)%(end)`;
    remote += `${remotePrefix}%(refname:lstrip=2)${c.reset}%(if)%(symref)%(then) -> %(symref:short)%(end)`;
  }
  return `%(if:notequals=refs/remotes)%(refname:rstrip=-2)%(then)${local}%(else)${remote}%(end)`;
}

/**
 * Whether a listing colours (want_color): --color[=<when>] / --no-color,
 * else color.<command>, else color.ui; "auto" never does (gokit writes to
 * no terminal it could colour).
 */
export function colorWanted(repo: Repository, command: string, option: string | undefined): boolean {
  // A config truth value means "auto", which colours nothing here.
  return (option ?? repo.config.get(`color.${command}`) ?? repo.config.get("color.ui"))?.toLowerCase() === "always";
}

/** An --color=<when> value git's option takes ("always", "auto", "never"; bare: "always"). */
export function colorOption(value: string | undefined, negated: boolean): string | undefined {
  if (negated) return "never";
  if (value !== undefined && !/^(always|auto|never)$/i.test(value)) throw new OptionError(`error: option \`color' expects "always", "auto", or "never"`, 0);
  return value;
}

/** git tag's listing: -n<lines> shows that many lines of each message. */
export function listTags(ctx: Context, options: ListOptions & { lines: number }): void {
  const repo = ctx.repo;
  let items = refsUnder(repo, "refs/tags/", options);
  if (options.filter) items = applyRefFilter(repo, items, options.filter);
  const format = options.format ?? (options.lines ? `%(align:15)%(refname:lstrip=2)%(end) %(contents:lines=${options.lines})` : "%(refname:lstrip=2)");
  printList(ctx, items, parseFormat(format, options.color), repo.config.getAll("tag.sort"), options);
}

/** --column (and column.ui / column.<cmd> asking for columns) lays names out in columns, which gokit does not. */
export function refuseColumns(repo: Repository, command: string, column: string | undefined): void {
  if (column !== undefined && !/^(never|plain)$/.test(column)) throw fatal(`gokit git ${command} does not support --column`);
  if (column === undefined) {
    const set = repo.config.get(`column.${command}`) ?? repo.config.get("column.ui");
    if (set !== undefined && /\balways\b/.test(set)) throw fatal(`gokit git ${command} does not support column.${command === "branch" ? "branch" : "tag"}`);
  }
}
