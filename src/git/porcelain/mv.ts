/**
 * `git mv`: renames files and directories in the work tree and the index
 * together (builtin/mv.c), with git's checks and messages: a source that is
 * missing or not tracked, a destination that exists (unless -f), a
 * directory moved into itself, several sources into a non-directory; -n
 * says what it would do, -v what it does, -k skips the sources it cannot move.
 */
import { renameSync } from "node:fs";
import { normalize } from "../../sys/index.ts";
import { kindAt } from "../worktree.ts";
import { invalidatePaths, parseCacheTree, serializeCacheTree } from "../cache-tree.ts";
import { fatal } from "../errors.ts";
import type { IndexEntry } from "../index-file.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** One move: top-relative source and destination, as given (for messages). */
interface Move {
  src: string;
  dst: string;
  /** The source is a directory: every entry under it moves. */
  dir: boolean;
}

/** git mv [-v] [-n] [-f] [-k] <source>... <destination> */
export function mv(ctx: Context, argv: string[]): number {
  const p = parseOptions(argv, { verbose: { short: "v" }, "dry-run": { short: "n" }, force: { short: "f" }, k: { short: "k" }, sparse: {} });
  const args = [...p.args, ...(p.paths ?? [])];
  if (args.length < 2) throw new OptionError("", 2, true);
  const repo = ctx.repo;
  // Paths are the command line's, from the current directory: top-relative here ("" for the top itself).
  const top = (path: string) => {
    const n = normalize(repo.prefix + path).replace(/\/$/, "");
    if (n === ".." || n.startsWith("../")) throw fatal(`'${path}' is outside repository at '${repo.workTree}'`);
    return n === "." ? "" : n;
  };
  const sources = args.slice(0, -1).map(top);
  const destination = top(args[args.length - 1]!);
  // What is at a top-relative path, not following a symlink (lstat, as git's mv).
  const kind = (path: string) => kindAt(path === "" ? repo.workTree : `${repo.workTree}/${path}`).kind;
  const isDir = (path: string) => kind(path) === "dir";
  // Into a directory (each source keeps its name there), or one source to a new name.
  const intoDir = isDir(destination);
  if (!intoDir && sources.length > 1) throw fatal(`destination '${destination}' is not a directory`);
  const lock = repo.lockIndex();
  try {
    const { entries, tree } = repo.readIndex();
    const tracked = new Set(entries.map((e) => e.path));
    const moves: Move[] = [];
    for (const src of sources) {
      const base = src.slice(src.lastIndexOf("/") + 1);
      const dst = intoDir ? (destination === "" ? base : `${destination}/${base}`) : destination;
      const fail = (why: string) => {
        if (p.opts.k) return;
        throw fatal(`${why}, source=${src}, destination=${dst}`);
      };
      const at = kind(src);
      if (at === "none") {
        fail("bad source");
        continue;
      }
      if (at === "dir") {
        const under = entries.filter((e) => e.path.startsWith(`${src}/`));
        if (dst === src || dst.startsWith(`${src}/`)) {
          fail("can not move directory into itself");
          continue;
        }
        if (under.length === 0) {
          fail("source directory is empty");
          continue;
        }
        if (kind(dst) !== "none") {
          fail("destination already exists");
          continue;
        }
        moves.push({ src, dst, dir: true });
        continue;
      }
      if (!tracked.has(src)) {
        fail("not under version control");
        continue;
      }
      if (entries.some((e) => e.path === src && e.stage !== 0)) {
        fail("conflicted");
        continue;
      }
      if (kind(dst) !== "none" && !p.opts.force) {
        fail("destination exists");
        continue;
      }
      if (moves.some((m) => m.dst === dst)) {
        fail("multiple sources for the same target");
        continue;
      }
      moves.push({ src, dst, dir: false });
    }
    let out = entries;
    for (const m of moves) {
      if (p.opts["dry-run"]) ctx.print(`Checking rename of '${m.src}' to '${m.dst}'`);
      if (p.opts["dry-run"] || p.opts.verbose) ctx.print(`Renaming ${m.src} to ${m.dst}`);
      if (p.opts["dry-run"]) continue;
      try {
        renameSync(`${repo.workTree}/${m.src}`, `${repo.workTree}/${m.dst}`);
      } catch (e) {
        const code = (e as { code?: string }).code;
        throw fatal(`renaming '${m.src}' failed: ${code === "ENOENT" ? "No such file or directory" : code === "ENOTDIR" ? "Not a directory" : (e as Error).message}`);
      }
      // The index: each moved entry under its new name (its stat data kept); a forced destination's entry goes.
      const moved = (path: string) => (m.dir ? path.startsWith(`${m.src}/`) : path === m.src);
      const next: IndexEntry[] = [];
      for (const e of out) {
        if (moved(e.path)) next.push({ ...e, path: m.dir ? m.dst + e.path.slice(m.src.length) : m.dst });
        else if (!(e.path === m.dst || (m.dir && e.path.startsWith(`${m.dst}/`)))) next.push(e);
      }
      out = next;
    }
    if (p.opts["dry-run"] || moves.length === 0) {
      lock.rollback();
      return 0;
    }
    // The cache tree stays, invalidated where something left or arrived.
    const root = tree && parseCacheTree(tree);
    if (root) invalidatePaths(root, moves.flatMap((m) => [m.dir ? `${m.src}/x` : m.src, m.dir ? `${m.dst}/x` : m.dst]));
    repo.writeIndex(lock, out, root ? serializeCacheTree(root) : undefined);
    return 0;
  } catch (e) {
    lock.rollback();
    throw e;
  }
}
