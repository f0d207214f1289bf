/**
 * `git restore` (builtin/checkout.c's cmd_restore): restores work-tree files
 * from the index, or the index (--staged) from HEAD, or either or both from
 * --source, in no-overlay mode by default (paths the source lacks are
 * removed); unmerged paths are refused unless --ours/--theirs, -m or
 * --ignore-unmerged say what to do with them.
 */
import { fatal } from "../errors.ts";
import { NULL_OID, runHook } from "../hooks.ts";
import { peel, tryResolve } from "../revision.ts";
import { checkoutPaths } from "./checkout-paths.ts";
import { parseOptions, type Context } from "./context.ts";

const SPEC = {
  source: { short: "s", value: true },
  staged: { short: "S" },
  worktree: { short: "W" },
  "ignore-unmerged": {},
  overlay: {},
  quiet: { short: "q" },
  "recurse-submodules": { value: true, optional: "checkout" },
  progress: {},
  merge: { short: "m" },
  conflict: { value: true },
  ours: { short: "2" },
  theirs: { short: "3" },
  patch: { short: "p" },
  "ignore-skip-worktree-bits": {},
  "pathspec-from-file": { value: true },
  "pathspec-file-nul": {},
};

/** Options gokit does not implement, refused rather than ignored. */
const UNSUPPORTED = ["patch", "recurse-submodules", "pathspec-from-file", "pathspec-file-nul"] as const;

/** --ours (2) or --theirs (3), whichever came last before `--` (git's OPT_SET_INT on one variable). */
function writeoutStage(argv: string[]): 2 | 3 | undefined {
  let stage: 2 | 3 | undefined;
  for (const a of argv) {
    if (a === "--") break;
    if (a.startsWith("--")) {
      const name = a.slice(2);
      if (name.length > 0 && "ours".startsWith(name)) stage = 2;
      else if (name.length > 0 && "theirs".startsWith(name)) stage = 3;
    } else if (a.startsWith("-")) {
      for (let k = 1; k < a.length; k++) {
        const c = a[k]!;
        if (c === "2") stage = 2;
        else if (c === "3") stage = 3;
        // The rest of the cluster is a value (-s<tree-ish>).
        else if (c === "s") break;
      }
    }
  }
  return stage;
}

/** git restore [--source=<tree-ish>] [--staged] [--worktree] [--ours|--theirs|-m|--conflict=<style>] [--ignore-unmerged] [--[no-]overlay] [-q] [--] <pathspec>... */
export function restore(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, SPEC);
  for (const name of UNSUPPORTED) if (p.opts[name] !== undefined && p.opts[name] !== false) throw fatal(`gokit git restore does not support --${name}`);
  const repo = ctx.repo;
  // --conflict implies -m; its style, like merge.conflictStyle, is one git knows.
  const styleName = (p.opts.conflict as string | undefined) ?? repo.config.get("merge.conflictstyle");
  if (styleName !== undefined && !["merge", "diff3", "zdiff3"].includes(styleName)) throw fatal(`unknown style '${styleName}' given for 'merge.conflictstyle'`);
  const merge = p.opts.merge === true || p.opts.conflict !== undefined;
  const style = (styleName ?? "merge") as "merge" | "diff3" | "zdiff3";
  // --worktree is the default unless --staged or --worktree is given (either way round).
  const explicit = p.opts.staged !== undefined || p.opts.worktree !== undefined;
  const index = p.opts.staged === true;
  const worktree = explicit ? p.opts.worktree === true : true;
  // --staged without a source restores from HEAD.
  const sourceName = (p.opts.source as string | undefined) ?? (index ? "HEAD" : undefined);
  let source: string | undefined;
  if (sourceName !== undefined) {
    const r = tryResolve(repo, sourceName);
    if (!r) throw fatal(`could not resolve ${sourceName}`);
    source = peel(repo, r.oid, "tree");
    if (!source) throw fatal(`reference is not a tree: ${sourceName}`);
  }
  const paths = [...p.args, ...(p.paths ?? [])];
  const stage = writeoutStage(argv);
  if (paths.length === 0) throw fatal("you must specify path(s) to restore");
  if (stage && merge) throw fatal("git checkout: --ours/--theirs, --force and --merge are incompatible when\nchecking out of the index.");
  if (p.opts["ignore-unmerged"] && merge) throw fatal("options '--ignore-unmerged' and '-m' cannot be used together");
  if (!index && !worktree) throw fatal("neither '--staged' or '--worktree' is specified");
  if (index && stage) throw fatal("'--ours' or '--theirs' cannot be used with --staged");
  if (index && merge) throw fatal("'--merge' or '--conflict' cannot be used with --staged");
  const { code } = checkoutPaths(ctx, paths, {
    source,
    index,
    worktree,
    overlay: p.opts.overlay === true,
    stage,
    merge: merge ? style : undefined,
    ignoreUnmerged: p.opts["ignore-unmerged"] === true,
    ignoreSkipWorktree: p.opts["ignore-skip-worktree-bits"] === true,
    quiet: p.opts.quiet === true,
  });
  if (code !== 0) return code;
  const head = repo.head() ?? NULL_OID;
  return runHook(ctx, "post-checkout", { args: [head, head, "0"] });
}
