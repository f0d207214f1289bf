/**
 * The history the plumbing tests share, made by real git in both twin
 * repositories: files with modes, a symlink, names to quote, nested
 * directories; a side branch merged back; annotated and lightweight tags;
 * refs both packed and loose; distinct commit dates; and a comparison
 * helper for one command run on both sides.
 */
import { expect } from "bun:test";
import { normalize } from "./replay.ts";
import type { Twin } from "./support.ts";

/** Builds the shared history in both work trees (with real git, so both repositories are byte-identical). */
export function plumbingHistory(t: Twin): void {
  t.sh(`set -e
git init -q .
mkdir -p d/e
echo a > a && echo b > d/b && echo c > d/e/c && printf x > 'sp ace' && ln -s a link && chmod +x a && printf q > 'q"uote' && printf u > 'ü'
git add -A
GIT_COMMITTER_DATE='@1700000100 +0100' git commit -qm one
GIT_COMMITTER_DATE='@1700000150 +0100' git tag -a v1 -m 'release one' -m 'body of the tag'
git tag light
git checkout -qb side
echo s > s && git add s
GIT_COMMITTER_DATE='@1700000300 +0000' git commit -qm 'side: add s' -m 'side body line' -m 'second paragraph'
git checkout -q master
echo a2 >> a
GIT_COMMITTER_DATE='@1700000200 +0200' git commit -qam two
git pack-refs --all
GIT_COMMITTER_DATE='@1700000400 +0100' git merge -q --no-ff side -m 'merge side'
GIT_COMMITTER_DATE='@1700000500 +0100' git tag -a v2 -m two
git tag -a v1-tree -m 'a tree' HEAD^{tree}
git branch topic HEAD~1
git update-ref refs/remotes/origin/master HEAD~1
`);
}

/** Runs `git args` (in `sub`, a directory of the work tree) on both sides and expects the same output and exit code. */
export async function same(t: Twin, args: string[], sub = ""): Promise<void> {
  const r = await t.both(args, sub);
  expect({ args, sub, ...normalize(r.ours, t.ours) }).toEqual({ args, sub, ...normalize(r.real, t.real) });
}

/** The refs, symbolic refs, packed-refs and reflogs of a repository, as text (the files themselves). */
export function refState(dir: string): string {
  const r = Bun.spawnSync(["sh", "-c", "cd .git && for f in HEAD packed-refs $(find refs logs -type f 2>/dev/null | sort) $(ls | grep -E '^[A-Z_]+$' | grep -v HEAD); do [ -f \"$f\" ] && echo \"== $f\" && cat \"$f\"; done; true"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  return r.stdout.toString() + r.stderr.toString();
}

/** Expects both repositories' refs and reflogs to be the same, and real git's fsck --strict to say the same of ours as of its own. */
export function sameRefs(t: Twin, step: unknown = ""): void {
  expect({ step, refs: refState(t.ours) }).toEqual({ step, refs: refState(t.real) });
  expect({ step, fsck: t.gitOnOurs(["fsck", "--strict"]) }).toEqual({ step, fsck: t.realGit(["fsck", "--strict"]) });
}
