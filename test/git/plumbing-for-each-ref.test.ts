/**
 * git for-each-ref against real git over branches, remote-tracking refs, a
 * symbolic ref, annotated tags (of a commit, of a tree), lightweight tags,
 * packed and loose refs: the default and custom formats with git's atoms
 * and modifiers, %(if)/%(then)/%(else)/%(end) and %(align), %(color:…)
 * with --color, %(flag) and %(worktreepath), quoting styles,
 * sort keys (dates, sizes, version order, descending, several), --count,
 * patterns, --points-at, --merged/--no-merged, --contains/--no-contains,
 * --ignore-case, upstreams with ahead/behind, and git's errors for bad
 * atoms, formats and options.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { plumbingHistory, same } from "./plumbing-fixture.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git"))("git for-each-ref against real git", () => {
  let t: Twin;
  beforeAll(() => {
    t = new Twin();
    plumbingHistory(t);
    t.sh(`set -e
git symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/master
git tag side HEAD~1
git tag v1.10 heads/side
git tag v1.9 heads/side
git tag v1.10-rc1 heads/side
git tag v1.2.3 heads/side
git branch Upper heads/side
git branch ünï master
GIT_COMMITTER_DATE='@1700000050 -0700' git tag -a -m 'old tag' -m '' -m 'with body' old HEAD~2
git commit-tree HEAD^{tree} -m '
  lead blank
multi line subject
   
body here

' | xargs git update-ref refs/heads/weird
`);
  });
  afterAll(() => t[Symbol.dispose]());

  const fe = async (...args: string[]) => same(t, ["for-each-ref", ...args]);

  test("the default format, patterns and globs", async () => {
    for (const pats of [[], ["refs/heads"], ["refs/heads/"], ["refs/tags/v1*"], ["refs/heads/m*"], ["refs/heads/ma"], ["heads"], ["refs/remotes", "refs/tags/light"], ["refs/*/origin/*"], ["refs/tags/*/x"]]) await fe(...pats);
    await fe("--ignore-case", "refs/heads/MA*");
    await fe("--ignore-case", "REFS/HEADS");
  });

  test("atoms and their modifiers", async () => {
    const formats = [
      "%(refname) %(refname:short) %(refname:lstrip=1) %(refname:lstrip=-1) %(refname:rstrip=1) %(refname:rstrip=-2) %(refname:strip=9)",
      "%(objectname) %(objectname:short) %(objectname:short=10) %(objectname:short=1) %(objecttype) %(objectsize)",
      "%(tree) %(tree:short) %(parent) %(parent:short) %(numparent) %(object) %(type) %(tag)",
      "%(author)|%(authorname)|%(authoremail)|%(authoremail:trim)|%(authoremail:localpart)|%(authordate)",
      "%(committer)|%(committername)|%(committeremail)|%(committerdate)|%(committerdate:iso)|%(committerdate:iso-strict)|%(committerdate:rfc)|%(committerdate:short)|%(committerdate:raw)|%(committerdate:unix)",
      "%(tagger)|%(taggername)|%(taggeremail)|%(taggerdate)|%(creator)|%(creatordate)|%(creatordate:iso8601)",
      "%(*objectname) %(*objecttype) %(*subject) %(*authorname) %(*committerdate) %(*tree)",
      "%(HEAD) %(symref) %(symref:short) %(upstream) %(upstream:short) %(push)",
      "%(authorname:x)|%(author:x)|%(creator:x)|%(numparent:x)|%(HEAD:x)|%(tag:x)",
      "%(color:red)%(refname)%(color:reset) %(color:bold blue)",
      "100%% %41%42 %4 %x41 %",
    ];
    for (const f of formats) await fe(`--format=${f}`);
    await fe("--format=%(subject:sanitize)|%(*subject:sanitize)");
    await fe("--python", "--format=%(refname) S=%(subject) B=%(body) C=%(contents) CS=%(contents:subject) CB=%(contents:body) SIG=%(contents:signature) L0=%(contents:lines=0) L1=%(contents:lines=1) L2=%(contents:lines=2) L9=%(contents:lines=9)");
  });

  test("%(if)/%(then)/%(else)/%(end), %(align), colours with --color, and quoting", async () => {
    for (const f of [
      "%(if)%(*objectname)%(then)tag of %(*objecttype)%(else)plain%(end) %(refname)",
      "%(if:equals=tag)%(objecttype)%(then)[%(tag)]%(end)%(if:notequals=commit)%(objecttype)%(then) not a commit%(end)",
      "%(if)%(symref)%(then)%(refname) -> %(symref)%(end)",
      "%(if)  %(then)spaces%(else)empty%(end)",
      "%(if)%(HEAD)%(then)x%(end)|%(if)%(if)%(tag)%(then)y%(end)%(then)nested%(else)no%(end)",
      "%(align:20)%(refname:short)%(end)|%(align:width=12,position=right)%(objecttype)%(end)|%(align:9,middle)%(refname:lstrip=-1)%(end)|",
    ]) await fe(`--format=${f}`);
    const colors = "%(color:default)|%(color:red)|%(color:bold brightblue ul)|%(color:normal red)|%(color:reset)|%(color:200)|%(color:12 3)|%(color:#ff0080)|%(color:nodim no-ul)|%(color:RED)|%(color:-1)|%(color:reset red)|%(color:normal)%(refname)";
    for (const args of [["--color=always"], ["--color"], ["--color=never"], ["--color=auto"], ["--color=always", "--shell"], ["--color=always", "--python"]]) await fe(...args, `--format=${colors}`);
    await fe("--color=always", "--format=%(color:red)%(refname)%(color:reset)");
    for (const style of ["--shell", "-s", "--perl", "-p", "--python", "--tcl"]) {
      await fe(style, "--format=%(refname) %(subject) %(if)%(tag)%(then)it's %(tag)%(end) %(align:8)%(objecttype)%(end) %(contents:body)");
    }
  });

  test("sorting: keys, descending, numbers, dates, version order, several keys, --count", async () => {
    for (const keys of [["refname"], ["-refname"], ["objectname"], ["objecttype"], ["-objectsize"], ["committerdate"], ["-creatordate"], ["authordate"], ["taggerdate"], ["numparent"], ["version:refname"], ["-v:refname"], ["objecttype", "-refname"], ["-creatordate", "objecttype"], ["subject"], ["*objectname"], ["refname:short"]]) {
      await fe("--format=%(refname) %(objecttype) %(creatordate:unix)", ...keys.map((k) => `--sort=${k}`));
    }
    await fe("--sort=-refname", "--ignore-case", "--format=%(refname)");
    await fe("--count=3", "--sort=-creatordate");
    await fe("--count=0");
  });

  test("filters: --points-at, --merged, --no-merged, --contains, --no-contains", async () => {
    for (const args of [
      ["--points-at", "HEAD"], ["--points-at=HEAD~1"], ["--points-at", "v1"], ["--points-at", "HEAD^{tree}"], ["--points-at", "HEAD", "--points-at", "refs/heads/side"],
      ["--merged"], ["--merged", "HEAD~1"], ["--merged=heads/side"], ["--no-merged", "heads/side"], ["--no-merged"], ["--merged", "HEAD", "--merged", "heads/side"],
      ["--contains", "v1"], ["--contains"], ["--no-contains", "heads/side"], ["--contains", "heads/side", "--no-contains", "HEAD"], ["--merged", "HEAD", "refs/tags"],
    ]) await fe("--format=%(refname)", ...args);
  });

  test("upstreams (through a remote's fetch refspec, a local one, a missing one; ahead and behind), flags and work trees: this test configures them last", async () => {
    t.sh(`set -e
git config branch.master.remote origin && git config branch.master.merge refs/heads/master && git config remote.origin.fetch '+refs/heads/*:refs/remotes/origin/*'
git config branch.side.remote . && git config branch.side.merge refs/heads/master
git config branch.topic.remote nope && git config branch.topic.merge refs/heads/topic
git config branch.weird.remote origin && git config branch.weird.merge refs/heads/gone
git config branch.Upper.remote . && git config branch.Upper.merge refs/heads/side
`);
    await fe("--format=%(refname) [%(upstream)] [%(upstream:short)] [%(upstream:lstrip=1)] [%(upstream:remotename)] [%(upstream:remoteref)] %(upstream:track) %(upstream:trackshort) %(upstream:track,nobracket)", "refs/heads");
    await fe("--format=%(upstream:foo)");
    t.sh(`git worktree add -q "$PWD-wt" Upper && git symbolic-ref refs/heads/alias refs/heads/topic`);
    await fe("--format=%(refname) [%(flag)] [%(worktreepath)] [%(symref)] [%(HEAD)]");
    const r = await t.both(["for-each-ref", "--format=%(push)", "refs/heads/master"]);
    expect(r.ours).toEqual({ code: 128, stdout: "", stderr: "fatal: gokit git for-each-ref does not support %(push) for a branch with a remote\n" });
  });

  test("errors: unknown atoms, bad modifiers, malformed formats, bad options", async () => {
    for (const f of [
      "%(foo)", "%(foo:bar)", "%(*foo)", "%(refname:foo)", "%(objectname:foo)", "%(refname", "x%(", "%(refname:lstrip=x)", "%(objectname:short=x)", "%(objectname:short=0)",
      "%(objecttype:x)", "%(objectsize:x)", "%(contents:foo)", "%(contents:lines=x)", "%(body:x)", "%(subject:x)", "%(authoremail:x)", "%(authordate:foo)", "%(upstream:foo)", "%(if:foo)x%(then)%(end)",
      "%(color:bogus)", "%(color)", "%(color:)", "%(color:red blue green)", "%(color:300)", "%(color:nobold)", "%(align)x%(end)", "%(align:0)x%(end)", "%(align:5,top)x%(end)", "%(align:top)x%(end)", "%(align:position=top)x%(end)", "%(align:width=x)x%(end)", "%(align:-3)x%(end)", "%(align:left)x%(end)", "%(align:3,4)x%(end)", "%(rest)", "%(describe)",
      "%(if)x", "%(then)", "%(if)%(then)", "%(else)", "%(end)", "%(if)a%(then)b%(else)c", "%(if)a%(else)b%(end)", "%(if)a%(then)b%(then)%(end)", "%(if)a%(then)b%(else)c%(else)%(end)", "%(if)a%(then)b%(else)c%(then)%(end)", "%(if)a%(end)",
    ]) await fe(`--format=${f}`);
    for (const args of [
      ["--sort=foo"], ["--sort=-foo"], ["--sort=v:foo"], ["--count=-1"], ["--count=x"], ["-s", "-p"], ["--shell", "--tcl"], ["--merged", "nosuch"], ["--merged", "v1-tree"], ["--no-merged", "HEAD^{tree}"],
      ["--contains", "nosuch"], ["--contains", "HEAD^{tree}"], ["--merged", "1234567890".repeat(4)], ["--contains", "1234567890".repeat(4)], ["--points-at", "1234567890".repeat(4)], ["--no-contains", "nosuch"], ["--points-at", "nosuch"], ["--frobnicate"], ["--format"], ["--color=bogus"],
    ]) await fe(...args);
    // Atoms that fail only when a ref has the field: nothing matched, nothing to fail.
    await fe("--format=%(authordate:foo)", "refs/nothing");
    await fe("--format=%(if)", "refs/nothing");
  });
});
