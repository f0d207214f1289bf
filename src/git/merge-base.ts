/** The commit DAG: ancestry tests and merge bases (best common ancestors, as git merge-base). */
import type { Repository } from "./repo.ts";

/** True when `a` is `b` or one of its ancestors. */
export function isAncestor(repo: Repository, a: string, b: string): boolean {
  if (a === b) return true;
  const seen = new Set<string>([b]);
  const stack = [b];
  while (stack.length) {
    const c = stack.pop()!;
    for (const p of repo.commit(c).parents) {
      if (p === a) return true;
      if (seen.has(p)) continue;
      seen.add(p);
      stack.push(p);
    }
  }
  return false;
}

/** Every ancestor of `oid`, itself included. */
export function ancestors(repo: Repository, oid: string): Set<string> {
  const seen = new Set<string>([oid]);
  const stack = [oid];
  while (stack.length) {
    for (const p of repo.commit(stack.pop()!).parents) {
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
  }
  return seen;
}

/** The best common ancestors of `a` and `b` (none of them an ancestor of another), newest first. */
export function mergeBases(repo: Repository, a: string, b: string): string[] {
  const ofA = ancestors(repo, a);
  // Common ancestors reachable from b without passing through another common ancestor.
  const candidates: string[] = [];
  const seen = new Set<string>([b]);
  const stack = [b];
  while (stack.length) {
    const c = stack.pop()!;
    if (ofA.has(c)) {
      candidates.push(c);
      continue;
    }
    for (const p of repo.commit(c).parents) {
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
  }
  const best = candidates.filter((c) => !candidates.some((d) => d !== c && isAncestor(repo, c, d)));
  return [...new Set(best)].sort((x, y) => repo.commit(y).committer.time - repo.commit(x).committer.time);
}
