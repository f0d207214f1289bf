/** `git branch` and `git tag`. */
import { editConfigSection, removeConfigSection } from "../config.ts";
import { dirname, nodeFs } from "../../sys/index.ts";
import { GitError, fatal } from "../errors.ts";
import { identity } from "../ident.ts";
import { serializeTag } from "../objects.ts";
import { isValidRefName } from "../refs.ts";
import type { Repository } from "../repo.ts";
import { abbrev, peel, resolveRev } from "../revision.ts";
import { upstreamOf } from "../ref-values.ts";
import { isAncestor } from "../merge-base.ts";
import { refFilterFrom, refFilterSpec, type RefFilter } from "../ref-filter.ts";
import { branchStart, configuredTrack, setupTracking, unsetUpstream, type Track } from "../branch-tracking.ts";
import { colorOption, colorWanted, listBranches, listTags, refuseColumns, type ListOptions } from "./branch-list.ts";
import { cleanupMessage } from "./commit.ts";
import { OptionError, parseOptions, type Context, type Parsed } from "./context.ts";

/** How many times -v / --verbose is given (parse-options counts OPT__VERBOSE; --no-verbose resets it). */
function verbosity(argv: string[]): number {
  let n = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    if (/^--(sort|format|set-upstream-to|points-at)$/.test(a) || a === "-u") i++;
    else if (a === "--no-verbose") n = 0;
    else if (a.startsWith("--verb")) n++;
    else if (/^-[^-]/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === "u" || c === "t") break;
        if (c === "v") n++;
      }
    }
  }
  return n;
}

/** Whether `--no-<name>` is given before any `--`. */
function negated(argv: string[], name: string): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes(`--no-${name}`);
}

/** git branch: list (-l, -a, -r, -v[v], --sort, --format), create (--track), delete, move, copy, (un)set upstream, --show-current. */
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
    quiet: { short: "q" },
    all: { short: "a" },
    remotes: { short: "r" },
    track: { short: "t", value: true, optional: "direct" },
    "set-upstream": {},
    "set-upstream-to": { short: "u", value: true },
    "unset-upstream": {},
    sort: { value: true },
    format: { value: true },
    "ignore-case": { short: "i" },
    column: { value: true, optional: "always" },
    abbrev: { value: true, optional: "" },
    color: { value: true, optional: "always" },
    "create-reflog": {},
    "edit-description": {},
    "recurse-submodules": {},
    ...refFilterSpec(["merged", "no-merged", "contains", "no-contains", "points-at"]),
  });
  for (const o of ["create-reflog", "edit-description", "recurse-submodules"] as const) if (p.opts[o] === true) throw fatal(`gokit git branch does not support --${o}`);
  colorOption(p.opts.color as string | undefined, false);
  const repo = ctx.repo;
  const filters = refFilterFrom(repo, p.multi);
  const trackArg = p.opts.track as string | undefined;
  if (trackArg !== undefined && trackArg !== "direct" && trackArg !== "inherit") throw new OptionError(`error: option \`--track' expects "direct" or "inherit"`, 0);
  const track: Track = p.opts["set-upstream"] === true ? "override" : trackArg === "inherit" ? "inherit" : trackArg !== undefined ? "explicit" : negated(argv, "track") ? "never" : configuredTrack(repo);
  const upstream = p.opts["set-upstream-to"] as string | undefined;
  const unset = p.opts["unset-upstream"] === true;
  const move = p.opts.move || p.opts.M;
  const copy = p.opts.copy || p.opts.C;
  const del = p.opts.delete || p.opts.D;
  const list = p.opts.list === true || filters !== undefined || (!del && !move && !copy && upstream === undefined && !p.opts["show-current"] && !unset && p.args.length === 0);
  // One action at a time, else git's usage.
  const actions = [del, move, copy, upstream !== undefined, p.opts["show-current"], list, unset];
  if (actions.filter(Boolean).length > 1) throw new OptionError("", 2, true);
  const verbose = verbosity(argv);
  const column = p.opts.column as string | undefined;
  if (verbose && column !== undefined && !/^(never|plain)$/.test(column)) throw fatal("options '--column' and '--verbose' cannot be used together");
  const current = repo.currentBranch();
  if (del) {
    if (p.opts.all) throw fatal("cannot use -a with -d");
    return deleteBranches(ctx, p.args, { force: !!(p.opts.D || p.opts.force), remote: p.opts.remotes === true });
  }
  if (p.opts["show-current"]) {
    if (current) ctx.print(current);
    return 0;
  }
  if (list) {
    if (!verbose) refuseColumns(repo, "branch", column);
    const abbrevArg = p.opts.abbrev as string | undefined;
    let abbrevDigits: number | undefined;
    if (negated(argv, "abbrev")) abbrevDigits = 0;
    else if (abbrevArg !== undefined && abbrevArg !== "") {
      if (!/^[+-]?\d+$/.test(abbrevArg)) throw new OptionError("error: option `abbrev' expects a numerical value", 0);
      const n = Number(abbrevArg);
      abbrevDigits = n === 0 ? 0 : Math.min(40, Math.max(4, n));
    }
    const remote = p.opts.remotes === true || p.opts.all === true;
    listBranches(ctx, {
      ...listOptions(repo, "branch", p, argv, filters),
      local: p.opts.all === true || p.opts.remotes !== true,
      remote,
      verbose,
      abbrev: abbrevDigits,
    });
    return 0;
  }
  if (move || copy) {
    if (p.args.length > 2) throw fatal(`too many ${copy ? "branches for a copy" : "arguments for a rename"} operation`);
    return renameOrCopy(repo, p.args, { copy: !!copy, force: !!(p.opts.M || p.opts.C || p.opts.force) });
  }
  if (upstream !== undefined || unset) {
    if (p.args.length > 1) throw fatal(`too many arguments to ${unset ? "unset upstream" : "set new upstream"}`);
    const arg = p.args[0];
    const name = arg === undefined || arg === "HEAD" ? current : arg;
    if (name === undefined) {
      throw fatal(unset ? "could not unset upstream of HEAD when it does not point to any branch." : `could not set upstream of HEAD to ${upstream} when it does not point to any branch.`);
    }
    if (unset) {
      if (!repo.config.getAll(`branch.${name}.merge`).length) throw fatal(`Branch '${name}' has no upstream information`);
      unsetUpstream(repo, name);
      return 0;
    }
    if (!repo.refs.resolve(`refs/heads/${name}`)) throw fatal(arg === undefined || arg === "HEAD" || name === current ? `No commit on branch '${name}' yet.` : `branch '${name}' does not exist`);
    const start = branchStart(repo, upstream!, "override");
    report(ctx, setupTracking(repo, name, start.ref!, "override"), p.opts.quiet === true);
    return 0;
  }
  if (p.args.length > 2) throw new OptionError("", 2, true);
  if (p.opts.remotes || p.opts.all) throw fatal("The -a, and -r, options to 'git branch' do not take a branch name.\nDid you mean to use: -a|-r --list <pattern>?");
  if (track === "override") throw fatal("the '--set-upstream' option is no longer supported. Please use '--track' or '--set-upstream-to' instead.");
  const [name, startArg] = p.args as [string, string | undefined];
  if (!isValidRefName(name) || name === "HEAD") throw fatal(`'${name}' is not a valid branch name`);
  const exists = repo.refs.resolve(`refs/heads/${name}`) !== undefined;
  if (exists && !p.opts.force) throw fatal(`a branch named '${name}' already exists`);
  if (exists && name === current) throw fatal(`cannot force update the current branch`);
  const startName = startArg ?? current ?? "HEAD";
  const start = branchStart(repo, startName, track);
  repo.refs.update(`refs/heads/${name}`, start.oid, { noDeref: true, message: `branch: ${exists ? "Reset to" : "Created from"} ${startName}` });
  if (start.ref && track !== "never") report(ctx, setupTracking(repo, name, start.ref, track), p.opts.quiet === true);
  return 0;
}

/** What branch and tag listings share: patterns, filters, --sort, --format, -i and colours. */
function listOptions(repo: Repository, command: string, p: Parsed, argv: string[], filter: RefFilter | undefined): ListOptions {
  const color = colorWanted(repo, command, colorOption(p.opts.color as string | undefined, negated(argv, "color")));
  return { patterns: p.args, filter, sort: p.multi.sort ?? [], noSort: negated(argv, "sort"), format: p.opts.format as string | undefined, ignoreCase: p.opts["ignore-case"] === true, color };
}

/** Prints what setting up tracking says: warnings on stderr, the rest on stdout unless -q. */
function report(ctx: Context, message: string | undefined, quiet: boolean): void {
  if (message === undefined) return;
  if (message.startsWith("warning: ")) ctx.eprint(message);
  else if (!quiet) ctx.print(message);
}

/**
 * branch.c's branch_merged: whether a branch is merged into its upstream
 * (when that resolves) or else HEAD, warning when HEAD would say otherwise.
 */
function branchMerged(ctx: Context, name: string, oid: string): boolean {
  const repo = ctx.repo;
  const head = repo.head();
  const commit = peel(repo, oid, "commit") ?? oid;
  const upstream = upstreamOf(repo, `refs/heads/${name}`)?.ref;
  const upstreamOid = upstream === undefined ? undefined : repo.refs.resolve(upstream);
  const reference = (upstreamOid && peel(repo, upstreamOid, "commit")) || head;
  const merged = reference !== undefined && isAncestor(repo, commit, reference);
  if (reference !== head && (head !== undefined && isAncestor(repo, commit, head)) !== merged) {
    ctx.eprint(
      merged
        ? `warning: deleting branch '${name}' that has been merged to\n         '${upstream}', but not yet merged to HEAD.`
        : `warning: not deleting branch '${name}' that is not yet merged to\n         '${upstream}', even though it is merged to HEAD.`,
    );
  }
  return merged;
}

/**
 * branch -d/-D <name>...: each branch not checked out and (without -D) merged
 * into HEAD, with its config section; -r: remote-tracking branches (forced,
 * a symbolic one shown by its target).
 */
function deleteBranches(ctx: Context, names: string[], { force, remote }: { force: boolean; remote: boolean }): number {
  const repo = ctx.repo;
  const current = repo.currentBranch();
  if (names.length === 0) throw fatal("branch name required");
  let code = 0;
  for (const name of names) {
    const ref = `refs/${remote ? "remotes" : "heads"}/${name}`;
    const oid = repo.refs.resolve(ref);
    const symref = repo.refs.symbolicTarget(ref);
    if (!oid && symref === undefined) {
      ctx.eprint(remote ? `error: remote-tracking branch '${name}' not found.` : `error: branch '${name}' not found.`);
      code = 1;
      continue;
    }
    if (!remote && name === current) {
      ctx.eprint(`error: Cannot delete branch '${name}' checked out at '${repo.workTree}'`);
      code = 1;
      continue;
    }
    if (!force && !remote && symref === undefined && !branchMerged(ctx, name, oid!)) {
      ctx.eprint(`error: The branch '${name}' is not fully merged.\nIf you are sure you want to delete it, run 'git branch -D ${name}'.`);
      code = 1;
      continue;
    }
    repo.refs.delete(ref);
    // Git drops the branch's config section (upstream, description) with it.
    removeConfigSection(repo.path("config"), `branch.${name}`);
    ctx.print(`Deleted ${remote ? "remote-tracking branch" : "branch"} ${name} (was ${symref ?? abbrev(repo, oid!)}).`);
  }
  return code;
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
    sort: { value: true },
    format: { value: true },
    "ignore-case": { short: "i" },
    column: { value: true, optional: "always" },
    verify: { short: "v", cmdmode: true },
    file: { short: "F", value: true },
    edit: { short: "e" },
    sign: { short: "s" },
    cleanup: { value: true },
    "local-user": { short: "u", value: true },
    "create-reflog": {},
    color: { value: true, optional: "always" },
    ...refFilterSpec(["merged", "no-merged", "contains", "no-contains", "points-at"]),
  });
  for (const [o, shown] of [["verify", "-v"], ["file", "-F"], ["edit", "-e"], ["sign", "-s"], ["cleanup", "--cleanup"], ["local-user", "-u"], ["create-reflog", "--create-reflog"]] as const) {
    if (p.opts[o] !== undefined && p.opts[o] !== false) throw fatal(`gokit git tag does not support ${shown}`);
  }
  colorOption(p.opts.color as string | undefined, false);
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
    refuseColumns(repo, "tag", p.opts.column as string | undefined);
    listTags(ctx, {
      ...listOptions(repo, "tag", p, argv, filters),
      lines: p.opts.n === undefined ? 0 : Number(p.opts.n),
    });
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
