/**
 * xdiff's histogram diff (xhistogram.c, from JGit): find the longest common
 * run built from the rarest lines, recurse on both sides of it, and fall
 * back to Myers where every common line is too frequent (more than 64
 * occurrences). Lines are 1-based here as in the C code; `changed` arrays
 * use the engine's layout (line l of a side is changed[l]).
 */

const MAX_CHAIN_LENGTH = 64;

type Region = { begin1: number; end1: number; begin2: number; end2: number };

const emptyRegion = (): Region => ({ begin1: 0, end1: 0, begin2: 0, end2: 0 });

/** Callback running Myers on a sub-range (xdl_fall_back_diff); it marks the changed lines itself. */
export type FallBack = (line1: number, count1: number, line2: number, count2: number) => void;

/** Marks `count` lines from `line` as changed. */
export function markChanged(ch: Uint8Array, line: number, count: number): void {
  ch.fill(1, line, line + Math.max(count, 0));
}

/** Handles a range with one empty side (everything on the other side changed); false when both sides have lines. */
export function oneSided(ch1: Uint8Array, ch2: Uint8Array, line1: number, count1: number, line2: number, count2: number): boolean {
  if (count1 > 0 && count2 > 0) return false;
  markChanged(ch1, line1, count1);
  markChanged(ch2, line2, count2);
  return true;
}

/** Marks the changed lines of c1[line1..] against c2[line2..] (histogram_diff). */
export function histogramDiff(c1: Int32Array, c2: Int32Array, ch1: Uint8Array, ch2: Uint8Array, fallBack: FallBack, line1: number, count1: number, line2: number, count2: number): void {
  for (;;) {
    if (oneSided(ch1, ch2, line1, count1, line2, count2)) return;
    const lcs = emptyRegion();
    if (findLcs(c1, c2, lcs, line1, count1, line2, count2)) {
      fallBack(line1, count1, line2, count2);
      return;
    }
    if (lcs.begin1 === 0 && lcs.begin2 === 0) {
      markChanged(ch1, line1, count1);
      markChanged(ch2, line2, count2);
      return;
    }
    histogramDiff(c1, c2, ch1, ch2, fallBack, line1, lcs.begin1 - line1, line2, lcs.begin2 - line2);
    const end1 = line1 + count1 - 1;
    const end2 = line2 + count2 - 1;
    count1 = end1 - lcs.end1;
    line1 = lcs.end1 + 1;
    count2 = end2 - lcs.end2;
    line2 = lcs.end2 + 1;
  }
}

/** find_lcs: true when the caller must fall back to Myers; otherwise `lcs` holds the region (zero when none). */
function findLcs(c1: Int32Array, c2: Int32Array, lcs: Region, line1: number, count1: number, line2: number, count2: number): boolean {
  const end1 = line1 + count1 - 1;
  const end2 = line2 + count2 - 1;
  // scanA: one record per distinct line of A (its first occurrence and count); occurrences chained in order.
  const first = new Map<number, number>();
  const cnt = new Map<number, number>();
  const next = new Int32Array(count1);
  for (let ptr = end1; ptr >= line1; ptr--) {
    const k = c1[ptr - 1]!;
    const at = first.get(k);
    if (at !== undefined) next[ptr - line1] = at;
    first.set(k, ptr);
    cnt.set(k, (cnt.get(k) ?? 0) + 1);
  }
  let maxCnt = MAX_CHAIN_LENGTH + 1;
  let hasCommon = false;
  const cntAt = (ptr: number) => cnt.get(c1[ptr - 1]!)!;
  for (let bPtr = line2; bPtr <= end2; ) {
    // try_lcs
    let bNext = bPtr + 1;
    const k = c2[bPtr - 1]!;
    const recPtr = first.get(k);
    if (recPtr !== undefined) {
      const recCnt = cnt.get(k)!;
      if (recCnt > maxCnt) hasCommon = true;
      else {
        let as = recPtr;
        hasCommon = true;
        for (;;) {
          let np = next[as - line1]!;
          let bs = bPtr;
          let ae = as;
          let be = bs;
          let rc = recCnt;
          while (line1 < as && line2 < bs && c1[as - 2] === c2[bs - 2]) {
            as--;
            bs--;
            if (1 < rc) rc = Math.min(rc, cntAt(as));
          }
          while (ae < end1 && be < end2 && c1[ae] === c2[be]) {
            ae++;
            be++;
            if (1 < rc) rc = Math.min(rc, cntAt(ae));
          }
          if (bNext <= be) bNext = be + 1;
          if (lcs.end1 - lcs.begin1 < ae - as || rc < maxCnt) {
            lcs.begin1 = as;
            lcs.begin2 = bs;
            lcs.end1 = ae;
            lcs.end2 = be;
            maxCnt = rc;
          }
          if (np === 0) break;
          while (np <= ae) {
            np = next[np - line1]!;
            if (np === 0) break;
          }
          if (np === 0) break;
          as = np;
        }
      }
    }
    bPtr = bNext;
  }
  return hasCommon && MAX_CHAIN_LENGTH < maxCnt;
}
