/**
 * `git blame [<rev>] [--] <file>`: blame.ts's entries printed as
 * builtin/blame.c prints them — the default columns (id, path when any line
 * comes from another path, author or -e email, date in blame.date/--date
 * padded to the mode's width, line number), -s, -l, -t, -n, -f, -b, --root,
 * --abbrev, -L <start>,<end>|+<n>|-<n>, and --porcelain / --line-porcelain.
 * Without a revision the work tree's file is blamed, its new lines on "Not
 * Committed Yet". Line-movement detection (-M, -C) and -w are refused.
 */
import { nodeFs } from "../../sys/index.ts";
import { blame, NOT_COMMITTED, type BlameEntry, type Origin } from "../blame.ts";
import { localTz } from "../dates.ts";
import { fatal } from "../errors.ts";
import { dateOf } from "../pretty.ts";
import { defaultAbbrev, lookupPath, resolveCommit } from "../revision.ts";
import { splitRecords } from "../xdiff.ts";
import { OptionError, parseOptions, type Context } from "./context.ts";

/** The width git pads each --date mode's dates to (blame_date_width). */
const DATE_WIDTHS: Record<string, number> = {
  rfc: 31, rfc2822: 31, "iso-strict": 25, "iso8601-strict": 25, iso: 25, iso8601: 25, raw: 16, unix: 10, short: 10, relative: 22, human: 16, default: 30,
};

export async function blameCmd(ctx: Context, argv: string[]): Promise<number> {
  // <rev-opts> go to the revision walk in git, not to parse-options: --date and --first-parent here.
  let date: string | undefined;
  let firstParent = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (a.startsWith("--date=")) date = a.slice(7);
    else if (a === "--date") date = argv[++i];
    else if (a === "--first-parent") firstParent = true;
    else if (a === "--reverse") throw fatal("gokit git blame does not support --reverse");
    else rest.push(a);
  }
  argv = rest;
  const p = parseOptions(argv, {
    "show-name": { short: "f" },
    "show-number": { short: "n" },
    porcelain: { short: "p" },
    "line-porcelain": {},
    t: { short: "t" },
    l: { short: "l" },
    s: { short: "s" },
    "show-email": { short: "e" },
    b: { short: "b" },
    root: {},
    abbrev: { value: true, optional: "" },
    L: { short: "L", value: true },
    w: { short: "w" },
    C: { short: "C", value: true, optional: "" },
    M: { short: "M", value: true, optional: "" },
    incremental: {},
    contents: { value: true },
    "ignore-rev": { value: true },
    "ignore-revs-file": { value: true },
  });
  for (const o of ["w", "C", "M", "incremental", "contents", "ignore-rev", "ignore-revs-file"]) {
    if (p.opts[o] !== undefined && p.opts[o] !== false) throw fatal(`gokit git blame does not support ${o.length === 1 ? `-${o}` : `--${o}`}`);
  }
  const repo = ctx.repo;
  const words = [...p.args, ...(p.paths ?? [])];
  if (words.length === 0 || words.length > 2) throw new OptionError("", 2);
  const file = words[words.length - 1]!;
  const rev = p.paths !== undefined ? p.args[0] : words.length === 2 ? words[0] : undefined;
  const top = (repo.prefix + file).replace(/^\.\//, "");
  // The final file: the revision's blob, or the work tree's file over HEAD.
  let start: string;
  let head: string | undefined;
  let final: string;
  if (rev !== undefined) {
    start = resolveCommit(repo, rev);
    const blob = lookupPath(repo, repo.commit(start).tree, top);
    if (!blob) throw fatal(`no such path ${top} in ${rev}`);
    final = Buffer.from(repo.readTyped(blob, "blob")).toString("latin1");
  } else {
    head = repo.head();
    start = NOT_COMMITTED;
    const tracked = head && lookupPath(repo, repo.commit(head).tree, top);
    let text: string | undefined;
    try {
      text = nodeFs().readFileSync(`${repo.workTree}/${top}`).toString("latin1");
    } catch {}
    if (!tracked || text === undefined) throw fatal(`no such path '${top}' in HEAD`);
    final = text;
  }
  const lines = splitRecords(final);
  const ranges = (p.multi.L ?? []).map((spec) => lineRange(spec, lines.length, file));
  let entries = blame(repo, top, lines, start, head, firstParent);
  if (ranges.length) entries = clip(entries, ranges);
  entries = coalesce(entries);
  const dateMode = date ?? repo.config.get("blame.date") ?? "iso";
  const abbrevLen = p.opts.l ? 40 : p.opts.abbrev !== undefined && p.opts.abbrev !== "" ? Math.max(4, Math.min(40, Number(p.opts.abbrev))) + 1 : defaultAbbrev(repo) + 1;
  const boundary = (o: Origin) => o.commit !== NOT_COMMITTED && !p.opts.root && repo.commit(o.commit).parents.length === 0;
  if (p.opts.porcelain || p.opts["line-porcelain"]) {
    ctx.out.push(porcelain(repo, entries, lines, p.opts["line-porcelain"] === true, boundary, top));
    return 0;
  }
  // find_alignment: the columns' widths over what is shown.
  const showName = p.opts["show-name"] === true || entries.some((e) => e.origin.path !== top);
  const who = (o: Origin) => identityOf(repo, o, top);
  const longestFile = Math.max(...entries.map((e) => e.origin.path.length));
  const longestAuthor = Math.max(0, ...entries.map((e) => (p.opts["show-email"] ? `<${who(o(e)).email}>` : who(o(e)).name).length));
  const maxOrig = String(Math.max(...entries.map((e) => e.sLno + e.count))).length;
  const maxDigits = String(Math.max(...entries.map((e) => e.lno + e.count))).length;
  const dateWidth = DATE_WIDTHS[dateMode.replace(/-local$/, "")] ?? (dateMode.startsWith("format") ? dateOf({ name: "", email: "", time: 0, tz: "+0000" }, dateMode, repo.env).length : 25);
  const out: string[] = [];
  for (const e of entries) {
    const origin = e.origin;
    const id = who(origin);
    const bound = boundary(origin);
    let hex = origin.commit.slice(0, abbrevLen);
    if (bound) hex = p.opts.b ? " ".repeat(abbrevLen) : `^${origin.commit.slice(0, abbrevLen - 1)}`;
    for (let k = 0; k < e.count; k++) {
      let line = hex;
      if (showName) line += ` ${origin.path.padEnd(longestFile)}`;
      if (p.opts["show-number"]) line += ` ${String(e.sLno + 1 + k).padStart(maxOrig)}`;
      if (!p.opts.s) {
        const name = p.opts["show-email"] ? `<${id.email}>` : id.name;
        const time = p.opts.t ? `${id.time} ${id.tz}` : dateOf({ name: "", email: "", time: id.time, tz: id.tz }, dateMode, repo.env).padEnd(dateWidth);
        line += ` (${name.padEnd(longestAuthor)} ${time.padStart(10)}`;
      }
      line += ` ${String(e.lno + 1 + k).padStart(maxDigits)}) `;
      const text = lines[e.lno + k]!;
      out.push(line + text + (text.endsWith("\n") ? "" : "\n"));
    }
  }
  ctx.out.push(Buffer.from(out.join(""), "latin1"));
  return 0;
}

/** The entry's origin (a helper for the width computations). */
const o = (e: BlameEntry) => e.origin;

/** The author shown for an origin: the commit's, or "Not Committed Yet" for the work tree. */
function identityOf(repo: Context["repo"], origin: Origin, path: string) {
  if (origin.commit === NOT_COMMITTED) {
    const now = Math.floor(Date.now() / 1000);
    return { name: "Not Committed Yet", email: "not.committed.yet", time: now, tz: localTz(now, repo.env.TZ), summary: `Version of ${path} from ${path}`, committer: undefined };
  }
  const c = repo.commit(origin.commit);
  return { name: c.author.name, email: c.author.email, time: c.author.time, tz: c.author.tz, summary: c.message.split("\n")[0] ?? "", committer: c.committer };
}

/** git's -L <start>,<end> (also +<n>, -<n>, an end alone), 0-based [start, end). */
function lineRange(spec: string, total: number, file: string): [number, number] {
  const m = /^(\d*)(?:,([+-]?)(\d*))?$/.exec(spec);
  if (!m) throw fatal(`gokit git blame does not support -L ${spec}`);
  let start = m[1] ? Number(m[1]) : 1;
  let end: number;
  if (m[3] === undefined || m[3] === "") end = total;
  else if (m[2] === "+") end = start + Number(m[3]) - 1;
  else if (m[2] === "-") {
    end = start;
    start = Math.max(1, start - Number(m[3]) + 1);
  } else end = Number(m[3]);
  if (start > end) [start, end] = [end, start];
  if (start < 1) start = 1;
  if (start > total) throw fatal(`file ${file} has only ${total} line${total === 1 ? "" : "s"}`);
  return [start - 1, Math.min(end, total)];
}

/** The entries' parts inside the ranges. */
function clip(entries: BlameEntry[], ranges: [number, number][]): BlameEntry[] {
  const out: BlameEntry[] = [];
  for (const e of entries) {
    for (const [a, b] of ranges) {
      const s = Math.max(a, e.lno);
      const t = Math.min(b, e.lno + e.count);
      if (s < t) out.push({ ...e, lno: s, sLno: e.sLno + (s - e.lno), count: t - s });
    }
  }
  return out.sort((x, y) => x.lno - y.lno);
}

/** blame_coalesce: neighbouring entries of one origin with consecutive lines become one. */
function coalesce(entries: BlameEntry[]): BlameEntry[] {
  const out: BlameEntry[] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && last.origin === e.origin && last.lno + last.count === e.lno && last.sLno + last.count === e.sLno) last.count += e.count;
    else out.push({ ...e });
  }
  return out;
}

/** --porcelain (headers once per commit) and --line-porcelain (for every line). */
function porcelain(repo: Context["repo"], entries: BlameEntry[], lines: string[], everyLine: boolean, boundary: (o: Origin) => boolean, path: string): Uint8Array {
  const shown = new Set<string>();
  const out: string[] = [];
  // A commit blamed under two paths repeats its filename with each group (MORE_THAN_ONE_PATH).
  const pathsOf = new Map<string, Set<string>>();
  for (const e of entries) (pathsOf.get(e.origin.commit) ?? pathsOf.set(e.origin.commit, new Set()).get(e.origin.commit)!).add(e.origin.path);
  const manyPaths = new Set([...pathsOf].filter(([, s]) => s.size > 1).map(([c]) => c));
  for (const e of entries) {
    const origin = e.origin;
    for (let k = 0; k < e.count; k++) {
      out.push(`${origin.commit} ${e.sLno + 1 + k} ${e.lno + 1 + k}${k === 0 ? ` ${e.count}` : ""}\n`);
      if ((k === 0 && !shown.has(origin.commit)) || everyLine) {
        shown.add(origin.commit);
        const id = identityOf(repo, origin, path);
        const committer = id.committer ?? { name: id.name, email: id.email, time: id.time, tz: id.tz };
        out.push(`author ${id.name}\nauthor-mail <${id.email}>\nauthor-time ${id.time}\nauthor-tz ${id.tz}\n`);
        out.push(`committer ${committer.name}\ncommitter-mail <${committer.email}>\ncommitter-time ${committer.time}\ncommitter-tz ${committer.tz}\n`);
        out.push(`summary ${id.summary}\n`);
        if (boundary(origin)) out.push("boundary\n");
        if (origin.previous) out.push(`previous ${origin.previous.commit} ${origin.previous.path}\n`);
        out.push(`filename ${origin.path}\n`);
      } else if (k === 0 && manyPaths.has(origin.commit)) out.push(`filename ${origin.path}\n`);
      const text = lines[e.lno + k]!;
      out.push(`\t${text}${text.endsWith("\n") ? "" : "\n"}`);
    }
  }
  return Buffer.from(out.join(""), "latin1");
}
