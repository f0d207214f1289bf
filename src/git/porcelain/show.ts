/** `git show`, and the patch or stat that follows a commit's header in `show` and `log -p`/`--stat`. */
import { formatDefaultDate } from "../dates.ts";
import { GitError, fatal } from "../errors.ts";
import { subjectOf, type Commit } from "../objects.ts";
import { formatCommit, mediumFormat } from "../pretty.ts";
import { blobSide, filePatch } from "../patch.ts";
import type { Repository } from "../repo.ts";
import { abbrev, revisionError, tryResolve } from "../revision.ts";
import { diffTrees } from "../tree.ts";
import { changesWithRenames, numstat, statLines, summaryLine } from "../diffstat.ts";
import { combinedHunks } from "../diff-cc.ts";
import { quotePath } from "../quote.ts";
import { formatTree } from "./objects-cmd.ts";
import type { Context } from "./context.ts";

/**
 * What follows a commit's header in `show` and `log -p`: the patch against
 * its parent (renames detected), or for a merge the dense combined diff of
 * the paths that differ from every parent; `stat` gives the diffstat instead.
 */
export function commitPatch(repo: Repository, c: Commit, options: { oneline?: boolean; format?: boolean; stat?: boolean; merges?: boolean; names?: "only" | "status"; only?: Set<string>; patch?: boolean }): string {
  const parts: string[] = [];
  if (c.parents.length > 1 && !options.stat && !options.names) {
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
  // `only`: the paths a filter kept (log -S shows just the files whose change matched, as git's pickaxe does).
  const changes = changesWithRenames(repo, diffTrees(repo, c.parents[0] ? repo.commit(c.parents[0]).tree : undefined, c.tree)).filter((ch) => !options.only || options.only.has(ch.path));
  // --stat with -p: "---" between the message and the stat (the default format), a blank line before the patches.
  const both = options.stat && options.patch;
  if (changes.length && !options.oneline) parts.push(both ? "---\n" : "\n");
  if (options.stat) {
    const stats = numstat(repo, changes);
    for (const l of statLines(stats)) parts.push(l + "\n");
    if (stats.length) parts.push(summaryLine(stats) + "\n");
    if (!both) return parts.join("");
    if (changes.length) parts.push("\n");
  }
  // --name-only: the paths; --name-status: each with A, D, M, T or R<score> and its old path.
  if (options.names) {
    for (const ch of changes) {
      if (options.names === "only") parts.push(`${quotePath(ch.path)}\n`);
      else if (ch.from !== undefined) parts.push(`R${String(ch.score).padStart(3, "0")}\t${quotePath(ch.from)}\t${quotePath(ch.path)}\n`);
      else {
        const status = !ch.old ? "A" : !ch.new ? "D" : (ch.old.mode & 0o170000) !== (ch.new.mode & 0o170000) ? "T" : "M";
        parts.push(`${status}\t${quotePath(ch.path)}\n`);
      }
    }
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
    const r = tryResolve(repo, name);
    if (!r) throw revisionError(repo, name);
    let oid = r.oid;
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
    parts.push(commitPatch(repo, c, { oneline, format: fmtArg !== undefined, stat, patch: argv.some((a) => a === "-p" || a === "-u" || a === "--patch") }));
  }
  ctx.out.push(parts.join(""));
  return 0;
}

