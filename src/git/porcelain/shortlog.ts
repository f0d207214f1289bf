/**
 * `git shortlog`: commits grouped by author (or committer, -c), each group's
 * subjects oldest first, groups by name (-n: by count); -s the counts alone,
 * -e with email addresses. The commits are log's walk of the revisions given;
 * with none, git's rule: HEAD on a terminal, else `git log` output on stdin.
 */
import { nodeFs } from "../../sys/index.ts";
import { GitError, fatal } from "../errors.ts";
import { log } from "./log.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** The log options shortlog passes on to the walk (limits and selections); others are refused. */
const LOG_OPTIONS = /^(-\d+|--max-count=\d+|--(since|after|until|before|author|grep)=.+|--all|--no-merges|--merges|--first-parent)$/;

/** One commit as shortlog counts it. */
interface Entry {
  name: string;
  email: string;
  subject: string;
}

/** Commits from `git log` output (the default or short format) on stdin: "Author: Name <email>" then the first message line. */
function fromLogText(text: string): Entry[] {
  const out: Entry[] = [];
  let pending: { name: string; email: string } | undefined;
  for (const line of text.split("\n")) {
    const m = /^(?:Author|Commit): (.*?) <([^>]*)>$/.exec(line);
    if (m && line.startsWith("Author")) pending = { name: m[1]!, email: m[2]! };
    else if (pending && line.startsWith("    ")) {
      out.push({ ...pending, subject: line.trim() });
      pending = undefined;
    }
  }
  return out.reverse();
}

/** git shortlog [-s] [-n] [-e] [-c] [<revision-range>] [[--] <path>...] */
export async function shortlog(ctx: Context, argv: string[]): Promise<number> {
  let summary = false;
  let numbered = false;
  let email = false;
  let committer = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === "-h") throw new OptionError("", 1);
    if (a === "--summary" || a === "-s") summary = true;
    else if (a === "--numbered" || a === "-n") numbered = true;
    else if (a === "--email" || a === "-e") email = true;
    else if (a === "--committer" || a === "-c" || a === "--group=committer") committer = true;
    else if (a === "--group=author") committer = false;
    else if (a === "--group" && (argv[i + 1] === "author" || argv[i + 1] === "committer")) committer = argv[++i] === "committer";
    else if (/^-[snec]+$/.test(a)) {
      for (const f of a.slice(1)) {
        if (f === "s") summary = true;
        else if (f === "n") numbered = true;
        else if (f === "e") email = true;
        else committer = true;
      }
    } else if (/^(-w|--group)/.test(a)) throw new GitError(`fatal: gokit git shortlog does not support ${a}`, 128);
    else if (a.startsWith("-") && !LOG_OPTIONS.test(a)) throw new OptionError(`error: unknown option \`${a}'`, 2);
    else rest.push(a);
  }
  let entries: Entry[];
  const revisions = rest.some((a) => !a.startsWith("-") || a === "--all");
  if (!ctx.gentleRepo && rest.length) throw new OptionError("error: too many arguments given outside repository", 2);
  if (!revisions && (!ctx.gentleRepo || !isTerminal())) {
    // The identities read are mapped too: the repository's mailmap, or outside one the .mailmap here.
    const { Mailmap, mailmapOf } = await import("../mailmap.ts");
    let mailmap = ctx.gentleRepo && mailmapOf(ctx.gentleRepo);
    if (!ctx.gentleRepo) {
      mailmap = new Mailmap();
      try {
        mailmap.read(nodeFs().readFileSync(`${ctx.cwd}/.mailmap`, "utf8"));
      } catch {}
    }
    entries = fromLogText(nodeFs().readFileSync(0, "utf8")).map((e) => (mailmap ? { ...e, ...mailmap.map(e.name, e.email) } : e));
  }
  else {
    const before = ctx.out.length;
    const who = committer ? "c" : "a";
    // shortlog always applies the mailmap.
    const code = await log(ctx, [`--format=%${who}N%x00%${who}E%x00%s`, "--use-mailmap", ...rest]);
    const text = ctx.out.splice(before).join("");
    if (code !== 0) throw new GitError("", code);
    entries = text.split("\n").filter(Boolean).map((line) => {
      const [name, mail, subject] = line.split("\0") as [string, string, string];
      return { name, email: mail, subject };
    }).reverse();
  }
  // Groups by name (with -e, name and email), in first-seen order, then sorted as git sorts them.
  const groups = new Map<string, string[]>();
  for (const e of entries) {
    const key = email ? `${e.name} <${e.email}>` : e.name;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(e.subject);
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...groups].sort((a, b) => (numbered ? b[1].length - a[1].length : 0) || byName(a[0], b[0]));
  const out: string[] = [];
  for (const [key, subjects] of sorted) {
    if (summary) out.push(`${String(subjects.length).padStart(6)}\t${key}\n`);
    else out.push(`${key} (${subjects.length}):\n${subjects.map((s) => `      ${s}\n`).join("")}\n`);
  }
  ctx.out.push(out.join(""));
  return 0;
}

/** Whether stdin is a terminal (git shortlog then walks HEAD rather than read a log from it). */
function isTerminal(): boolean {
  try {
    return (require("node:tty") as typeof import("node:tty")).isatty(0);
  } catch {
    return false;
  }
}

/** git check-mailmap [--stdin] <contact>...: each "Name <email>" or "<email>" as the mailmap gives it. */
export async function checkMailmap(ctx: Context, argv: string[]): Promise<number> {
  const p = parseOptions(argv, { stdin: {} });
  const contacts = [...p.args, ...(p.paths ?? [])];
  if (!contacts.length && !p.opts.stdin) throw fatal("no contacts specified");
  const { mailmapOf } = await import("../mailmap.ts");
  const mailmap = mailmapOf(ctx.repo);
  const check = (contact: string) => {
    const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(contact);
    if (!m) throw fatal(`unable to parse contact: ${contact}`);
    const who = mailmap ? mailmap.map(m[1]!, m[2]!) : { name: m[1]!, email: m[2]! };
    ctx.print(who.name ? `${who.name} <${who.email}>` : `<${who.email}>`);
  };
  for (const c of contacts) check(c);
  if (p.opts.stdin) for (const line of nodeFs().readFileSync(0, "utf8").split("\n").filter(Boolean)) check(line);
  return 0;
}
