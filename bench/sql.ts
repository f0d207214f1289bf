/**
 * bench/sql: TPC-H-like queries on gokit's SQL engine (src/sql) and on SQLite
 * (bun:sqlite, in memory), same data, alternated in one run, results checked
 * equal (reals to 1e-9 relative).
 *
 *   node_modules/.bin/bun bench/sql.ts [SF] [--rounds N] [--queries Q1,Q6] [--no-indexes]
 *
 * SF is the TPC-H scale factor (default 0.1 ≈ 600,000 lineitem rows). Both
 * engines get the same DDL: single-column primary keys in CREATE TABLE, then
 * the composite keys of partsupp and lineitem and the foreign-key indexes of
 * bench/sql/tpch-gen.ts INDEXES (created after the load, as a bulk load does);
 * --no-indexes keeps only the primary keys, to see how each engine copes.
 * Each run includes parsing and planning on both sides (a fresh prepared
 * statement for SQLite). Reports per query the median of the rounds, the ratio gokit/SQLite and the
 * geometric mean, and the bulk-load rate of each engine.
 */
import { Database as SQLite } from "bun:sqlite";
import { Database } from "../src/sql/index.ts";
import { renderTable } from "../src/term/index.ts";
import { QUERIES } from "./sql/queries.ts";
import { INDEXES, SCHEMA, generate } from "./sql/tpch-gen.ts";

interface Options {
  sf: number;
  rounds: number;
  queries: string[] | undefined;
  indexes: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { sf: 0.1, rounds: 5, queries: undefined, indexes: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--rounds") o.rounds = Number(argv[++i]);
    else if (a === "--queries") o.queries = argv[++i]!.split(",").map((q) => q.trim().toUpperCase());
    else if (a === "--no-indexes") o.indexes = false;
    else if (/^\d*\.?\d+$/.test(a)) o.sf = Number(a);
    else throw new Error(`bench/sql: unknown argument ${a} (usage: bun bench/sql.ts [SF] [--rounds N] [--queries Q1,Q6] [--no-indexes])`);
  }
  if (!(o.sf > 0) || !(o.rounds >= 1)) throw new Error("bench/sql: want SF > 0 and --rounds ≥ 1");
  return o;
}

type Rows = unknown[][];

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "bigint") a = Number(a);
  if (typeof b === "bigint") b = Number(b);
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

/** The first difference between two ordered results, or undefined when they match. */
function difference(ours: Rows, theirs: Rows): string | undefined {
  if (ours.length !== theirs.length) return `${ours.length} rows vs SQLite's ${theirs.length}`;
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    if (a.length !== b.length || a.some((v, j) => !sameValue(v, b[j]))) return `row ${i + 1}: ${JSON.stringify(a, (_, v) => (typeof v === "bigint" ? Number(v) : v))} vs SQLite's ${JSON.stringify(b)}`;
  }
  return undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times `fn` after a full collection, so neither engine pays for the other's garbage. */
function time<T>(fn: () => T): [T, number] {
  Bun.gc(true);
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const lite = new SQLite(":memory:");
  const version = lite.query("SELECT sqlite_version()").values()[0]![0];
  console.log(`bench/sql: TPC-H-like data at scale factor ${o.sf}, ${o.rounds} rounds, gokit vs SQLite ${version} (bun:sqlite, :memory:)`);
  const [tables, genMs] = time(() => generate(o.sf));
  const total = tables.reduce((n, t) => n + t.rows.length, 0);
  console.log(`generated ${total.toLocaleString("en-US")} rows in ${fmt(genMs, 0)} ms (${tables.map((t) => `${t.name} ${t.rows.length.toLocaleString("en-US")}`).join(", ")})`);

  for (const s of SCHEMA) lite.run(s);
  const [, liteLoad] = time(() => {
    for (const t of tables) {
      const insert = lite.prepare(`INSERT INTO ${t.name} VALUES (${t.rows[0]!.map(() => "?").join(", ")})`);
      lite.transaction(() => {
        for (const r of t.rows) insert.run(...r);
      })();
    }
  });
  const indexes = o.indexes ? INDEXES : [];
  console.log(`indexes (both engines): single-column INTEGER PRIMARY KEYs${indexes.length > 0 ? `; ${indexes.map((s) => s.replace(/^CREATE (UNIQUE )?INDEX \w+ ON /, (_, u) => (u ? "unique " : ""))).join(", ")}` : " only (--no-indexes)"}`);
  const [, liteIndex] = time(() => indexes.forEach((s) => lite.run(s)));

  const db = new Database();
  db.exec(SCHEMA.map((s) => s + ";").join("\n"));
  const [, ourLoad] = time(() => {
    for (const t of tables) db.insertRows(t.name, t.rows);
  });
  const [, ourIndex] = time(() => indexes.length > 0 && db.exec(indexes.map((s) => s + ";").join("\n")));

  const load = [
    ["bulk load", `${fmt(ourLoad, 0)} ms`, `${fmt(liteLoad, 0)} ms`, fmt(ourLoad / liteLoad, 2)],
    ["rows/s", Math.round(total / (ourLoad / 1000)).toLocaleString("en-US"), Math.round(total / (liteLoad / 1000)).toLocaleString("en-US"), fmt(liteLoad / ourLoad, 2)],
  ];
  if (o.indexes) load.push(["create indexes", `${fmt(ourIndex, 0)} ms`, `${fmt(liteIndex, 0)} ms`, fmt(ourIndex / liteIndex, 2)]);
  console.log(renderTable([{ header: "load" }, { header: "gokit", align: "right" }, { header: "SQLite", align: "right" }, { header: "gokit/SQLite", align: "right" }], load));

  const queries = o.queries ? QUERIES.filter((q) => o.queries!.includes(q.name)) : QUERIES;
  const rows: string[][] = [];
  const ratios: number[] = [];
  let mismatches = 0;
  for (const q of queries) {
    const ours: number[] = [];
    const theirs: number[] = [];
    let check: string | undefined;
    for (let round = 0; round < o.rounds; round++) {
      // Alternate which engine goes first so neither always runs on a warmer machine.
      const order = round % 2 === 0 ? ["gokit", "sqlite"] : ["sqlite", "gokit"];
      let a: Rows = [];
      let b: Rows = [];
      for (const who of order) {
        if (who === "gokit") {
          const [r, ms] = time(() => db.query(q.sql).rows);
          a = r;
          ours.push(ms);
        } else {
          // prepare, not query: bun:sqlite's query() caches the compiled statement, and gokit plans every time.
          const [r, ms] = time(() => {
            const st = lite.prepare(q.sql);
            const rows = st.values() as Rows;
            st.finalize();
            return rows;
          });
          b = r;
          theirs.push(ms);
        }
      }
      if (round === 0) check = difference(a, b);
    }
    const ratio = median(ours) / median(theirs);
    ratios.push(ratio);
    if (check) mismatches++;
    rows.push([q.name, fmt(median(ours)), fmt(median(theirs)), fmt(ratio, 2), check ? `MISMATCH: ${check}` : "equal"]);
    console.log(`${q.name}: gokit ${fmt(median(ours))} ms, SQLite ${fmt(median(theirs))} ms, ratio ${fmt(ratio, 2)}${check ? `  MISMATCH ${check}` : ""}`);
  }
  const geomean = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
  rows.push(["geomean", "", "", fmt(geomean, 2), ""]);
  console.log(
    renderTable(
      [{ header: "query" }, { header: "gokit ms", align: "right" }, { header: "SQLite ms", align: "right" }, { header: "gokit/SQLite", align: "right" }, { header: "result" }],
      rows,
    ),
  );
  console.log(`goals: geomean ≤ 0.50 (${fmt(geomean, 2)}), no query > 2.00 (max ${fmt(Math.max(...ratios), 2)}), load ≥ 500,000 rows/s (${Math.round(total / (ourLoad / 1000)).toLocaleString("en-US")})`);
  db.close();
  lite.close();
  if (mismatches > 0) process.exitCode = 1;
}

await main();
