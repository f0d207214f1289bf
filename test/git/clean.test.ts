/**
 * git clean against real git: the refusal without -f/-n (and with
 * clean.requireForce set either way), untracked files, directories only with
 * -d (a pathspec implies it), ignored files with -x, only them with -X, -e
 * patterns, pathspecs and subdirectories, nested repositories skipped unless
 * -f is given twice, directories holding ignored files looked into, quoting,
 * -q, and the current directory never removed. Each case compares the
 * output and exit code, then what real git sees of our repository (status
 * with ignored files) and the work tree's files and directories.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { setup, workDirs, workFiles } from "./merge-harness.ts";
import { Twin } from "./support.ts";
import { normalize } from "./replay.ts";

/** Tracked files, then untracked and ignored files and directories of every kind, and nested repositories. */
function untidy(t: Twin): void {
  setup(t, ["init", "-q"]);
  t.sh("printf '*.o\\nign/\\n' > .gitignore && echo t > t && mkdir td && echo t > td/t");
  setup(t, ["add", "-A"]);
  setup(t, ["commit", "-qm", "one"]);
  t.sh(
    [
      "mkdir -p u/sub empty ign mixed td/u2 io p/q e4/sub e2/sub emptygit/.git",
      "echo 1 > u1 && echo 1 > u/a && echo 1 > u/sub/b && echo 1 > x.o && echo 1 > td/y.o && echo 1 > td/new",
      "echo 1 > ign/f && echo 1 > mixed/a && echo 1 > mixed/b.o && echo 1 > td/u2/f && echo 1 > io/x.o && echo 1 > p/q/x.o && echo 1 > p/r",
      "echo 1 > e4/sub/y.o && echo 1 > emptygit/f && echo 1 > 'sp ace' && echo 1 > 'tab\there' && echo 1 > \"$(printf 'caf\\303\\251')\"",
      "ln -s td linkdir && ln -s nowhere dangling && mkdir td/ign && echo 1 > td/ign/z",
      "mkdir nested && cd nested && git init -q && echo 1 > n && cd ..",
      "mkdir -p u/nr && cd u/nr && git init -q && echo 1 > f",
    ].join(" && "),
  );
}

type Case = { args: string[]; sub?: string; config?: [string, string] };

const CASES: Case[] = [
  { args: [] },
  { args: ["-d"] },
  { args: ["-n"] },
  { args: ["-f"] },
  { args: ["--dry-run", "-d"] },
  { args: ["-f", "-d"] },
  { args: ["-fd"] },
  { args: ["-n", "-x"] },
  { args: ["-f", "-x"] },
  { args: ["-n", "-X"] },
  { args: ["-f", "-X"] },
  { args: ["-n", "-d", "-x"] },
  { args: ["-f", "-d", "-x"] },
  { args: ["-n", "-d", "-X"] },
  { args: ["-fdX"] },
  { args: ["-n", "-ff", "-d"] },
  { args: ["-f", "-f", "-d", "-x"] },
  { args: ["--force", "--force", "-d"] },
  { args: ["-f", "--no-force", "-d"] },
  { args: ["-n", "-d", "-e", "u1"] },
  { args: ["-n", "-d", "--exclude=u1", "-e", "mixed"] },
  { args: ["-n", "-x", "-e", "u1"] },
  { args: ["-n", "-d", "-X", "-e", "u1"] },
  { args: ["-n", "-X", "-e", "!x.o"] },
  { args: ["-n", "td"] },
  { args: ["-n", "-d", "-e", "/u1", "-e", "td/new", "-e", "*/"] },
  { args: ["-f", "-d", "-x", "-e", "td/"] },
  { args: ["-f", "u"] },
  { args: ["-n", "-X", "td"] },
  { args: ["-n", "--", "*.o"] },
  { args: ["-n", "-x", "*.o"] },
  { args: ["-n", "-d", "u/*"] },
  { args: ["-n", "-d", "u/sub"] },
  { args: ["-n", "-d", "u/a", "p"] },
  { args: ["-n", "-d", "nested"] },
  { args: ["-n", "-ff", "nested/n"] },
  { args: ["-n", "nosuch"] },
  { args: ["-n", "-q", "-d"] },
  { args: ["-f", "-q", "-d", "-x"] },
  { args: ["-n", "-x", "-X"] },
  { args: ["--frobnicate"] },
  { args: ["-n", "-e"] },
  { args: ["-n", "-d"], sub: "td" },
  { args: ["-f", "-d", "-x"], sub: "td" },
  { args: ["-n", "-d", ".."], sub: "td" },
  { args: ["-n", "-d", "-x", "../u", "../x.o"], sub: "td" },
  { args: ["-n", "-d"], sub: "u" },
  { args: ["-f", "-d"], sub: "u" },
  { args: ["-n", "-d"], sub: "e2" },
  { args: ["-f", "-d"], sub: "e2/sub" },
  { args: ["-d"], config: ["clean.requireForce", "false"] },
  { args: ["-d", "-f"], config: ["clean.requireForce", "false"] },
  { args: ["-d"], config: ["clean.requireForce", "true"] },
  { args: ["-f", "-n", "-d"], config: ["clean.requireForce", "true"] },
];

describe.if(haveCommand("git"))("git clean against real git", () => {
  for (const c of CASES) {
    const label = `clean ${c.args.join(" ")}${c.sub ? ` (in ${c.sub}/)` : ""}${c.config ? ` with ${c.config.join("=")}` : ""}`;
    test(label, async () => {
      using t = new Twin();
      untidy(t);
      if (c.config) setup(t, ["config", ...c.config]);
      const r = await t.both(["clean", ...c.args], c.sub);
      expect({ label, ...normalize(r.ours, t.ours) }).toEqual({ label, ...normalize(r.real, t.real) });
      const status = ["status", "--porcelain", "--ignored", "-uall"];
      expect({ label, status: t.gitOnOurs(status).stdout }).toEqual({ label, status: t.realGit(status).stdout });
      expect({ label, files: workFiles(t.ours), dirs: workDirs(t.ours) }).toEqual({ label, files: workFiles(t.real), dirs: workDirs(t.real) });
    });
  }

  test("interactive cleaning is refused, whatever else is given", async () => {
    using t = new Twin();
    untidy(t);
    for (const args of [["-i"], ["-n", "-d", "--interactive"]]) {
      const r = await t.both(["clean", ...args]);
      expect(r.ours).toEqual({ code: 128, stdout: "", stderr: "fatal: gokit git clean does not support -i\n" });
    }
    expect(workFiles(t.ours)).toEqual(workFiles(t.real));
  });
});
