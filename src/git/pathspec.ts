/**
 * Pathspecs (gitglossary "pathspec"): arguments relative to the current
 * directory, matching a file, everything under a directory, or a glob whose
 * `*` also crosses "/" (Git's default, non-literal pathspec magic).
 */
import { normalize } from "../sys/index.ts";
import { fatal } from "./errors.ts";

/** One pathspec item, relative to the top of the work tree. */
interface Item {
  raw: string;
  path: string;
  glob: RegExp | undefined;
}

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let cls = glob.slice(i + 1, end);
        if (cls[0] === "!") cls = "^" + cls.slice(1);
        re += `[${cls.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) re += "\\" + glob[++i];
    else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}(/.*)?$`, "s");
}

/** A set of pathspecs; empty matches everything. */
export class Pathspec {
  readonly items: Item[];
  constructor(args: string[], prefix: string, workTree: string) {
    this.items = args.map((raw) => {
      let path = raw;
      if (path.startsWith("/")) {
        if (!(path + "/").startsWith(workTree + "/")) throw fatal(`${raw}: '${raw}' is outside repository at '${workTree}'`);
        path = path.slice(workTree.length + 1);
      } else path = normalize(prefix + path);
      if (path === "." || path === "./") path = "";
      path = path.replace(/\/+$/, "");
      if (path.startsWith("../") || path === "..") throw fatal(`${raw}: '${raw}' is outside repository at '${workTree}'`);
      return { raw, path, glob: /[*?[]/.test(path) ? globToRegExp(path) : undefined };
    });
  }

  /** True when nothing was given (the whole tree). */
  get empty(): boolean {
    return this.items.length === 0;
  }

  /** The index of the first item matching `path`, or -1. */
  matchIndex(path: string): number {
    if (this.items.length === 0) return 0;
    for (let k = 0; k < this.items.length; k++) {
      const it = this.items[k]!;
      if (it.path === "" || path === it.path || path.startsWith(it.path + "/")) return k;
      if (it.glob?.test(path)) return k;
    }
    return -1;
  }

  /** Marks in `seen` every item matching `path` (git's ps_matched); true when one does. */
  markMatches(path: string, seen: boolean[]): boolean {
    if (this.items.length === 0) return true;
    let any = false;
    this.items.forEach((it, k) => {
      if (it.path === "" || path === it.path || path.startsWith(it.path + "/") || it.glob?.test(path)) any = seen[k] = true;
    });
    return any;
  }

  /** True when some item matches `path`. */
  matches(path: string): boolean {
    return this.matchIndex(path) >= 0;
  }

  /** True when some item names directory `dir` itself or a directory above it (a glob matching "dir/" counts, as git matches directories). */
  matchesDirectory(dir: string): boolean {
    if (this.items.length === 0) return true;
    return this.items.some((it) => it.path === "" || dir === it.path || dir.startsWith(it.path + "/") || it.glob?.test(dir + "/"));
  }

  /** True when a file under directory `dir` could match (to prune walks). */
  mayMatchUnder(dir: string): boolean {
    if (this.items.length === 0) return true;
    return this.items.some((it) => it.path === "" || it.glob !== undefined || it.path.startsWith(dir + "/") || it.path === dir || dir.startsWith(it.path + "/"));
  }
}
