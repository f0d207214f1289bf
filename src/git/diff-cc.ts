/**
 * Git's dense combined diff (`diff --cc`, combine-diff.c) of a result file
 * against several parents — what `git diff` shows for a conflicted path
 * (stage 2 and stage 3 against the work-tree file): per-parent columns of
 * "+"/"-", lost lines coalesced by LCS, hunks dropped when the result simply
 * took one side, three lines of context, "@@@ -a,b -c,d +e,f @@@".
 */
import { diffLines } from "./diff.ts";

interface Lost {
  line: string;
  parents: number;
}

interface SLine {
  text: string;
  flag: number;
  lost: Lost[];
  plost: string[];
  pLno: number[];
}

const CONTEXT = 3;

/** Splits bytes into records that keep their "\n" (latin1, so bytes survive). */
function records(data: Uint8Array): string[] {
  const s = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const nl = s.indexOf("\n", i);
    const end = nl < 0 ? s.length : nl + 1;
    out.push(s.slice(i, end));
    i = end;
  }
  return out;
}

/** coalesce_lines: merges a parent's lost lines into the list, sharing equal lines (LCS, ties to the new side). */
function coalesce(base: Lost[], added: string[], parent: number): Lost[] {
  if (base.length === 0) return added.map((line) => ({ line, parents: 1 << parent }));
  const n = base.length;
  const m = added.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  const dir: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let j = 1; j <= m; j++) dir[0]![j] = 1; // NEW
  for (let i = 1; i <= n; i++) dir[i]![0] = 2; // BASE
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      if (base[i - 1]!.line === added[j - 1]) {
        lcs[i]![j] = lcs[i - 1]![j - 1]! + 1;
        dir[i]![j] = 0; // MATCH
      } else if (lcs[i]![j - 1]! >= lcs[i - 1]![j]!) {
        lcs[i]![j] = lcs[i]![j - 1]!;
        dir[i]![j] = 1;
      } else {
        lcs[i]![j] = lcs[i - 1]![j]!;
        dir[i]![j] = 2;
      }
    }
  }
  const out = base.map((l) => ({ ...l }));
  let i = n;
  let j = m;
  // Walk back; new lines are inserted after the current base position.
  while (i > 0 || j > 0) {
    const d = dir[i]![j];
    if (d === 0) {
      out[i - 1]!.parents |= 1 << parent;
      i--;
      j--;
    } else if (d === 1) {
      out.splice(i, 0, { line: added[j - 1]!, parents: 1 << parent });
      j--;
    } else i--;
  }
  return out;
}

/** The hunks of a dense combined diff of `result` against `parents` ("" when nothing is interesting). */
export function combinedHunks(parents: Uint8Array[], result: Uint8Array): string {
  const np = parents.length;
  const res = records(result);
  const cnt = res.length;
  const sline: SLine[] = [];
  // cnt + 2 entries, as combine-diff.c allocates: the last two hold lost lines at the end and the line-number trailer.
  for (let k = 0; k <= cnt + 1; k++) sline.push({ text: res[k] ?? "", flag: 0, lost: [], plost: [], pLno: new Array(np).fill(0) });
  const allMask = (1 << np) - 1;
  const mark = 1 << np;
  const noPreDelete = 2 << np;
  parents.forEach((pdata, n) => {
    const par = records(pdata);
    const nmask = 1 << n;
    const edits = diffLines(par, res);
    for (const e of edits) {
      if (e.op === "delete") for (let k = 0; k < e.count; k++) sline[e.bIndex]!.plost.push(par[e.aIndex + k]!);
      else if (e.op === "insert") for (let k = 0; k < e.count; k++) sline[e.bIndex + k]!.flag |= nmask;
    }
    let pLno = 1;
    for (let lno = 0; lno <= cnt; lno++) {
      const sl = sline[lno]!;
      sl.pLno[n] = pLno;
      if (sl.plost.length) {
        sl.lost = coalesce(sl.lost, sl.plost, n);
        sl.plost = [];
      }
      for (const ll of sl.lost) if (ll.parents & nmask) pLno++;
      if (lno < cnt && !(sl.flag & nmask)) pLno++;
    }
    sline[cnt + 1]!.pLno[n] = pLno;
  });
  // make_hunks (dense).
  for (let i = 0; i <= cnt; i++) {
    const sl = sline[i]!;
    if (sl.flag & allMask || sl.lost.length) sl.flag |= mark;
    else sl.flag &= ~mark;
  }
  const adjustTail = (begin: number, i: number) => (begin + 1 <= i && !(sline[i - 1]!.flag & allMask) ? i - 1 : i);
  let i = 0;
  while (i <= cnt) {
    while (i <= cnt && !(sline[i]!.flag & mark)) i++;
    if (cnt < i) break;
    const begin = i;
    let j = i + 1;
    for (; j <= cnt; j++) {
      if (!(sline[j]!.flag & mark)) {
        let la = adjustTail(begin, j);
        la = la + CONTEXT < cnt + 1 ? la + CONTEXT : cnt + 1;
        let contin = false;
        while (la && j <= --la) {
          if (sline[la]!.flag & mark) {
            contin = true;
            break;
          }
        }
        if (!contin) break;
        j = la;
      }
    }
    const end = j;
    let same = 0;
    let interesting = false;
    for (let k = i; k < end && !interesting; k++) {
      const d = sline[k]!.flag & allMask;
      if (d) {
        if (!same) same = d;
        else if (same !== d) {
          interesting = true;
          break;
        }
      }
      for (const ll of sline[k]!.lost) {
        if (interesting) break;
        if (!same) same = ll.parents;
        else if (same !== ll.parents) interesting = true;
      }
    }
    if (!interesting && same !== allMask) for (let k = begin; k < end; k++) sline[k]!.flag &= ~mark;
    i = end;
  }
  // give_context.
  const findNext = (from: number, uninteresting: boolean) => {
    let k = from;
    while (k <= cnt && (uninteresting ? sline[k]!.flag & mark : !(sline[k]!.flag & mark))) k++;
    return k;
  };
  i = findNext(0, false);
  if (cnt < i) return "";
  while (i <= cnt) {
    let j = i > CONTEXT ? i - CONTEXT : 0;
    while (j < i) {
      if (!(sline[j]!.flag & mark)) sline[j]!.flag |= noPreDelete;
      sline[j++]!.flag |= mark;
    }
    let done = false;
    for (;;) {
      j = findNext(i, true);
      if (cnt < j) {
        done = true;
        break;
      }
      let k = findNext(j, false);
      j = adjustTail(i, j);
      if (k < j + CONTEXT) {
        while (j < k) sline[j++]!.flag |= mark;
        i = k;
        continue;
      }
      i = k;
      k = j + CONTEXT < cnt + 1 ? j + CONTEXT : cnt + 1;
      while (j < k) sline[j++]!.flag |= mark;
      break;
    }
    if (done) break;
  }
  // dump_sline.
  let out = "";
  let lno = 0;
  let comment = "";
  for (;;) {
    while (lno <= cnt && !(sline[lno]!.flag & mark)) {
      if (/^[A-Za-z_$]/.test(sline[lno]!.text)) comment = sline[lno]!.text;
      lno++;
    }
    if (cnt < lno) break;
    let end = lno + 1;
    while (end <= cnt && sline[end]!.flag & mark) end++;
    let rlines = end - lno;
    if (cnt < end) rlines--;
    let head = "@@@";
    for (let n = 0; n < np; n++) head += ` -${sline[lno]!.pLno[n]},${sline[end]!.pLno[n]! - sline[lno]!.pLno[n]!}`;
    head += ` +${lno + 1},${rlines} @@@`;
    let c = comment.replace(/\n$/, "").slice(0, 40);
    c = c.slice(0, Math.max(...[...c].map((ch, k) => (/\s/.test(ch) ? -1 : k)), -1));
    if (comment && c) head += ` ${c}`;
    out += head + "\n";
    while (lno < end) {
      const sl = sline[lno++]!;
      if (!(sl.flag & noPreDelete)) {
        for (const ll of sl.lost) {
          let pre = "";
          for (let n = 0; n < np; n++) pre += ll.parents & (1 << n) ? "-" : " ";
          out += pre + ll.line + (ll.line.endsWith("\n") ? "" : "\n\\ No newline at end of file\n");
        }
      }
      if (cnt < lno) break;
      let pre = "";
      for (let n = 0; n < np; n++) pre += sl.flag & (1 << n) ? "+" : " ";
      out += pre + sl.text + (sl.text.endsWith("\n") ? "" : "\n\\ No newline at end of file\n");
    }
  }
  return Buffer.from(out, "latin1").toString("utf8");
}
