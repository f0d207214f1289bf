/**
 * `git merge-base`: the best common ancestors of two or more commits (the
 * first against all the others; --all for every one), --octopus for an
 * n-way merge, --independent for the commits no other given one reaches,
 * --is-ancestor as an exit code (0 yes, 1 no), --fork-point from a ref's
 * reflog.
 */
import { fatal, GitError } from "../errors.ts";
import { isAncestor, mergeBasesMany, octopusMergeBases, reduceHeads } from "../merge-base.ts";
import type { Repository } from "../repo.ts";
import { readReflog } from "../reflog.ts";
import { getOid, peel, refCandidates } from "../revision.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** git's get_commit_reference: a name that must resolve, to an object that must peel to a commit. */
export function commitReference(repo: Repository, name: string): string {
  const oid = getOid(repo, name);
  if (oid === undefined) throw fatal(`Not a valid object name ${name}`);
  if (!repo.objects.has(oid)) throw fatal(`Not a valid commit name ${name}`);
  const c = peel(repo, oid, "commit");
  if (!c) {
    const bare = peel(repo, oid, "any") ?? oid;
    throw new GitError(`error: object ${bare} is a ${repo.readObject(bare).type}, not a commit\nfatal: Not a valid commit name ${name}`, 128);
  }
  return c;
}

/** git merge-base [-a] <commit> <commit>... | [-a] --octopus <commit>... | --is-ancestor <a> <b> | --independent <commit>... */
export function mergeBase(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, {
    all: { short: "a" },
    octopus: { cmdmode: true },
    independent: { cmdmode: true },
    "is-ancestor": { cmdmode: true },
    "fork-point": { cmdmode: true },
  });
  const repo = ctx.repo;
  const args = [...p.args, ...(p.paths ?? [])];
  const all = p.opts.all === true;
  const print = (oids: string[]): number => {
    if (oids.length === 0) return 1;
    for (const oid of all ? oids : oids.slice(0, 1)) ctx.print(oid);
    return 0;
  };
  if (p.opts["is-ancestor"]) {
    if (args.length < 2) throw new OptionError("", 2, true);
    if (all) throw fatal("options '--is-ancestor' and '--all' cannot be used together");
    if (args.length !== 2) throw fatal("--is-ancestor takes exactly two commits");
    const one = commitReference(repo, args[0]!);
    const two = commitReference(repo, args[1]!);
    return isAncestor(repo, one, two) ? 0 : 1;
  }
  if (p.opts.independent && all) throw fatal("options '--independent' and '--all' cannot be used together");
  if (p.opts.octopus) return print(octopusMergeBases(repo, args.map((a) => commitReference(repo, a))));
  if (p.opts.independent) {
    const heads = reduceHeads(repo, args.map((a) => commitReference(repo, a)));
    if (heads.length === 0) return 1;
    for (const oid of heads) ctx.print(oid);
    return 0;
  }
  if (p.opts["fork-point"]) {
    if (args.length < 1 || args.length > 2) throw new OptionError("", 2, true);
    return forkPoint(ctx, args[0]!, args[1] ?? "HEAD");
  }
  if (args.length < 2) throw new OptionError("", 2, true);
  const revs = args.map((a) => commitReference(repo, a));
  return print(mergeBasesMany(repo, revs[0]!, revs.slice(1)));
}

/**
 * git merge-base --fork-point <ref> [<commit>] (get_fork_point): the one
 * merge base of <commit> with every commit <ref>'s reflog has held, when it
 * is one of them.
 */
function forkPoint(ctx: Context, refArg: string, commitName: string): number {
  const repo = ctx.repo;
  const oid = getOid(repo, commitName);
  if (oid === undefined) throw fatal(`Not a valid object name: '${commitName}'`);
  const derived = repo.objects.has(oid) ? peel(repo, oid, "commit") : undefined;
  if (!derived && repo.objects.has(oid)) {
    const bare = peel(repo, oid, "any") ?? oid;
    ctx.eprint(`error: object ${bare} is a ${repo.readObject(bare).type}, not a commit`);
  }
  // dwim_ref: the ref names the short name can mean, which must be exactly one.
  const matches = refCandidates(refArg).filter((c) => (c !== refArg || /^[A-Z_]+$/.test(c) || c.startsWith("refs/")) && repo.refs.resolve(c) !== undefined);
  if (matches.length === 0) throw fatal(`No such ref: '${refArg}'`);
  if (matches.length > 1) throw fatal(`Ambiguous refname: '${refArg}'`);
  const full = matches[0]!;
  // The commits the ref has held: the first entry's old value, then every new one (each once).
  const held: string[] = [];
  const add = (c: string) => {
    if (c !== ZERO && !held.includes(c) && repo.objects.read(c)?.type === "commit") held.push(c);
  };
  const log = readReflog(repo, full);
  if (log.length) add(log[0]!.old);
  for (const e of log) add(e.new);
  if (held.length === 0) add(repo.refs.resolve(full)!);
  if (!derived) return 1;
  const bases = mergeBasesMany(repo, derived, held);
  if (bases.length !== 1 || !held.includes(bases[0]!)) return 1;
  ctx.print(bases[0]!);
  return 0;
}

const ZERO = "0".repeat(40);
