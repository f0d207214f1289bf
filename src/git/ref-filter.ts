/**
 * The history filters of git's ref-filter.c, shared by branch and tag:
 * --contains / --no-contains (the ref's commit has / lacks one of the
 * commits in its history), --merged / --no-merged (the ref's commit is /
 * is not in the history of one of them) and --points-at (the ref, or the tag
 * names, one level down, points at the object). A ref whose object is not a commit only
 * passes --points-at.
 */
import type { Repository } from "./repo.ts";
import { isAncestor } from "./merge-base.ts";
import { peel, tryResolve } from "./revision.ts";
import { GitError } from "./errors.ts";

/** The filters given, each a list of resolved ids. */
export interface RefFilters {
  contains: string[];
  noContains: string[];
  merged: string[];
  noMerged: string[];
  pointsAt: string[];
}

/** The option names, as parseOptions keys, and the filter each fills. */
const KEYS = { contains: "contains", "no-contains": "noContains", merged: "merged", "no-merged": "noMerged", "points-at": "pointsAt" } as const;

/** The parseOptions spec of the filters (written last, with no value, they mean HEAD: git's PARSE_OPT_LASTARG_DEFAULT). */
export function refFilterSpec(names: (keyof typeof KEYS)[]): Record<string, { value: true; lastArgDefault: string }> {
  return Object.fromEntries(names.map((n) => [n, { value: true, lastArgDefault: "HEAD" }]));
}

/** The filters from parsed options (undefined when none is given), with git's errors for a name that is no commit (or object). */
export function refFiltersFrom(repo: Repository, multi: Record<string, string[] | undefined>): RefFilters | undefined {
  const out: RefFilters = { contains: [], noContains: [], merged: [], noMerged: [], pointsAt: [] };
  let any = false;
  for (const [option, key] of Object.entries(KEYS)) {
    for (const v of multi[option] ?? []) {
      any = true;
      const r = tryResolve(repo, v);
      if (!r) throw new GitError(key === "pointsAt" ? `error: malformed object name '${v}'` : `error: malformed object name ${v}`, 129);
      if (key === "pointsAt") {
        out.pointsAt.push(r.oid);
        continue;
      }
      const commit = peel(repo, r.oid, "commit");
      if (!commit) throw new GitError(`error: object ${peel(repo, r.oid, "any") ?? r.oid} is a ${repo.readObject(peel(repo, r.oid, "any") ?? r.oid).type}, not a commit\nerror: no such commit ${v}`, 129);
      out[key].push(commit);
    }
  }
  return any ? out : undefined;
}

/** Whether the ref with id `oid` passes the filters. */
export function refPasses(repo: Repository, oid: string, f: RefFilters): boolean {
  if (f.pointsAt.length && !f.pointsAt.some((x) => x === oid || (repo.readObject(oid).type === "tag" && repo.tag(oid).object === x))) return false;
  if (!f.contains.length && !f.noContains.length && !f.merged.length && !f.noMerged.length) return true;
  const commit = peel(repo, oid, "commit");
  if (!commit) return false;
  if (f.contains.length && !f.contains.some((c) => isAncestor(repo, c, commit))) return false;
  if (f.noContains.some((c) => isAncestor(repo, c, commit))) return false;
  if (f.merged.length && !f.merged.some((c) => isAncestor(repo, commit, c))) return false;
  if (f.noMerged.some((c) => isAncestor(repo, commit, c))) return false;
  return true;
}
