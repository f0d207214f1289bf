/**
 * git grep against real git: tracked, untracked, ignored and index-only
 * files, trees and commits as revisions, a subdirectory as the current
 * directory, context lines and git's hunk marks, pattern expressions, every
 * output option, binary files, unusual file names, and git's errors.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { haveCommand } from "../support/require.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("git grep against real git", () => {
  let t: Twin;
  beforeAll(async () => {
    t = new Twin();
    await t.both(["init", "-q"]);
    t.sh(
      [
        "printf 'foo one\\nbar two\\nfoo three\\nbaz\\nqux\\nfoo end\\nlast line\\n' > a.txt",
        "mkdir -p sub/deep && printf 'hello foo\\nnothing\\nFOO upper\\n' > sub/b.txt && printf 'deep foo\\n' > sub/deep/c.txt",
        "printf 'bin\\000foo\\n' > bin.dat && printf 'x foo\\n' > 'sp ace.txt' && printf 'foo q\\n' > 'q\"uote.txt'",
        "printf 'caf\\303\\251 foo\\n' > \"$(printf 'caf\\303\\251.txt')\"",
        "printf 'foo_bar foobar foo-bar\\n(paren) a+b a{1}\\n' > words.txt && printf 'no newline foo' > nn.txt",
        "printf 'ign\\n*.log\\n' > .gitignore && echo 'foo ignored' > ign && echo 'foo tracked log' > kept.log",
      ].join(" && "),
    );
    await t.both(["add", "-A"]);
    await t.both(["add", "-f", "kept.log"]);
    await t.both(["commit", "-qm", "one"]);
    t.sh("printf 'foo changed\\nsecond foo\\n' > sub/b.txt && git add sub/b.txt && printf 'foo work only\\n' > sub/b.txt");
    t.sh("echo 'foo untracked' > untr.txt && echo 'foo log' > other.log && printf 'staged foo\\n' > staged.txt && git add staged.txt");
    await t.both(["commit", "-qm", "two", "--", "a.txt"]);
  });
  afterAll(() => t[Symbol.dispose]());

  /** Runs each argument list on both sides (in `sub`) and expects git's bytes and exit code. */
  async function same(cases: string[][], sub = ""): Promise<void> {
    for (const args of cases) {
      const r = await t.both(["grep", ...args], sub);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  }

  test("searches the tracked files of the work tree, the index, untracked files and plain directories", async () => {
    await same([["foo"], ["--cached", "foo"], ["--untracked", "foo"], ["--untracked", "--no-exclude-standard", "foo"], ["--no-index", "foo"], ["--no-index", "--exclude-standard", "foo"]]);
    await same([["staged"], ["--cached", "work only"], ["work only"], ["ignored"], ["--untracked", "ignored"], ["--no-index", "ignored"], ["tracked log"], ["--untracked", "log"]]);
    await same([["nothing-matches-this"], ["-q", "foo"], ["-q", "nothing-matches-this"], ["--no-index", "-q", "foo"]]);
  });

  test("searches trees, commits, tags and blobs given as revisions", async () => {
    await t.both(["tag", "-a", "-m", "tag", "v1", "HEAD~1"]);
    await same([["foo", "HEAD"], ["foo", "HEAD~1"], ["foo", "HEAD", "HEAD~1"], ["-c", "foo", "v1"], ["foo", "HEAD:sub"], ["foo", "HEAD^{tree}"], ["foo", "HEAD:a.txt"], ["-n", "foo", "HEAD~1", "--", "sub"]]);
    await same([["foo", "HEAD"], ["foo", "HEAD", "--", ".."], ["foo", "HEAD:a.txt"], ["foo", "HEAD:sub/b.txt"], ["--full-name", "foo", "HEAD"]], "sub");
  });

  test("in a subdirectory, searches below it and names files relative to it unless --full-name", async () => {
    await same([["foo"], ["foo", "--", ".."], ["foo", ".."], ["--full-name", "foo"], ["-l", "foo", "../a.txt"], ["--cached", "foo", "deep"], ["-z", "-l", "foo", ".."], ["--untracked", "foo", ".."], ["--no-index", "foo"]], "sub");
  });

  test("pathspecs, globs and --max-depth", async () => {
    await same([["foo", "--", "*.txt"], ["foo", "--", "sub/*"], ["foo", "sub"], ["foo", "--", "sub/deep", "a.txt"], ["--max-depth", "0", "foo"], ["--max-depth", "1", "foo"], ["--max-depth", "0", "foo", "--", "sub"], ["--max-depth", "0", "foo", "--", "*.txt"], ["--no-recursive", "foo"], ["--max-depth", "1", "foo", "HEAD"]]);
  });

  test("context lines with git's separators, --break and --heading", async () => {
    await same([["-C1", "foo", "a.txt"], ["-A1", "foo"], ["-B2", "-n", "foo"], ["-2", "foo", "a.txt"], ["-C", "1", "-A", "0", "foo"], ["--context=1", "-n", "bar"], ["-A1", "foo", "--", "bin.dat", "a.txt"], ["-C1", "foo", "--", "nn.txt", "a.txt"], ["-A", "-1", "foo"], ["--threads=1", "-B", "-1", "-e", "foo", "-e", "qux", "a.txt"]]);
    await same([["--break", "foo"], ["--heading", "foo"], ["--heading", "--break", "-n", "-C1", "foo"], ["--break", "-l", "foo"], ["-A1", "-c", "foo"], ["-C1", "-l", "foo"], ["--cached", "-C1", "foo"], ["-C1", "foo", "HEAD"]]);
    // A binary file first: git's threads drop its line (the first line of all the output).
    await same([["-C1", "foo", "--", "bin.dat", "a.txt"], ["--threads", "1", "-C1", "foo", "--", "bin.dat", "a.txt"], ["--threads=1", "--break", "foo"]]);
  });

  test("pattern expressions: --and, --or, --not, parentheses, --all-match", async () => {
    await same([
      ["-e", "foo", "--and", "-e", "one"], ["-e", "foo", "--or", "-e", "bar"], ["--not", "-e", "foo", "--", "a.txt"], ["-e", "foo", "--and", "--not", "-e", "one"],
      ["(", "-e", "foo", "--or", "-e", "baz", ")", "--and", "-e", "o"], ["-e", "foo", "-e", "bar", "--and", "-e", "two"], ["--not", "--not", "-e", "foo"],
      ["--all-match", "-e", "foo", "-e", "one"], ["--all-match", "-e", "foo", "-e", "nomatch"], ["--all-match", "-e", "foo", "--or", "-e", "end", "-e", "three"],
      ["--column", "-e", "one", "--and", "--not", "-e", "xyz"], ["--column", "--not", "-e", "foo", "--", "a.txt"], ["-o", "-e", "foo", "--and", "-e", "o"],
    ]);
    await same([["-e", "foo", "--and"], ["--and", "-e", "foo"], ["-e", "foo", "--not"], ["--not"], ["(", "-e", "foo"], ["-e", "foo", ")"], ["-e", "foo", "--not", "--and", "-e", "x"], ["-e", "a", "(", ")"], ["--not", "foo"]]);
  });

  test("-E, -G, -F, -i, -w, -v and bad patterns with git's messages", async () => {
    await same([["-E", "fo+ (one|end)"], ["-G", "fo\\+ \\(one\\|end\\)"], ["-F", "a+b"], ["a+b"], ["-E", "a+b"], ["-F", "-e", "(paren)"], ["-G", "-E", "a+"], ["-E", "-G", "a+"], ["--no-extended-regexp", "-e", "a+"]]);
    await same([["-i", "FOO"], ["-i", "-F", "FOO"], ["-w", "foo"], ["-w", "-o", "foo"], ["-w", "fo"], ["-w", "-e", "foo", "--", "words.txt"], ["-v", "foo"], ["-v", "-c", "foo"], ["-v", "-o", "foo", "--", "a.txt"], ["-e", ""], ["-o", "-e", ""], ["-e", "one\nthree"], ["-c", "-e", "one\n"]]);
    await same([["-e", "\\("], ["-E", "-e", "("], ["-E", "a{1"], ["-E", "a{1}"], ["-E", "a{,1}"], ["[[:nope:]]"], ["-e", "ok", "-e", "[z-a]"], ["-E", "-e", "*a"], ["-F", "-e", "("]]);
    await t.both(["config", "grep.patternType", "extended"]);
    await same([["fo+ (one|end)"], ["-G", "fo+"]]);
    await t.both(["config", "grep.patternType", "default"]);
    await t.both(["config", "grep.extendedRegexp", "true"]);
    await same([["fo+ (one|end)"]]);
    await t.both(["config", "--unset", "grep.extendedRegexp"]);
    await t.both(["config", "--unset", "grep.patternType"]);
  });

  test("output options: -n, --column, -h, -H, -l, -L, -c, -o, -z, -m and grep.lineNumber", async () => {
    await same([["-n", "foo"], ["--column", "foo"], ["-n", "--column", "-o", "o[a-z]*"], ["-h", "foo"], ["-h", "-H", "foo"], ["-l", "foo"], ["--name-only", "foo"], ["-L", "foo"], ["-L", "nothing-matches"], ["-c", "foo"], ["-c", "-h", "foo"], ["-o", "foo"], ["-o", "-e", "foo", "-e", "bar"]]);
    await same([["-z", "foo"], ["-z", "-n", "--column", "foo"], ["-z", "-l", "foo"], ["-z", "-L", "foo"], ["-z", "-c", "foo"], ["-m", "1", "foo"], ["-m", "1", "-c", "foo"], ["-m", "0", "foo"], ["-m", "0", "-e", "\\("], ["-l", "-c", "foo"], ["-q", "-l", "foo"]]);
    await t.both(["config", "grep.lineNumber", "true"]);
    await same([["foo"], ["--no-line-number", "foo"]]);
    await t.both(["config", "--unset", "grep.lineNumber"]);
  });

  test("binary files: a match is reported, -I skips them, -a searches them as text", async () => {
    await same([["foo", "bin.dat"], ["-I", "foo"], ["-a", "foo", "bin.dat"], ["-c", "foo", "bin.dat"], ["-l", "-I", "foo"], ["-o", "foo", "bin.dat"], ["-z", "foo", "bin.dat"], ["-L", "-I", "foo"]]);
  });

  test("unusual names are quoted as git quotes them, except with -z", async () => {
    await same([["foo", "--", "sp ace.txt", "q\"uote.txt", "café.txt"], ["-l", "foo"], ["-z", "-l", "foo"], ["-c", "-z", "foo"], ["--heading", "foo", "q\"uote.txt"]]);
    await same([["foo", "--", "../q\"uote.txt", "../café.txt"]], "sub");
  });

  test("arguments: revisions, paths, -- and git's errors for what is neither", async () => {
    await same([[], ["--", "foo"], ["--", "foo", "--", "a.txt"], ["-e", "foo", "--", "a.txt"], ["foo", "-n"], ["-e", "foo", "nosuch"], ["-e", "foo", "a.txt", "nosuch"], ["foo", "nosuch", "--"], ["foo", "HEAD", "nosuch"], ["foo", "HEAD:nosuch"], ["foo", "--", "nosuch"]]);
    await same([["--no-index", "foo", "HEAD"], ["--no-index", "foo", "a.txt", "--", "b"], ["--untracked", "foo", "HEAD", "--", "x"], ["--cached", "--no-index", "foo"], ["--untracked", "--cached", "foo"], ["--no-index", "--untracked", "foo"], ["--no-index", "--untracked", "--cached", "foo"], ["--cached", "--no-index", "-e", "\\("], ["--cached", "--no-index", "-m", "0", "foo"], ["--exclude-standard", "foo"], ["--cached", "foo", "HEAD"], ["--threads", "-1", "foo"], ["-A", "x", "foo"], ["--after-context=x", "foo"], ["--context=x", "foo"], ["--max-depth", "x", "foo"]]);
    await same([["-f", "nosuch"], ["--frobnicate"], ["-Y", "foo"], ["--no-and", "foo"], ["--max-d=1", "foo"], ["-3n", "foo", "a.txt"]]);
  });

  test("gokit refuses the options it does not carry out", async () => {
    for (const [args, name] of [[["-p", "foo"], "-p"], [["-W", "foo"], "-W"], [["-P", "foo"], "-P"], [["-O", "foo"], "-O"], [["--recurse-submodules", "foo"], "--recurse-submodules"], [["--textconv", "foo"], "--textconv"], [["--color=always", "foo"], "--color"]] as const) {
      const r = await t.both(["grep", ...args]);
      expect(r.ours).toEqual({ code: 128, stdout: "", stderr: `fatal: gokit git grep does not support ${name}\n` });
    }
    const magic = await t.both(["grep", "foo", "--", ":!a.txt"]);
    expect(magic.ours).toEqual({ code: 128, stdout: "", stderr: "fatal: gokit git grep does not support pathspec magic\n" });
    const coloured = await t.both(["-c", "color.ui=always", "grep", "foo"]);
    expect(coloured.ours).toEqual({ code: 128, stdout: "", stderr: "fatal: gokit git grep does not support color.grep=always\n" });
    await same([["--no-color", "foo"], ["--color=never", "foo"]]);
  });

  test("-f reads patterns from a file at the top of the work tree", async () => {
    t.sh("printf 'one\\n\\nend\\n' > pats && printf '\\\\(\\n' > bad");
    await same([["-f", "pats"], ["-f", "pats", "-e", "bar"], ["-f", "bad"]]);
    await same([["-f", "pats"], ["-f", "sub/../pats"]], "sub");
    t.sh("rm pats bad");
  });

  test("outside a repository: --no-index searches the directory, anything else is not a repository", async () => {
    mkdirSync(`${t.root}/plain/d`, { recursive: true });
    Bun.spawnSync(["sh", "-c", "printf 'foo\\nbar\\n' > x && printf 'foo deep\\n' > d/y && ln -s x link && ln -s d dlink && mkfifo fifo"], { cwd: `${t.root}/plain` });
    await same([["--no-index", "foo"], ["--no-index", "-n", "foo", "d"], ["foo"], ["--no-index", "-C1", "bar"]], "../plain");
  });

  test("unmerged, intent-to-add and skipped entries follow git's rules", async () => {
    t.sh("echo 'foo intent' > ita.txt && git add -N ita.txt");
    await same([["intent"], ["--cached", "intent"]]);
    t.sh("git rm -q --cached ita.txt && rm ita.txt");
    t.sh("git update-index --assume-unchanged a.txt && echo 'foo assumed' >> a.txt");
    await same([["assumed"], ["-c", "foo", "a.txt"]]);
    t.sh("git update-index --no-assume-unchanged a.txt && git checkout -q a.txt");
    // Symbolic links: a tracked one is no regular file; a tracked file replaced by one is passed over; untracked ones too.
    t.sh("ln -s a.txt tracked-link && git add tracked-link && ln -s a.txt untracked-link && mv words.txt words.bak && ln -s a.txt words.txt");
    await same([["foo"], ["--cached", "-l", "foo"], ["--untracked", "-l", "foo"], ["--no-index", "-l", "foo"], ["foo", "HEAD"]]);
    t.sh("rm words.txt && mv words.bak words.txt");
  });

  test("an unmerged path is searched once, in the work tree; --cached passes over its stages", async () => {
    t.sh(
      "git commit -qam wip && git checkout -q -b side && echo 'foo side' > conflict.txt && git add conflict.txt && git commit -qm side && git checkout -q master && " +
        "echo 'foo master' > conflict.txt && git add conflict.txt && git commit -qm master && (git merge -q side >/dev/null 2>&1 || true)",
    );
    expect(t.realGit(["grep", "-c", "^<<<<<<<"]).stdout).toBe("conflict.txt:1\n");
    await same([["foo", "conflict.txt"], ["--cached", "foo"], ["-c", "foo"], ["-C1", "side"]]);
  });

  test("the diff attribute says which files are binary: -diff and binary do, diff does not, diff=<driver> as diff.<driver>.binary says", async () => {
    using u = new Twin();
    await u.both(["init", "-q"]);
    u.sh(
      [
        "mkdir -p sub/deep && for f in a.txt b.txt sub/c.txt sub/deep/d.txt x.md y.md; do printf 'foo\\n' > $f; done && printf 'foo\\000\\n' > e.dat",
        "printf '*.txt -diff\\na.txt diff\\n*.dat diff\\nx.md diff=foo\\ny.md diff=bar\\n' > .gitattributes",
        "printf 'deep/* binary\\n' > sub/.gitattributes && printf '* !diff\\n' > sub/deep/.gitattributes",
        "git add -A && git commit -qm one && git config diff.foo.binary true",
      ].join(" && "),
    );
    const cases = [["foo"], ["--cached", "foo"], ["foo", "HEAD"], ["foo", "HEAD^{tree}"], ["foo", "HEAD:b.txt"], ["-a", "foo"], ["-I", "foo"], ["--no-index", "foo"], ["--untracked", "-c", "foo"]];
    const check = async () => {
      for (const args of cases) {
        const r = await u.both(["grep", ...args]);
        expect({ args, ...r.ours }).toEqual({ args, ...r.real });
      }
    };
    expect(u.realGit(["grep", "foo"]).stdout).toContain("Binary file b.txt matches\ne.dat:foo");
    await check();
    // Only in the index: git reads it from there when it has read the index.
    u.sh("rm sub/.gitattributes");
    await check();
  });
});
