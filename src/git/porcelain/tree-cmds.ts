/**
 * `git write-tree` (the index as a tree: refused while it has conflict
 * stages or names objects the store lacks; --prefix for one directory's
 * tree) and `git commit-tree` (a commit of a tree with the given parents and
 * message, identities and dates as `git commit` takes them, printing the
 * new id), as builtin/write-tree.c and builtin/commit-tree.c.
 */
import { nodeFs, resolve } from "../../sys/index.ts";
import { parseCacheTree, validNodes } from "../cache-tree.ts";
import { fatal, GitError } from "../errors.ts";
import { identity } from "../ident.ts";
import { isTreeMode, serializeCommit, type ObjectType } from "../objects.ts";
import type { Repository } from "../repo.ts";
import { getOid } from "../revision.ts";
import { writeTree } from "../tree.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

const INTENT_TO_ADD = 0x2000;

/** git write-tree [--missing-ok] [--prefix=<prefix>/] */
export function writeTreeCmd(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { "missing-ok": {}, prefix: { value: true }, "ignore-cache-tree": {} });
  const repo = ctx.repo;
  const me = "git-write-tree";
  const lock = repo.lockIndex();
  try {
    const { entries, tree: cacheTree } = repo.readIndex();
    // verify_cache: conflict stages are listed (up to ten), then refused.
    const unmerged = entries.filter((e) => e.stage !== 0);
    if (unmerged.length) {
      const lines = unmerged.slice(0, 10).map((e) => `${e.path}: unmerged (${e.oid})`);
      if (unmerged.length > 10) lines.push("...");
      throw new GitError(`${lines.join("\n")}\nfatal: ${me}: error building trees`, 128);
    }
    // Intent-to-add entries are not part of any tree.
    const staged = entries.filter((e) => !((e.extended ?? 0) & INTENT_TO_ADD));
    if (!p.opts["missing-ok"]) {
      const missing = staged.find((e) => e.mode !== 0o160000 && !repo.objects.has(e.oid));
      if (missing) throw new GitError(`error: invalid object ${missing.mode.toString(8).padStart(6, "0")} ${missing.oid} for '${missing.path}'\nfatal: ${me}: error building trees`, 128);
    }
    const cached = !p.opts["ignore-cache-tree"] && cacheTree ? parseCacheTree(cacheTree) : undefined;
    // A path that is a file and a directory too is refused by writeTree with git's message.
    const written = writeTree(repo, staged, { reuse: cached ? validNodes(cached) : undefined });
    let oid = written.oid;
    const prefix = p.opts.prefix as string | undefined;
    if (prefix !== undefined) {
      for (const part of prefix.split("/").filter(Boolean)) {
        const e = repo.tree(oid).find((x) => x.name === part && isTreeMode(x.mode));
        if (!e) throw fatal(`${me}: prefix ${prefix} not found`);
        oid = e.oid;
      }
    }
    // The index keeps the cache tree it now has (as write_index_as_tree leaves it), unless an entry is only intended.
    if (staged.length === entries.length) repo.writeIndex(lock, entries, written.ext);
    else lock.rollback();
    ctx.print(oid);
    return 0;
  } catch (e) {
    lock.rollback();
    throw e;
  }
}

/** git commit-tree <tree> [-p <parent>]... [-m <message>]... [-F <file>]... (the message from stdin when none is given) */
export function commitTree(ctx: Context, argv: string[]): number {
  if (argv.length < 1) throw new OptionError("", 2, true);
  // The options are only checked here: -p, -m and -F act in the order given, as git's callbacks do.
  parseOptions(argv, { p: { short: "p", value: true }, m: { short: "m", value: true }, F: { short: "F", value: true }, "gpg-sign": { short: "S", value: true, optional: "" } });
  const repo = ctx.repo;
  const parents: string[] = [];
  let message = "";
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") || a === "-S" || (a.startsWith("-S") && a.length > 2)) throw fatal("gokit git commit-tree does not support --gpg-sign");
    if (!a.startsWith("-") || a === "-") {
      args.push(a);
      continue;
    }
    const letter = a[1]!;
    const value = a.length > 2 ? a.slice(2) : argv[++i]!;
    if (letter === "p") {
      const oid = getOid(repo, value);
      if (oid === undefined) throw fatal(`not a valid object name ${value}`);
      assertType(repo, oid, "commit");
      if (parents.includes(oid)) ctx.eprint(`error: duplicate parent ${oid} ignored`);
      else parents.push(oid);
    } else {
      if (message) message += "\n";
      if (letter === "m") {
        message += value;
        if (!message.endsWith("\n")) message += "\n";
      } else message += readMessageFile(ctx, value);
    }
  }
  if (args.length !== 1) throw fatal("must give exactly one tree");
  const tree = getOid(repo, args[0]!);
  if (tree === undefined) throw fatal(`not a valid object name ${args[0]}`);
  assertType(repo, tree, "tree");
  if (message === "") message = nodeFs().readFileSync(0, "utf8");
  const author = identity("AUTHOR", repo.env, repo.config);
  const committer = identity("COMMITTER", repo.env, repo.config);
  ctx.print(repo.objects.write("commit", serializeCommit({ tree, parents, author, committer, message })));
  return 0;
}

/** git's assert_oid_type. */
function assertType(repo: Repository, oid: string, type: ObjectType): void {
  const o = repo.objects.read(oid);
  if (!o) throw fatal(`${oid} is not a valid object`);
  if (o.type !== type) throw fatal(`${oid} is not a valid '${type}' object`);
}

/** -F: a file's content as it is ("-" is stdin). */
function readMessageFile(ctx: Context, name: string): string {
  if (name === "-") return nodeFs().readFileSync(0, "utf8");
  try {
    // git has moved to the top of the work tree by then: a relative name is from there.
    return nodeFs().readFileSync(resolve(ctx.repo.workTree || ctx.cwd, name), "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw fatal(`could not open '${name}' for reading: ${code === "EISDIR" ? "Is a directory" : code === "EACCES" ? "Permission denied" : "No such file or directory"}`);
  }
}
