/**
 * Three-way file merge as Git does it (xdiff's xmerge.c): diff the base
 * against each side, walk both edit scripts, take non-overlapping changes,
 * merge identical ones, and turn the rest into conflicts that are then
 * refined (a diff of the two sides inside the conflict) and simplified
 * (conflicts separated by at most three lines are joined). Output and
 * conflict count equal `git merge-file -p`'s; with `level: "zealous"` and
 * `algorithm: "histogram"` they equal what `git merge` (ort) writes.
 */
import { type Change, type XdiffOptions, binaryToBytes, bytesToBinary, splitRecords, xdiff } from "./xdiff.ts";

/** Options of mergeFile. */
export type MergeFileOptions = {
  oursLabel: string;
  theirsLabel: string;
  /** Shown after `|||||||` in the diff3 styles. */
  baseLabel?: string;
  /** "merge" (default), "diff3" (base shown) or "zdiff3" (base shown, common ends moved out). */
  style?: "merge" | "diff3" | "zdiff3";
  /**
   * How hard conflicts are reduced: "minimal", "eager", "zealous" (git merge's ll-merge) or
   * "zealous-alnum" (default, git merge-file: lines without letters or digits between conflicts are absorbed).
   */
  level?: "minimal" | "eager" | "zealous" | "zealous-alnum";
  /** Conflict marker length (default 7). */
  markerSize?: number;
  /** Line diff algorithm: "myers" (default, git merge-file) or "histogram" (what git merge's ort strategy uses). */
  algorithm?: "myers" | "histogram" | "patience";
  /** Resolve conflicts instead of marking them: take our side, their side, or both (union). */
  favor?: "ours" | "theirs" | "union";
};

/** The merged text and the number of conflict regions in it (git merge-file's exit status). */
export type MergeFileResult = { text: Uint8Array; conflicts: number };

const FAVOR = { ours: 1, theirs: 2, union: 3 } as const;
const LEVELS = { minimal: 0, eager: 1, zealous: 2, "zealous-alnum": 3 } as const;

/** One region of the result (xdmerge_t): mode 0 conflict, 1 ours, 2 theirs, 4 identical change. */
type Region = { mode: number; i0: number; chg0: number; i1: number; chg1: number; i2: number; chg2: number };

type Sides = { base: string[]; ours: string[]; theirs: string[] };

/** Merges `ours` and `theirs`, both descended from `base`, like `git merge-file -p ours base theirs`. */
export function mergeFile(base: Uint8Array, ours: Uint8Array, theirs: Uint8Array, options: MergeFileOptions): MergeFileResult {
  const s: Sides = { base: splitRecords(bytesToBinary(base)), ours: splitRecords(bytesToBinary(ours)), theirs: splitRecords(bytesToBinary(theirs)) };
  const algo = { algorithm: options.algorithm ?? "myers" } as const;
  const x1 = xdiff(s.base, s.ours, algo).script;
  const x2 = xdiff(s.base, s.theirs, algo).script;
  if (x1.length === 0) return { text: theirs.slice(), conflicts: 0 };
  if (x2.length === 0) return { text: ours.slice(), conflicts: 0 };
  const style = options.style ?? "merge";
  let level: number = LEVELS[options.level ?? "zealous-alnum"];
  if (style !== "merge" && level > LEVELS.eager) level = LEVELS.eager;
  const regions = collect(s, x1, x2, level);
  if (style === "zdiff3") refineZdiff3(s, regions);
  else if (level >= LEVELS.zealous) {
    refineConflicts(s, regions, algo);
    simplifyNonConflicts(s, regions, level > LEVELS.zealous);
  }
  const favor = options.favor === undefined ? 0 : FAVOR[options.favor];
  if (favor) for (const r of regions) if (r.mode === 0) r.mode = favor;
  const text = fill(s, regions, options, style);
  return { text: binaryToBytes(text), conflicts: regions.filter((r) => r.mode === 0).length };
}

/** xdl_append_merge: extend the last region when the new one touches it, else start a new one. */
function append(list: Region[], mode: number, i0: number, chg0: number, i1: number, chg1: number, i2: number, chg2: number): void {
  const m = list[list.length - 1];
  if (m && (i1 <= m.i1 + m.chg1 || i2 <= m.i2 + m.chg2)) {
    if (mode !== m.mode) m.mode = 0;
    m.chg0 = i0 + chg0 - m.i0;
    m.chg1 = i1 + chg1 - m.i1;
    m.chg2 = i2 + chg2 - m.i2;
  } else list.push({ mode, i0, chg0, i1, chg1, i2, chg2 });
}

function sameLines(a: string[], i: number, b: string[], j: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/** The main loop of xdl_do_merge: one pass over both edit scripts. */
function collect(s: Sides, x1: Change[], x2: Change[], level: number): Region[] {
  const out: Region[] = [];
  let p = 0;
  let q = 0;
  while (p < x1.length && q < x2.length) {
    const c1 = x1[p]!;
    const c2 = x2[q]!;
    if (c1.i1 + c1.chg1 < c2.i1) {
      append(out, 1, c1.i1, c1.chg1, c1.i2, c1.chg2, c2.i2 - c2.i1 + c1.i1, c1.chg1);
      p++;
      continue;
    }
    if (c2.i1 + c2.chg1 < c1.i1) {
      append(out, 2, c2.i1, c2.chg1, c1.i2 - c1.i1 + c2.i1, c2.chg1, c2.i2, c2.chg2);
      q++;
      continue;
    }
    if (level === LEVELS.minimal || c1.i1 !== c2.i1 || c1.chg1 !== c2.chg1 || c1.chg2 !== c2.chg2 || !sameLines(s.ours, c1.i2, s.theirs, c2.i2, c1.chg2)) {
      const off = c1.i1 - c2.i1;
      const ffo = off + c1.chg1 - c2.chg1;
      let i0 = c1.i1;
      let i1 = c1.i2;
      let i2 = c2.i2;
      if (off > 0) {
        i0 -= off;
        i1 -= off;
      } else i2 += off;
      let chg0 = c1.i1 + c1.chg1 - i0;
      let chg1 = c1.i2 + c1.chg2 - i1;
      let chg2 = c2.i2 + c2.chg2 - i2;
      if (ffo < 0) {
        chg0 -= ffo;
        chg1 -= ffo;
      } else chg2 += ffo;
      append(out, 0, i0, chg0, i1, chg1, i2, chg2);
    }
    const e1 = c1.i1 + c1.chg1;
    const e2 = c2.i1 + c2.chg1;
    if (e1 >= e2) q++;
    if (e2 >= e1) p++;
  }
  const dOurs = s.ours.length - s.base.length;
  const dTheirs = s.theirs.length - s.base.length;
  for (; p < x1.length; p++) {
    const c = x1[p]!;
    append(out, 1, c.i1, c.chg1, c.i2, c.chg2, c.i1 + dTheirs, c.chg1);
  }
  for (; q < x2.length; q++) {
    const c = x2[q]!;
    append(out, 2, c.i1, c.chg1, c.i1 + dOurs, c.chg1, c.i2, c.chg2);
  }
  return out;
}

/** xdl_refine_conflicts: diff the two sides of each conflict and keep only the lines that really differ. */
function refineConflicts(s: Sides, regions: Region[], algo: XdiffOptions): void {
  for (let k = 0; k < regions.length; k++) {
    const m = regions[k]!;
    if (m.mode !== 0 || m.chg1 === 0 || m.chg2 === 0) continue;
    const { script } = xdiff(s.ours.slice(m.i1, m.i1 + m.chg1), s.theirs.slice(m.i2, m.i2 + m.chg2), algo);
    if (script.length === 0) {
      m.mode = 4;
      continue;
    }
    const i1 = m.i1;
    const i2 = m.i2;
    const parts = script.map((c) => ({ mode: 0, i0: m.i0, chg0: m.chg0, i1: c.i1 + i1, chg1: c.chg1, i2: c.i2 + i2, chg2: c.chg2 }));
    regions.splice(k, 1, ...parts);
    k += parts.length - 1;
  }
}

/** xdl_refine_zdiff3_conflicts: move lines common to both sides out of each conflict's ends. */
function refineZdiff3(s: Sides, regions: Region[]): void {
  for (const m of regions) {
    if (m.mode !== 0) continue;
    while (m.chg1 && m.chg2 && s.ours[m.i1] === s.theirs[m.i2]) {
      m.chg1--;
      m.chg2--;
      m.i1++;
      m.i2++;
    }
    while (m.chg1 && m.chg2 && s.ours[m.i1 + m.chg1 - 1] === s.theirs[m.i2 + m.chg2 - 1]) {
      m.chg1--;
      m.chg2--;
    }
  }
}

function hasAlnum(lines: string[], i: number, n: number): boolean {
  for (let k = i; k < i + n; k++) if (/[0-9A-Za-z]/.test(lines[k]!)) return true;
  return false;
}

/** xdl_simplify_non_conflicts: join conflicts separated by at most 3 lines (or by lines without alphanumerics). */
function simplifyNonConflicts(s: Sides, regions: Region[], ifNoAlnum: boolean): void {
  let k = 0;
  while (k + 1 < regions.length) {
    const m = regions[k]!;
    const next = regions[k + 1]!;
    const begin = m.i1 + m.chg1;
    const end = next.i1;
    if (m.mode !== 0 || next.mode !== 0 || (end - begin > 3 && (!ifNoAlnum || hasAlnum(s.ours, begin, end - begin)))) {
      k++;
    } else {
      m.chg1 = next.i1 + next.chg1 - m.i1;
      m.chg2 = next.i2 + next.chg2 - m.i2;
      regions.splice(k + 1, 1);
    }
  }
}

/** is_eol_crlf: 1 when line i ends in CRLF, 0 for LF, -1 when unknown. */
function eolCrlf(recs: string[], i: number): number {
  const n = recs.length;
  const crlf = (r: string) => (r.length > 1 && r.charCodeAt(r.length - 2) === 13 ? 1 : 0);
  if (i < n - 1) return crlf(recs[i]!);
  if (n === 0) return -1;
  const r = recs[i]!;
  if (r.length > 0 && r.charCodeAt(r.length - 1) === 10) return crlf(r);
  if (i === 0) return -1;
  return crlf(recs[i - 1]!);
}

function crNeeded(s: Sides, m: Region): boolean {
  let cr = eolCrlf(s.ours, m.i1 ? m.i1 - 1 : 0);
  if (cr) cr = eolCrlf(s.theirs, m.i2 ? m.i2 - 1 : 0);
  if (cr) cr = eolCrlf(s.base, 0);
  return cr > 0;
}

/** xdl_recs_copy: lines [i, i+count), completing the last one with a newline when addNl is set. */
function copy(out: string[], recs: string[], i: number, count: number, needsCr: boolean, addNl: boolean): void {
  if (count < 1) return;
  for (let k = i; k < i + count; k++) out.push(recs[k]!);
  if (addNl) {
    const last = recs[i + count - 1]!;
    if (last.length === 0 || last.charCodeAt(last.length - 1) !== 10) out.push(needsCr ? "\r\n" : "\n");
  }
}

/** xdl_fill_merge_buffer with fill_conflict_hunk. */
function fill(s: Sides, regions: Region[], o: MergeFileOptions, style: string): string {
  const size = o.markerSize && o.markerSize > 0 ? o.markerSize : 7;
  const out: string[] = [];
  const marker = (ch: string, label: string | undefined, cr: boolean) => {
    out.push(ch.repeat(size), label !== undefined ? ` ${bytesToBinary(new TextEncoder().encode(label))}` : "", cr ? "\r\n" : "\n");
  };
  let i = 0;
  for (const m of regions) {
    if (m.mode === 0) {
      const cr = crNeeded(s, m);
      copy(out, s.ours, i, m.i1 - i, false, false);
      marker("<", o.oursLabel, cr);
      copy(out, s.ours, m.i1, m.chg1, cr, true);
      if (style !== "merge") {
        marker("|", o.baseLabel, cr);
        copy(out, s.base, m.i0, m.chg0, cr, true);
      }
      marker("=", undefined, cr);
      copy(out, s.theirs, m.i2, m.chg2, cr, true);
      marker(">", o.theirsLabel, cr);
    } else if (m.mode & 3) {
      copy(out, s.ours, i, m.i1 - i, false, false);
      if (m.mode & 1) copy(out, s.ours, m.i1, m.chg1, crNeeded(s, m), (m.mode & 2) !== 0);
      if (m.mode & 2) copy(out, s.theirs, m.i2, m.chg2, false, false);
    } else continue;
    i = m.i1 + m.chg1;
  }
  copy(out, s.ours, i, s.ours.length - i, false, false);
  return out.join("");
}
