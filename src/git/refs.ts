/**
 * References: loose files under the git dir, `packed-refs` (with peeled
 * lines), symbolic refs such as HEAD ("ref: refs/heads/master"), and the
 * pseudo-refs ORIG_HEAD and MERGE_HEAD. Updates go through a `.lock` file.
 */
import { dirname, nodeFs, readFile } from "../sys/index.ts";
import { GitError } from "./errors.ts";

/** A ref's raw content: an id or a symbolic target. */
export type RefValue = { oid: string } | { symbolic: string };

/** A lock file `path.lock`, created exclusively as Git does; commit renames it over `path`. */
export class LockFile {
  private fd: number;
  readonly lockPath: string;
  constructor(readonly path: string) {
    this.lockPath = `${path}.lock`;
    try {
      this.fd = nodeFs().openSync(this.lockPath, "wx", 0o666);
    } catch (e) {
      if ((e as { code?: string }).code === "ENOENT") {
        nodeFs().mkdirSync(dirname(path), { recursive: true });
        this.fd = nodeFs().openSync(this.lockPath, "wx", 0o666);
        return;
      }
      if ((e as { code?: string }).code !== "EEXIST") throw e;
      throw new GitError(
        `fatal: Unable to create '${this.lockPath}': File exists.\n\nAnother git process seems to be running in this repository, e.g.\nan editor opened by 'git commit'. Please make sure all processes\nare terminated then try again. If it still fails, a git process\nmay have crashed in this repository earlier:\nremove the file manually to continue.`,
        128,
      );
    }
  }
  /** Writes the new content into the lock file, which stays (for hooks to read) until `commit()` or `rollback()`. */
  write(data: string | Uint8Array): void {
    nodeFs().writeSync(this.fd, typeof data === "string" ? Buffer.from(data) : data);
    nodeFs().closeSync(this.fd);
    this.fd = -1;
  }
  /** Writes the new content (unless `write` did) and renames the lock into place. */
  commit(data?: string | Uint8Array): void {
    if (data !== undefined) this.write(data);
    nodeFs().renameSync(this.lockPath, this.path);
  }
  /** Removes the lock without changing the file. */
  rollback(): void {
    try {
      if (this.fd >= 0) nodeFs().closeSync(this.fd);
    } catch {}
    try {
      nodeFs().unlinkSync(this.lockPath);
    } catch {}
  }
}

const ZERO = "0".repeat(40);

/** Writes one reflog line for `ref` (old → new, with a message); installed by the repository. */
export type ReflogWriter = (ref: string, oldOid: string, newOid: string, message: string, force?: boolean) => void;

/** The refs of one repository. */
export class Refs {
  private packed: Map<string, string> | undefined;
  /** Receives ref updates that carry a message (the reflog). */
  reflog: ReflogWriter | undefined;
  constructor(readonly gitDir: string) {}

  /** packed-refs as a map (peeled lines skipped). */
  packedRefs(): Map<string, string> {
    if (this.packed) return this.packed;
    const map = new Map<string, string>();
    let src = "";
    try {
      src = readFile(`${this.gitDir}/packed-refs`, "utf8");
    } catch {}
    for (const line of src.split("\n")) {
      if (line === "" || line[0] === "#" || line[0] === "^") continue;
      const sp = line.indexOf(" ");
      if (sp === 40) map.set(line.slice(41), line.slice(0, 40));
    }
    this.packed = map;
    return map;
  }

  /** The raw value of `name` (loose first, then packed), or undefined. */
  read(name: string): RefValue | undefined {
    let src: string | undefined;
    try {
      src = readFile(`${this.gitDir}/${name}`, "utf8");
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== "ENOENT" && code !== "ENOTDIR" && code !== "EISDIR") throw e;
    }
    if (src !== undefined) {
      if (src.startsWith("ref: ")) return { symbolic: src.slice(5).trim() };
      const oid = src.slice(0, 40);
      if (!/^[0-9a-f]{40}$/.test(oid)) throw new GitError(`error: ${name}: invalid reference format\nfatal: bad object ${name}`, 128);
      return { oid };
    }
    const p = this.packedRefs().get(name);
    return p ? { oid: p } : undefined;
  }

  /** Follows symbolic refs to an id; undefined for a missing or unborn ref. */
  resolve(name: string): string | undefined {
    let cur = name;
    for (let depth = 0; depth < 10; depth++) {
      const v = this.read(cur);
      if (!v) return undefined;
      if ("oid" in v) return v.oid;
      cur = v.symbolic;
    }
    return undefined;
  }

  /** The ref a symbolic ref finally points at ("HEAD" → "refs/heads/master"), or undefined when detached. */
  symbolicTarget(name: string): string | undefined {
    const v = this.read(name);
    return v && "symbolic" in v ? v.symbolic : undefined;
  }

  /**
   * Writes `name` = oid (through symbolic refs unless `noDeref`); `message` goes to the reflog of the ref and, through HEAD, of HEAD
   * (`forceReflog`: whatever core.logAllRefUpdates says, as git's REF_FORCE_CREATE_REFLOG).
   */
  update(name: string, oid: string, options: { noDeref?: boolean; message?: string; forceReflog?: boolean } = {}): void {
    let target = name;
    if (!options.noDeref) for (let s = this.symbolicTarget(target); s; s = this.symbolicTarget(target)) target = s;
    const old = options.message !== undefined ? (this.resolve(target) ?? ZERO) : ZERO;
    new LockFile(`${this.gitDir}/${target}`).commit(`${oid}\n`);
    if (options.message !== undefined && this.reflog) {
      this.reflog(target, old, oid, options.message, options.forceReflog);
      if (target !== name && name === "HEAD") this.reflog("HEAD", old, oid, options.message);
    }
  }

  /** Makes `name` a symbolic ref to `target`; `message` logs the move in HEAD's reflog. */
  setSymbolic(name: string, target: string, message?: string): void {
    const old = message !== undefined ? (this.resolve(name) ?? ZERO) : ZERO;
    new LockFile(`${this.gitDir}/${name}`).commit(`ref: ${target}\n`);
    if (message !== undefined && this.reflog) this.reflog(name, old, this.resolve(target) ?? ZERO, message);
  }

  /** Deletes a ref, loose and packed, with its reflog. */
  delete(name: string): void {
    try {
      nodeFs().unlinkSync(`${this.gitDir}/${name}`);
    } catch {}
    try {
      nodeFs().unlinkSync(`${this.gitDir}/logs/${name}`);
    } catch {}
    const packed = this.packedRefs();
    if (packed.has(name)) {
      const lock = new LockFile(`${this.gitDir}/packed-refs`);
      const src = readFile(`${this.gitDir}/packed-refs`, "utf8").split("\n");
      const out: string[] = [];
      for (let k = 0; k < src.length; k++) {
        const line = src[k]!;
        if (line.length > 41 && line[0] !== "^" && line[0] !== "#" && line.slice(41) === name) {
          if (src[k + 1]?.startsWith("^")) k++;
          continue;
        }
        out.push(line);
      }
      lock.commit(out.join("\n"));
      packed.delete(name);
    }
    // Remove now-empty parent directories under refs/heads/ (as Git does).
    let dir = dirname(`${this.gitDir}/${name}`);
    while (dir.length > `${this.gitDir}/refs/heads`.length && dir.startsWith(`${this.gitDir}/refs/`)) {
      try {
        nodeFs().rmdirSync(dir);
      } catch {
        break;
      }
      dir = dirname(dir);
    }
  }

  /** Every ref under `prefix` ("refs/heads/"), loose and packed, sorted by name, with its id. */
  list(prefix: string): [string, string][] {
    const out = new Map<string, string>();
    for (const [name, oid] of this.packedRefs()) if (name.startsWith(prefix)) out.set(name, oid);
    const walk = (rel: string) => {
      let entries;
      try {
        entries = nodeFs().readdirSync(`${this.gitDir}/${rel}`, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const child = `${rel}${e.name}`;
        if (e.isDirectory()) walk(`${child}/`);
        else if (!e.name.endsWith(".lock")) {
          const oid = this.resolve(child);
          if (oid) out.set(child, oid);
        }
      }
    };
    walk(prefix.endsWith("/") ? prefix : `${prefix}/`);
    return [...out].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}

/** Git's check-ref-format rules for a branch or tag name. */
export function isValidRefName(name: string): boolean {
  if (name === "" || name === "@" || name.startsWith("-") || name.startsWith("/") || name.endsWith("/") || name.endsWith(".")) return false;
  if (/\.\.|[\x00-\x20\x7f~^:?*[\\]|@\{|\/\/|\/\.|\.lock(\/|$)/.test(name) || name.startsWith(".")) return false;
  return true;
}
