/**
 * The detached HEAD as status and branch describe it ("HEAD detached at v1",
 * "HEAD detached from abc1234"): its own module, so the long status format
 * loads no more than it needs.
 */
import { readFile } from "../sys/index.ts";
import type { Repository } from "./repo.ts";
import { abbrev, peel, resolveRefName } from "./revision.ts";

/**
 * Where a detached HEAD came from, as wt-status.c finds it: the last
 * "checkout: moving from A to B" in HEAD's reflog names B; "at" when HEAD is
 * still there, "from" after new commits. Undefined without such an entry.
 */
export function detachedFrom(repo: Repository): { name: string; at: boolean } | undefined {
  const head = repo.head();
  if (!head || repo.currentBranch() !== undefined) return undefined;
  let log = "";
  try {
    log = readFile(repo.path("logs/HEAD"), "utf8");
  } catch {
    return undefined;
  }
  const lines = log.split("\n");
  for (let k = lines.length - 1; k >= 0; k--) {
    const line = lines[k]!;
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const msg = line.slice(tab + 1);
    if (!msg.startsWith("checkout: moving from ")) continue;
    const to = msg.indexOf(" to ", 22);
    if (to < 0) continue;
    const target = msg.slice(to + 4);
    const noid = line.slice(41, 81);
    let name = abbrev(repo, noid);
    if (target !== "HEAD") {
      const r = resolveRefName(repo, target);
      if (r && (r.oid === noid || peel(repo, r.oid, "commit") === noid)) name = r.ref!.replace(/^refs\/(tags|remotes)\//, "");
    }
    return { name, at: head === noid };
  }
  return undefined;
}

/** The detached-HEAD line status prints ("HEAD detached at v1", "HEAD detached from abc1234"). */
export function detachedLabel(repo: Repository): string | undefined {
  const head = repo.head();
  if (!head || repo.currentBranch() !== undefined) return undefined;
  const from = detachedFrom(repo);
  return from ? `HEAD detached ${from.at ? "at" : "from"} ${from.name}` : "Not currently on any branch.";
}
