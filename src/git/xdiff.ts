/**
 * The xdiff engine: line diffs exactly as Git computes them, a TypeScript rendering of xdiff's
 * default (Myers) algorithm — record classification, discarding of lines
 * without matches (xprepare), the divide-and-conquer O(ND) split with its
 * cost heuristics (xdiffi), group sliding with the indent heuristic
 * (xdl_change_compact) and the edit script (xdl_build_script). diff.ts
 * formats its output; merge-file.ts runs it twice for a three-way merge.
 *
 * Text is handled as "binary strings": one char per byte (latin1), so byte
 * equality is string equality and the output can be turned back into the
 * exact bytes Git would print.
 */

/** One change of an edit script: lines [i1, i1+chg1) of the old side replaced by [i2, i2+chg2) of the new (xdchange_t). */
export type Change = { i1: number; chg1: number; i2: number; chg2: number };

/** Options of the diff engine: the algorithm (git's default "myers", "histogram" as merge-ort uses, or "patience") and diff.indentHeuristic. */
export type XdiffOptions = { algorithm?: "myers" | "histogram" | "patience"; indentHeuristic?: boolean; /** --minimal: Myers without its cost heuristics. */ minimal?: boolean };

/** The engine's view of one side: its records, their equivalence classes, and which records changed. */
export type XdFile = {
  recs: string[];
  cls: Int32Array;
  /** changed[i + 1] is 1 when record i is not part of the common subsequence; slots 0 and nrec + 1 are sentinels. */
  changed: Uint8Array;
};

import { histogramDiff } from "./xhistogram.ts";
import { patienceDiff } from "./xpatience.ts";

const XDL_MAX_COST_MIN = 256;
const XDL_HEUR_MIN_COST = 256;
const XDL_LINE_MAX = 0x7fffffff;
const XDL_SNAKE_CNT = 20;
const XDL_K_HEUR = 4;
const XDL_KPDIS_RUN = 4;
const XDL_MAX_EQLIMIT = 1024;
const XDL_SIMSCAN_WINDOW = 100;

/** xdl_bogosqrt: the power of two Git uses as a cheap square root. */
function bogosqrt(n: number): number {
  let i = 1;
  for (; n > 0; n = Math.floor(n / 4)) i *= 2;
  return i;
}

/** Splits a binary string into xdiff records: each line keeps its "\n"; a last line without one is a record too. */
export function splitRecords(text: string): string[] {
  const recs: string[] = [];
  let start = 0;
  const n = text.length;
  while (start < n) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? n : nl + 1;
    recs.push(text.slice(start, end));
    start = end;
  }
  return recs;
}

/** Bytes → binary string (one char per byte). */
export function bytesToBinary(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
}

/** Binary string → bytes. */
export function binaryToBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "latin1"));
}

type Side = { nrec: number; cls: Int32Array; changed: Uint8Array; rindex: Int32Array; ha: Int32Array; nreff: number };

/** xdl_cleanup_mmatch: whether a multi-match line sits in a run dominated by unmatched lines. */
function cleanMmatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
  if (i - s > XDL_SIMSCAN_WINDOW) s = i - XDL_SIMSCAN_WINDOW;
  if (e - i > XDL_SIMSCAN_WINDOW) e = i + XDL_SIMSCAN_WINDOW;
  let rdis0 = 0;
  let rpdis0 = 1;
  for (let r = 1; i - r >= s; r++) {
    const d = dis[i - r]!;
    if (d === 0) rdis0++;
    else if (d === 2) rpdis0++;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (let r = 1; i + r <= e; r++) {
    const d = dis[i + r]!;
    if (d === 0) rdis1++;
    else if (d === 2) rpdis1++;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * XDL_KPDIS_RUN < rpdis1 + rdis1;
}

/** xdl_prepare_env minus classification: trim common ends, discard lines that cannot match, build the reduced index. */
function prepare(c1: Int32Array, c2: Int32Array, nclass: number): [Side, Side] {
  const n1 = c1.length;
  const n2 = c2.length;
  const s1: Side = { nrec: n1, cls: c1, changed: new Uint8Array(n1 + 2), rindex: new Int32Array(n1 + 1), ha: new Int32Array(n1 + 1), nreff: 0 };
  const s2: Side = { nrec: n2, cls: c2, changed: new Uint8Array(n2 + 2), rindex: new Int32Array(n2 + 1), ha: new Int32Array(n2 + 1), nreff: 0 };
  // xdl_trim_ends
  const lim = Math.min(n1, n2);
  let i = 0;
  while (i < lim && c1[i] === c2[i]) i++;
  const dstart = i;
  let j = 0;
  while (j < lim - dstart && c1[n1 - 1 - j] === c2[n2 - 1 - j]) j++;
  const dend1 = n1 - j - 1;
  const dend2 = n2 - j - 1;
  // xdl_cleanup_records: occurrences are counted over the whole other file.
  const count1 = new Int32Array(nclass);
  const count2 = new Int32Array(nclass);
  for (let k = 0; k < n1; k++) count1[c1[k]!]!++;
  for (let k = 0; k < n2; k++) count2[c2[k]!]!++;
  const reduce = (s: Side, c: Int32Array, other: Int32Array, dend: number) => {
    const mlim = Math.min(bogosqrt(s.nrec), XDL_MAX_EQLIMIT);
    const dis = new Uint8Array(s.nrec + 1);
    for (let k = dstart; k <= dend; k++) {
      const nm = Math.min(other[c[k]!]!, mlim);
      dis[k] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
    }
    let nreff = 0;
    for (let k = dstart; k <= dend; k++) {
      if (dis[k] === 1 || (dis[k] === 2 && !cleanMmatch(dis, k, dstart, dend))) {
        s.rindex[nreff] = k;
        s.ha[nreff] = c[k]!;
        nreff++;
      } else s.changed[k + 1] = 1;
    }
    s.nreff = nreff;
  };
  reduce(s1, c1, count2, dend1);
  reduce(s2, c2, count1, dend2);
  return [s1, s2];
}

type Env = { mxcost: number; kv: Int32Array; fo: number; bo: number };

/** xdl_split: the middle snake of the box, or a heuristic cut when the search gets expensive. */
function split(a: Side, off1: number, lim1: number, b: Side, off2: number, lim2: number, needMin: boolean, env: Env, out: Int32Array): void {
  const { kv, fo, bo } = env;
  const h1 = a.ha;
  const h2 = b.ha;
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = (fmid - bmid) & 1;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  kv[fo + fmid] = off1;
  kv[bo + bmid] = lim1;
  for (let ec = 1; ; ec++) {
    let gotSnake = false;
    if (fmin > dmin) kv[fo + --fmin - 1] = -1;
    else ++fmin;
    if (fmax < dmax) kv[fo + ++fmax + 1] = -1;
    else --fmax;
    for (let d = fmax; d >= fmin; d -= 2) {
      let i1: number;
      if (kv[fo + d - 1]! >= kv[fo + d + 1]!) i1 = kv[fo + d - 1]! + 1;
      else i1 = kv[fo + d + 1]!;
      const prev1 = i1;
      let i2 = i1 - d;
      while (i1 < lim1 && i2 < lim2 && h1[i1] === h2[i2]) {
        i1++;
        i2++;
      }
      if (i1 - prev1 > XDL_SNAKE_CNT) gotSnake = true;
      kv[fo + d] = i1;
      if (odd && bmin <= d && d <= bmax && kv[bo + d]! <= i1) {
        out[0] = i1;
        out[1] = i2;
        out[2] = 1;
        out[3] = 1;
        return;
      }
    }
    if (bmin > dmin) kv[bo + --bmin - 1] = XDL_LINE_MAX;
    else ++bmin;
    if (bmax < dmax) kv[bo + ++bmax + 1] = XDL_LINE_MAX;
    else --bmax;
    for (let d = bmax; d >= bmin; d -= 2) {
      let i1: number;
      if (kv[bo + d - 1]! < kv[bo + d + 1]!) i1 = kv[bo + d - 1]!;
      else i1 = kv[bo + d + 1]! - 1;
      const prev1 = i1;
      let i2 = i1 - d;
      while (i1 > off1 && i2 > off2 && h1[i1 - 1] === h2[i2 - 1]) {
        i1--;
        i2--;
      }
      if (prev1 - i1 > XDL_SNAKE_CNT) gotSnake = true;
      kv[bo + d] = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= kv[fo + d]!) {
        out[0] = i1;
        out[1] = i2;
        out[2] = 1;
        out[3] = 1;
        return;
      }
    }
    if (needMin) continue;
    if (gotSnake && ec > XDL_HEUR_MIN_COST) {
      let best = 0;
      for (let d = fmax; d >= fmin; d -= 2) {
        const dd = d > fmid ? d - fmid : fmid - d;
        const i1 = kv[fo + d]!;
        const i2 = i1 - d;
        const v = i1 - off1 + (i2 - off2) - dd;
        if (v > XDL_K_HEUR * ec && v > best && off1 + XDL_SNAKE_CNT <= i1 && i1 < lim1 && off2 + XDL_SNAKE_CNT <= i2 && i2 < lim2) {
          for (let k = 1; h1[i1 - k] === h2[i2 - k]; k++) {
            if (k === XDL_SNAKE_CNT) {
              best = v;
              out[0] = i1;
              out[1] = i2;
              break;
            }
          }
        }
      }
      if (best > 0) {
        out[2] = 1;
        out[3] = 0;
        return;
      }
      best = 0;
      for (let d = bmax; d >= bmin; d -= 2) {
        const dd = d > bmid ? d - bmid : bmid - d;
        const i1 = kv[bo + d]!;
        const i2 = i1 - d;
        const v = lim1 - i1 + (lim2 - i2) - dd;
        if (v > XDL_K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - XDL_SNAKE_CNT && off2 < i2 && i2 <= lim2 - XDL_SNAKE_CNT) {
          for (let k = 0; h1[i1 + k] === h2[i2 + k]; k++) {
            if (k === XDL_SNAKE_CNT - 1) {
              best = v;
              out[0] = i1;
              out[1] = i2;
              break;
            }
          }
        }
      }
      if (best > 0) {
        out[2] = 0;
        out[3] = 1;
        return;
      }
    }
    if (ec >= env.mxcost) {
      let fbest = -1;
      let fbest1 = -1;
      for (let d = fmax; d >= fmin; d -= 2) {
        let i1 = Math.min(kv[fo + d]!, lim1);
        let i2 = i1 - d;
        if (lim2 < i2) {
          i1 = lim2 + d;
          i2 = lim2;
        }
        if (fbest < i1 + i2) {
          fbest = i1 + i2;
          fbest1 = i1;
        }
      }
      let bbest = XDL_LINE_MAX;
      let bbest1 = XDL_LINE_MAX;
      for (let d = bmax; d >= bmin; d -= 2) {
        let i1 = Math.max(off1, kv[bo + d]!);
        let i2 = i1 - d;
        if (i2 < off2) {
          i1 = off2 + d;
          i2 = off2;
        }
        if (i1 + i2 < bbest) {
          bbest = i1 + i2;
          bbest1 = i1;
        }
      }
      if (lim1 + lim2 - bbest < fbest - (off1 + off2)) {
        out[0] = fbest1;
        out[1] = fbest - fbest1;
        out[2] = 1;
        out[3] = 0;
      } else {
        out[0] = bbest1;
        out[1] = bbest - bbest1;
        out[2] = 0;
        out[3] = 1;
      }
      return;
    }
  }
}

/** xdl_recs_cmp with an explicit stack: marks the changed records of both sides. */
function recsCmp(a: Side, b: Side, needMin: boolean): void {
  const ndiags = a.nreff + b.nreff + 3;
  const env: Env = {
    mxcost: Math.max(bogosqrt(ndiags), XDL_MAX_COST_MIN),
    kv: new Int32Array(2 * ndiags + 2),
    fo: b.nreff + 1,
    bo: ndiags + b.nreff + 1,
  };
  const h1 = a.ha;
  const h2 = b.ha;
  const spl = new Int32Array(4);
  const stack: number[] = [0, a.nreff, 0, b.nreff, needMin ? 1 : 0];
  while (stack.length > 0) {
    const min = stack.pop()!;
    let lim2 = stack.pop()!;
    let off2 = stack.pop()!;
    let lim1 = stack.pop()!;
    let off1 = stack.pop()!;
    while (off1 < lim1 && off2 < lim2 && h1[off1] === h2[off2]) {
      off1++;
      off2++;
    }
    while (off1 < lim1 && off2 < lim2 && h1[lim1 - 1] === h2[lim2 - 1]) {
      lim1--;
      lim2--;
    }
    if (off1 === lim1) {
      for (; off2 < lim2; off2++) b.changed[b.rindex[off2]! + 1] = 1;
    } else if (off2 === lim2) {
      for (; off1 < lim1; off1++) a.changed[a.rindex[off1]! + 1] = 1;
    } else {
      split(a, off1, lim1, b, off2, lim2, min === 1, env, spl);
      const s1 = spl[0]!;
      const s2 = spl[1]!;
      stack.push(s1, lim1, s2, lim2, spl[3]!);
      stack.push(off1, s1, off2, s2, spl[2]!);
    }
  }
}

const MAX_INDENT = 200;
const MAX_BLANKS = 20;

/** Indentation of a record (tab = to the next multiple of 8), or -1 when it is blank. */
function getIndent(rec: string): number {
  let ret = 0;
  for (let i = 0; i < rec.length; i++) {
    const c = rec.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return ret;
    if (c === 32) ret += 1;
    else if (c === 9) ret += 8 - (ret % 8);
    if (ret >= MAX_INDENT) return MAX_INDENT;
  }
  return -1;
}

type Score = { effectiveIndent: number; penalty: number };

/** measure_split + score_add_split of the indent heuristic (weights from git's xdiffi.c). */
function scoreSplit(recs: string[], nrec: number, split: number, s: Score): void {
  let endOfFile = 0;
  let indent: number;
  if (split >= nrec) {
    endOfFile = 1;
    indent = -1;
  } else indent = getIndent(recs[split]!);
  let preBlank = 0;
  let preIndent = -1;
  for (let i = split - 1; i >= 0; i--) {
    preIndent = getIndent(recs[i]!);
    if (preIndent !== -1) break;
    preBlank += 1;
    if (preBlank === MAX_BLANKS) {
      preIndent = 0;
      break;
    }
  }
  let postBlank = 0;
  let postIndent = -1;
  for (let i = split + 1; i < nrec; i++) {
    postIndent = getIndent(recs[i]!);
    if (postIndent !== -1) break;
    postBlank += 1;
    if (postBlank === MAX_BLANKS) {
      postIndent = 0;
      break;
    }
  }
  if (preIndent === -1 && preBlank === 0) s.penalty += 1; // START_OF_FILE_PENALTY
  if (endOfFile) s.penalty += 21; // END_OF_FILE_PENALTY
  const postBlankAll = indent === -1 ? 1 + postBlank : 0;
  const totalBlank = preBlank + postBlankAll;
  s.penalty += -30 * totalBlank; // TOTAL_BLANK_WEIGHT
  s.penalty += 6 * postBlankAll; // POST_BLANK_WEIGHT
  const ind = indent !== -1 ? indent : postIndent;
  const anyBlanks = totalBlank !== 0;
  s.effectiveIndent += ind;
  if (ind === -1 || preIndent === -1) {
    // no adjustment
  } else if (ind > preIndent) {
    s.penalty += anyBlanks ? 10 : -4;
  } else if (ind === preIndent) {
    // no adjustment
  } else if (postIndent !== -1 && postIndent > ind) {
    s.penalty += anyBlanks ? 17 : 24;
  } else {
    s.penalty += anyBlanks ? 17 : 23;
  }
}

function scoreCmp(a: Score, b: Score): number {
  const cmp = (a.effectiveIndent > b.effectiveIndent ? 1 : 0) - (a.effectiveIndent < b.effectiveIndent ? 1 : 0);
  return 60 * cmp + (a.penalty - b.penalty);
}

/** xdl_change_compact: slide each group of changes to its canonical place, merging groups that touch. */
function changeCompact(recs: string[], x: Side, o: Side, indentHeuristic: boolean): void {
  const ch = x.changed;
  const och = o.changed;
  const cls = x.cls;
  const n = x.nrec;
  const on = o.nrec;
  // Groups as [start, end) with changed[] read through the +1 offset.
  let gs = 0;
  let ge = 0;
  while (ch[ge + 1]) ge++;
  let os = 0;
  let oe = 0;
  while (och[oe + 1]) oe++;
  const slideUp = (): boolean => {
    if (gs > 0 && cls[gs - 1] === cls[ge - 1]) {
      ch[--gs + 1] = 1;
      ch[--ge + 1] = 0;
      while (ch[gs]) gs--;
      return true;
    }
    return false;
  };
  const slideDown = (): boolean => {
    if (ge < n && cls[gs] === cls[ge]) {
      ch[gs++ + 1] = 0;
      ch[ge++ + 1] = 1;
      while (ch[ge + 1]) ge++;
      return true;
    }
    return false;
  };
  const oPrev = (): void => {
    if (os === 0) throw new Error("xdiff: group sync broken");
    oe = os - 1;
    for (os = oe; och[os]; os--);
  };
  const oNext = (): boolean => {
    if (oe === on) return false;
    os = oe + 1;
    for (oe = os; och[oe + 1]; oe++);
    return true;
  };
  for (;;) {
    if (ge !== gs) {
      let groupsize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupsize = ge - gs;
        endMatchingOther = -1;
        while (slideUp()) oPrev();
        earliestEnd = ge;
        if (oe > os) endMatchingOther = ge;
        while (slideDown()) {
          if (!oNext()) throw new Error("xdiff: group sync broken");
          if (oe > os) endMatchingOther = ge;
        }
      } while (groupsize !== ge - gs);
      if (ge === earliestEnd) {
        // no shifting was possible
      } else if (endMatchingOther !== -1) {
        while (oe === os) {
          slideUp();
          oPrev();
        }
      } else if (indentHeuristic) {
        let shift = earliestEnd;
        if (ge - groupsize - 1 > shift) shift = ge - groupsize - 1;
        if (ge - 100 > shift) shift = ge - 100;
        let bestShift = -1;
        const best: Score = { effectiveIndent: 0, penalty: 0 };
        for (; shift <= ge; shift++) {
          const score: Score = { effectiveIndent: 0, penalty: 0 };
          scoreSplit(recs, n, shift, score);
          scoreSplit(recs, n, shift - groupsize, score);
          if (bestShift === -1 || scoreCmp(score, best) <= 0) {
            best.effectiveIndent = score.effectiveIndent;
            best.penalty = score.penalty;
            bestShift = shift;
          }
        }
        while (ge > bestShift) {
          slideUp();
          oPrev();
        }
      }
    }
    // group_next on both sides
    if (ge === n) break;
    gs = ge + 1;
    for (ge = gs; ch[ge + 1]; ge++);
    if (!oNext()) throw new Error("xdiff: group sync broken");
  }
}

/** xdl_build_script: the list of changes, in order. */
function buildScript(a: Side, b: Side): Change[] {
  const c1 = a.changed;
  const c2 = b.changed;
  const out: Change[] = [];
  for (let i1 = a.nrec, i2 = b.nrec; i1 >= 0 || i2 >= 0; i1--, i2--) {
    if (c1[i1] || c2[i2]) {
      const l1 = i1;
      const l2 = i2;
      while (c1[i1]) i1--;
      while (c2[i2]) i2--;
      out.push({ i1, chg1: l1 - i1, i2, chg2: l2 - i2 });
    }
  }
  return out.reverse();
}

/** Equivalence classes of records (xdl_classify_record): equal strings get the same small integer. */
export function classify(r1: string[], r2: string[]): { c1: Int32Array; c2: Int32Array; nclass: number } {
  const map = new Map<string, number>();
  const one = (recs: string[]) => {
    const c = new Int32Array(recs.length);
    for (let i = 0; i < recs.length; i++) {
      const r = recs[i]!;
      let k = map.get(r);
      if (k === undefined) {
        k = map.size;
        map.set(r, k);
      }
      c[i] = k;
    }
    return c;
  };
  const c1 = one(r1);
  const c2 = one(r2);
  return { c1, c2, nclass: map.size };
}

/** Runs xdiff (xdl_do_diff + both xdl_change_compact passes + xdl_build_script) on two record lists. */
export function xdiff(r1: string[], r2: string[], options: XdiffOptions = {}): { a: XdFile; b: XdFile; script: Change[] } {
  const { c1, c2, nclass } = classify(r1, r2);
  let s1: Side;
  let s2: Side;
  if (options.algorithm === "histogram" || options.algorithm === "patience") {
    // No trimming or discarding for these (xdl_prepare_env skips xdl_optimize_ctxs).
    const none = new Int32Array(0);
    s1 = { nrec: c1.length, cls: c1, changed: new Uint8Array(c1.length + 2), rindex: none, ha: none, nreff: 0 };
    s2 = { nrec: c2.length, cls: c2, changed: new Uint8Array(c2.length + 2), rindex: none, ha: none, nreff: 0 };
    const fallBack = (line1: number, count1: number, line2: number, count2: number) => {
      const [f1, f2] = prepare(c1.subarray(line1 - 1, line1 - 1 + count1), c2.subarray(line2 - 1, line2 - 1 + count2), nclass);
      recsCmp(f1, f2, false);
      s1.changed.set(f1.changed.subarray(1, count1 + 1), line1);
      s2.changed.set(f2.changed.subarray(1, count2 + 1), line2);
    };
    const run = options.algorithm === "histogram" ? histogramDiff : patienceDiff;
    run(c1, c2, s1.changed, s2.changed, fallBack, 1, c1.length, 1, c2.length);
  } else {
    [s1, s2] = prepare(c1, c2, nclass);
    recsCmp(s1, s2, options.minimal === true);
  }
  const ih = options.indentHeuristic ?? false;
  changeCompact(r1, s1, s2, ih);
  changeCompact(r2, s2, s1, ih);
  return { a: { recs: r1, cls: c1, changed: s1.changed }, b: { recs: r2, cls: c2, changed: s2.changed }, script: buildScript(s1, s2) };
}
