/**
 * Git's commit formats: the default ("medium") layout, --format placeholders
 * (%H %h %T %t %P %p %s %b %B %an %ae %ad %cn %ce %cd %d %D …), dates in the
 * --date styles, and ref decorations.
 */
import { formatDefaultDate } from "./dates.ts";
import { parseDateMode, showDate, type DateMode } from "./date-formats.ts";
import { exists } from "../sys/index.ts";
import { subjectOf, type Commit, type Signature } from "./objects.ts";
import type { Repository } from "./repo.ts";
import type { Mailmap } from "./mailmap.ts";
import { abbrev, peel } from "./revision.ts";

/** Each --date value's parsed mode, once per value. */
const dateModes = new Map<string, DateMode>();

/** A signature's date in a --date mode (date-formats.ts: default, iso, iso-strict, rfc, short, raw, unix, relative, human, format:…, -local). */
export function dateOf(s: Signature, format: string, env: Record<string, string | undefined> = process.env): string {
  if (format === "default") return formatDefaultDate(s.time, s.tz);
  let mode = dateModes.get(format);
  if (!mode) dateModes.set(format, (mode = parseDateMode(format)));
  return showDate(s.time, s.tz, mode, env);
}

/**
 * Ref names per commit as log --decorate shows them: reverse refname order,
 * tags as "tag: v1", and HEAD first ("HEAD -> master", or "HEAD" when detached).
 */
export function decorations(repo: Repository): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [ref, oid] of repo.refs.list("refs/")) {
    const commit = peel(repo, oid, "commit");
    if (!commit) continue;
    const name = ref.startsWith("refs/heads/") ? ref.slice(11) : ref.startsWith("refs/tags/") ? `tag: ${ref.slice(10)}` : ref.startsWith("refs/remotes/") ? ref.slice(13) : ref;
    const list = out.get(commit);
    if (list) list.unshift(name);
    else out.set(commit, [name]);
  }
  const head = repo.head();
  if (head) {
    const list = out.get(head) ?? [];
    const branch = repo.currentBranch();
    const k = branch === undefined ? -1 : list.indexOf(branch);
    if (k >= 0) list.splice(k, 1);
    list.unshift(k >= 0 ? `HEAD -> ${branch}` : "HEAD");
    out.set(head, list);
  }
  return out;
}

let decorationCache: { repo: Repository; map: Map<string, string[]> } | undefined;

/** The decorations of one commit (computed once per repository). */
export function decorationOf(repo: Repository, oid: string): string[] {
  if (decorationCache?.repo !== repo) decorationCache = { repo, map: decorations(repo) };
  return decorationCache.map.get(oid) ?? [];
}

/** Expands a --format string for one commit. */
export function formatCommit(repo: Repository, oid: string, c: Commit, fmt: string, dateFormat = "default", mailmap?: Mailmap): string {
  return fmt.replace(/%(?:([HhTtPpsbBndD%]|a[neNEdDtiIsrh]|c[neNEdDtiIsrh])|x([0-9a-fA-F]{2}))/g, (m, key: string | undefined, hex: string | undefined) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    switch (key) {
      case "H":
        return oid;
      case "h":
        return abbrev(repo, oid);
      case "T":
        return c.tree;
      case "t":
        return abbrev(repo, c.tree);
      case "P":
        return c.parents.join(" ");
      case "p":
        return c.parents.map((p) => abbrev(repo, p)).join(" ");
      case "s":
        return subjectOf(c.message);
      case "b": {
        const body = c.message.replace(/^\n+/, "");
        const i = body.indexOf("\n\n");
        return i < 0 ? "" : body.slice(i + 2).replace(/^\n+/, "");
      }
      case "B":
        return c.message;
      case "n":
        return "\n";
      case "%":
        return "%";
      case "d": {
        const d = decorationOf(repo, oid);
        return d.length ? ` (${d.join(", ")})` : "";
      }
      case "D":
        return decorationOf(repo, oid).join(", ");
    }
    const who = key![0] === "a" ? c.author : c.committer;
    switch (key![1]) {
      case "n":
        return who.name;
      case "N":
        return mailmap ? mailmap.map(who.name, who.email).name : who.name;
      case "e":
        return who.email;
      case "E":
        return mailmap ? mailmap.map(who.name, who.email).email : who.email;
      case "d":
        return dateOf(who, dateFormat, repo.env);
      case "D":
        return dateOf(who, "rfc", repo.env);
      case "t":
        return String(who.time);
      case "i":
        return dateOf(who, "iso", repo.env);
      case "I":
        return dateOf(who, "iso-strict", repo.env);
      case "s":
        return dateOf(who, "short", repo.env);
      case "r":
        return dateOf(who, "relative", repo.env);
      case "h":
        return dateOf(who, "human", repo.env);
    }
    return m;
  });
}

/** The default ("medium") format of one commit, without the trailing separator. */
export function mediumFormat(repo: Repository, oid: string, c: Commit, dateFormat = "default", decorate = false, mailmap?: Mailmap): string {
  let s = `commit ${oid}`;
  if (decorate) {
    const d = decorationOf(repo, oid);
    if (d.length) s += ` (${d.join(", ")})`;
  }
  if (c.parents.length > 1) s += `\nMerge: ${c.parents.map((p) => abbrev(repo, p)).join(" ")}`;
  const who = c.author;
  const shown = mailmap ? mailmap.map(who.name, who.email) : who;
  s += `\nAuthor: ${shown.name} <${shown.email}>\nDate:   ${dateFormat === "default" ? formatDefaultDate(who.time, who.tz) : dateOf(who, dateFormat, repo.env)}\n\n`;
  const m = c.message;
  let a = 0;
  let b = m.length;
  while (a < b && m.charCodeAt(a) === 10) a++;
  while (b > a && m.charCodeAt(b - 1) === 10) b--;
  return `${s}    ${m.slice(a, b).replaceAll("\n", "\n    ")}\n`;
}

/**
 * Whether log and show apply the mailmap: --[no-]use-mailmap, else
 * log.mailmap (true by default), and only when there can be one to read (the
 * work tree's .mailmap, mailmap.file or mailmap.blob, a bare repository's
 * HEAD:.mailmap) — so a repository without one never loads mailmap.ts.
 */
export function wantsMailmap(repo: Repository, flag: boolean | undefined): boolean {
  if (!(flag ?? repo.config.getBool("log.mailmap", true))) return false;
  return !repo.workTree || exists(`${repo.workTree}/.mailmap`) || repo.config.get("mailmap.file") !== undefined || repo.config.get("mailmap.blob") !== undefined;
}
