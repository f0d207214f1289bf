/**
 * `git reflog`: a ref's reflog, newest first, as "<id> <ref>@{<n>}: <message>"
 * (`show`, the default, with -n/-<n> limits), and `exists`. Rewriting the
 * reflog (expire, delete) is not implemented and is refused.
 */
import { GitError, fatal } from "../errors.ts";
import { readReflog } from "../reflog.ts";
import { abbrev, resolveRefName, revisionError } from "../revision.ts";
import type { Context } from "./context.ts";

/** git reflog [show] [-n <n>] [<ref>] | git reflog exists <ref> */
export function reflog(ctx: Context, argv: string[]): number {
  const repo = ctx.repo;
  let args = argv;
  if (args[0] === "exists") {
    if (args.length !== 2) throw new GitError("usage: git reflog exists <ref>\n", 129);
    return readReflog(repo, args[1]!).length > 0 ? 0 : 1;
  }
  if (args[0] === "expire" || args[0] === "delete") throw fatal(`gokit git reflog does not support ${args[0]}`);
  if (args[0] === "show") args = args.slice(1);
  let limit = Infinity;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let m: RegExpExecArray | null;
    if ((m = /^-(\d+)$/.exec(a)) || (m = /^-n(\d+)$/.exec(a)) || (m = /^--max-count=(\d+)$/.exec(a))) limit = Number(m[1]);
    else if (a === "-n" || a === "--max-count") limit = Number(args[++i]);
    else if (a.startsWith("-")) throw new GitError(`fatal: unrecognized argument: ${a}`, 128);
    else names.push(a);
  }
  if (names.length > 1) throw fatal("gokit git reflog shows one ref at a time");
  const name = names[0] ?? "HEAD";
  const ref = resolveRefName(repo, name);
  if (!ref?.ref) throw revisionError(repo, name);
  const log = readReflog(repo, ref.ref);
  const lines: string[] = [];
  for (let k = 0; k < log.length && k < limit; k++) {
    const e = log[log.length - 1 - k]!;
    lines.push(`${abbrev(repo, e.new)} ${name}@{${k}}: ${e.message}\n`);
  }
  ctx.out.push(lines.join(""));
  return 0;
}
