/**
 * When ort takes a changed directory whole (merge-ort.c: possible trivial
 * merges, handle_deferred_entries). A directory one side left as the base
 * had it is deferred; it is resolved to the other side's tree without
 * looking inside unless that other side deleted a "relevant" rename source
 * (a file the first side changed, or one both sides deleted). Then ort looks
 * inside, and restarts the merge with the renames it found when that
 * multiplied the paths it had to visit at least threefold (redo_after_renames);
 * the restart takes deferred directories whole again, except those holding
 * a rename's destination.
 */
import type { FileEntry } from "./tree.ts";

type Files = Map<string, FileEntry>;
type Entry = FileEntry | "dir";

/** S_IFMT of a regular file. */
export const REGULAR = 0o100000;
/** S_IFMT of a symlink. */
export const SYMLINK = 0o120000;
/** A mode's object type (S_IFMT): regular file, symlink or submodule. */
export const kind = (f: FileEntry): number => f.mode & 0o170000;

/** True when two versions of a path are the same file (mode and content), or both absent. */
export const sameVersion = (a: FileEntry | undefined, b: FileEntry | undefined): boolean =>
  (!a && !b) || (!!a && !!b && a.oid === b.oid && a.mode === b.mode);

/** FNV-1a over a string from `seed`. */
function fnv(s: string, seed: number): number {
  let h = seed;
  for (let k = 0; k < s.length; k++) {
    h ^= s.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One side's tree as directories: children by name, and a content signature per directory. */
class TreeShape {
  readonly children = new Map<string, Map<string, Entry>>();
  readonly sig = new Map<string, [number, number, number]>();
  constructor(files: Files) {
    this.children.set("", new Map());
    for (const [path, f] of files) {
      const h1 = fnv(`${path}\0${f.mode}\0${f.oid}`, 0x811c9dc5);
      const h2 = fnv(`${f.oid}\0${path}\0${f.mode}`, 0x01234567);
      let dir = "";
      let from = 0;
      for (;;) {
        const at = path.indexOf("/", from);
        const name = path.slice(from, at < 0 ? undefined : at);
        const kids = this.children.get(dir)!;
        if (at < 0) {
          kids.set(name, f);
          break;
        }
        const sub = path.slice(0, at);
        kids.set(name, "dir");
        if (!this.children.has(sub)) this.children.set(sub, new Map());
        const s = this.sig.get(sub) ?? [0, 0, 0];
        this.sig.set(sub, [(s[0] + h1) >>> 0, (s[1] ^ h2) >>> 0, s[2] + 1]);
        dir = sub;
        from = at + 1;
      }
    }
  }
}

/**
 * ort's first collect_merge_info pass over three flattened trees (base,
 * ours, theirs): how many paths it meets, and the directories it defers as
 * possible trivial merges, per side that changed them.
 */
export class CollectPass {
  readonly deferred: [string[], string[]] = [[], []];
  readonly met: number;
  private readonly shapes: TreeShape[];
  private readonly deferredSets: (Set<string> | undefined)[] = [];
  private readonly deferredMask = new Map<string, number>();
  constructor(trees: [Files, Files, Files]) {
    this.shapes = trees.map((f) => new TreeShape(f));
    this.met = this.visit("", [true, true, true], 0);
  }

  /** Whether `path` lies in a directory deferred for `side`. */
  isDeferred(path: string, side: 1 | 2): boolean {
    const dirs = (this.deferredSets[side - 1] ??= new Set(this.deferred[side - 1]));
    for (let k = path.indexOf("/"); k > 0; k = path.indexOf("/", k + 1)) if (dirs.has(path.slice(0, k))) return true;
    return false;
  }

  /** The paths met when entering every directory deferred for `side` (handle_deferred_entries when its merges are not trivial). */
  metInDeferred(side: 1 | 2): number {
    let n = 0;
    for (const path of this.deferred[side - 1]!) n += this.visit(path, this.shapes.map((s) => s.children.has(path)), side, this.deferredMask.get(path));
    return n;
  }

  private equal(a: Entry | undefined, b: Entry | undefined, i: number, j: number, path: string): boolean {
    if (!a || !b) return false;
    if (a === "dir" || b === "dir") {
      if (a !== b) return false;
      const x = this.shapes[i]!.sig.get(path)!;
      const y = this.shapes[j]!.sig.get(path)!;
      return x[0] === y[0] && x[1] === y[1] && x[2] === y[2];
    }
    return sameVersion(a, b);
  }

  /**
   * collect_merge_info_callback: every name met counts; directories are
   * entered unless all agree or deferred. `mask` is dir_rename_mask: inside a
   * directory one side removed (2 or 4: the side that kept it), a file only
   * that side has makes it 7, and then nothing below is deferred.
   */
  private visit(dir: string, has: boolean[], noDefer: number, mask = 0): number {
    const kids = has.map((h, i) => (h ? this.shapes[i]!.children.get(dir) : undefined));
    const names = new Set<string>();
    for (const k of kids) if (k) for (const n of k.keys()) names.add(n);
    const entries = [...names].map((name) => {
      const e = kids.map((k) => k?.get(name));
      const filemask = e.reduce((acc, x, i) => (x && x !== "dir" ? acc | (1 << i) : acc), 0);
      return { name, e, filemask };
    });
    // traverse_trees_wrapper sees the whole level before handling any of it.
    if ((mask === 2 || mask === 4) && entries.some((x) => x.filemask === mask)) mask = 7;
    let count = 0;
    for (const { name, e, filemask } of entries) {
      const path = dir ? `${dir}/${name}` : name;
      count++;
      const m1 = this.equal(e[0], e[1], 0, 1, path);
      const m2 = this.equal(e[0], e[2], 0, 2, path);
      if (m1 && m2) continue;
      const isDir = e.map((x) => x === "dir");
      const dirmask = (isDir[0] ? 1 : 0) | (isDir[1] ? 2 : 0) | (isDir[2] ? 4 : 0);
      if (!dirmask) continue;
      const sub = mask !== 7 && (dirmask === 3 || dirmask === 5) ? dirmask & ~1 : mask;
      let side = m1 ? 2 : m2 ? 1 : 0;
      if (filemask === 0 && (dirmask === 2 || dirmask === 4)) side = dirmask / 2;
      if (side && side !== noDefer && sub !== 7) {
        this.deferred[side - 1]!.push(path);
        this.deferredMask.set(path, sub);
        continue;
      }
      count += this.visit(path, isDir, noDefer, sub);
    }
    return count;
  }
}

/** A file `side` deleted that ort looks for as a rename source (add_pair): unless the other side kept the base's version. */
export function relevantSources(trees: [Files, Files, Files], side: 1 | 2): Set<string> {
  const [B, O, T] = trees;
  const [mine, other] = side === 1 ? [O, T] : [T, O];
  const out = new Set<string>();
  for (const [path, b] of B) if (!mine.has(path) && !sameVersion(other.get(path), b)) out.add(path);
  return out;
}

/** Answers whether ort resolves a directory whole, for the merge of three flattened trees. */
export class TrivialMerges {
  private readonly relevant: [Set<string>, Set<string>];
  private redo?: boolean;
  constructor(
    trees: [Files, Files, Files],
    private readonly renames: [Map<string, string>, Map<string, string>],
    private readonly pass: () => CollectPass,
  ) {
    this.relevant = [relevantSources(trees, 1), relevantSources(trees, 2)];
  }

  /** True when ort takes `side`'s version of directory `dir` whole (so a base file at `dir` kept by the other side vanishes unseen). */
  takesWhole(dir: string, side: 1 | 2): boolean {
    if (this.relevant[side - 1]!.size === 0) return true;
    this.redo ??= this.restarts();
    if (!this.redo) return false;
    for (const [src, dst] of this.renames[side - 1]!) {
      if (this.relevant[side - 1]!.has(src) && dst.startsWith(`${dir}/`)) return false;
    }
    return true;
  }

  /** handle_deferred_entries: whether entering the deferred directories at least tripled the paths met. */
  private restarts(): boolean {
    const pass = this.pass();
    let after = pass.met;
    for (const side of [1, 2] as const) if (this.relevant[side - 1]!.size) after += pass.metInDeferred(side);
    return pass.met > 0 && Math.floor(after / pass.met) >= 3;
  }
}
