/**
 * xdiff's patience diff (xpatience.c): the longest increasing sequence of
 * lines that are unique in both ranges anchors the diff; the gaps between
 * anchors are diffed recursively, and a range without unique common lines
 * falls back to Myers. Lines are 1-based as in the C code; `changed` uses
 * the engine's layout (line l of a side is changed[l]).
 */
import { type FallBack, markChanged, oneSided } from "./xhistogram.ts";

const NON_UNIQUE = -1;

type Entry = { line1: number; line2: number; previous: Entry | undefined; next: Entry | undefined };

/** Marks the changed lines of c1[line1..] against c2[line2..] (patience_diff). */
export function patienceDiff(c1: Int32Array, c2: Int32Array, ch1: Uint8Array, ch2: Uint8Array, fallBack: FallBack, line1: number, count1: number, line2: number, count2: number): void {
  if (oneSided(ch1, ch2, line1, count1, line2, count2)) return;
  // fill_hashmap: distinct lines of range 1 in order of first occurrence; line2 set when unique in both.
  const map = new Map<number, Entry>();
  for (let l = line1; l < line1 + count1; l++) {
    const e = map.get(c1[l - 1]!);
    if (e) e.line2 = NON_UNIQUE;
    else map.set(c1[l - 1]!, { line1: l, line2: 0, previous: undefined, next: undefined });
  }
  let hasMatches = false;
  for (let l = line2; l < line2 + count2; l++) {
    const e = map.get(c2[l - 1]!);
    if (!e) continue;
    hasMatches = true;
    e.line2 = e.line2 ? NON_UNIQUE : l;
  }
  if (!hasMatches) {
    markChanged(ch1, line1, count1);
    markChanged(ch2, line2, count2);
    return;
  }
  const first = longestCommonSequence(map);
  if (first) walkCommonSequence(c1, c2, ch1, ch2, fallBack, first, line1, count1, line2, count2);
  else fallBack(line1, count1, line2, count2);
}

/** find_longest_common_sequence: patience sorting over the unique pairs, in range-1 order. */
function longestCommonSequence(map: Map<number, Entry>): Entry | undefined {
  const sequence: Entry[] = [];
  let longest = 0;
  for (const entry of map.values()) {
    if (!entry.line2 || entry.line2 === NON_UNIQUE) continue;
    let i: number;
    if (longest === 0 || entry.line2 > sequence[longest - 1]!.line2) i = longest - 1;
    else {
      let left = -1;
      let right = longest;
      while (left + 1 < right) {
        const middle = left + ((right - left) >> 1);
        if (sequence[middle]!.line2 > entry.line2) right = middle;
        else left = middle;
      }
      i = left;
    }
    entry.previous = i < 0 ? undefined : sequence[i];
    ++i;
    sequence[i] = entry;
    if (i === longest) longest++;
  }
  if (!longest) return undefined;
  let entry = sequence[longest - 1]!;
  entry.next = undefined;
  while (entry.previous) {
    entry.previous.next = entry;
    entry = entry.previous;
  }
  return entry;
}

/** walk_common_sequence: grow each anchor over equal neighbours and recurse into the gaps. */
function walkCommonSequence(c1: Int32Array, c2: Int32Array, ch1: Uint8Array, ch2: Uint8Array, fallBack: FallBack, first: Entry | undefined, line1: number, count1: number, line2: number, count2: number): void {
  const end1 = line1 + count1;
  const end2 = line2 + count2;
  const match = (a: number, b: number) => c1[a - 1] === c2[b - 1];
  for (;;) {
    let next1: number;
    let next2: number;
    if (first) {
      next1 = first.line1;
      next2 = first.line2;
      while (next1 > line1 && next2 > line2 && match(next1 - 1, next2 - 1)) {
        next1--;
        next2--;
      }
    } else {
      next1 = end1;
      next2 = end2;
    }
    while (line1 < next1 && line2 < next2 && match(line1, line2)) {
      line1++;
      line2++;
    }
    if (next1 > line1 || next2 > line2) patienceDiff(c1, c2, ch1, ch2, fallBack, line1, next1 - line1, line2, next2 - line2);
    if (!first) return;
    while (first.next && first.next.line1 === first.line1 + 1 && first.next.line2 === first.line2 + 1) first = first.next;
    line1 = first.line1 + 1;
    line2 = first.line2 + 1;
    first = first.next;
  }
}
