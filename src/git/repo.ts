/**
 * A repository: its git dir and work tree (found by walking up from the
 * current directory, or GIT_DIR), object database (loose + packs), refs,
 * config and index.
 */
import { dirname, exists, kindOf, nodeFs, readFile, resolve } from "../sys/index.ts";
import { identity } from "./ident.ts";
import { smudgeRacyEntries } from "./worktree.ts";
import { loadConfig, type Config } from "./config.ts";
import { fatal, GitError } from "./errors.ts";
import { compareEntries, parseIndex, serializeIndex, type IndexEntry } from "./index-file.ts";
import { parseCommit, parseTag, parseTree, type Commit, type GitObject, type ObjectType, type Tag, type TreeEntry } from "./objects.ts";
import { LockFile, Refs } from "./refs.ts";
import { LooseStore } from "./store-loose.ts";
import { PackStore } from "./store-pack.ts";
import { writePack, type PackInput } from "./pack-write.ts";
import type { WritableObjectStore } from "./store.ts";

/** Process-level inputs a repository needs. */
export interface RepoEnv {
  cwd: string;
  env: Record<string, string | undefined>;
}

/** The loaded index plus the file's modification time (for the racy-git rule). */
export interface IndexState {
  entries: IndexEntry[];
  /** The cache-tree (TREE extension) payload, and the root tree it vouches for. */
  tree?: Uint8Array;
  rootTree?: string;
  /** The resolve-undo ("REUC") payload, when the index has one. */
  resolveUndo?: Uint8Array;
  /** mtime of the index file in ns, or 0 when there is none. */
  mtimeNs: bigint;
}

/** Loose objects and every pack, behind one store. */
export class ObjectDatabase implements WritableObjectStore {
  readonly loose: LooseStore;
  readonly packs: PackStore;
  constructor(objectsDir: string) {
    this.loose = new LooseStore(objectsDir);
    this.packs = new PackStore(`${objectsDir}/pack`, (oid) => this.read(oid));
  }
  has(oid: string): boolean {
    return this.loose.has(oid) || this.packs.has(oid);
  }
  read(oid: string): GitObject | undefined {
    return this.packs.read(oid) ?? this.loose.read(oid);
  }
  findPrefix(prefix: string): string[] {
    return [...new Set([...this.loose.findPrefix(prefix), ...this.packs.findPrefix(prefix)])];
  }
  /** True when at most one object has an id starting with `prefix` (an object in both a pack and loose counts once). */
  isUniquePrefix(prefix: string): boolean {
    const loose = this.loose.findPrefix(prefix);
    if (loose.length > 1) return false;
    const packed = this.packs.countPrefix(prefix, 2);
    if (loose.length === 0) return packed <= 1;
    return packed === 0 || (packed === 1 && this.packs.has(loose[0]!));
  }
  write(type: ObjectType, data: Uint8Array): string {
    return this.loose.write(type, data);
  }
  /**
   * Stores new objects (distinct ids, none in the store yet): one pack when
   * there are more than `threshold` (as git's bulk-checkin; thousands of
   * loose files, each in a fan-out directory that may need creating, cost far
   * more), else loose files.
   */
  writeAll(objects: PackInput[], threshold = 100): void {
    if (objects.length <= threshold) {
      for (const o of objects) this.loose.writeKnown(o.oid, o.type, o.data);
      return;
    }
    writePack(`${this.loose.dir}/pack`, objects);
    this.packs.rescan();
  }

}

/** An open repository. */
export class Repository {
  readonly objects: ObjectDatabase;
  readonly refs: Refs;
  private cfg: Config | undefined;
  private readonly commits = new Map<string, Commit>();
  private readonly trees = new Map<string, readonly TreeEntry[]>();
  /** Messages Git prints on stderr on the way to an answer (an ambiguous short id's candidates). */
  readonly diagnostics: string[] = [];

  /**
   * The index file: GIT_INDEX_FILE when set (a relative path is relative to
   * the top of the work tree, where git has moved by then), else <git dir>/index.
   */
  readonly indexPath: string;

  constructor(
    readonly gitDir: string,
    readonly workTree: string,
    readonly env: Record<string, string | undefined>,
    readonly cwd: string,
  ) {
    this.indexPath = env.GIT_INDEX_FILE ? resolve(workTree || cwd, env.GIT_INDEX_FILE) : `${gitDir}/index`;
    this.objects = new ObjectDatabase(`${gitDir}/objects`);
    this.refs = new Refs(gitDir);
    this.refs.reflog = (ref, oldOid, newOid, message, force) => this.appendReflog(ref, oldOid, newOid, message, force);
  }

  /**
   * Appends to logs/<ref> (git's files_log_ref_write): "<old> <new> <ident>
   * <time> <tz>", then a tab and the message (whitespace runs made one space)
   * when there is one. A log is started for the refs core.logAllRefUpdates
   * names (HEAD, branches, remote-tracking refs and notes; every ref with
   * "always"; none in a bare repository unless set) or with `force`; an
   * existing log is always appended to.
   */
  appendReflog(ref: string, oldOid: string, newOid: string, message: string | undefined, force = false): void {
    const all = this.config.get("core.logallrefupdates");
    const always = all?.toLowerCase() === "always";
    const normal = all === undefined ? this.workTree !== "" : always || this.config.getBool("core.logallrefupdates", false);
    const path = `${this.gitDir}/logs/${ref}`;
    const create = force || always || (normal && (ref === "HEAD" || /^refs\/(heads|remotes|notes)\//.test(ref)));
    if (!create && kindOf(path) !== "file") return;
    let who;
    try {
      who = identity("COMMITTER", this.env, this.config);
    } catch {
      return;
    }
    const msg = (message ?? "").replace(/^\s+/, "").replace(/\s+/g, " ").trimEnd();
    nodeFs().mkdirSync(dirname(path), { recursive: true });
    nodeFs().appendFileSync(path, `${oldOid} ${newOid} ${who.name} <${who.email}> ${who.time} ${who.tz}${msg ? `\t${msg}` : ""}\n`);
  }

  /** `-c name=value` settings of this invocation. */
  configOverrides: [string, string][] = [];

  /** Merged config (system, global, repository, then -c overrides). */
  get config(): Config {
    if (!this.cfg) {
      this.cfg = loadConfig(this.env, this.gitDir);
      for (const [k, v] of this.configOverrides) this.cfg.set(k, v);
    }
    return this.cfg;
  }

  /** Forgets the cached config after a write. */
  reloadConfig(): void {
    this.cfg = undefined;
  }

  /** The current directory relative to the work tree ("" at the top, else "sub/dir/"). */
  get prefix(): string {
    if (!this.workTree) return "";
    const rel = this.cwd.startsWith(this.workTree) ? this.cwd.slice(this.workTree.length).replace(/^\//, "") : "";
    return rel === "" ? "" : rel + "/";
  }

  /** Reads an object, failing like Git when it is missing. */
  readObject(oid: string): GitObject {
    const o = this.objects.read(oid);
    if (!o) throw fatal(`unable to read ${oid}`);
    return o;
  }

  /** Reads an object of a given type. */
  readTyped(oid: string, type: ObjectType): Uint8Array {
    const o = this.readObject(oid);
    if (o.type !== type) throw fatal(`object ${oid} is a ${o.type}, not a ${type}`);
    return o.data;
  }

  /** A commit, parsed. */
  commit(oid: string): Commit {
    let c = this.commits.get(oid);
    if (!c) {
      // readTyped's checks, inline: a long log reads every commit through here.
      const o = this.objects.read(oid);
      if (!o) throw fatal(`unable to read ${oid}`);
      if (o.type !== "commit") throw fatal(`object ${oid} is a ${o.type}, not a commit`);
      c = parseCommit(o.data);
      this.commits.set(oid, c);
    }
    return c;
  }

  /** A tree's entries (shared with later callers: do not modify). */
  tree(oid: string): readonly TreeEntry[] {
    let t = this.trees.get(oid);
    if (!t) {
      t = parseTree(this.readTyped(oid, "tree"));
      // Parsed trees are kept (a checkout reads the target's trees for the diff and again for the cache tree); cleared whole when many.
      if (this.trees.size >= 8192) this.trees.clear();
      this.trees.set(oid, t);
    }
    return t;
  }

  /** An annotated tag. */
  tag(oid: string): Tag {
    return parseTag(this.readTyped(oid, "tag"));
  }

  /** HEAD's commit id, or undefined on an unborn branch. */
  head(): string | undefined {
    return this.refs.resolve("HEAD");
  }

  /** The branch HEAD names ("master"), or undefined when detached. */
  currentBranch(): string | undefined {
    const t = this.refs.symbolicTarget("HEAD");
    return t?.startsWith("refs/heads/") ? t.slice(11) : undefined;
  }

  /** Reads the index (empty when the file does not exist). */
  readIndex(): IndexState {
    const path = this.indexPath;
    let buf: Uint8Array;
    try {
      buf = nodeFs().readFileSync(path);
    } catch (e) {
      if ((e as { code?: string }).code === "ENOENT") return { entries: [], mtimeNs: 0n };
      throw e;
    }
    const st = nodeFs().statSync(path, { bigint: true });
    return { ...parseIndex(buf, path), mtimeNs: st.mtimeNs };
  }

  /** Locks the index; the caller writes with `writeIndex(lock, entries)`. */
  lockIndex(): LockFile {
    return new LockFile(this.indexPath);
  }

  /** Sorts and writes entries through the lock, with a cache-tree extension when the caller has a valid one, and resolve-undo records when it keeps them. */
  writeIndex(lock: LockFile, entries: IndexEntry[], tree?: Uint8Array, resolveUndo?: Uint8Array): void {
    entries.sort(compareEntries);
    this.smudgeRacy(entries);
    lock.commit(serializeIndex(entries, tree, resolveUndo));
  }

  /** Smudges the entries a new index would otherwise vouch for wrongly (worktree.ts smudgeRacyEntries), against the index file being replaced. */
  smudgeRacy(entries: IndexEntry[]): void {
    if (!this.workTree) return;
    let mtimeS = 0;
    try {
      mtimeS = Number(nodeFs().statSync(this.indexPath, { bigint: true }).mtimeNs / 1_000_000_000n);
    } catch {}
    smudgeRacyEntries(this.workTree, entries, mtimeS);
  }

  /** Path of a file in the git dir. */
  path(name: string): string {
    return `${this.gitDir}/${name}`;
  }

  /** Fails like Git in a bare repository or outside a work tree. */
  requireWorkTree(): void {
    if (!this.workTree) throw fatal("this operation must be run in a work tree");
  }
}

function isGitDir(dir: string): boolean {
  return exists(`${dir}/HEAD`) && exists(`${dir}/objects`) && exists(`${dir}/refs`);
}

/** The git dir of the work tree `dir` (its `.git` directory, or the one a `.git` file names), when it is a repository (git's is_nonbare_repository_dir). */
export function gitDirAt(dir: string): string | undefined {
  const dotGit = `${dir}/.git`;
  const kind = kindOf(dotGit);
  if (!kind) return undefined;
  let gitDir = dotGit;
  try {
    if (kind === "file") {
      const m = /^gitdir: (.*)$/m.exec(readFile(dotGit, "utf8"));
      if (m) gitDir = resolve(dir, m[1]!.trim());
    }
  } catch {}
  return isGitDir(gitDir) ? gitDir : undefined;
}

/** Finds the repository containing `cwd` (or GIT_DIR), or fails with Git's message and exit 128. */
export function openRepository({ cwd, env }: RepoEnv): Repository {
  if (env.GIT_DIR) {
    const gitDir = resolve(cwd, env.GIT_DIR);
    if (!isGitDir(gitDir)) throw fatal(`not a git repository: '${env.GIT_DIR}'`);
    const wt = env.GIT_WORK_TREE ? resolve(cwd, env.GIT_WORK_TREE) : cwd;
    return new Repository(gitDir, wt, env, cwd);
  }
  let dir = resolve(cwd);
  const ceiling = env.GIT_CEILING_DIRECTORIES?.split(":").filter(Boolean).map((d) => resolve(d)) ?? [];
  for (;;) {
    const gitDir = gitDirAt(dir);
    if (gitDir) return new Repository(gitDir, dir, env, resolve(cwd));
    // A bare repository: the directory is itself a git dir (no work tree).
    if (isGitDir(dir) && exists(`${dir}/config`) && /^\s*bare\s*=\s*true/m.test(readFile(`${dir}/config`, "utf8"))) return new Repository(dir, "", env, resolve(cwd));
    const parent = dirname(dir);
    if (parent === dir || ceiling.includes(parent)) break;
    dir = parent;
  }
  throw new GitError(NOT_A_REPOSITORY, 128);
}

/** Git's error when no repository contains the directory. */
export const NOT_A_REPOSITORY = "fatal: not a git repository (or any of the parent directories): .git";
