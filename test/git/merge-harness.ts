/**
 * What the merge tests against real git share: both repositories built with
 * real git, then a merge, abort, repeat and conclusion compared step by step
 * (output, stages, status, work tree, final tree, fsck).
 */
import { expect, test } from "bun:test";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { realGit, Twin } from "./support.ts";

/** Every file of a work tree (outside .git) with its content (symlinks as "-> target", executables marked). */
export function workFiles(root: string, dir = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(`${root}/${dir}`).sort()) {
    if (!dir && name === ".git") continue;
    const rel = dir ? `${dir}/${name}` : name;
    const st = lstatSync(`${root}/${rel}`);
    if (st.isDirectory()) Object.assign(out, workFiles(root, rel));
    else if (st.isSymbolicLink()) out[rel] = `-> ${readlinkSync(`${root}/${rel}`)}`;
    else out[rel] = `${(st.mode & 0o111) !== 0 ? "x " : ""}${readFileSync(`${root}/${rel}`, "utf8")}`;
  }
  return out;
}

/** Every directory of a work tree (outside .git), empty ones included, sorted. */
export function workDirs(root: string, dir = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(`${root}/${dir}`).sort()) {
    if (!dir && name === ".git") continue;
    const rel = dir ? `${dir}/${name}` : name;
    if (lstatSync(`${root}/${rel}`).isDirectory()) out.push(rel, ...workDirs(root, rel));
  }
  return out;
}

/** Runs `git args` on both sides and expects the same exit code and output. */
export async function same(t: Twin, args: string[], label: string): Promise<string> {
  const r = await t.both(args);
  expect({ label, args, ...r.ours }).toEqual({ label, args, ...r.real });
  return r.real.stdout;
}

/** Real git's view of both repositories must agree: stages, status, work tree. */
export function sameState(t: Twin, label: string): void {
  for (const args of [["ls-files", "-s"], ["status", "--porcelain"]]) {
    expect({ label, args, ...t.gitOnOurs(args) }).toEqual({ label, args, ...t.realGit(args) });
  }
  expect({ label, files: workFiles(t.ours) }).toEqual({ label, files: workFiles(t.real) });
}

/** Runs real git in both repositories (building histories is not what these tests check). */
export function setup(t: Twin, args: string[]): void {
  for (const dir of [t.real, t.ours]) {
    const r = realGit(dir, t.env, args);
    if (r.code !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  }
}

/** Builds base, `theirs` on branch feature and `ours` on master in both repositories. */
export function history(t: Twin, base: string, ours: string, theirs: string): void {
  setup(t, ["init", "-q"]);
  t.sh(`echo keep > keep; ${base}`);
  setup(t, ["add", "-A"]);
  setup(t, ["commit", "-q", "--allow-empty", "-m", "base"]);
  setup(t, ["checkout", "-q", "-b", "feature"]);
  if (theirs) t.sh(theirs);
  setup(t, ["add", "-A"]);
  setup(t, ["commit", "-q", "--allow-empty", "-m", "theirs"]);
  setup(t, ["checkout", "-q", "master"]);
  if (ours) t.sh(ours);
  setup(t, ["add", "-A"]);
  setup(t, ["commit", "-q", "--allow-empty", "-m", "ours"]);
}

/** What real git sees of our repository. */
export function snapshot(t: Twin): object {
  return { stages: t.gitOnOurs(["ls-files", "-s"]).stdout, status: t.gitOnOurs(["status", "--porcelain"]).stdout, files: workFiles(t.ours) };
}

/**
 * Merges feature into master, aborts, merges again and concludes; everything
 * compared with real git. The merges run with --no-stat: where a path changes
 * between file and directory, the diffstat's order is diffstat.ts's concern.
 */
export async function check(t: Twin, label: string): Promise<string> {
  const before = snapshot(t);
  const said = await same(t, ["merge", "--no-stat", "feature"], label);
  sameState(t, `${label}: merged`);
  // Stopped for the user: unmerged paths, or a conflict without one (MERGE_HEAD is left all the same).
  const conflicted = t.realGit(["ls-files", "-u"]).stdout !== "" || existsSync(`${t.real}/.git/MERGE_HEAD`);
  expect({ label, merging: existsSync(`${t.ours}/.git/MERGE_HEAD`) }).toEqual({ label, merging: conflicted });
  if (conflicted) {
    const abort = await t.both(["merge", "--abort"]);
    expect({ label, code: abort.ours.code, state: snapshot(t) }).toEqual({ label, code: 0, state: before });
    // git 2.39 cannot abort when an unmerged file sits under a directory that
    // must become a file again ("Entry 'x/a' not uptodate. Cannot merge."); we restore.
    if (abort.real.code !== 0) return said;
    sameState(t, `${label}: aborted`);
    await same(t, ["merge", "--no-stat", "feature"], label);
    setup(t, ["add", "-A"]);
    await same(t, ["commit", "-q", "--no-edit"], label);
  }
  const tree = ["rev-parse", "HEAD^{tree}"];
  expect({ label, tree: t.gitOnOurs(tree).stdout }).toEqual({ label, tree: t.realGit(tree).stdout });
  const fsck = t.gitOnOurs(["fsck", "--strict", "--no-dangling"]);
  expect({ label, fsck: fsck.code, out: fsck.stdout + fsck.stderr }).toEqual({ label, fsck: 0, out: "" });
  return said;
}

/** `seq 1 n > file`: a file whose lines a merge can tell apart. */
export const seq = (file: string, n = 12) => `seq 1 ${n} > ${file}`;

/** A merge case: the base, then one side's change (a) and the other's (b), as shell commands; `setup` runs git commands in both repositories before the merge. */
export interface MergeCase {
  name: string;
  base: string;
  a: string;
  b: string;
  setup?: string[][];
}

/** One test per case and direction (ours=a/theirs=b and ours=b/theirs=a), each checked by `check`. */
export function mergeCases(cases: MergeCase[]): void {
  for (const c of cases) {
    for (const [label, ours, theirs] of [
      ["ours a, theirs b", c.a, c.b],
      ["ours b, theirs a", c.b, c.a],
    ] as const) {
      test(`${c.name} (${label})`, async () => {
        using t = new Twin();
        history(t, c.base, ours, theirs);
        for (const args of c.setup ?? []) setup(t, args);
        await check(t, `${c.name} (${label})`);
      });
    }
  }
}
