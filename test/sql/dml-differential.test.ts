import { Database as SQLite } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { Database } from "../../src/sql/index.ts";
import { prng } from "../support/prng.ts";

/**
 * Random INSERT / INSERT OR IGNORE / INSERT … SELECT / UPDATE / DELETE / BEGIN / COMMIT / ROLLBACK sequences over a
 * table with PRIMARY KEY, UNIQUE, NOT NULL, DEFAULT and a secondary index: after every statement gokit and SQLite
 * must agree on success or failure and on the table's contents, and index lookups must agree with scans.
 */
const SEEDS = Number(process.env.GOKIT_SQL_DML_SEEDS ?? 12);
const STEPS = 60;

function statement(r: () => number, inTxn: boolean): string {
  const int = (n: number) => Math.floor(r() * n);
  const val = () => (r() < 0.15 ? "NULL" : String(int(12)));
  const text = () => (r() < 0.1 ? "NULL" : `'${["a", "b", "c", "d"][int(4)]}'`);
  const real = () => (r() < 0.2 ? "NULL" : (int(40) / 4).toString());
  const where = () => ["", ` WHERE id = ${int(15)}`, ` WHERE k > ${int(10)}`, ` WHERE v = ${text()}`, ` WHERE n IS NULL`, ` WHERE k BETWEEN ${int(5)} AND ${int(12)}`][int(6)];
  switch (int(10)) {
    case 0: case 1: return `INSERT INTO t VALUES (${r() < 0.3 ? "NULL" : int(15)}, ${val()}, ${text()}, ${real()})`;
    case 2: return `INSERT INTO t (id, k, n) VALUES (${int(15)}, ${val()}, ${real()}), (${int(15)}, ${val()}, ${real()})`;
    case 3: return `INSERT OR IGNORE INTO t VALUES (${int(15)}, ${val()}, ${text()}, ${real()})`;
    case 4: return `INSERT INTO t (k, v, n) SELECT k + ${1 + int(20)}, v, n FROM t WHERE k < ${int(6)}`;
    case 5: return `UPDATE t SET k = ${r() < 0.5 ? val() : `k + ${int(3)}`}${where()}`;
    case 6: return `UPDATE t SET v = ${text()}, n = ${real()}${where()}`;
    case 7: return `DELETE FROM t${where()}`;
    case 8: return inTxn ? (r() < 0.5 ? "COMMIT" : "ROLLBACK") : "BEGIN";
    default: return `UPDATE t SET id = id + ${int(3)}${where()}`;
  }
}

describe("random DML sequences leave the same table as SQLite", () => {
  for (let s = 0; s < SEEDS; s++) {
    const seed = 4242 + s;
    test(`seed ${seed}`, () => {
      const r = prng(seed);
      const setup = "CREATE TABLE t (id INTEGER PRIMARY KEY, k INT UNIQUE, v TEXT NOT NULL DEFAULT 'z', n REAL); CREATE INDEX tn ON t (n)";
      const ours = new Database();
      const lite = new SQLite(":memory:");
      ours.exec(setup);
      lite.exec(setup);
      let inTxn = false;
      const log: string[] = [];
      for (let i = 0; i < STEPS; i++) {
        const sql = statement(r, inTxn);
        log.push(sql);
        let a: string | undefined, b: string | undefined;
        try { ours.exec(sql); } catch (e) { a = (e as Error).message; }
        try { lite.exec(sql); } catch (e) { b = (e as Error).message; }
        if (sql === "BEGIN" && !b) inTxn = true;
        if ((sql === "COMMIT" || sql === "ROLLBACK") && !b) inTxn = false;
        const context = `seed ${seed}, after:\n${log.join(";\n")}`;
        expect({ context, ok: a === undefined }).toEqual({ context, ok: b === undefined });
        if (a !== undefined) expect({ context, msg: a as string | undefined }).toEqual({ context, msg: b });
        const q = "SELECT id, k, v, n FROM t ORDER BY id";
        expect({ context, rows: ours.query(q).rows }).toEqual({ context, rows: lite.query(q).values() as never });
        const probe = Math.floor(r() * 10) / 2;
        expect(ours.query(`SELECT id FROM t WHERE n = ${probe} ORDER BY id`).rows).toEqual(ours.query(`SELECT id FROM t WHERE n + 0 = ${probe} ORDER BY id`).rows);
      }
    });
  }
});
