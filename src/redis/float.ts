/**
 * INCRBYFLOAT arithmetic as Redis does it on x86-64: both operands parsed to
 * 80-bit long double (64-bit significand), added with one rounding, printed
 * with "%.17Lf" minus trailing zeros. We emulate the long double exactly in
 * bigint (sig × 2^exp, round-half-even), so 0.1 + 0.2 prints 0.3 and
 * -9223372036854775808 + 0.001 prints -92233720368547758080, as Redis does.
 */
import { formatFloat, latin1 } from "./command.ts";

const DEC = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const SIG_BITS = 64n;

/** A binary float: value = sig × 2^exp (sig signed, |sig| < 2^64). */
interface LongDouble {
  sig: bigint;
  exp: bigint;
}

const abs = (n: bigint) => (n < 0n ? -n : n);
const bitLength = (n: bigint) => BigInt(abs(n).toString(2).length);

/** n / d rounded to nearest, ties to even (d > 0). */
function divRound(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = abs(n);
  let q = a / d;
  const r2 = (a % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) q++;
  return neg ? -q : q;
}

/** Rounds num / den (den > 0) to a 64-bit significand. */
function round64(num: bigint, den: bigint): LongDouble {
  if (num === 0n) return { sig: 0n, exp: 0n };
  let exp = bitLength(num) - bitLength(den) - SIG_BITS;
  for (;;) {
    const sig = exp >= 0n ? divRound(num, den << exp) : divRound(num << -exp, den);
    const bits = bitLength(sig);
    if (bits > SIG_BITS) exp++;
    else if (bits < SIG_BITS) exp--;
    else return { sig, exp };
  }
}

/** strtold for a decimal string; null for inf or exponents long double would not need. */
function parseLongDouble(s: string): LongDouble | null {
  const d = DEC.exec(s);
  if (!d || (d[2] === "" && (d[3] ?? "") === "")) return null;
  const frac = d[3] ?? "";
  const e10 = Number(d[4] ?? "0") - frac.length;
  if (Math.abs(e10) > 400) return null;
  let m = BigInt((d[2] || "0") + frac);
  if (d[1] === "-") m = -m;
  return e10 >= 0 ? round64(m * 10n ** BigInt(e10), 1n) : round64(m, 10n ** BigInt(-e10));
}

function add(a: LongDouble, b: LongDouble): LongDouble {
  const exp = a.exp < b.exp ? a.exp : b.exp;
  const sum = (a.sig << (a.exp - exp)) + (b.sig << (b.exp - exp));
  return exp >= 0n ? round64(sum << exp, 1n) : round64(sum, 1n << -exp);
}

/** printf("%.17Lf") with trailing zeros (and a bare '.') removed; "-0" becomes "0". */
function format(v: LongDouble): string {
  const scaled = v.exp >= 0n ? (v.sig << v.exp) * 10n ** 17n : divRound(v.sig * 10n ** 17n, 1n << -v.exp);
  const neg = scaled < 0n;
  const digits = abs(scaled).toString().padStart(18, "0");
  let text = `${digits.slice(0, -17)}.${digits.slice(-17)}`.replace(/0+$/, "").replace(/\.$/, "");
  if (neg && text !== "0") text = `-${text}`;
  return text;
}

/** old + by as Redis prints it; both already validated as floats (the numbers serve inf and exotic forms). */
export function addFloats(old: Uint8Array | undefined, by: Uint8Array, oldNum: number, byNum: number): string {
  const a = old === undefined ? { sig: 0n, exp: 0n } : parseLongDouble(latin1(old));
  const b = parseLongDouble(latin1(by));
  if (!a || !b) return formatFloat(oldNum + byNum);
  return format(add(a, b));
}
