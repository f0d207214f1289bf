/**
 * Where stashes live: `refs/stash` names the newest stash commit and its
 * reflog (logs/refs/stash, oldest first) lists every entry, so `stash@{n}` is
 * the entry n pushes ago. Storing appends to the reflog (created whatever
 * core.logAllRefUpdates says); dropping rewrites it without the entry (as
 * `git reflog delete --rewrite --updateref`), and dropping the last entry
 * deletes the ref and its reflog.
 */
import { nodeFs } from "../sys/index.ts";
import { LockFile } from "./refs.ts";
import type { Repository } from "./repo.ts";

/** The ref stashes are recorded under. */
export const STASH_REF = "refs/stash";

const ZERO = "0".repeat(40);

/** Git's copy_reflog_msg: whitespace runs become one space, none leading or trailing. */
export function reflogMessage(message: string): string {
  return message.replace(/[ \t\n\v\f\r]+/g, " ").replace(/^ | $/g, "");
}

/**
 * Records stash commit `oid` as the newest entry, with `message` in the
 * reflog; when refs/stash already names `oid` (the same stash made again,
 * dates and all), git's ref transaction writes nothing, the reflog included.
 */
export function storeStash(repo: Repository, oid: string, message: string): void {
  if (repo.refs.resolve(STASH_REF) === oid) return;
  repo.refs.update(STASH_REF, oid, { message: reflogMessage(message), forceReflog: true });
}

/** Deletes refs/stash and its reflog (`git stash clear`). */
export function clearStash(repo: Repository): void {
  if (repo.refs.resolve(STASH_REF) === undefined) return;
  repo.refs.delete(STASH_REF);
}

/**
 * Removes entry `n` (0 = newest) from the reflog: each kept line's old id
 * becomes the previous kept line's new id (the first's the null id), and the
 * ref takes the newest kept entry's id. With no entry left the stash is cleared.
 */
export function dropStashEntry(repo: Repository, n: number): void {
  const logPath = repo.path(`logs/${STASH_REF}`);
  const refLock = new LockFile(repo.path(STASH_REF));
  let logLock: LockFile | undefined;
  try {
    const lines = nodeFs().readFileSync(logPath, "utf8").split("\n").filter((l) => l !== "");
    const drop = lines.length - 1 - n;
    const kept: string[] = [];
    let last = ZERO;
    lines.forEach((line, k) => {
      if (k === drop) return;
      const next = line.slice(41, 81);
      kept.push(`${last} ${line.slice(41)}\n`);
      last = next;
    });
    if (kept.length === 0) {
      refLock.rollback();
      clearStash(repo);
      return;
    }
    logLock = new LockFile(logPath);
    logLock.commit(kept.join(""));
    refLock.commit(`${last}\n`);
  } catch (e) {
    logLock?.rollback();
    refLock.rollback();
    throw e;
  }
}
