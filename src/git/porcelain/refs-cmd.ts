/** `git rev-parse` and `git show-ref`. */
import { GitError } from "../errors.ts";
import { abbrev, defaultAbbrev, peel, resolveRev, revisionError, tryResolve } from "../revision.ts";
import { parseOptions, type Context } from "./context.ts";

/** git rev-parse [--short[=n]] [--verify] [--abbrev-ref] [--git-dir] [--show-toplevel] [--is-inside-work-tree] <rev>... */
export function revParse(ctx: Context, argv: string[]): number {
  let short: number | undefined;
  let verify = false;
  let abbrevRef = false;
  let quiet = false;
  const revs: string[] = [];
  // Without --verify each revision is printed where it stands, between the options passed through (as git does).
  const show = (rev: string) => {
    const repo = ctx.repo;
    const r = tryResolve(repo, rev);
    if (!r) {
      ctx.print(rev);
      throw revisionError(repo, rev);
    }
    if (abbrevRef) {
      const ref = r.ref ?? "";
      const sym = ref === "HEAD" ? repo.refs.symbolicTarget("HEAD") : ref;
      ctx.print(sym ? sym.replace(/^refs\/(heads|tags|remotes)\//, "") : rev);
      return;
    }
    ctx.print(short ? abbrev(repo, r.oid, short < 0 ? defaultAbbrev(repo) : short) : r.oid);
  };
  for (const a of argv) {
    // --short is --verify with a shortened answer.
    if (a === "--short" || a.startsWith("--short=")) {
      short = a === "--short" ? -1 : Math.max(4, Number(a.slice(8)));
      verify = true;
    } else if (a === "--verify") verify = true;
    else if (a === "--quiet" || a === "-q") quiet = true;
    else if (a === "--abbrev-ref") abbrevRef = true;
    else if (a === "--git-dir") ctx.print(ctx.repo.gitDir === ctx.repo.cwd ? "." : ctx.repo.gitDir === `${ctx.repo.cwd}/.git` ? ".git" : ctx.repo.gitDir);
    else if (a === "--show-toplevel") ctx.print(ctx.repo.workTree);
    else if (a === "--is-inside-work-tree") ctx.print(ctx.repo.workTree ? "true" : "false");
    else if (a === "--show-prefix") ctx.print(ctx.repo.prefix);
    else if (a === "--") break;
    else if (a.startsWith("-")) {
      if (!verify) ctx.print(a);
    } else if (verify) revs.push(a);
    else show(a);
  }
  if (!verify) return 0;
  const repo = ctx.repo;
  let r: ReturnType<typeof tryResolve>;
  try {
    r = revs.length === 1 ? tryResolve(repo, revs[0]!) : undefined;
  } catch (e) {
    // -q silences what resolving says too (a reflog too short), not its exit code.
    if (quiet && e instanceof GitError) throw new GitError("", e.exitCode);
    throw e;
  }
  if (!r) {
    if (quiet) return 1;
    throw new GitError("fatal: Needed a single revision", 128);
  }
  show(revs[0]!);
  return 0;
}


/** git show-ref [--head] [--heads] [--tags] [-d] [-s] [--verify] [<pattern>...] */
export function showRef(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { head: { short: "h" }, heads: {}, tags: {}, dereference: { short: "d" }, hash: { short: "s" }, verify: {}, quiet: { short: "q" } });
  if (p.opts.verify && p.args.length === 0) throw new GitError("fatal: --verify requires a reference", 128);
  const repo = ctx.repo;
  const patterns = p.args;
  let refs = repo.refs.list("refs/");
  if (p.opts.heads || p.opts.tags) refs = refs.filter(([n]) => (p.opts.heads && n.startsWith("refs/heads/")) || (p.opts.tags && n.startsWith("refs/tags/")));
  if (p.opts.verify) {
    refs = [];
    for (const pat of patterns) {
      const oid = repo.refs.resolve(pat);
      if (!oid) {
        if (p.opts.quiet) return 1;
        throw new GitError(`fatal: '${pat}' - not a valid ref`, 128);
      }
      refs.push([pat, oid]);
    }
  } else {
    if (patterns.length) refs = refs.filter(([n]) => patterns.some((pat) => n === pat || n.endsWith(`/${pat}`)));
    // --head (-h) shows HEAD first, whatever the filters.
    const head = p.opts.head ? repo.head() : undefined;
    if (head) refs.unshift(["HEAD", head]);
  }
  if (refs.length === 0) return 1;
  if (p.opts.quiet) return 0;
  for (const [name, oid] of refs) {
    ctx.print(p.opts.hash ? oid : `${oid} ${name}`);
    if (p.opts.dereference && repo.objects.read(oid)?.type === "tag") {
      const target = peel(repo, oid, "any")!;
      ctx.print(p.opts.hash ? target : `${target} ${name}^{}`);
    }
  }
  void resolveRev;
  return 0;
}
