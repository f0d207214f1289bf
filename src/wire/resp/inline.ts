/**
 * Inline (telnet) request splitting: Redis's sdssplitargs, byte for byte,
 * including its quoting rules ("…" with \xHH and \n-style escapes, '…' with \').
 */

const isSpace = (c: number | undefined) => c === 32 || (c !== undefined && c >= 9 && c <= 13);
const hex = (c: number | undefined) =>
  c === undefined ? -1 : c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
const ESC: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 97: 7 };

/** Splits one inline line into arguments; null when quotes are unbalanced. A NUL byte ends the line, as in C. */
export function splitInlineArgs(line: Uint8Array): Uint8Array[] | null {
  const nul = line.indexOf(0);
  const s = nul < 0 ? line : line.subarray(0, nul);
  const out: Uint8Array[] = [];
  let p = 0;
  const n = s.length;
  for (;;) {
    while (p < n && isSpace(s[p])) p++;
    if (p >= n) return out;
    let inq = false;
    let insq = false;
    let done = false;
    const cur: number[] = [];
    while (!done) {
      const c = s[p];
      if (inq) {
        if (c === 92 && s[p + 1] === 120 && hex(s[p + 2]) >= 0 && hex(s[p + 3]) >= 0) {
          cur.push(hex(s[p + 2]) * 16 + hex(s[p + 3]));
          p += 3;
        } else if (c === 92 && p + 1 < n) {
          p++;
          cur.push(ESC[s[p]!] ?? s[p]!);
        } else if (c === 34) {
          if (p + 1 < n && !isSpace(s[p + 1])) return null;
          done = true;
        } else if (c === undefined) {
          return null;
        } else {
          cur.push(c);
        }
      } else if (insq) {
        if (c === 92 && s[p + 1] === 39) {
          p++;
          cur.push(39);
        } else if (c === 39) {
          if (p + 1 < n && !isSpace(s[p + 1])) return null;
          done = true;
        } else if (c === undefined) {
          return null;
        } else {
          cur.push(c);
        }
      } else if (c === undefined || c === 32 || c === 10 || c === 13 || c === 9) {
        done = true;
      } else if (c === 34) {
        inq = true;
      } else if (c === 39) {
        insq = true;
      } else {
        cur.push(c);
      }
      if (p < n) p++;
    }
    out.push(Uint8Array.from(cur));
  }
}
