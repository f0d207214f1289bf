/** SQLite value semantics: storage classes, affinity, comparison, numeric conversion and text rendering. */

/** A value as stored and returned: integer/real numbers (bigint beyond 2^53), text, null; booleans are accepted on input. */
export type SqlValue = number | bigint | string | boolean | null;

/** Column affinity (SQLite §3.1). */
export type Affinity = "INTEGER" | "REAL" | "NUMERIC" | "TEXT" | "BLOB";

/** Static result type of an expression: I integer, R real, T text, N null, X unknown (decided at run time). */
export type SType = "I" | "R" | "T" | "N" | "X";

/** Affinity of a declared column type, by SQLite's five rules. */
export function affinityOf(type: string): Affinity {
  const t = type.toUpperCase();
  if (t.includes("INT")) return "INTEGER";
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) return "TEXT";
  if (t.includes("BLOB") || t === "") return "BLOB";
  if (t.includes("REAL") || t.includes("FLOA") || t.includes("DOUB")) return "REAL";
  return "NUMERIC";
}

const NUM_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const INT_RE = /^\s*[+-]?\d+\s*$/;
const PREFIX_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

function intFromText(s: string): number | bigint {
  const n = Number(s);
  if (Number.isSafeInteger(n)) return n;
  const b = BigInt(s.trim());
  if (b > 9223372036854775807n || b < -9223372036854775808n) return n;
  return b;
}

/** The numeric value of well-formed numeric text, or undefined. */
export function textAsNumber(s: string): number | bigint | undefined {
  if (!NUM_RE.test(s)) return undefined;
  if (INT_RE.test(s)) return intFromText(s);
  return Number(s);
}

/** Applies a column affinity to a value being stored. */
export function applyAffinity(v: SqlValue, aff: Affinity): SqlValue {
  if (typeof v === "boolean") v = v ? 1 : 0;
  switch (aff) {
    case "INTEGER":
    case "NUMERIC":
      if (typeof v === "string") {
        const n = textAsNumber(v);
        if (n === undefined) return v;
        if (typeof n === "number" && !Number.isInteger(n)) return n;
        return n;
      }
      if (typeof v === "bigint") return normBig(v);
      return v;
    case "REAL":
      if (typeof v === "string") {
        const n = textAsNumber(v);
        return n === undefined ? v : Number(n);
      }
      if (typeof v === "bigint") return Number(v);
      return v;
    case "TEXT":
      if (typeof v === "number" || typeof v === "bigint") return numText(v, false);
      return v;
    default:
      return typeof v === "bigint" ? normBig(v) : v;
  }
}

/** A bigint inside the safe range becomes a number. */
export function normBig(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/** Renders a number as SQLite does: integers plainly, reals as SQLite's `%!.17g` (see realText). */
export function numText(v: number | bigint, real: boolean): string {
  if (typeof v === "bigint") return v.toString();
  if (!real && Number.isInteger(v) && Math.abs(v) <= 9007199254740992) return String(v);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NULL" : v > 0 ? "Inf" : "-Inf";
  return realText(v);
}

/**
 * A REAL as text the way SQLite 3.5x renders it: 18 significant digits are rounded to 17, unless the digits show a
 * run of 0s or 9s at positions 14-16 (or the value is integral) and a shorter number reads back as the same
 * double; then that shorter form is used. So 0.1 + 0.2 gives 0.30000000000000004, 1/3.0 gives 0.33333333333333332
 * (double rounding), 2.2 gives 2.2. Exponent form below 1e-4 and from 1e17, always a digit after the point.
 */
function realText(v: number): string {
  if (v === 0) return "0.0";
  const a = Math.abs(v);
  const [m, e] = a.toExponential(17).split("e") as [string, string];
  const z = m.replace(".", "");
  const n = 18;
  let iDP = Number(e) + 1;
  let iRound = 17;
  if (z[15] === "9" && z[14] === "9") {
    let jj = 14;
    while (jj > 0 && z[jj - 1] === "9") jj--;
    const v2 = jj === 0 ? 1n : BigInt(z.slice(0, jj)) + 1n;
    if (Number(`${v2}e${iDP - jj}`) === a) iRound = jj + 1;
  } else if (iDP >= n || (z[15] === "0" && z[14] === "0" && z[13] === "0")) {
    let jj = 13;
    while (jj > 0 && z[jj - 1] === "0") jj--;
    if (jj > 0 && Number(`${z.slice(0, jj)}e${iDP - jj}`) === a) iRound = jj + 1;
  }
  const d = z.slice(0, iRound).split("").map(Number);
  if (z.charCodeAt(iRound) >= 53) {
    let j = iRound - 1;
    for (;;) {
      d[j]!++;
      if (d[j]! <= 9) break;
      d[j] = 0;
      if (j === 0) { d.unshift(1); iDP++; break; }
      j--;
    }
  }
  let digits = d.join("").replace(/0+$/, "");
  if (digits === "") digits = "0";
  const sign = v < 0 ? "-" : "";
  const exp10 = iDP - 1;
  if (exp10 < -4 || exp10 > 16) {
    const ee = Math.abs(exp10);
    return `${sign}${digits[0]}.${digits.slice(1) || "0"}e${exp10 < 0 ? "-" : "+"}${ee < 10 ? "0" + ee : ee}`;
  }
  if (iDP <= 0) return `${sign}0.${"0".repeat(-iDP)}${digits}`;
  const int = digits.slice(0, iDP).padEnd(iDP, "0");
  return `${sign}${int}.${digits.slice(iDP) || "0"}`;
}

/** Text of a value (NULL stays null). `real` marks a number of static REAL type. */
export function toText(v: SqlValue, real = false): string | null {
  if (v === null) return null;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "1" : "0";
  return numText(v, real);
}

/** Numeric value for arithmetic: text converts by its longest numeric prefix (0 if none). */
export function toNum(v: SqlValue): number | bigint | null {
  if (typeof v === "number" || v === null) return v;
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const m = PREFIX_RE.exec(v);
  if (!m) return 0;
  const s = m[0];
  if (INT_RE.test(s)) return intFromText(s);
  return Number(s);
}

/** Whether a numeric value is an integer (reals carry static type R; unknown numbers decide by integrality). */
export function isIntVal(v: number | bigint): boolean {
  return typeof v === "bigint" || Number.isInteger(v);
}

/** Truth value: NULL → null, numbers non-zero, text by numeric prefix. */
export function truth(v: SqlValue): boolean | null {
  if (v === null) return null;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "boolean") return v;
  if (typeof v === "bigint") return v !== 0n;
  const n = toNum(v);
  return n !== 0 && n !== 0n;
}

function rank(v: SqlValue): number {
  if (v === null) return 0;
  const t = typeof v;
  if (t === "number" || t === "bigint" || t === "boolean") return 1;
  return 2;
}

/** Total order of SQLite values: NULL < numbers < text (BINARY collation). */
export function compare(a: SqlValue, b: SqlValue): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 1) {
    const x = typeof a === "boolean" ? (a ? 1 : 0) : (a as number | bigint);
    const y = typeof b === "boolean" ? (b ? 1 : 0) : (b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return 0;
}

/** A hashable key that keeps SQLite's type distinctions (1 and '1' differ; 1 and 1.0 are equal). */
export function keyOf(v: SqlValue): number | string | null {
  if (typeof v === "number" || v === null) return v;
  if (typeof v === "string") return "s" + v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return "b" + v.toString();
}

/** The key of several values. */
export function keyOfMany(vs: SqlValue[]): string {
  let s = "";
  for (const v of vs) {
    if (v === null) s += "\u0000n";
    else if (typeof v === "number") s += "\u0000" + v;
    else if (typeof v === "string") s += "\u0000s" + v;
    else s += "\u0000" + String(keyOf(v));
  }
  return s;
}

/** SQLite's CAST. */
export function castTo(v: SqlValue, type: string): SqlValue {
  if (v === null) return null;
  const aff = affinityOf(type);
  switch (aff) {
    case "INTEGER": {
      const n = typeof v === "string" ? toNum(v) : typeof v === "boolean" ? (v ? 1 : 0) : v;
      if (n === null) return null;
      if (typeof n === "bigint") return normBig(n);
      if (!Number.isFinite(n)) return n > 0 ? 9223372036854775807n : -9223372036854775808n;
      const t = Math.trunc(n);
      if (Number.isSafeInteger(t)) return t === 0 ? 0 : t;
      if (t >= 9223372036854775807) return 9223372036854775807n;
      if (t <= -9223372036854775808) return -9223372036854775808n;
      return BigInt(t);
    }
    case "REAL": {
      const n = toNum(v);
      return n === null ? null : Number(n);
    }
    case "TEXT":
      return toText(v);
    case "NUMERIC": {
      if (typeof v === "string") {
        const n = toNum(v);
        return n;
      }
      return typeof v === "boolean" ? (v ? 1 : 0) : v;
    }
    default:
      return v;
  }
}
