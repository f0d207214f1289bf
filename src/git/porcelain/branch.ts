/** `git branch` and `git tag`. */
import { editConfigSection, removeConfigSection } from "../config.ts";
import { dirname, nodeFs } from "../../sys/index.ts";
import { GitError, fatal } from "../errors.ts";
import { identity } from "../ident.ts";
import { serializeTag, subjectOf } from "../objects.ts";
import { isValidRefName } from "../refs.ts";
import type { Repository } from "../repo.ts";
import { abbrev, resolveCommit, resolveRev, tryResolve } from "../revision.ts";
import { isAncestor } from "../merge-base.ts";
import { wildmatch } from "../wildmatch.ts";
import { applyRefFilter, refFilterFrom, refFilterSpec } from "../ref-filter.ts";
import { cleanupMessage } from "./commit.ts";
import { detachedFrom } from "../detached-head.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** git branch [-d|-D <name>...] [-m <old> <new>] [<name> [<start>]] [--show-current] */
export function branch(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, {
    delete: { short: "d" },
    D: { short: "D" },
    force: { short: "f" },
    move: { short: "m" },
    M: { short: "M" },
    copy: { short: "c" },
    C: { short: "C" },
    list: { short: "l" },
    "show-current": {},
    verbose: { short: "v" },
    all: { short: "a" },
    ...refFilterSpec(["merged", "no-merged", "contains", "no-contains", "points-at"]),
  });
  const repo = ctx.repo;
  const filters = refFilterFrom(repo, p.multi);
  if (filters) p.opts.list = true;
  // One action at a time (listing when nothing else is asked and no name is given), else git's usage.
  const move = p.opts.move || p.opts.M;
  const copy = p.opts.copy || p.opts.C;
  const actions = [p.opts.delete || p.opts.D, move, copy, p.opts["show-current"], p.opts.list || (!p.opts.delete && !p.opts.D && !move && !copy && !p.opts["show-current"] && p.args.length === 0)];
  if (actions.filter(Boolean).length > 1) throw new OptionError("", 2, true);
  const current = repo.currentBranch();
  if (p.opts["show-current"]) {
    if (current) ctx.print(current);
    return 0;
  }
  if (p.opts.delete || p.opts.D) {
    if (p.args.length === 0) throw fatal("branch name required");
    let code = 0;
    for (const name of p.args) {
      const ref = `refs/heads/${name}`;
      const oid = repo.refs.resolve(ref);
      if (!oid) {
        ctx.eprint(`error: branch '${name}' not found.`);
        code = 1;
        continue;
      }
      if (name === current) {
        ctx.eprint(`error: Cannot delete branch '${name}' checked out at '${repo.workTree}'`);
        code = 1;
        continue;
      }
      const head = repo.head();
      if (!p.opts.D && !(p.opts.delete && p.opts.force) && !(head && isAncestor(repo, oid, head))) {
        ctx.eprint(`error: The branch '${name}' is not fully merged.\nIf you are sure you want to delete it, run 'git branch -D ${name}'.`);
        code = 1;
        continue;
      }
      repo.refs.delete(ref);
      // Git drops the branch's config section (upstream, description) with it.
      removeConfigSection(repo.path("config"), `branch.${name}`);
      ctx.print(`Deleted branch ${name} (was ${abbrev(repo, oid)}).`);
    }
    return code;
  }
  if (move || copy) {
    if (p.args.length > 2) throw fatal(`too many ${copy ? "branches for a copy" : "arguments for a rename"} operation`);
    return renameOrCopy(repo, p.args, { copy: !!copy, force: !!(p.opts.M || p.opts.C || p.opts.force) });
  }
  if (p.args.length > 0 && !p.opts.list) {
    const [name, start] = p.args as [string, string | undefined];
    if (!isValidRefName(name) || name === "HEAD") throw fatal(`'${name}' is not a valid branch name`);
    if (repo.refs.resolve(`refs/heads/${name}`) && !p.opts.force) throw fatal(`a branch named '${name}' already exists`);
    if (name === current && p.opts.force) throw fatal(`cannot force update the current branch`);
    const resolved = start ? tryResolve(repo, start) : undefined;
    if (start && !resolved) throw fatal(`not a valid object name: '${start}'`);
    const oid = resolved ? resolveCommit(repo, start!) : repo.head();
    if (!oid) throw fatal(`not a valid object name: '${current ?? "HEAD"}'`);
    repo.refs.update(`refs/heads/${name}`, oid, { noDeref: true, message: `branch: Created from ${start ?? "HEAD"}` });
    return 0;
  }
  const lines: string[] = [];
  const head = repo.head();
  if (current === undefined && head) {
    const from = detachedFrom(repo);
    lines.push(`* (${from ? `HEAD detached ${from.at ? "at" : "from"} ${from.name}` : "no branch"})`);
  }
  // With --list, the arguments are patterns (wildmatch); --merged, --no-merged, --contains and the rest filter by history.
  const heads = repo.refs.list("refs/heads/").map(([ref, oid]) => ({ name: ref.slice(11), oid })).filter((b) => !p.args.length || p.args.some((pat) => wildmatch(pat, b.name)));
  for (const { name, oid } of filters ? applyRefFilter(repo, heads, filters) : heads) {
    const mark = name === current ? "* " : "  ";
    lines.push(p.opts.verbose ? `${mark}${name} ${abbrev(repo, oid)} ${subjectOf(repo.commit(oid).message)}` : `${mark}${name}`);
  }
  if (p.opts.verbose) {
    const w = Math.max(...lines.map((l) => l.split(" ")[1]!.length));
    for (let k = 0; k < lines.length; k++) {
      const m = /^(..)(\S+) (.*)$/.exec(lines[k]!);
      if (m && !lines[k]!.startsWith("* (")) lines[k] = `${m[1]}${m[2]!.padEnd(w)} ${m[3]}`;
    }
  }
  for (const l of lines) ctx.print(l);
  return 0;
}

/**
 * branch -m/-M and -c/-C <old> <new> (or the current branch to <new>), as
 * git's copy_or_rename_branch: the ref with its reflog (and a "Branch:
 * renamed/copied" entry), the branch's config section, and HEAD when it is
 * the branch renamed.
 */
function renameOrCopy(repo: Repository, args: string[], { copy, force }: { copy: boolean; force: boolean }): number {
  const current = repo.currentBranch();
  if (args.length === 0) throw fatal("branch name required");
  if (args.length === 1 && current === undefined) throw fatal(`cannot ${copy ? "copy" : "rename"} the current branch while not on any.`);
  const [a, b] = (args.length === 1 ? [current, args[0]] : args) as [string, string];
  const from = `refs/heads/${a}`;
  const to = `refs/heads/${b}`;
  const oid = repo.refs.resolve(from);
  // An unborn current branch is renamed by moving HEAD alone.
  if (!oid && a === current && copy) throw fatal(`No commit on branch '${a}' yet.`);
  if (!oid && a !== current) throw fatal(`No branch named '${a}'.`);
  if (!isValidRefName(b) || b === "HEAD") throw fatal(`'${b}' is not a valid branch name`);
  if (repo.refs.resolve(to) && a !== b) {
    if (!force) throw fatal(`a branch named '${b}' already exists`);
    if (b === current) throw fatal(`cannot force update the branch '${b}' checked out at '${repo.workTree}'`);
  }
  if (!oid) {
    repo.refs.setSymbolic("HEAD", to);
    return 0;
  }
  const message = `Branch: ${copy ? "copied" : "renamed"} ${from} to ${to}`;
  const fs = nodeFs();
  const log = (ref: string) => repo.path(`logs/${ref}`);
  const history = fs.existsSync(log(from)) ? fs.readFileSync(log(from)) : undefined;
  if (!copy) {
    // The old name is deleted (even when it is the new one), which HEAD's reflog records when HEAD is on it.
    if (a !== b) repo.refs.delete(from);
    if (a === current) repo.refs.reflog?.("HEAD", oid, "0".repeat(40), message);
  }
  repo.refs.update(to, oid, { noDeref: true });
  if (history && a !== b) {
    fs.mkdirSync(dirname(log(to)), { recursive: true });
    fs.writeFileSync(log(to), history);
  }
  repo.refs.reflog?.(to, oid, oid, message);
  if (b === current && copy) repo.refs.reflog?.("HEAD", oid, oid, message);
  if (!copy && a === current) repo.refs.setSymbolic("HEAD", to, message);
  if (a !== b) editConfigSection(repo.path("config"), `branch.${a}`, `branch.${b}`, copy);
  return 0;
}

function tagNames(repo: Repository): string[] {
  return repo.refs.list("refs/tags/").map(([n]) => n.slice(10));
}

/** git tag [-l] | git tag [-a] [-m <msg>] [-f] <name> [<object>] | git tag -d <name>... */
export function tag(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, {
    annotate: { short: "a" },
    message: { short: "m", value: true },
    delete: { short: "d", cmdmode: true },
    list: { short: "l", cmdmode: true },
    force: { short: "f" },
    n: { short: "n", value: true, optional: "1" },
    ...refFilterSpec(["merged", "no-merged", "contains", "no-contains", "points-at"]),
  });
  const filters = refFilterFrom(ctx.repo, p.multi);
  // Creating options (-a, -m, -f) in another mode (listing when no name is given, or a filter) are git's usage error.
  const listing = p.opts.list || filters !== undefined || (!p.opts.delete && p.args.length === 0);
  if ((p.opts.annotate || p.multi.message || p.opts.force) && (listing || p.opts.delete)) throw new OptionError("", 2, true);
  const repo = ctx.repo;
  if (p.opts.delete) {
    let code = 0;
    for (const name of p.args) {
      const oid = repo.refs.resolve(`refs/tags/${name}`);
      if (!oid) {
        ctx.eprint(`error: tag '${name}' not found.`);
        code = 1;
        continue;
      }
      repo.refs.delete(`refs/tags/${name}`);
      ctx.print(`Deleted tag '${name}' (was ${abbrev(repo, oid)})`);
    }
    return code;
  }
  if (listing) {
    // -n<num>: each tag with that many lines of its message (a tag's own, else the tagged commit's), as git's show_tag_lines.
    const lines = p.opts.n === undefined ? 0 : Number(p.opts.n);
    const tags = repo.refs.list("refs/tags/").map(([ref, oid]) => ({ name: ref.slice(10), oid })).filter((t) => !p.args.length || p.args.some((pat) => wildmatch(pat, t.name)));
    for (const { name } of filters ? applyRefFilter(repo, tags, filters) : tags) {
      if (!lines) {
        ctx.print(name);
        continue;
      }
      const oid = repo.refs.resolve(`refs/tags/${name}`)!;
      const type = repo.readObject(oid).type;
      const message = type === "tag" ? repo.tag(oid).message : type === "commit" ? repo.commit(oid).message : "";
      const text = message.replace(/\n+$/, "").split("\n").slice(0, lines);
      ctx.print(`${name.padEnd(15)} ${text.join("\n    ")}`);
    }
    return 0;
  }
  const [name, target] = p.args as [string, string | undefined];
  if (!isValidRefName(name)) throw fatal(`'${name}' is not a valid tag name.`);
  const ref = `refs/tags/${name}`;
  const previous = repo.refs.resolve(ref);
  if (previous && !p.opts.force) throw fatal(`tag '${name}' already exists`);
  const oid = target ? resolveRev(repo, target).oid : repo.head();
  if (!oid) throw fatal("Failed to resolve 'HEAD' as a valid ref.");
  if (p.opts.annotate || p.multi.message) {
    if (!p.multi.message) throw new GitError("fatal: no tag message?", 128);
    const message = cleanupMessage(p.multi.message.join("\n\n"), true);
    const tagger = identity("COMMITTER", repo.env, repo.config);
    const type = repo.readObject(oid).type;
    const tagOid = repo.objects.write("tag", serializeTag({ object: oid, type, tag: name, tagger, message }));
    repo.refs.update(ref, tagOid, { noDeref: true });
    if (previous && previous !== tagOid) ctx.print(`Updated tag '${name}' (was ${abbrev(repo, previous)})`);
  } else {
    repo.refs.update(ref, oid, { noDeref: true });
    if (previous && previous !== oid) ctx.print(`Updated tag '${name}' (was ${abbrev(repo, previous)})`);
  }
  return 0;
}
