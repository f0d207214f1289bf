/**
 * The values of git's ref format atoms (ref-filter.c's populate_value, git
 * 2.39): per ref, each parsed atom to a string and, for the numeric ones
 * (dates, sizes, parent counts), a number to sort by. A leading `*` reads the
 * object an annotated tag points at (one level, as git does). %(upstream)
 * follows branch.<name>.remote/merge through the remote's fetch refspecs;
 * %(push) is answered only for branches without remotes.
 */
import { kindOf, nodeFs, readFile } from "../sys/index.ts";
import { fatal } from "./errors.ts";
import { ancestors } from "./merge-base.ts";
import { formatSignature, parseCommit, parseTag, type Commit, type GitObject, type Signature, type Tag } from "./objects.ts";
import { dateOf } from "./pretty.ts";
import type { Atom, RefItem } from "./ref-atoms.ts";
import type { Repository } from "./repo.ts";
import { abbrev, defaultAbbrev, peel, shortenRef } from "./revision.ts";


/** An atom's value for one ref: the text, and the number numeric atoms sort by. */
export interface AtomValue {
  s: string;
  n: number;
}

/** What evaluating atoms needs to know about a ref's objects, read once per ref. */
export class RefObjects {
  private cache = new Map<string, { obj: GitObject; commit?: Commit; tag?: Tag } | undefined>();
  constructor(readonly repo: Repository) {}

  /** The object, parsed when it is a commit or a tag. */
  get(oid: string): { obj: GitObject; commit?: Commit; tag?: Tag } | undefined {
    if (this.cache.has(oid)) return this.cache.get(oid);
    const obj = this.repo.objects.read(oid);
    const entry = obj && { obj, commit: obj.type === "commit" ? parseCommit(obj.data) : undefined, tag: obj.type === "tag" ? parseTag(obj.data) : undefined };
    this.cache.set(oid, entry);
    return entry;
  }
}

/** Git's lstrip_ref_components / rstrip_ref_components (a negative count keeps that many components). */
function stripComponents(name: string, kind: "lstrip" | "rstrip", n: number): string {
  const parts = name.split("/");
  const count = n < 0 ? parts.length + n : n;
  if (count <= 0) return name;
  if (count >= parts.length) return "";
  return kind === "lstrip" ? parts.slice(count).join("/") : parts.slice(0, parts.length - count).join("/");
}

/** A ref name as a refname-like atom shows it. */
export function showRefName(repo: Repository, atom: Atom, name: string): string {
  if (!atom.strip) return name;
  if (atom.strip.kind === "short") return shortenRef(repo, name, true);
  return stripComponents(name, atom.strip.kind, atom.strip.n);
}

/**
 * The subject, body and signature of a commit or tag message (ref-filter's
 * find_subpos): the subject runs to the first blank line and is joined into
 * one line; the signature (an armoured block at the end of a tag) is apart.
 */
function messageParts(message: string): { subject: string; subjectRaw: string; body: string; nonSig: string; all: string; signature: string } {
  let m = message.replace(/^\n+/, "");
  const sigAt = signatureStart(m);
  const signature = m.slice(sigAt);
  let end = m.indexOf("\n\n");
  const crlf = m.indexOf("\r\n\r\n");
  if (end < 0 || (crlf >= 0 && crlf < end)) end = crlf;
  end = end < 0 ? sigAt : Math.min(end, sigAt);
  const subjectRaw = m.slice(0, end).replace(/[\r\n]+$/, "");
  let bodyAt = end;
  while (m[bodyAt] === "\n" || m[bodyAt] === "\r") bodyAt++;
  const all = m;
  m = m.slice(bodyAt);
  return { subject: subjectRaw.replace(/\r\n/g, "\n").replace(/\n/g, " "), subjectRaw, body: m, nonSig: m.slice(0, Math.max(0, sigAt - bodyAt)), all, signature };
}

const SIGNATURE_STARTS = ["-----BEGIN PGP SIGNATURE-----", "-----BEGIN PGP MESSAGE-----", "-----BEGIN SIGNED MESSAGE-----", "-----BEGIN SSH SIGNATURE-----"];

/** Where the last signature block of a message starts (its length when there is none): git's parse_signed_buffer. */
function signatureStart(m: string): number {
  let found = m.length;
  for (let at = 0; at < m.length; ) {
    if (SIGNATURE_STARTS.some((s) => m.startsWith(s, at))) found = at;
    const nl = m.indexOf("\n", at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return found;
}

/** git's format_sanitized_subject: runs of letters, digits, "." and "_" joined by "-", no ".." and no trailing "." or "-". */
function sanitizedSubject(subject: string): string {
  let out = "";
  let space = 2;
  for (let i = 0; i < subject.length; i++) {
    const c = subject[i] === "\n" ? " " : subject[i]!;
    if (/[A-Za-z0-9._]/.test(c)) {
      if (space === 1) out += "-";
      space = 0;
      out += c;
      if (c === ".") while (subject[i + 1] === ".") i++;
    } else space |= 1;
  }
  return out.replace(/[.-]+$/, "");
}

/** append_lines: the first `n` lines of the text, later ones indented by four spaces. */
function firstLines(s: string, n: number): string {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < n && at < s.length; i++) {
    const nl = s.indexOf("\n", at);
    out.push(s.slice(at, nl < 0 ? s.length : nl));
    if (nl < 0) break;
    at = nl + 1;
  }
  return out.join("\n    ");
}

function person(sig: Signature | undefined, atom: Atom, field: string, env: Record<string, string | undefined>): AtomValue {
  if (!sig) return { s: "", n: 0 };
  if (field === "") return { s: formatSignature(sig), n: 0 };
  if (field === "name") return { s: sig.name, n: 0 };
  if (field === "email") {
    if (atom.email === "trim") return { s: sig.email, n: 0 };
    if (atom.email === "localpart") return { s: sig.email.split("@")[0]!, n: 0 };
    return { s: `<${sig.email}>`, n: 0 };
  }
  const style = atom.arg ?? "";
  // (dateOf gives git's error for a style it does not know.)
  return { s: dateOf(sig, style === "" ? "default" : style, env), n: sig.time };
}

/** The branch each work tree has checked out, to that work tree's path (the main one, then those under <git dir>/worktrees). */
function worktreePaths(repo: Repository): Map<string, string> {
  const out = new Map<string, string>();
  const head = repo.refs.symbolicTarget("HEAD");
  if (head !== undefined) out.set(head, repo.workTree || repo.gitDir.replace(/\/\.git$/, ""));
  let ids: string[] = [];
  try {
    ids = nodeFs().readdirSync(repo.path("worktrees"));
  } catch {}
  for (const id of ids.sort()) {
    try {
      const m = /^ref: (.*)$/m.exec(readFile(repo.path(`worktrees/${id}/HEAD`), "utf8"));
      const dir = readFile(repo.path(`worktrees/${id}/gitdir`), "utf8").trim().replace(/\/\.git$/, "");
      if (m && !out.has(m[1]!.trim())) out.set(m[1]!.trim(), dir);
    } catch {}
  }
  return out;
}

/** A branch's upstream (git's branch_get_upstream): its remote, the merge ref there, and the ref that tracks it here. */
export function upstreamOf(repo: Repository, refname: string): { remote: string; merge: string; ref: string } | undefined {
  if (!refname.startsWith("refs/heads/")) return undefined;
  const branch = refname.slice(11);
  const remote = repo.config.get(`branch.${branch}.remote`);
  const merge = repo.config.getAll(`branch.${branch}.merge`)[0];
  if (remote === undefined || merge === undefined) return undefined;
  if (remote === ".") return { remote, merge, ref: merge };
  // The remote's fetch refspecs map the merge ref to its remote-tracking ref (remote_find_tracking).
  for (const spec of repo.config.getAll(`remote.${remote}.fetch`)) {
    if (spec.startsWith("^")) continue;
    const [src, dst] = spec.replace(/^\+/, "").split(":") as [string, string | undefined];
    if (!dst) continue;
    const star = src.indexOf("*");
    if (star < 0) {
      if (src === merge) return { remote, merge, ref: dst };
      continue;
    }
    const head = src.slice(0, star);
    const tail = src.slice(star + 1);
    if (merge.length >= head.length + tail.length && merge.startsWith(head) && merge.endsWith(tail)) {
      return { remote, merge, ref: dst.replace("*", merge.slice(head.length, merge.length - tail.length)) };
    }
  }
  return undefined;
}

/** %(upstream) and its options: the tracking ref, or how far the branch is ahead of and behind it (git's fill_remote_ref_details). */
function upstreamValue(objects: RefObjects, item: RefItem, atom: Atom): string {
  const repo = objects.repo;
  const up = upstreamOf(repo, item.refname);
  if (!up) return "";
  const show = atom.remote?.show;
  if (show === "remotename") return up.remote;
  if (show === "remoteref") return up.merge;
  if (show !== "track" && show !== "trackshort") return showRefName(repo, atom, up.ref);
  const theirs = repo.refs.resolve(up.ref);
  const tip = (oid: string) => peel(repo, oid, "commit");
  if (theirs === undefined || !tip(theirs) || !tip(item.oid)) return show === "track" ? (atom.remote!.nobracket ? "gone" : "[gone]") : "";
  const mine = ancestors(repo, tip(item.oid)!);
  const other = ancestors(repo, tip(theirs)!);
  let ahead = 0;
  let behind = 0;
  for (const c of mine) if (!other.has(c)) ahead++;
  for (const c of other) if (!mine.has(c)) behind++;
  if (show === "trackshort") return ahead && behind ? "<>" : ahead ? ">" : behind ? "<" : "=";
  const text = ahead && behind ? `ahead ${ahead}, behind ${behind}` : ahead ? `ahead ${ahead}` : behind ? `behind ${behind}` : "";
  return text && !atom.remote!.nobracket ? `[${text}]` : text;
}

/** Evaluates one atom for one ref (formatting atoms such as %(if) have no value of their own). */
export function atomValue(objects: RefObjects, item: RefItem, atom: Atom): AtomValue {
  const repo = objects.repo;
  const str = (s: string): AtomValue => ({ s, n: 0 });
  switch (atom.name) {
    case "refname":
      return str(item.description ?? showRefName(repo, atom, item.refname));
    case "symref":
      return str(item.symref ? showRefName(repo, atom, item.symref) : "");
    case "upstream":
      return str(upstreamValue(objects, item, atom));
    case "push": {
      // Where a branch pushes depends on push.default and the remotes; gokit answers only for a branch without any.
      const branch = item.refname.startsWith("refs/heads/") ? item.refname.slice(11) : undefined;
      const cfg = repo.config;
      if (branch !== undefined && (cfg.get(`branch.${branch}.remote`) !== undefined || cfg.get(`branch.${branch}.pushremote`) !== undefined || cfg.get("remote.pushdefault") !== undefined)) {
        throw fatal("gokit git for-each-ref does not support %(push) for a branch with a remote");
      }
      return str("");
    }
    case "HEAD":
      // HEAD resolves to the branch it names, or to "HEAD" itself when detached.
      return str((repo.refs.symbolicTarget("HEAD") ?? "HEAD") === item.refname ? "*" : " ");
    case "flag": {
      // A packed ref is one with no loose file of its own.
      const flags = [...(item.symref !== undefined ? ["symref"] : []), ...(kindOf(repo.path(item.refname)) === "file" ? [] : ["packed"])];
      return str(flags.join(","));
    }
    case "worktreepath":
      return str(worktreePaths(repo).get(item.refname) ?? "");
    case "color":
    case "align":
    case "if":
    case "then":
    case "else":
    case "end":
      return str("");
  }
  let oid = item.oid;
  let entry = objects.get(oid);
  if (atom.deref) {
    if (!entry?.tag) return str("");
    oid = entry.tag.object;
    entry = objects.get(oid);
  }
  if (!entry) return str("");
  const { obj, commit, tag } = entry;
  const id = (o: string) => (atom.width === undefined ? o : abbrev(repo, o, atom.width < 0 ? defaultAbbrev(repo) : atom.width));
  switch (atom.name) {
    case "objectname":
      return str(id(oid));
    case "objecttype":
      return str(obj.type);
    case "objectsize":
      return { s: String(obj.data.length), n: obj.data.length };
    case "tree":
      return str(commit ? id(commit.tree) : "");
    case "parent":
      return str(commit ? commit.parents.map(id).join(" ") : "");
    case "numparent":
      return commit ? { s: String(commit.parents.length), n: commit.parents.length } : str("");
    case "object":
      return str(tag ? tag.object : "");
    case "type":
      return str(tag ? tag.type : "");
    case "tag":
      return str(tag ? tag.tag : "");
  }
  const who = /^(author|committer|tagger|creator)(name|email|date)?$/.exec(atom.name);
  if (who) {
    const sig = who[1] === "author" ? commit?.author : who[1] === "committer" ? commit?.committer : who[1] === "tagger" ? tag?.tagger : (commit?.committer ?? tag?.tagger);
    // grab_person matches "<who>", "<who>name", "<who>email*" and "<who>date*" only: "authorname:x" stays empty.
    if (who[1] !== "creator" && (who[2] ?? "name") === "name" && atom.arg !== undefined) return str("");
    return person(sig, atom, who[2] ?? "", repo.env);
  }
  // subject, body, contents: of commits and tags only.
  const message = commit?.message ?? tag?.message;
  if (message === undefined || (obj.type !== "commit" && obj.type !== "tag")) return str("");
  const parts = messageParts(message);
  switch (atom.part) {
    case "subject":
      return str(parts.subject);
    case "sanitized":
      return str(sanitizedSubject(parts.subjectRaw));
    case "body-all":
      return str(parts.body);
    case "body":
      return str(parts.nonSig);
    case "signature":
      return str(parts.signature);
    case "lines":
      return str(firstLines(parts.all.slice(0, parts.all.length - parts.signature.length), atom.lines!));
    default:
      return str(parts.all);
  }
}
