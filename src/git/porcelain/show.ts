/** `git show`, and the patch or stat that follows a commit's header in `show` and `log -p`/`--stat`. */
import { formatDefaultDate } from "../dates.ts";
import { GitError, fatal } from "../errors.ts";
import { subjectOf, type Commit } from "../objects.ts";
import { dateOf, formatCommit, mediumFormat, wantsMailmap } from "../pretty.ts";
import { blobSide, filePatch } from "../patch.ts";
import type { Repository } from "../repo.ts";
import { abbrev, revisionError, tryResolve } from "../revision.ts";
import { diffTrees, type TreeChange } from "../tree.ts";
import { changesWithRenames, numstat, statLines, summaryLine } from "../diffstat.ts";
import { combinedHunks } from "../diff-cc.ts";
import { quotePath } from "../quote.ts";
import { Pathspec } from "../pathspec.ts";
import type { RenamedChange } from "../rename.ts";
import { formatTree } from "./objects-cmd.ts";
import type { Context } from "./context.ts";

/** The --stat lines and summary of some changes. */
function statText(repo: Repository, changes: RenamedChange[]): string {
  const stats = numstat(repo, changes);
  return statLines(stats).map((l) => l + "\n").join("") + (stats.length ? summaryLine(stats) + "\n" : "");
}

/** The changes between two trees within a pathspec (all of them without one). */
export function limited(repo: Repository, a: string | undefined, b: string, limit?: (path: string) => boolean): TreeChange[] {
  const changes = diffTrees(repo, a, b);
  return limit ? changes.filter((ch) => limit(ch.path)) : changes;
}

/** What commitPatch prints, and of which paths. */
export interface PatchOptions {
  oneline?: boolean;
  format?: boolean;
  stat?: boolean;
  /** A merge's diff: combined (the default), none (false: log without -m), or against its first parent (log --first-parent). */
  merges?: false | "first-parent";
  names?: "only" | "status";
  patch?: boolean;
  /** The pathspec (git's diffopt.pathspec): only changes it matches, renames detected among them. */
  limit?: (path: string) => boolean;
  /** The paths a filter kept, after rename detection (log -S shows just the files whose change matched, as git's pickaxe does). */
  only?: Set<string>;
  /** The changes to show, already worked out (log --follow's). */
  changes?: RenamedChange[];
}

/**
 * What follows a commit's header in `show` and `log -p`: the patch against
 * its parent (renames detected), or for a merge the dense combined diff of
 * the paths that differ from every parent; `stat` gives the diffstat instead.
 */
export function commitPatch(repo: Repository, c: Commit, options: PatchOptions): string {
  // --name-only and --name-status override --stat and the patch (diff_setup_done).
  if (options.names) options = { ...options, stat: false, patch: false };
  const parts: string[] = [];
  if (c.parents.length > 1 && options.merges !== "first-parent") {
    if (options.merges === false) return "";
    // show_log ends a merge's header with a newline, whether or not anything follows; --stat is against the first parent.
    parts.push("\n");
    if (options.stat) {
      parts.push(statText(repo, changesWithRenames(repo, limited(repo, repo.commit(c.parents[0]!).tree, c.tree, options.limit))));
      if (!options.patch) return parts.join("");
    }
    // Each parent's changes within the pathspec, renames detected among them (git's combined diff does).
    const perParent = c.parents.map((p) => new Map(changesWithRenames(repo, limited(repo, repo.commit(p).tree, c.tree, options.limit)).map((ch) => [ch.path, ch])));
    const paths = [...perParent[0]!.keys()].filter((path) => perParent.every((m) => m.has(path))).sort();
    for (const path of paths) {
      const changes = perParent.map((m) => m.get(path)!);
      // --name-only / --name-status: combined, a status letter per parent.
      if (options.names) {
        const status = changes.map((ch) => (ch.from !== undefined ? "R" : !ch.old ? "A" : !ch.new ? "D" : (ch.old.mode & 0o170000) !== (ch.new.mode & 0o170000) ? "T" : "M")).join("");
        parts.push(`${options.names === "status" ? `${status}\t` : ""}${quotePath(path)}\n`);
        continue;
      }
      // A side without the file reads as empty, mode 0 (combine-diff.c's header).
      const result = changes[0]!.new;
      const blob = (f: { oid: string } | undefined) => (f ? repo.readTyped(f.oid, "blob") : new Uint8Array(0));
      const hunks = combinedHunks(changes.map((ch) => blob(ch.old)), blob(result));
      if (hunks === "") continue;
      // After a --stat, a blank line before the first patch.
      if (options.stat && parts.length === 2) parts.push("\n");
      const id = (f: { oid: string } | undefined) => (f ? abbrev(repo, f.oid) : "0000000");
      const mode = (f: { mode: number } | undefined) => (f?.mode ?? 0).toString(8).padStart(6, "0");
      let header = `diff --cc ${path}\nindex ${changes.map((ch) => id(ch.old)).join(",")}..${id(result)}\n`;
      const added = !!result && changes.every((ch) => !ch.old);
      if (changes.some((ch) => (ch.old?.mode ?? 0) !== (result?.mode ?? 0))) {
        if (added) header += `new file mode ${mode(result)}\n`;
        else header += `${result ? "" : "deleted file "}mode ${changes.map((ch) => mode(ch.old)).join(",")}..${result ? mode(result) : ""}\n`;
      }
      parts.push(`${header}--- ${added ? "/dev/null" : `a/${path}`}\n+++ ${result ? `b/${path}` : "/dev/null"}\n${hunks}`);
    }
    return parts.join("");
  }
  const changes =
    options.changes ??
    changesWithRenames(repo, limited(repo, c.parents[0] ? repo.commit(c.parents[0]).tree : undefined, c.tree, options.limit)).filter(
      (ch) => !options.only || options.only.has(ch.path),
    );
  // --stat with -p: "---" between the message and the stat (the default format), a blank line before the patches.
  const both = options.stat && options.patch;
  if (changes.length && !options.oneline) parts.push(both ? "---\n" : "\n");
  if (options.stat) {
    parts.push(statText(repo, changes));
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
export async function show(ctx: Context, argv: string[]): Promise<number> {
  // The options show knows; any other is refused as git refuses one it does not know (rather than ignored).
  const known = (a: string) => ["--", "--oneline", "-s", "--no-patch", "--stat", "-p", "-u", "--patch", "--no-color", "--name-only", "--name-status", "--use-mailmap", "--mailmap", "--no-use-mailmap", "--no-mailmap"].includes(a) || a.startsWith("--format=") || a.startsWith("--pretty=") || a.startsWith("--date=");
  const bad = argv.find((a) => a.startsWith("-") && a !== "-" && !known(a));
  if (bad !== undefined) throw new GitError(`fatal: unrecognized argument: ${bad}`, 128);
  const dashes = argv.indexOf("--");
  const paths = dashes < 0 ? [] : argv.splice(dashes).slice(1);
  const objects = argv.filter((a) => !a.startsWith("-"));
  const oneline = argv.includes("--oneline");
  const fmtArg = argv.find((a) => a.startsWith("--format=") || a.startsWith("--pretty="));
  const noPatch = argv.includes("-s") || argv.includes("--no-patch");
  const stat = argv.includes("--stat");
  const names = argv.includes("--name-status") ? "status" : argv.includes("--name-only") ? "only" : undefined;
  const repo = ctx.repo;
  // --date (else log.date): validated before any output.
  const dateFormat = argv.filter((a) => a.startsWith("--date=")).pop()?.slice(7) ?? repo.config.get("log.date") ?? "default";
  if (dateFormat !== "default") dateOf({ name: "", email: "", time: 0, tz: "+0000" }, dateFormat);
  const flag = argv.filter((a) => a.endsWith("mailmap")).pop();
  const mailmap = wantsMailmap(repo, flag === undefined ? undefined : !flag.startsWith("--no-")) ? (await import("../mailmap.ts")).mailmapOf(repo) : undefined;
  // Paths after "--" limit the diffs shown.
  const spec = paths.length ? new Pathspec(paths, repo.prefix, repo.workTree) : undefined;
  const limit = spec && ((path: string) => spec.matches(path));
  if (objects.length === 0) objects.push("HEAD");
  const parts: string[] = [];
  for (const name of objects) {
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
    // Under a pathspec a commit with no change there (TREESAME to a parent) is not shown, as git simplifies it away.
    if (limit && (c.parents.length ? c.parents.some((p) => !limited(repo, repo.commit(p).tree, c.tree, limit).length) : !limited(repo, undefined, c.tree, limit).length)) continue;
    if (oneline) parts.push(`${abbrev(repo, oid)} ${subjectOf(c.message)}\n`);
    else if (fmtArg) parts.push(formatCommit(repo, oid, c, fmtArg.slice(fmtArg.indexOf("=") + 1).replace(/^t?format:/, ""), dateFormat, mailmap) + "\n");
    else parts.push(mediumFormat(repo, oid, c, dateFormat, false, mailmap));
    if (noPatch) continue;
    parts.push(commitPatch(repo, c, { oneline, format: fmtArg !== undefined, stat, limit, names, patch: argv.some((a) => a === "-p" || a === "-u" || a === "--patch") }));
  }
  ctx.out.push(parts.join(""));
  return 0;
}

