/** The ignore rules of a repository's work tree, configured from its config (loaded only by commands that walk the tree). */
import { IgnoreMatcher } from "./ignore.ts";
import type { Repository } from "./repo.ts";

/** The .gitignore / info/exclude / core.excludesFile rules, honouring core.ignorecase. */
export function ignoreRules(repo: Repository, commandLine?: string[]): IgnoreMatcher {
  return IgnoreMatcher.load(repo.workTree, repo.gitDir, {
    excludesFile: repo.config.get("core.excludesfile"),
    env: repo.env,
    ignoreCase: repo.config.getBool("core.ignorecase", false),
    commandLine,
  });
}
