import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { Database, SqlError } from "../../src/sql/index.ts";
import { tempDir } from "../support/cli.ts";

describe("statements are atomic", () => {
  const cases: { name: string; sql: string; error: RegExp }[] = [
    { name: "a UNIQUE violation in a multi-row INSERT", sql: "INSERT INTO t VALUES (10, 'p'), (11, 'q'), (1, 'dup')", error: /UNIQUE constraint failed: t\.id/ },
    { name: "a NOT NULL violation in INSERT … SELECT", sql: "INSERT INTO t SELECT id + 100, CASE WHEN id = 3 THEN NULL ELSE v END FROM t", error: /NOT NULL constraint failed: t\.v/ },
    { name: "an UPDATE that collides half-way", sql: "UPDATE t SET id = id + 1", error: /UNIQUE constraint failed: t\.id/ },
    { name: "an UPDATE setting NULL into NOT NULL", sql: "UPDATE t SET v = NULL WHERE id >= 2", error: /NOT NULL constraint failed: t\.v/ },
  ];
  for (const c of cases) {
    test(`${c.name} leaves the table and its indexes unchanged`, () => {
      const db = new Database();
      db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); CREATE INDEX tv ON t (v); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      const before = db.query("SELECT * FROM t ORDER BY id").rows;
      expect(() => db.exec(c.sql)).toThrow(c.error);
      expect(db.query("SELECT * FROM t ORDER BY id").rows).toEqual(before);
      expect(db.query("SELECT id FROM t WHERE v = 'b'").rows).toEqual([[2]]);
      expect(db.query("SELECT v FROM t WHERE id = 3").rows).toEqual([["c"]]);
    });
  }
  test("insertRows is all-or-nothing", () => {
    const db = new Database();
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    expect(() => db.insertRows("t", [[1, "a"], [2, "b"], [1, "c"]])).toThrow(SqlError);
    expect(db.query("SELECT count(*) FROM t").rows).toEqual([[0]]);
    expect(db.insertRows("t", [[1, "a"], [2, true]])).toBe(2);
    expect(db.query("SELECT v FROM t ORDER BY id").rows).toEqual([["a"], ["1"]]);
  });
});

describe("transactions", () => {
  test("ROLLBACK undoes inserts, updates, deletes and DDL", () => {
    const db = new Database();
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    db.exec("BEGIN; INSERT INTO t VALUES (3, 'c'); UPDATE t SET v = 'z' WHERE id = 1; DELETE FROM t WHERE id = 2; CREATE TABLE x (a); CREATE INDEX tv ON t (v); ROLLBACK");
    expect(db.query("SELECT * FROM t ORDER BY id").rows).toEqual([[1, "a"], [2, "b"]]);
    expect(db.tables()).toEqual(["t"]);
    expect(db.query("SELECT id FROM t WHERE v = 'a'").rows).toEqual([[1]]);
    expect(() => db.exec("INSERT INTO t VALUES (5, 'b')")).toThrow(/UNIQUE/);
    db.exec("INSERT INTO t VALUES (5, 'z')");
  });
  test("a failing statement inside a transaction undoes only itself", () => {
    const db = new Database();
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY); BEGIN; INSERT INTO t VALUES (1)");
    expect(() => db.exec("INSERT INTO t VALUES (2), (1)")).toThrow(/UNIQUE/);
    db.exec("COMMIT");
    expect(db.query("SELECT id FROM t").rows).toEqual([[1]]);
  });
  test("transaction state errors read like SQLite's", () => {
    const db = new Database();
    expect(() => db.exec("COMMIT")).toThrow("cannot commit - no transaction is active");
    expect(() => db.exec("ROLLBACK")).toThrow("cannot rollback - no transaction is active");
    db.exec("BEGIN");
    expect(() => db.exec("BEGIN")).toThrow("cannot start a transaction within a transaction");
  });
});

describe("persistence", () => {
  test("committed data, indexes and views survive close and reopen", () => {
    using dir = tempDir();
    const path = join(dir.path, "my.db");
    const a = new Database(path);
    a.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, r REAL); CREATE INDEX tv ON t (v); CREATE VIEW big AS SELECT * FROM t WHERE id > 1");
    a.exec("INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', 2.0), (3, 'it''s', NULL)");
    a.insertRows("t", [[4, "d", 4.25]]);
    a.exec("BEGIN; DELETE FROM t WHERE id = 2; COMMIT; BEGIN; DELETE FROM t WHERE id = 1; ROLLBACK");
    a.close();
    const b = new Database(path);
    expect(b.query("SELECT * FROM t ORDER BY id").rows).toEqual([[1, "a", 1.5], [3, "it's", null], [4, "d", 4.25]]);
    expect(b.views()).toEqual(["big"]);
    expect(b.query("SELECT count(*) FROM big").rows).toEqual([[2]]);
    expect(b.exec("EXPLAIN SELECT id FROM t WHERE v = 'd'")[0]!.message).toMatch(/IndexScan: t USING tv/);
    b.close();
  });

  test("the WAL alone restores committed statements; uncommitted ones and a torn tail are dropped", () => {
    using dir = tempDir();
    const path = join(dir.path, "w.db");
    const a = new Database(path);
    a.exec("CREATE TABLE t (id INT); INSERT INTO t VALUES (1), (2)");
    a.exec("BEGIN; INSERT INTO t VALUES (3)");
    // no close: simulate a crash by reading the files as they are
    expect(existsSync(path + "-wal")).toBe(true);
    appendFileSync(path + "-wal", '{"seq":99,"ops":[{"sql":"INSERT INTO t VALUES (4');
    const b = new Database(path);
    expect(b.query("SELECT id FROM t ORDER BY id").rows).toEqual([[1], [2]]);
    b.exec("INSERT INTO t VALUES (5)");
    b.close();
    const c = new Database(path);
    expect(c.query("SELECT id FROM t ORDER BY id").rows).toEqual([[1], [2], [5]]);
    c.close();
    expect(readFileSync(path + "-wal", "utf8")).toBe("");
  });

  test("committed changes survive kill -9 of the writing process", async () => {
    using dir = tempDir();
    const path = join(dir.path, "crash.db");
    const script = join(dir.path, "writer.ts");
    const lib = join(import.meta.dir, "../../src/sql/index.ts");
    writeFileSync(script, `
      import { Database } from ${JSON.stringify(lib)};
      const db = new Database(${JSON.stringify(path)}, { checkpointBytes: 4096 });
      db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
      for (let i = 1; ; i++) {
        db.exec("INSERT INTO t VALUES (" + i + ", 'row " + i + "')");
        process.stdout.write(i + "\\n");
      }
    `);
    const child = Bun.spawn([process.execPath, script], { stdout: "pipe", stderr: "inherit" });
    const reader = child.stdout.getReader();
    let acked = 0;
    let buf = "";
    while (acked < 300) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += new TextDecoder().decode(value);
      const lines = buf.split("\n");
      buf = lines.pop()!;
      if (lines.length) acked = Number(lines[lines.length - 1]);
    }
    child.kill(9);
    await child.exited;
    expect(acked).toBeGreaterThanOrEqual(300);
    const db = new Database(path);
    const [[count, max]] = db.query("SELECT count(*), max(id) FROM t").rows as [[number, number]];
    // every acknowledged insert is there, and nothing else is missing in between
    expect(max).toBeGreaterThanOrEqual(acked);
    expect(count).toBe(max);
    expect(db.query("SELECT v FROM t WHERE id = 150").rows).toEqual([["row 150"]]);
    db.close();
  });
});
