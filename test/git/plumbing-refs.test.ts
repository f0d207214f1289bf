/**
 * git symbolic-ref and git update-ref against real git: reading, setting and
 * deleting symbolic refs with git's refusals; updating, creating and
 * deleting refs with and without old values, through HEAD or not, with
 * their reflog entries, over packed and loose refs; and --stdin's
 * transactions (through the gokit binary, which reads the real stdin),
 * where one failing line leaves every ref as it was. After each write both
 * repositories' refs and logs are compared and real git's fsck checks ours.
 */
import { beforeEach, afterEach, describe, expect, test } from "bun:test";
import { runGokit } from "../support/cli.ts";
import { haveCommand } from "../support/require.ts";
import { plumbingHistory, same, sameRefs } from "./plumbing-fixture.ts";
import { realGit, Twin } from "./support.ts";

describe.if(haveCommand("git"))("git symbolic-ref against real git", () => {
  let t: Twin;
  beforeEach(() => {
    t = new Twin();
    plumbingHistory(t);
  });
  afterEach(() => t[Symbol.dispose]());

  test("reads symbolic refs: recursing or not, --short, -q for a plain ref, git's errors", async () => {
    t.sh("git symbolic-ref refs/heads/alias refs/heads/side && git symbolic-ref FOO refs/heads/alias && git tag side");
    for (const args of [["HEAD"], ["--short", "HEAD"], ["FOO"], ["--no-recurse", "FOO"], ["--short", "FOO"], ["--short", "--no-recurse", "FOO"], ["refs/heads/master"], ["-q", "refs/heads/master"], ["nosuch"], ["-q", "nosuch"], ["bad..name"], ["-q", "bad..name"], [], ["a", "b", "c"], ["--frobnicate"]]) {
      await same(t, ["symbolic-ref", ...args]);
    }
    t.sh("git checkout -q --detach");
    await same(t, ["symbolic-ref", "HEAD"]);
    await same(t, ["symbolic-ref", "-q", "HEAD"]);
  });

  test("points refs at refs, logging HEAD's moves, and refuses targets outside refs/ or malformed", async () => {
    const steps = [
      ["HEAD", "refs/heads/side"], ["-m", "back to master", "HEAD", "refs/heads/master"], ["HEAD", "refs/heads/unborn"], ["HEAD", "refs/heads/master"],
      ["FOO", "refs/heads/side"], ["-m", "reason", "refs/heads/alias", "refs/tags/v1"], ["HEAD", "master"], ["HEAD", "refs"], ["HEAD", "refs/"], ["HEAD", "refs/heads/bad..x"], ["-m", "", "HEAD", "refs/heads/side"], ["FOO", "x"],
    ];
    for (const args of steps) {
      await same(t, ["symbolic-ref", ...args]);
      sameRefs(t, args);
    }
  });

  test("-d deletes a symbolic ref but not HEAD or a plain ref", async () => {
    t.sh("git symbolic-ref FOO refs/heads/side && git symbolic-ref refs/heads/alias refs/heads/master");
    for (const args of [["-d", "FOO"], ["-d", "FOO"], ["-q", "-d", "FOO"], ["-d", "HEAD"], ["-d", "refs/heads/master"], ["-d", "refs/heads/alias"], ["-d"], ["-d", "a", "b"]]) {
      await same(t, ["symbolic-ref", ...args]);
      sameRefs(t, args);
    }
  });
});

describe.if(haveCommand("git"))("git update-ref against real git", () => {
  let t: Twin;
  beforeEach(() => {
    t = new Twin();
    plumbingHistory(t);
  });
  afterEach(() => t[Symbol.dispose]());

  const oid = (rev: string) => realGit(t.real, t.env, ["rev-parse", rev]).stdout.trim();

  test("sets refs with and without old values, through HEAD and with --no-deref, logging each", async () => {
    const m = oid("master");
    const s = oid("side");
    const z = "0".repeat(40);
    const steps = [
      ["refs/heads/new", "master"], ["-m", "move  it\non", "refs/heads/new", "side", "master"], ["refs/heads/new", "master", m], ["refs/heads/new", "master", z], ["refs/heads/new2", "HEAD~1", ""], ["refs/heads/new2", "side", "nosuch"], ["refs/heads/new2", "nosuch"],
      ["refs/heads/topic", "side"], ["refs/heads/master", "master"], ["-m", "via head", "HEAD", "side"], ["-m", "direct", "refs/heads/master", m, s], ["--no-deref", "HEAD", "side"], ["-m", "tag", "refs/tags/light", "side"], ["--create-reflog", "refs/tags/logged", "side"],
      ["FOO", "master"], ["refs/heads/master/x", "side"], ["refs/heads", "side"], ["refs/heads/tree", "HEAD^{tree}"], ["refs/tags/tree", "HEAD^{tree}"], ["refs/heads/bad..x", "side"], ["refs/heads/missing", "side", m], ["-m", "", "refs/heads/x", "side"],
      [], ["refs/heads/x"], ["a", "b", "c", "d"], ["-z", "refs/heads/x", "side"], ["--stdin", "-d"], ["--stdin", "refs/heads/x"],
    ];
    for (const args of steps) {
      await same(t, ["update-ref", ...args]);
      sameRefs(t, args);
    }
  });

  test("reflogs follow core.logAllRefUpdates: every ref with always, none started with false, existing ones kept", async () => {
    for (const [setting, args] of [
      ["always", ["-m", "tagged", "refs/tags/logged", "side"]], ["always", ["refs/other/x", "side"]], ["false", ["-m", "quiet", "refs/heads/quiet", "side"]], ["false", ["-m", "kept", "refs/heads/master", "side"]], ["true", ["refs/notes/n", "side"]], ["true", ["refs/remotes/r/x", "side"]],
    ] as [string, string[]][]) {
      await same(t, ["-c", `core.logAllRefUpdates=${setting}`, "update-ref", ...args]);
      sameRefs(t, [setting, ...args]);
    }
  });

  test("-d deletes loose and packed refs, checking the old value, through HEAD or not", async () => {
    const m = oid("master");
    const s = oid("side");
    t.sh("git branch loose master && git symbolic-ref refs/heads/alias refs/heads/loose");
    const steps = [["-d", "refs/heads/topic", m], ["-d", "refs/heads/topic", s], ["-d", "refs/tags/light"], ["-d", "refs/heads/nosuch"], ["-d", "refs/heads/nosuch", s], ["-d", "refs/heads/alias"], ["-m", "bye", "-d", "refs/heads/master", "0".repeat(40)], ["-d"], ["-d", "a", "b", "c"], ["-d", "x", "nosuch"]];
    for (const args of steps) {
      await same(t, ["update-ref", ...args]);
      sameRefs(t, args);
    }
  });
});

describe.if(haveCommand("git"))("git update-ref --stdin against real git (the gokit binary)", () => {
  let t: Twin;
  beforeEach(() => {
    t = new Twin();
    plumbingHistory(t);
  });
  afterEach(() => t[Symbol.dispose]());

  const oid = (rev: string) => realGit(t.real, t.env, ["rev-parse", rev]).stdout.trim();

  /** Feeds `input` to `update-ref --stdin` on both sides and compares the output and the refs. */
  async function stdin(input: string, args: string[] = []): Promise<void> {
    const real = Bun.spawnSync(["git", "update-ref", "--stdin", ...args], { cwd: t.real, env: t.env, stdin: Buffer.from(input), stdout: "pipe", stderr: "pipe" });
    const ours = await runGokit(["git", "update-ref", "--stdin", ...args], { cwd: t.ours, env: t.env, stdin: input });
    const step = { input, args };
    expect({ step, ...ours }).toEqual({ step, code: real.exitCode, stdout: real.stdout.toString(), stderr: real.stderr.toString() });
    sameRefs(t, step);
  }

  test("applies update, create, delete and verify lines as one transaction", async () => {
    const m = oid("master");
    const s = oid("side");
    await stdin(`update refs/heads/a ${m}\ncreate refs/heads/b side\ndelete refs/heads/topic\nverify refs/heads/master ${m}\nverify refs/heads/nope\n`);
    await stdin(`update refs/heads/a ${s} ${m}\nupdate refs/heads/c ${m} \ndelete refs/tags/light ${m}\n`, ["-m", "batch"]);
    await stdin(`option no-deref\nupdate HEAD ${s}\nupdate refs/heads/d HEAD~1\n`);
    await stdin(`update "refs/heads/quoted" ${m}\nupdate refs/heads/e  ${m}\n`);
  });

  test("a failing line applies nothing: old values, missing refs, conflicts, bad objects", async () => {
    const m = oid("master");
    const s = oid("side");
    for (const input of [
      `update refs/heads/a ${m}\ncreate refs/heads/b ${m}\ndelete refs/heads/nope ${s}\n`,
      `update refs/heads/a ${m}\nupdate refs/heads/master ${s} ${s}\n`,
      `create refs/heads/master ${s}\n`,
      `verify refs/heads/master\n`,
      `verify refs/heads/nope ${m}\n`,
      `update refs/heads/a ${m}\nupdate refs/heads/a ${s}\n`,
      `update refs/heads/a ${m}\nupdate HEAD ${s}\nupdate refs/heads/master ${s}\n`,
      `update refs/heads/a ${m}\nupdate refs/heads/master/x ${s}\n`,
      `update refs/heads/a ${m}\nupdate refs/heads/t HEAD^{tree}\n`,
    ]) await stdin(input);
  });

  test("malformed input dies with git's message before anything is applied", async () => {
    const m = oid("master");
    for (const input of [
      `update refs/heads/a ${m}`, `update refs/heads/a ${m} \n`, `update refs/heads/a\n`, `update refs/heads/a ${m} ${m} x\n`, `create refs/heads/c ${"0".repeat(40)}\n`, `delete refs/heads/topic ${"0".repeat(40)}\n`,
      "frob x\n", "\n", " update x\n", "update\n", "update \n", `update refs/heads/bad..x ${m}\n`, "update refs/heads/a nosuch\n", `update refs/heads/a ${m} nosuch\n`, "option frob\n", `update refs/heads/a\t${m}\n`, `update "refs/heads/q\\x" ${m}\n`, "verify refs/heads/master",
    ]) await stdin(input);
  });

  test("-z: NUL-terminated arguments, empty values, and git's errors for them", async () => {
    const m = oid("master");
    const s = oid("side");
    const z = "0".repeat(40);
    for (const input of [
      `update refs/heads/a\0${m}\0\0create refs/heads/b\0${s}\0delete refs/heads/topic\0\0verify refs/heads/master\0${m}\0`,
      `update refs/heads/c\0\0\0`, `update refs/heads/a\0${s}\0${m}\0`, `update refs/heads/a\0${s}\0${s}\0`, `update refs/heads/d\0${m}`, `update refs/heads/d\0${m}\0`, `update refs/heads/d`,
      `create refs/heads/e\0${z}\0`, `delete refs/heads/topic\0${z}\0`, `verify refs/heads/nope\0\0`, `update refs/heads/x\0nosuch\0\0`, `update \0${m}\0\0`, `update refs/heads/bad..x\0${m}\0\0`,
      `option no-deref\0update HEAD\0${s}\0\0`, "option frob\0", "\0", "frob\0", `start\0update refs/heads/q\0${m}\0\0commit\0`, `start\0update refs/heads/q2\0${m}\0\0commit`,
    ]) await stdin(input, ["-z"]);
  });

  test("start, prepare, commit and abort drive explicit transactions", async () => {
    const m = oid("master");
    for (const input of [
      `start\nupdate refs/heads/q ${m}\ncommit\n`, `start\nupdate refs/heads/q2 ${m}\n`, `start\nupdate refs/heads/q3 ${m}\nprepare\ncommit\n`, `start\nupdate refs/heads/q4 ${m}\nabort\n`, "start\nstart\n", "commit\n",
      `start\nupdate refs/heads/q5 ${m}\nprepare\nupdate refs/heads/q6 ${m}\n`, `start\ncommit\nupdate refs/heads/q7 ${m}\n`, `start\ncommit\nstart\nupdate refs/heads/q8 ${m}\ncommit\n`, `update refs/heads/q9 ${m}\nstart\ncommit\n`, `start\nupdate refs/heads/master ${m} ${"0".repeat(40)}\nprepare\n`, `start\nupdate refs/heads/master ${m} ${"0".repeat(40)}\ncommit\n`, "start extra\n", "start",
    ]) await stdin(input);
  });
});
