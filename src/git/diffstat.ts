/**
 * Diffstat as Git prints it after commit and merge: per-file lines
 * (" file | 3 ++-") and the summary (" 2 files changed, 3 insertions(+), 1 deletion(-)"),
 * plus commit's create/delete/mode-change lines.
 */
import { diffLines, isBinary } from "./diff.ts";
import type { Repository } from "./repo.ts";
import { detectRenames, renameName, type RenamedChange } from "./rename.ts";
import type { TreeChange } from "./tree.ts";

/** The changes between two trees with renames detected (what Git's diffstat and summary show). */
export function changesWithRenames(repo: Repository, changes: TreeChange[]): RenamedChange[] {
  return detectRenames(changes, (f) => repo.readTyped(f.oid, "blob"));
}

/** Added and deleted line counts of one file (binary → undefined). */
export interface NumStat {
  path: string;
  added: number;
  deleted: number;
  binary: boolean;
}

function lines(data: Uint8Array): string[] {
  if (data.length === 0) return [];
  const s = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
  const parts = s.split("\n");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Lines in `data` (a last line without "\n" counts). */
function lineCount(data: Uint8Array): number {
  let n = 0;
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) n++;
  return data.length > 0 && data[data.length - 1] !== 10 ? n + 1 : n;
}

/** Counts added and deleted lines for each change. */
export function numstat(repo: Repository, changes: RenamedChange[]): NumStat[] {
  const empty = new Uint8Array(0);
  return changes.map((c) => {
    const path = c.from !== undefined ? renameName(c.from, c.path) : c.path;
    if (c.old && c.new && c.old.oid === c.new.oid) return { path, added: 0, deleted: 0, binary: false };
    const a = c.old && (c.old.mode & 0o170000) !== 0o160000 ? repo.readTyped(c.old.oid, "blob") : undefined;
    const b = c.new && (c.new.mode & 0o170000) !== 0o160000 ? repo.readTyped(c.new.oid, "blob") : undefined;
    return { path, ...countLines(c.old ? (a ?? empty) : undefined, c.new ? (b ?? empty) : undefined) };
  });
}

/** Added and deleted lines between two contents (undefined = the file does not exist on that side). */
export function countLines(a: Uint8Array | undefined, b: Uint8Array | undefined): { added: number; deleted: number; binary: boolean } {
  const empty = new Uint8Array(0);
  // Binary files count bytes (old size as deleted, new size as added), which the summary leaves out.
  if ((a && isBinary(a)) || (b && isBinary(b))) return { added: b?.length ?? 0, deleted: a?.length ?? 0, binary: true };
  // A created or deleted file needs no diff: every line is added or deleted.
  if (!a) return { added: lineCount(b ?? empty), deleted: 0, binary: false };
  if (!b) return { added: 0, deleted: lineCount(a), binary: false };
  let added = 0;
  let deleted = 0;
  for (const e of diffLines(lines(a), lines(b))) {
    if (e.op === "insert") added += e.count;
    else if (e.op === "delete") deleted += e.count;
  }
  return { added, deleted, binary: false };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** " 2 files changed, 3 insertions(+), 1 deletion(-)" (Git's print_stat_summary); "" when nothing changed. */
export function summaryLine(stats: NumStat[]): string {
  if (stats.length === 0) return "";
  let ins = 0;
  let del = 0;
  for (const s of stats) {
    if (s.binary) continue;
    ins += s.added;
    del += s.deleted;
  }
  let line = ` ${stats.length} file${stats.length === 1 ? "" : "s"} changed`;
  if (ins || !del) line += `, ${plural(ins, "insertion")}(+)`;
  if (del || !ins) line += `, ${plural(del, "deletion")}(-)`;
  return line;
}

function scaleLinear(it: number, width: number, maxChange: number): number {
  // At least one "+" or "-" for any change: scale to one column less, then add one.
  return it === 0 ? 0 : 1 + Math.floor((it * (width - 1)) / maxChange);
}

/** The per-file stat lines, as diff.c's show_stats lays them out for an 80-column width. */
export function statLines(stats: NumStat[], width = 80): string[] {
  if (stats.length === 0) return [];
  const decimalWidth = (n: number) => String(n).length;
  let maxLen = 0;
  let maxChange = 0;
  let numberWidth = 0;
  let binWidth = 0;
  for (const s of stats) {
    maxLen = Math.max(maxLen, s.path.length);
    if (s.binary) {
      // "Bin XXX -> YYY bytes"
      binWidth = Math.max(binWidth, 14 + decimalWidth(s.added) + decimalWidth(s.deleted));
      numberWidth = 3;
      continue;
    }
    maxChange = Math.max(maxChange, s.added + s.deleted);
  }
  numberWidth = Math.max(numberWidth, decimalWidth(maxChange));
  if (width < 16 + 6 + numberWidth) width = 16 + 6 + numberWidth;
  let graphWidth = maxChange + 4 > binWidth ? maxChange : binWidth - 4;
  let nameWidth = maxLen;
  if (nameWidth + numberWidth + 6 + graphWidth > width) {
    if (graphWidth > Math.floor((width * 3) / 8) - numberWidth - 6) {
      graphWidth = Math.floor((width * 3) / 8) - numberWidth - 6;
      if (graphWidth < 6) graphWidth = 6;
    }
    if (nameWidth > width - numberWidth - 6 - graphWidth) nameWidth = width - numberWidth - 6 - graphWidth;
    else graphWidth = width - numberWidth - 6 - nameWidth;
  }
  return stats.map((s) => {
    let name = s.path;
    let prefix = "";
    let len = nameWidth;
    if (nameWidth < name.length) {
      // Keep the tail, then start it at a directory boundary: ".../dir/file".
      prefix = "...";
      len = Math.max(0, len - 3);
      name = name.slice(name.length - len);
      const slash = name.indexOf("/");
      if (slash >= 0) name = name.slice(slash);
    }
    const padding = " ".repeat(Math.max(0, len - name.length));
    if (s.binary) {
      const head = ` ${prefix}${name}${padding} | ${"Bin".padStart(numberWidth)}`;
      return s.added || s.deleted ? `${head} ${s.deleted} -> ${s.added} bytes` : head;
    }
    let add = s.added;
    let del = s.deleted;
    if (graphWidth <= maxChange) {
      let total = scaleLinear(add + del, graphWidth, maxChange);
      if (total < 2 && add && del) total = 2;
      if (add < del) {
        add = scaleLinear(add, graphWidth, maxChange);
        del = total - add;
      } else {
        del = scaleLinear(del, graphWidth, maxChange);
        add = total - del;
      }
    }
    const total = s.added + s.deleted;
    return ` ${prefix}${name}${padding} | ${String(total).padStart(numberWidth)}${total ? " " : ""}${"+".repeat(add)}${"-".repeat(del)}`;
  });
}

/** commit's summary lines: " create mode 100644 a", " delete mode …", " mode change 100644 => 100755 a". */
export function modeLines(changes: RenamedChange[]): string[] {
  const out: string[] = [];
  for (const c of changes) {
    if (c.from !== undefined) {
      out.push(` rename ${renameName(c.from, c.path)} (${c.score}%)`);
      if (c.old && c.new && c.old.mode !== c.new.mode) out.push(` mode change ${c.old.mode.toString(8)} => ${c.new.mode.toString(8)}`);
    } else if (!c.old && c.new) out.push(` create mode ${c.new.mode.toString(8)} ${c.path}`);
    else if (c.old && !c.new) out.push(` delete mode ${c.old.mode.toString(8)} ${c.path}`);
    else if (c.old && c.new && c.old.mode !== c.new.mode) out.push(` mode change ${c.old.mode.toString(8)} => ${c.new.mode.toString(8)} ${c.path}`);
  }
  return out;
}
