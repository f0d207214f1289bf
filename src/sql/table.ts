/** Tables: column metadata, row storage (arrays of row arrays), indexes and sampled statistics. */
import type { ColumnDef } from "./ast.ts";
import { OrderedIndex, type Row } from "./ordered-index.ts";
import { type Affinity, type SType, affinityOf, keyOf } from "./values.ts";

/** A column of a table. */
export interface Column {
  name: string;
  type: string;
  aff: Affinity;
  stype: SType;
  notNull: boolean;
  def: ColumnDef["def"];
  pk: boolean;
}

/** Static type of values stored under an affinity. */
export function stypeOf(aff: Affinity): SType {
  return aff === "REAL" ? "R" : aff === "TEXT" ? "T" : "X";
}

/** A base table. */
export class Table {
  rows: Row[] = [];
  indexes: OrderedIndex[] = [];
  /** Column position of an INTEGER PRIMARY KEY (auto-assigned when NULL), or -1. */
  rowidCol = -1;
  private statsAt = -1;
  private distinct: number[] = [];
  /** Bumped on every change; statistics are resampled when stale. */
  version = 0;

  constructor(readonly name: string, readonly columns: Column[], public sql: string) {}

  /** Column position by case-insensitive name, or -1. */
  colIndex(name: string): number {
    const n = name.toLowerCase();
    return this.columns.findIndex((c) => c.name.toLowerCase() === n);
  }

  /** Estimated number of distinct values of column `c` (sampled, refreshed when the table changed by > 10%). */
  distinctOf(c: number): number {
    const n = this.rows.length;
    if (this.statsAt < 0 || Math.abs(n - this.statsAt) > this.statsAt * 0.1 + 10) {
      this.statsAt = n;
      this.distinct = [];
    }
    let d = this.distinct[c];
    if (d === undefined) {
      const sample = Math.min(n, 4096);
      const freq = new Map<unknown, number>();
      // random distinct positions (fixed-seed LCG, repeats skipped): evenly spaced ones would miss every duplicate
      // of clustered keys, and sampling with replacement would invent duplicates
      const picked = new Set<number>();
      let seed = 0x2545f491;
      for (let i = 0; i < sample; i++) {
        let pos = i;
        if (sample < n) {
          do { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; pos = seed % n; } while (picked.has(pos));
          picked.add(pos);
        }
        const k = keyOf(this.rows[pos]![c]!);
        freq.set(k, (freq.get(k) ?? 0) + 1);
      }
      d = freq.size;
      if (sample < n) {
        // Haas & Stokes' Duj1 estimator from the sample's singletons: D = d / (1 − (1 − q)·f1/s), q = s/N
        let f1 = 0;
        for (const f of freq.values()) if (f === 1) f1++;
        const q = sample / n;
        d = Math.min(n, Math.round(d / Math.max(1e-9, 1 - ((1 - q) * f1) / sample)));
      }
      d = Math.max(1, d);
      this.distinct[c] = d;
    }
    return d;
  }

  /** Creates an index and fills it. */
  addIndex(idx: OrderedIndex): void {
    idx.rebuild(this.rows);
    idx.sorted();
    this.indexes.push(idx);
  }
}

/** Builds a Column from its definition. */
export function columnOf(d: ColumnDef): Column {
  const aff = affinityOf(d.type);
  return { name: d.name, type: d.type, aff, stype: stypeOf(aff), notNull: d.notNull, def: d.def, pk: d.primaryKey };
}

export { OrderedIndex, type Row };
