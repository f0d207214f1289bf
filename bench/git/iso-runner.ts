/**
 * One isomorphic-git operation per process, so its start-up is counted like
 * a git or gokit process: `bun bench/git/iso-runner.ts <op> <dir> [ref]`.
 * Ops: init, add (everything under dir), commit, status (statusMatrix of the
 * whole tree), log (every commit from HEAD, one line each), checkout <ref>.
 */
import fs from "node:fs";
import git from "isomorphic-git";

const [op, dir, ref] = process.argv.slice(2);
if (!op || !dir) throw new Error("usage: iso-runner.ts <op> <dir> [ref]");
const author = { name: "Bench Mark", email: "bench@example.com", timestamp: 1_700_000_000, timezoneOffset: 0 };
const cache = {};

switch (op) {
  case "init":
    await git.init({ fs, dir, defaultBranch: "master" });
    break;
  case "add":
    await git.add({ fs, dir, filepath: ".", cache });
    break;
  case "commit":
    await git.commit({ fs, dir, message: "bench", author, committer: author, cache });
    break;
  case "status": {
    const rows = await git.statusMatrix({ fs, dir, cache });
    const changed = rows.filter(([, head, work, stage]) => !(head === 1 && work === 1 && stage === 1));
    process.stdout.write(`${changed.map((r) => r[0]).join("\n")}\n`);
    break;
  }
  case "log": {
    const commits = await git.log({ fs, dir, cache });
    process.stdout.write(commits.map((c) => `${c.oid} ${c.commit.message.split("\n")[0]}`).join("\n") + "\n");
    break;
  }
  case "checkout":
    await git.checkout({ fs, dir, ref: ref ?? "master", cache });
    break;
  default:
    throw new Error(`iso-runner: unknown op ${op}`);
}
