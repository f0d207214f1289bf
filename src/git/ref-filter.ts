/**
 * Choosing refs as git's ref-filter does (for-each-ref, branch and tag
 * listings): every ref under refs/ that resolves, matched by patterns (a
 * prefix ending at a "/" boundary, or a wildmatch glob), by --points-at
 * (the ref's object or the object its tag names), and by reachability:
 * --merged/--no-merged (the ref's commit is or is not in a commit's history)
 * and --contains/--no-contains (a commit is or is not in the ref's).
 */
import { ancestors } from "./merge-base.ts";
import type { RefItem } from "./ref-atoms.ts";
import type { Repository } from "./repo.ts";
import { peel, tryResolve } from "./revision.ts";
import { GitError } from "./errors.ts";
import { wildmatch } from "./wildmatch.ts";

/** What to keep; commits are full ids already resolved by the caller. */
export interface RefFilter {
  patterns?: string[];
  ignoreCase?: boolean;
  pointsAt?: string[];
  merged?: string[];
  noMerged?: string[];
  contains?: string[];
  noContains?: string[];
}

/** git's match_name_as_path: a pattern is a leading part of the name ending at "/", or a glob of the whole name. */
export function matchesRefPattern(name: string, patterns: string[], ignoreCase = false): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => {
    if (name.startsWith(p) && (name.length === p.length || name[p.length] === "/" || p.endsWith("/"))) return true;
    return wildmatch(p, name, { pathname: true, casefold: ignoreCase });
  });
}

/** The refs under refs/ (each with the ref a symbolic one names) that `filter` keeps, in name order. */
export function filterRefs(repo: Repository, filter: RefFilter = {}): RefItem[] {
  const items: RefItem[] = repo.refs.list("refs/").map(([refname, oid]) => {
    const symref = repo.refs.symbolicTarget(refname);
    return symref === undefined ? { refname, oid } : { refname, oid, symref };
  });
  return applyRefFilter(
    repo,
    items.filter((r) => matchesRefPattern(r.refname, filter.patterns ?? [], filter.ignoreCase)),
    filter,
  );
}

/** The items that pass --points-at and the history filters of `filter` (patterns are the caller's). */
export function applyRefFilter<T extends { oid: string }>(repo: Repository, items: T[], filter: RefFilter): T[] {
  if (filter.pointsAt?.length) {
    const wanted = new Set(filter.pointsAt);
    items = items.filter((r) => wanted.has(r.oid) || (repo.objects.read(r.oid)?.type === "tag" && wanted.has(repo.tag(r.oid).object)));
  }
  const reach = filter.merged?.length || filter.noMerged?.length || filter.contains?.length || filter.noContains?.length;
  if (!reach) return items;
  // Only refs that name commits (through tags) take part in reachability filters.
  const commitOf = new Map<T, string>();
  for (const r of items) {
    const c = peel(repo, r.oid, "commit");
    if (c) commitOf.set(r, c);
  }
  items = items.filter((r) => commitOf.has(r));
  const historyOf = (tips: string[]) => {
    const all = new Set<string>();
    for (const t of tips) for (const c of ancestors(repo, t)) all.add(c);
    return all;
  };
  if (filter.merged?.length) {
    const history = historyOf(filter.merged);
    items = items.filter((r) => history.has(commitOf.get(r)!));
  }
  if (filter.noMerged?.length) {
    const history = historyOf(filter.noMerged);
    items = items.filter((r) => !history.has(commitOf.get(r)!));
  }
  if (filter.contains?.length || filter.noContains?.length) {
    const histories = new Map<string, Set<string>>();
    const has = (r: T, commits: string[]) => {
      const c = commitOf.get(r)!;
      let h = histories.get(c);
      if (!h) histories.set(c, (h = ancestors(repo, c)));
      return commits.some((x) => h!.has(x));
    };
    if (filter.contains?.length) items = items.filter((r) => has(r, filter.contains!));
    if (filter.noContains?.length) items = items.filter((r) => !has(r, filter.noContains!));
  }
  return items;
}

/** The option names of the filters, as parseOptions keys, and the field each fills. */
const OPTIONS = { contains: "contains", "no-contains": "noContains", merged: "merged", "no-merged": "noMerged", "points-at": "pointsAt" } as const;

/** The parseOptions spec of the filters (written last, with no value, they mean HEAD: git's PARSE_OPT_LASTARG_DEFAULT). */
export function refFilterSpec(names: (keyof typeof OPTIONS)[]): Record<string, { value: true; lastArgDefault: string }> {
  return Object.fromEntries(names.map((n) => [n, { value: true, lastArgDefault: "HEAD" }]));
}

/** The filters from branch's or tag's parsed options (undefined when none is given), with git's errors for a name that is no commit (or object). */
export function refFilterFrom(repo: Repository, multi: Record<string, string[] | undefined>): RefFilter | undefined {
  const out: Required<Omit<RefFilter, "patterns" | "ignoreCase">> = { contains: [], noContains: [], merged: [], noMerged: [], pointsAt: [] };
  let any = false;
  for (const [option, key] of Object.entries(OPTIONS)) {
    for (const v of multi[option] ?? []) {
      any = true;
      const r = tryResolve(repo, v);
      if (!r) throw new GitError(key === "pointsAt" ? `error: malformed object name '${v}'` : `error: malformed object name ${v}`, 129);
      if (key === "pointsAt") {
        out.pointsAt.push(r.oid);
        continue;
      }
      const commit = peel(repo, r.oid, "commit");
      if (!commit) {
        const object = peel(repo, r.oid, "any") ?? r.oid;
        throw new GitError(`error: object ${object} is a ${repo.readObject(object).type}, not a commit\nerror: no such commit ${v}`, 129);
      }
      out[key].push(commit);
    }
  }
  return any ? out : undefined;
}
