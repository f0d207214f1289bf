/**
 * Git's option errors and usage texts: every command gokit git implements,
 * given an unknown option, an unknown switch or -h, prints what real git
 * prints (stdout, stderr, exit code), and the stored usage texts are the
 * installed git's `-h` output.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { gitCommands } from "../../src/git/index.ts";
import { parseOptions, withCommand } from "../../src/git/porcelain/context.ts";
import { gitOptions, optionTable, USAGE } from "../../src/git/porcelain/usage.ts";
import { runGokit } from "../support/cli.ts";
import { prng } from "../support/prng.ts";
import { haveCommand } from "../support/require.ts";
import { Twin, type Out } from "./support.ts";
import { normalize } from "./replay.ts";

/** The commands parse-options parses (log/show/diff have git's revision parser, rev-parse passes options through); "stash push" is a subcommand's table. */
const PARSE_OPTIONS = ["init", "add", "rm", "mv", "describe", "status", "commit", "branch", "checkout", "switch", "merge", "reset", "restore", "clean", "tag", "cat-file", "hash-object", "ls-files", "show-ref", "config", "ls-tree", "merge-base", "symbolic-ref", "update-ref", "write-tree", "commit-tree", "for-each-ref", "stash push", "stash save", "stash drop", "stash apply", "stash pop", "stash store", "grep", "name-rev"];

describe.if(haveCommand("git"))("gokit git's option errors against real git", () => {
  let t: Twin;
  beforeAll(() => {
    t = new Twin();
    t.sh("git init -q . && echo a > a && git add a && git commit -qm one && echo b >> a");
  });
  afterAll(() => t[Symbol.dispose]());

  /** Runs each argument list on both sides and expects the same bytes and exit code. */
  async function same(cases: string[][], sub = ""): Promise<void> {
    for (const args of cases) {
      const r = await t.both(args, sub);
      const step = args.join(" ");
      expect({ step, ...normalize(r.ours, t.ours) }).toEqual({ step, ...normalize(r.real, t.real) });
    }
  }

  test("the stored usage texts are what the installed git prints for -h", () => {
    for (const name of [...gitCommands(), "diff --no-index"]) {
      const r = t.realGit([...name.split(" "), "-h"]);
      expect({ name, code: r.code, text: r.stdout + r.stderr }).toEqual({ name, code: 129, text: USAGE[name]! });
    }
    expect(t.realGit([])).toEqual({ code: 1, stdout: USAGE.git!, stderr: "" });
  });

  test("git's own options before the command: usage, missing values, unknown options, -C errors, pager switches", async () => {
    await same([[], ["-h"], ["--help"], ["--frobnicate"], ["-x", "status"], ["-C"], ["-c"], ["-C", "nonexist", "status"], ["-C", "a", "status"], ["--no-pager", "status"], ["-P", "status", "-s"], ["nosuch"]]);
  });

  test("--version, -v and version name the git gokit follows, marked as gokit's", async () => {
    for (const args of [["--version"], ["-v"], ["version"]]) {
      const r = await t.both(args);
      expect(r.ours.code).toBe(0);
      expect(r.ours.stdout).toBe(r.real.stdout.replace(/\n$/, " (gokit)\n"));
    }
  });

  test("the option tables with their hidden options are git's --help-all tables", () => {
    for (const name of PARSE_OPTIONS) {
      const r = t.realGit([...name.split(" "), "--help-all"]);
      const all = optionTable(r.stdout + r.stderr);
      const table = gitOptions(name)!;
      expect({ name, long: table.long, short: [...table.short].sort(), values: [...table.longValue].sort() }).toEqual({ name, long: all.long, short: [...all.short].sort(), values: [...all.longValue].sort() });
    }
  });

  test("the non-negatable options are git's: git completes no negation of them", () => {
    for (const name of PARSE_OPTIONS) {
      const table = gitOptions(name)!;
      const words = new Set(t.realGit([...name.split(" "), "--git-completion-helper-all"]).stdout.trim().split(/\s+/));
      const negatable = (o: string) => words.has(o.startsWith("no-") ? `--${o.slice(3)}` : `--no-${o}`);
      // Where <x> and no-<x> are both options, completion cannot tell; git's --no-no-<x> is then unknown.
      const unclear = (o: string) => table.long.includes(o.startsWith("no-") ? o.slice(3) : `no-${o}`);
      expect({ name, noneg: table.long.filter((o) => !unclear(o) && !negatable(o)) }).toEqual({ name, noneg: [...table.noneg].filter((o) => !unclear(o)) });
      for (const o of table.long.filter((o) => unclear(o) && o.startsWith("no-"))) {
        const r = t.realGit([...name.split(" "), `--no-${o}`]);
        expect({ name, o, noneg: r.stderr.startsWith(`error: unknown option \`no-${o}'`) }).toEqual({ name, o, noneg: table.noneg.has(o) });
      }
    }
  });

  test("every command prints git's usage for -h, on git's stream, inside and outside a repository", async () => {
    // A directory beside the twin repositories, in no repository.
    mkdirSync(`${t.root}/outside`);
    for (const name of gitCommands()) {
      await same([[name, "-h"]]);
      await same([[name, "-h"]], "../outside");
    }
  });

  test("outside a repository, and in a bare one, git looks for the repository (and work tree) before parsing options", async () => {
    mkdirSync(`${t.root}/plain`);
    t.realGit(["init", "-q", "--bare", `${t.root}/bare.git`]);
    await same(
      gitCommands().flatMap((name) => [[name, "--frobnicate"], ...(name === "init" ? [] : [[name, "-s", "-h"]])]),
      "../plain",
    );
    await same([["diff"], ["diff", "a"], ["diff", "--cached", "x"], ["diff", "-Y"], ["diff", "--stat"]], "../plain");
    await same(
      ["add", "rm", "status", "commit", "checkout", "switch", "merge", "diff", "cat-file", "ls-files"].map((name) => [name, "--frobnicate"]),
      "../bare.git",
    );
  });

  test("an unknown option or switch prints git's error and the command's usage on stderr, exit 129", async () => {
    await same(PARSE_OPTIONS.map((name) => name.split(" ")).flatMap((name) => [[...name, "--frobnicate"], [...name, "-Y"], [...name, "--frob=1"], [...name, "--no-frobnicate"]]));
  });

  test("-h among other arguments prints the usage on stdout, after any earlier error", async () => {
    await same([
      ["status", "-s", "-h"],
      ["status", "x", "-h"],
      ["status", "-sh"],
      ["status", "--frob", "-h"],
      ["add", "-nh"],
      ["rm", "-h", "x"],
      ["tag", "-hx"],
      ["branch", "-v", "-h"],
      ["status", "-s", "--help"],
      ["ls-files", "--", "-h"],
    ]);
  });

  test("value, abbreviation, negation and typo errors are git's", async () => {
    await same([
      ["commit", "-m"],
      ["commit", "--message"],
      ["commit", "--mess"],
      ["tag", "-a", "v1", "-m"],
      ["status", "--short=3"],
      ["status", "--no-short=3"],
      ["status", "-short"],
      ["status", "-porcelain"],
      ["status", "-no-frob"],
      ["add", "-no-x"],
      ["status", "--i"],
      ["status", "--ig=x"],
      ["status", "--no-sh"],
      ["status", "--porc"],
      ["status", "--bra", "--sho"],
      ["status", "--no-short"],
      ["branch", "--no-v"],
      ["checkout", "--ab"],
      ["status", "--porcelain=v1"],
      ["status", "--porcelain=v3"],
      ["hash-object", "--type", "blob", "a"],
      ["rm", "--recursive", "a"],
      ["commit", "--allow", "-m", "x"],
      ["commit", "--allow-empty", "-m", "x"],
      ["status", "-é"],
      ["status", "-5"],
      ["branch", "--end-of-options", "-x"],
      ["tag", "--end-of-options", "-h"],
      ["ls-files", "--end-of-options", "-h"],
    ]);
  });

  test("the commands' own argument checks: exclusive modes, missing or extra arguments, git's wording and usage", async () => {
    await same([
      ["cat-file"],
      ["cat-file", "-t"],
      ["cat-file", "blob"],
      ["cat-file", "-p", "HEAD", "HEAD"],
      ["cat-file", "-t", "-p", "HEAD"],
      ["cat-file", "-t", "-t", "HEAD"],
      ["config"],
      ["config", "--get"],
      ["config", "--get", "a.b", "c", "d"],
      ["config", "--list", "x"],
      ["config", "--get", "--list"],
      ["config", "--global", "--local", "a.b"],
      ["tag", "-a"],
      ["tag", "-m", "x"],
      ["tag", "-l", "-d", "x"],
      ["tag", "--delete", "--list"],
      ["branch", "-d", "-m", "x"],
      ["branch", "-m", "a", "b", "c"],
      ["branch", "-v", "-d", "x"],
      ["show-ref", "--verify"],
      ["rm"],
      ["add", "-u", "-A"],
      ["init", "x", "y"],
      ["init", "a"],
      ["hash-object", "-t", "bogus", "a"],
      ["hash-object", "a", "x"],
    ]);
  });

  test("generated option words (abbreviations, negations, typos, clusters) give git's errors", async () => {
    // Words git accepts run on real git's side only: twin repositories of this test's own.
    using g = new Twin();
    g.sh("git init -q . && echo a > a && git add a && git commit -qm one");
    const random = prng(8);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let compared = 0;
    for (const name of PARSE_OPTIONS) {
      const table = gitOptions(name)!;
      for (let k = 0; k < 40; k++) {
        const long = pick(table.long);
        const prefix = long.slice(0, 1 + Math.floor(random() * long.length));
        const word = pick([`--${prefix}`, `--no-${prefix}`, `--${prefix}=x`, `-${prefix}`, `-${pick([...letters])}${pick(["", ...letters])}`]);
        const real = g.realGit([...name.split(" "), word]);
        // Only git's option errors: what else a word does depends on options gokit may not implement.
        if (real.code !== 129 || !/^error: (unknown|ambiguous|did you mean|option `[^']*' takes no value)/.test(real.stderr)) continue;
        const { ours } = await g.both([...name.split(" "), word]);
        // A cluster reaching a letter of git's that gokit does not implement stops there.
        const stopped = /^error: unknown switch `(.)'/.exec(ours.stderr)?.[1];
        if (stopped !== undefined && table.short.has(stopped)) continue;
        compared++;
        expect({ word: `${name} ${word}`, ...ours }).toEqual({ word: `${name} ${word}`, ...real });
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  test("git diff: invalid options against the work tree, the usage with --cached or revisions", async () => {
    await same([
      ["diff", "--frobnicate"],
      ["diff", "-Y"],
      ["diff", "--st"],
      ["diff", "--frob=2", "--frab"],
      ["diff", "-ph"],
      ["diff", "--frob", "-h"],
      ["diff", "-p", "-h"],
      ["diff", "HEAD", "-h"],
      ["diff", "HEAD", "--frobnicate"],
      ["diff", "--cached", "-Y"],
      ["diff", "HEAD", "-q"],
      ["diff", "-s", "--help"],
      ["diff", "-p", "--no-color", "-U3", "-M50%"],
      ["diff", "--stat", "--no-ext-diff"],
      ["diff", "--name-only", "HEAD"],
    ]);
  });

  test("git rev-parse passes unknown options through in place; -h first is its usage", async () => {
    await same([
      ["rev-parse", "--frobnicate", "HEAD", "-Y", "--short", "HEAD"],
      ["rev-parse", "HEAD", "-h"],
      ["rev-parse", "-h", "HEAD"],
      ["rev-parse", "--verify", "-h"],
      ["rev-parse", "--verify", "HEAD", "-x"],
    ]);
  });

  test("git log and show print their usage for -h or --help anywhere before --", async () => {
    await same([
      ["log", "-p", "-h"],
      ["log", "HEAD", "-h"],
      ["log", "--oneline", "--help"],
      ["log", "--", "-h"],
      ["show", "-p", "-h"],
      ["show", "-s", "--help"],
    ]);
  });

  test("log and show refuse unknown arguments, status -u takes an optional mode, checkout/switch/reset/merge argument checks are git's", async () => {
    for (const args of [
      ["log", "--frob"],
      ["show", "--frob"],
      ["show", "-s", "--oneline"],
      ["status", "-su"],
      ["status", "--untracked"],
      ["status", "-uno", "--porcelain"],
      ["checkout", "-b", "x", "-B", "y"],
      ["switch", "-c", "p", "-C", "q"],
      ["switch", "--discard-changes", "master"],
      ["merge", "--abort", "foo"],
    ]) {
      const r = await t.both(args);
      expect({ args, ...normalize(r.ours, t.ours) }).toEqual({ args, ...normalize(r.real, t.real) });
    }
    using bare = new Twin();
    bare.sh(`git clone -q --bare ${t.real} .`);
    for (const args of [["reset"], ["reset", "--hard"], ["reset", "--soft"]]) {
      const r = await bare.both(args);
      expect({ args, ...r.ours }).toEqual({ args, ...r.real });
    }
  });

  test("the gokit binary prints git's option errors, usage and exit code as they are", async () => {
    for (const args of [["status", "--frobnicate"], ["status", "--i"], ["tag", "-l", "-d", "x"], ["status", "-h"], ["log", "-h"], ["commit", "-h"]]) {
      const ours = await runGokit(["git", ...args], { cwd: t.real, env: t.env });
      expect({ args, ...ours }).toEqual({ args, ...t.realGit(args) });
    }
  });

  test("--help right after the command prints the -h usage on stdout (git would open the manual page)", async () => {
    for (const name of gitCommands()) {
      const r = await t.both([name, "--help"]);
      expect({ name, ...r.ours }).toEqual({ name, code: 129, stdout: USAGE[name]!, stderr: "" });
    }
  });
});

describe("parseOptions", () => {
  const status = { short: { short: "s" }, "untracked-files": { short: "u", value: true, optional: "all" } };
  const parse = (argv: string[]) => withCommand("status", () => parseOptions(argv, status));

  test("an optional value is attached or the default, never the next argument", () => {
    expect(parse(["-u", "x"]).opts["untracked-files"]).toBe("all");
    expect(parse(["-u", "x"]).args).toEqual(["x"]);
    expect(parse(["-uno"]).opts["untracked-files"]).toBe("no");
    expect(parse(["-su"]).opts).toEqual({ short: true, "untracked-files": "all" });
    expect(parse(["--untracked-files=normal"]).opts["untracked-files"]).toBe("normal");
    expect(parse(["--untr", "x"]).opts["untracked-files"]).toBe("all");
  });

  test("a long option resolves among git's names: abbreviations, negations, names git does not have", () => {
    expect(parse(["--shor"]).opts.short).toBe(true);
    expect(parse(["--short", "--no-short"]).opts.short).toBe(false);
    // --show-stash is git's, not ours: unknown to us, and it makes --s ambiguous.
    expect(() => parse(["--show-stash"])).toThrow("error: unknown option `show-stash'");
    expect(() => parse(["--s"])).toThrow("error: ambiguous option: s (could be --short or --show-stash)");
    // Without a command, the spec's own names.
    expect(parseOptions(["--unt=no"], status).opts["untracked-files"]).toBe("no");
  });
});
