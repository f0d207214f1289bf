/** `git add` and `git rm`: staging work-tree files (hashing only what stat data says may have changed) and removing paths. */
import { rmdirSync, unlinkSync } from "node:fs";
import { dirname } from "node:path";
import { GitError, fatal } from "../errors.ts";
import type { IgnoreMatcher } from "../ignore.ts";
import { ignoreRules } from "../ignore-rules.ts";
import { compareEntries, type IndexEntry } from "../index-file.ts";
import { Pathspec } from "../pathspec.ts";
import type { IndexState, Repository } from "../repo.ts";
import type { PackInput } from "../pack-write.ts";
import { flattenTree } from "../tree.ts";
import { trackedSet, untracked } from "../walk.ts";
import { compareStat, compareStatx, entryFromStat, entryFromStatx, hashFile, lstatQuiet, modeFromBits, modeOf, readContent } from "../worktree.ts";
import { hashObject } from "../sha1.ts";
import { nodeFs, openLibc, readFile } from "../../sys/index.ts";
import { invalidatePaths, parseCacheTree, serializeCacheTree } from "../cache-tree.ts";
import { parseOptions, type Context } from "./context.ts";

/** New blobs found while staging, written together at the end (one pack when there are many). */
export type BlobSink = Map<string, PackInput>;

/** Stages one work-tree file, reusing `old` when its stat data proves it unchanged. Returns the entry, or undefined when the file is gone. */
export function stageFile(repo: Repository, path: string, old: IndexEntry | undefined, indexMtimeNs: bigint, filemode: boolean, sink?: BlobSink): IndexEntry | undefined {
  const abs = `${repo.workTree}/${path}`;
  let entry: IndexEntry;
  let data: Uint8Array;
  // statx where there is libc: no BigInt Stats object, and a file the stat data proves unchanged (most of them for add -u / commit -a) is not read.
  const sx = openLibc();
  if (sx) {
    if (!sx.lstat(abs)) return undefined;
    const w = sx.words;
    const mode = modeFromBits(w[7]!, filemode, old?.mode);
    if (mode === undefined) return undefined;
    if (old && old.stage === 0 && compareStatx(old, w, Number(indexMtimeNs / 1_000_000_000n), Number(indexMtimeNs % 1_000_000_000n), filemode) === "clean") return old;
    // The stat data as it was before the read (as git's index_path), copied out of the shared buffer now.
    entry = entryFromStatx(path, "", mode, w);
    data = mode === 0o120000 ? readContent(abs, nodeFs().lstatSync(abs, { bigint: true })) : readFile(abs);
  } else {
    const st = lstatQuiet(abs);
    if (!st) return undefined;
    const mode = modeOf(st, filemode, old?.mode);
    if (mode === undefined) return undefined;
    if (old && old.stage === 0 && compareStat(old, st, indexMtimeNs, filemode) === "clean") return old;
    entry = entryFromStat(path, "", mode, st);
    data = readContent(abs, st);
  }
  const oid = hashObject("blob", data);
  entry.oid = oid;
  if (sink) {
    if (!sink.has(oid) && !repo.objects.has(oid)) sink.set(oid, { oid, type: "blob", data });
  } else if (!repo.objects.has(oid)) repo.objects.loose.writeKnown(oid, "blob", data);
  return entry;
}

/** Stages everything matching `spec`: modified and new files, and removals of deleted ones. Returns ignored paths named explicitly. */
export function addPaths(repo: Repository, spec: Pathspec, options: { update?: boolean; force?: boolean } = {}): { ignored: string[]; unmatched: string[] } {
  const lock = repo.lockIndex();
  try {
    const plan = planAdd(repo, repo.readIndex(), spec, options);
    if (plan.staged) repo.writeIndex(lock, plan.staged.entries, plan.staged.tree);
    else lock.rollback();
    return plan;
  } catch (e) {
    lock.rollback();
    throw e;
  }
}

/** What staging `spec` over the index `state` gives (its new objects stored): the index's entries and cache tree, or no `staged` when nothing may be staged (unmatched or only ignored paths). */
export function planAdd(
  repo: Repository,
  state: IndexState,
  spec: Pathspec,
  options: { update?: boolean; force?: boolean } = {},
): { ignored: string[]; unmatched: string[]; staged?: { entries: IndexEntry[]; tree: Uint8Array | undefined } } {
  const { entries, mtimeNs, tree } = state;
  const filemode = repo.config.getBool("core.filemode", true);
  const byPath = new Map<string, IndexEntry[]>();
  for (const e of entries) {
    const list = byPath.get(e.path);
    if (list) list.push(e);
    else byPath.set(e.path, [e]);
  }
  const matched = new Array(spec.items.length).fill(false);
  const result = new Map<string, IndexEntry>();
  const sink: BlobSink = new Map();
  repo.objects.loose.preload();
  for (const [path, list] of byPath) {
    const k = spec.matchIndex(path);
    if (k < 0) continue;
    matched[k] = true;
    const stage0 = list.find((e) => e.stage === 0);
    const ne = stageFile(repo, path, stage0, mtimeNs, filemode, sink);
    if (ne) result.set(path, ne);
    else result.set(path, undefined as never);
  }
  const ignored: string[] = [];
  // Tracked files replaced by directories: the walk must look inside them.
  const nowDirs = new Set<string>();
  for (const [path, e] of result) if (e === undefined && lstatQuiet(`${repo.workTree}/${path}`)?.isDirectory()) nowDirs.add(path);
  if (!options.update) {
    const ignore = ignoreRules(repo);
    const tracked = trackedSet(byPath.keys());
    const roots = spec.empty || spec.items.some((it) => it.glob || it.path === "") ? [""] : spec.items.map((it) => it.path);
    const seen = new Set<string>();
    for (const root of roots) {
      if (root !== "") {
        const st = lstatQuiet(`${repo.workTree}/${root}`);
        if (!st) continue;
        if (!st.isDirectory()) {
          if (tracked.files.has(root)) continue;
          if (!options.force && isIgnoredPath(ignore, root, false)) {
            ignored.push(root);
            continue;
          }
          seen.add(root);
          continue;
        }
        if (!options.force && !tracked.dirs.has(root) && isIgnoredPath(ignore, root, true)) {
          ignored.push(root);
          continue;
        }
        // An existing directory matches its pathspec even when it holds nothing to add (as git).
        spec.items.forEach((it, k) => {
          if (it.path === root && !it.glob) matched[k] = true;
        });
      }
      for (const p of untracked(repo.workTree, tracked, options.force ? { isIgnored: () => false } as unknown as IgnoreMatcher : ignore, { under: root, all: true, nowDirs })) {
        if (!p.endsWith("/")) seen.add(p);
      }
    }
    for (const path of seen) {
      const k = spec.matchIndex(path);
      if (k < 0) continue;
      matched[k] = true;
      const ne = stageFile(repo, path, undefined, mtimeNs, filemode, sink);
      if (ne) result.set(path, ne);
    }
  }
  const unmatched = spec.items.filter((it, k) => !matched[k] && !ignored.includes(it.path)).map((it) => it.raw);
  if (unmatched.length > 0 || (ignored.length > 0 && !result.size)) return { ignored, unmatched };
  repo.objects.writeAll([...sink.values()]);
  const out: IndexEntry[] = [];
  for (const e of entries) if (!result.has(e.path)) out.push(e);
  for (const e of result.values()) if (e) out.push(e);
  out.sort(compareEntries);
  return { ignored, unmatched, staged: { entries: out, tree: keptCacheTree(tree, byPath, result) } };
}

/**
 * The cache tree after staging `result` over the entries `before` (by path):
 * the old one with the directories of every path whose id, mode or stage
 * changed invalidated, as git's cache_tree_invalidate_path does; a refresh of
 * stat data alone changes nothing. Undefined when there was none.
 */
function keptCacheTree(tree: Uint8Array | undefined, before: Map<string, IndexEntry[]>, result: Map<string, IndexEntry>): Uint8Array | undefined {
  const changed: string[] = [];
  for (const [path, e] of result) {
    const old = before.get(path);
    if (!e || !old || old.length !== 1 || old[0]!.stage !== 0 || old[0]!.oid !== e.oid || old[0]!.mode !== e.mode) changed.push(path);
  }
  return invalidatedCacheTree(tree, changed);
}

/** The cache tree `tree` with the directories of `paths` invalidated (git's cache_tree_invalidate_path); undefined when there was none. */
function invalidatedCacheTree(tree: Uint8Array | undefined, paths: Iterable<string>): Uint8Array | undefined {
  const root = tree && parseCacheTree(tree);
  if (!root) return undefined;
  invalidatePaths(root, paths);
  return serializeCacheTree(root);
}

function isIgnoredPath(ignore: IgnoreMatcher, path: string, isDir: boolean): boolean {
  const parts = path.split("/");
  for (let k = 1; k < parts.length; k++) if (ignore.isIgnored(parts.slice(0, k).join("/"), true)) return true;
  return ignore.isIgnored(path, isDir);
}

/** git add [-A] [-u] [-f] <pathspec>... */
export function add(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { all: { short: "A" }, update: { short: "u" }, force: { short: "f" }, verbose: { short: "v" }, "dry-run": { short: "n" } });
  const args = [...p.args, ...(p.paths ?? [])];
  if (p.opts.all && p.opts.update) throw fatal("options '-A' and '-u' cannot be used together");
  const repo = ctx.repo;
  if (args.length === 0 && !p.opts.all && !p.opts.update) {
    ctx.eprint('Nothing specified, nothing added.\nhint: Maybe you wanted to say \'git add .\'?\nhint: Turn this message off by running\nhint: "git config advice.addEmptyPathspec false"');
    return 0;
  }
  repo.requireWorkTree();
  const spec = new Pathspec(args, repo.prefix, repo.workTree);
  const r = addPaths(repo, spec, { update: p.opts.update === true, force: p.opts.force === true });
  if (r.unmatched.length > 0) throw fatal(`pathspec '${r.unmatched[0]}' did not match any files`);
  if (r.ignored.length > 0) {
    throw new GitError(
      `The following paths are ignored by one of your .gitignore files:\n${r.ignored.join("\n")}\nhint: Use -f if you really want to add them.\nhint: Turn this message off by running\nhint: "git config advice.addIgnoredFile false"`,
      1,
    );
  }
  return 0;
}

/** git rm [--cached] [-r] [-f] [-q] <pathspec>... */
export function rm(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { cached: {}, recursive: { short: "r" }, force: { short: "f" }, quiet: { short: "q" }, "dry-run": { short: "n" } });
  const args = [...p.args, ...(p.paths ?? [])];
  if (args.length === 0) throw fatal("No pathspec was given. Which files should I remove?");
  const repo = ctx.repo;
  const spec = new Pathspec(args, repo.prefix, repo.workTree);
  const lock = repo.lockIndex();
  try {
    const { entries, mtimeNs, tree } = repo.readIndex();
    const head = repo.head();
    const headFiles = head ? flattenTree(repo, repo.commit(head).tree) : new Map();
    const matched = new Array(spec.items.length).fill(false);
    const remove = new Set<string>();
    for (const e of entries) {
      const k = spec.matchIndex(e.path);
      if (k < 0) continue;
      const it = spec.items[k]!;
      if (it.path !== e.path && !it.glob && !p.opts.recursive) throw fatal(`not removing '${it.raw}' recursively without -r`);
      matched[k] = true;
      remove.add(e.path);
    }
    const unmatched = spec.items.findIndex((_, k) => !matched[k]);
    if (unmatched >= 0) throw fatal(`pathspec '${spec.items[unmatched]!.raw}' did not match any files`);
    if (!p.opts.force) {
      const filemode = repo.config.getBool("core.filemode", true);
      const staged: string[] = [];
      const local: string[] = [];
      const both: string[] = [];
      for (const e of entries) {
        if (!remove.has(e.path) || e.stage !== 0) continue;
        const h = headFiles.get(e.path);
        const indexChanged = !h || h.oid !== e.oid || h.mode !== e.mode;
        const st = lstatQuiet(`${repo.workTree}/${e.path}`);
        let wtChanged = false;
        if (st) {
          const v = compareStat(e, st, mtimeNs, filemode);
          wtChanged = v === "changed" || (v === "maybe" && hashFile(`${repo.workTree}/${e.path}`, st).oid !== e.oid);
        }
        if (indexChanged && wtChanged) both.push(e.path);
        else if (!p.opts.cached && indexChanged && st) staged.push(e.path);
        else if (!p.opts.cached && wtChanged) local.push(e.path);
      }
      const report = (list: string[], one: string, many: string, hint: string) =>
        `error: the following ${list.length === 1 ? "file has" : "files have"} ${list.length === 1 ? one : many}:\n${list.map((f) => `    ${f}`).join("\n")}\n${hint}`;
      const errs: string[] = [];
      if (both.length) errs.push(report(both, "staged content different from both the\nfile and the HEAD", "staged content different from both the\nfile and the HEAD", "(use -f to force removal)"));
      if (staged.length) errs.push(report(staged, "changes staged in the index", "changes staged in the index", "(use --cached to keep the file, or -f to force removal)"));
      if (local.length) errs.push(report(local, "local modifications", "local modifications", "(use --cached to keep the file, or -f to force removal)"));
      if (errs.length) throw new GitError(errs.join("\n"), 1);
    }
    const out = entries.filter((e) => !remove.has(e.path));
    for (const path of [...remove].sort()) if (!p.opts.quiet) ctx.print(`rm '${path}'`);
    if (!p.opts["dry-run"]) {
      // The cache tree stays, with the directories of what was removed invalidated (as git's rm).
      repo.writeIndex(lock, out, invalidatedCacheTree(tree, remove));
      if (!p.opts.cached) for (const path of remove) removeWorkFile(repo.workTree, path);
    } else lock.rollback();
    return 0;
  } catch (e) {
    lock.rollback();
    throw e;
  }
}

/** Deletes a work-tree file and any directories it leaves empty. */
export function removeWorkFile(workTree: string, path: string): void {
  try {
    unlinkSync(`${workTree}/${path}`);
  } catch {
    return;
  }
  let dir = dirname(path);
  while (dir !== "." && dir !== "") {
    try {
      rmdirSync(`${workTree}/${dir}`);
    } catch {
      break;
    }
    dir = dirname(dir);
  }
}
