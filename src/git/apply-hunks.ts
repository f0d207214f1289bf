/**
 * Applying the change between two versions of a text blob to a third, as
 * `git apply` applies the patch `git diff` would print for them: the hunks
 * of git's default diff (three lines of context, nearby hunks joined), each
 * placed where its preimage (context and removed lines) matches exactly,
 * searched outward from the line its header names (apply.c's find_pos: a
 * hunk at the start of the file must match there, one without trailing
 * context must match at the end, no fuzz).
 */
import { hunkSpans } from "./diff.ts";
import { binaryToBytes, bytesToBinary, splitRecords, xdiff } from "./xdiff.ts";

/** The result, or the failing hunk's old start line (git's "patch failed: <path>:<line>"). */
export type HunkApplication = { ok: true; result: Uint8Array } | { ok: false; line: number };

interface Hunk {
  oldpos: number;
  newpos: number;
  pre: string[];
  post: string[];
  trailing: number;
}

/** The hunks `git diff` makes from `r1` to `r2` (three lines of context). */
function hunks(r1: string[], r2: string[]): Hunk[] {
  const { script } = xdiff(r1, r2, { indentHeuristic: true });
  return hunkSpans(script, r1.length, r2.length, 3).map(({ s1, e1, s2, e2, trailing }) => ({
    oldpos: e1 > s1 ? s1 + 1 : s1,
    newpos: e2 > s2 ? s2 + 1 : s2,
    pre: r1.slice(s1, e1),
    post: r2.slice(s2, e2),
    trailing,
  }));
}

/** find_pos: the line where `pre` matches `img` exactly, searched alternately after and before `line`, or -1. */
function findPos(img: string[], pre: string[], line: number, matchBeginning: boolean, matchEnd: boolean): number {
  if (matchBeginning) line = 0;
  else if (matchEnd) line = img.length - pre.length;
  if (line < 0 || line > img.length) line = img.length;
  const matches = (at: number) => {
    if (pre.length + at > img.length) return false;
    if (matchEnd && pre.length + at !== img.length) return false;
    if (matchBeginning && at !== 0) return false;
    for (let k = 0; k < pre.length; k++) if (img[at + k] !== pre[k]) return false;
    return true;
  };
  let backwards = line;
  let forwards = line;
  let tryAt = line;
  for (let i = 0; ; i++) {
    if (matches(tryAt)) return tryAt;
    for (;;) {
      if (backwards === 0 && forwards === img.length) return -1;
      if (i & 1) {
        if (backwards === 0) {
          i++;
          continue;
        }
        tryAt = --backwards;
      } else {
        if (forwards === img.length) {
          i++;
          continue;
        }
        tryAt = ++forwards;
      }
      break;
    }
  }
}

/** Applies the diff from `from` to `to` onto `target` (text blobs). */
export function applyChange(from: Uint8Array, to: Uint8Array, target: Uint8Array): HunkApplication {
  const img = splitRecords(bytesToBinary(target));
  for (const h of hunks(splitRecords(bytesToBinary(from)), splitRecords(bytesToBinary(to)))) {
    const matchBeginning = h.oldpos === 0 || h.oldpos === 1;
    const at = findPos(img, h.pre, h.newpos ? h.newpos - 1 : 0, matchBeginning, h.trailing === 0);
    if (at < 0) return { ok: false, line: h.oldpos };
    img.splice(at, h.pre.length, ...h.post);
  }
  return { ok: true, result: binaryToBytes(img.join("")) };
}
