/**
 * compilePosix against git's own compilation (regcomp with REG_NEWLINE, as
 * for log --grep and -G), through `git grep --no-index -G|-E`: the same lines
 * match each pattern, and a pattern git refuses is refused with its message.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { compilePosix } from "../../src/git/posix-regex.ts";
import { haveCommand } from "../support/require.ts";

const LINES = [
  "abc", "a|b", "x+y", "x?y", "(paren)", "{1}", "aaa", "a", "", "foo bar", "foobar", "bar foo", "a.c", "a\\c", "tab\there",
  "UPPER lower", "123 456", "a]b", "a-b", "x^y", "cost $5", "ab ab", "abab", "[x]", "end.", "word_1", "*star", "q{2,3}",
];

const PATTERNS = [
  "abc", "a|b", "a\\|b", "x+y", "x\\+y", "x?y", "x\\?y", "(paren)", "\\(paren\\)", "a\\{3\\}", "a{3}", "a{1,2}b", "^a", "b$", "^$", ".",
  "a.c", "a\\.c", "[abc]", "[^a-z]", "[]a]", "[a-]", "[[:digit:]]+", "[[:upper:]]", "[[:space:]]", "[[:punct:]]", "\\<foo", "bar\\>", "\\bfoo\\b",
  "\\w+_\\w", "x^y", "\\$5", "$5", "\\(ab\\) \\1", "(ab)\\1", "*star", "\\*star", "q{2,3}", "[.]", "[\\]", "a\\\\c", "[[:alpha:]][[:digit:]]",
  "(", "\\(", ")", "[a", "a\\{1", "a\\{x\\}", "[[:nope:]]", "a\\", "\\(a\\)\\2", "z-a", "[z-a]", "+a", "a**", "(a|)",
  "a+*b", "a{2}*", "(a)*+", "a??", "^*", "a|+", "a|*b", "\\(a\\)*", "x\\+*", "a\\{2\\}*", "a\\{3,1\\}", "^^a", "a$$", "\\+a", "(^a", "\\(^a\\)", "a\\|^b", "a^*", "x^*",
];

describe.if(haveCommand("git"))("compilePosix matches git's regcomp (git grep)", () => {
  const dir = mkdtempSync(`${tmpdir()}/gokit-regex-`);
  writeFileSync(`${dir}/lines`, LINES.join("\n") + "\n");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const extended of [false, true]) {
    test(extended ? "extended (-E)" : "basic (-G)", () => {
      for (const pattern of PATTERNS) {
        const r = Bun.spawnSync(["git", "grep", "--no-index", "-h", "-n", extended ? "-E" : "-G", "-e", pattern, "lines"], { cwd: dir, env: { LC_ALL: "C", PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: "1" } });
        const glibc =
          r.exitCode === 128
            ? { error: r.stderr.toString().trim().replace(/^fatal: -e option, '.*': /s, "") }
            : // (git grep also matches an empty "line" after the last newline, past LINES.)
              { lines: r.stdout.toString().split("\n").filter(Boolean).map((l) => Number(l.slice(0, l.indexOf(":"))) - 1).filter((n) => n < LINES.length) };
        let ours: typeof glibc;
        try {
          const re = compilePosix(pattern, { extended }, (why) => why);
          ours = { lines: LINES.flatMap((l, i) => (re.test(l) ? [i] : [])) };
        } catch (e) {
          ours = { error: (e as Error).message.replace(/^fatal: /, "") };
        }
        expect({ pattern, extended, ...ours }).toEqual({ pattern, extended, ...glibc });
      }
    });
  }

  test("-F takes the pattern literally and -i ignores case", () => {
    expect(compilePosix("a.c|(", { fixed: true }).test("xa.c|(y")).toBe(true);
    expect(compilePosix("a.c", { fixed: true }).test("abc")).toBe(false);
    expect(compilePosix("upper", { ignoreCase: true }).test("UPPER")).toBe(true);
  });
});
