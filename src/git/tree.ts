/**
 * Trees as seen by the porcelain: building nested trees from index entries,
 * flattening a tree to path → (mode, id), and diffing two trees while skipping
 * subtrees whose ids are equal.
 */
import { compareEntries, type IndexEntry } from "./index-file.ts";
import { GitError } from "./errors.ts";
import type { PackInput } from "./pack-write.ts";
import { compareTreeNames, isTreeMode, serializeTree, type TreeEntry } from "./objects.ts";
import type { Repository } from "./repo.ts";
import { hashObject, putHex, toHex } from "./sha1.ts";
import { concatBytes, parseCacheTree, serializeCacheTree, validNodes, type CacheNode } from "./cache-tree.ts";

/** A file in a flattened tree. */
export interface FileEntry {
  mode: number;
  oid: string;
}

/** The root tree id and the cache-tree (index TREE extension) payload for it. */
export interface WrittenTree {
  oid: string;
  ext: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * Writes the trees for stage-0 entries (only those missing from the store)
 * and returns the root id with the TREE extension describing every tree
 * (gitformat-index "Cache tree": path NUL, entry count, SP, subtree count, LF, id).
 * In index order a directory's entries are one run, so each tree is built
 * from a range of the sorted entries; a directory `reuse` vouches for is
 * skipped whole (its count of entries), not looked at entry by entry.
 */
export function writeTree(repo: Repository, entries: IndexEntry[], options: { dryRun?: boolean; reuse?: Map<string, CacheNode> } = {}): WrittenTree {
  const files = sortedStage0(entries);
  const chunks: Uint8Array[] = [];
  // New trees, stored together at the end (one pack when there are many).
  const fresh = new Map<string, PackInput>();
  /** The tree of directory `path` ("" for the top), whose entries are files[start, end). */
  const build = (name: string, path: string, start: number, end: number): { oid: string; count: number } => {
    // A directory the cache tree still vouches for (nothing below it changed since): its trees are in the store.
    const known = options.reuse?.get(path);
    if (known?.oid) {
      chunks.push(serializeCacheTree({ ...known, name }));
      return { oid: toHex(known.oid, 0), count: known.count };
    }
    const list: TreeEntry[] = [];
    const fileNames: string[] = [];
    const dirs: { name: string; start: number; end: number }[] = [];
    const from = path === "" ? 0 : path.length + 1;
    for (let k = start; k < end; ) {
      const e = files[k]!;
      const slash = e.path.indexOf("/", from);
      if (slash < 0) {
        const fileName = e.path.slice(from);
        list.push({ mode: e.mode.toString(8), name: fileName, oid: e.oid });
        fileNames.push(fileName);
        k++;
        continue;
      }
      // The run of entries under this subdirectory: every path with its prefix (a run the cache tree counts is not walked).
      const prefix = e.path.slice(0, slash + 1);
      const dirName = e.path.slice(from, slash);
      const n = options.reuse?.get(prefix.slice(0, -1))?.count ?? -1;
      let j = k + n;
      if (!(n > 0 && j <= end && files[j - 1]!.path.startsWith(prefix) && (j === end || !files[j]!.path.startsWith(prefix)))) {
        j = k + 1;
        while (j < end && files[j]!.path.startsWith(prefix)) j++;
      }
      dirs.push({ name: dirName, start: k, end: j });
      k = j;
    }
    let count = fileNames.length;
    const headerAt = chunks.length;
    chunks.push(new Uint8Array(0));
    // Subtrees in plain name order (cacheTreeOf lists them so too).
    dirs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirs) {
      // An index cannot hold a path as a file and as a directory (git's verify_cache).
      if (hasSorted(fileNames, d.name)) throw new GitError(`You have both ${files[d.start]!.path.slice(0, from + d.name.length)} and ${files[d.start]!.path}\nfatal: git-write-tree: error building trees`, 128);
      const r = build(d.name, path === "" ? d.name : `${path}/${d.name}`, d.start, d.end);
      list.push({ mode: "40000", name: d.name, oid: r.oid });
      count += r.count;
    }
    const data = serializeTree(list);
    const oid = hashObject("tree", data);
    if (!options.dryRun && !fresh.has(oid) && !repo.objects.has(oid)) fresh.set(oid, { oid, type: "tree", data });
    chunks[headerAt] = cacheTreeRecord(name, count, dirs.length, oid);
    return { oid, count };
  };
  const { oid } = build("", "", 0, files.length);
  repo.objects.writeAll([...fresh.values()]);
  return { oid, ext: concatBytes(chunks) };
}

/** The stage-0 entries in index order, one per path (the last of any repeated path, as a map would keep). */
function sortedStage0(entries: IndexEntry[]): IndexEntry[] {
  let files = entries.filter((e) => e.stage === 0);
  for (let k = 1; k < files.length; k++) {
    if (compareEntries(files[k - 1]!, files[k]!) >= 0) {
      files = files.map((e, i) => [e, i] as const).sort((a, b) => compareEntries(a[0], b[0]) || a[1] - b[1]).map(([e]) => e);
      break;
    }
  }
  return files.filter((e, k) => k + 1 === files.length || files[k + 1]!.path !== e.path);
}

/** Whether `name` is in `sorted` (ascending by code unit). */
function hasSorted(sorted: string[], name: string): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < name) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === name;
}

/**
 * The TREE extension for an index that holds exactly tree `oid`, from the
 * tree objects themselves (git's prime_cache_tree after a checkout): no
 * trees to build or hash. The same bytes writeTree gives for those entries;
 * undefined for a tree holding an empty subtree, which no index can describe.
 */
export function cacheTreeOf(repo: Repository, oid: string): Uint8Array | undefined {
  const chunks: Uint8Array[] = [];
  const visit = (name: string, tree: string): number => {
    const at = chunks.length;
    chunks.push(new Uint8Array(0));
    const entries = repo.tree(tree);
    // Subtrees in plain name order, as writeTree lists them.
    const subs = entries.filter((e) => isTreeMode(e.mode)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let count = entries.length - subs.length;
    for (const sub of subs) {
      const n = visit(sub.name, sub.oid);
      if (n <= 0) return -1;
      count += n;
    }
    chunks[at] = cacheTreeRecord(name, count, subs.length, tree);
    return count;
  };
  return visit("", oid) < 0 ? undefined : concatBytes(chunks);
}

/** One cache-tree node: path component NUL, entry count SP subtree count LF, then the tree's binary id. */
function cacheTreeRecord(name: string, count: number, subtrees: number, oid: string): Uint8Array {
  const head = encoder.encode(`${name}\0${count} ${subtrees}\n`);
  const rec = new Uint8Array(head.length + 20);
  rec.set(head);
  putHex(rec, head.length, oid);
  return rec;
}


/**
 * The files of tree `oid` outside the directories the index's cache tree
 * (the TREE payload `cacheTree`) vouches for with the very same tree ids:
 * those directories hold exactly the index's entries, so their trees are
 * not read. `cached(path)` tells whether a path lies in one of them.
 */
export function filesBeyondCacheTree(repo: Repository, oid: string | undefined, cacheTree: Uint8Array | undefined): { files: Map<string, FileEntry>; cached: (path: string) => boolean } {
  const root = cacheTree && parseCacheTree(cacheTree);
  const valid = root ? validNodes(root) : undefined;
  if (oid !== undefined && valid?.get("")?.oid && toHex(valid.get("")!.oid!, 0) === oid) return { files: new Map(), cached: () => true };
  const same = new Set<string>();
  const skip = (dir: string, sub: string) => {
    const node = valid?.get(dir);
    if (!node?.oid || toHex(node.oid, 0) !== sub) return false;
    same.add(dir);
    return true;
  };
  const files = flattenTree(repo, oid, "", new Map(), valid ? skip : undefined);
  const cached = (path: string) => {
    if (same.size === 0) return false;
    for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) if (same.has(path.slice(0, i))) return true;
    return false;
  };
  return { files, cached };
}

/** Every file under tree `oid` (undefined → empty), keyed by path. */
export function flattenTree(
  repo: Repository,
  oid: string | undefined,
  prefix = "",
  out = new Map<string, FileEntry>(),
  skip?: (dir: string, oid: string) => boolean,
): Map<string, FileEntry> {
  if (!oid) return out;
  for (const e of repo.tree(oid)) {
    const path = prefix + e.name;
    if (isTreeMode(e.mode)) {
      if (!skip?.(path, e.oid)) flattenTree(repo, e.oid, `${path}/`, out, skip);
    } else out.set(path, { mode: parseInt(e.mode, 8), oid: e.oid });
  }
  return out;
}

/** One changed path between two trees (undefined side = absent). */
export interface TreeChange {
  path: string;
  old?: FileEntry;
  new?: FileEntry;
}

/** The file-level differences between two trees, in path order, skipping equal subtrees. */
export function diffTrees(repo: Repository, a: string | undefined, b: string | undefined, prefix = "", out: TreeChange[] = []): TreeChange[] {
  if (a === b) return out;
  const ea = a ? repo.tree(a) : [];
  const eb = b ? repo.tree(b) : [];
  // One pass over both (each in git's order) sets aside the entries both hold unchanged; only the rest are matched by name.
  const restA: TreeEntry[] = [];
  const restB: TreeEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < ea.length && j < eb.length) {
    const x = ea[i]!;
    const y = eb[j]!;
    if (x.name === y.name) {
      if (x.oid !== y.oid || x.mode !== y.mode) {
        restA.push(x);
        restB.push(y);
      }
      i++;
      j++;
    } else if (compareTreeNames(x.name, isTreeMode(x.mode), y.name, isTreeMode(y.mode)) < 0) {
      restA.push(x);
      i++;
    } else {
      restB.push(y);
      j++;
    }
  }
  while (i < ea.length) restA.push(ea[i++]!);
  while (j < eb.length) restB.push(eb[j++]!);
  // The rest in git's tree order (a directory's name as if it ended in "/"), so changes come out in the order of
  // their full paths, as git's diff lists them: a file "x" before anything under a directory "x/", "x.txt" before "x/".
  const keyOf = (e: TreeEntry) => (isTreeMode(e.mode) ? `${e.name}/` : e.name);
  const ma = new Map(restA.map((e) => [keyOf(e), e]));
  const mb = new Map(restB.map((e) => [keyOf(e), e]));
  const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort();
  for (const key of keys) {
    const x = ma.get(key);
    const y = mb.get(key);
    const path = prefix + (x ?? y)!.name;
    if (key.endsWith("/")) {
      diffTrees(repo, x?.oid, y?.oid, `${path}/`, out);
      continue;
    }
    if (x && y && x.oid === y.oid && x.mode === y.mode) continue;
    out.push({ path, old: x ? { mode: parseInt(x.mode, 8), oid: x.oid } : undefined, new: y ? { mode: parseInt(y.mode, 8), oid: y.oid } : undefined });
  }
  return out;
}

