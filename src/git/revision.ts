/**
 * Revision names (gitrevisions): full and abbreviated ids (at least 4 digits,
 * ambiguity reported like Git), ref names tried in Git's order (the name,
 * refs/, refs/tags/, refs/heads/, refs/remotes/, refs/remotes/<n>/HEAD), "@",
 * the reflog forms <ref>@{n}, @{n} and @{-n}, the suffixes ~N, ^N, ^{type},
 * ^{} and ^{/regex}, <rev>:<path>, and :<path>, :<n>:<path> (the index) and
 * :/regex (the youngest commit whose message matches).
 */
import { exists, normalize } from "../sys/index.ts";
import { GitError, fatal } from "./errors.ts";
import type { ObjectType } from "./objects.ts";
import { previousBranch, reflogValue } from "./reflog.ts";
import type { Repository } from "./repo.ts";
import { walk } from "./rev-walk.ts";

/** Where a name resolved: its id and, for a ref, the full ref name. */
export interface Resolved {
  oid: string;
  ref?: string;
}

/** Refs tried for a short name, in Git's order (refs.c ref_rev_parse_rules). */
export function refCandidates(name: string): string[] {
  return [name, `refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];
}

/**
 * The shortest name that still resolves to `ref` (git's
 * shorten_unambiguous_ref): "refs/heads/master" → "master" unless an earlier
 * rule (a tag "master", say) would take that name; `strict`: unless any other rule would.
 */
export function shortenRef(repo: Repository, ref: string, strict = false): string {
  const rules = refCandidates("\0");
  for (let i = rules.length - 1; i > 0; i--) {
    const [head, tail] = rules[i]!.split("\0") as [string, string];
    // git 2.39 matches the rules with sscanf's greedy "%s": "refs/remotes/%s/HEAD" never matches.
    if (tail !== "" || ref.length <= head.length || !ref.startsWith(head)) continue;
    const short = ref.slice(head.length);
    const others = refCandidates(short).slice(0, strict ? rules.length : i);
    if (!others.some((name, j) => j !== i && repo.refs.resolve(name) !== undefined)) return short;
  }
  return ref;
}

/** Resolves a ref name the way Git's DWIM does; undefined when none matches. */
export function resolveRefName(repo: Repository, name: string): Resolved | undefined {
  if (name === "@") name = "HEAD";
  for (const c of refCandidates(name)) {
    if (c === name && !/^(HEAD|ORIG_HEAD|MERGE_HEAD|FETCH_HEAD|CHERRY_PICK_HEAD)$/.test(c) && !c.startsWith("refs/")) continue;
    const oid = repo.refs.resolve(c);
    if (oid) return { oid, ref: c };
  }
  return undefined;
}

/** Expands a hex prefix to the single matching id; an ambiguous one is reported (repo.diagnostics) and matches nothing, as in Git. */
export function expandPrefix(repo: Repository, hex: string): string | undefined {
  if (hex.length === 40) return repo.objects.has(hex) ? hex : undefined;
  const matches = repo.objects.findPrefix(hex);
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) return undefined;
  const lines = matches.sort().map((oid) => {
    const o = repo.objects.read(oid);
    let desc = o ? o.type : "unknown";
    if (o?.type === "commit") {
      const c = repo.commit(oid);
      const d = new Date(c.committer.time * 1000).toISOString().slice(0, 10);
      desc = `commit ${d} - ${c.message.split("\n")[0]}`;
    } else if (o?.type === "tag") desc = `tag ${repo.tag(oid).tag}`;
    return `hint:   ${oid.slice(0, 7)} ${desc}`;
  });
  repo.diagnostics.push(`error: short object ID ${hex} is ambiguous\nhint: The candidates are:\n${lines.join("\n")}`);
  return undefined;
}

/** Peels tags until an object of `type` (or any non-tag with "any"). */
export function peel(repo: Repository, oid: string, type: ObjectType | "any"): string | undefined {
  for (let k = 0; k < 20; k++) {
    const o = repo.readObject(oid);
    if (o.type === type || (type === "any" && o.type !== "tag")) return oid;
    if (o.type === "tag") oid = repo.tag(oid).object;
    else if (o.type === "commit" && type === "tree") return repo.commit(oid).tree;
    else return undefined;
  }
  return undefined;
}

/** The id at `path` inside tree `tree`, or undefined. */
export function lookupPath(repo: Repository, tree: string, path: string): string | undefined {
  let cur = tree;
  for (const part of path.split("/").filter(Boolean)) {
    const e = repo.tree(cur).find((x) => x.name === part);
    if (!e) return undefined;
    cur = e.oid;
  }
  return cur;
}

/** The youngest commit reachable from `starts` (date order, as git log walks) whose message matches `pattern`, or undefined. */
function youngestMatching(repo: Repository, starts: string[], pattern: string): string | undefined {
  let re: RegExp;
  try {
    // As git's regcomp without REG_NEWLINE: ^ and $ are the message's ends, "." matches a newline too.
    re = new RegExp(pattern, "s");
  } catch {
    return undefined;
  }
  return walk(repo, [...new Set(starts)], new Set(), 1, { keep: (oid) => re.test(repo.commit(oid).message) })[0];
}

/** `:<path>` and `:<n>:<path>` (an index entry at stage n, 0 by default; "./" and "../" are from the current directory), and `:/<regex>`. */
function resolveColonForm(repo: Repository, spec: string): Resolved | undefined {
  if (spec.startsWith(":/")) {
    const tips: string[] = [];
    const head = repo.head();
    if (head) tips.push(head);
    for (const [, oid] of repo.refs.list("refs/")) {
      const c = peel(repo, oid, "commit");
      if (c) tips.push(c);
    }
    const oid = youngestMatching(repo, tips, spec.slice(2));
    return oid ? { oid } : undefined;
  }
  const m = /^:([0-3]):(.*)$/.exec(spec);
  const stage = m ? Number(m[1]) : 0;
  let path = m ? m[2]! : spec.slice(1);
  if (path.startsWith("./") || path.startsWith("../")) path = normalize(repo.prefix + path);
  const e = repo.readIndex().entries.find((x) => x.path === path && x.stage === stage);
  return e ? { oid: e.oid } : undefined;
}

/** `<name>@{n}` (`name` "" for the current branch, HEAD when detached) and `@{-n}` (the branch checked out n switches ago). */
function resolveReflogForm(repo: Repository, name: string, n: number): Resolved | undefined {
  if (n < 0) {
    if (name !== "") return undefined;
    const previous = previousBranch(repo, -n);
    if (previous === undefined) return undefined;
    const oid = repo.refs.resolve(`refs/heads/${previous}`) ?? (/^[0-9a-f]{40}$/.test(previous) ? previous : undefined);
    return oid ? { oid } : undefined;
  }
  let ref: string;
  let label: string;
  if (name === "") {
    const branch = repo.currentBranch();
    ref = branch === undefined ? "HEAD" : `refs/heads/${branch}`;
    label = branch ?? "HEAD";
  } else {
    const r = resolveRefName(repo, name);
    if (!r?.ref) return undefined;
    ref = r.ref;
    label = name;
  }
  return { oid: reflogValue(repo, ref, label, n) };
}

/** Resolves a revision, or returns undefined when it names nothing (ambiguity throws). */
export function tryResolve(repo: Repository, spec: string): Resolved | undefined {
  if (spec.startsWith(":")) return resolveColonForm(repo, spec);
  const colon = spec.indexOf(":");
  if (colon > 0) {
    const r = tryResolve(repo, spec.slice(0, colon));
    const tree = r ? peel(repo, r.oid, "tree") : undefined;
    const oid = tree ? lookupPath(repo, tree, spec.slice(colon + 1)) : undefined;
    return oid ? { oid } : undefined;
  }
  const m = /^(.*?)((?:[~^][0-9]*|\^\{[a-z]*\}|\^\{\/[^}]*\})*)$/.exec(spec);
  let base = m ? m[1]! : spec;
  let suffix = m ? m[2]! : "";
  if (base === "" && suffix !== "") return undefined;
  // "HEAD^{tree}" style: split the suffix into steps.
  let cur: Resolved | undefined;
  const at = /^(.*?)@\{(-?[0-9]+)\}$/.exec(base);
  const ref = at ? undefined : resolveRefName(repo, base);
  if (at) cur = resolveReflogForm(repo, at[1]!, Number(at[2]));
  else if (ref) cur = ref;
  else if (/^[0-9a-fA-F]{4,40}$/.test(base)) {
    const oid = expandPrefix(repo, base.toLowerCase());
    if (oid) cur = { oid };
  }
  if (!cur) return undefined;
  let oid = cur.oid;
  const steps = suffix.match(/\^\{\/[^}]*\}|\^\{[a-z]*\}|[~^][0-9]*/g) ?? [];
  for (const step of steps) {
    if (step.startsWith("^{/")) {
      const c = peel(repo, oid, "commit");
      const found = c && youngestMatching(repo, [c], step.slice(3, -1));
      if (!found) return undefined;
      oid = found;
      continue;
    }
    if (step.startsWith("^{")) {
      const t = step.slice(2, -1);
      const peeled = peel(repo, oid, t === "" ? "any" : (t as ObjectType));
      if (!peeled) return undefined;
      oid = peeled;
      continue;
    }
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    const c = peel(repo, oid, "commit");
    if (!c) return undefined;
    oid = c;
    if (step[0] === "~") {
      for (let k = 0; k < n; k++) {
        const p = repo.commit(oid).parents[0];
        if (!p) return undefined;
        oid = p;
      }
    } else if (n > 0) {
      const p = repo.commit(oid).parents[n - 1];
      if (!p) return undefined;
      oid = p;
    }
  }
  return { oid, ref: steps.length === 0 ? cur.ref : undefined };
}

/** git's get_oid: a full hex id as it is (whether or not the object exists), else the revision's id; undefined when it names nothing. */
export function getOid(repo: Repository, name: string): string | undefined {
  return /^[0-9a-fA-F]{40}$/.test(name) ? name.toLowerCase() : tryResolve(repo, name)?.oid;
}

/** Git's message for a name that is neither a revision nor a path. */
export function unknownRevision(spec: string): GitError {
  return new GitError(
    `fatal: ambiguous argument '${spec}': unknown revision or path not in the working tree.\nUse '--' to separate paths from revisions, like this:\n'git <command> [<revision>...] -- [<file>...]'`,
    128,
  );
}

/**
 * What git says of a path form that names nothing (get_oid_with_context's
 * "only to die" pass): a path missing from the index or from a tree, said
 * apart from one that is on disk or at another stage; undefined for any
 * other revision.
 */
export function diagnoseRevision(repo: Repository, spec: string): GitError | undefined {
  if (spec.startsWith(":/")) return undefined;
  const onDisk = (path: string) => repo.workTree !== "" && exists(`${repo.workTree}/${path}`);
  if (spec.startsWith(":")) {
    const m = /^:([0-3]):(.*)$/.exec(spec);
    const stage = m ? Number(m[1]) : 0;
    let path = m ? m[2]! : spec.slice(1);
    if (path.startsWith("./") || path.startsWith("../")) path = normalize(repo.prefix + path);
    if (repo.readIndex().entries.some((e) => e.path === path)) return fatal(`path '${path}' is in the index, but not at stage ${stage}`);
    if (onDisk(path)) return fatal(`path '${path}' exists on disk, but not in the index`);
    return fatal(`path '${path}' does not exist (neither on disk nor in the index)`);
  }
  const colon = spec.indexOf(":");
  if (colon <= 0) return undefined;
  const rev = spec.slice(0, colon);
  const path = spec.slice(colon + 1);
  if (!tryResolve(repo, rev)) return fatal(`invalid object name '${rev}'.`);
  if (onDisk(path)) return fatal(`path '${path}' exists on disk, but not in '${rev}'`);
  return fatal(`path '${path}' does not exist in '${rev}'`);
}

/** The error for a revision that names nothing: git's diagnosis of a path form, else "ambiguous argument". */
export function revisionError(repo: Repository, spec: string): GitError {
  return diagnoseRevision(repo, spec) ?? unknownRevision(spec);
}

/** Resolves a revision or fails like Git. */
export function resolveRev(repo: Repository, spec: string): Resolved {
  const r = tryResolve(repo, spec);
  if (!r) throw revisionError(repo, spec);
  return r;
}

/** Resolves to a commit id (peeling tags) or fails like Git. */
export function resolveCommit(repo: Repository, spec: string): string {
  const r = resolveRev(repo, spec);
  const c = peel(repo, r.oid, "commit");
  if (!c) throw new GitError(`error: object ${r.oid} is a ${repo.readObject(r.oid).type}, not a commit\nfatal: invalid reference: ${spec}`, 128);
  return c;
}

const abbrevCache = new WeakMap<Repository, number>();

/**
 * core.abbrev, or git's "auto": half the bits of the packed-object count,
 * rounded up to hex digits, never under 7 (find_unique_abbrev_r).
 */
export function defaultAbbrev(repo: Repository): number {
  let n = abbrevCache.get(repo);
  if (n !== undefined) return n;
  const set = repo.config.get("core.abbrev");
  if (set !== undefined && /^\d+$/.test(set)) n = Math.min(40, Math.max(4, Number(set)));
  else {
    let count = 0;
    for (const p of repo.objects.packs.list()) count += p.count;
    n = Math.max(7, Math.ceil((count > 0 ? Math.floor(Math.log2(count)) + 1 : 0) / 2));
  }
  abbrevCache.set(repo, n);
  return n;
}

/** The shortest unique abbreviation of at least `min` digits (Git's core.abbrev default 7). */
export function abbrev(repo: Repository, oid: string, min = defaultAbbrev(repo)): string {
  for (let n = min; n < 40; n++) {
    const p = oid.slice(0, n);
    if (repo.objects.isUniquePrefix(p)) return p;
  }
  return oid;
}
