/**
 * Glob matching for KEYS, SCAN MATCH and friends: Redis's stringmatchlen
 * (util.c), byte for byte — `*`, `?`, `[...]` with `^` and ranges, `\` escapes,
 * and its guard against exponential backtracking.
 */

const signed = (c: number | undefined) => (c === undefined ? 0 : (c << 24) >> 24);

function match(p: string, pi: number, s: string, si: number, skip: { longer: boolean }, nesting: number): boolean {
  if (nesting > 1000) return false;
  let plen = p.length - pi;
  let slen = s.length - si;
  while (plen > 0 && slen > 0) {
    const c = p.charCodeAt(pi);
    if (c === 42 /* * */) {
      while (plen > 1 && p.charCodeAt(pi + 1) === 42) pi++, plen--;
      if (plen === 1) return true;
      while (slen > 0) {
        if (match(p, pi + 1, s, si, skip, nesting + 1)) return true;
        if (skip.longer) return false;
        si++, slen--;
      }
      skip.longer = true;
      return false;
    } else if (c === 63 /* ? */) {
      si++, slen--;
    } else if (c === 91 /* [ */) {
      pi++, plen--;
      const not = p.charCodeAt(pi) === 94;
      if (not) pi++, plen--;
      let matched = false;
      const sc = s.charCodeAt(si);
      for (;;) {
        const pc = plen > 0 ? p.charCodeAt(pi) : undefined;
        if (pc === 92 && plen >= 2) {
          pi++, plen--;
          if (p.charCodeAt(pi) === sc) matched = true;
        } else if (pc === 93 /* ] */) {
          break;
        } else if (plen <= 0) {
          pi--, plen++;
          break;
        } else if (plen >= 3 && p.charCodeAt(pi + 1) === 45 /* - */) {
          let start = signed(pc);
          let end = signed(p.charCodeAt(pi + 2));
          const ch = signed(sc);
          if (start > end) [start, end] = [end, start];
          pi += 2, plen -= 2;
          if (ch >= start && ch <= end) matched = true;
        } else if (pc === sc) {
          matched = true;
        }
        pi++, plen--;
      }
      if (not) matched = !matched;
      if (!matched) return false;
      si++, slen--;
    } else {
      if (c === 92 && plen >= 2) pi++, plen--;
      if (p.charCodeAt(pi) !== s.charCodeAt(si)) return false;
      si++, slen--;
    }
    pi++, plen--;
    if (slen === 0) {
      while (plen > 0 && p.charCodeAt(pi) === 42) pi++, plen--;
      break;
    }
  }
  return plen === 0 && slen === 0;
}

/** Whether `s` matches the glob `pattern` (both latin1), exactly as Redis decides. */
export function globMatch(pattern: string, s: string): boolean {
  return match(pattern, 0, s, 0, { longer: false }, 0);
}
