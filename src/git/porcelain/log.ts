/** `git log` and `git show`: walks, the oneline/medium/format outputs with patches or stats, and --graph. */
import { formatDefaultDate } from "../dates.ts";
import { GitError, fatal } from "../errors.ts";
import { subjectOf, type Commit } from "../objects.ts";
import { decorationOf, formatCommit, mediumFormat } from "../pretty.ts";
import { topoOrder, walk } from "../rev-walk.ts";
import { blobSide, filePatch } from "../patch.ts";
import type { Repository } from "../repo.ts";
import { abbrev, lookupPath, peel, resolveRev, tryResolve, unknownRevision } from "../revision.ts";
import { diffTrees } from "../tree.ts";
import { Pathspec } from "../pathspec.ts";
import { lstatQuiet } from "../worktree.ts";
import { changesWithRenames, numstat, statLines, summaryLine } from "../diffstat.ts";
import { combinedHunks } from "../diff-cc.ts";
import { formatTree } from "./objects-cmd.ts";
import { renderGraph } from "../graph.ts";
import { ancestors } from "../merge-base.ts";
import type { Context } from "./context.ts";

/** git log [-n <n>] [--oneline] [--format=<fmt>] [--graph] [--all] [<revision range>...] */
export function log(ctx: Context, argv: string[]): number {
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
      if (!t && lstatQuiet(`${ctx.cwd}/${r}`)) {
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
  const spec = pathArgs.length ? new Pathspec(pathArgs, repo.prefix, repo.workTree) : undefined;
  if (revs.length === pathArgs.filter((a) => revs.includes(a)).length && !all) {
    const head = repo.head();
    if (!head) {
      const b = repo.currentBranch();
      throw fatal(`your current branch '${b ?? "HEAD"}' does not have any commits yet`);
    }
    starts.push(head);
  }
  const keep =
    merges === undefined && !authors.length && !greps.length
      ? undefined
      : (oid: string) => {
          const c = repo.commit(oid);
          if (merges !== undefined && c.parents.length > 1 !== merges) return false;
          if (authors.length && !authors.some((r) => r.test(`${c.author.name} <${c.author.email}>`))) return false;
          return !greps.length || greps.some((r) => r.test(c.message));
        };
  const filter = { paths: spec, firstParent, keep };
  let order = graph ? topoOrder(repo, walk(repo, starts, exclude, Infinity, filter)).slice(0, limit) : walk(repo, starts, exclude, limit, filter);
  // --reverse applies after -n, as in git.
  if (reverse) order = order.reverse();
  const render = (oid: string): string => {
    const c = repo.commit(oid);
    // log shows no diff for merges unless asked (-m/-c/--cc).
    const tail = patch || stat ? commitPatch(repo, c, { oneline, format: format !== undefined, stat, merges: false }) : "";
    if (oneline) {
      const d = decorate ? decorationOf(repo, oid) : [];
      return `${abbrev(repo, oid)}${d.length ? ` (${d.join(", ")})` : ""} ${subjectOf(c.message)}\n${tail}`;
    }
    if (format !== undefined) return formatCommit(repo, oid, c, format, dateFormat) + (tformat ? "\n" : "") + tail;
    return mediumFormat(repo, oid, c, dateFormat, decorate) + tail;
  };
  if (graph) {
    ctx.out.push(renderGraph(order, (oid) => repo.commit(oid).parents, render, { separator: !oneline && format === undefined }));
    return 0;
  }
  const parts: string[] = [];
  for (let k = 0; k < order.length; k++) {
    const text = render(order[k]!);
    if (!oneline && format === undefined && k > 0) parts.push("\n");
    else if (format !== undefined && !tformat && k > 0) parts.push("\n");
    parts.push(text);
  }
  ctx.out.push(parts.join(""));
  return 0;
}

/**
 * What follows a commit's header in `show` and `log -p`: the patch against
 * its parent (renames detected), or for a merge the dense combined diff of
 * the paths that differ from every parent; `stat` gives the diffstat instead.
 */
export function commitPatch(repo: Repository, c: Commit, options: { oneline?: boolean; format?: boolean; stat?: boolean; merges?: boolean }): string {
  const parts: string[] = [];
  if (c.parents.length > 1 && !options.stat) {
    if (options.merges === false) return "";
    const perParent = c.parents.map((p) => new Map(diffTrees(repo, repo.commit(p).tree, c.tree).map((ch) => [ch.path, ch])));
    const paths = [...perParent[0]!.keys()].filter((path) => perParent.every((m) => m.has(path))).sort();
    const patches: string[] = [];
    for (const path of paths) {
      const changes = perParent.map((m) => m.get(path)!);
      const result = changes[0]!.new;
      if (!result || changes.some((ch) => !ch.old)) continue;
      const hunks = combinedHunks(changes.map((ch) => repo.readTyped(ch.old!.oid, "blob")), repo.readTyped(result.oid, "blob"));
      if (hunks === "") continue;
      patches.push(`diff --cc ${path}\nindex ${changes.map((ch) => abbrev(repo, ch.old!.oid)).join(",")}..${abbrev(repo, result.oid)}\n--- a/${path}\n+++ b/${path}\n${hunks}`);
    }
    // combine-diff.c separates header and patches with a newline; with --oneline even when nothing follows.
    if (patches.length || options.oneline) parts.push("\n");
    parts.push(...patches);
    return parts.join("");
  }
  if (c.parents.length > 1 && options.merges === false) return "";
  // A merge's --stat is against its first parent.
  const changes = changesWithRenames(repo, diffTrees(repo, c.parents[0] ? repo.commit(c.parents[0]).tree : undefined, c.tree));
  if (changes.length && !options.oneline) parts.push("\n");
  if (options.stat) {
    const stats = numstat(repo, changes);
    for (const l of statLines(stats)) parts.push(l + "\n");
    if (stats.length) parts.push(summaryLine(stats) + "\n");
    return parts.join("");
  }
  for (const ch of changes) {
    const rename = ch.from !== undefined ? { from: ch.from, score: ch.score! } : undefined;
    parts.push(filePatch(repo, ch.path, ch.old && blobSide(repo, ch.old.mode, ch.old.oid), ch.new && blobSide(repo, ch.new.mode, ch.new.oid), rename));
  }
  return parts.join("");
}

/** git show [<object>...] */
export function show(ctx: Context, argv: string[]): number {
  // The options show knows; any other is refused as git refuses one it does not know (rather than ignored).
  const known = (a: string) => ["--", "--oneline", "-s", "--no-patch", "--stat", "-p", "-u", "--patch", "--no-color"].includes(a) || a.startsWith("--format=") || a.startsWith("--pretty=");
  const bad = argv.find((a) => a.startsWith("-") && a !== "-" && !known(a));
  if (bad !== undefined) throw new GitError(`fatal: unrecognized argument: ${bad}`, 128);
  const names = argv.filter((a) => !a.startsWith("-"));
  const oneline = argv.includes("--oneline");
  const fmtArg = argv.find((a) => a.startsWith("--format=") || a.startsWith("--pretty="));
  const noPatch = argv.includes("-s") || argv.includes("--no-patch");
  const stat = argv.includes("--stat");
  const repo = ctx.repo;
  if (names.length === 0) names.push("HEAD");
  const parts: string[] = [];
  for (const name of names) {
    const colon = /^([^:]*):(.+)$/.exec(name);
    const r = tryResolve(repo, colon ? colon[1] || "HEAD" : name);
    if (!r) throw unknownRevision(name);
    let oid = r.oid;
    if (colon) {
      const treeOid = peel(repo, oid, "tree")!;
      const found = lookupPath(repo, treeOid, colon[2]!);
      if (!found) throw fatal(`path '${colon[2]}' does not exist in '${colon[1] || "HEAD"}'`);
      oid = found;
    }
    let obj = repo.readObject(oid);
    while (obj.type === "tag") {
      const t = repo.tag(oid);
      parts.push(`tag ${t.tag}\n`);
      if (t.tagger) parts.push(`Tagger: ${t.tagger.name} <${t.tagger.email}>\nDate:   ${formatDefaultDate(t.tagger.time, t.tagger.tz)}\n`);
      parts.push(`\n${t.message}${t.message.endsWith("\n") ? "" : "\n"}\n`);
      oid = t.object;
      obj = repo.readObject(oid);
    }
    if (obj.type === "blob") {
      ctx.out.push(...parts.splice(0), obj.data);
      continue;
    }
    if (obj.type === "tree") {
      parts.push(`tree ${name}\n\n`);
      for (const line of formatTree(obj.data).split("\n").filter(Boolean)) {
        const [meta, fname] = line.split("\t") as [string, string];
        parts.push(`${fname}${meta.includes(" tree ") ? "/" : ""}\n`);
      }
      continue;
    }
    const c = repo.commit(oid);
    if (oneline) parts.push(`${abbrev(repo, oid)} ${subjectOf(c.message)}\n`);
    else if (fmtArg) parts.push(formatCommit(repo, oid, c, fmtArg.slice(fmtArg.indexOf("=") + 1).replace(/^t?format:/, "")) + "\n");
    else parts.push(mediumFormat(repo, oid, c));
    if (noPatch) continue;
    parts.push(commitPatch(repo, c, { oneline, format: fmtArg !== undefined, stat }));
  }
  ctx.out.push(parts.join(""));
  return 0;
}

