/**
 * git archive against real git: tar byte for byte (the pax global header,
 * modes under tar.umask, symlinks, a name over 100 bytes split into the
 * prefix field and one too long for it given a pax header, --prefix, paths
 * with their leading directories, a tree rather than a commit), tar.gz/tgz
 * through gzip -cn, -o choosing the format by extension; zip checked with
 * unzip (same listing, contents, modes and comment; the deflate streams are
 * fflate's, so compressed sizes differ); --list and the errors.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { haveCommand } from "../support/require.ts";
import { gokitCommand } from "../support/cli.ts";
import { Twin } from "./support.ts";

describe.if(haveCommand("git") && haveCommand("tar"))("git archive against real git", () => {
  test("writes the archives git writes", async () => {
    using t = new Twin();
    await t.both(["init", "-q"]);
    const long = `${"a".repeat(60)}/${"b".repeat(60)}/file-with-a-long-name.txt`;
    const tooLong = `${"c".repeat(120)}/${"d".repeat(120)}.txt`;
    t.sh(`mkdir -p d/e ${long.slice(0, long.lastIndexOf("/"))} ${tooLong.slice(0, tooLong.lastIndexOf("/"))} && echo x > d/e/x && printf 'exec\\n' > run && chmod +x run && ln -s d/e/x link && echo l > ${long} && echo t > ${tooLong} && seq 1 2000 > big`);
    await t.both(["add", "-A"]);
    await t.both(["commit", "-qm", "one"]);
    const cases = [
      ["HEAD"], ["--format=tar", "HEAD"], ["--prefix=pre/fix/", "HEAD"], ["--prefix=p", "HEAD"], ["HEAD", "d"], ["HEAD", "d/e/x", "run"], ["--prefix=x/", "HEAD", "d/e"],
      ["-c", "tar.umask=0022", "archive", "HEAD"], ["HEAD", "nosuch"], ["--format=rar", "HEAD"], ["--list"], ["nosuch"], ["--format=tgz", "HEAD"], ["--format=tar.gz", "--prefix=z/", "HEAD", "d"],
    ];
    // Through the binary: the archive is bytes on stdout.
    const ours = (cwd: string, args: string[]) => Bun.spawnSync([...gokitCommand(), "git", ...args], { cwd, env: t.env });
    for (const args of cases) {
      const full = args[0] === "-c" ? args : ["archive", ...args];
      const real = Bun.spawnSync(["git", ...full], { cwd: t.real, env: t.env });
      const mine = ours(t.ours, full);
      expect({ args, code: mine.exitCode, err: mine.stderr.toString(), same: Buffer.compare(mine.stdout, real.stdout) === 0 }).toEqual({ args, code: real.exitCode, err: real.stderr.toString(), same: true });
    }
    // A tree, not a commit: no global header and the time is now, so compare the listing's names and modes.
    const list = (bytes: Uint8Array) => Bun.spawnSync(["tar", "tvf", "-"], { stdin: bytes }).stdout.toString().split("\n").map((l) => l.split(/\s+/).filter((_, i) => i !== 3 && i !== 4).join(" ")).join("\n");
    expect(list(ours(t.ours, ["archive", "HEAD:d"]).stdout)).toBe(list(Bun.spawnSync(["git", "archive", "HEAD:d"], { cwd: t.real, env: t.env }).stdout));
    // -o: the format from the extension, written whole.
    const dir = mkdtempSync(`${tmpdir()}/gokit-archive-`);
    try {
      for (const name of ["out.tar", "out.tgz", "out.tar.gz"]) {
        const real = Bun.spawnSync(["git", "archive", "-o", `${dir}/real-${name}`, "HEAD"], { cwd: t.real, env: t.env });
        const mine = ours(t.ours, ["archive", "-o", `${dir}/ours-${name}`, "HEAD"]);
        expect([mine.exitCode, real.exitCode]).toEqual([0, 0]);
        expect(readFileSync(`${dir}/ours-${name}`).equals(readFileSync(`${dir}/real-${name}`))).toBe(true);
      }
      if (haveCommand("unzip")) {
        ours(t.ours, ["archive", "--format=zip", "-o", `${dir}/ours.zip`, "HEAD"]);
        Bun.spawnSync(["git", "archive", "-o", `${dir}/real.zip`, "HEAD"], { cwd: t.real, env: t.env });
        const listing = (f: string) => Bun.spawnSync(["unzip", "-Z", "-l", f], {}).stdout.toString().split("\n").filter((l) => /^[-dl]/.test(l)).map((l) => l.split(/\s+/).filter((_, i) => i !== 1 && i !== 2 && i !== 4 && i !== 5).join(" ")).join("\n");
        expect(listing(`${dir}/ours.zip`)).toBe(listing(`${dir}/real.zip`));
        const comment = (f: string) => Bun.spawnSync(["unzip", "-z", f]).stdout.toString().split("\n")[1];
        expect(comment(`${dir}/ours.zip`)).toBe(comment(`${dir}/real.zip`));
        for (const side of ["ours", "real"]) Bun.spawnSync(["unzip", "-q", `${dir}/${side}.zip`, "-d", `${dir}/${side}-x`]);
        const tree = (d: string) => Bun.spawnSync(["sh", "-c", "find . -printf '%y %m %p\\n' | sort && cat big run d/e/x"], { cwd: d }).stdout.toString();
        expect(tree(`${dir}/ours-x`)).toBe(tree(`${dir}/real-x`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
