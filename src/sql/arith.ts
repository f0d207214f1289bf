/** SQLite arithmetic: integer operations with overflow to real, real operations, division and modulo by zero give NULL. */
import type { Fn } from "./compile-expr.ts";
import { type SType, type SqlValue, normBig, toNum } from "./values.ts";

/** The largest 64-bit integer. */
export const INT_MAX = 9223372036854775807n;
/** The smallest 64-bit integer. */
export const INT_MIN = -9223372036854775808n;

function bigArith(op: string, a: bigint, b: bigint): SqlValue {
  let r: bigint;
  switch (op) {
    case "+": r = a + b; break;
    case "-": r = a - b; break;
    case "*": r = a * b; break;
    case "/": if (b === 0n) return null; if (a === INT_MIN && b === -1n) return Number(a) / -1; r = a / b; break;
    default: if (b === 0n) return null; r = a % b; break;
  }
  if (r > INT_MAX || r < INT_MIN) return Number(a) + (op === "+" ? Number(b) : op === "-" ? -Number(b) : 0) || Number(r);
  return normBig(r);
}

/** Integer arithmetic with SQLite's overflow-to-real and division/modulo by zero → NULL. */
export function intOp(op: string, a: number | bigint, b: number | bigint): SqlValue {
  if (typeof a === "number" && typeof b === "number") {
    let r: number;
    switch (op) {
      case "+": r = a + b; break;
      case "-": r = a - b; break;
      case "*": r = a * b; break;
      case "/": if (b === 0) return null; r = Math.trunc(a / b); break;
      default: if (b === 0) return null; r = a % b; break;
    }
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
    if (op === "/" || op === "%") return r;
  }
  return bigArith(op, BigInt(a), BigInt(b));
}

/** Real arithmetic (division by zero → NULL). */
export function realOp(op: string, a: number, b: number): SqlValue {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/": return b === 0 ? null : a / b;
    default: {
      const x = Math.trunc(a), y = Math.trunc(b);
      if (y === 0) return null;
      return x % y;
    }
  }
}

/** A closure computing `l op r` for static operand types. */
export function arith(op: string, l: Fn, r: Fn, lt: SType, rt: SType): Fn {
  const real = lt === "R" || rt === "R";
  if (lt === "I" && rt === "I" || (lt !== "T" && rt !== "T" && !real)) {
    // numbers of unknown integrality decide per value
    if (op === "+") return (row, env) => {
      const a = l(row, env); if (a === null) return null;
      const b = r(row, env); if (b === null) return null;
      if (typeof a === "number" && typeof b === "number") {
        const s = a + b;
        if (Number.isSafeInteger(s) || !Number.isInteger(a) || !Number.isInteger(b)) return s;
      }
      return dyn(op, a, b);
    };
    if (op === "*") return (row, env) => {
      const a = l(row, env); if (a === null) return null;
      const b = r(row, env); if (b === null) return null;
      if (typeof a === "number" && typeof b === "number") {
        const s = a * b;
        if (Number.isSafeInteger(s) || !Number.isInteger(a) || !Number.isInteger(b)) return s;
      }
      return dyn(op, a, b);
    };
    if (op === "-") return (row, env) => {
      const a = l(row, env); if (a === null) return null;
      const b = r(row, env); if (b === null) return null;
      if (typeof a === "number" && typeof b === "number") {
        const s = a - b;
        if (Number.isSafeInteger(s) || !Number.isInteger(a) || !Number.isInteger(b)) return s;
      }
      return dyn(op, a, b);
    };
    return (row, env) => {
      const a = l(row, env); if (a === null) return null;
      const b = r(row, env); if (b === null) return null;
      return dyn(op, a, b);
    };
  }
  if (real) {
    return (row, env) => {
      const a = l(row, env); if (a === null) return null;
      const b = r(row, env); if (b === null) return null;
      const x = typeof a === "number" ? a : Number(toNum(a));
      const y = typeof b === "number" ? b : Number(toNum(b));
      return realOp(op, x, y);
    };
  }
  return (row, env) => {
    const a = l(row, env); if (a === null) return null;
    const b = r(row, env); if (b === null) return null;
    return dyn(op, a, b);
  };
}

/** Arithmetic on values whose integrality is known only at run time. */
export function dyn(op: string, a: SqlValue, b: SqlValue): SqlValue {
  const x = typeof a === "number" ? a : toNum(a)!;
  const y = typeof b === "number" ? b : toNum(b)!;
  const xi = typeof x === "bigint" || Number.isInteger(x);
  const yi = typeof y === "bigint" || Number.isInteger(y);
  if (xi && yi) return intOp(op, x, y);
  return realOp(op, Number(x), Number(y));
}

