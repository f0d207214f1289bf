/** Scalar functions (SQLite semantics) and their static result types. */
import { SqlError } from "./errors.ts";
import { type SType, type SqlValue, compare, normBig, numText, toNum, toText } from "./values.ts";

/** A scalar function implementation over evaluated arguments; `types` are the static argument types. */
export type ScalarFn = (args: SqlValue[], types: SType[]) => SqlValue;

function text(v: SqlValue, t: SType): string | null {
  return toText(v, t === "R");
}

function round(args: SqlValue[]): SqlValue {
  const x = toNum(args[0]!);
  if (x === null) return null;
  let d = args.length > 1 ? toNum(args[1]!) : 0;
  if (d === null) return null;
  d = Math.max(0, Math.min(30, Math.trunc(Number(d))));
  const n = Number(x);
  if (d === 0) return n < 0 ? -Math.round(-n) : Math.round(n);
  // like SQLite, round the binary value (1.005 is 1.00499…, so round(1.005, 2) is 1.0)
  const r = Number(Math.abs(n).toFixed(d as number));
  return n < 0 ? -r : r;
}

function substr(args: SqlValue[], types: SType[]): SqlValue {
  const s = text(args[0]!, types[0]!);
  if (s === null) return null;
  const pv = toNum(args[1]!);
  if (pv === null) return null;
  let p = Number(pv);
  const chars = Array.from(s);
  const len = chars.length;
  let n: number;
  if (args.length > 2) {
    const nv = toNum(args[2]!);
    if (nv === null) return null;
    n = Number(nv);
  } else n = len + 1e9;
  // SQLite: positions 1-based; p<0 counts from the end; p==0 acts like a position before the first char
  if (p < 0) { p = len + p + 1; if (p < 1) { n += p - 1; p = 1; } }
  else if (p === 0) { p = 1; n -= 1; }
  if (n < 0) {
    const start = Math.max(1, p + n);
    n = p - start;
    p = start;
  }
  if (n <= 0) return "";
  return chars.slice(p - 1, p - 1 + n).join("");
}

function trimWith(s: string, chars: string, left: boolean, right: boolean): string {
  let a = 0;
  let b = s.length;
  if (left) while (a < b && chars.includes(s[a]!)) a++;
  if (right) while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function trimFn(left: boolean, right: boolean): ScalarFn {
  return (args, types) => {
    const s = text(args[0]!, types[0]!);
    if (s === null) return null;
    const cs = args.length > 1 ? text(args[1]!, types[1]!) : " ";
    if (cs === null) return null;
    return trimWith(s, cs, left, right);
  };
}

function abs(args: SqlValue[]): SqlValue {
  const v = args[0]!;
  if (v === null) return null;
  const n = typeof v === "string" ? toNum(v) : v;
  if (typeof n === "bigint") {
    if (n === -9223372036854775808n) throw new SqlError("integer overflow", { code: "ERR_SQL_RUNTIME" });
    return normBig(n < 0n ? -n : n);
  }
  if (typeof n === "boolean") return n ? 1 : 0;
  if (typeof v === "string") return Math.abs(Number(n));
  return Math.abs(n as number);
}

/** Scalar functions by lower-case name: implementation, arity range and static result type. */
export const SCALARS: Record<string, { fn: ScalarFn; min: number; max: number; type: (args: SType[]) => SType }> = {
  abs: { fn: abs, min: 1, max: 1, type: (a) => (a[0] === "I" || a[0] === "R" ? a[0] : a[0] === "T" ? "R" : "X") },
  length: {
    fn: (a, t) => {
      const v = a[0]!;
      if (v === null) return null;
      return Array.from(text(v, t[0]!)!).length;
    },
    min: 1, max: 1, type: () => "I",
  },
  upper: { fn: (a, t) => { const s = text(a[0]!, t[0]!); return s === null ? null : s.replace(/[a-z]+/g, (m) => m.toUpperCase()); }, min: 1, max: 1, type: () => "T" },
  lower: { fn: (a, t) => { const s = text(a[0]!, t[0]!); return s === null ? null : s.replace(/[A-Z]+/g, (m) => m.toLowerCase()); }, min: 1, max: 1, type: () => "T" },
  substr: { fn: substr, min: 2, max: 3, type: () => "T" },
  substring: { fn: substr, min: 2, max: 3, type: () => "T" },
  trim: { fn: trimFn(true, true), min: 1, max: 2, type: () => "T" },
  ltrim: { fn: trimFn(true, false), min: 1, max: 2, type: () => "T" },
  rtrim: { fn: trimFn(false, true), min: 1, max: 2, type: () => "T" },
  replace: {
    fn: (a, t) => {
      const s = text(a[0]!, t[0]!), f = text(a[1]!, t[1]!), r = text(a[2]!, t[2]!);
      if (s === null || f === null || r === null) return null;
      return f === "" ? s : s.split(f).join(r);
    },
    min: 3, max: 3, type: () => "T",
  },
  coalesce: { fn: (a) => { for (const v of a) if (v !== null) return v; return null; }, min: 2, max: 1000, type: commonType },
  ifnull: { fn: (a) => (a[0] !== null ? a[0]! : a[1]!), min: 2, max: 2, type: commonType },
  nullif: { fn: (a) => (a[0] !== null && a[1] !== null && compare(a[0]!, a[1]!) === 0 ? null : a[0]!), min: 2, max: 2, type: (a) => a[0]! },
  round: { fn: round, min: 1, max: 2, type: () => "R" },
  instr: {
    fn: (a, t) => {
      const s = text(a[0]!, t[0]!), f = text(a[1]!, t[1]!);
      if (s === null || f === null) return null;
      const i = s.indexOf(f);
      return i < 0 ? 0 : Array.from(s.slice(0, i)).length + 1;
    },
    min: 2, max: 2, type: () => "I",
  },
  typeof: {
    fn: (a, t) => {
      const v = a[0]!;
      if (v === null) return "null";
      if (typeof v === "string") return "text";
      if (typeof v === "bigint" || typeof v === "boolean") return "integer";
      return t[0] === "R" || !Number.isInteger(v) || Math.abs(v) > 9007199254740992 ? "real" : "integer";
    },
    min: 1, max: 1, type: () => "T",
  },
  min: { fn: (a) => { let m = a[0]!; for (const v of a) { if (v === null) return null; if (compare(v, m) < 0) m = v; } return m; }, min: 2, max: 1000, type: commonType },
  max: { fn: (a) => { let m = a[0]!; for (const v of a) { if (v === null) return null; if (compare(v, m) > 0) m = v; } return m; }, min: 2, max: 1000, type: commonType },
  hex: { fn: (a, t) => { const s = text(a[0]!, t[0]!); return s === null ? "" : Buffer.from(s, "utf8").toString("hex").toUpperCase(); }, min: 1, max: 1, type: () => "T" },
  sign: { fn: (a) => { const n = toNum(a[0]!); return n === null ? null : n > 0 ? 1 : n < 0 ? -1 : 0; }, min: 1, max: 1, type: () => "I" },
  quote: {
    fn: (a, t) => { const v = a[0]!; if (v === null) return "NULL"; if (typeof v === "string") return "'" + v.replace(/'/g, "''") + "'"; return numText(v as number, t[0] === "R"); },
    min: 1, max: 1, type: () => "T",
  },
};

function commonType(a: SType[]): SType {
  const ts = a.filter((t) => t !== "N");
  if (ts.length === 0) return "N";
  return ts.every((t) => t === ts[0]) ? ts[0]! : "X";
}

/** Names of the aggregate functions. */
export const AGGREGATES = new Set(["count", "sum", "avg", "min", "max", "total", "group_concat"]);
