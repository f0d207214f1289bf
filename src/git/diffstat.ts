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
  if ((a && isBinary(a)) || (b && isBinary(b))) return { added: 0, deleted: 0, binary: true };
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
    ins += s.added;
    del += s.deleted;
  }
  let line = ` ${stats.length} file${stats.length === 1 ? "" : "s"} changed`;
  if (ins || !del) line += `, ${plural(ins, "insertion")}(+)`;
  if (del || !ins) line += `, ${plural(del, "deletion")}(-)`;
  return line;
}

/** The per-file stat lines (Git's show_stats with an 80-column width). */
export function statLines(stats: NumStat[], width = 80): string[] {
  if (stats.length === 0) return [];
  let maxName = 0;
  let maxChange = 0;
  for (const s of stats) {
    maxName = Math.max(maxName, s.path.length);
    maxChange = Math.max(maxChange, s.added + s.deleted);
  }
  const numberWidth = Math.max(String(maxChange).length, stats.some((s) => s.binary) ? 3 : 0);
  // Git: name gets at most 5/8 of the room left for name + graph after " | " and the count.
  let graphWidth = maxChange;
  let nameWidth = maxName;
  const room = width - numberWidth - 6;
  if (nameWidth + graphWidth > room) {
    const g = Math.max(room - nameWidth, Math.floor((room * 3) / 8));
    graphWidth = Math.min(graphWidth, g);
    nameWidth = room - graphWidth;
    if (nameWidth < maxName) nameWidth = Math.min(maxName, room - graphWidth);
  }
  const scale = (n: number) => (maxChange <= graphWidth || n === 0 ? n : Math.max(1, Math.round((n * graphWidth) / maxChange)));
  return stats.map((s) => {
    let name = s.path;
    if (name.length > nameWidth) name = "..." + name.slice(name.length - nameWidth + 3);
    if (s.binary) return ` ${name.padEnd(nameWidth)} | ${"Bin".padStart(numberWidth)}`;
    const total = s.added + s.deleted;
    let add = scale(s.added);
    let del = scale(s.deleted);
    if (maxChange > graphWidth) {
      const t = scale(total);
      if (add + del > t) {
        if (add > del) add = t - del;
        else del = t - add;
      }
    }
    const graph = "+".repeat(add) + "-".repeat(del);
    return ` ${name.padEnd(nameWidth)} | ${String(total).padStart(numberWidth)}${graph ? " " + graph : ""}`;
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
