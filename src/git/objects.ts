/**
 * Git's object formats: trees (entries sorted as if directories ended in "/"),
 * commits and annotated tags (header lines, a blank line, the message).
 */
import { putHex } from "./sha1.ts";

/** The four object types. */
export type ObjectType = "blob" | "tree" | "commit" | "tag";

/** An object's type and its content (without the "<type> <size>\0" header). */
export interface GitObject {
  type: ObjectType;
  data: Uint8Array;
}

/** One tree entry: mode as Git writes it ("100644", "100755", "120000", "40000", "160000"). */
export interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes a string as UTF-8. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Decodes UTF-8 bytes. */
export function text(b: Uint8Array): string {
  return decoder.decode(b);
}

/** True for a tree (directory) mode. */
export function isTreeMode(mode: string | number): boolean {
  return typeof mode === "number" ? (mode & 0o170000) === 0o040000 : mode === "40000" || mode === "040000";
}

/** Parses a tree's entries; a malformed tree is an error, never a partial answer. */
export function parseTree(data: Uint8Array): TreeEntry[] {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // One latin1 string for the whole tree: modes and (ASCII) names are slices of it, one native call per entry for the id.
  const s = buf.toString("latin1");
  const entries: TreeEntry[] = [];
  let i = 0;
  while (i < s.length) {
    const sp = s.indexOf(" ", i);
    const nul = sp < 0 ? -1 : s.indexOf("\0", sp);
    if (sp < 0 || nul < 0 || nul + 21 > s.length) throw new Error("malformed tree object");
    let name = s.slice(sp + 1, nul);
    // A name with bytes ≥ 0x80 is UTF-8 (or what git was given): decode those bytes properly.
    if (!/^[\x00-\x7f]*$/.test(name)) name = buf.toString("utf8", sp + 1, nul);
    entries.push({ mode: s.slice(i, sp), name, oid: buf.toString("hex", nul + 1, nul + 21) });
    i = nul + 21;
  }
  return entries;
}

/** Compares tree entry names the way Git sorts them: a directory compares as name + "/". */
export function compareTreeNames(a: string, aIsTree: boolean, b: string, bIsTree: boolean): number {
  const ka = aIsTree ? a + "/" : a;
  const kb = bIsTree ? b + "/" : b;
  return compareBytes(ka, kb);
}

/** Byte-wise (UTF-8 order equals code point order) string comparison, like memcmp. */
export function compareBytes(a: string, b: string): number {
  // Code-unit order differs from UTF-8 byte order only for surrogate pairs vs U+E000..U+FFFF.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Serializes tree entries in Git's order. */
export function serializeTree(entries: TreeEntry[]): Uint8Array {
  const sorted = [...entries].sort((x, y) => compareTreeNames(x.name, isTreeMode(x.mode), y.name, isTreeMode(y.mode)));
  const parts = sorted.map((e) => encoder.encode(`${e.mode} ${e.name}\0`));
  let size = 0;
  for (const p of parts) size += p.length + 20;
  const out = new Uint8Array(size);
  let o = 0;
  for (let k = 0; k < sorted.length; k++) {
    out.set(parts[k]!, o);
    o += parts[k]!.length;
    putHex(out, o, sorted[k]!.oid);
    o += 20;
  }
  return out;
}

/** A person line's parts: "Name <email> 1700000000 +0000". */
export interface Signature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  time: number;
  /** The zone as Git writes it, e.g. "+0100". */
  tz: string;
}

/** Formats a signature as in a commit header. */
export function formatSignature(s: Signature): string {
  return `${s.name} <${s.email}> ${s.time} ${s.tz}`;
}

/** Parses "Name <email> 1700000000 +0000". */
export function parseSignature(line: string): Signature {
  const lt = line.indexOf("<");
  const gt = line.lastIndexOf(">");
  if (lt < 0 || gt < lt) return { name: line, email: "", time: 0, tz: "+0000" };
  const name = line.slice(0, lt > 0 && line[lt - 1] === " " ? lt - 1 : lt);
  const rest = line.slice(gt + 2);
  const sp = rest.indexOf(" ");
  return { name, email: line.slice(lt + 1, gt), time: Number(sp < 0 ? rest : rest.slice(0, sp)), tz: sp < 0 ? "+0000" : rest.slice(sp + 1) };
}

/** A parsed commit. */
export interface Commit {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  /** Everything after the header's blank line. */
  message: string;
}

/**
 * A commit as parsed from its text: tree, parents and message at once; each
 * signature when it is first asked for. A long `git log` never reads the
 * committer of a linear history (the walk only compares dates where commits
 * meet), so that parse is not done for it.
 */
class ParsedCommit implements Commit {
  private authorSig: Signature | undefined;
  private committerSig: Signature | undefined;

  constructor(
    readonly tree: string,
    readonly parents: string[],
    readonly message: string,
    /** The commit's text, and where in it the author's and the committer's lines are. */
    private readonly text: string,
    private readonly authorAt: number,
    private readonly authorEnd: number,
    private readonly committerAt: number,
    private readonly committerEnd: number,
  ) {}

  get author(): Signature {
    return (this.authorSig ??= parseSignature(this.text.slice(this.authorAt, this.authorEnd)));
  }

  get committer(): Signature {
    return (this.committerSig ??= parseSignature(this.text.slice(this.committerAt, this.committerEnd)));
  }
}

/** Parses a commit object. */
export function parseCommit(data: Uint8Array): Commit {
  // TextDecoder: a Buffer view would first make the inflated array's ArrayBuffer object (~2 µs per commit).
  const s = decoder.decode(data);
  const end = s.indexOf("\n\n");
  const headerEnd = end < 0 ? s.length : end;
  const message = end < 0 ? "" : s.slice(end + 2);
  let tree = "";
  const parents: string[] = [];
  let author = -1;
  let authorEnd = -1;
  let committer = -1;
  let committerEnd = -1;
  for (let i = 0; i < headerEnd; ) {
    let nl = s.indexOf("\n", i);
    if (nl < 0 || nl > headerEnd) nl = headerEnd;
    const c = s.charCodeAt(i);
    if (c === 116 && s.startsWith("tree ", i)) tree = s.slice(i + 5, nl);
    else if (c === 112 && s.startsWith("parent ", i)) parents.push(s.slice(i + 7, nl));
    else if (c === 97 && s.startsWith("author ", i)) {
      author = i + 7;
      authorEnd = nl;
    } else if (c === 99 && s.startsWith("committer ", i)) {
      committer = i + 10;
      committerEnd = nl;
    }
    i = nl + 1;
  }
  if (!tree || author < 0 || committer < 0) throw new Error("malformed commit object");
  return new ParsedCommit(tree, parents, message, s, author, authorEnd, committer, committerEnd);
}

/** Serializes a commit. */
export function serializeCommit(c: Commit): Uint8Array {
  let s = `tree ${c.tree}\n`;
  for (const p of c.parents) s += `parent ${p}\n`;
  s += `author ${formatSignature(c.author)}\ncommitter ${formatSignature(c.committer)}\n\n${c.message}`;
  return encoder.encode(s);
}

/** A parsed annotated tag. */
export interface Tag {
  object: string;
  type: ObjectType;
  tag: string;
  tagger?: Signature;
  message: string;
}

/** Parses an annotated tag object. */
export function parseTag(data: Uint8Array): Tag {
  const s = decoder.decode(data);
  const end = s.indexOf("\n\n");
  const header = end < 0 ? s : s.slice(0, end);
  const t: Tag = { object: "", type: "commit", tag: "", message: end < 0 ? "" : s.slice(end + 2) };
  for (const line of header.split("\n")) {
    if (line.startsWith("object ")) t.object = line.slice(7);
    else if (line.startsWith("type ")) t.type = line.slice(5) as ObjectType;
    else if (line.startsWith("tag ")) t.tag = line.slice(4);
    else if (line.startsWith("tagger ")) t.tagger = parseSignature(line.slice(7));
  }
  if (!t.object) throw new Error("malformed tag object");
  return t;
}

/** Serializes an annotated tag. */
export function serializeTag(t: Tag): Uint8Array {
  let s = `object ${t.object}\ntype ${t.type}\ntag ${t.tag}\n`;
  if (t.tagger) s += `tagger ${formatSignature(t.tagger)}\n`;
  return encoder.encode(`${s}\n${t.message}`);
}

/** The first line of a commit message (Git's %s joins the first paragraph's lines with spaces). */
export function subjectOf(message: string): string {
  // git's format_subject after skip_blank_lines: the first run of non-blank lines, each without trailing
  // whitespace (git's isspace: space, tab, CR, LF), joined with spaces; leading spaces stay.
  const lines = message.split("\n");
  let k = 0;
  while (k < lines.length && /^[ \t\r]*$/.test(lines[k]!)) k++;
  const out: string[] = [];
  for (; k < lines.length; k++) {
    const line = lines[k]!.replace(/[ \t\r]+$/, "");
    if (line === "") break;
    out.push(line);
  }
  return out.join(" ");
}
