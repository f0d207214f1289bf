/** Aggregate accumulators with SQLite's semantics (integer SUM overflow is an error; real sums use Kahan-Babuska-Neumaier). */
import { SqlError } from "./errors.ts";
import { type SType, type SqlValue, compare, keyOf, normBig, textAsNumber, toNum, toText } from "./values.ts";

/** One group's state for one aggregate. */
export interface Acc {
  step(v: SqlValue, sep?: SqlValue): void;
  final(): SqlValue;
}

class Count implements Acc {
  n = 0;
  step(v: SqlValue): void { if (v !== null) this.n++; }
  final(): SqlValue { return this.n; }
}
class CountStar implements Acc {
  n = 0;
  step(): void { this.n++; }
  final(): SqlValue { return this.n; }
}

const I64_MAX = 9223372036854775807n;

class Sum implements Acc {
  isInt = true;
  i = 0;
  big: bigint | undefined;
  r = 0;
  c = 0;
  n = 0;
  overflow = false;
  constructor(readonly mode: "sum" | "total" | "avg", readonly real: boolean) {}
  private addReal(x: number): void {
    const t = this.r + x;
    if (Math.abs(this.r) >= Math.abs(x)) this.c += this.r - t + x;
    else this.c += x - t + this.r;
    this.r = t;
  }
  step(v: SqlValue): void {
    if (v === null) return;
    let x: number | bigint;
    let isI: boolean;
    if (typeof v === "number") { x = v; isI = !this.real && Number.isInteger(v); }
    else if (typeof v === "bigint") { x = v; isI = true; }
    else if (typeof v === "string") {
      const n = textAsNumber(v);
      if (n !== undefined && !/[.eE]/.test(v)) { x = n; isI = true; } else { x = Number(toNum(v)); isI = false; }
    } else { x = v ? 1 : 0; isI = true; }
    this.n++;
    if (this.isInt && isI) {
      if (this.big === undefined && typeof x === "number") {
        const s = this.i + x;
        if (Number.isSafeInteger(s)) { this.i = s; this.addReal(x); return; }
        this.big = BigInt(this.i);
      }
      this.big = (this.big ?? BigInt(this.i)) + BigInt(x);
      if (this.big > I64_MAX || this.big < -I64_MAX - 1n) this.overflow = true;
      this.addReal(Number(x));
      return;
    }
    this.isInt = false;
    this.addReal(Number(x));
  }
  final(): SqlValue {
    if (this.mode === "total") return this.r + this.c;
    if (this.n === 0) return null;
    if (this.mode === "avg") {
      if (this.isInt) return this.big !== undefined ? Number(this.big) / this.n : this.i / this.n;
      return (this.r + this.c) / this.n;
    }
    if (this.isInt) {
      if (this.overflow) throw new SqlError("integer overflow", { code: "ERR_SQL_RUNTIME" });
      return this.big !== undefined ? normBig(this.big) : this.i;
    }
    return this.r + this.c;
  }
}

class MinMax implements Acc {
  v: SqlValue = null;
  constructor(readonly max: boolean) {}
  step(v: SqlValue): void {
    if (v === null) return;
    if (this.v === null) { this.v = v; return; }
    const c = typeof v === "number" && typeof this.v === "number" ? v - this.v : compare(v, this.v);
    if (this.max ? c > 0 : c < 0) this.v = v;
  }
  final(): SqlValue { return this.v; }
}

class GroupConcat implements Acc {
  s: string | null = null;
  constructor(readonly real: boolean) {}
  step(v: SqlValue, sep?: SqlValue): void {
    if (v === null) return;
    const t = toText(v, this.real)!;
    if (this.s === null) this.s = t;
    else this.s += (sep === undefined ? "," : sep === null ? "" : toText(sep)) + t;
  }
  final(): SqlValue { return this.s; }
}

class AnyValue implements Acc {
  v: SqlValue = null;
  step(v: SqlValue): void { this.v = v; }
  final(): SqlValue { return this.v; }
}

class Distinct implements Acc {
  seen = new Set<unknown>();
  constructor(readonly inner: Acc) {}
  step(v: SqlValue, sep?: SqlValue): void {
    if (v === null) return;
    const k = keyOf(v);
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.inner.step(v, sep);
  }
  final(): SqlValue { return this.inner.final(); }
}

/** A factory of accumulators for aggregate `name` over an argument of static type `t`. */
export function accFactory(name: string, star: boolean, distinct: boolean, t: SType): () => Acc {
  const real = t === "R";
  let base: () => Acc;
  switch (name) {
    case "count": base = star ? () => new CountStar() : () => new Count(); break;
    case "sum": base = () => new Sum("sum", real); break;
    case "total": base = () => new Sum("total", real); break;
    case "avg": base = () => new Sum("avg", real); break;
    case "min": base = () => new MinMax(false); break;
    case "max": base = () => new MinMax(true); break;
    case "group_concat": base = () => new GroupConcat(real); break;
    default: base = () => new AnyValue();
  }
  return distinct ? () => new Distinct(base()) : base;
}

export { keyOf };
