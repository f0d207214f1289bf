/**
 * Differential test against SQLite (bun:sqlite): random tables (INT, REAL and
 * TEXT columns with NULLs and duplicates) and random queries from a small
 * grammar — arithmetic projections, scalar functions, CASE and CAST, numeric text meeting numbers, WHERE with AND/OR/NOT, comparisons,
 * IS NULL, BETWEEN, IN, LIKE; inner and left joins on equality; GROUP BY with
 * COUNT/SUM/MIN/MAX/AVG and HAVING; three-table join chains; subqueries in FROM; DISTINCT; ORDER BY every column (NULLS FIRST/LAST) + LIMIT;
 * UNION [ALL]/EXCEPT/INTERSECT; scalar, IN and EXISTS subqueries (correlated
 * too) — run on gokit's Database and on SQLite; the row multisets must match
 * (integers exactly, reals to 1e-9 relative). GOKIT_SQL_DIFF_SEED and
 * GOKIT_SQL_DIFF_QUERIES choose another run; odd seeds add indexes, and a
 * view (v1) is queried like a table; a failure prints the seed. A second set
 * runs random INSERT/UPDATE/DELETE/INSERT…SELECT and BEGIN/COMMIT/ROLLBACK
 * and compares the table and the error-or-not after every statement.
 */
import { Database as SQLite } from "bun:sqlite";
import { expect, test } from "bun:test";
import { Database, type SqlValue } from "../../src/sql/index.ts";
import { prng } from "../support/prng.ts";

const BASE_SEED = Number(process.env.GOKIT_SQL_DIFF_SEED ?? 20261128);
const QUERIES_PER_SCHEMA = Number(process.env.GOKIT_SQL_DIFF_QUERIES ?? 200);
const SCHEMAS = 4;

type Type = "INT" | "REAL" | "TEXT";
interface Col {
  name: string;
  type: Type;
}
interface Table {
  name: string;
  cols: Col[];
}
/** A column as seen from a query: qualified name and type. */
interface Ref {
  sql: string;
  type: Type;
}

const TABLES: Table[] = [
  { name: "t1", cols: [{ name: "a", type: "INT" }, { name: "b", type: "INT" }, { name: "c", type: "REAL" }, { name: "d", type: "TEXT" }] },
  { name: "t2", cols: [{ name: "a", type: "INT" }, { name: "e", type: "INT" }, { name: "f", type: "TEXT" }, { name: "g", type: "REAL" }] },
  { name: "t3", cols: [{ name: "h", type: "INT" }, { name: "b", type: "INT" }, { name: "i", type: "TEXT" }] },
];
/** A view over t1 that queries use like a table. */
const VIEW = "CREATE VIEW v1 AS SELECT a, b, c, d FROM t1 WHERE b IS NOT NULL OR c > 3;";
TABLES.push({ name: "v1", cols: TABLES[0]!.cols });
const WORDS = ["apple", "banana", "cherry", "date", "apricot", "Berry", "", "fig", "grape", "b%x", "10", "2.5", "007", " 7"];

class Gen {
  readonly r: () => number;
  constructor(seed: number) {
    this.r = prng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }

  value(type: Type): string {
    if (this.chance(0.12)) return "NULL";
    if (type === "INT") return String(this.int(-3, 12));
    if (type === "REAL") return (this.int(-40, 120) / 4).toString();
    return `'${this.pick(WORDS).replace(/'/g, "''")}'`;
  }

  literal(type: Type): string {
    if (type === "INT") return String(this.int(-2, 10));
    if (type === "REAL") return (this.int(-8, 100) / 4).toFixed(2);
    return `'${this.pick(WORDS)}'`;
  }

  /** A numeric expression over the columns in scope. */
  numeric(refs: Ref[], depth = 0): Ref {
    const nums = refs.filter((x) => x.type !== "TEXT");
    const base = this.pick(nums);
    if (depth > 1 || this.chance(0.5)) return base;
    const op = this.pick(["+", "-", "*", "/"]);
    if (op === "/") {
      const d = this.chance(0.5) ? String(this.int(1, 4)) : `${this.int(1, 4)}.0`;
      return { sql: `(${base.sql} / ${d})`, type: base.type === "REAL" || d.includes(".") ? "REAL" : "INT" };
    }
    const other = this.chance(0.5) ? this.numeric(refs, depth + 1) : { sql: this.literal("INT"), type: "INT" as Type };
    return { sql: `(${base.sql} ${op} ${other.sql})`, type: base.type === "REAL" || other.type === "REAL" ? "REAL" : "INT" };
  }

  /** A boolean condition over the columns in scope; `outer` columns allow correlation in subqueries. */
  condition(refs: Ref[], depth = 0, outer: Ref[] = []): string {
    const k = depth > 1 ? this.int(0, 5) : this.int(0, 10);
    const col = this.pick(refs);
    switch (k) {
      case 0:
      case 1: {
        const op = this.pick(["=", "<>", "<", "<=", ">", ">="]);
        if (this.chance(0.12)) {
          // Across types: SQLite's affinity rules decide (numeric text meets numbers, numbers meet text).
          const other = refs.filter((x) => (x.type === "TEXT") !== (col.type === "TEXT"));
          const rhs = other.length > 0 && this.chance(0.5) ? this.pick(other).sql : this.literal(col.type === "TEXT" ? "INT" : "TEXT");
          return `${col.sql} ${op} ${rhs}`;
        }
        if (col.type === "TEXT") {
          const other = refs.filter((x) => x.type === "TEXT" && x !== col);
          return `${col.sql} ${op} ${other.length > 0 && this.chance(0.3) ? this.pick(other).sql : this.literal("TEXT")}`;
        }
        const lhs = this.chance(0.3) ? this.numeric(refs) : col;
        const others = refs.filter((x) => x.type !== "TEXT" && x !== col);
        return `${lhs.sql} ${op} ${others.length > 0 && this.chance(0.3) ? this.pick(others).sql : this.literal(lhs.type)}`;
      }
      case 2:
        return `${col.sql} IS ${this.chance(0.5) ? "NOT " : ""}NULL`;
      case 3: {
        if (col.type === "TEXT") return `${col.sql} LIKE '${this.pick(["a%", "%e%", "_a%", "b%", "%"])}'`;
        const lo = this.literal(col.type);
        return `${col.sql} ${this.chance(0.3) ? "NOT " : ""}BETWEEN ${lo} AND ${this.literal(col.type)}`;
      }
      case 4: {
        const items = Array.from({ length: this.int(1, 4) }, () => (this.chance(0.1) ? "NULL" : this.literal(col.type)));
        return `${col.sql} ${this.chance(0.3) ? "NOT " : ""}IN (${items.join(", ")})`;
      }
      case 5:
        return outer.length > 0 && this.chance(0.6) ? this.correlated(refs, outer) : `NOT (${this.condition(refs, depth + 1, outer)})`;
      case 6:
      case 7:
        return `(${this.condition(refs, depth + 1, outer)} ${this.pick(["AND", "OR"])} ${this.condition(refs, depth + 1, outer)})`;
      case 8:
        return depth === 0 ? this.subqueryCondition(refs) : `${col.sql} IS NOT NULL`;
      default: {
        if (depth > 0) return `${col.sql} IS NULL`;
        const num = this.pick(refs.filter((x) => x.type !== "TEXT"));
        const t = this.pick(TABLES);
        const inner = t.cols.map((c) => ({ sql: `s.${c.name}`, type: c.type }));
        const agg = `${this.pick(["AVG", "MAX", "MIN", "SUM", "COUNT"])}(${this.pick(inner.filter((x) => x.type !== "TEXT")).sql})`;
        const corr = this.chance(0.6) ? ` WHERE ${this.correlated(inner, refs)}` : "";
        return `${num.sql} ${this.pick(["<", ">=", "="])} (SELECT ${agg} FROM ${t.name} s${corr})`;
      }
    }
  }

  /** Equality between an inner and an outer column of the same type. */
  correlated(inner: Ref[], outer: Ref[]): string {
    const o = this.pick(outer);
    const same = inner.filter((x) => (x.type === "TEXT") === (o.type === "TEXT"));
    return `${this.pick(same).sql} = ${o.sql}`;
  }

  /** IN (SELECT …) or [NOT] EXISTS (SELECT … correlated). */
  subqueryCondition(refs: Ref[]): string {
    const t = this.pick(TABLES);
    const alias = "s";
    const inner = t.cols.map((c) => ({ sql: `${alias}.${c.name}`, type: c.type }));
    const where = this.chance(0.6) ? ` WHERE ${this.condition(inner, 2)}` : "";
    if (this.chance(0.5)) {
      const col = this.pick(refs.filter((x) => x.type !== "TEXT"));
      const sub = this.pick(inner.filter((x) => x.type !== "TEXT"));
      return `${col.sql} ${this.chance(0.3) ? "NOT " : ""}IN (SELECT ${sub.sql} FROM ${t.name} ${alias}${where})`;
    }
    const corr = this.correlated(inner, refs);
    return `${this.chance(0.3) ? "NOT " : ""}EXISTS (SELECT 1 FROM ${t.name} ${alias} WHERE ${corr}${where ? ` AND ${where.slice(7)}` : ""})`;
  }

  /** FROM clause: one table, or an inner/left join on equality; returns the columns in scope. */
  from(): { sql: string; refs: Ref[] } {
    const t = this.pick(TABLES);
    const refsOf = (tb: Table, alias: string) => tb.cols.map((c) => ({ sql: `${alias}.${c.name}`, type: c.type }));
    if (this.chance(0.1)) {
      // A subquery in FROM with renamed columns: (SELECT x.a AS c0, … FROM t x WHERE …) AS x
      const inner = refsOf(t, "x");
      const cols = Array.from({ length: this.int(1, 3) }, () => (this.chance(0.3) ? this.numeric(inner) : this.pick(inner)));
      if (!cols.some((c) => c.type === "INT")) cols.push(this.pick(inner.filter((c) => c.type === "INT")));
      if (!cols.some((c) => c.type === "TEXT")) cols.push(this.pick(inner.filter((c) => c.type === "TEXT")));
      const where = this.chance(0.5) ? ` WHERE ${this.condition(inner, 1)}` : "";
      const sql = `(SELECT ${this.chance(0.2) ? "DISTINCT " : ""}${cols.map((c, i) => `${c.sql} AS c${i}`).join(", ")} FROM ${t.name} x${where}) AS x`;
      return { sql, refs: cols.map((c, i) => ({ sql: `x.c${i}`, type: c.type })) };
    }
    if (this.chance(0.45)) return { sql: `${t.name} x`, refs: refsOf(t, "x") };
    const u = this.pick(TABLES);
    const left = refsOf(t, "x");
    const right = refsOf(u, "y");
    const l = this.pick(left.filter((x) => x.type === "INT"));
    const r = this.pick(right.filter((x) => x.type === "INT"));
    let on = `${l.sql} = ${r.sql}`;
    if (this.chance(0.2)) on += ` AND ${this.condition(right, 2)}`;
    const join = () => this.pick(["JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN"]);
    const two = `${t.name} x ${join()} ${u.name} y ON ${on}`;
    if (this.chance(0.7)) return { sql: two, refs: [...left, ...right] };
    const v = this.pick(TABLES);
    const third = refsOf(v, "z");
    const m = this.pick([...left, ...right].filter((x) => x.type === "INT"));
    const z = this.pick(third.filter((x) => x.type === "INT"));
    return { sql: `${two} ${join()} ${v.name} z ON ${z.sql} = ${m.sql}`, refs: [...left, ...right, ...third] };
  }

  /** A scalar function call, CASE or CAST over a column of the wanted kind. */
  scalar(refs: Ref[], ty: Type): string {
    if (ty === "TEXT") {
      const x = this.pick(refs.filter((r) => r.type === "TEXT")).sql;
      return this.pick([
        `UPPER(${x})`, `LOWER(${x})`, `SUBSTR(${x}, ${this.int(-3, 3)}, ${this.int(0, 4)})`, `COALESCE(${x}, 'none')`,
        `${x} || '-'`, `REPLACE(${x}, 'a', 'A')`, `TRIM(${x}, 'a')`, `IFNULL(${x}, '?')`, `NULLIF(${x}, 'fig')`,
      ]);
    }
    const x = this.numeric(refs).sql;
    const text = this.pick(refs.filter((r) => r.type === "TEXT")).sql;
    return this.pick([
      `(${x} || ${text})`, `(-${x})`, `(${x} AND ${this.numeric(refs).sql})`, `(NOT ${x})`, `CAST(${text} AS INTEGER)`, `(${text} + 1)`,
      `ABS(${x})`, `ROUND(${x})`, `ROUND(${x}, 1)`, `COALESCE(${x}, 0)`, `NULLIF(${x}, 2)`, `CAST(${x} AS INTEGER)`, `CAST(${x} AS REAL)`,
      `LENGTH(${this.pick(refs.filter((r) => r.type === "TEXT")).sql})`, `(${x} % ${this.int(1, 5)})`,
      `CASE WHEN ${this.condition(refs, 2)} THEN ${x} ELSE ${this.literal("INT")} END`,
      `CASE ${this.pick(refs.filter((r) => r.type === "INT")).sql} WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END`,
    ]);
  }

  /** A projection list of `n` columns with fixed types (for set operations). */
  projection(refs: Ref[], types: Type[]): string {
    return types
      .map((ty) => {
        const pool = refs.filter((x) => (ty === "TEXT" ? x.type === "TEXT" : x.type !== "TEXT"));
        if (this.chance(0.2)) return this.scalar(refs, ty);
        if (ty !== "TEXT" && this.chance(0.3)) return this.numeric(refs).sql;
        return this.pick(pool).sql;
      })
      .join(", ");
  }

  /** One SELECT (no ORDER BY); `types` fixes the output shape when given. */
  select(types?: Type[]): string {
    const { sql: from, refs } = this.from();
    const where = this.chance(0.7) ? ` WHERE ${this.condition(refs)}` : "";
    if (!types && this.chance(0.35)) {
      const keys = Array.from({ length: this.int(1, 2) }, () => (this.chance(0.2) ? { sql: `(${this.pick(refs.filter((x) => x.type === "INT")).sql} % 3)`, type: "INT" as Type } : this.pick(refs)));
      const aggs = Array.from({ length: this.int(1, 3) }, () => {
        const f = this.pick(["COUNT", "SUM", "MIN", "MAX", "AVG", "COUNT*"]);
        if (f === "COUNT*") return "COUNT(*)";
        const arg = f === "COUNT" || f === "MIN" || f === "MAX" ? this.pick(refs).sql : this.numeric(refs).sql;
        return `${f}(${this.chance(0.15) && f === "COUNT" ? "DISTINCT " : ""}${arg})`;
      });
      const keyList = keys.map((k) => k.sql).join(", ");
      const having = this.chance(0.4) ? ` HAVING ${this.pick(["COUNT(*) > 1", `SUM(${this.numeric(refs).sql}) > ${this.int(0, 20)}`, `MAX(${this.pick(refs).sql}) IS NOT NULL`])}` : "";
      return `SELECT ${keyList}, ${aggs.join(", ")} FROM ${from}${where} GROUP BY ${keyList}${having}`;
    }
    const shape = types ?? Array.from({ length: this.int(1, 3) }, () => this.pick<Type>(["INT", "REAL", "TEXT"]));
    let cols = this.projection(refs, shape);
    if (!types && this.chance(0.2)) {
      const t = this.pick(TABLES);
      const inner = t.cols.map((c) => ({ sql: `s.${c.name}`, type: c.type }));
      const num = this.pick(inner.filter((x) => x.type !== "TEXT"));
      const corr = this.chance(0.6) ? ` WHERE ${this.correlated(inner, refs)}` : "";
      cols += `, (SELECT ${this.pick(["MAX", "MIN", "COUNT", "SUM"])}(${num.sql}) FROM ${t.name} s${corr})`;
    }
    return `SELECT ${!types && this.chance(0.25) ? "DISTINCT " : ""}${cols} FROM ${from}${where}`;
  }

  /** A whole query and whether its row order is part of the answer. */
  query(): { sql: string; ordered: boolean } {
    if (this.chance(0.2)) {
      const shape = Array.from({ length: this.int(1, 2) }, () => this.pick<Type>(["INT", "TEXT"]));
      const op = this.pick(["UNION", "UNION ALL", "EXCEPT", "INTERSECT"]);
      return { sql: `${this.select(shape)} ${op} ${this.select(shape)}`, ordered: false };
    }
    const sql = this.select();
    if (this.chance(0.25)) {
      const order = Array.from({ length: countColumns(sql) }, (_, i) => `${i + 1}${this.chance(0.3) ? " DESC" : ""}${this.chance(0.2) ? this.pick([" NULLS FIRST", " NULLS LAST"]) : ""}`).join(", ");
      return { sql: `${sql} ORDER BY ${order} LIMIT ${this.int(1, 8)}${this.chance(0.3) ? ` OFFSET ${this.int(0, 3)}` : ""}`, ordered: true };
    }
    return { sql, ordered: false };
  }
}

/** Output columns of a generated SELECT: top-level commas between SELECT and FROM. */
function countColumns(sql: string): number {
  let depth = 0;
  let n = 1;
  const end = sql.indexOf(" FROM ");
  for (let i = 0; i < end; i++) {
    const c = sql[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) n++;
    else if (c === "'") i = sql.indexOf("'", i + 1);
  }
  return n;
}

/** Tables with rows, the view, and (on odd seeds) a few single and two-column indexes, so index paths run too. */
function createStatements(g: Gen, indexed: boolean): string[] {
  const out: string[] = [];
  for (const t of TABLES.filter((x) => x.name !== "v1")) {
    out.push(`CREATE TABLE ${t.name} (${t.cols.map((c) => `${c.name} ${c.type}`).join(", ")});`);
    const rows = Array.from({ length: g.int(8, 40) }, () => `(${t.cols.map((c) => g.value(c.type)).join(", ")})`);
    out.push(`INSERT INTO ${t.name} VALUES ${rows.join(", ")};`);
    for (let k = indexed ? g.int(1, 3) : 0; k > 0; k--) {
      const cols = Array.from({ length: g.int(1, 2) }, () => g.pick(t.cols).name);
      out.push(`CREATE INDEX ${t.name}_i${k} ON ${t.name} (${[...new Set(cols)].join(", ")});`);
    }
  }
  out.push(VIEW);
  return out;
}

/** A value normalised for comparison: bigint → number, boolean → 0/1. */
function norm(v: unknown): SqlValue {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  return v as SqlValue;
}

function sortKey(row: SqlValue[]): string {
  return row
    .map((v) => (v === null ? "\u0000" : typeof v === "number" ? (Number.isInteger(v) ? `i${v}` : `r${v.toPrecision(6)}`) : `s${String(v)}`))
    .join("\u0001");
}

function sameValue(a: SqlValue, b: SqlValue): boolean {
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isInteger(a) && Number.isInteger(b)) return a === b;
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

function sameRows(a: SqlValue[][], b: SqlValue[][], ordered: boolean): boolean {
  if (a.length !== b.length) return false;
  const x = ordered ? a : [...a].sort((p, q) => (sortKey(p) < sortKey(q) ? -1 : sortKey(p) > sortKey(q) ? 1 : 0));
  const y = ordered ? b : [...b].sort((p, q) => (sortKey(p) < sortKey(q) ? -1 : sortKey(p) > sortKey(q) ? 1 : 0));
  return x.every((row, i) => row.length === y[i]!.length && row.every((v, j) => sameValue(v, y[i]![j]!)));
}

type Outcome = { rows: SqlValue[][] } | { error: string };

function runBoth(gokit: Database, lite: SQLite, sql: string): [Outcome, Outcome] {
  let ours: Outcome;
  let theirs: Outcome;
  try {
    ours = { rows: gokit.query(sql).rows.map((r) => r.map(norm)) };
  } catch (e) {
    ours = { error: (e as Error).message };
  }
  try {
    theirs = { rows: (lite.query(sql).values() as unknown[][]).map((r) => r.map(norm)) };
  } catch (e) {
    theirs = { error: (e as Error).message };
  }
  return [ours, theirs];
}

const show = (o: Outcome) => ("error" in o ? `error: ${o.error}` : JSON.stringify(o.rows));

for (let s = 0; s < SCHEMAS; s++) {
  const seed = BASE_SEED + s;
  test(`random queries over random tables (seed ${seed}) return the same rows as SQLite`, () => {
    const g = new Gen(seed);
    const setup = createStatements(g, seed % 2 === 1);
    const gokit = new Database();
    const lite = new SQLite(":memory:");
    for (const stmt of setup) {
      gokit.exec(stmt);
      lite.run(stmt);
    }
    const failures: string[] = [];
    let compared = 0;
    for (let q = 0; q < QUERIES_PER_SCHEMA; q++) {
      const { sql, ordered } = g.query();
      const [ours, theirs] = runBoth(gokit, lite, sql);
      if ("error" in theirs && "error" in ours) continue; // both refuse: the grammar made an invalid query
      compared++;
      const same = "rows" in ours && "rows" in theirs && sameRows(ours.rows, theirs.rows, ordered);
      if (!same && failures.length < 5) failures.push(`query ${q}: ${sql}\n  gokit:  ${show(ours)}\n  sqlite: ${show(theirs)}`);
    }
    gokit.close();
    lite.close();
    const report = failures.length === 0 ? "" : `seed ${seed} (GOKIT_SQL_DIFF_SEED=${seed}), setup:\n${setup.join("\n")}\n\n${failures.join("\n\n")}`;
    expect(report).toBe("");
    expect(compared).toBeGreaterThan(QUERIES_PER_SCHEMA * 0.9);
  });
}

/** Random DML against one table with a primary key, NOT NULL, a default and an index; compared after every statement. */
function dmlStatement(g: Gen): string {
  const val = () => (g.chance(0.15) ? "NULL" : String(g.int(-5, 20)));
  const txt = () => (g.chance(0.1) ? "NULL" : `'${g.pick(["a", "b", "c", "dd"])}'`);
  const cond = () =>
    g.pick([
      `k > ${g.int(-5, 20)}`, "n IS NULL", `v = ${txt()}`, `id % 3 = ${g.int(0, 2)}`, `k BETWEEN ${g.int(0, 10)} AND ${g.int(5, 20)}`,
      `n IN (SELECT k FROM t WHERE k < ${g.int(0, 15)})`, `v LIKE '${g.pick(["a%", "%x", "_"])}'`,
    ]);
  return g.pick([
    () => `INSERT INTO t (k, v, n) VALUES (${val()}, ${txt()}, ${val()}), (${val()}, ${txt()}, ${val()})`,
    () => `INSERT INTO t (k, n) VALUES (${val()}, ${val()} / 2.0)`,
    () => `INSERT INTO t (id, k, v) VALUES (${g.int(1, 30)}, ${val()}, 'x')`,
    () => `INSERT INTO t (k, v, n) SELECT k + 100, v, n FROM t WHERE ${cond()} ORDER BY id`,
    () => `UPDATE t SET k = k + ${g.int(-2, 2)} WHERE ${cond()}`,
    () => `UPDATE t SET n = n * 2, v = v || 'x' WHERE ${cond()}`,
    () => `UPDATE t SET v = ${txt()} WHERE ${cond()}`,
    () => `DELETE FROM t WHERE ${cond()}`,
    () => "BEGIN",
    () => "COMMIT",
    () => "ROLLBACK",
  ])();
}

for (let s = 0; s < SCHEMAS; s++) {
  const seed = BASE_SEED + 100 + s;
  test(`random INSERT/UPDATE/DELETE and transactions leave the same rows as SQLite, failed statements changing nothing (seed ${seed})`, () => {
    const g = new Gen(seed);
    const setup = "CREATE TABLE t (id INTEGER PRIMARY KEY, k INT, v TEXT NOT NULL DEFAULT 'z', n REAL); CREATE INDEX t_k ON t (k); CREATE INDEX t_n ON t (n, v);";
    const gokit = new Database();
    const lite = new SQLite(":memory:");
    gokit.exec(setup);
    lite.exec(setup);
    const log: string[] = [];
    let problem = "";
    for (let i = 0; i < 80 && problem === ""; i++) {
      const stmt = dmlStatement(g);
      log.push(stmt);
      let ours = "ok";
      let theirs = "ok";
      try {
        gokit.exec(stmt);
      } catch (e) {
        ours = `error: ${(e as Error).message}`;
      }
      try {
        lite.run(stmt);
      } catch (e) {
        theirs = `error: ${(e as Error).message}`;
      }
      const q = "SELECT id, k, v, n FROM t ORDER BY id";
      const a = gokit.query(q).rows.map((r) => r.map(norm));
      const b = (lite.query(q).values() as unknown[][]).map((r) => r.map(norm));
      if (ours.startsWith("error") !== theirs.startsWith("error") || !sameRows(a, b, true)) {
        problem = `seed ${seed}, statement ${i + 1}: ${stmt}\n  gokit:  ${ours} ${JSON.stringify(a)}\n  sqlite: ${theirs} ${JSON.stringify(b)}\nhistory:\n${log.join(";\n")}`;
      }
    }
    gokit.close();
    lite.close();
    expect(problem).toBe("");
  });
}
