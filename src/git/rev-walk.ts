/** Commit walks: Git's default date order (ties first-in first-out), path-limited history simplification, and topological order for --graph. */
import type { Commit } from "./objects.ts";
import type { Repository } from "./repo.ts";
import { DateQueue } from "./date-queue.ts";

/** Which commits a walk shows (git log's filters); `limit` counts shown commits. */
export interface WalkFilter {
  /** For a path-limited walk: whether the paths differ between two trees (git's TREESAME, negated). */
  changed?: (a: string | undefined, b: string) => boolean;
  firstParent?: boolean;
  /** Keep a commit? (--author, --grep, --merges, --no-merges) */
  keep?: (oid: string) => boolean;
}

/**
 * Commits reachable from `starts` and not from `exclude`, in Git's default
 * order (newest commit date first, ties first-in first-out). With `emit`,
 * each shown commit goes to it as the walk reaches it (git log's streaming
 * order) and the list returned is empty.
 */
export function walk(repo: Repository, starts: string[], exclude: Set<string>, limit = Infinity, filter: WalkFilter = {}, emit?: (oid: string, commit: Commit) => void): string[] {
  // With paths, git's default history simplification: a commit TREESAME to a parent (no change in the paths)
  // is hidden and, for a merge, only that parent is followed.
  const changed = filter.changed;
  const out: string[] = [];
  const seen = new Set<string>();
  const queue = new DateQueue((oid) => repo.commit(oid).committer.time);
  for (const s of starts) {
    if (seen.has(s) || exclude.has(s)) continue;
    seen.add(s);
    queue.insert(s);
  }
  let shown = 0;
  while (queue.length && shown < limit) {
    const oid = queue.shift()!;
    const commit = repo.commit(oid);
    let parents = commit.parents;
    let show = true;
    if (changed) {
      const tree = commit.tree;
      if (parents.length === 0) show = changed(undefined, tree);
      else {
        const same = parents.find((p) => !changed(repo.commit(p).tree, tree));
        if (same !== undefined) {
          show = false;
          parents = [same];
        }
      }
    }
    if (filter.firstParent) parents = parents.slice(0, 1);
    if (show && (!filter.keep || filter.keep(oid))) {
      shown++;
      if (emit) emit(oid, commit);
      else out.push(oid);
    }
    for (let k = 0; k < parents.length; k++) {
      const p = parents[k]!;
      if (seen.has(p) || exclude.has(p)) continue;
      seen.add(p);
      queue.insert(p);
    }
  }
  return out;
}

/** Reorders commits so each comes before its parents (Git's --topo-order, keeping date order where free). */
export function topoOrder(repo: Repository, commits: string[]): string[] {
  const inSet = new Set(commits);
  const indegree = new Map<string, number>();
  for (const c of commits) indegree.set(c, 0);
  for (const c of commits) for (const p of repo.commit(c).parents) if (inSet.has(p)) indegree.set(p, indegree.get(p)! + 1);
  // Git's sort_in_topological_order with a LIFO work stack: tips in date order, then depth first along parents.
  const stack: string[] = commits.filter((c) => indegree.get(c) === 0).reverse();
  const out: string[] = [];
  while (stack.length) {
    const c = stack.pop()!;
    out.push(c);
    const parents = repo.commit(c).parents;
    for (let k = 0; k < parents.length; k++) {
      const p = parents[k]!;
      if (!inSet.has(p)) continue;
      const d = indegree.get(p)! - 1;
      indegree.set(p, d);
      if (d === 0) stack.push(p);
    }
  }
  return out;
}
