/**
 * Git's line diff and its unified format: `diffLines` gives the edit script
 * of Git's default algorithm (see xdiff.ts), `unifiedDiff` the hunks that
 * `git diff` prints — same hunk grouping (context 3, hunks whose contexts
 * touch are merged), same `@@ -l,s +l,s @@ <funcname>` headers with xdiff's
 * default funcname rule, same "\ No newline at end of file" markers.
 */
import { type Change, binaryToBytes, bytesToBinary, splitRecords, xdiff } from "./xdiff.ts";

/**
 * A run of lines: `equal` (in both), `delete` (only in a) or `insert` (only
 * in b). `aIndex`/`bIndex` are 0-based positions in a and b where the run
 * starts (for an insert, aIndex is where it goes in a; for a delete, bIndex
 * where it was in b). Runs cover both sides in order.
 */
export type Edit = { op: "equal" | "delete" | "insert"; aIndex: number; bIndex: number; count: number };

/** Options of unifiedDiff. */
export type UnifiedDiffOptions = { oldPath: string; newPath: string; context?: number; algorithm?: "myers" | "histogram" | "patience"; indentHeuristic?: boolean; minimal?: boolean };

/**
 * The edit script between two line arrays, as Git's default diff (Myers with
 * xdiff's heuristics and the indent heuristic) computes it. Lines compare by
 * string equality; give them with or without their newlines, consistently.
 */
export function diffLines(a: string[], b: string[]): Edit[] {
  const { script } = xdiff(a, b, { indentHeuristic: true });
  const edits: Edit[] = [];
  let i1 = 0;
  let i2 = 0;
  for (const c of script) {
    if (c.i1 > i1) edits.push({ op: "equal", aIndex: i1, bIndex: i2, count: c.i1 - i1 });
    if (c.chg1 > 0) edits.push({ op: "delete", aIndex: c.i1, bIndex: c.i2, count: c.chg1 });
    if (c.chg2 > 0) edits.push({ op: "insert", aIndex: c.i1 + c.chg1, bIndex: c.i2, count: c.chg2 });
    i1 = c.i1 + c.chg1;
    i2 = c.i2 + c.chg2;
  }
  if (i1 < a.length) edits.push({ op: "equal", aIndex: i1, bIndex: i2, count: a.length - i1 });
  return edits;
}

/** Git's binary heuristic (buffer_is_binary): a NUL byte in the first 8000 bytes. */
export function isBinary(data: Uint8Array): boolean {
  const n = Math.min(data.length, 8000);
  for (let i = 0; i < n; i++) if (data[i] === 0) return true;
  return false;
}

/**
 * The hunks of `git diff` between two file contents, as text ("" when they
 * are equal): header lines and `diff --git`/`---`/`+++` are the caller's.
 * Bytes that are not UTF-8 are replaced on decoding; use unifiedDiffBytes to
 * print them exactly.
 */
export function unifiedDiff(oldText: Uint8Array, newText: Uint8Array, options: UnifiedDiffOptions): string {
  return Buffer.from(unifiedDiffBytes(oldText, newText, options)).toString("utf8");
}

/** unifiedDiff as the exact bytes Git prints. */
export function unifiedDiffBytes(oldText: Uint8Array, newText: Uint8Array, options: UnifiedDiffOptions): Uint8Array {
  const ctx = options.context ?? 3;
  let a = bytesToBinary(oldText);
  let b = bytesToBinary(newText);
  if (ctx === 0) [a, b] = trimCommonTail(a, b);
  const r1 = splitRecords(a);
  const r2 = splitRecords(b);
  const { script } = xdiff(r1, r2, { algorithm: options.algorithm ?? "myers", indentHeuristic: options.indentHeuristic ?? true, minimal: options.minimal === true });
  if (script.length === 0) return new Uint8Array(0);
  return binaryToBytes(emit(r1, r2, script, ctx));
}

/** xdi_diff's trim_common_tail (only used without context): drop equal 1 KiB blocks at the end, keeping whole lines. */
function trimCommonTail(a: string, b: string): [string, string] {
  const blk = 1024;
  const smaller = Math.min(a.length, b.length);
  let trimmed = 0;
  while (blk + trimmed <= smaller && a.slice(a.length - trimmed - blk, a.length - trimmed) === b.slice(b.length - trimmed - blk, b.length - trimmed)) trimmed += blk;
  let recovered = 0;
  const ap = a.length - trimmed;
  while (recovered < trimmed) if (a.charCodeAt(ap + recovered++) === 10) break;
  const cut = trimmed - recovered;
  return [a.slice(0, a.length - cut), b.slice(0, b.length - cut)];
}

const NO_NEWLINE = "\n\\ No newline at end of file\n";

/** xdl_emit_diffrec: prefix + record, with the marker when the record has no newline. */
function record(out: string[], pre: string, rec: string): void {
  out.push(pre, rec);
  if (rec.length > 0 && rec.charCodeAt(rec.length - 1) !== 10) out.push(NO_NEWLINE);
}

/** def_ff: a line starting with a letter, '_' or '$' names the function; at most 80 bytes, trailing space trimmed. */
function funcName(rec: string): string | undefined {
  const c = rec.charCodeAt(0);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36)) return undefined;
  let len = Math.min(rec.length, 80);
  while (len > 0) {
    const t = rec.charCodeAt(len - 1);
    if (t !== 32 && t !== 9 && t !== 10 && t !== 13) break;
    len--;
  }
  return rec.slice(0, len);
}

/** One hunk of a unified diff: changes script[h..e], lines [s1, e1) of a and [s2, e2) of b, `trailing` lines of context after the last change. */
export interface HunkSpan {
  h: number;
  e: number;
  s1: number;
  e1: number;
  s2: number;
  e2: number;
  trailing: number;
}

/** xdl_get_hunk's grouping: changes whose gap is at most 2 * ctx share a hunk, with up to ctx lines of context around it. */
export function hunkSpans(script: Change[], n1: number, n2: number, ctx: number): HunkSpan[] {
  const spans: HunkSpan[] = [];
  for (let h = 0; h < script.length; ) {
    let e = h;
    while (e + 1 < script.length && script[e + 1]!.i1 - (script[e]!.i1 + script[e]!.chg1) <= 2 * ctx) e++;
    const first = script[h]!;
    const last = script[e]!;
    const trailing = Math.min(ctx, n1 - (last.i1 + last.chg1), n2 - (last.i2 + last.chg2));
    spans.push({ h, e, s1: Math.max(first.i1 - ctx, 0), e1: last.i1 + last.chg1 + trailing, s2: Math.max(first.i2 - ctx, 0), e2: last.i2 + last.chg2 + trailing, trailing });
    h = e + 1;
  }
  return spans;
}

/** xdl_emit_diff for git's default configuration (ctxlen, no inter-hunk context, funcnames on). */
function emit(r1: string[], r2: string[], script: Change[], ctx: number): string {
  const out: string[] = [];
  const n1 = r1.length;
  let funcPrev = -1;
  let func = "";
  for (const { h, e, s1, e1, s2: start2, e2 } of hunkSpans(script, n1, r2.length, ctx)) {
    const first = script[h]!;
    const last = script[e]!;
    let s2 = start2;
    for (let l = s1 - 1; l !== funcPrev && l >= 0 && l < n1; l--) {
      const f = funcName(r1[l]!);
      if (f !== undefined) {
        func = f;
        break;
      }
    }
    funcPrev = s1 - 1;
    out.push(hunkHeader(s1 + 1, e1 - s1, s2 + 1, e2 - s2, func));
    for (; s2 < first.i2; s2++) record(out, " ", r2[s2]!);
    let p1 = first.i1;
    let p2 = first.i2;
    for (let k = h; k <= e; k++) {
      const c = script[k]!;
      for (; p1 < c.i1 && p2 < c.i2; p1++, p2++) record(out, " ", r2[p2]!);
      for (let i = c.i1; i < c.i1 + c.chg1; i++) record(out, "-", r1[i]!);
      for (let i = c.i2; i < c.i2 + c.chg2; i++) record(out, "+", r2[i]!);
      p1 = c.i1 + c.chg1;
      p2 = c.i2 + c.chg2;
    }
    for (let i = last.i2 + last.chg2; i < e2; i++) record(out, " ", r2[i]!);
  }
  return out.join("");
}

/** xdl_format_hunk_hdr as diff.c prints it: a count of 1 is omitted, the line is cut at invalid UTF-8 and completed. */
function hunkHeader(s1: number, c1: number, s2: number, c2: number, func: string): string {
  let line = `@@ -${c1 ? s1 : s1 - 1}${c1 !== 1 ? `,${c1}` : ""} +${c2 ? s2 : s2 - 1}${c2 !== 1 ? `,${c2}` : ""} @@`;
  if (func.length > 0) {
    const room = 128 - (line.length + 1) - 1;
    line += ` ${func.slice(0, room)}`;
  }
  return `${line.slice(0, validUtf8Prefix(line))}\n`;
}

/** Length of the longest prefix that git's utf8_width walks without finding an invalid sequence. */
function validUtf8Prefix(s: string): number {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    const at = (k: number) => (i + k < n ? s.charCodeAt(i + k) : -1);
    const cont = (k: number) => (at(k) & 0xc0) === 0x80 && at(k) >= 0;
    let len: number;
    if (c < 0x80) len = 1;
    else if ((c & 0xe0) === 0xc0) {
      if (!cont(1) || (c & 0xfe) === 0xc0) return i;
      len = 2;
    } else if ((c & 0xf0) === 0xe0) {
      if (!cont(1) || !cont(2) || (c === 0xe0 && (at(1) & 0xe0) === 0x80) || (c === 0xed && (at(1) & 0xe0) === 0xa0) || (c === 0xef && at(1) === 0xbf && (at(2) & 0xfe) === 0xbe)) return i;
      len = 3;
    } else if ((c & 0xf8) === 0xf0) {
      if (!cont(1) || !cont(2) || !cont(3) || (c === 0xf0 && (at(1) & 0xf0) === 0x80) || (c === 0xf4 && at(1) > 0x8f) || c > 0xf4) return i;
      len = 4;
    } else return i;
    i += len;
  }
  return n;
}
