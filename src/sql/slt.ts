/**
 * A sqllogictest runner: statement ok/error, query with type strings and nosort/rowsort/valuesort, hash-threshold
 * with MD5 result hashing, labels, skipif/onlyif (we are `gokit`), halt. Values print as the reference harness
 * prints them: I as a 32-bit integer, R with %.3f, T as text with "(empty)" for '' and '@' for bytes outside 0x20-0x7e.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Database } from "./database.ts";
import { SqlError } from "./errors.ts";
import { type SType, type SqlValue, numText, toNum } from "./values.ts";

/** One failed record. */
export interface SltFailure { file: string; line: number; message: string }
/** Counts of one run. */
export interface SltResult { passed: number; failed: number; skipped: number; failures: SltFailure[] }
/** Runner options. */
export interface SltOptions {
  onFailure?: (f: SltFailure) => void;
  /** Engine names we answer to in skipif/onlyif (default ["gokit"]). */
  engines?: string[];
}

function fmtInt(v: SqlValue): string {
  const n = toNum(v);
  if (n === null) return "NULL";
  let b: bigint;
  if (typeof n === "bigint") b = n;
  else if (!Number.isFinite(n)) b = n > 0 ? 9223372036854775807n : -9223372036854775808n;
  else b = BigInt(Math.trunc(n));
  return BigInt.asIntN(32, b).toString();
}

function fmtReal(v: SqlValue): string {
  const n = toNum(v);
  if (n === null) return "NULL";
  const x = Number(n);
  if (Math.abs(x) < 1e12 || !Number.isFinite(x)) return x.toFixed(3);
  // SQLite's printf keeps 16 significant digits and pads with zeros
  const [m, e] = Math.abs(x).toPrecision(16).split("e") as [string, string | undefined];
  const exp = e === undefined ? 0 : Number(e);
  let digits = m.replace(".", "");
  const intLen = (e === undefined ? m.indexOf(".") < 0 ? m.length : m.indexOf(".") : exp + 1);
  while (digits.length < intLen + 3) digits += "0";
  return (x < 0 ? "-" : "") + digits.slice(0, intLen) + "." + digits.slice(intLen, intLen + 3);
}

function fmtText(v: SqlValue, t: SType): string {
  if (v === null) return "NULL";
  let s = typeof v === "string" ? v : typeof v === "number" ? numText(v, t === "R") : String(v);
  if (s === "") return "(empty)";
  s = s.replace(/[^\x20-\x7e]/g, "@");
  return s;
}

/** Formats one value for a type letter. */
export function sltValue(v: SqlValue, letter: string, t: SType): string {
  if (v === null) return "NULL";
  if (letter === "I") return fmtInt(v);
  if (letter === "R") return fmtReal(v);
  return fmtText(v, t);
}

function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runs one sqllogictest file on a fresh in-memory database. */
export function runSltFile(path: string, options: SltOptions = {}): SltResult {
  const text = readFileSync(path, "utf8");
  return runSltText(text, path, options);
}

/** Runs sqllogictest script text. */
export function runSltText(text: string, file: string, options: SltOptions = {}): SltResult {
  const engines = (options.engines ?? ["gokit"]).map((e) => e.toLowerCase());
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  const db = new Database();
  const res: SltResult = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const fail = (line: number, message: string) => {
    const f = { file, line, message };
    res.failed++;
    res.failures.push(f);
    options.onFailure?.(f);
  };
  let threshold = 8;
  const labels = new Map<string, string>();
  let i = 0;
  const blank = (l: string | undefined) => l === undefined || l.trim() === "";
  while (i < lines.length) {
    // skip blank lines and comments between records
    if (blank(lines[i]) || lines[i]!.startsWith("#")) { i++; continue; }
    const start = i + 1;
    const rec: string[] = [];
    while (i < lines.length && !blank(lines[i])) {
      if (!lines[i]!.startsWith("#")) rec.push(lines[i]!);
      i++;
    }
    let skip = false;
    let k = 0;
    let headLine = start;
    while (k < rec.length) {
      const w = rec[k]!.trim().split(/\s+/);
      if (w[0] === "skipif" && engines.includes((w[1] ?? "").toLowerCase())) skip = true;
      else if (w[0] === "onlyif" && !engines.includes((w[1] ?? "").toLowerCase())) skip = true;
      else if (w[0] !== "skipif" && w[0] !== "onlyif") break;
      k++;
      headLine++;
    }
    if (k >= rec.length) continue;
    const head = rec[k]!.trim().split(/\s+/);
    const body = rec.slice(k + 1);
    switch (head[0]) {
      case "halt":
        if (skip) continue;
        return finish();
      case "hash-threshold":
        threshold = Number(head[1] ?? 8);
        continue;
      case "statement": {
        if (skip) { res.skipped++; continue; }
        const sql = body.join("\n");
        let error: unknown;
        try { db.exec(sql); } catch (e) { error = e; }
        if (head[1] === "ok") {
          if (error) fail(headLine, `statement failed: ${(error as Error).message}\n  ${sql}`);
          else res.passed++;
        } else if (!error) fail(headLine, `statement succeeded but an error was expected\n  ${sql}`);
        else res.passed++;
        continue;
      }
      case "query": {
        if (skip) { res.skipped++; continue; }
        const types = head[1] ?? "";
        const sortMode = head[2] ?? "nosort";
        const label = head[3];
        const sep = body.indexOf("----");
        const sql = (sep < 0 ? body : body.slice(0, sep)).join("\n");
        const expected = sep < 0 ? [] : body.slice(sep + 1);
        let r: { columns: string[]; rows: SqlValue[][]; types: SType[] };
        try {
          r = db.queryTyped(sql);
        } catch (e) {
          if (e instanceof SqlError && e.code === "ERR_SQL_RUNTIME") r = { columns: [], rows: [], types: [] };
          else { fail(headLine, `query failed: ${(e as Error).message}\n  ${sql}`); continue; }
        }
        if (r.rows.length && r.columns.length !== types.length) {
          fail(headLine, `wrong column count: got ${r.columns.length}, type string "${types}"\n  ${sql}`);
          continue;
        }
        let rows = r.rows.map((row) => row.map((v, c) => sltValue(v, types[c] ?? "T", r.types[c] ?? "X")));
        let values: string[];
        if (sortMode === "rowsort") {
          rows = rows.sort((a, b) => { for (let c = 0; c < a.length; c++) { const x = strcmp(a[c]!, b[c]!); if (x) return x; } return 0; });
          values = rows.flat();
        } else if (sortMode === "valuesort") values = rows.flat().sort(strcmp);
        else values = rows.flat();
        const hash = createHash("md5").update(values.map((v) => v + "\n").join("")).digest("hex");
        const summary = `${values.length} values hashing to ${hash}`;
        let okk: boolean;
        if (expected.length === 1 && /^\d+ values hashing to [0-9a-f]{32}$/.test(expected[0]!.trim())) okk = expected[0]!.trim() === summary;
        else if (threshold > 0 && values.length > threshold) okk = expected.length === 1 && expected[0]!.trim() === summary;
        else {
          const flat = expected.map((e) => e.trim());
          okk = flat.length === values.length && flat.every((v, j) => v === values[j]);
          if (!okk && expected.length === rows.length && rows.length) {
            // some scripts print one row per line, values separated by spaces
            okk = expected.every((e, j) => e.trim() === rows[j]!.join(" "));
          }
        }
        if (okk && label !== undefined) {
          const prev = labels.get(label);
          if (prev !== undefined && prev !== summary) okk = false;
          labels.set(label, summary);
        }
        if (okk) res.passed++;
        else fail(headLine, `query result mismatch\n  ${sql}\n  expected: ${expected.slice(0, 12).join(" | ")}\n  got:      ${values.length > 12 ? summary : values.join(" | ")}`);
        continue;
      }
      default:
        fail(headLine, `unknown record type: ${head[0]}`);
    }
  }
  return finish();
  function finish(): SltResult {
    db.close();
    return res;
  }
}
