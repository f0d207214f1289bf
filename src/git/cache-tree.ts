/**
 * The index's cache tree (gitformat-index "Cache tree", the TREE extension)
 * as nodes: each directory's entry count and tree id, or -1 when a change
 * below it invalidated it. `add` invalidates the directories of what it
 * changed, as git does, instead of dropping the whole extension, so the
 * next writeTree hashes only those directories again.
 */

/** One directory of the cache tree; `count` -1 (and no `oid`) when invalid. */
export interface CacheNode {
  name: string;
  count: number;
  oid?: Uint8Array;
  children: CacheNode[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The nodes of a TREE payload (pre-order), or undefined when it does not parse. */
export function parseCacheTree(bytes: Uint8Array): CacheNode | undefined {
  let o = 0;
  const num = (stop: number): number | undefined => {
    let sign = 1;
    if (bytes[o] === 0x2d) {
      sign = -1;
      o++;
    }
    const start = o;
    let n = 0;
    while (o < bytes.length && bytes[o]! >= 0x30 && bytes[o]! <= 0x39) n = n * 10 + bytes[o++]! - 0x30;
    if (o === start || bytes[o] !== stop) return undefined;
    o++;
    return sign * n;
  };
  const node = (): CacheNode | undefined => {
    const nul = bytes.indexOf(0, o);
    if (nul < 0) return undefined;
    const name = decoder.decode(bytes.subarray(o, nul));
    o = nul + 1;
    const count = num(0x20);
    const subtrees = num(0x0a);
    if (count === undefined || subtrees === undefined || subtrees < 0) return undefined;
    let oid: Uint8Array | undefined;
    if (count >= 0) {
      if (o + 20 > bytes.length) return undefined;
      oid = bytes.slice(o, o + 20);
      o += 20;
    }
    const children: CacheNode[] = [];
    for (let k = 0; k < subtrees; k++) {
      const child = node();
      if (!child) return undefined;
      children.push(child);
    }
    return { name, count: count < 0 ? -1 : count, oid, children };
  };
  const root = node();
  return root && o === bytes.length ? root : undefined;
}

/** The TREE payload for `root` (the inverse of parseCacheTree). */
export function serializeCacheTree(root: CacheNode): Uint8Array {
  const parts: Uint8Array[] = [];
  const visit = (n: CacheNode) => {
    parts.push(encoder.encode(`${n.name}\0${n.count} ${n.children.length}\n`));
    if (n.count >= 0 && n.oid) parts.push(n.oid);
    for (const c of n.children) visit(c);
  };
  visit(root);
  return concatBytes(parts);
}

/** The parts one after another in one array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Marks the root and every directory on each path's way invalid (git's cache_tree_invalidate_path). */
export function invalidatePaths(root: CacheNode, paths: Iterable<string>): void {
  for (const path of paths) {
    let node: CacheNode | undefined = root;
    const parts = path.split("/");
    for (let k = 0; node; k++) {
      node.count = -1;
      node.oid = undefined;
      if (k >= parts.length - 1) break;
      node = node.children.find((c) => c.name === parts[k]);
    }
  }
}

/** Each still-valid directory by its path ("" for the root). */
export function validNodes(root: CacheNode): Map<string, CacheNode> {
  const out = new Map<string, CacheNode>();
  const visit = (n: CacheNode, path: string) => {
    if (n.count >= 0) out.set(path, n);
    for (const c of n.children) visit(c, path === "" ? c.name : `${path}/${c.name}`);
  };
  visit(root, "");
  return out;
}
