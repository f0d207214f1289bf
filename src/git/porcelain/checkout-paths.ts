/**
 * Checking out paths (builtin/checkout.c's checkout_paths), shared by
 * `git checkout [<tree-ish>] -- <paths>` and `git restore`: the source's
 * entries are read into the index (update_some), the pathspec marks the
 * entries to check out (in no-overlay mode, entries the source lacks are
 * marked for removal), unmerged paths are refused or resolved to a stage
 * (--ours/--theirs) or re-merged (-m, which first brings back the stages
 * of conflicts resolved in the index from its resolve-undo records), then
 * the work tree and/or the index are updated.
 */
import { invalidatePaths, parseCacheTree, serializeCacheTree } from "../cache-tree.ts";
import { compareEntries, zeroStat, type IndexEntry } from "../index-file.ts";
import { mergeFile } from "../merge-file.ts";
import { Pathspec } from "../pathspec.ts";
import { parseResolveUndo, recordResolveUndo, serializeResolveUndo, type ResolveUndo } from "../resolve-undo.ts";
import { flattenTree } from "../tree.ts";
import { workMatchesEntry, writeWorkFile } from "../workdir.ts";
import { removeWorkFile } from "./add.ts";
import type { Context } from "./context.ts";

/** What to check out, and where to. */
export interface PathCheckoutOptions {
  /** The tree to take the paths from; the index when undefined. */
  source?: string;
  /** Update the index (restore --staged; checkout always). */
  index: boolean;
  /** Update the work tree. */
  worktree: boolean;
  /** Overlay mode (checkout's default): entries missing from the source are left alone rather than removed. */
  overlay: boolean;
  /** --ours (2) or --theirs (3): unmerged paths are checked out from that stage. */
  stage?: 2 | 3;
  /** -m / --conflict: unmerged paths are merged again into the work tree, with this conflict style. */
  merge?: "merge" | "diff3" | "zdiff3";
  /** --ignore-unmerged: unmerged paths are skipped with a warning (none under `quiet`). */
  ignoreUnmerged?: boolean;
  /** --ignore-skip-worktree-bits: entries marked skip-worktree are checked out too (else the pathspec does not see them). */
  ignoreSkipWorktree?: boolean;
  quiet?: boolean;
}

/** An index entry with checkout_paths's flags. */
interface Marked {
  e: IndexEntry;
  /** Came from the source (CE_UPDATE). */
  update: boolean;
  matched: boolean;
  /** Leaves the index and the work tree (CE_REMOVE | CE_WT_REMOVE). */
  remove: boolean;
}

const isIntentToAdd = (e: IndexEntry) => ((e.extended ?? 0) & 0x2000) !== 0;

/**
 * Checks out the paths `args` name (relative to the current directory).
 * Errors are printed as git's `error:` lines and give status 1; `count` is
 * the number of files written (git's nr_checkouts).
 */
export function checkoutPaths(ctx: Context, args: string[], options: PathCheckoutOptions): { code: number; count: number } {
  const repo = ctx.repo;
  const spec = new Pathspec(args, repo.prefix, repo.workTree);
  const lock = repo.lockIndex();
  try {
    const { entries, mtimeNs, tree: cacheTreeBytes, resolveUndo } = repo.readIndex();
    const touched: string[] = [];
    // Resolve-undo records: kept, added to when conflict stages leave the index, used up by -m.
    const undo = resolveUndo ? parseResolveUndo(resolveUndo) : new Map<string, ResolveUndo>();
    let list: Marked[] = entries.map((e) => ({ e, update: false, matched: false, remove: false }));
    if (options.source !== undefined) list = readTreeSome(repo, list, spec, options.source, { touched, undo });
    // Every pathspec must match some entry (the source's, read in above, or the index's).
    const seen: boolean[] = new Array(spec.items.length).fill(false);
    for (const m of list) {
      if (!options.ignoreSkipWorktree && ((m.e.extended ?? 0) & 0x4000) !== 0) continue;
      if (options.overlay) {
        if (options.source !== undefined && !m.update) continue;
        m.matched = spec.markMatches(m.e.path, seen);
      } else if (spec.markMatches(m.e.path, seen)) {
        m.matched = true;
        if (options.source !== undefined && !m.update) m.remove = true;
      }
    }
    let errors = 0;
    spec.items.forEach((it, k) => {
      // The same pathspec given twice is reported once (report_path_error).
      if (seen[k] || spec.items.some((o, j) => seen[j] && o.raw === it.raw)) return;
      ctx.eprint(`error: pathspec '${it.raw}' did not match any file(s) known to git`);
      errors++;
    });
    if (errors) {
      lock.rollback();
      return { code: 1, count: 0 };
    }
    // -m: paths whose conflict was resolved in the index get their stages back (unmerge_marked_index).
    if (options.merge && undo.size) list = unmergeMarked(list, undo, touched);
    // Unmerged paths: refused, skipped, or taken from a stage or a new merge.
    const groups = unmergedGroups(list);
    for (const g of groups) {
      const path = g[0]!.e.path;
      if (options.ignoreUnmerged) {
        if (!options.quiet) ctx.eprint(`warning: path '${path}' is unmerged`);
      } else if (options.stage) {
        if (options.overlay && !g.some((m) => m.e.stage === options.stage)) errors |= noStage(ctx, path, options.stage);
      } else if (options.merge) {
        if (!(g.some((m) => m.e.stage === 2) && g.some((m) => m.e.stage === 3))) {
          ctx.eprint(`error: path '${path}' does not have all necessary versions`);
          errors = 1;
        }
      } else {
        ctx.eprint(`error: path '${path}' is unmerged`);
        errors = 1;
      }
    }
    if (errors) {
      lock.rollback();
      return { code: 1, count: 0 };
    }
    let count = 0;
    if (options.worktree) {
      for (let k = 0; k < list.length; k++) {
        const m = list[k]!;
        if (!m.matched || m.e.stage !== 0) continue;
        if (m.remove) removeWorkFile(repo.workTree, m.e.path);
        else if (!workMatchesEntry(repo, m.e, mtimeNs)) {
          // The entry's flags (intent-to-add, skip-worktree, assume-valid) stay; its stat data is the new file's.
          m.e = { ...writeWorkFile(repo, m.e.path, m.e.mode, m.e.oid), extended: m.e.extended, assumeValid: m.e.assumeValid };
          count++;
        }
      }
      for (const g of groups) {
        const path = g[0]!.e.path;
        if (options.stage) {
          const s = g.find((m) => m.e.stage === options.stage);
          if (!s) {
            if (!options.overlay) removeWorkFile(repo.workTree, path);
          } else if (!workMatchesEntry(repo, s.e, mtimeNs)) {
            writeWorkFile(repo, path, s.e.mode, s.e.oid);
            count++;
          }
        } else if (options.merge) {
          mergeAgain(repo, g, options.merge);
        }
      }
    }
    for (const m of list) if (m.remove) touched.push(m.e.path);
    list = list.filter((m) => !m.remove);
    // The index is written when it is what is restored, and when the work tree was restored from it (for the new stat data).
    if (options.index || (options.worktree && options.source === undefined)) {
      const root = cacheTreeBytes && parseCacheTree(cacheTreeBytes);
      if (root) invalidatePaths(root, touched);
      repo.writeIndex(
        lock,
        list.map((m) => m.e),
        root ? serializeCacheTree(root) : undefined,
        undo.size ? serializeResolveUndo(undo) : undefined,
      );
    } else lock.rollback();
    return { code: 0, count };
  } catch (e) {
    lock.rollback();
    throw e;
  }
}

/**
 * read_tree_some: each source file the pathspec matches goes into the index
 * at stage 0, replacing the path's entries (conflict stages included) and
 * any entry in its way (a file where it needs a directory, or files under
 * it), unless the index already has it with the same id and mode (that
 * entry is kept, stat data and all). Paths whose entries change are added
 * to `touched`.
 */
function readTreeSome(repo: Context["repo"], list: Marked[], spec: Pathspec, source: string, { touched, undo }: { touched: string[]; undo: Map<string, ResolveUndo> }): Marked[] {
  const byPath = new Map<string, Marked>();
  for (const m of list) if (m.e.stage === 0) byPath.set(m.e.path, m);
  const added: Marked[] = [];
  const replaced = new Set<string>();
  for (const [path, f] of flattenTree(repo, source)) {
    if (!spec.matches(path)) continue;
    const old = byPath.get(path);
    if (old && old.e.mode === f.mode && old.e.oid === f.oid && !isIntentToAdd(old.e)) {
      old.update = true;
      continue;
    }
    added.push({ e: { ...zeroStat(path), oid: f.oid, mode: f.mode }, update: true, matched: false, remove: false });
    replaced.add(path);
    touched.push(path);
  }
  if (added.length === 0) return list;
  // A file replaces whatever the index has at its path, under it as a directory, or at one of its parent directories.
  const inTheWay = (p: string) => {
    if (replaced.has(p)) return true;
    for (let i = p.indexOf("/"); i >= 0; i = p.indexOf("/", i + 1)) if (replaced.has(p.slice(0, i))) return true;
    return false;
  };
  const parents = new Set<string>();
  for (const p of replaced) for (let i = p.indexOf("/"); i >= 0; i = p.indexOf("/", i + 1)) parents.add(p.slice(0, i));
  const kept = list.filter((m) => {
    const drop = inTheWay(m.e.path) || parents.has(m.e.path);
    if (drop && !replaced.has(m.e.path)) touched.push(m.e.path);
    if (drop) recordResolveUndo(undo, m.e);
    return !drop;
  });
  return [...kept, ...added].sort((a, b) => compareEntries(a.e, b.e));
}

/** Each matched stage-0 entry with a resolve-undo record is replaced by the conflict stages it records. */
function unmergeMarked(list: Marked[], records: Map<string, ResolveUndo>, touched: string[]): Marked[] {
  const out: Marked[] = [];
  for (const m of list) {
    const stages = m.matched && m.e.stage === 0 ? records.get(m.e.path) : undefined;
    if (!stages) {
      out.push(m);
      continue;
    }
    touched.push(m.e.path);
    records.delete(m.e.path);
    stages.forEach((s, k) => {
      if (s) out.push({ e: { ...zeroStat(m.e.path), mode: s.mode, oid: s.oid, stage: k + 1 }, update: false, matched: true, remove: false });
    });
  }
  return out;
}

/** The matched unmerged paths, each as its stage entries. */
function unmergedGroups(list: Marked[]): Marked[][] {
  const groups: Marked[][] = [];
  for (const m of list) {
    if (!m.matched || m.e.stage === 0) continue;
    const last = groups[groups.length - 1];
    if (last && last[0]!.e.path === m.e.path) last.push(m);
    else groups.push([m]);
  }
  return groups;
}

function noStage(ctx: Context, path: string, stage: 2 | 3): number {
  ctx.eprint(`error: path '${path}' does not have ${stage === 2 ? "our" : "their"} version`);
  return 1;
}

/** checkout_merged: the three stages merged again (ll_merge's labels "ours", "theirs", "base"), written with our stage's mode. */
function mergeAgain(repo: Context["repo"], group: Marked[], style: "merge" | "diff3" | "zdiff3"): void {
  const blob = (stage: number) => {
    const m = group.find((x) => x.e.stage === stage);
    return m ? repo.readTyped(m.e.oid, "blob") : new Uint8Array(0);
  };
  const ours = group.find((x) => x.e.stage === 2)!.e;
  const r = mergeFile(blob(1), blob(2), blob(3), { oursLabel: "ours", theirsLabel: "theirs", baseLabel: "base", style, level: "zealous" });
  const oid = repo.objects.write("blob", r.text);
  writeWorkFile(repo, ours.path, ours.mode, oid);
}
