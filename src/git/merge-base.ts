/** The commit DAG: ancestry tests and merge bases (best common ancestors, as git merge-base). */
import { DateQueue } from "./date-queue.ts";
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
  return mergeBasesMany(repo, a, [b]);
}

const PARENT1 = 1;
const PARENT2 = 2;
const STALE = 4;
const RESULT = 8;

/** Inserts `oid` before the first commit older than it (git's commit_list_insert_by_date). */
function insertByDate(repo: Repository, list: string[], oid: string): void {
  const date = repo.commit(oid).committer.time;
  let k = 0;
  while (k < list.length && repo.commit(list[k]!).committer.time >= date) k++;
  list.splice(k, 0, oid);
}

/**
 * git's paint_down_to_common: walks from `one` (PARENT1) and `twos` (PARENT2)
 * by date; commits reached from both are results, their ancestors stale.
 * Returns the results (by date, in the order found) and every commit's flags.
 */
function paintDownToCommon(repo: Repository, one: string, twos: string[]): { result: string[]; flags: Map<string, number> } {
  const flags = new Map<string, number>();
  const result: string[] = [];
  // Newest first, equal dates first in first out: git's prio_queue by commit date.
  const queue = new DateQueue((oid) => repo.commit(oid).committer.time);
  flags.set(one, PARENT1);
  queue.insert(one);
  for (const t of twos) {
    flags.set(t, (flags.get(t) ?? 0) | PARENT2);
    queue.insert(t);
  }
  while (queue.some((oid) => !((flags.get(oid) ?? 0) & STALE))) {
    const c = queue.shift()!;
    let f = (flags.get(c) ?? 0) & (PARENT1 | PARENT2 | STALE);
    if (f === (PARENT1 | PARENT2)) {
      if (!((flags.get(c) ?? 0) & RESULT)) {
        flags.set(c, flags.get(c)! | RESULT);
        insertByDate(repo, result, c);
      }
      f |= STALE;
    }
    for (const p of repo.commit(c).parents) {
      const pf = flags.get(p) ?? 0;
      if ((pf & f) === f) continue;
      flags.set(p, pf | f);
      queue.insert(p);
    }
  }
  return { result, flags };
}

/** The commits of `list` that are not ancestors of another of them, in their order (git's remove_redundant). */
function removeRedundant(repo: Repository, list: string[]): string[] {
  const redundant = new Array<boolean>(list.length).fill(false);
  for (let i = 0; i < list.length; i++) {
    if (redundant[i]) continue;
    const others: number[] = [];
    for (let j = 0; j < list.length; j++) if (j !== i && !redundant[j]) others.push(j);
    if (others.length === 0) continue;
    const { flags } = paintDownToCommon(repo, list[i]!, others.map((j) => list[j]!));
    if ((flags.get(list[i]!) ?? 0) & PARENT2) redundant[i] = true;
    for (const j of others) if ((flags.get(list[j]!) ?? 0) & PARENT1) redundant[j] = true;
  }
  return list.filter((_, k) => !redundant[k]);
}

/** The merge bases of `one` with all of `twos` (git's get_merge_bases_many): newest first, ties in the order git finds them. */
export function mergeBasesMany(repo: Repository, one: string, twos: string[]): string[] {
  if (twos.includes(one)) return [one];
  const { result, flags } = paintDownToCommon(repo, one, twos);
  const found: string[] = [];
  for (const c of result) if (!((flags.get(c) ?? 0) & STALE)) insertByDate(repo, found, c);
  if (found.length <= 1) return found;
  const out: string[] = [];
  for (const c of removeRedundant(repo, found)) insertByDate(repo, out, c);
  return out;
}

/** `heads` without repeats and without those reachable from another (git's reduce_heads), in their order. */
export function reduceHeads(repo: Repository, heads: string[]): string[] {
  return removeRedundant(repo, [...new Set(heads)]);
}

/** The merge bases for one n-way merge of `commits` (git's get_octopus_merge_bases, then reduce_heads). */
export function octopusMergeBases(repo: Repository, commits: string[]): string[] {
  if (commits.length === 0) return [];
  let bases = [commits[0]!];
  for (const c of commits.slice(1)) bases = bases.flatMap((b) => mergeBasesMany(repo, c, [b]));
  return reduceHeads(repo, bases);
}
