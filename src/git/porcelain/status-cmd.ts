/** `git status` (long, -s, --porcelain[=v1]) and `git ls-files [-s]`. */
import { detachedLabel } from "../detached-head.ts";
import { computeStatus, formatLong, formatShort } from "../status.ts";
import { quotePath, relativePath } from "../quote.ts";
import { Pathspec } from "../pathspec.ts";
import { GitError } from "../errors.ts";
import { parseOptions, type Context } from "./context.ts";

/** git status [-s] [--porcelain[=v1]] [-uno] */
export function status(ctx: Context, argv: string[]): number {
  // -u / --untracked-files take an optional mode (default "all").
  const p = parseOptions(argv, { short: { short: "s" }, porcelain: {}, "untracked-files": { short: "u", value: true, optional: "all" }, branch: { short: "b" } });
  const mode = (p.opts["untracked-files"] as string | undefined) ?? "normal";
  if (!["no", "normal", "all"].includes(mode)) throw new GitError(`fatal: Invalid untracked files mode '${mode}'`, 128);
  const porcelainArg = argv.find((a) => a.startsWith("--porcelain="));
  if (porcelainArg && porcelainArg !== "--porcelain=v1" && porcelainArg !== "--porcelain=1") throw new GitError(`fatal: unsupported porcelain version '${porcelainArg.slice(12)}'`, 128);
  const repo = ctx.repo;
  repo.requireWorkTree();
  const s = computeStatus(repo, { untracked: mode !== "no", allUntracked: mode === "all" });
  if (p.opts.porcelain || porcelainArg) ctx.out.push(formatShort(s, "", p.opts.branch === true));
  else if (p.opts.short) ctx.out.push(formatShort(s, repo.prefix, p.opts.branch === true));
  else {
    ctx.out.push(formatLong(s, { prefix: repo.prefix, detached: detachedLabel(repo), untrackedHidden: mode === "no" }));
  }
  return 0;
}

/** git ls-files [-s] [<pathspec>...] */
export function lsFiles(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { stage: { short: "s" }, cached: { short: "c" } });
  const repo = ctx.repo;
  const spec = new Pathspec([...p.args, ...(p.paths ?? [])], repo.prefix, repo.workTree);
  const prefix = repo.prefix;
  let last = "";
  for (const e of repo.readIndex().entries) {
    if (!spec.matches(e.path) || (prefix && !e.path.startsWith(prefix))) continue;
    const name = quotePath(relativePath(e.path, prefix));
    if (p.opts.stage) ctx.print(`${e.mode.toString(8).padStart(6, "0")} ${e.oid} ${e.stage}\t${name}`);
    else if (e.path !== last) ctx.print(name);
    last = e.path;
  }
  return 0;
}
