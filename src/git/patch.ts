/** `diff --git` patches: Git's header lines (modes, index line, ---/+++) around the hunks from diff.ts. */
import { isBinary, unifiedDiff } from "./diff.ts";
import { quotePath } from "./quote.ts";
import type { Repository } from "./repo.ts";
import { abbrev } from "./revision.ts";

/** One side of a file pair: mode, id and a way to get the bytes. */
export interface Side {
  mode: number;
  oid: string;
  data: () => Uint8Array;
}

const ZERO = "0000000";

/** The patch for one path between `a` and `b` (either may be absent); `rename` makes it a rename from another path. */
/** How a patch's hunks are made: context lines (3) and the line diff's algorithm (-U<n>, --patience, --histogram, --minimal). */
export interface PatchOptions {
  context?: number;
  algorithm?: "myers" | "patience" | "histogram";
  minimal?: boolean;
}

export function filePatch(repo: Repository, path: string, a: Side | undefined, b: Side | undefined, rename?: { from: string; score: number }, options: PatchOptions = {}): string {
  // A change of file type (file ↔ symlink) is shown as a deletion and a creation, as git breaks such pairs.
  if (a && b && !rename && (a.mode & 0o170000) !== (b.mode & 0o170000)) return filePatch(repo, path, a, undefined, undefined, options) + filePatch(repo, path, undefined, b, undefined, options);
  const an = quotePath(`a/${rename ? rename.from : path}`);
  const bn = quotePath(`b/${path}`);
  let s = `diff --git ${an} ${bn}\n`;
  if (rename) s += `similarity index ${rename.score}%\nrename from ${quotePath(rename.from)}\nrename to ${quotePath(path)}\n`;
  if (!a && b) s += `new file mode ${b.mode.toString(8)}\n`;
  else if (a && !b) s += `deleted file mode ${a.mode.toString(8)}\n`;
  else if (a && b && a.mode !== b.mode) s += `old mode ${a.mode.toString(8)}\nnew mode ${b.mode.toString(8)}\n`;
  if (a && b && a.oid === b.oid) return s;
  const ai = a ? abbrev(repo, a.oid) : ZERO;
  const bi = b ? abbrev(repo, b.oid) : ZERO;
  s += `index ${ai}..${bi}${a && b && a.mode === b.mode ? ` ${a.mode.toString(8)}` : ""}\n`;
  const ad = a ? a.data() : new Uint8Array(0);
  const bd = b ? b.data() : new Uint8Array(0);
  if (isBinary(ad) || isBinary(bd)) return s + `Binary files ${a ? an : "/dev/null"} and ${b ? bn : "/dev/null"} differ\n`;
  const hunks = unifiedDiff(ad, bd, { oldPath: path, newPath: path, context: options.context, algorithm: options.algorithm, minimal: options.minimal });
  if (hunks === "") return s;
  s += `--- ${a ? an : "/dev/null"}\n+++ ${b ? bn : "/dev/null"}\n`;
  return s + hunks;
}

/** A side backed by a stored blob. */
export function blobSide(repo: Repository, mode: number, oid: string): Side {
  return { mode, oid, data: () => repo.readTyped(oid, "blob") };
}
