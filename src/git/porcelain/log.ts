/**
 * `git log`: walks, the oneline/medium/format outputs and --graph. What only
 * some invocations need (patches and stats, the graph, path limits) is loaded
 * when asked for, so a plain log starts sooner.
 */
import { GitError, fatal } from "../errors.ts";
import { subjectOf, type Commit } from "../objects.ts";
import { dateOf, decorationOf, formatCommit, mediumFormat, wantsMailmap } from "../pretty.ts";
import { topoOrder, walk } from "../rev-walk.ts";
import { abbrev, peel, resolveRev, tryResolve, unknownRevision } from "../revision.ts";
import { ancestors } from "../merge-base.ts";
import { compilePosix } from "../posix-regex.ts";
import { OptionError, type Context } from "./context.ts";
import type { Repository } from "../repo.ts";
import type { RenamedChange } from "../rename.ts";

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
  const authorPatterns: string[] = [];
  const grepPatterns: string[] = [];
  const regexOptions: { extended?: boolean; fixed?: boolean; ignoreCase?: boolean } = {};
  let allMatch = false;
  let invertGrep = false;
  const pathArgs: string[] = [];
  let patch = false;
  let stat = false;
  let names: "only" | "status" | undefined;
  let since: number | undefined;
  let until: number | undefined;
  let pickaxe: string | undefined;
  let pickaxeKind: "S" | "G" | undefined;
  let pickaxeRegex = false;
  let follow = false;
  let useMailmap: boolean | undefined;
  let fullDiff = false;
  let text = false;
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
    else if ((m = /^-([SG])(.*)$/s.exec(a))) {
      if (pickaxeKind && pickaxeKind !== m[1]) throw fatal("options '-G', '-S', and '--find-object' cannot be used together");
      pickaxeKind = m[1] as "S" | "G";
      pickaxe = m[2] || (argv[++i] ?? "");
    } else if (a === "--pickaxe-regex") pickaxeRegex = true;
    else if (a === "--follow") follow = true;
    else if (a === "--use-mailmap" || a === "--mailmap" || a === "--no-use-mailmap" || a === "--no-mailmap") useMailmap = !a.startsWith("--no-");
    else if (a === "--full-diff") fullDiff = true;
    else if (a === "--text" || a === "-a") text = true;
    else if (a === "-E" || a === "--extended-regexp") regexOptions.extended = true;
    else if (a === "-F" || a === "--fixed-strings") regexOptions.fixed = true;
    else if (a === "-i" || a === "--regexp-ignore-case") regexOptions.ignoreCase = true;
    else if (a === "--all-match") allMatch = true;
    else if (a === "--invert-grep") invertGrep = true;
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
    else if (a === "--date") dateFormat = argv[++i] ?? "";
    else if (a === "--relative-date") dateFormat = "relative";
    else if (a === "--decorate" || a === "--decorate=short") decorate = true;
    else if (a === "--no-decorate") decorate = false;
    else if (a === "--first-parent") firstParent = true;
    else if (a === "--reverse") reverse = true;
    else if (a === "--merges") merges = true;
    else if (a === "--no-merges") merges = false;
    else if (a.startsWith("--author=")) authorPatterns.push(a.slice(9));
    else if (a.startsWith("--grep=")) grepPatterns.push(a.slice(7));
    else if (a === "--author" || a === "--grep") (a === "--author" ? authorPatterns : grepPatterns).push(argv[++i] ?? "");
    else if (a === "--no-color") continue;
    else if (a.startsWith("-")) throw new GitError(`fatal: unrecognized argument: ${a}`, 128);
    else revs.push(a);
  }
  // --grep and --author are basic regular expressions unless -E or -F, compiled as git's grep compiles them.
  const compile = (pattern: string) => compilePosix(pattern, regexOptions, (why) => `command line, '${pattern}': ${why}`);
  const authors = authorPatterns.map(compile);
  const greps = grepPatterns.map(compile);
  const repo = ctx.repo;
  // log.date is the default --date; an unknown mode is git's fatal error before any output.
  if (dateFormat === "default" && !argv.some((a) => a.startsWith("--date") || a === "--relative-date")) dateFormat = repo.config.get("log.date") ?? "default";
  if (dateFormat !== "default") dateOf({ name: "", email: "", time: 0, tz: "+0000" }, dateFormat);
  // Names and emails as the mailmap gives them (%aN, %aE, the Author: line, --author).
  const mailmap = wantsMailmap(repo, useMailmap) ? (await import("../mailmap.ts")).mailmapOf(repo) : undefined;
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
  // The pathspec limits the diffs shown and searched too (git's diffopt.pathspec), unless --full-diff.
  const limitDiff = spec && !fullDiff ? (path: string) => spec.matches(path) : undefined;
  // -S<string> / -G<regex>: the files of each (non-merge) commit that git's pickaxe finds; the commits without one are not shown.
  const picked = new Map<string, Set<string>>();
  const pickaxeFiles = pickaxe === undefined ? undefined : await pickaxeOf(repo, await pickaxeMatcher(pickaxeKind!, pickaxe, pickaxeRegex, text, regexOptions.ignoreCase), limitDiff);
  // --follow: the changes of the followed file, commit by commit in the walk's order.
  if (follow && graph) throw fatal("gokit git log does not support --follow with --graph");
  const followed = follow ? await follower(repo, pathArgs, firstParent) : undefined;
  const keep =
    merges === undefined && !authors.length && !greps.length && since === undefined && until === undefined && pickaxe === undefined && !followed
      ? undefined
      : (oid: string) => {
          const c = repo.commit(oid);
          if (merges !== undefined && c.parents.length > 1 !== merges) return false;
          // --since/--until: the committer date, as git's max_age/min_age.
          if (since !== undefined && c.committer.time < since) return false;
          if (until !== undefined && c.committer.time > until) return false;
          if (authors.length) {
            const who = mailmap ? mailmap.map(c.author.name, c.author.email) : c.author;
            if (!authors.some((r) => r.test(`${who.name} <${who.email}>`))) return false;
          }
          if (greps.length && (allMatch ? greps.every((r) => r.test(c.message)) : greps.some((r) => r.test(c.message))) === invertGrep) return false;
          // The diffs last: git works them out for the commits the other filters let through, as it prints them.
          if (pickaxeFiles) {
            const files = pickaxeFiles(c);
            if (!files.size) return false;
            picked.set(oid, files);
          }
          return !followed || followed.see(oid, c);
        };
  let changed: ((a: string | undefined, b: string) => boolean) | undefined;
  // Path-limited history simplification; none under --follow, whose path changes along the way.
  if (spec && !followed) {
    const { diffTrees } = await import("../tree.ts");
    changed = (a, b) => diffTrees(repo, a, b).some((ch) => spec.matches(ch.path));
  }
  const filter = { changed, firstParent, keep };
  const commitPatch = patch || stat || names ? (await import("./show.ts")).commitPatch : undefined;
  const render = (oid: string, c: Commit): string => {
    // log shows no diff for merges unless asked (-m/-c/--cc), or against the first parent with --first-parent.
    const tail = commitPatch ? commitPatch(repo, c, { oneline, format: format !== undefined, stat, patch, merges: firstParent ? "first-parent" : false, names, limit: limitDiff, only: picked.get(oid), changes: followed?.changes.get(oid) }) : "";
    if (oneline) {
      const d = decorate ? decorationOf(repo, oid) : [];
      return `${abbrev(repo, oid)}${d.length ? ` (${d.join(", ")})` : ""} ${subjectOf(c.message)}\n${tail}`;
    }
    if (format !== undefined) return formatCommit(repo, oid, c, format, dateFormat, mailmap) + (tformat ? "\n" : "") + tail;
    return mediumFormat(repo, oid, c, dateFormat, decorate, mailmap) + tail;
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

/** Whether a change of one file, old to new content (undefined: absent), is what the pickaxe looks for. */
type PickaxeMatch = (old: Uint8Array | undefined, now: Uint8Array | undefined) => boolean;

/**
 * git's pickaxe: -S<string> finds a change in the number of occurrences of a
 * string (or, with --pickaxe-regex, of matches of an extended regex), binary
 * files included; -G<regex> a change whose added or removed lines match,
 * binary files skipped unless --text.
 */
async function pickaxeMatcher(kind: "S" | "G", needle: string, regex: boolean, text: boolean, ignoreCase?: boolean): Promise<PickaxeMatch> {
  const re = kind === "G" || regex ? compilePosix(needle, { extended: true, ignoreCase }) : undefined;
  if (kind === "G") {
    const { isBinary } = await import("../diff.ts");
    const { splitRecords, xdiff } = await import("../xdiff.ts");
    return (old, now) => {
      if (!text && ((old && isBinary(old)) || (now && isBinary(now)))) return false;
      const a = splitRecords(old ? Buffer.from(old).toString("utf8") : "");
      const b = splitRecords(now ? Buffer.from(now).toString("utf8") : "");
      for (const ch of xdiff(a, b).script) {
        for (let i = ch.i1; i < ch.i1 + ch.chg1; i++) if (re!.test(a[i]!)) return true;
        for (let i = ch.i2; i < ch.i2 + ch.chg2; i++) if (re!.test(b[i]!)) return true;
      }
      return false;
    };
  }
  // Bytes against bytes: the needle's UTF-8 and each blob, both read one byte per character.
  const pattern = Buffer.from(needle, "utf8").toString("latin1");
  const count = (data: Uint8Array | undefined) => {
    if (data === undefined || pattern === "") return 0;
    const text = Buffer.from(data).toString("latin1");
    if (re) return [...Buffer.from(data).toString("utf8").matchAll(new RegExp(re.source, `${re.flags}g`))].length;
    let n = 0;
    for (let i = text.indexOf(pattern); i >= 0; i = text.indexOf(pattern, i + pattern.length)) n++;
    return n;
  };
  return (old, now) => count(old) !== count(now);
}

/** log's pickaxe: for a commit, the paths (within `limit`) whose change `match` finds (none for a merge). */
async function pickaxeOf(repo: Repository, match: PickaxeMatch, limit?: (path: string) => boolean): Promise<(c: Commit) => Set<string>> {
  const { diffTrees } = await import("../tree.ts");
  const { changesWithRenames } = await import("../diffstat.ts");
  const blob = (oid: string | undefined) => (oid === undefined ? undefined : repo.readTyped(oid, "blob"));
  return (c) => {
    const out = new Set<string>();
    if (c.parents.length > 1) return out;
    const changes = diffTrees(repo, c.parents[0] ? repo.commit(c.parents[0]).tree : undefined, c.tree);
    for (const ch of changesWithRenames(repo, limit ? changes.filter((ch) => limit(ch.path)) : changes)) {
      if (match(blob(ch.old?.oid), blob(ch.new?.oid))) out.add(ch.path);
    }
    return out;
  };
}

/**
 * log --follow <path>: git's try_to_follow_renames. Each commit the walk
 * shows (a merge has no diff in log, so never) is diffed against its parent
 * for the path; where the path is created, the rename whose destination it is
 * (sources: the files the commit deleted) is shown instead, and older commits
 * are followed under the source's name. No history simplification: the walk
 * sees every commit.
 */
async function follower(repo: Repository, pathArgs: string[], firstParent: boolean) {
  if (pathArgs.length !== 1) throw fatal("--follow requires exactly one pathspec");
  const { normalize } = await import("../../sys/index.ts");
  const { diffTrees } = await import("../tree.ts");
  const { changesWithRenames } = await import("../diffstat.ts");
  let current = normalize(repo.prefix + pathArgs[0]!).replace(/\/$/, "");
  const within = (path: string) => path === current || path.startsWith(`${current}/`);
  const changes = new Map<string, RenamedChange[]>();
  return {
    changes,
    /** Whether the commit changes the followed path (and, if it is where the file was renamed, its older name from now on). */
    see(oid: string, c: Commit): boolean {
      if (c.parents.length > 1 && !firstParent) return false;
      const all = diffTrees(repo, c.parents[0] ? repo.commit(c.parents[0]).tree : undefined, c.tree);
      let mine: RenamedChange[] = all.filter((ch) => within(ch.path));
      if (!mine.length) return false;
      if (mine.some((ch) => ch.path === current && !ch.old)) {
        const rename = changesWithRenames(repo, all.filter((ch) => (ch.path === current && !ch.old) || !ch.new)).find((ch) => ch.path === current && ch.from !== undefined);
        if (rename) {
          mine = [rename];
          current = rename.from!;
        }
      }
      changes.set(oid, mine);
      return true;
    },
  };
}
