/**
 * Directory renames as ort detects them (merge-ort.c
 * get_provisional_directory_renames, apply_directory_rename_modifications),
 * for the case that comes up: one side moved a directory away whole, and the
 * other side added a file in it. With merge.directoryRenames at its default,
 * "conflict", the file goes to the new directory and the merge stops with
 * git's "CONFLICT (file location)"; "true" moves it without a conflict;
 * "false" leaves it where it was added.
 *
 * A directory counts as renamed on a side when none of the base's files in it
 * are left there, and its files' renames (as diffcore-rename finds them, by
 * content) agree, by a strict majority, on where it went: for each such rename, the new
 * directory is the new path less the part of the old path below the
 * directory (two places tying: ort's "directory rename split"). A file the
 * other side renamed into the directory follows it too (merge-tree.ts moves
 * the rename it has followed). ort's other directory-rename conflicts are
 * not handled here.
 */
import type { MergedPath } from "./merge-tree.ts";
import { detectRenames } from "./rename.ts";
import type { FileEntry } from "./tree.ts";

/** A file one side added inside a directory the other side renamed: where it goes, and what git says. */
export interface DirRenameMove {
  from: string;
  to: string;
  /** The side that added the file (whose entry moves). */
  addedIn: "ours" | "theirs";
  /** merge.directoryRenames=conflict: the merge stops; true: it goes on. */
  conflict: boolean;
  message: string;
}

/** The directories of `path`, deepest first ("a/b/c" → "a/b", "a"). */
function parents(path: string): string[] {
  const out: string[] = [];
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) out.push(path.slice(0, i));
  return out;
}

/**
 * Where `side` moved directory `dir` of the base, or undefined: the base has
 * files under it, `side` has none left there, and the exact renames of those
 * files point at one new directory more often than at any other (SPLIT when
 * two places tie).
 */
function renamedDir(dir: string, base: Map<string, FileEntry>, side: Map<string, FileEntry>, pairs: RenamePairs): string | typeof SPLIT | undefined {
  const prefix = `${dir}/`;
  const sources: [string, FileEntry][] = [];
  for (const [path, f] of base) {
    if (!path.startsWith(prefix)) continue;
    if (side.has(path)) return undefined;
    sources.push([path, f]);
  }
  if (sources.length === 0) return undefined;
  // Anything left under the directory on this side (a new file there) means it was not moved away whole.
  for (const path of side.keys()) if (path.startsWith(prefix)) return undefined;
  const votes = new Map<string, number>();
  for (const [from, to] of pairs(sources)) {
    const rest = from.slice(dir.length);
    if (!to.endsWith(rest) || to.length === rest.length) continue;
    const target = to.slice(0, to.length - rest.length);
    if (target === dir || target.startsWith(prefix)) continue;
    votes.set(target, (votes.get(target) ?? 0) + 1);
  }
  let best: string | undefined;
  let most = 0;
  let tie = false;
  for (const [target, n] of votes) {
    if (n > most) [best, most, tie] = [target, n, false];
    else if (n === most) tie = true;
  }
  return tie ? SPLIT : best;
}

/** A directory whose files went to several places, none more than all others. */
const SPLIT = Symbol("split");

/** Renames of base files (`sources`) to the side's new files, source → destination. */
type RenamePairs = (sources: [string, FileEntry][]) => Map<string, string>;

/** Rename detection: the sources, and a side's files not in the base → source → destination. */
type DetectRenames = (sources: [string, FileEntry][], targets: [string, FileEntry][]) => Map<string, string>;

/**
 * The files to move because the other side renamed their directory, as
 * merge.directoryRenames `mode` says ("conflict", the default, "true" or "false").
 */
function directoryRenameMoves(
  original: [Map<string, FileEntry>, Map<string, FileEntry>, Map<string, FileEntry>],
  labels: { ours: string; theirs: string },
  mode: string | undefined,
  detect: DetectRenames,
): { moves: DirRenameMove[]; splits: { dir: string; message: string }[] } {
  const setting = (mode ?? "conflict").toLowerCase();
  const out: DirRenameMove[] = [];
  const splits: { dir: string; message: string }[] = [];
  if (setting === "false" || setting === "no" || setting === "off" || setting === "0") return { moves: out, splits };
  const [base, ours, theirs] = original;
  // Moves by destination: ort refuses to put a file where one is in the way, or two files at one place.
  const byDestination = new Map<string, { moves: DirRenameMove[]; inWay: boolean }>();
  for (const addedIn of ["ours", "theirs"] as const) {
    const [adder, renamer] = addedIn === "ours" ? [ours, theirs] : [theirs, ours];
    const added = [...adder.keys()].filter((p) => !base.has(p) && p.includes("/"));
    if (added.length === 0) continue;
    let targets: [string, FileEntry][] | undefined;
    const pairs: RenamePairs = (sources) => detect(sources, (targets ??= [...renamer].filter(([p]) => !base.has(p))));
    // ort computes directory renames only for directories a file was added to directly that the base had and the
    // renaming side removed (RELEVANT_FOR_SELF); a file deeper down follows the nearest of those (check_dir_renamed).
    const relevant = new Set<string>();
    const baseDirs = new Set<string>();
    for (const p of base.keys()) for (const d of parents(p)) baseDirs.add(d);
    const renamerDirs = new Set<string>();
    for (const p of renamer.keys()) for (const d of parents(p)) renamerDirs.add(d);
    for (const path of added) {
      const dir = path.slice(0, path.lastIndexOf("/"));
      if (baseDirs.has(dir) && !renamerDirs.has(dir)) relevant.add(dir);
    }
    if (relevant.size === 0) continue;
    const renames = new Map<string, string | typeof SPLIT | undefined>();
    for (const path of added) {
      for (const dir of parents(path)) {
        if (!relevant.has(dir)) continue;
        if (!renames.has(dir)) {
          const target = renamedDir(dir, base, renamer, pairs);
          renames.set(dir, target);
          // ort's get_provisional_directory_renames: said once per directory, and the merge stops.
          if (target === SPLIT) splits.push({ dir, message: `CONFLICT (directory rename split): Unclear where to rename ${dir} to; it was renamed to multiple other directories, with no destination getting a majority of the files.` });
        }
        const target = renames.get(dir);
        if (target === undefined) continue;
        if (target === SPLIT) break;
        const to = target + path.slice(dir.length);
        const [renamedIn, addedLabel] = addedIn === "ours" ? [labels.theirs, labels.ours] : [labels.ours, labels.theirs];
        const conflict = !(setting === "true" || setting === "yes" || setting === "on" || setting === "1");
        // A name the base or the adding side has already is in the way (ort's path_in_way); one the renaming side
        // added meets the moved file as an add/add.
        const slot = byDestination.get(to) ?? byDestination.set(to, { moves: [], inWay: base.has(to) || adder.has(to) }).get(to)!;
        slot.moves.push({
          from: path,
          to,
          addedIn,
          conflict,
          message: conflict
            ? `CONFLICT (file location): ${path} added in ${addedLabel} inside a directory that was renamed in ${renamedIn}, suggesting it should perhaps be moved to ${to}.`
            : `Path updated: ${path} added in ${addedLabel} inside a directory that was renamed in ${renamedIn}; moving it to ${to}.`,
        });
        break;
      }
    }
  }
  // ort's handle_path_level_conflicts: a file in the way, or several files for one place, stop the merge; they stay where they were.
  for (const [to, { moves, inWay }] of byDestination) {
    const sources = moves.map((m) => m.from).join(", ");
    if (inWay) splits.push({ dir: to, message: `CONFLICT (implicit dir rename): Existing file/dir at ${to} in the way of implicit directory rename(s) putting the following path(s) there: ${sources}.` });
    else if (moves.length > 1) splits.push({ dir: to, message: `CONFLICT (implicit dir rename): Cannot map more than one path to ${to}; implicit directory renames tried to put these paths there: ${sources}` });
    else out.push(moves[0]!);
  }
  return { moves: out, splits };
}

/** What a tree merge hands over for directory renames: the trees, the renames followed, and its per-path maps (changed in place). */
export interface DirRenameState {
  original: [Map<string, FileEntry>, Map<string, FileEntry>, Map<string, FileEntry>];
  labels: { ours: string; theirs: string; directoryRenames?: string };
  /** The file renames followed on each side, source → destination. */
  renames: [Map<string, string>, Map<string, string>];
  /** Base, ours and theirs as the merge will take them. */
  merged: [Map<string, FileEntry>, Map<string, FileEntry>, Map<string, FileEntry>];
  read: (f: FileEntry) => Uint8Array;
  fixed: Map<string, MergedPath>;
  fixedMessages: Map<string, string>;
  pathMessages: Map<string, string>;
  origins: Map<string, [string, string, string]>;
  locationConflicts: Set<string>;
}

/**
 * Moves the files one side added or renamed into a directory the other side
 * moved away, as merge.directoryRenames says; returns the conflicts without
 * a path of their own (a directory split between destinations, a file in the
 * way), and where the renamed files went (rename destination → new place).
 */
export function followDirectoryRenames(st: DirRenameState): { splits: { dir: string; message: string }[]; moved: Map<string, string> } {
  const { original, labels, renames, read, fixed, fixedMessages, pathMessages, origins, locationConflicts } = st;
  const [B, O, T] = st.merged;
  const renamedTo = [new Set(renames[0].values()), new Set(renames[1].values())];
  // Renames by content, as diffcore-rename finds them (exact ones first).
  const detect = (sources: [string, FileEntry][], targets: [string, FileEntry][]) => {
    const changes = [...sources.map(([path, old]) => ({ path, old })), ...targets.map(([path, f]) => ({ path, new: f }))];
    const found = new Map<string, string>();
    for (const c of detectRenames(changes, read)) if (c.from !== undefined) found.set(c.from, c.path);
    return found;
  };
  const found = directoryRenameMoves(original, labels, labels.directoryRenames, detect);
  const moved = new Map<string, string>();
  for (const mv of found.moves) {
    const side = mv.addedIn === "ours" ? O : T;
    const entry = side.get(mv.from);
    if (!entry) continue;
    const adderRenames = renames[mv.addedIn === "ours" ? 0 : 1];
    if (renamedTo[mv.addedIn === "ours" ? 0 : 1]!.has(mv.from)) {
      // A file that side renamed into the directory: the rename followed (base and the other side's version are
      // at the new name already) goes on to the renamed directory, merged there, and stops the merge (conflict mode).
      const src = [...adderRenames].find(([, dst]) => dst === mv.from)![0];
      const [adderLabel, renamerLabel] = mv.addedIn === "ours" ? [labels.ours, labels.theirs] : [labels.theirs, labels.ours];
      if ([B, O, T].some((m) => m.has(mv.to))) continue;
      for (const m of [B, O, T]) {
        const f = m.get(mv.from);
        m.delete(mv.from);
        if (f) m.set(mv.to, f);
      }
      const o = origins.get(mv.from);
      if (o) origins.set(mv.to, o);
      moved.set(mv.from, mv.to);
      if (mv.conflict) {
        locationConflicts.add(mv.to);
        pathMessages.set(mv.to, `CONFLICT (file location): ${src} renamed to ${mv.from} in ${adderLabel}, inside a directory that was renamed in ${renamerLabel}, suggesting it should perhaps be moved to ${mv.to}.`);
      } else pathMessages.set(mv.to, `Path updated: ${src} renamed to ${mv.from} in ${adderLabel}, inside a directory that was renamed in ${renamerLabel}; moving it to ${mv.to}.`);
      continue;
    }
    if (B.has(mv.from)) continue;
    side.delete(mv.from);
    origins.set(mv.to, mv.addedIn === "ours" ? [mv.from, mv.from, mv.to] : [mv.from, mv.to, mv.from]);
    if (!mv.conflict) {
      side.set(mv.to, entry);
      pathMessages.set(mv.to, mv.message);
      continue;
    }
    const stages: MergedPath["stages"] = mv.addedIn === "ours" ? [undefined, entry, T.get(mv.to)] : [undefined, O.get(mv.to), entry];
    fixed.set(mv.to, { path: mv.to, stages, work: stages[1] ?? entry });
    fixedMessages.set(mv.to, mv.message);
  }
  return { splits: found.splits, moved };
}
