/**
 * One git grep search over its files (builtin/grep.c's grep_cache,
 * grep_objects and grep_directory): which files it visits (the index's, a
 * tree's, a directory's) under the pathspec and --max-depth, the names it
 * shows them by (relative to the current directory, quoted unless -z, after
 * "<rev>:"), the diff attribute's say on binary files, and the output it
 * collects in git's order, with git's threads' first-line drop.
 */
import { nodeFs } from "../sys/index.ts";
import { DiffAttributes } from "./attributes.ts";
import { fatal } from "./errors.ts";
import { latin1 } from "./grep-pattern.ts";
import { GrepState, grepBuffer, type GrepOptions } from "./grep-source.ts";
import { ignoreRules } from "./ignore-rules.ts";
import { compareBytes, isTreeMode } from "./objects.ts";
import type { Pathspec } from "./pathspec.ts";
import { quotePath, relativePath } from "./quote.ts";
import type { Repository } from "./repo.ts";
import { peel } from "./revision.ts";
import { trackedSet, untracked } from "./walk.ts";

/** Git's within_depth: no more than `max` directory levels below the start of `rest`. */
function withinDepth(rest: string, max: number): boolean {
  let depth = 0;
  for (let k = rest.indexOf("/"); k >= 0; k = rest.indexOf("/", k + 1)) if (++depth > max) return false;
  return true;
}

/** One search: which files it visits, how it names them, and the output and hit it collects. */
export class Search {
  hit = false;
  private readonly state: GrepState;
  private readonly outputs: string[] = [];
  private readonly skipFirstLine: boolean;
  constructor(
    readonly opt: GrepOptions,
    threaded: boolean,
    readonly prefix: string,
    readonly relative: boolean,
    readonly pathspec: Pathspec,
    readonly maxDepth: number,
  ) {
    this.state = new GrepState(opt, threaded);
    const context = opt.preContext !== 0 || opt.postContext !== 0 || opt.fileBreak;
    this.skipFirstLine = threaded && context && !(opt.nameOnly || opt.unmatchNameOnly || opt.count);
  }

  /** Whether the search is over (-q after a hit). */
  get done(): boolean {
    return this.hit && this.opt.statusOnly;
  }

  /** The pathspec with --max-depth (match_pathspec's depth check; a glob match is not limited). */
  matches(path: string): boolean {
    const items = this.pathspec.items;
    if (this.maxDepth < 0) return this.pathspec.matches(path);
    if (!items.length) return withinDepth(path, this.maxDepth);
    for (const it of items) {
      if (it.path === "" || path === it.path || path.startsWith(it.path + "/")) {
        const rest = it.path === "" ? path : path.slice(it.path.length + 1);
        if (withinDepth(rest, this.maxDepth)) return true;
      } else if (it.glob?.test(path)) return true;
    }
    return false;
  }

  /** grep_source_name: relative to the current directory and quoted (raw with -z); `tree` ("HEAD:") is put before it as is. */
  private name(path: string, tree = ""): string {
    const rel = this.relative && this.prefix ? relativePath(path, this.prefix) : path;
    return latin1(tree + (this.opt.nullFollowingName ? rel : quotePath(rel)));
  }

  /** The diff attribute's say on binary files (none with -a, or outside a repository). */
  attributes: DiffAttributes | undefined;

  /** Greps one file's contents; `attrPath` is the path whose attributes apply (none for a plain tree's files). */
  private run(name: string, data: Uint8Array, attrPath?: string): void {
    const out: string[] = [];
    const attrBinary = attrPath === undefined ? undefined : this.attributes?.binary(latin1(attrPath));
    if (grepBuffer(this.state, name, data, out, attrBinary)) this.hit = true;
    if (out.length) this.outputs.push(out.join(""));
  }

  /** grep_file: a work tree file; one that is missing or no regular file is passed over silently. */
  file(abs: string, path: string): void {
    const data = readRegularFile(abs);
    if (data) this.run(this.name(path), data, path);
  }

  /** grep_cache: the index's regular files, from the work tree (or the index with --cached, assume-valid or skip-worktree). */
  index(repo: Repository, cached: boolean): void {
    const entries = repo.readIndex().entries;
    if (this.opt.binary !== "text") {
      const files = new Map(entries.filter((e) => e.path === ".gitattributes" || e.path.endsWith("/.gitattributes")).map((e) => [latin1(e.path), e.oid]));
      this.attributes = new DiffAttributes(repo, files);
    }
    for (let k = 0; k < entries.length && !this.done; k++) {
      const e = entries[k]!;
      if ((e.mode & 0o170000) !== 0o100000) continue;
      if (!this.matches(e.path)) continue;
      if (cached || e.assumeValid || ((e.extended ?? 0) & 0x4000)) {
        // An intent-to-add entry has no content in the index (its work tree file is searched).
        if (e.stage || (e.extended ?? 0) & 0x2000) continue;
        this.run(this.name(e.path), repo.readTyped(e.oid, "blob"), e.path);
      } else this.file(`${repo.workTree}/${e.path}`, e.path);
      // An unmerged path is searched once, in the work tree.
      if (e.stage) while (k + 1 < entries.length && entries[k + 1]!.path === e.path) k++;
    }
  }

  /** grep_objects: each revision's tree (tags peeled), or a blob under the revision's own name. */
  objects(repo: Repository, list: { oid: string; name: string }[]): void {
    if (this.opt.binary !== "text") this.attributes = new DiffAttributes(repo, undefined);
    for (const { oid, name } of list) {
      if (this.done) break;
      const target = peel(repo, oid, "any") ?? oid;
      const type = repo.readObject(target).type;
      // A blob named <rev>:<path> has that path's attributes; a commit's files theirs; a bare tree's none.
      const colon = name.indexOf(":");
      if (type === "blob") this.run(this.name(name), repo.readTyped(target, "blob"), colon < 0 ? undefined : name.slice(colon + 1));
      else if (type === "commit" || type === "tree") this.tree(repo, peel(repo, target, "tree")!, "", `${name}:`, type === "commit");
      else throw fatal(`unable to grep from object of type ${type}`);
    }
  }

  private tree(repo: Repository, oid: string, base: string, label: string, attrs: boolean): void {
    for (const e of repo.tree(oid)) {
      if (this.done) return;
      const path = base + e.name;
      if (isTreeMode(e.mode)) {
        if (this.pathspec.mayMatchUnder(path)) this.tree(repo, e.oid, path + "/", label, attrs);
      } else if (e.mode.startsWith("100") && this.matches(path)) this.run(this.name(path, label), repo.readTyped(e.oid, "blob"), attrs ? path : undefined);
    }
  }

  /**
   * grep_directory: the files under `root` (git's fill_directory), by path;
   * with `ignore`'s repository, not the ignored ones; --untracked does not
   * enter nested repositories, --no-index does.
   */
  directory(root: string, untrackedMode: boolean, repo: Repository | undefined, explicitExclude: boolean, attrRepo: Repository | undefined): void {
    if (attrRepo && this.opt.binary !== "text") this.attributes = new DiffAttributes(attrRepo, undefined);
    let files: string[];
    if (repo) files = untracked(repo.workTree, trackedSet([]), ignoreRules(repo), { all: true }).filter((p) => !p.endsWith("/"));
    else {
      if (explicitExclude) throw fatal("gokit git grep does not support --exclude-standard outside a repository");
      files = [];
      walkAll(root, "", untrackedMode, files);
    }
    files.sort(compareBytes);
    for (const path of files) {
      if (this.done) break;
      if (this.matches(path)) this.file(`${root}/${path}`, path);
    }
  }

  /** The collected output; with git's threads, the first line of the first output dropped. */
  output(): string {
    const outs = this.outputs;
    if (this.skipFirstLine && outs.length) {
      const nl = outs[0]!.indexOf("\n");
      outs[0] = nl < 0 ? "" : outs[0]!.slice(nl + 1);
    }
    return outs.join("");
  }
}

/**
 * A regular file's bytes, or undefined for anything else (git lstats first):
 * opened without following a symbolic link and without blocking on a FIFO,
 * then checked by fstat (one system call fewer than lstat + read).
 */
function readRegularFile(abs: string): Uint8Array | undefined {
  const fs = nodeFs();
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return undefined;
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    return got === buf.length ? buf : buf.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Every file under `root`/`rel` but .git, not following symbolic links; `skipRepos`: not into nested repositories. */
function walkAll(root: string, rel: string, skipRepos: boolean, out: string[]): void {
  let entries;
  try {
    entries = nodeFs().readdirSync(rel ? `${root}/${rel}` : root, { withFileTypes: true });
  } catch {
    return;
  }
  if (rel && skipRepos && entries.some((e) => e.name === ".git")) return;
  for (const e of entries) {
    if (e.name === ".git") continue;
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walkAll(root, path, skipRepos, out);
    else if (e.isFile()) out.push(path);
  }
}
