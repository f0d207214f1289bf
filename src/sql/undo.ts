/** The undo log behind per-statement atomicity and BEGIN/ROLLBACK: entries are replayed in reverse. */
import type { Row, Table } from "./table.ts";
import type { SqlValue } from "./values.ts";

/** One reversible change. */
export type UndoEntry =
  | { k: "ins"; table: Table; row: Row }
  | { k: "rows"; table: Table; old: Row[]; removed: Row[] }
  | { k: "upd"; table: Table; row: Row; old: SqlValue[] }
  | { k: "fn"; undo: () => void };

/** Reverts `entries` (newest first). */
export function undoAll(entries: UndoEntry[]): void {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    switch (e.k) {
      case "ins": {
        const rows = e.table.rows;
        if (rows[rows.length - 1] === e.row) rows.pop();
        else { const j = rows.lastIndexOf(e.row); if (j >= 0) rows.splice(j, 1); }
        for (const idx of e.table.indexes) idx.remove(e.row);
        e.table.version++;
        break;
      }
      case "rows":
        e.table.rows = e.old;
        for (const idx of e.table.indexes) for (const r of e.removed) idx.add(r);
        e.table.version++;
        break;
      case "upd":
        for (const idx of e.table.indexes) idx.remove(e.row);
        for (let j = 0; j < e.old.length; j++) e.row[j] = e.old[j]!;
        for (const idx of e.table.indexes) idx.add(e.row);
        e.table.version++;
        break;
      case "fn":
        e.undo();
        break;
    }
  }
}
