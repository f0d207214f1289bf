/**
 * What is staged (the index against HEAD's tree) for status, from the quick
 * scan's index bytes and the index's cache tree, as git's diff-index
 * --cached prunes with it: a directory whose cache-tree node is valid and
 * names HEAD's very tree for it is skipped whole (by its entry count), so
 * after `add` of a few files only their directories are compared entry by
 * entry, with no entry objects for the rest and no read of HEAD's other trees.
 */
import { parseCacheTree, type CacheNode } from "./cache-tree.ts";
import { isTreeMode } from "./objects.ts";
import type { Repository } from "./repo.ts";
import { toHex } from "./sha1.ts";
import type { QuickScan } from "./status-quick.ts";
import { flattenTree, type FileEntry } from "./tree.ts";

/** A staged change: X is "A", "M", "T" or "D"; `index` and `head` are the two sides (for rename pairing). */
export interface StagedChange {
  path: string;
  x: string;
  index?: FileEntry;
  head?: FileEntry;
}

/** The staged changes of the index the quick scan read against HEAD's tree `headTree`, unsorted; undefined without a cache tree to prune with. */
export function stagedChanges(repo: Repository, scan: QuickScan, headTree: string): StagedChange[] | undefined {
  const root = scan.tree && parseCacheTree(scan.tree);
  if (!root) return undefined;
  const paths = scan.paths();
  const out: StagedChange[] = [];
  /** Directory `dir` ("" or "a/b/"), whose index entries are paths[start, end), against HEAD's tree `head` for it (undefined: none). */
  const visit = (dir: string, node: CacheNode | undefined, head: string | undefined, start: number, end: number): void => {
    if (node?.oid && head !== undefined && toHex(node.oid, 0) === head) return;
    const headEntries = head === undefined ? [] : repo.tree(head);
    const headByName = new Map(headEntries.map((h) => [h.name, h]));
    const files = new Set<string>();
    const dirs = new Set<string>();
    const from = dir.length;
    for (let k = start; k < end; ) {
      const path = paths[k]!;
      const slash = path.indexOf("/", from);
      if (slash < 0) {
        const name = path.slice(from);
        files.add(name);
        const e = scan.entry(k);
        const index = { mode: e.mode, oid: e.oid };
        const h = headByName.get(name);
        // A HEAD directory of this name counts as no file: this one is added, the directory's files deleted (below).
        if (!h || isTreeMode(h.mode)) out.push({ path, x: "A", index });
        else {
          const mode = parseInt(h.mode, 8);
          const x = (mode & 0o170000) !== (e.mode & 0o170000) ? "T" : h.oid !== e.oid || mode !== e.mode ? "M" : " ";
          if (x !== " ") out.push({ path, x, index, head: { mode, oid: h.oid } });
        }
        k++;
        continue;
      }
      // The run of entries under subdirectory `name`: by its cache-tree count when that lands on the run's end, else path by path.
      const name = path.slice(from, slash);
      const prefix = path.slice(0, slash + 1);
      const child = node?.children.find((c) => c.name === name);
      let j = child && child.count > 0 ? k + child.count : -1;
      if (!(j > k && j <= end && paths[j - 1]!.startsWith(prefix) && (j === end || !paths[j]!.startsWith(prefix)))) {
        j = k + 1;
        while (j < end && paths[j]!.startsWith(prefix)) j++;
      }
      dirs.add(name);
      const h = headByName.get(name);
      visit(prefix, child, h && isTreeMode(h.mode) ? h.oid : undefined, k, j);
      k = j;
    }
    // HEAD's entries the index does not hold as the same kind: deleted (a directory: every file in it).
    for (const h of headEntries) {
      const path = dir + h.name;
      if (isTreeMode(h.mode)) {
        if (dirs.has(h.name)) continue;
        for (const [p, f] of flattenTree(repo, h.oid, `${path}/`)) out.push({ path: p, x: "D", head: f });
      } else if (!files.has(h.name)) out.push({ path, x: "D", head: { mode: parseInt(h.mode, 8), oid: h.oid } });
    }
  };
  visit("", root, headTree, 0, paths.length);
  return out;
}
