/** `git diff`: work tree vs index, --cached (HEAD vs index), and commit vs commit, in Git's patch format. */
import { Pathspec } from "../pathspec.ts";
import { blobSide, filePatch, type PatchOptions, type Side } from "../patch.ts";
import { peel, resolveRev } from "../revision.ts";
import { quickChanges, worktreeChanges } from "../status.ts";
import { diffTrees, filesBeyondCacheTree, flattenTree, type TreeChange } from "../tree.ts";
import { changesWithRenames, countLines, statLines, summaryLine, type NumStat } from "../diffstat.ts";
import { detectRenames, renameName } from "../rename.ts";
import { hashFile, lstatQuiet, modeOf, readContent } from "../worktree.ts";
import { OptionError, parseOptions, withCommand, type Context, type OptionSpec } from "./context.ts";
import { GitError } from "../errors.ts";
import { gitOptions, optionTable, usageText, USAGE, type OptionTable } from "./usage.ts";
import { combinedHunks } from "../diff-cc.ts";
import type { IndexEntry } from "../index-file.ts";
import { quotePath } from "../quote.ts";
import { abbrev } from "../revision.ts";
import type { Repository } from "../repo.ts";

function workSide(repo: Repository, path: string, previousMode: number): Side | undefined {
  const abs = `${repo.workTree}/${path}`;
  const st = lstatQuiet(abs);
  if (!st) return undefined;
  const mode = modeOf(st, repo.config.getBool("core.filemode", true), previousMode) ?? previousMode;
  const { oid, data } = hashFile(abs, st);
  return { mode, oid, data: () => data ?? readContent(abs, st) };
}

/** A conflicted path: the dense combined diff of the work-tree file against stages 2 and 3, as `git diff` shows it. */
function unmergedDiff(repo: Repository, path: string, entries: IndexEntry[]): string {
  const ours = entries.find((e) => e.path === path && e.stage === 2);
  const theirs = entries.find((e) => e.path === path && e.stage === 3);
  const abs = `${repo.workTree}/${path}`;
  const st = lstatQuiet(abs);
  if (!ours || !theirs || !st || st.isDirectory()) return `* Unmerged path ${path}\n`;
  const result = readContent(abs, st);
  const hunks = combinedHunks([repo.readTyped(ours.oid, "blob"), repo.readTyped(theirs.oid, "blob")], result);
  const head = `diff --cc ${quotePath(path)}\nindex ${abbrev(repo, ours.oid)},${abbrev(repo, theirs.oid)}..0000000\n`;
  return hunks === "" ? head : `${head}--- ${quotePath(`a/${path}`)}\n+++ ${quotePath(`b/${path}`)}\n${hunks}`;
}

/** git diff's own words beside its diff options (and, comparing the work tree with the index, -q and the stage choices). */
const DIFF_WORDS = new Set(["--cached", "--staged", "--merge-base", "--no-index", "--cc", "-c", "-m"]);
const FILES_WORDS = new Set(["-q", "--base", "--ours", "--theirs", "-0", "-1", "-2", "-3"]);
let diffOptions: OptionTable | undefined;

/** Whether git's diff accepts `a`: a word of git diff or an option of git's diff option table (exact names, no abbreviations). */
export function isDiffOption(a: string, files: boolean): boolean {
  if (DIFF_WORDS.has(a) || (files && FILES_WORDS.has(a))) return true;
  const table = (diffOptions ??= optionTable(USAGE["diff --no-index"]!));
  if (a.startsWith("--")) {
    const name = a.slice(2).split("=", 1)[0]!;
    return table.long.includes(name) || (name.startsWith("no-") && table.long.includes(name.slice(3)));
  }
  for (let k = 1; k < a.length; k++) {
    const takesValue = table.short.get(a[k]!);
    if (takesValue === undefined) return false;
    if (takesValue) return true;
  }
  return true;
}

/**
 * Git's answer to an option git diff does not know: comparing the work tree
 * with the index, `error: invalid option: <arg>` (exit 255) for the first one
 * (a `-h` first prints the usage); with --cached or revisions, the usage.
 */
function checkOptions(flags: string[], files: boolean): void {
  for (const a of flags) {
    if (a === "-h" || !isDiffOption(a, files)) {
      if (files && a !== "-h") throw new GitError(`error: invalid option: ${a}`, 255);
      throw new OptionError("", 2);
    }
  }
}

/**
 * Outside a repository git diff is `git diff --no-index`: its options are
 * parsed by parse-options (git's errors and usage), and anything but two paths
 * is a warning with the usage. (Comparing two paths is not implemented: the
 * repository error stands.)
 */
function outsideRepository(argv: string[], notRepository: GitError): never {
  const table = gitOptions("diff --no-index")!;
  const spec: Record<string, OptionSpec> = {};
  for (const name of table.long) spec[name] = {};
  for (const [letter, value] of table.short) spec[`-${letter}`] = { short: letter, value };
  const p = withCommand("diff --no-index", () => parseOptions(argv, spec));
  if (p.args.length + (p.paths?.length ?? 0) === 2) throw notRepository;
  throw new GitError(`warning: Not a git repository. Use --no-index to compare two paths outside a working tree\n${usageText("diff --no-index")}`, 129);
}

/**
 * The options gokit's diff carries out (git's others would change the output in
 * ways it does not make, so they are refused rather than ignored): the
 * forms compared, the output formats, context and algorithm, --quiet and
 * --exit-code, and those that only concern colour or external tools.
 */
const IMPLEMENTED = new Set([
  "--cached", "--staged", "--name-only", "--name-status", "--stat", "--numstat", "--shortstat", "--quiet", "--exit-code",
  "-p", "-u", "--patch", "--no-color", "--color=never", "--color=auto", "--no-ext-diff", "--no-textconv",
  "-M", "-M50%", "--find-renames", "--find-renames=50%", "--patience", "--histogram", "--minimal", "--unified", "-s", "--no-patch",
]);

/** True when `a` is a diff option gokit carries out (IMPLEMENTED, -U<n>, --unified=<n>, --diff-algorithm=<a>). */
export function implemented(a: string): boolean {
  return IMPLEMENTED.has(a) || /^(-U|--unified=)\d+$/.test(a) || /^--diff-algorithm=(default|myers|minimal|patience|histogram)$/.test(a);
}

/** git diff [--cached|--staged] [<commit> [<commit>]] [--name-only|--name-status|--stat|--numstat|--shortstat] [-U<n>] [--quiet] [--] [<path>...] */
export function diff(ctx: Context, argv: string[]): number {
  try {
    void ctx.repo;
  } catch (e) {
    if (e instanceof GitError && e.message.startsWith("fatal: not a git repository")) outsideRepository(argv, e);
    throw e;
  }
  const flags = new Set<string>();
  const revs: string[] = [];
  let paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      paths = argv.slice(i + 1);
      break;
    }
    if (a.startsWith("-")) flags.add(a);
    else revs.push(a);
  }
  const cached = flags.has("--cached") || flags.has("--staged");
  checkOptions([...flags], revs.length === 0 && !cached);
  const unsupported = [...flags].find((a) => !implemented(a) && !DIFF_WORDS.has(a) && !FILES_WORDS.has(a));
  if (unsupported !== undefined) throw new GitError(`fatal: gokit git diff does not support ${unsupported}`, 128);
  // Context lines and the line diff's algorithm, as git's -U<n>, --patience, --histogram, --minimal, --diff-algorithm.
  const patch: PatchOptions = {};
  for (const a of flags) {
    const m = /^(?:-U|--unified=)(\d+)$/.exec(a) ?? /^--diff-algorithm=(.*)$/.exec(a);
    if (m && a.startsWith("--diff-algorithm=")) {
      if (m[1] === "minimal") patch.minimal = true;
      else patch.algorithm = m[1] === "default" ? "myers" : (m[1] as PatchOptions["algorithm"]);
    } else if (m) patch.context = Number(m[1]);
    else if (a === "--patience" || a === "--histogram") patch.algorithm = a.slice(2) as PatchOptions["algorithm"];
    else if (a === "--minimal") patch.minimal = true;
  }
  const repo = ctx.repo;
  if (revs.length === 0 && !cached) repo.requireWorkTree();
  const spec = new Pathspec(paths, repo.prefix, repo.workTree);
  const nameOnly = flags.has("--name-only");
  const nameStatus = flags.has("--name-status");
  const noPatch = flags.has("-s") || flags.has("--no-patch");
  const numStat = flags.has("--numstat");
  const shortStat = flags.has("--shortstat");
  const stat = flags.has("--stat") || numStat || shortStat;
  const stats: NumStat[] = [];
  const out: string[] = [];
  // Whether anything differs (--quiet and --exit-code answer with it, whatever is printed).
  let differs = false;
  const emit = (path: string, a: Side | undefined, b: Side | undefined, rename?: { from: string; score: number }) => {
    if (!spec.matches(path) && !(rename && spec.matches(rename.from))) return;
    differs = true;
    // -s (--no-patch): nothing is printed.
    if (noPatch) return;
    if (stat) {
      const a0 = a && a.oid === b?.oid && a.mode === b.mode;
      stats.push({ path: rename ? renameName(rename.from, path) : path, ...(a0 ? { added: 0, deleted: 0, binary: false } : countLines(a?.data(), b?.data())) });
    } else if (nameOnly) out.push(`${path}\n`);
    else if (nameStatus) {
      const status = rename ? `R${String(rename.score).padStart(3, "0")}\t${rename.from}` : !a ? "A" : !b ? "D" : a.mode !== b.mode && (a.mode & 0o170000) !== (b.mode & 0o170000) ? "T" : "M";
      out.push(`${status}\t${path}\n`);
    } else out.push(filePatch(repo, path, a, b, rename, patch));
  };
  // Tree-to-tree and tree-to-index diffs detect renames (diff.renames is on by default).
  const emitChanges = (changes: TreeChange[]) => {
    for (const c of changesWithRenames(repo, changes)) {
      emit(c.path, c.old && blobSide(repo, c.old.mode, c.old.oid), c.new && blobSide(repo, c.new.mode, c.new.oid), c.from !== undefined ? { from: c.from, score: c.score! } : undefined);
    }
  };
  const treeOf = (rev: string) => peel(repo, resolveRev(repo, rev).oid, "tree")!;
  if (revs.length === 2 || (revs.length === 1 && revs[0]!.includes(".."))) {
    const [x, y] = revs.length === 2 ? revs : revs[0]!.split("..");
    emitChanges(diffTrees(repo, treeOf(x || "HEAD"), treeOf(y || "HEAD")));
  } else if (cached) {
    const head = revs[0] ? treeOf(revs[0]) : repo.head() ? repo.commit(repo.head()!).tree : undefined;
    const { entries, tree: cacheTree } = repo.readIndex();
    // Directories the index's cache tree vouches for with the very same tree ids hold no change: neither side is read there.
    const { files, cached: unchanged } = filesBeyondCacheTree(repo, head, cacheTree);
    const seen = new Set<string>();
    const all = new Set<string>([...files.keys()]);
    for (const e of entries) if (!unchanged(e.path)) all.add(e.path);
    const byPath = new Map(entries.filter((e) => e.stage === 0).map((e) => [e.path, e]));
    let pending: TreeChange[] = [];
    for (const path of [...all].sort()) {
      if (seen.has(path)) continue;
      seen.add(path);
      const h = files.get(path);
      const e = byPath.get(path);
      if (h && e && h.oid === e.oid && h.mode === e.mode) continue;
      if (!e && entries.some((x) => x.path === path)) {
        emitChanges(pending);
        pending = [];
        out.push(`* Unmerged path ${path}\n`);
        continue;
      }
      pending.push({ path, old: h, new: e && { mode: e.mode, oid: e.oid } });
    }
    emitChanges(pending);
  } else if (revs.length === 1) {
    const files = flattenTree(repo, treeOf(revs[0]!));
    const { entries } = repo.readIndex();
    const all = new Set<string>([...files.keys(), ...entries.map((e) => e.path)]);
    // The work tree's versions by id (their content is the files', not the object store's).
    const work = new Map<string, Side>();
    const changes: TreeChange[] = [];
    for (const path of [...all].sort()) {
      const h = files.get(path);
      const w = workSide(repo, path, h?.mode ?? 0o100644);
      if (h && w && h.oid === w.oid && h.mode === w.mode) continue;
      if (!h && !w) continue;
      if (w) work.set(w.oid, w);
      changes.push({ path, old: h, new: w && { mode: w.mode, oid: w.oid } });
    }
    // Renames among them, as git diff <commit> finds them.
    for (const c of detectRenames(changes, (f) => work.get(f.oid)?.data() ?? repo.readTyped(f.oid, "blob"))) {
      const to = c.new && (work.get(c.new.oid) ?? blobSide(repo, c.new.mode, c.new.oid));
      emit(c.path, c.old && blobSide(repo, c.old.mode, c.old.oid), to, c.from !== undefined ? { from: c.from, score: c.score! } : undefined);
    }
  } else {
    // The work tree against the index: status's quick scan of the index bytes when it applies (no conflicts), so a clean tree reads no entries.
    const quick = quickChanges(repo, () => (repo.head() ? repo.commit(repo.head()!).tree : undefined), false);
    const { entries, mtimeNs } = quick && quick.changes.size === 0 ? { entries: [], mtimeNs: 0n } : repo.readIndex();
    const { changes } = quick ?? worktreeChanges(repo, entries, mtimeNs);
    let last = "";
    // Combined diffs of conflicted paths are printed as they are met, before the queued ordinary patches (as git).
    const unmergedOut: string[] = [];
    for (const e of entries) {
      if (e.stage !== 0) {
        if (e.path !== last && spec.matches(e.path)) {
          // "* Unmerged path" joins the queued patches in path order; a combined diff is printed at once, before them.
          const text = unmergedDiff(repo, e.path, entries);
          (text.startsWith("* ") ? out : unmergedOut).push(text);
        }
        last = e.path;
        continue;
      }
      const c = changes.get(e.path);
      if (!c) continue;
      const a = blobSide(repo, e.mode, e.oid);
      emit(e.path, a, c === "D" ? undefined : workSide(repo, e.path, e.mode));
    }
    out.unshift(...unmergedOut);
  }
  if (stat && stats.length) {
    // --numstat: added, deleted, path (binary: "-"); --shortstat: the summary alone; --stat: the bars and the summary.
    if (numStat) for (const s of stats) out.push(`${s.binary ? "-" : s.added}\t${s.binary ? "-" : s.deleted}\t${s.path}\n`);
    else if (!shortStat) for (const l of statLines(stats)) out.push(l + "\n");
    if (!numStat) out.push(summaryLine(stats) + "\n");
  }
  // --quiet prints nothing; it and --exit-code answer with the exit code (1: there are differences).
  if (out.length > 0) differs = true;
  if (!flags.has("--quiet")) ctx.out.push(out.join(""));
  return (flags.has("--quiet") || flags.has("--exit-code")) && differs ? 1 : 0;
}
