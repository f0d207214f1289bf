/**
 * A branch's upstream as git 2.39's branch.c sets it up: where a new branch
 * starts (dwim_branch_start: a branch or remote-tracking branch it may
 * track), which remote's fetch refspecs map that ref (find_tracked_branch),
 * and the branch.<name>.remote / .merge (/ .rebase) entries written, with
 * the "branch 'x' set up to track 'origin/main'." message. Tracking modes
 * are git's --track / branch.autoSetupMerge values.
 */
import { configFiles, parseConfig, setConfigValue } from "./config.ts";
import { fatal, GitError } from "./errors.ts";
import type { Repository } from "./repo.ts";
import { peel, refCandidates, tryResolve } from "./revision.ts";
import { nodeFs } from "../sys/index.ts";

/** git's enum branch_track. */
export type Track = "never" | "remote" | "always" | "explicit" | "override" | "inherit" | "simple";

const UPSTREAM_ADVICE = [
  "",
  "If you are planning on basing your work on an upstream",
  "branch that already exists at the remote, you may need to",
  'run "git fetch" to retrieve it.',
  "",
  "If you are planning to push out a new local branch that",
  "will track its remote counterpart, you may want to use",
  '"git push -u" to set the upstream config as you push.',
  'Disable this message with "git config advice.setUpstreamFailure false"',
];

/** The tracking mode of branch.autoSetupMerge (true: remote-tracking starts only). */
export function configuredTrack(repo: Repository): Track {
  const v = repo.config.get("branch.autosetupmerge");
  if (v === undefined) return "remote";
  if (v === "always" || v === "inherit" || v === "simple") return v;
  return repo.config.getBool("branch.autosetupmerge", true) ? "remote" : "never";
}

/** The remotes configured (any remote.<name>.* entry), in the order git first reads them. */
function remoteNames(repo: Repository): string[] {
  const names: string[] = [];
  for (const file of configFiles(repo.env, repo.gitDir)) {
    let text = "";
    try {
      text = nodeFs().readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const [key] of parseConfig(text)) {
      const m = /^remote\.(.*)\.[^.]*$/.exec(key);
      if (m && !names.includes(m[1]!)) names.push(m[1]!);
    }
  }
  return names;
}

/** query_refspecs: the source a remote's fetch refspecs map to the tracking ref `dst`, or undefined. */
function trackedSource(repo: Repository, remote: string, dst: string): string | undefined {
  const specs = repo.config.getAll(`remote.${remote}.fetch`).map((s) => s.replace(/^\+/, ""));
  const glob = (pattern: string, name: string): string | undefined => {
    const star = pattern.indexOf("*");
    const head = pattern.slice(0, star);
    const tail = pattern.slice(star + 1);
    return name.length >= head.length + tail.length && name.startsWith(head) && name.endsWith(tail) ? name.slice(head.length, name.length - tail.length) : undefined;
  };
  // A negative refspec matching the ref leaves it untracked.
  for (const s of specs) if (s.startsWith("^") && (s.includes("*") ? glob(s.slice(1), dst) !== undefined : s.slice(1) === dst)) return undefined;
  for (const s of specs) {
    if (s.startsWith("^")) continue;
    const [src, to] = s.split(":") as [string, string | undefined];
    if (!to) continue;
    if (to.includes("*")) {
      const m = glob(to, dst);
      if (m !== undefined) return src.replace("*", m);
    } else if (to === dst) return src;
  }
  return undefined;
}

/** The ref a start point names when it is one (dwim_ref): undefined for none, "ambiguous" for several. */
function dwimRef(repo: Repository, name: string): string | undefined | "ambiguous" {
  const base = name.replace(/^(.*?)(?:[~^].*)?$/, "$1");
  if (base !== name) return undefined;
  const found = refCandidates(name).filter((c) => (c === name ? /^(HEAD|ORIG_HEAD|FETCH_HEAD|MERGE_HEAD)$|^refs\//.test(c) : true) && repo.refs.resolve(c) !== undefined);
  if (found.length > 1) return "ambiguous";
  if (!found.length) return undefined;
  // HEAD names the branch it points at.
  let ref = found[0]!;
  for (let s = repo.refs.symbolicTarget(ref); s; s = repo.refs.symbolicTarget(ref)) ref = s;
  return ref;
}

/** dwim_branch_start: the commit a branch starts at and, when the start point is a branch (or one a remote tracks), its ref. */
export function branchStart(repo: Repository, start: string, track: Track): { oid: string; ref: string | undefined } {
  const explicit = track === "explicit" || track === "override";
  const r = tryResolve(repo, start);
  if (!r) {
    if (explicit) throw new GitError(`fatal: the requested upstream branch '${start}' does not exist\n${UPSTREAM_ADVICE.map((l) => `hint: ${l}`).join("\n")}`, 128);
    throw fatal(`not a valid object name: '${start}'`);
  }
  let ref = dwimRef(repo, start);
  // get_oid warns of the ambiguity, then dwim_ref refuses it.
  if (ref === "ambiguous") throw new GitError(`warning: refname '${start}' is ambiguous.\nfatal: ambiguous object name: '${start}'`, 128);
  const notBranch = () => fatal(`cannot set up tracking information; starting point '${start}' is not a branch`);
  if (ref === undefined && explicit) throw notBranch();
  if (ref !== undefined && !ref.startsWith("refs/heads/") && !remoteNames(repo).some((rm) => trackedSource(repo, rm, ref as string) !== undefined)) {
    if (explicit) throw notBranch();
    ref = undefined;
  }
  const oid = peel(repo, r.oid, "commit");
  if (!oid) throw fatal(`not a valid branch point: '${start}'`);
  return { oid, ref };
}

/** setup_tracking: records the upstream of `branch` from the ref it starts at; returns the message git prints (undefined for none). */
export function setupTracking(repo: Repository, branch: string, origRef: string, track: Track): string | undefined {
  let remote: string | undefined;
  let srcs: string[] = [];
  if (track === "inherit") {
    const bare = origRef.replace(/^refs\/heads\//, "");
    remote = repo.config.get(`branch.${bare}.remote`);
    if (remote === undefined) return `warning: asked to inherit tracking from '${bare}', but no remote is set`;
    srcs = repo.config.getAll(`branch.${bare}.merge`);
    if (!srcs.length) return `warning: asked to inherit tracking from '${bare}', but no merge configuration is set`;
  } else {
    const matches: string[] = [];
    for (const rm of remoteNames(repo)) {
      const src = trackedSource(repo, rm, origRef);
      if (src === undefined) continue;
      matches.push(rm);
      if (matches.length === 1) {
        remote = rm;
        srcs = [src];
      }
    }
    if (matches.length > 1) throw fatal(`not tracking: ambiguous information for ref '${origRef}'`);
    if (!matches.length && track !== "always" && track !== "explicit" && track !== "override") return undefined;
  }
  if (!srcs.length) srcs = [origRef];
  if (track === "simple" && (!srcs[0]!.startsWith("refs/heads/") || srcs[0]!.slice(11) !== branch)) return undefined;
  return installBranchConfig(repo, branch, remote, srcs);
}

/** install_branch_config_multiple_remotes. */
function installBranchConfig(repo: Repository, branch: string, origin: string | undefined, srcs: string[]): string {
  const autorebase = repo.config.get("branch.autosetuprebase");
  const rebasing = autorebase === "always" || (autorebase === "local" && origin === undefined) || (autorebase === "remote" && origin !== undefined);
  if (rebasing && srcs.length > 1) throw fatal("cannot inherit upstream tracking configuration of multiple refs when rebasing is requested");
  if (origin === undefined && srcs.some((s) => s === `refs/heads/${branch}`)) return `warning: not setting branch '${branch}' as its own upstream`;
  const file = repo.path("config");
  setConfigValue(file, `branch.${branch}.remote`, origin ?? ".");
  repo.reloadConfig();
  removeAll(repo, `branch.${branch}.merge`);
  for (const s of srcs) appendConfigValue(file, `branch.${branch}.merge`, s);
  if (rebasing) setConfigValue(file, `branch.${branch}.rebase`, "true");
  repo.reloadConfig();
  const names = srcs.map((s) => (origin !== undefined ? `${origin}/${s.replace(/^refs\/heads\//, "")}` : s.replace(/^refs\/heads\//, "")));
  if (names.length === 1) return `branch '${branch}' set up to track '${names[0]}'${rebasing ? " by rebasing" : ""}.`;
  return [`branch '${branch}' set up to track:`, ...names.map((n) => `  ${n}`)].join("\n");
}

/** Adds one more value of a multi-valued key (git config --add) after the section's last entry. */
function appendConfigValue(file: string, key: string, value: string): void {
  // setConfigValue appends a key its section lacks; a key present is replaced, so add under a placeholder name and rename it.
  const placeholder = `${key.slice(0, key.lastIndexOf("."))}.gokitappend`;
  setConfigValue(file, placeholder, value);
  const text = nodeFs().readFileSync(file, "utf8");
  const name = key.slice(key.lastIndexOf(".") + 1);
  nodeFs().writeFileSync(`${file}.lock`, text.replace(/^\tgokitappend = /m, `\t${name} = `));
  nodeFs().renameSync(`${file}.lock`, file);
}

/** --unset-upstream: drops branch.<name>.remote and .merge. */
export function unsetUpstream(repo: Repository, branch: string): void {
  removeAll(repo, `branch.${branch}.remote`);
  removeAll(repo, `branch.${branch}.merge`);
}

/** Removes every value of `key` from the repository's config file. */
function removeAll(repo: Repository, key: string): void {
  for (let n = repo.config.getAll(key).length; n > 0; n--) setConfigValue(repo.path("config"), key, undefined);
  repo.reloadConfig();
}
