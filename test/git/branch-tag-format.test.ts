/**
 * Branch and tag listings and upstream settings against real git: --sort
 * keys (refname, objectname, committerdate, creatordate, authordate,
 * taggerdate, version:refname, descending, several, branch.sort / tag.sort
 * and --no-sort), --format, -i, -a / -r over remote-tracking refs made with
 * update-ref (with git's "remotes/origin/HEAD -> origin/master" line), colours, -v and
 * -vv with upstreams ahead, behind, equal and gone, the detached HEAD line,
 * --abbrev, --set-upstream-to / -u, --unset-upstream, --track / --no-track
 * and branch.autoSetupMerge on creation (the config written, checked with
 * git config), -r -d, and git's errors for each.
 */
import { describe, expect, test } from "bun:test";
import { haveCommand } from "../support/require.ts";
import { sameAt } from "./dated.ts";
import { ourGit, Twin } from "./support.ts";

const at = sameAt;

/** Branches and tags of different dates, authors' dates apart from committers', remote-tracking refs and a remote. */
async function setup(t: Twin): Promise<void> {
  let time = 1700000000;
  const run = (args: string[], authored?: number) => at(t, (time -= 5000), args, authored ?? time);
  await run(["init", "-q"]);
  const commit = async (msg: string, authored?: number) => {
    t.sh(`echo ${msg} >> f`);
    await run(["add", "f"]);
    await run(["commit", "-qm", msg], authored);
  };
  await commit("one", 1800000000);
  await run(["tag", "v1.10"]);
  await run(["tag", "-a", "v1.9", "-m", "nine"]);
  await commit("two");
  await run(["branch", "Zeta"]);
  await run(["tag", "-a", "V2.0-rc1", "-m", "candidate"]);
  await commit("three", 1500000000);
  await run(["branch", "alpha"]);
  await run(["tag", "v2.0"]);
  await run(["checkout", "-qb", "feature/x"]);
  await commit("four");
  await run(["checkout", "-q", "master"]);
  await commit("five");
  await run(["branch", "beta", "HEAD~3"]);
  await run(["config", "remote.origin.url", "/nowhere"]);
  await run(["config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"]);
  await run(["update-ref", "refs/remotes/origin/master", "HEAD~2"]);
  await run(["update-ref", "refs/remotes/origin/feature/x", "feature/x"]);
  await run(["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/master"]);
  await run(["update-ref", "refs/remotes/upstream/main", "HEAD~1"]);
}

describe.if(haveCommand("git"))("branch and tag --sort, --format, -a/-r and -vv against real git", () => {
  test("listings sort and format as git's", async () => {
    using t = new Twin();
    await setup(t);
    const cases = [
      ["branch"], ["branch", "-a"], ["branch", "-r"], ["branch", "--all", "--list", "*x*"], ["branch", "-r", "-l", "origin/*"], ["branch", "-v", "-a"], ["branch", "-rv"],
      ["branch", "--sort=-refname"], ["branch", "--sort=committerdate"], ["branch", "--sort=-committerdate", "-a"], ["branch", "--sort=authordate"], ["branch", "--sort=objectname"],
      ["branch", "--sort=creatordate", "--sort=-refname"], ["branch", "--sort=refname", "--sort=-committerdate"], ["branch", "--sort=v:refname"], ["branch", "-i", "--sort=refname"],
      ["branch", "--sort=bogus"], ["branch", "--format=%(refname:short) %(objectname:short) %(HEAD)"], ["branch", "-a", "--format=%(refname) %(symref)"],
      ["branch", "--format=%(if)%(HEAD)%(then)>%(end)%(refname:lstrip=-1)", "-v"], ["branch", "--format=%(bad)"], ["branch", "--format=%(refname"], ["branch", "-l", "a*", "-i"],
      ["branch", "-i", "-l", "A*", "z*"], ["branch", "-l", "A*"], ["branch", "--abbrev=10", "-v"], ["branch", "--no-abbrev", "-v"], ["branch", "--abbrev=2", "-v"], ["branch", "-v", "--abbrev=x"],
      ["branch", "--column", "-v"], ["branch", "--no-column"], ["branch", "-r", "new"], ["branch", "-a", "new", "HEAD"],
      ["tag"], ["tag", "--sort=-refname"], ["tag", "--sort=version:refname"], ["tag", "--sort=-v:refname"], ["tag", "--sort=taggerdate"], ["tag", "--sort=-creatordate"], ["tag", "--sort=committerdate"],
      ["tag", "--sort=*committerdate", "--sort=objecttype"], ["tag", "-i", "--sort=refname"], ["tag", "-i", "-l", "v2*"], ["tag", "-l", "V*"], ["tag", "--format=%(refname:strip=2) %(objecttype) %(*objecttype)"],
      ["tag", "-n", "--format=%(refname)"], ["tag", "-n2", "--sort=-taggerdate"], ["tag", "--format=%(contents:subject)", "-l", "v*"], ["tag", "--sort=bogus"], ["tag", "--no-column"],
    ];
    for (const args of cases) await at(t, 1900000000, args);
    // branch.sort and tag.sort, then --sort after them, and --no-sort dropping both.
    t.sh("git config branch.sort -committerdate && git config tag.sort -version:refname");
    for (const args of [["branch"], ["branch", "--sort=refname"], ["branch", "--no-sort"], ["branch", "--no-sort", "--sort=-refname"], ["tag"], ["tag", "--sort=taggerdate"], ["tag", "--no-sort"]]) {
      await at(t, 1900000000, args);
    }
    // Columns, colours and what gokit does not do are refused, never ignored.
    for (const [args, option] of [[["branch", "--column"], "--column"], [["tag", "--column=always"], "--column"], [["branch", "--create-reflog", "x"], "--create-reflog"], [["tag", "-s", "x"], "-s"], [["tag", "-v", "v2.0"], "-v"]] as const) {
      const ours = await ourGit(t.ours, t.env, [...args]);
      expect({ args, ...ours }).toEqual({ args, code: 128, stdout: "", stderr: `fatal: gokit git ${args[0]} does not support ${option}\n` });
    }
    // Colours: --color, color.branch / color.ui, color.branch.<slot>, %(color:…) in formats.
    for (const args of [["branch", "--color", "-a"], ["branch", "--color=always", "-vv", "-a"], ["branch", "--color=never"], ["branch", "--color=true"], ["-c", "color.ui=always", "branch", "-v"],
      ["-c", "color.branch=always", "-c", "color.branch.current=yellow bold", "-c", "color.branch.remote=blue", "branch", "-a"], ["-c", "color.ui=always", "branch", "--no-color"], ["-c", "color.ui=true", "branch"],
      ["tag", "--color", "--format=%(color:red)%(refname:short)"], ["-c", "color.ui=always", "tag", "--format=%(color:green)%(refname:short)%(color:reset) x"], ["tag", "--color=bad"]]) {
      await at(t, 1900000000, args);
    }
    // A branch checked out in another work tree is marked "+" (its path, which differs between the twins, only with -vv).
    t.sh('git worktree add -q "../$(basename "$PWD")-wt" alpha');
    for (const args of [["branch"], ["branch", "-v"], ["branch", "--format=%(HEAD)%(if)%(worktreepath)%(then)+%(end) %(refname:short)"]]) await at(t, 1900000000, args);
    t.sh('git worktree remove "../$(basename "$PWD")-wt"');
    // A detached HEAD comes first whatever the order.
    await at(t, 1900000000, ["checkout", "-q", "v1.9"]);
    for (const args of [["branch"], ["branch", "-v"], ["branch", "--sort=-refname", "-a"], ["branch", "--format=%(refname) %(HEAD) %(refname:short)"], ["branch", "-vv"], ["branch", "--list", "*"]]) {
      await at(t, 1900000000, args);
    }
  });

  test("upstreams: -vv, --set-upstream-to, --unset-upstream, --track and --no-track", async () => {
    using t = new Twin();
    await setup(t);
    const cases = [
      ["branch", "-u", "origin/master"], ["branch", "-vv"], ["branch", "-v"], ["branch", "--set-upstream-to=origin/feature/x", "feature/x"], ["branch", "-vv", "-a"],
      ["branch", "--set-upstream-to", "alpha", "beta"], ["branch", "-q", "-u", "upstream/main", "Zeta"], ["branch", "-vv"], ["branch", "-u", "origin/nosuch"],
      ["branch", "-u", "v1.10"], ["branch", "-u", "origin/master", "nosuch"], ["branch", "-u", "origin/master", "a", "b"], ["branch", "--unset-upstream", "beta"], ["branch", "--unset-upstream", "beta"],
      ["branch", "--unset-upstream", "nosuch"], ["branch", "--unset-upstream", "a", "b"], ["branch", "new1", "origin/master"], ["branch", "new2", "upstream/main"], ["branch", "--track", "new3", "alpha"],
      ["branch", "--track", "new4"], ["branch", "-t", "new5", "v2.0"], ["branch", "--no-track", "new6", "origin/feature/x"], ["branch", "--track=inherit", "new7", "feature/x"],
      ["branch", "--track=inherit", "new8", "alpha"], ["branch", "--track=bogus", "new9"], ["branch", "--set-upstream", "new10"], ["branch", "-q", "new11", "origin/master"],
      ["branch", "new12", "HEAD~1"], ["branch", "-f", "new12", "origin/master"], ["branch", "-vv"], ["config", "--list", "--local"],
    ];
    for (const args of cases) await at(t, 1900000000, args);
    // The upstream's ref gone: [origin/<name>: gone].
    await at(t, 1900000000, ["update-ref", "-d", "refs/remotes/origin/master"]);
    await at(t, 1900000000, ["branch", "-vv"]);
    await at(t, 1900000000, ["branch", "-v"]);
    // branch.autoSetupMerge and branch.autoSetupRebase.
    for (const [value, name] of [["always", "m1"], ["false", "m2"], ["simple", "master2"], ["simple", "feature/x2"], ["inherit", "m3"]] as const) {
      await at(t, 1900000000, ["config", "branch.autoSetupMerge", value]);
      await at(t, 1900000000, ["branch", name, name === "m3" ? "feature/x" : "upstream/main"]);
    }
    await at(t, 1900000000, ["config", "branch.autoSetupRebase", "always"]);
    await at(t, 1900000000, ["branch", "--track", "r1", "origin/feature/x"]);
    await at(t, 1900000000, ["config", "--list", "--local"]);
    // -d checks a branch against its upstream, warning where HEAD would answer otherwise.
    for (const args of [["branch", "d1", "origin/feature/x"], ["branch", "-d", "d1"], ["branch", "d2", "master"], ["branch", "-u", "origin/feature/x", "d2"], ["branch", "-d", "d2"], ["branch", "d3", "origin/feature/x"], ["branch", "-d", "d3"]]) {
      await at(t, 1900000000, args);
    }
    // Deleting remote-tracking branches (a symbolic one shown by its target).
    for (const args of [["branch", "-d", "-r", "upstream/main", "origin/nope"], ["branch", "-rd", "origin/HEAD"], ["branch", "-a", "-d", "alpha"], ["branch", "-d", "origin/feature/x"], ["branch", "-a"]]) {
      await at(t, 1900000000, args);
    }
    // Detached: nothing to set the upstream of.
    await at(t, 1900000000, ["checkout", "-q", "--detach"]);
    for (const args of [["branch", "-u", "origin/feature/x"], ["branch", "--unset-upstream"], ["branch", "-u", "origin/feature/x", "HEAD"], ["branch", "--track", "n3"], ["branch", "--track", "n4", "HEAD"]]) {
      await at(t, 1900000000, args);
    }
    // A start point that names a tag and a branch at once.
    for (const args of [["tag", "dup", "master"], ["branch", "dup", "beta"], ["branch", "--track", "n5", "dup"], ["branch", "n6", "dup"]]) await at(t, 1900000000, args);
    expect(t.gitOnOurs(["config", "--list", "--local"]).stdout).toBe(t.realGit(["config", "--list", "--local"]).stdout);
  });
});
