/**
 * An ordered secondary index: a sorted run of row references plus an unsorted pending buffer that is sorted
 * and merged into the run on the next ordered read (an LSM with two levels), so bulk inserts stay O(n log n).
 * Unique indexes also keep a hash map from key to row for O(1) constraint checks.
 */
import { type SqlValue, compare, keyOf, keyOfMany } from "./values.ts";

const EMPTY: Row[] = [];

/** A stored row: one value per table column. */
export type Row = SqlValue[];

/** An index over `cols` (column positions) of one table. */
export class OrderedIndex {
  private run: Row[] = [];
  private pending: Row[] = [];
  /** Rows to drop from the sorted run (their run position reflects their old key). */
  private removed = new Set<Row>();
  /** Rows live in `pending` (pending may then hold stale duplicates); built only once a removal needs it. */
  private pendingSet: Set<Row> | undefined;
  readonly hash: Map<unknown, Row> | undefined;
  private readonly cmp: (a: Row, b: Row) => number;

  constructor(
    readonly name: string,
    readonly table: string,
    readonly cols: number[],
    readonly unique: boolean,
    readonly sql: string | undefined,
  ) {
    this.hash = unique ? new Map() : undefined;
    if (cols.length === 1) {
      const c = cols[0]!;
      this.cmp = (a, b) => {
        const x = a[c]!, y = b[c]!;
        return typeof x === "number" && typeof y === "number" ? x - y : compare(x, y);
      };
    } else {
      this.cmp = (a, b) => {
        for (const c of cols) {
          const x = a[c]!, y = b[c]!;
          const r = typeof x === "number" && typeof y === "number" ? x - y : compare(x, y);
          if (r !== 0) return r;
        }
        return 0;
      };
    }
  }

  /** Hash key of a row for this index, or undefined when any key column is NULL (NULLs never conflict). */
  keyOfRow(row: Row): unknown {
    if (this.cols.length === 1) {
      const v = row[this.cols[0]!]!;
      return v === null ? undefined : keyOf(v);
    }
    const vs: SqlValue[] = [];
    for (const c of this.cols) {
      const v = row[c]!;
      if (v === null) return undefined;
      vs.push(v);
    }
    return keyOfMany(vs);
  }

  /** Key of explicit values (same encoding as keyOfRow). */
  keyOfValues(vs: SqlValue[]): unknown {
    if (vs.some((v) => v === null)) return undefined;
    return vs.length === 1 ? keyOf(vs[0]!) : keyOfMany(vs);
  }

  /** The row holding `key` in a unique index. */
  conflict(row: Row): Row | undefined {
    const k = this.keyOfRow(row);
    return k === undefined ? undefined : this.hash!.get(k);
  }

  add(row: Row): void {
    if (this.hash) {
      const k = this.keyOfRow(row);
      if (k !== undefined) this.hash.set(k, row);
    }
    this.pending.push(row);
    this.pendingSet?.add(row);
  }

  remove(row: Row): void {
    if (this.hash) {
      const k = this.keyOfRow(row);
      if (k !== undefined && this.hash.get(k) === row) this.hash.delete(k);
    }
    if (!this.pendingSet && this.pending.length) this.pendingSet = new Set(this.pending);
    if (this.pendingSet?.has(row)) this.pendingSet.delete(row);
    else this.removed.add(row);
  }

  /** Rebuilds from scratch (after ROLLBACK or bulk changes). */
  rebuild(rows: Row[]): void {
    this.run = [];
    this.pending = rows.slice();
    this.pendingSet = undefined;
    this.removed.clear();
    if (this.hash) {
      this.hash.clear();
      for (const r of rows) {
        const k = this.keyOfRow(r);
        if (k !== undefined) this.hash.set(k, r);
      }
    }
  }

  /** The sorted run, after merging pending inserts and dropping removed rows. */
  sorted(): Row[] {
    if (this.pending.length === 0 && this.removed.size === 0) return this.run;
    let run = this.run;
    if (this.removed.size) {
      const rm = this.removed;
      run = run.filter((r) => !rm.has(r));
      rm.clear();
    }
    if (this.pendingSet && this.pending.length !== this.pendingSet.size) {
      const live = this.pendingSet;
      const seen = new Set<Row>();
      this.pending = this.pending.filter((r) => live.has(r) && !seen.has(r) && (seen.add(r), true));
    }
    this.pendingSet = undefined;
    if (this.pending.length) {
      const p = this.pending;
      // bulk loads often arrive in key order already: one linear check can spare the sort
      let ordered = true;
      for (let i = 1; i < p.length; i++) if (this.cmp(p[i - 1]!, p[i]!) > 0) { ordered = false; break; }
      if (!ordered && !(this.cols.length === 1 && radixSort(p, this.cols[0]!))) p.sort(this.cmp);
      if (run.length === 0) run = p;
      else {
        const out: Row[] = new Array(run.length + p.length);
        let i = 0, j = 0, k = 0;
        while (i < run.length && j < p.length) out[k++] = this.cmp(run[i]!, p[j]!) <= 0 ? run[i++]! : p[j++]!;
        while (i < run.length) out[k++] = run[i++]!;
        while (j < p.length) out[k++] = p[j++]!;
        run = out;
      }
      this.pending = [];
    }
    this.run = run;
    return run;
  }

  /** Rows whose first key column equals `v` (the index nested-loop join's probe; no allocation for a unique hit). */
  lookup1(v: SqlValue): Row[] {
    if (v === null) return EMPTY;
    if (this.hash && this.cols.length === 1) {
      const r = this.hash.get(typeof v === "number" ? v : keyOf(v));
      return r ? [r] : EMPTY;
    }
    const run = this.sorted();
    const c = this.cols[0]!;
    let lo = 0, hi = run.length;
    if (typeof v === "number") {
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        const x = run[m]![c]!;
        if (x === null || (typeof x === "number" ? x < v : typeof x === "bigint" && x < v)) lo = m + 1; else hi = m;
      }
      let end = lo;
      while (end < run.length && run[end]![c] === v) end++;
      return lo === end ? EMPTY : run.slice(lo, end);
    }
    while (lo < hi) { const m = (lo + hi) >> 1; if (compare(run[m]![c]!, v) < 0) lo = m + 1; else hi = m; }
    let end = lo;
    while (end < run.length && compare(run[end]![c]!, v) === 0) end++;
    return lo === end ? EMPTY : run.slice(lo, end);
  }

  /** Rows whose leading key columns equal `vals` (prefix match), in index order. */
  lookup(vals: SqlValue[]): Row[] {
    if (vals.some((v) => v === null)) return [];
    if (this.hash && vals.length === this.cols.length) {
      const r = this.hash.get(this.keyOfValues(vals));
      return r ? [r] : [];
    }
    const run = this.sorted();
    const cmpPrefix = (row: Row): number => {
      for (let i = 0; i < vals.length; i++) {
        const r = compare(row[this.cols[i]!]!, vals[i]!);
        if (r !== 0) return r;
      }
      return 0;
    };
    let lo = 0, hi = run.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (cmpPrefix(run[m]!) < 0) lo = m + 1; else hi = m; }
    const out: Row[] = [];
    for (let i = lo; i < run.length && cmpPrefix(run[i]!) === 0; i++) out.push(run[i]!);
    return out;
  }

  /** Rows whose first key column lies in the range (bounds undefined = open; NULLs excluded). */
  range(lo: SqlValue | undefined, loInc: boolean, hi: SqlValue | undefined, hiInc: boolean): Row[] {
    const run = this.sorted();
    const c = this.cols[0]!;
    let a = 0, b = run.length;
    // skip NULLs
    { let l = 0, h = run.length; while (l < h) { const m = (l + h) >> 1; if (run[m]![c] === null) l = m + 1; else h = m; } a = l; }
    if (lo !== undefined) {
      let l = a, h = b;
      while (l < h) { const m = (l + h) >> 1; const r = compare(run[m]![c]!, lo); if (r < 0 || (r === 0 && !loInc)) l = m + 1; else h = m; }
      a = l;
    }
    if (hi !== undefined) {
      let l = a, h = b;
      while (l < h) { const m = (l + h) >> 1; const r = compare(run[m]![c]!, hi); if (r < 0 || (r === 0 && hiInc)) l = m + 1; else h = m; }
      b = l;
    }
    return a >= b ? [] : run.slice(a, b);
  }
}

/**
 * Sorts rows in place by a column holding only integers in [0, 2^32), with two stable 16-bit LSD radix passes;
 * returns false (leaving the rows untouched) when some value is not such an integer.
 */
function radixSort(rows: Row[], c: number): boolean {
  const n = rows.length;
  if (n < 1024) return false;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = rows[i]![c];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) return false;
    keys[i] = v;
  }
  let idx = new Uint32Array(n);
  let tmp = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let shift = 0; shift < 32; shift += 16) {
    const count = new Uint32Array(65537);
    for (let i = 0; i < n; i++) count[((keys[idx[i]!]! >>> shift) & 0xffff) + 1]!++;
    for (let b = 0; b < 65536; b++) count[b + 1]! += count[b]!;
    for (let i = 0; i < n; i++) { const j = idx[i]!; tmp[count[(keys[j]! >>> shift) & 0xffff]!++] = j; }
    [idx, tmp] = [tmp, idx];
  }
  const copy = rows.slice();
  for (let i = 0; i < n; i++) rows[i] = copy[idx[i]!]!;
  return true;
}
