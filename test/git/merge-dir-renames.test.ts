/**
 * Directory renames in merges: a file one side adds inside a directory the
 * other side moved away whole goes to the new directory with git's
 * "CONFLICT (file location)" (merge.directoryRenames=conflict, the default),
 * or with git's "Path updated" note and no conflict with
 * merge.directoryRenames=true, or stays with false; each case merged, aborted,
 * merged again and concluded against real git; a directory split evenly
 * between destinations stops the merge with ort's "directory rename split",
 * and so does a file in the way of an implicit rename, or two files sent to
 * one place ("implicit dir rename").
 */
import { describe } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { mergeCases, type MergeCase } from "./merge-harness.ts";

const cases: MergeCase[] = [
  { name: "a file added in a directory the other side renamed", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done", a: "git mv old new", b: "echo d > old/d" },
  { name: "two files added, one in a subdirectory", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done", a: "git mv old new", b: "mkdir old/sub; echo d > old/d; echo e > old/sub/e" },
  { name: "a nested directory moved to another parent", base: "mkdir -p top/old; for f in a b c; do echo $f line > top/old/$f; done", a: "mkdir other; git mv top/old other/old", b: "echo d > top/old/d" },
  { name: "a directory moved with its files changed (renames by similarity)", base: "mkdir old; for f in a b c; do seq 1 30 > old/$f; done", a: "git mv old new; for f in a b c; do echo $f >> new/$f; done", b: "echo d > old/d" },
  { name: "a directory whose files were rewritten while it moved is not seen as renamed", base: "mkdir old; for f in a b c; do seq 1 30 > old/$f; done", a: "git mv old new; for f in a b c; do seq 100 140 > new/$f; done", b: "echo d > old/d" },
  { name: "merge.directoryRenames=true moves the file without a conflict", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done", a: "git mv old new", b: "echo d > old/d", setup: [["config", "merge.directoryRenames", "true"]] },
  { name: "merge.directoryRenames=false leaves the file where it was added", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done", a: "git mv old new", b: "echo d > old/d", setup: [["config", "merge.directoryRenames", "false"]] },
  { name: "a directory only partly moved is not renamed", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done", a: "mkdir new; git mv old/a old/b new/", b: "echo d > old/d" },
  { name: "the new name is taken on the renaming side: an add/add there", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done", a: "git mv old new; echo mine > new/d", b: "echo d > old/d" },
  { name: "the same, without a conflict of location (merge.directoryRenames=true)", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done", a: "git mv old new; echo mine > new/d", b: "echo d > old/d", setup: [["config", "merge.directoryRenames", "true"]] },
  { name: "a directory split evenly between two places: ort's directory rename split stops the merge", base: "mkdir old; for f in a b c d; do echo $f line > old/$f; done", a: "mkdir n1 n2; git mv old/a old/b n1/; git mv old/c old/d n2/", b: "echo e > old/e" },
  { name: "a file renamed into the directory the other side renamed, changed by that side: its rename is followed there", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done; seq 1 20 > top", a: "git mv old new; sed -i s/^7$/seven/ top", b: "git mv top old/e" },
  { name: "the same under merge.directoryRenames=true", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done; seq 1 20 > top", a: "git mv old new; sed -i s/^7$/seven/ top", b: "git mv top old/e", setup: [["config", "merge.directoryRenames", "true"]] },
  { name: "the same with content that conflicts", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done; seq 1 20 > top", a: "git mv old new; sed -i s/^7$/seven/ top", b: "git mv top old/e; sed -i s/^7$/SEVEN/ old/e" },
  { name: "a file renamed into the directory the other side renamed, unchanged by that side (a delete and an add to git)", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done; seq 1 20 > top", a: "git mv old new", b: "git mv top old/e" },
  { name: "a file in the way of the implicit rename: ort's implicit dir rename conflict stops the merge", base: "mkdir old other; for f in a b; do echo $f line > old/$f; done; echo there > other/c", a: "git mv old/a old/b other/", b: "echo c > old/c" },
  { name: "the same under merge.directoryRenames=true", base: "mkdir old other; for f in a b; do echo $f line > old/$f; done; echo there > other/c", a: "git mv old/a old/b other/", b: "echo c > old/c", setup: [["config", "merge.directoryRenames", "true"]] },
  { name: "two directories renamed into one, each given a file of the same name: both stay, the merge stops", base: "mkdir d1 d2; echo a > d1/a; echo b > d2/b", a: "mkdir x; git mv d1/a x/a; git mv d2/b x/b", b: "echo c1 > d1/c; echo c2 > d2/c" },
  { name: "the adding side has the new name too: in the way", base: "mkdir old; for f in a b; do echo $f line > old/$f; done", a: "git mv old new", b: "echo c > old/c; mkdir new; echo mine > new/c" },
  { name: "a file added only in a new subdirectory of the moved directory stays (ort looks for renames of directories the base had)", base: "mkdir old; for f in a b c; do echo $f line > old/$f; done", a: "git mv old new", b: "mkdir old/sub; echo e > old/sub/e" },
  { name: "a file added in a subdirectory the base had follows the move", base: "mkdir -p old/sub; for f in a b c; do echo $f line > old/$f; done; echo s > old/sub/s", a: "git mv old new", b: "echo e > old/sub/e" },
  { name: "a nested directory moved whole, a file added in a new directory under it: it stays", base: "mkdir -p p/d; echo 1 > p/d/a; echo 2 > p/d/b", a: "mkdir q; git mv p/d q/d", b: "mkdir -p p/d/sub; echo new > p/d/sub/n" },
  { name: "a file the other side renamed within the moved directory: rename/rename between the names it ends at", base: "mkdir d; for f in a b c; do echo $f line > d/$f; done", a: "git mv d x", b: "git mv d/a d/a2" },
  { name: "the same with the file's text changed apart on both sides", base: "mkdir d; seq 1 30 > d/a; echo b > d/b; echo c > d/c", a: "git mv d x; sed -i s/^3$/three/ x/a", b: "git mv d/a d/a2; sed -i s/^20$/twenty/ d/a2" },
  // Not a directory rename, but the same labels: a renamed file's conflict markers name both paths ("HEAD:b", "feature:a").
  { name: "a file renamed on one side and changed on both: conflict markers name the paths", base: "seq 1 30 > a", a: "git mv a b; sed -i s/^5$/five-a/ b", b: "sed -i s/^5$/five-b/ a" },
  { name: "the same with diff3 markers (the base's path too)", base: "seq 1 30 > a", a: "git mv a b; sed -i s/^5$/five-a/ b", b: "sed -i s/^5$/five-b/ a", setup: [["config", "merge.conflictStyle", "diff3"]] },
];

describe.if(haveCommand("git"))("merge with directory renames against real git", () => {
  mergeCases(cases);
});
