/** `git status` (long, -s, --porcelain[=v1]) and `git ls-files [-s]`. */
import { detachedLabel } from "../detached-head.ts";
import { computeStatus, formatLong, formatShort, worktreeChanges } from "../status.ts";
import { ignoreRules } from "../ignore-rules.ts";
import type { IgnoreMatcher } from "../ignore.ts";
import { ignoredPaths, trackedSet, untracked } from "../walk.ts";
import { kindAt } from "../worktree.ts";
import { quotePath, relativePath } from "../quote.ts";
import { Pathspec } from "../pathspec.ts";
import { GitError } from "../errors.ts";
import type { Repository } from "../repo.ts";
import { parseOptions, type Context } from "./context.ts";

/** What a plain `git status` prints (the long format, untracked files listed): commands that end by showing it (stash apply) use it too. */
export function longStatus(repo: Repository): string {
  return formatLong(computeStatus(repo, { untracked: true, allUntracked: false }), { prefix: repo.prefix, detached: detachedLabel(repo) });
}

/** git status [-s] [--porcelain[=v1]] [-uno] */
export function status(ctx: Context, argv: string[]): number {
  // -u / --untracked-files take an optional mode (default "all").
  const p = parseOptions(argv, { short: { short: "s" }, porcelain: {}, "untracked-files": { short: "u", value: true, optional: "all" }, branch: { short: "b" }, ignored: { value: true, optional: "traditional" } });
  const ignoredMode = p.opts.ignored as string | undefined;
  if (ignoredMode !== undefined && !["traditional", "no", "matching"].includes(ignoredMode)) throw new GitError(`fatal: Invalid ignored mode '${ignoredMode}'`, 128);
  const mode = (p.opts["untracked-files"] as string | undefined) ?? "normal";
  if (!["no", "normal", "all"].includes(mode)) throw new GitError(`fatal: Invalid untracked files mode '${mode}'`, 128);
  if (ignoredMode === "matching" && mode === "no") throw new GitError("fatal: Unsupported combination of ignored and untracked-files arguments", 128);
  const porcelainArg = argv.find((a) => a.startsWith("--porcelain="));
  if (porcelainArg && porcelainArg !== "--porcelain=v1" && porcelainArg !== "--porcelain=1") throw new GitError(`fatal: unsupported porcelain version '${porcelainArg.slice(12)}'`, 128);
  const repo = ctx.repo;
  repo.requireWorkTree();
  const s = computeStatus(repo, { untracked: mode !== "no", allUntracked: mode === "all" });
  // --ignored (traditional, or matching: only what a rule names, never collapsed): what ignore rules hide, shown after the untracked files (not with -uno, as in git).
  if ((ignoredMode === "traditional" || ignoredMode === "matching") && mode !== "no") {
    s.ignored = ignoredPaths(repo.workTree, trackedSet(repo.readIndex().entries.map((e) => e.path)), ignoreRules(repo), mode === "all", ignoredMode === "matching");
  }
  if (p.opts.porcelain || porcelainArg) ctx.out.push(formatShort(s, "", p.opts.branch === true));
  else if (p.opts.short) ctx.out.push(formatShort(s, repo.prefix, p.opts.branch === true));
  else {
    ctx.out.push(formatLong(s, { prefix: repo.prefix, detached: detachedLabel(repo), untrackedHidden: mode === "no" }));
  }
  return 0;
}

/**
 * git ls-files [-c] [-s] [-u] [-m] [-d] [-o [--exclude-standard] [--directory]] [<pathspec>...]:
 * as git's show_files, the untracked files first (every one, ignored ones
 * too, unless --exclude-standard), then the index (-c, -s, -u), then the
 * deleted (-d) and modified (-m) files.
 */
export function lsFiles(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, {
    stage: { short: "s" },
    cached: { short: "c" },
    unmerged: { short: "u" },
    others: { short: "o" },
    modified: { short: "m" },
    deleted: { short: "d" },
    "exclude-standard": {},
    directory: {},
  });
  const repo = ctx.repo;
  const spec = new Pathspec([...p.args, ...(p.paths ?? [])], repo.prefix, repo.workTree);
  const prefix = repo.prefix;
  const shown = (path: string) => spec.matches(path) && (!prefix || path.startsWith(prefix));
  const show = (path: string) => ctx.print(quotePath(relativePath(path, prefix)));
  const { entries, mtimeNs } = repo.readIndex();
  if (p.opts.others) {
    repo.requireWorkTree();
    const ignore = p.opts["exclude-standard"] ? ignoreRules(repo) : ({ isIgnored: () => false } as unknown as IgnoreMatcher);
    const found = untracked(repo.workTree, trackedSet(entries.map((e) => e.path)), ignore, { all: !p.opts.directory });
    for (const path of found.sort()) if (shown(path)) show(path);
  }
  // -c is the default when nothing else is asked for; -s and -u show stages.
  const cached = p.opts.cached || p.opts.stage || p.opts.unmerged || !(p.opts.others || p.opts.modified || p.opts.deleted);
  if (cached) {
    // Each entry, so a conflicted path once per stage, as git's show_ce.
    for (const e of entries) {
      if (!shown(e.path) || (p.opts.unmerged && e.stage === 0)) continue;
      if (p.opts.stage || p.opts.unmerged) ctx.print(`${e.mode.toString(8).padStart(6, "0")} ${e.oid} ${e.stage}\t${quotePath(relativePath(e.path, prefix))}`);
      else show(e.path);
    }
  }
  if (p.opts.modified || p.opts.deleted) {
    repo.requireWorkTree();
    const { changes } = worktreeChanges(repo, entries, mtimeNs);
    for (const e of entries) {
      if (!shown(e.path)) continue;
      // A conflict stage is modified by definition (once per stage), and deleted when its file is gone.
      const c = e.stage !== 0 ? (kindAt(`${repo.workTree}/${e.path}`).kind === "none" ? "D" : "M") : changes.get(e.path);
      // A deleted file is modified too (git lists it under both).
      if (p.opts.deleted && c === "D") show(e.path);
      if (p.opts.modified && c !== undefined) show(e.path);
    }
  }
  return 0;
}
