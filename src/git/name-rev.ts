/**
 * Naming commits by the refs they are reachable from, as git 2.39's
 * builtin/name-rev.c does: every ref (or only tags, only those matching
 * --refs, none matching --exclude) is a tip, tags first and older first; from
 * each tip a depth-first walk names each commit "<tip>~<n>" along first
 * parents and "<name>^<k>" through a merge's other parents (a merge step
 * weighs MERGE_TRAVERSAL_WEIGHT generations, and so does any "~<n>"), a name
 * replacing another only when it is better (is_better_name: an older tag,
 * then a tag over a branch, then the shorter effective distance, then an
 * older date). Commits older than the oldest
 * commit asked about (less a day of slop) are not walked. Objects other than
 * commits are named only by a ref pointing at them exactly. With a
 * commit-graph holding a commit asked about, generation numbers replace
 * dates in that cutoff.
 *
 * For --all, git prints every commit its object hash table holds, in table
 * order; `ObjectTable` replays git's lookups and insertions so the order is
 * git's.
 */
import { CommitGraph } from "./commit-graph.ts";
import type { Repository } from "./repo.ts";
import { shortenRef } from "./revision.ts";
import { wildmatch } from "./wildmatch.ts";

/** How many generations are preferred over one merge traversal. */
const MERGE_TRAVERSAL_WEIGHT = 65535;
/** One day: commits a little older than the oldest one asked about are still walked (clock skew). */
const CUTOFF_DATE_SLOP = 86400;

/** What name-rev uses as tips. */
export interface NameRevOptions {
  tagsOnly?: boolean;
  nameOnly?: boolean;
  refs?: string[];
  exclude?: string[];
}

interface RevName {
  tipName: string;
  taggerDate: number;
  generation: number;
  distance: number;
  fromTag: boolean;
}

interface Tip {
  oid: string;
  refname: string;
  commit: string | undefined;
  taggerDate: number;
  fromTag: boolean;
  deref: boolean;
}

/**
 * git's object hash table (object.c): open addressing on the first four
 * bytes of the id (little-endian), grown by doubling from 32 slots before it
 * is half full, and a found object swapped to the slot its search started at.
 */
export class ObjectTable {
  private slots: (string | undefined)[] = [];
  private count = 0;

  private home(oid: string, size: number): number {
    const b = (i: number) => parseInt(oid.slice(i * 2, i * 2 + 2), 16);
    return ((b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24)) >>> 0) & (size - 1);
  }

  private insert(slots: (string | undefined)[], oid: string): void {
    let j = this.home(oid, slots.length);
    while (slots[j] !== undefined) j = (j + 1) % slots.length;
    slots[j] = oid;
  }

  /** lookup_object: whether the table holds `oid` (moving it to its home slot). */
  lookup(oid: string): boolean {
    const size = this.slots.length;
    if (size === 0) return false;
    const first = this.home(oid, size);
    let i = first;
    while (this.slots[i] !== undefined && this.slots[i] !== oid) i = (i + 1) % size;
    if (this.slots[i] === undefined) return false;
    if (i !== first) [this.slots[i], this.slots[first]] = [this.slots[first], this.slots[i]];
    return true;
  }

  /** create_object. */
  create(oid: string): void {
    const size = this.slots.length;
    if (size - 1 <= this.count * 2) {
      const grown: (string | undefined)[] = new Array(size < 32 ? 32 : size * 2).fill(undefined);
      for (const o of this.slots) if (o !== undefined) this.insert(grown, o);
      this.slots = grown;
    }
    this.insert(this.slots, oid);
    this.count++;
  }

  /** lookup_commit, lookup_tree, lookup_tag, lookup_blob: the object, created when new. */
  lookupOrCreate(oid: string): void {
    if (!this.lookup(oid)) this.create(oid);
  }

  /** The ids in table order. */
  get order(): string[] {
    return this.slots.filter((o): o is string => o !== undefined);
  }
}

/** git's subpath_matches: the offset of the first "/"-separated tail of `path` the pattern matches, or -1. */
function subpathMatches(path: string, pattern: string): number {
  for (let at = 0; ; ) {
    if (wildmatch(pattern, path.slice(at))) return at;
    const slash = path.indexOf("/", at);
    if (slash < 0) return -1;
    at = slash + 1;
  }
}

/** git's hash_pos (sha1_pos): the binary search git uses, which among equal ids finds the one it finds. */
function oidPos(oid: string, table: Tip[]): number {
  const nr = table.length;
  if (nr === 0) return -1;
  const take2 = (hex: string, ofs: number) => parseInt(hex.slice(ofs * 2, ofs * 2 + 4), 16);
  let lo = 0;
  let hi = nr;
  let mi = 0;
  if (nr !== 1) {
    for (let ofs = 0; ofs < 18; ofs += 2) {
      const lov = take2(table[0]!.oid, ofs);
      const hiv = take2(table[nr - 1]!.oid, ofs);
      const miv = take2(oid, ofs);
      if (miv < lov) return -1;
      if (hiv < miv) return -1;
      if (lov !== hiv) {
        mi = Math.floor(((nr - 1) * (miv - lov)) / (hiv - lov));
        break;
      }
    }
  }
  do {
    const other = table[mi]!.oid;
    if (other === oid) return mi;
    if (other > oid) hi = mi;
    else lo = mi + 1;
    mi = lo + Math.floor((hi - lo) / 2);
  } while (lo < hi);
  return -1;
}

/** The names name-rev gives, computed once for a set of refs and a cutoff date. */
export class NameRev {
  private readonly names = new Map<string, RevName>();
  private readonly tips: Tip[] = [];
  private byOid: Tip[] | undefined;
  private readonly parsed = new Set<string>();

  private readonly graph: CommitGraph | undefined;
  /** Walks stop at commits older than this date, or (with a commit-graph) of a lower generation. */
  private dateCutoff = Infinity;
  private generationCutoff = Infinity;

  /**
   * Names commits from the refs of `repo` for the commits asked about (their
   * oldest date, or lowest generation, stops the walks; "all" walks
   * everything); `table` replays git's object table for --all.
   */
  constructor(
    private readonly repo: Repository,
    options: NameRevOptions,
    commits: string[] | "all",
    private readonly table?: ObjectTable,
  ) {
    this.graph = CommitGraph.open(repo);
    if (commits === "all") this.dateCutoff = this.generationCutoff = 0;
    for (const c of commits === "all" ? [] : commits) {
      this.dateCutoff = Math.min(this.dateCutoff, this.dateOf(c));
      if (this.generationCutoff) this.generationCutoff = Math.min(this.generationCutoff, this.generationOf(c));
    }
    if (this.dateCutoff) this.dateCutoff -= CUTOFF_DATE_SLOP;
    for (const [refname, oid] of repo.refs.list("refs/")) this.nameRef(refname, oid, options);
    // Better names first, so that worse ones spread less (a stable sort: tags first, then older).
    const order = [...this.tips].sort((a, b) => Number(b.fromTag) - Number(a.fromTag) || (a.taggerDate < b.taggerDate ? -1 : a.taggerDate > b.taggerDate ? 1 : 0));
    for (const t of order) if (t.commit) this.walk(t);
    this.tips.splice(0, this.tips.length, ...order);
  }

  private dateOf(oid: string): number {
    return this.repo.commit(oid).committer.time;
  }

  private generationOf(oid: string): number {
    return this.graph?.generation(oid) ?? Infinity;
  }

  /** commit_is_before_cutoff: by generation when a commit asked about is in the commit-graph, else by date. */
  private beforeCutoff(oid: string): boolean {
    if (this.generationCutoff < Infinity) return this.generationCutoff !== 0 && this.generationOf(oid) < this.generationCutoff;
    return this.dateOf(oid) < this.dateCutoff;
  }

  /** parse_commit: a commit's tree and parents enter git's object table the first time it is parsed. */
  private parseCommit(oid: string): void {
    if (this.parsed.has(oid)) return;
    this.parsed.add(oid);
    if (!this.table) return;
    const c = this.repo.commit(oid);
    this.table.lookupOrCreate(c.tree);
    for (const p of c.parents) this.table.lookupOrCreate(p);
  }

  /** parse_object: the object's type, with git's table effects. */
  private parseObject(oid: string): string | undefined {
    const t = this.table;
    t?.lookup(oid);
    const obj = this.repo.objects.read(oid);
    if (!obj) return undefined;
    if (obj.type === "commit") {
      if (this.parsed.has(oid)) return "commit";
      t?.lookupOrCreate(oid);
      this.parseCommit(oid);
    } else if (this.parsed.has(oid)) return obj.type;
    else if (obj.type === "blob") {
      t?.lookupOrCreate(oid);
      t?.lookup(oid);
    } else {
      t?.lookupOrCreate(oid);
      if (obj.type === "tag") t?.lookupOrCreate(this.repo.tag(oid).object);
    }
    if (obj.type !== "commit") this.parsed.add(oid);
    return obj.type;
  }

  /** name_ref: one ref as a tip, unless the options leave it out. */
  private nameRef(refname: string, oid: string, options: NameRevOptions): void {
    let type = this.parseObject(oid);
    let canAbbreviate = options.tagsOnly === true && options.nameOnly === true;
    if (options.tagsOnly && !refname.startsWith("refs/tags/")) return;
    if ((options.exclude ?? []).some((p) => subpathMatches(refname, p) >= 0)) return;
    const patterns = options.refs ?? [];
    if (patterns.length) {
      let matched = false;
      for (const p of patterns) {
        const at = subpathMatches(refname, p);
        if (at >= 0) matched = true;
        if (at > 0) canAbbreviate = true;
      }
      if (!matched) return;
    }
    let target = oid;
    let deref = false;
    let taggerDate = Infinity;
    while (type === "tag") {
      const tag = this.repo.tag(target);
      target = tag.object;
      type = this.parseObject(target);
      deref = true;
      taggerDate = tag.tagger?.time ?? 0;
    }
    const commit = type === "commit" ? target : undefined;
    if (commit && taggerDate === Infinity) taggerDate = this.dateOf(commit);
    const short = canAbbreviate ? shortenRef(this.repo, refname) : refname.startsWith("refs/heads/") ? refname.slice(11) : refname.startsWith("refs/") ? refname.slice(5) : refname;
    this.tips.push({ oid, refname: short, commit, taggerDate, fromTag: commit !== undefined && refname.startsWith("refs/tags/"), deref });
  }

  /** is_better_name, on effective distances (a first-parent run weighs one merge traversal more than a name reached through a merge). */
  private static better(name: RevName, taggerDate: number, generation: number, distance: number, fromTag: boolean): boolean {
    const effective = (d: number, g: number) => d + (g > 0 ? MERGE_TRAVERSAL_WEIGHT : 0);
    const old = effective(name.distance, name.generation);
    const now = effective(distance, generation);
    if (fromTag && name.fromTag) return name.taggerDate > taggerDate || (name.taggerDate === taggerDate && old > now);
    if (name.fromTag !== fromTag) return fromTag;
    if (old !== now) return old > now;
    return name.taggerDate > taggerDate;
  }

  /** create_or_update_name: the commit's name when the new one wins. */
  private update(oid: string, taggerDate: number, generation: number, distance: number, fromTag: boolean, tipName: () => string): RevName | undefined {
    const old = this.names.get(oid);
    if (old && !NameRev.better(old, taggerDate, generation, distance, fromTag)) return undefined;
    const name = { tipName: "", taggerDate, generation, distance, fromTag };
    name.tipName = tipName();
    this.names.set(oid, name);
    return name;
  }

  /** name_rev: the depth-first walk from one tip (first parents come off the stack first). */
  private walk(tip: Tip): void {
    const start = tip.commit!;
    this.parseCommit(start);
    if (this.beforeCutoff(start)) return;
    if (!this.update(start, tip.taggerDate, 0, 0, tip.fromTag, () => (tip.deref ? `${tip.refname}^0` : tip.refname))) return;
    const stack = [start];
    while (stack.length) {
      const oid = stack.pop()!;
      const name = this.names.get(oid)!;
      const queue: string[] = [];
      this.repo.commit(oid).parents.forEach((parent, i) => {
        this.parseCommit(parent);
        if (this.beforeCutoff(parent)) return;
        const merge = i > 0;
        const generation = merge ? 0 : name.generation + 1;
        const distance = name.distance + (merge ? MERGE_TRAVERSAL_WEIGHT : 1);
        const tipName = () => {
          if (!merge) return name.tipName;
          const base = name.tipName.endsWith("^0") ? name.tipName.slice(0, -2) : name.tipName;
          return name.generation > 0 ? `${base}~${name.generation}^${i + 1}` : `${base}^${i + 1}`;
        };
        if (this.update(parent, tip.taggerDate, generation, distance, tip.fromTag, tipName)) queue.push(parent);
      });
      for (let k = queue.length - 1; k >= 0; k--) stack.push(queue[k]!);
    }
  }

  /** get_rev_name: a commit's name, or for another object the ref pointing at it exactly; undefined when there is none. */
  nameOf(oid: string, type: string): string | undefined {
    if (type !== "commit") {
      this.byOid ??= [...this.tips].sort((a, b) => (a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0));
      const at = oidPos(oid, this.byOid);
      return at < 0 ? undefined : this.byOid[at]!.refname;
    }
    const n = this.names.get(oid);
    if (!n) return undefined;
    if (n.generation === 0) return n.tipName;
    return `${n.tipName.endsWith("^0") ? n.tipName.slice(0, -2) : n.tipName}~${n.generation}`;
  }
}
