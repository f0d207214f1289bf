/**
 * Correctly rounded decimal → double for mantissas of up to 19 significant
 * digits, without allocating a string. Clinger's fast path when the mantissa
 * is exact (≤ 15 digits, |exponent| ≤ 22); otherwise the exact residual of a
 * double-double division (Dekker's TwoProduct) decides the rounding, and the
 * rare case that lands within 2^-41 ulp of a halfway point returns NaN so the
 * caller falls back to `Number()`.
 */

/** 10^0 … 10^22, all exact doubles. */
export const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter
const POW10_HI = POW10.map((p) => {
  const t = SPLIT * p;
  return t - (t - p);
});
const POW10_LO = POW10.map((p, k) => p - POW10_HI[k]!);
const NUDGE_UP = 1 + 2 ** -40;
const NUDGE_DOWN = 1 - 2 ** -40;

/**
 * The double nearest to (m·10^d2 + m2) / 10^k, where m < 10^15, d2 ≤ 4,
 * m2 < 10^d2 and k ≤ 22; NaN when too close to a tie to decide cheaply.
 */
export function exactQuotient(m: number, d2: number, m2: number, k: number): number {
  // w = m·10^d2 + m2 exactly, as the unevaluated sum wh + wl.
  const b = POW10[d2]!;
  const p = m * b;
  let t = SPLIT * m;
  const mh = t - (t - m);
  const ml = m - mh;
  const bh = POW10_HI[d2]!;
  const bl = POW10_LO[d2]!;
  const pe = mh * bh - p + mh * bl + ml * bh + ml * bl;
  const wh = p + m2;
  const bb = wh - p;
  const wl = pe + (p - (wh - bb) + (m2 - bb));
  let q: number;
  let d: number;
  if (k === 0) {
    q = wh;
    d = wl;
  } else {
    const P = POW10[k]!;
    q = wh / P;
    t = SPLIT * q;
    const qh = t - (t - q);
    const ql = q - qh;
    const h = q * P;
    const l = qh * POW10_HI[k]! - h + qh * POW10_LO[k]! + ql * POW10_HI[k]! + ql * POW10_LO[k]!;
    d = (wh - h - l + wl) / P;
  }
  const res = q + d;
  const z = q - res + d;
  const up = res + z * NUDGE_UP;
  return up === res + z * NUDGE_DOWN ? up : NaN;
}
