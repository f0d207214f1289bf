/**
 * Choosing refs as git's ref-filter does (for-each-ref, and later branch and
 * tag listings): every ref under refs/ that resolves, matched by patterns (a
 * prefix ending at a "/" boundary, or a wildmatch glob), by --points-at
 * (the ref's object or the object its tag names), and by reachability:
 * --merged/--no-merged (the ref's commit is or is not in a commit's history)
 * and --contains/--no-contains (a commit is or is not in the ref's).
 */
import { ancestors } from "./merge-base.ts";
import type { RefItem } from "./ref-atoms.ts";
import type { Repository } from "./repo.ts";
import { peel } from "./revision.ts";
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
  let items: RefItem[] = repo.refs.list("refs/").map(([refname, oid]) => {
    const symref = repo.refs.symbolicTarget(refname);
    return symref === undefined ? { refname, oid } : { refname, oid, symref };
  });
  items = items.filter((r) => matchesRefPattern(r.refname, filter.patterns ?? [], filter.ignoreCase));
  if (filter.pointsAt?.length) {
    const wanted = new Set(filter.pointsAt);
    items = items.filter((r) => wanted.has(r.oid) || (repo.objects.read(r.oid)?.type === "tag" && wanted.has(repo.tag(r.oid).object)));
  }
  const reach = filter.merged?.length || filter.noMerged?.length || filter.contains?.length || filter.noContains?.length;
  if (!reach) return items;
  // Only refs that name commits (through tags) take part in reachability filters.
  const commitOf = new Map<RefItem, string>();
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
    const has = (r: RefItem, commits: string[]) => {
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
