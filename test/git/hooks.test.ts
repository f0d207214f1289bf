/**
 * Hooks against real git: the same hook scripts in twin repositories, one
 * driven by real git and one by gokit git. Each hook prints its name, path,
 * arguments, directory, GIT_* environment, stdin and message file (to stdout
 * and stderr, which git sends to its stderr in order); the outputs, exit
 * codes, commit ids and what real git then reads must be the same.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { replay as replayTwins, type Step } from "./replay.ts";

/** A hook that reports everything git gives it (the message file byte for byte), then exits with `code`. */
function dumpHook(code = 0, extra = ""): string {
  return `#!/bin/sh
echo "$(basename "$0") $0 [$*]"
echo "  to stderr" >&2
[ "$(pwd -P)" = "$(cd "$(git rev-parse --show-toplevel)" && pwd -P)" ] && echo "  cwd: top" || echo "  cwd: elsewhere"
env | grep '^GIT_' | grep -v -e '^GIT_EXEC_PATH=' -e '^GIT_AUTHOR_' -e '^GIT_COMMITTER_' -e '^GIT_CONFIG_NOSYSTEM=' | sed -e "s|=$PWD/|=<top>/|" -e 's/next-index-[0-9]*/next-index-PID/' | sort | sed 's/^/  /'
if read -r line; then echo "  stdin: $line"; else echo "  stdin: none"; fi
if [ -n "$1" ] && [ -f "$1" ]; then od -c "$1" | sed 's/^/  | /'; fi
if [ "$(basename "$0")" = pre-commit ]; then git diff --cached --name-only | sed 's/^/  staged: /'; fi
${extra}
exit ${code}
`;
}

/** A shell snippet installing `script` as hook `name` (mode 755 unless given) in `dir`. */
function install(name: string, script: string, options: { dir?: string; mode?: string } = {}): string {
  const dir = options.dir ?? '"$(git rev-parse --git-dir)/hooks"';
  return `mkdir -p ${dir} && cat > ${dir}/${name} <<'GOKIT_HOOK_EOF'\n${script}GOKIT_HOOK_EOF\nchmod ${options.mode ?? "755"} ${dir}/${name}`;
}

const ALL = ["pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "post-rewrite", "pre-merge-commit", "post-merge", "post-checkout"];

/** Every hook installed as a dump hook. */
const installAll = ALL.map((h) => install(h, dumpHook())).join("\n");

/** Hooks' temporary index names carry the process id. */
const more = (s: string) => s.replace(/next-index-\d+/g, "next-index-PID");

/** The shared replay, plus: no lock or temporary index left behind, and the same git dir and status at the end. */
const replay = (steps: Step[], env: Record<string, string> = {}) =>
  replayTwins(steps, env, {
    more,
    afterStep: (t) => expect(existsSync(`${t.ours}/.git/index.lock`)).toBe(existsSync(`${t.real}/.git/index.lock`)),
    atEnd: (t) => {
      const git = (dir: string) => Bun.spawnSync(["sh", "-c", "ls .git | grep -v -e '^index$' -e '^logs$'; git status --porcelain"], { cwd: dir, env: t.env }).stdout.toString();
      expect(git(t.ours)).toBe(git(t.real));
    },
  });

const setup: Step[] = [["init", "-q"], "echo a > a; mkdir -p sub/deep; echo s > sub/s", ["add", "."], ["commit", "-qm", "init"]];

describe.if(haveCommand("git"))("git hooks against real git", () => {
  test("commit runs pre-commit, prepare-commit-msg, commit-msg, post-commit (and post-rewrite after --amend) in order with git's arguments, directory and environment", async () => {
    await replay([
      ...setup,
      installAll,
      "echo b >> a; echo n > sub/new",
      ["add", "a", "sub/new"],
      // From a subdirectory: hooks run at the top with GIT_PREFIX, GIT_INDEX_FILE and GIT_EDITOR=: (no editor with -m).
      { cwd: "sub/deep", args: ["commit", "-m", "second  ", "-m", "", "-m", "  body"] },
      "echo c >> a",
      // -a: hooks see the updated index in index.lock, named by its absolute path.
      ["commit", "-a", "-m", "third"],
      "echo d >> a; echo e >> sub/s",
      // commit <paths>: a temporary next-index holds what is committed.
      ["commit", "-m", "fourth", "a"],
      { check: ["diff", "--cached", "--name-only"] },
      // --amend: post-rewrite reads "<old> <new>" on stdin after post-commit.
      ["commit", "--amend", "--no-edit"],
      ["commit", "-q", "--amend", "-m", "again", "--no-post-rewrite"],
      "printf 'from a file  \\n\\n# kept with -F\\n\\n' > .git/msg-file",
      ["commit", "-q", "--allow-empty", "-F", ".git/msg-file"],
      { check: ["log", "-1", "--format=%H%n%B"] },
    ]);
  });

  test("a failing pre-commit, prepare-commit-msg or commit-msg aborts with exit 1, nothing committed and the index as it was", async () => {
    await replay([
      ...setup,
      install("pre-commit", dumpHook(3, 'echo "  refusing"')),
      "echo b >> a; echo c >> sub/s; git add sub/s",
      ["commit", "-a", "-m", "x"],
      { check: ["diff", "--cached", "--name-only"] },
      ["commit", "-m", "x"],
      ["commit", "-m", "x", "a"],
      { check: ["diff", "--cached", "--name-only"] },
      "rm .git/hooks/pre-commit",
      install("prepare-commit-msg", dumpHook(1)),
      ["commit", "-am", "x"],
      "rm .git/hooks/prepare-commit-msg",
      install("commit-msg", dumpHook(1)),
      ["commit", "-am", "x"],
      { check: ["status", "--porcelain"] },
      // What pre-commit adds to the index it is given is committed; "nothing to commit" comes after pre-commit.
      "rm .git/hooks/commit-msg",
      install("pre-commit", dumpHook(0, "echo more >> a && git add a")),
      ["commit", "-m", "x", "--", "sub/s"],
      { check: ["log", "--stat", "-1", "--format=%H"] },
      "git reset -q --hard",
      install("pre-commit", dumpHook()),
      ["commit", "-m", "nothing"],
      "echo u > untracked; echo b >> a; git add a; echo c >> a",
      ["commit", "-m", "staged only"],
      "git checkout -q -- a",
      ["commit", "-am", "nothing left"],
    ]);
  });

  test("what pre-commit stages in the index it is given is committed (as is, -a, and <paths>)", async () => {
    const fixer = dumpHook(0, `for f in $(git diff --cached --name-only); do sed -i 's/ *$//' "$f"; git add "$f"; done`);
    await replay([
      ...setup,
      install("pre-commit", fixer),
      "printf 'trailing   \\n' >> a; git add a",
      ["commit", "-m", "as is"],
      { check: ["log", "-1", "-p", "--format=%H"] },
      "printf 'more   \\n' >> a; printf 'x  \\n' >> sub/s",
      ["commit", "-am", "all"],
      { check: ["log", "-1", "-p", "--format=%H"] },
      "printf 'again   \\n' >> a; printf 'y  \\n' >> sub/s; git add sub/s",
      ["commit", "-m", "only a", "a"],
      { check: ["log", "-1", "-p", "--format=%H"] },
      { check: ["diff", "--cached"] },
      // Git judged "nothing to commit" before the hook: a hook that unstages everything makes an empty commit.
      install("pre-commit", dumpHook(0, "git reset -q")),
      "echo unstaged >> a; git add a",
      ["commit", "-m", "emptied by the hook"],
      { check: ["log", "-1", "--stat", "--format=%H %s"] },
    ]);
  });

  test("--no-verify and -n skip pre-commit and commit-msg; prepare-commit-msg and post-commit still run", async () => {
    await replay([...setup, installAll, "echo b >> a", ["commit", "-a", "--no-verify", "-m", "x"], "echo c >> a", ["commit", "-anm", "y"]]);
  });

  test("core.hooksPath names the hooks directory, relative to the top of the work tree", async () => {
    await replay([
      ...setup,
      install("pre-commit", dumpHook(1)),
      install("pre-commit", dumpHook(), { dir: "my-hooks" }),
      install("commit-msg", dumpHook(), { dir: "my-hooks" }),
      "git config core.hooksPath my-hooks",
      "echo b >> a",
      { cwd: "sub", args: ["commit", "-am", "x"] },
      "git config core.hooksPath \"$PWD/my-hooks\"",
      "echo c >> a",
      ["commit", "-qam", "y"],
    ]);
  });

  test("a .git file's git dir is named absolutely and exported as GIT_DIR; GIT_DIR=.git keeps its relative name", async () => {
    const steps = (extra: Step[]): Step[] => [...setup, ...extra, installAll, "echo b >> a", ["commit", "-qam", "x"], ["checkout", "-q", "-b", "topic"], ["merge", "master"]];
    await replay(steps(['mv .git "../$(basename "$PWD").gitdir" && echo "gitdir: ../$(basename "$PWD").gitdir" > .git']));
    await replay(steps([]), { GIT_DIR: ".git" });
  });

  test("a hook that is not executable is skipped with git's hint, once per hook; advice.ignoredHook false silences it", async () => {
    await replay([
      ...setup,
      install("pre-commit", dumpHook(1), { mode: "644" }),
      install("commit-msg", dumpHook(1), { mode: "644" }),
      "echo b >> a",
      ["commit", "-am", "x"],
      "echo c >> a",
      ["-c", "advice.ignoredHook=false", "commit", "-qam", "y"],
      "mkdir -p hk && cp .git/hooks/pre-commit hk/ && git config core.hooksPath hk && echo d >> a",
      ["commit", "-qam", "z"],
    ]);
  });

  test("hooks without #! run with /bin/sh; a missing interpreter, a directory or a signal aborts with git's error", async () => {
    await replay([
      ...setup,
      install("pre-commit", 'echo "no interpreter line: $0 [$*]"\n'),
      "echo b >> a",
      ["commit", "-am", "x"],
      install("pre-commit", "#!/nonexistent/sh\necho never\n"),
      "echo c >> a",
      ["commit", "-am", "y"],
      // A directory passes the executable check but cannot be run; a hook killed by a signal fails.
      "rm .git/hooks/pre-commit; mkdir .git/hooks/pre-commit",
      ["commit", "-am", "z"],
      "rmdir .git/hooks/pre-commit",
      install("pre-commit", "#!/bin/sh\necho dying\nkill -TERM $$\n"),
      ["commit", "-am", "z"],
      { check: ["status", "--porcelain"] },
    ]);
  });

  test("commit-msg and prepare-commit-msg edit the message; git's cleanup applies (comments kept with -m, stripped with an editor)", async () => {
    const edit = `printf '\\n# a comment   \\nSigned-off-by: Hook <hook@example.com>   \\n\\n\\n' >> "$1"`;
    await replay(
      [
        ...setup,
        install("commit-msg", dumpHook(0, edit)),
        install("prepare-commit-msg", dumpHook(0, `sed -i 's/^subject/[TICKET-1] subject/' "$1"`)),
        "echo b >> a",
        ["commit", "-qam", "subject"],
        { check: ["log", "-1", "--format=%H%n%B"] },
        "echo c >> a",
        // Without -m the editor runs (GIT_EDITOR here): its file has git's comment lines, all stripped.
        ["commit", "-qa"],
        { check: ["log", "-1", "--format=%H%n%B"] },
        ["commit", "-q", "--amend"],
        { check: ["log", "-1", "--format=%H%n%B"] },
        // A hook that empties the message aborts the commit.
        install("commit-msg", dumpHook(0, ': > "$1"')),
        "echo d >> a",
        ["commit", "-qam", "z"],
      ],
      { GIT_EDITOR: "f() { sed -i '1s/^$/subject from the editor/' \"$1\"; }; f" },
    );
  });

  test("the editor and the hooks get git's template: the message, git's hint, the author and the status, commented", async () => {
    await replay(
      [
        ["init", "-q"],
        "echo a > a; mkdir -p sub; echo s > sub/s; git add .",
        // Amending the root commit: "Initial commit".
        ["commit", "-qm", "root"],
        ["commit", "-q", "--amend"],
        "od -c .git/seen-by-editor",
        install("prepare-commit-msg", "#!/bin/sh\ncp \"$1\" .git/seen-by-hook\n"),
        "git branch side; echo b >> a; echo u > untracked; echo n > sub/new; git add sub/new",
        ["commit", "-q"],
        "od -c .git/seen-by-hook; od -c .git/seen-by-editor",
        "echo c >> a",
        { cwd: "sub", args: ["commit", "-qa"] },
        "od -c .git/seen-by-editor",
        "git checkout -q side; echo side > a; git commit -qam side; git checkout -q master",
        ["merge", "side"],
        "echo resolved > a; git add a",
        ["commit", "-q"],
        "od -c .git/seen-by-editor",
        // Amending: the author date is shown and the status is against the amended commit's parent.
        "git mv sub/s moved; echo more >> a; git add a; echo dirty >> moved",
        ["commit", "-q", "--amend"],
        "od -c .git/seen-by-editor",
        ["commit", "-q", "--amend", "--reset-author"],
        "od -c .git/seen-by-editor",
      ],
      { GIT_EDITOR: "f() { cp \"$1\" .git/seen-by-editor; echo 'from the editor' >> \"$1\"; }; f" },
    );
  });

  test("post-checkout gets <old> <new> 1 for branch and commit checkouts and <HEAD> <HEAD> 0 for paths; its failure is the exit code", async () => {
    await replay([
      ...setup,
      "echo b >> a",
      ["commit", "-qam", "second"],
      install("post-checkout", dumpHook()),
      ["checkout", "-b", "topic"],
      ["checkout", "master"],
      ["checkout", "-q", "HEAD~1"],
      ["checkout", "master"],
      ["switch", "-c", "other", "HEAD~1"],
      ["switch", "master"],
      ["switch", "--detach", "topic"],
      ["checkout"],
      ["checkout", "-q", "master"],
      "echo dirty >> a",
      ["checkout", "--", "a"],
      "echo dirty >> a",
      ["checkout", "a"],
      ["checkout", "HEAD~1", "--", "a"],
      // Without "--" git counts the files it rewrote, from the index or from the tree.
      "echo dirty >> sub/s",
      ["checkout", "a", "sub"],
      "echo dirty >> sub/s",
      ["checkout", "master", "a", "sub"],
      ["checkout", "HEAD~1", "a", "sub"],
      ["checkout", "HEAD", "."],
      ["checkout", "no-such-branch"],
      install("post-checkout", dumpHook(3)),
      ["checkout", "topic"],
      ["checkout", "master", "--", "a"],
      ["switch", "-q", "master"],
    ]);
  });

  test("merge runs post-merge after a fast-forward and pre-merge-commit, prepare-commit-msg, commit-msg, post-merge for a merge commit", async () => {
    await replay([
      ...setup,
      "git branch side; git branch ff; echo b >> a",
      ["commit", "-qam", "master"],
      "git checkout -q ff; echo f > f; git add f",
      ["commit", "-qm", "on ff"],
      "git checkout -q side; echo s >> sub/s",
      ["commit", "-qam", "on side"],
      "git checkout -q master",
      installAll,
      ["merge", "-m", "ignored for a fast-forward", "ff"],
      { check: ["reflog", "-1"] },
      ["merge", "side"],
      "git reset -q --hard HEAD~1",
      ["merge", "-m", "merged  ", "--no-verify", "side"],
      "git reset -q --hard HEAD~1",
      ["merge", "-q", "--no-ff", "ff"],
    ]);
  });

  test("a failing merge hook leaves the merge for git commit, which concludes it running its own hooks", async () => {
    await replay([
      ...setup,
      "git branch side; echo b >> a",
      ["commit", "-qam", "master"],
      "git checkout -q side; echo s >> sub/s",
      ["commit", "-qam", "on side"],
      "git checkout -q master",
      installAll,
      install("pre-merge-commit", dumpHook(1)),
      ["merge", "side"],
      { check: ["status", "--porcelain"] },
      "od -c .git/MERGE_MSG; cat .git/MERGE_HEAD .git/MERGE_MODE",
      ["commit", "--no-edit"],
      "git reset -q --hard HEAD~1",
      install("pre-merge-commit", dumpHook()),
      install("commit-msg", dumpHook(1)),
      ["merge", "--no-ff", "-m", "msg  ", "side"],
      "od -c .git/MERGE_MSG; cat .git/MERGE_MODE",
      ["merge", "--abort"],
      install("commit-msg", dumpHook(0, ': > "$1"')),
      ["merge", "side"],
      ["commit", "-m", "by hand"],
    ]);
  });
});
