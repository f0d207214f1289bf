/**
 * `git log`: walks, the oneline/medium/format outputs and --graph. What only
 * some invocations need (patches and stats, the graph, path limits) is loaded
 * when asked for, so a plain log starts sooner.
 */
import { GitError, fatal } from "../errors.ts";
import { subjectOf, type Commit } from "../objects.ts";
import { decorationOf, formatCommit, mediumFormat } from "../pretty.ts";
import { topoOrder, walk } from "../rev-walk.ts";
import { abbrev, peel, resolveRev, tryResolve, unknownRevision } from "../revision.ts";
import { ancestors } from "../merge-base.ts";
import { OptionError, type Context } from "./context.ts";
import type { Repository } from "../repo.ts";

/** git log [-n <n>] [--oneline] [--format=<fmt>] [--graph] [--all] [<revision range>...] */
export async function log(ctx: Context, argv: string[]): Promise<number> {
  let limit = Infinity;
  let format: string | undefined;
  let tformat = true;
  let oneline = false;
  let graph = false;
  let all = false;
  let decorate = false;
  let firstParent = false;
  let reverse = false;
  let merges: boolean | undefined;
  const authors: RegExp[] = [];
  const greps: RegExp[] = [];
  const pathArgs: string[] = [];
  let patch = false;
  let stat = false;
  let names: "only" | "status" | undefined;
  let since: number | undefined;
  let until: number | undefined;
  let pickaxe: string | undefined;
  let dateFormat = "default";
  const revs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    let m: RegExpExecArray | null;
    if (a === "--") {
      pathArgs.push(...argv.slice(i + 1));
      break;
    }
    if ((m = /^-(\d+)$/.exec(a)) || (m = /^-n(\d+)$/.exec(a)) || (m = /^--max-count=(\d+)$/.exec(a))) limit = Number(m[1]);
    else if (a === "-n" || a === "--max-count") limit = Number(argv[++i]);
    else if (a === "--oneline") oneline = true;
    else if (a === "--graph") graph = true;
    else if (a === "--all") all = true;
    else if (a === "-p" || a === "-u" || a === "--patch") patch = true;
    else if (a === "--stat") stat = true;
    else if (a === "-S") pickaxe = argv[++i] ?? "";
    else if (a.startsWith("-S")) pickaxe = a.slice(2);
    else if (a === "--name-only") names = "only";
    else if (a === "--name-status") names = "status";
    else if ((m = /^--(since|after|until|before)=(.*)$/.exec(a)) || ((a === "--since" || a === "--after" || a === "--until" || a === "--before") && (m = [a, a.slice(2), argv[++i] ?? ""] as unknown as RegExpExecArray))) {
      const when = (await import("../dates.ts")).parseApproxDate(m[2]!);
      if (when === undefined) throw fatal(`invalid date '${m[2]}' for --${m[1]}`);
      if (m[1] === "since" || m[1] === "after") since = when;
      else until = when;
    }
    else if (a.startsWith("--format=") || a.startsWith("--pretty=")) {
      const v = a.slice(a.indexOf("=") + 1);
      if (v === "oneline") oneline = true;
      else if (v === "medium") format = undefined;
      else if (v.startsWith("format:")) {
        format = v.slice(7);
        tformat = false;
      } else if (v.startsWith("tformat:")) format = v.slice(8);
      else format = v;
    } else if (a.startsWith("--date=")) dateFormat = a.slice(7);
    else if (a === "--decorate" || a === "--decorate=short") decorate = true;
    else if (a === "--no-decorate") decorate = false;
    else if (a === "--first-parent") firstParent = true;
    else if (a === "--reverse") reverse = true;
    else if (a === "--merges") merges = true;
    else if (a === "--no-merges") merges = false;
    else if (a.startsWith("--author=")) authors.push(new RegExp(a.slice(9)));
    else if (a.startsWith("--grep=")) greps.push(new RegExp(a.slice(7)));
    else if (a === "--author" || a === "--grep") (a === "--author" ? authors : greps).push(new RegExp(argv[++i] ?? ""));
    else if (a === "--no-color") continue;
    else if (a.startsWith("-")) throw new GitError(`fatal: unrecognized argument: ${a}`, 128);
    else revs.push(a);
  }
  const repo = ctx.repo;
  const starts: string[] = [];
  const exclude = new Set<string>();
  if (all) for (const [, oid] of repo.refs.list("refs/")) { const c = peel(repo, oid, "commit"); if (c) starts.push(c); }
  for (const r of revs) {
    const range = /^(.*)\.\.(.*)$/.exec(r);
    if (range) {
      const left = resolveRev(repo, range[1] || "HEAD").oid;
      const right = resolveRev(repo, range[2] || "HEAD").oid;
      for (const x of ancestors(repo, peel(repo, left, "commit")!)) exclude.add(x);
      starts.push(peel(repo, right, "commit")!);
    } else if (r.startsWith("^")) {
      for (const x of ancestors(repo, peel(repo, resolveRev(repo, r.slice(1)).oid, "commit")!)) exclude.add(x);
    } else {
      const t = tryResolve(repo, r);
      if (!t && (await import("../worktree.ts")).lstatQuiet(`${ctx.cwd}/${r}`)) {
        // Not a revision but a path in the work tree: a path limit, as git guesses.
        pathArgs.push(r);
        continue;
      }
      if (!t) throw unknownRevision(r);
      const c = peel(repo, t.oid, "commit");
      if (!c) throw fatal(`object ${t.oid} is a ${repo.readObject(t.oid).type}, not a commit`);
      starts.push(c);
    }
  }
  const spec = pathArgs.length ? new (await import("../pathspec.ts")).Pathspec(pathArgs, repo.prefix, repo.workTree) : undefined;
  if (revs.length === pathArgs.filter((a) => revs.includes(a)).length && !all) {
    const head = repo.head();
    if (!head) {
      const b = repo.currentBranch();
      throw fatal(`your current branch '${b ?? "HEAD"}' does not have any commits yet`);
    }
    starts.push(head);
  }
  // -S<string>: the files of each (non-merge) commit whose count of the string changed, git's pickaxe; the commits without one are not shown.
  const picked = new Map<string, Set<string>>();
  const pickaxeFiles = pickaxe === undefined ? undefined : await pickaxeOf(repo, pickaxe);
  const keep =
    merges === undefined && !authors.length && !greps.length && since === undefined && until === undefined && pickaxe === undefined
      ? undefined
      : (oid: string) => {
          const c = repo.commit(oid);
          if (pickaxeFiles) {
            const files = pickaxeFiles(c);
            if (!files.size) return false;
            picked.set(oid, files);
          }
          if (merges !== undefined && c.parents.length > 1 !== merges) return false;
          // --since/--until: the committer date, as git's max_age/min_age.
          if (since !== undefined && c.committer.time < since) return false;
          if (until !== undefined && c.committer.time > until) return false;
          if (authors.length && !authors.some((r) => r.test(`${c.author.name} <${c.author.email}>`))) return false;
          return !greps.length || greps.some((r) => r.test(c.message));
        };
  let changed: ((a: string | undefined, b: string) => boolean) | undefined;
  if (spec) {
    const { diffTrees } = await import("../tree.ts");
    changed = (a, b) => diffTrees(repo, a, b).some((ch) => spec.matches(ch.path));
  }
  const filter = { changed, firstParent, keep };
  const commitPatch = patch || stat || names ? (await import("./show.ts")).commitPatch : undefined;
  const render = (oid: string, c: Commit): string => {
    // log shows no diff for merges unless asked (-m/-c/--cc).
    const tail = commitPatch ? commitPatch(repo, c, { oneline, format: format !== undefined, stat, patch, merges: false, names, only: picked.get(oid) }) : "";
    if (oneline) {
      const d = decorate ? decorationOf(repo, oid) : [];
      return `${abbrev(repo, oid)}${d.length ? ` (${d.join(", ")})` : ""} ${subjectOf(c.message)}\n${tail}`;
    }
    if (format !== undefined) return formatCommit(repo, oid, c, format, dateFormat) + (tformat ? "\n" : "") + tail;
    return mediumFormat(repo, oid, c, dateFormat, decorate) + tail;
  };
  if (graph) {
    const order = topoOrder(repo, walk(repo, starts, exclude, Infinity, filter)).slice(0, limit);
    const { renderGraph } = await import("../graph.ts");
    ctx.out.push(renderGraph(order, (oid) => repo.commit(oid).parents, (oid) => render(oid, repo.commit(oid)), { separator: !oneline && format === undefined }));
    return 0;
  }
  // Between commits: a blank line in the medium format, a newline after each --format=format: one but the last.
  const separator = !oneline && format === undefined ? "\n" : format !== undefined && !tformat ? "\n" : "";
  const parts: string[] = [];
  const add = (oid: string, c: Commit) => {
    if (parts.length > 0 && separator) parts.push(separator);
    parts.push(render(oid, c));
  };
  // --reverse applies after -n, as in git.
  if (reverse) for (const oid of walk(repo, starts, exclude, limit, filter).reverse()) add(oid, repo.commit(oid));
  else walk(repo, starts, exclude, limit, filter, add);
  ctx.out.push(parts.join(""));
  return 0;
}

/**
 * git rev-list <commit>... [--count] [<log options>]: log's walk, each commit's
 * id on a line (or, with --count, how many); at least one revision (or --all)
 * is required, else git's usage on stderr.
 */
export async function revList(ctx: Context, argv: string[]): Promise<number> {
  const words = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length);
  if (!words.some((a) => !a.startsWith("-") || a === "--all")) throw new OptionError("", 2, false, "rev-list");
  const count = words.includes("--count");
  const before = ctx.out.length;
  const code = await log(ctx, ["--format=%H", ...argv.filter((a) => a !== "--count")]);
  if (count) {
    const text = ctx.out.splice(before).join("");
    ctx.out.push(`${text.split("\n").filter(Boolean).length}\n`);
  }
  return code;
}

/** log -S<string>: for a commit, the paths whose number of occurrences of `needle` its change altered (none for a merge). */
async function pickaxeOf(repo: Repository, needle: string): Promise<(c: Commit) => Set<string>> {
  const { diffTrees } = await import("../tree.ts");
  const { changesWithRenames } = await import("../diffstat.ts");
  // Bytes against bytes: the needle's UTF-8 and each blob, both read one byte per character.
  const pattern = Buffer.from(needle, "utf8").toString("latin1");
  const count = (oid: string | undefined) => {
    if (oid === undefined || pattern === "") return 0;
    const text = Buffer.from(repo.readTyped(oid, "blob")).toString("latin1");
    let n = 0;
    for (let i = text.indexOf(pattern); i >= 0; i = text.indexOf(pattern, i + pattern.length)) n++;
    return n;
  };
  return (c) => {
    const out = new Set<string>();
    if (c.parents.length > 1) return out;
    for (const ch of changesWithRenames(repo, diffTrees(repo, c.parents[0] ? repo.commit(c.parents[0]).tree : undefined, c.tree))) {
      if (count(ch.old?.oid) !== count(ch.new?.oid)) out.add(ch.path);
    }
    return out;
  };
}
