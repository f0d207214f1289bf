/**
 * Reading reflogs (logs/<ref>: "<old> <new> <ident> <time> <tz>\t<message>"
 * per update, oldest first) for the revision forms that name a ref's past:
 * <ref>@{n} (its value n updates ago) and @{-n} (the branch checked out
 * n switches ago), as gitrevisions describes them.
 */
import { readFile } from "../sys/index.ts";
import { fatal } from "./errors.ts";
import type { Repository } from "./repo.ts";

const ZERO = "0".repeat(40);

/** One reflog line: the ref's value before and after an update, and the update's message. */
export interface ReflogEntry {
  old: string;
  new: string;
  message: string;
}

/** The reflog of `ref` (a full ref name, or HEAD), oldest first; empty when it has none. */
export function readReflog(repo: Repository, ref: string): ReflogEntry[] {
  let text: string;
  try {
    text = readFile(repo.path(`logs/${ref}`), "utf8");
  } catch {
    return [];
  }
  const out: ReflogEntry[] = [];
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]{40}) ([0-9a-f]{40}) [^\t]*\t?(.*)$/.exec(line);
    if (m) out.push({ old: m[1]!, new: m[2]!, message: m[3]! });
  }
  return out;
}

/**
 * `<name>@{n}`: the value of `ref` n updates ago (0 is its latest value),
 * failing as git does ("log for 'master' only has 3 entries") past the log's start.
 */
export function reflogValue(repo: Repository, ref: string, name: string, n: number): string {
  const log = readReflog(repo, ref);
  if (n < log.length) return log[log.length - 1 - n]!.new;
  // Just past the oldest entry: the value it replaced, when there was one.
  if (n === log.length && log.length > 0 && log[0]!.old !== ZERO) return log[0]!.old;
  throw fatal(`log for '${name}' only has ${log.length} entries`);
}

/** `@{-n}`: the branch (or detached commit) HEAD was moved away from n checkouts ago, or undefined. */
export function previousBranch(repo: Repository, n: number): string | undefined {
  const log = readReflog(repo, "HEAD");
  let seen = 0;
  for (let k = log.length - 1; k >= 0; k--) {
    const m = /^checkout: moving from (.*) to .*$/.exec(log[k]!.message);
    if (m && ++seen === n) return m[1]!;
  }
  return undefined;
}
