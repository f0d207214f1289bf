/**
 * `git symbolic-ref`: reads a symbolic ref (the ref it finally names, or
 * with --no-recurse the one it names; --short shortens it), points one at a
 * ref (HEAD only inside refs/; logged when the target exists, with -m's
 * reason), or deletes one with -d (builtin/symbolic-ref.c).
 */
import { fatal } from "../errors.ts";
import { commitRefUpdates, isValidRefFormat, ZERO_OID } from "../ref-transaction.ts";
import type { Repository } from "../repo.ts";
import { shortenRef } from "../revision.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** How deep git follows symbolic refs (SYMREF_MAXDEPTH). */
const MAX_DEPTH = 5;

/**
 * git's resolve_ref_unsafe for check_symref: the ref `name` ends at (one
 * step without `recurse`) and whether it was symbolic at all; undefined for
 * a malformed name or a loop.
 */
function resolveSymbolic(repo: Repository, name: string, recurse: boolean): { ref: string; symbolic: boolean } | undefined {
  let ref = name;
  let symbolic = false;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    if (!isValidRefFormat(ref)) return undefined;
    const target = repo.refs.symbolicTarget(ref);
    if (target === undefined) return { ref, symbolic };
    symbolic = true;
    ref = target;
    if (!recurse) return { ref, symbolic };
  }
  return undefined;
}

/** git symbolic-ref [-q] [--short] [--no-recurse] <name> | [-m <reason>] <name> <ref> | -d [-q] <name> */
export function symbolicRef(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { quiet: { short: "q" }, delete: { short: "d" }, short: {}, recurse: {}, m: { short: "m", value: true } });
  const repo = ctx.repo;
  const args = [...p.args, ...(p.paths ?? [])];
  const message = p.opts.m as string | undefined;
  if (message === "") throw fatal("Refusing to perform update with empty message");
  if (p.opts.delete) {
    if (args.length !== 1) throw new OptionError("", 2, true);
    const name = args[0]!;
    const r = resolveSymbolic(repo, name, false);
    if (!r) throw fatal(`No such ref: ${name}`);
    if (!r.symbolic) throw fatal(`Cannot delete ${name}, not a symbolic ref`);
    if (name === "HEAD") throw fatal("deleting 'HEAD' is not allowed");
    const done = commitRefUpdates(repo, [{ ref: name, newOid: ZERO_OID, noDeref: true }]);
    if (!done.ok) {
      ctx.eprint(`error: ${done.error}`);
      return 1;
    }
    return 0;
  }
  if (args.length === 1) {
    const name = args[0]!;
    const r = resolveSymbolic(repo, name, p.opts.recurse !== false);
    if (!r) throw fatal(`No such ref: ${name}`);
    if (!r.symbolic) {
      if (p.opts.quiet) return 1;
      throw fatal(`ref ${name} is not a symbolic ref`);
    }
    ctx.print(p.opts.short ? shortenRef(repo, r.ref) : r.ref);
    return 0;
  }
  if (args.length !== 2) throw new OptionError("", 2, true);
  const [name, target] = args as [string, string];
  if (name === "HEAD" && !target.startsWith("refs/")) throw fatal("Refusing to point HEAD outside of refs/");
  if (!isValidRefFormat(target)) throw fatal(`Refusing to set '${name}' to invalid ref '${target}'`);
  // The move is logged (when the target exists) from what the name resolved to before.
  const old = repo.refs.resolve(name) ?? ZERO_OID;
  repo.refs.setSymbolic(name, target);
  const now = repo.refs.resolve(target);
  if (now !== undefined) repo.appendReflog(name, old, now, message);
  return 0;
}
